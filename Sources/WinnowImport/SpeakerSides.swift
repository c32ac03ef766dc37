import WinnowCore

extension TurnReader {
    /// The sides of a thread where no turn says its own, but each names its author by an account: an object under
    /// `author`, `sender`, `user` or `from` (DiscordChatExporter's `{"id": ..., "name": "lena.ortiz", "isBot":
    /// false}`, Microsoft Graph's `{"user": {"id": ..., "displayName": ...}}`).
    ///
    /// The first person to write is the customer and everyone else answers, bots always (a bot is never the
    /// customer), as message rows that name only their speakers are read (``TurnRoleRule/Reading/openerIsCustomer``).
    /// A name alone (`"author": "Ann"`) is not an account: it may be a role spelled another way, and stays refused.
    struct SpeakerSides: Equatable {
        /// The customer's account, as ``TurnRoleRule/speakerIdentity(_:)`` tells accounts apart.
        var customer: String
        /// The customer's name as written, and the answering speakers' names in order of first word.
        var customerName: String
        var answering: [String]
        /// Where a turn writes its author's name (`author.name`, `from.user.displayName`), for `--role-by`.
        var namePath: String

        /// The sides of `items` (a thread's turns, oldest first); nil unless every turn with text but notices,
        /// tools' results and internal notes names its account and none is `told` otherwise, and a person speaks.
        init?(_ items: [JSONValue], told: (JSONObject) -> Bool) {
            var customer: (id: String, name: String)?
            var answering: [String] = []
            var namePath: String?
            for item in items {
                guard let object = item.objectValue else { return nil }
                var rendered = false
                if TurnReader.toolResult(object) != nil || TurnReader.isNotice(object) || TurnReader.isPrivate(object)
                    || TurnReader.firstText(object, rendered: &rendered) == nil
                {
                    continue
                }
                guard !told(object), let account = SpeakerSides.account(of: object),
                    let id = TurnRoleRule.speakerIdentity(account.value)
                else { return nil }
                let name = account.name ?? id
                if namePath == nil { namePath = account.namePath }
                if customer == nil, !TurnRoleRule.isBot(account.value) {
                    customer = (id, name)
                } else if id != customer?.id, !answering.contains(name) {
                    answering.append(name)
                }
            }
            guard let customer else { return nil }
            self.customer = customer.id
            customerName = customer.name
            self.answering = answering
            self.namePath = namePath ?? ""
        }

        /// The side of a turn: the customer's account is the customer, any other account (a bot's always) answers;
        /// nil for a turn naming no account.
        func side(of object: JSONObject) -> MessageRole? {
            guard let account = SpeakerSides.account(of: object),
                let id = TurnRoleRule.speakerIdentity(account.value)
            else { return nil }
            return id == customer && !TurnRoleRule.isBot(account.value) ? .user : .assistant
        }

        /// Fields of a turn holding its author's account: also Google Chat's `creator` (`{"name": ..., "email": ...,
        /// "user_type": "Human"}`), Rocket.Chat's `u` and Gitter's `fromUser`.
        static let accountFields = ["author", "sender", "user", "from", "creator", "u", "from_user"].map(
            FieldMapping.matchingKey)

        /// Whether `text` names an account rather than a person: an e-mail address, or a Matrix user id
        /// (`@ann:example.org`), as chat exports write a message's sender.
        static func isAccountID(_ text: String) -> Bool {
            let trimmed = text.trimmingSpaces
            guard !trimmed.isEmpty, !trimmed.contains(" ") else { return false }
            if trimmed.hasPrefix("@") {
                let parts = trimmed.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
                return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            }
            let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
        }

        /// The account object a turn names its author by, with the author's name and the path to it (as
        /// `--role-by` takes it); nil when the turn names none.
        static func account(of object: JSONObject) -> (value: JSONValue, name: String?, namePath: String)? {
            for member in object.members where accountFields.contains(FieldMapping.matchingKey(member.key)) {
                // An account id written alone (Matrix's `"sender": "@ann:example.org"`, an e-mail address).
                if let text = member.value.scalarText, isAccountID(text) {
                    return (member.value, text.trimmingSpaces, member.key)
                }
                guard var account = member.value.objectValue else { continue }
                var path = member.key
                // Microsoft Graph's identity set: the user's (or the application's) identity.
                for kind in ["user", "application"] {
                    if let inner = account[kind]?.objectValue {
                        account = inner
                        path += "." + kind
                        break
                    }
                }
                let nameKey = ["name", "username", "displayName", "display_name"].first { key in
                    account[key]?.scalarText.map { !$0.trimmingSpaces.isEmpty } == true
                }
                return (
                    member.value, nameKey.flatMap { account[$0]?.scalarText?.trimmingSpaces },
                    nameKey.map { path + "." + $0 } ?? path
                )
            }
            // An author's id in a field of its own, beside the author's name (Zulip's `sender_id` and
            // `sender_full_name`) or the recipient's id (an X archive's direct messages: `senderId`, `recipientId`);
            // an id alone may be anyone's, and stays refused.
            if object.members.contains(where: {
                recipientIDFields.contains(FieldMapping.matchingKey($0.key))
                    && $0.value.scalarText?.trimmingSpaces.isEmpty == false
            }) {
                for member in object.members where accountIDFields.contains(FieldMapping.matchingKey(member.key)) {
                    guard let id = member.value.scalarText?.trimmingSpaces, !id.isEmpty else { continue }
                    return (.string(id), id, member.key)
                }
            }
            guard
                let name = object.members.first(where: { nameFields.contains(FieldMapping.matchingKey($0.key)) }),
                let nameText = name.value.scalarText?.trimmingSpaces, !nameText.isEmpty
            else { return nil }
            for member in object.members where accountIDFields.contains(FieldMapping.matchingKey(member.key)) {
                guard let id = member.value.scalarText?.trimmingSpaces, !id.isEmpty else { continue }
                return (.string(id), nameText, name.key)
            }
            return nil
        }

        /// Fields of a turn holding its author's id alone.
        static let accountIDFields = ["sender_id", "author_id", "from_id", "user_id", "sender_email"].map(
            FieldMapping.matchingKey)
        /// Fields of a turn holding the id of the account a message was sent to.
        static let recipientIDFields = ["recipient_id", "to_id", "target_id", "receiver_id"].map(
            FieldMapping.matchingKey)
        /// Fields of a turn holding its author's name beside an id.
        static let nameFields = ["sender_full_name", "sender_name", "author_name", "from_name", "from", "user_name"]
            .map(FieldMapping.matchingKey)
    }
}
