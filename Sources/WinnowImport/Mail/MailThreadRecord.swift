import WinnowCore
import WinnowMail

/// The messages of one mail thread turned into one example.
///
/// Each message's body is cleaned by the ``ReplyCleaner`` (HTML-only bodies through its HTML path) and becomes a
/// customer or agent turn by its sender (``MailRoles``). The response is the last agent reply that follows customer
/// text; the input is the thread's subject (without `Re:` prefixes, and only when the text does not already open
/// with it; see ``SubjectLine``) and the customer turns before the response, joined by blank lines, as the HTML
/// importer builds it. Without named support senders, mail a Gmail Takeout labels `Sent` is the support side's too.
/// The turns (`messages`) hold the texts alone; metadata keeps the subject as written. A thread
/// with no agent reply keeps all its customer turns as input and no response; one with no customer text is a
/// `noInput` failure. Automatic mail (``AutomaticMail``: an out-of-office notice, an acknowledgement, a bounce) is no
/// one's turn: it goes to metadata (`automatic_messages`), so that an acknowledgement never stands as the response.
/// The notices a list archive wrote where it scrubbed parts (``ArchiveNotices``) go to `removed_archive_notices`.
struct MailThreadRecord {
    /// One readable message of the thread, in date order.
    struct Entry: Sendable {
        var number: Int
        var offset: UInt64
        var message: MailMessage
        /// The file holding it, when a thread is read from several files (``MailFileGroup``).
        var file: String?
        /// Its body cleaned by the reply cleaner.
        var cleaned: CleanedReply

        /// The message numbered `number`, its body cleaned (HTML-only bodies through the HTML path).
        init(number: Int, offset: UInt64, message: MailMessage, file: String? = nil) {
            self.number = number
            self.offset = offset
            self.message = message
            self.file = file
            let cleaner = ReplyCleaner()
            cleaned = message.bodyIsHTML ? cleaner.clean(html: message.body) : cleaner.clean(text: message.body)
        }
    }

    var entries: [Entry]
    /// Copies of a message the thread already holds (the same `Message-ID`, and cleaned texts alike or one holding
    /// the other, as a list's copy with its footer: one message saved twice, in two folders or files), left out of
    /// the turns and named in metadata (`duplicate_messages`); of two, the longer text is kept.
    var copies: [Entry] = []

    /// The thread of `entries` (in date order), copies of a message left out.
    init(entries: [Entry]) {
        var kept: [Entry] = []
        for entry in entries {
            let text = entry.cleaned.text
            if let id = entry.message.messageID,
                let twin = kept.firstIndex(where: { other in
                    other.message.messageID == id
                        && (other.cleaned.text.contains(text) || text.contains(other.cleaned.text))
                })
            {
                if text.count > kept[twin].cleaned.text.count {
                    copies.append(kept[twin])
                    kept[twin] = entry
                } else {
                    copies.append(entry)
                }
                continue
            }
            kept.append(entry)
        }
        self.entries = kept
    }

    /// Whether `message` is the support side's by its sender: a support sender, unless the message names only
    /// others in `Reply-To` (a contact form or a shop relaying a customer's words from its own address, `noreply@`,
    /// with the customer to answer), which makes it the customer's.
    ///
    /// With the support side not named, a sender taken for it only by a helpdesk-like address (`team@support.gate.de`)
    /// is the customer when the server delivered the message to a helpdesk-like mailbox of another organisation
    /// (`Delivered-To` or `X-Original-To: billing@shop.example`): another company's team writing in.
    static func isAgent(_ message: MailMessage, roles: MailRoles) -> Bool {
        guard message.from.contains(where: roles.isAgent) else { return false }
        let replyTo = MailAddress.list(message.headers["Reply-To"] ?? "").filter { !$0.address.isEmpty }
        guard replyTo.isEmpty || replyTo.contains(where: roles.isAgent) else { return false }
        if !roles.isNamed, !message.from.contains(where: { roles.mailbox?.isSupport($0) == true }) {
            let delivered = (message.headers.values("Delivered-To") + message.headers.values("X-Original-To"))
                .flatMap(MailAddress.list)
            let senders = Set(message.from.map { site(of: $0.domain) })
            if delivered.contains(where: { $0.looksLikeHelpdesk && !senders.contains(site(of: $0.domain)) }) {
                return false
            }
        }
        return true
    }

    /// The organisation's part of a domain: its last two labels, or three under a country's second level
    /// (`shop.co.uk`, `shop.com.au`).
    static func site(of domain: String) -> String {
        let labels = domain.lowercased().split(separator: ".")
        guard labels.count > 2 else { return labels.joined(separator: ".") }
        let second = labels[labels.count - 2]
        let keep = labels.last?.count == 2 && second.count <= 3 ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }

    /// `message`'s subject without the tag a mailing list puts before it (`[lamp-users] `), when the message came
    /// through a list: its `List-Id`, `List-Post`, `X-BeenThere` or `X-Mailman-Version` header, or a list archive's
    /// sender written `kim at example.org`. The tag is the list's, not the customer's words, and would open every
    /// input alike; with a `List-Id` it must name that list, and a tag of several words must spell the list's name
    /// (`[Lamp Users]` for `lamp-users`). Other subjects are returned as they are.
    static func withoutListTag(_ message: MailMessage) -> String {
        let subject = message.subject
        let headers = message.headers
        let listID = headers["List-Id"]
        guard headers.cameThroughList else { return subject }
        let text = MailThreader.withoutReplyPrefixes(subject)
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return subject }
        let tag = text[text.index(after: text.startIndex)..<close]
        guard (1...60).contains(tag.count) else { return subject }
        // `Lamp users <lamp-users.lists.example.org>`: the list's name is its id's first label, else the local
        // part of the address it is posted to.
        let id = listID.map { String($0.split(separator: "<").last?.prefix { $0 != "." && $0 != ">" } ?? "") }
        let posted = (headers["X-BeenThere"] ?? headers["List-Post"]).flatMap { MailAddress.list($0).first?.address }
        let name =
            id
            ?? posted.map { address in
                // `mailto:lamp-users@...` names the list `lamp-users`.
                let local = address.prefix { $0 != "@" }
                return String(local.split(separator: ":").last ?? local)
            }
        if tag.contains(where: \.isWhitespace) {
            // A tag of words (`[Lamp Users]`) is the list's only when it spells the list's name.
            func squeezed(_ text: some StringProtocol) -> String {
                text.lowercased().filter { $0.isLetter || $0.isNumber }
            }
            guard let name, !name.isEmpty, squeezed(tag) == squeezed(name) else { return subject }
        } else if let id {
            guard tag.lowercased() == id.lowercased() else { return subject }
        }
        let rest = MailText.trimmed(String(text[text.index(after: close)...]))
        return rest.isEmpty ? subject : rest
    }

    /// What `mail_roles` says of a thread whose roles come from its opener.
    static let openerRoles = "no sender is on the support side: the opener is the customer, the other senders answer"

    /// The opener's address, when the roles of a thread whose people's messages (not automatic mail) are `people`
    /// come from it: the support side was not named, no message is the support side's by its sender or a mailbox's
    /// `Sent` label, and people other than the opener wrote (a mailing list, a support mailbox whose agents write
    /// from their own addresses). As a printed Gmail thread without its mailbox is read, the opener is the customer
    /// and the others answer.
    static func openerIsCustomer(people: [Entry], roles: MailRoles) -> String? {
        guard !roles.isNamed else { return nil }
        guard let opener = people.first?.message.from.first?.address, !opener.isEmpty else { return nil }
        for entry in people {
            if isAgent(entry.message, roles: roles) { return nil }
            if GmailLabels(headers: entry.message.headers)?.kinds.contains(.sent) == true { return nil }
        }
        let others = people.contains { entry in
            let senders = entry.message.from.map(\.address).filter { !$0.isEmpty }
            return !senders.isEmpty && !senders.contains(opener)
        }
        return others ? opener : nil
    }

    /// The example, or the failure naming `file` and the thread's first message.
    func draft(file: String, roles: MailRoles) -> Result<ExampleDraft, RecordFailure> {
        guard let first = entries.first else {
            return .failure(RecordFailure(kind: .noInput, file: file, message: "empty thread"))
        }
        // Each message's automatic-mail reason, read once.
        let automaticReasons = entries.map { AutomaticMail.reason($0.message) }
        let people = zip(entries, automaticReasons).filter { $0.1 == nil }.map(\.0)
        let roles = roles.inThread(senders: people.flatMap(\.message.from))
        let locator = Locator.message(first.number, offset: first.offset)
        var turns: [(role: MessageRole, text: String)] = []
        var removed: [String: [JSONValue]] = [:]
        var removedOrder: [String] = []
        var gmailLabels: [String] = []
        var automatic: [JSONValue] = []
        var firstAutomatic: String?
        let openerAnswered = MailThreadRecord.openerIsCustomer(people: people, roles: roles)
        // Whether a message is the support side's by the mailbox the mail came from alone (``MailboxOwner``).
        var mailboxDecided = false
        // The thread's first turn when it is an answer, with the history it quotes first.
        var firstAnswer: (entry: Entry, quote: String)?
        for (entry, automaticReason) in zip(entries, automaticReasons) {
            let message = entry.message
            let cleaned = entry.cleaned
            // An out-of-office notice, an acknowledgement or a bounce is neither side's words: kept aside.
            if let reason = automaticReason {
                var object = JSONObject()
                object["from"] = .string(message.from.map(\.description).joined(separator: ", "))
                object["subject"] = .string(message.subject)
                if let date = message.date { object["date"] = .string(date.iso8601) }
                object["why"] = .string(reason)
                object["text"] = .string(MailText.trimmed(cleaned.text))
                automatic.append(.object(object))
                if firstAutomatic == nil { firstAutomatic = "message \(entry.number): \(reason)" }
                continue
            }
            let labels = GmailLabels(headers: message.headers)
            for label in labels?.labels ?? [] where !gmailLabels.contains(label) { gmailLabels.append(label) }
            // A Takeout of the support mailbox says which mail it sent: the support side's, unless it was named.
            let sentByMailbox = !roles.isNamed && labels?.kinds.contains(.sent) == true
            let role: MessageRole
            if let opener = openerAnswered {
                role = message.from.contains { $0.address == opener } ? .user : .assistant
            } else {
                role = MailThreadRecord.isAgent(message, roles: roles) || sentByMailbox ? .assistant : .user
                if role == .assistant, !sentByMailbox, let mailbox = roles.mailbox,
                    !message.from.contains(where: \.looksLikeHelpdesk), message.from.contains(where: mailbox.isSupport)
                {
                    mailboxDecided = true
                }
            }
            var cleanedForRole = cleaned
            if role == .assistant, !cleaned.keptWhole, ReplyCleaner.mayEndWithClosingLine(cleaned.text) {
                // An agent's reply loses its sign-off too (`Best regards,` / `Tom`), as a response read from a
                // record does: a model should not learn to sign with an agent's name.
                let again = ExampleDraft.cleanedMessage(cleaned.text, fromAgent: true)
                if !again.keptWhole, !again.signatures.isEmpty {
                    cleanedForRole.signatures += again.signatures
                    cleanedForRole.text = again.text
                }
            }
            for (key, value) in cleanedForRole.removedMetadata {
                if removed[key] == nil { removedOrder.append(key) }
                removed[key, default: []] += value.arrayValue ?? []
            }
            let text = MailText.trimmed(cleanedForRole.text)
            if !text.isEmpty {
                if turns.isEmpty, role == .assistant, let quote = cleaned.quoted.first {
                    firstAnswer = (entry, quote)
                }
                turns.append((role, text))
            }
        }
        // Only the support side's mail (a mailbox's sent items): the question the first answer quotes, when its
        // sender is not the support side, is the customer's turn.
        var questionFromQuote: Int?
        if !turns.contains(where: { $0.role == .user }), let (entry, quote) = firstAnswer,
            let question = QuotedMessage.question(
                in: quote, recipients: entry.message.to + entry.message.cc, roles: roles),
            question != turns.first?.text
        {
            turns.insert((.user, question), at: 0)
            questionFromQuote = entry.number
        }
        var responseIndex: Int?
        if let lastAgent = turns.lastIndex(where: { $0.role == .assistant }),
            turns[..<lastAgent].contains(where: { $0.role == .user })
        {
            responseIndex = lastAgent
        }
        let kept = responseIndex.map { turns[...$0] } ?? turns[...]
        let input = kept.filter { $0.role == .user }.map(\.text)
        guard !input.isEmpty else {
            let reason =
                turns.isEmpty
                ? firstAutomatic.map { "every message is automatic (\($0))" } ?? "no message with text after cleaning"
                : "no customer message (every sender is on the support side)"
            return .failure(
                RecordFailure(
                    kind: .noInput, file: file, locator: locator, message: "no input text: \(reason)",
                    snippet: String(first.message.subject.prefix(200))))
        }
        var metadata = JSONObject()
        metadata["layout"] = "mail"
        if openerAnswered != nil { metadata["mail_roles"] = .string(MailThreadRecord.openerRoles) }
        if mailboxDecided, let mailbox = roles.mailbox { metadata["mail_roles"] = .string(mailbox.description) }
        metadata["subject"] = .string(first.message.subject)
        metadata["from"] = .string(first.message.from.map(\.description).joined(separator: ", "))
        metadata["to"] = .string(first.message.to.map(\.description).joined(separator: ", "))
        if let replyTo = first.message.headers["Reply-To"] {
            metadata["reply_to"] = .string(MailAddress.list(replyTo).map(\.description).joined(separator: ", "))
        }
        if let date = first.message.date { metadata["date"] = .string(date.iso8601) }
        metadata["message_ids"] = .array(entries.compactMap(\.message.messageID).map(JSONValue.string))
        metadata["message_numbers"] = .array(entries.map { .number(Double($0.number)) })
        if !copies.isEmpty {
            metadata["duplicate_messages"] = .array(
                copies.map { copy in
                    .string(
                        "\(copy.file ?? file) message \(copy.number): the same Message-ID as a message of the thread, "
                            + "its text the same or held in that one's")
                })
        }
        let files = entries.map { $0.file ?? file }
        if Set(files).count > 1 { metadata["message_files"] = .array(files.map(JSONValue.string)) }
        let attachments = entries.flatMap(\.message.attachments)
        if !attachments.isEmpty {
            metadata["attachments"] = .array(
                attachments.map { attachment in
                    [
                        "name": .string(attachment.name), "type": .string(attachment.contentType),
                        "size": .number(Double(attachment.size)),
                    ]
                })
        }
        let forwarded = entries.flatMap(\.message.forwarded)
        if !forwarded.isEmpty {
            metadata["forwarded_messages"] = .array(
                forwarded.map { message in
                    [
                        "subject": .string(message.subject), "from": .string(message.from),
                        "date": .string(message.date), "text": .string(message.text),
                    ]
                })
        }
        if let number = questionFromQuote {
            metadata["question_from_quote"] = .string(
                "message \(number): the customer's message is not in the file; the question is the one the answer"
                    + " quotes")
        }
        if !automatic.isEmpty { metadata["automatic_messages"] = .array(automatic) }
        if !gmailLabels.isEmpty { metadata["gmail_labels"] = .array(gmailLabels.map(JSONValue.string)) }
        let archiveNotices = entries.flatMap(\.message.archiveNotices)
        if !archiveNotices.isEmpty {
            metadata["removed_archive_notices"] = .array(archiveNotices.map(JSONValue.string))
        }
        let notes = entries.flatMap { entry in entry.message.notes.map { "message \(entry.number): \($0)" } }
        if !notes.isEmpty { metadata["mail_notes"] = .array(notes.map(JSONValue.string)) }
        for key in removedOrder { metadata[key] = .array(removed[key] ?? []) }
        return .success(
            ExampleDraft(
                input: SubjectLine.input(
                    subject: MailThreadRecord.withoutListTag(first.message), body: input.joined(separator: "\n\n")),
                response: responseIndex.map { turns[$0].text },
                ticketID: first.message.messageID,
                messages: kept.map { Message(role: $0.role, content: $0.text) },
                metadata: metadata, locator: locator))
    }
}
