import WinnowCore

/// A delivery of a messaging platform's webhooks, as a log keeps them one a line (or in a JSON array), read as the
/// messages it batches:
/// - Meta's: WhatsApp's Cloud API (`{"object": "whatsapp_business_account", "entry": [{"changes": [{"field":
///   "messages", "value": {"metadata": {...}, "contacts": [...], "messages": [...], "statuses": [...]}}]}]}`, with the
///   business's own messages in `message_echoes` where it sends them from the WhatsApp Business app, field
///   `smb_message_echoes`), and Messenger's and Instagram's (`{"object": "page" | "instagram", "entry": [{"messaging":
///   [{"sender": {"id": ...}, "recipient": {"id": ...}, "timestamp": ..., "message": {"mid": ..., "text": ...,
///   "is_echo": true}}]}]}`, a page's own messages echoed with `is_echo`; `standby` as `messaging` when another app
///   holds the thread); also a change's `value` or one `messaging` event logged alone.
/// - Sunshine Conversations' (Zendesk's messaging, version 2: `{"app": {...}, "webhook": {...}, "events": [{"type":
///   "conversation:message", "payload": {"conversation": {"id": ...}, "message": {"author": {"type": "user" |
///   "business", ...}, "content": {"type": "text", "text": ...}, "received": ...}}}]}`).
/// - LINE's Messaging API (`{"destination": ..., "events": [{"type": "message", "message": {"type": "text", "text":
///   ...}, "source": {"type": "user", "userId": ...}, "timestamp": ...}]}`; a bot's answers are not delivered).
/// - Telegram's Bot API: the updates a bot receives (`{"update_id": ..., "message": {...}}`), the answers of the
///   methods that send (`{"ok": true, "result": {...the message sent...}}`) and of `getUpdates` (a list of updates),
///   or messages alone.
/// - A Viber bot's callbacks (`{"event": "message", "message_token": ..., "sender": {...}, "message": {...}}`; a
///   bot's own messages are not called back).
/// - Twilio's requests to a messaging webhook, logged as JSON (`{"MessageSid": ..., "From": "whatsapp:+1...", "To":
///   ..., "Body": ..., "ProfileName": ...}`; the status callbacks of the messages sent, which hold no text). They
///   give no time: the log's order is theirs. Messages the app sent, logged as Twilio's message resources
///   (`direction` `outbound-api`), are rows as they are, answering the customer they went `to`.
///
/// A delivery may batch messages of several customers: each message is read as a row of its own (``Reading/rows``),
/// all rows with the same members, so that they are joined into each customer's conversations by `from` and `to`
/// (by `conversation_id` where the platform names the conversation) and ordered by `timestamp`: `id` (the
/// message's), `timestamp`, `from`, `to`, `direction` (`inbound` from the customer, `outbound` from the business),
/// `message_type`, `text` (a text's body, a media's caption, a button's or a postback's title), `profile_name` (the
/// customer's, where the platform names them) and `channel`. Events that carry no message (statuses, reads,
/// deliveries, reactions, a number change, typing) are counted by kind (``Reading/events``), not read as messages.
enum MessagingWebhook {
    /// The `object` of a delivery, and the channel its messages come through.
    static let channels: [String: String] = [
        "whatsapp_business_account": "whatsapp", "page": "messenger", "instagram": "instagram",
    ]

    /// What one delivery holds.
    struct Reading: Sendable {
        /// Its messages, as rows with the members above, in the delivery's order.
        var rows: [JSONObject] = []
        /// Its events that are not messages, by kind (`status delivered`, `read`, `reaction`), in order of first
        /// appearance.
        var events: [(kind: String, count: Int)] = []

        /// Counts `times` more events of `kind`.
        mutating func count(_ kind: String, times: Int = 1) {
            if let index = events.firstIndex(where: { $0.kind == kind }) {
                events[index].count += times
            } else {
                events.append((kind, times))
            }
        }

        /// Counts the events `other` counted.
        mutating func count(eventsOf other: Reading) {
            for event in other.events { count(event.kind, times: event.count) }
        }
    }

    /// What of a messaging platform's webhooks a record is.
    enum Part: Equatable {
        /// A whole delivery, of the product whose channel this is (``channels``).
        case delivery(channel: String)
        /// A WhatsApp change's `value` logged alone.
        case whatsAppValue
        /// A Messenger or Instagram `messaging` event logged alone.
        case messagingEvent
        /// A delivery of Sunshine Conversations' webhooks (version 2).
        case sunshine
        /// A delivery of LINE's Messaging API webhooks.
        case line
        /// Telegram's Bot API: an update (`update_id` beside a `message`...), a method's answer (`{"ok": true,
        /// "result": ...}`: the message `sendMessage` sent, or `getUpdates`' updates), or a message alone.
        case telegram
        /// A Viber bot's callback (`event` beside `message_token` and `timestamp`).
        case viber
        /// Twilio's request to a messaging webhook (`MessageSid`, `AccountSid`, `From`, `To`, `Body`...): an
        /// incoming message, or a status callback for a message sent.
        case twilio

        /// How its rows are joined into conversations: by the conversation the platform names, else by the
        /// customer.
        var grouping: ConversationOptions.Grouping {
            self == .sunshine ? .field("conversation_id") : .party(from: "from", to: "to")
        }

        /// The field ordering its rows: their `timestamp`, but for Twilio's requests, which give no time (the log's
        /// order is theirs).
        var orderBy: String? { self == .twilio ? nil : "timestamp" }
    }

    /// Events a Messenger or Instagram `messaging` event holds beside its sender, recipient and time.
    static let messagingEventKinds = ["message", "postback", "read", "delivery", "reaction", "referral", "optin"]

    /// What `object` is of a messaging platform's webhooks: a whole Meta delivery (a known `object` and an array of
    /// `entry`), a WhatsApp change's `value` logged alone (`messaging_product` `whatsapp` beside its `messages`,
    /// `message_echoes` or `statuses`), a Messenger or Instagram `messaging` event logged alone (`sender` and
    /// `recipient` objects with an `id`, a `timestamp`, and an object of ``messagingEventKinds``), a Sunshine
    /// Conversations delivery (`events` beside the `app` and `webhook` objects), a LINE one (`events` beside the
    /// `destination` alone), Telegram's (``isTelegram(_:)``) or a Viber callback (an `event` beside a
    /// `message_token` and a `timestamp`) or Twilio's request to a webhook (a `MessageSid` and an `AccountSid`
    /// beside `From` and `To`); nil for any other record.
    static func part(of object: JSONObject) -> Part? {
        // One pass over the members first: nearly every record of other logs holds none a delivery is told by.
        guard
            object.members.contains(where: { member in
                switch member.key {
                case "object", "messaging_product", "sender", "events", "update_id", "ok", "message_id",
                    "message_token", "MessageSid":
                    true
                default: false
                }
            })
        else { return nil }
        if let kind = object["object"]?.scalarText, let channel = channels[kind], case .array? = object["entry"] {
            return .delivery(channel: channel)
        }
        if object["messaging_product"]?.scalarText == "whatsapp",
            ["messages", "message_echoes", "statuses"].contains(where: { object[$0]?.arrayValue != nil })
        {
            return .whatsAppValue
        }
        if object["sender"]?.objectValue?["id"] != nil, object["recipient"]?.objectValue?["id"] != nil,
            object["timestamp"] != nil, messagingEventKinds.contains(where: { object[$0]?.objectValue != nil })
        {
            return .messagingEvent
        }
        if isTelegram(object) { return .telegram }
        if case .string? = object["event"], object["message_token"] != nil, object["timestamp"] != nil {
            return .viber
        }
        if case .string? = object["MessageSid"], case .string? = object["AccountSid"], object["From"] != nil,
            object["To"] != nil
        {
            return .twilio
        }
        if case .array? = object["events"] {
            if object["app"]?.objectValue != nil, object["webhook"]?.objectValue != nil { return .sunshine }
            if case .string? = object["destination"], object.count == 2 { return .line }
        }
        return nil
    }

    /// The messages and other events of `object`, when it is part of a messaging platform's webhooks (``part(of:)``);
    /// nil otherwise.
    static func read(_ object: JSONObject) -> Reading? {
        guard let part = part(of: object) else { return nil }
        var reading = Reading()
        switch part {
        case .whatsAppValue:
            readChange(JSONObject([("value", .object(object))]), channel: "whatsapp", into: &reading)
        case .messagingEvent:
            readMessagingEvent(object, channel: nil, into: &reading)
        case .sunshine:
            for event in object["events"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                readSunshineEvent(event, into: &reading)
            }
        case .line:
            let bot = object["destination"]?.scalarText
            for event in object["events"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                readLineEvent(event, bot: bot, into: &reading)
            }
        case .telegram:
            readTelegram(object, into: &reading)
        case .viber:
            readViber(object, into: &reading)
        case .twilio:
            readTwilio(object, into: &reading)
        case .delivery(let channel):
            for entry in object["entry"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                for change in entry["changes"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                    readChange(change, channel: channel, into: &reading)
                }
                for holder in ["messaging", "standby"] {
                    for event in entry[holder]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                        readMessagingEvent(event, channel: channel, into: &reading)
                    }
                }
            }
        }
        return reading
    }

    /// One of a WhatsApp delivery's `changes`: its `value`'s messages (the customer's), message echoes (the
    /// business's), and statuses of the business's messages.
    private static func readChange(_ change: JSONObject, channel: String, into reading: inout Reading) {
        guard let value = change["value"]?.objectValue else {
            reading.count(change["field"]?.scalarText ?? "change")
            return
        }
        let business = value["metadata"]?.objectValue?["display_phone_number"]?.scalarText
        var names: [String: String] = [:]
        for contact in value["contacts"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            if let id = contact["wa_id"]?.scalarText,
                let name = contact["profile"]?.objectValue?["name"]?.scalarText
            {
                names[id] = name
            }
        }
        var heldMessages = false
        for message in value["messages"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            heldMessages = true
            let from = message["from"]?.scalarText
            whatsAppMessage(
                message, from: from, to: message["to"]?.scalarText ?? business, direction: "inbound",
                name: from.flatMap { names[$0] }, channel: channel, into: &reading)
        }
        for message in value["message_echoes"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            heldMessages = true
            whatsAppMessage(
                message, from: message["from"]?.scalarText ?? business, to: message["to"]?.scalarText,
                direction: "outbound", name: nil, channel: channel, into: &reading)
        }
        for status in value["statuses"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            heldMessages = true
            reading.count("status " + (status["status"]?.scalarText ?? "unknown"))
        }
        if !heldMessages { reading.count(change["field"]?.scalarText ?? "change") }
    }

    /// Kinds of WhatsApp message that are events about a conversation, not anyone's words.
    static let whatsAppEventTypes: Set<String> = ["reaction", "system", "request_welcome", "ephemeral", "revoke"]

    /// A WhatsApp message (or echo) as a row; a reaction or a system message counted as an event.
    private static func whatsAppMessage(
        _ message: JSONObject, from: String?, to: String?, direction: String, name: String?, channel: String,
        into reading: inout Reading
    ) {
        let type = message["type"]?.scalarText ?? "text"
        guard !whatsAppEventTypes.contains(type) else {
            reading.count(type)
            return
        }
        reading.rows.append(
            row(
                id: message["id"], timestamp: message["timestamp"], from: from, to: to, direction: direction,
                type: type,
                text: whatsAppText(message, type: type), name: name, channel: channel))
    }

    /// The words of a WhatsApp message of `type`: a text's `body`, a media's `caption`, a reply button's or a list
    /// row's `title`, a template button's `text`, an order's `text`; nil for a message without words (a sticker, a
    /// location without a name).
    static func whatsAppText(_ message: JSONObject, type: String) -> String? {
        guard let content = message[type]?.objectValue else { return nil }
        if type == "interactive" {
            for reply in ["button_reply", "list_reply"] {
                if let title = content[reply]?.objectValue?["title"]?.scalarText { return title }
            }
            return content["nfm_reply"]?.objectValue?["body"]?.scalarText
        }
        if type == "location" {
            let parts = ["name", "address"].compactMap { content[$0]?.scalarText }.filter { !$0.isEmpty }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        for member in ["body", "caption", "text", "title"] {
            if let text = content[member]?.scalarText { return text }
        }
        return nil
    }

    /// One of a Messenger or Instagram entry's `messaging` events: a message (echoed when the page sent it) or a
    /// postback (the title of the button the customer pressed) as a row; a read, a delivery, a reaction and the
    /// rest counted as events.
    private static func readMessagingEvent(_ event: JSONObject, channel: String?, into reading: inout Reading) {
        let sender = event["sender"]?.objectValue?["id"]?.scalarText
        let recipient = event["recipient"]?.objectValue?["id"]?.scalarText
        if let message = event["message"]?.objectValue {
            let echo = message["is_echo"] == .bool(true)
            let text = message["text"]?.scalarText
            let type: String
            if message["quick_reply"] != nil {
                type = "quick_reply"
            } else if text == nil, let first = message["attachments"]?.arrayValue?.first?.objectValue {
                type = first["type"]?.scalarText ?? "attachment"
            } else {
                type = "text"
            }
            if message["is_deleted"] == .bool(true) {
                reading.count("deleted message")
                return
            }
            reading.rows.append(
                row(
                    id: message["mid"], timestamp: event["timestamp"], from: sender, to: recipient,
                    direction: echo ? "outbound" : "inbound", type: type, text: text, name: nil, channel: channel))
        } else if let postback = event["postback"]?.objectValue {
            reading.rows.append(
                row(
                    id: postback["mid"], timestamp: event["timestamp"], from: sender, to: recipient,
                    direction: "inbound", type: "postback", text: postback["title"]?.scalarText, name: nil,
                    channel: channel))
        } else {
            let kind = event.keys.first { !["sender", "recipient", "timestamp"].contains($0) } ?? "event"
            reading.count(kind)
        }
    }

    /// One of a Sunshine Conversations delivery's `events`: a message (a `user`'s inbound, a `business`'s
    /// outbound, bots' too) or a postback (the action's name) as a row with its conversation's id; a read, typing,
    /// a conversation's creation and the rest counted as events.
    private static func readSunshineEvent(_ event: JSONObject, into reading: inout Reading) {
        let kind = event["type"]?.scalarText ?? "event"
        let payload = event["payload"]?.objectValue ?? JSONObject()
        let conversation = payload["conversation"]?.objectValue?["id"]?.scalarText
        if kind == "conversation:message", let message = payload["message"]?.objectValue {
            let author = message["author"]?.objectValue ?? JSONObject()
            let content = message["content"]?.objectValue ?? JSONObject()
            let business = author["type"]?.scalarText == "business"
            let type = content["type"]?.scalarText ?? "text"
            guard type != "typing" else {
                reading.count("typing")
                return
            }
            reading.rows.append(
                row(
                    id: message["id"], timestamp: message["received"] ?? event["createdAt"],
                    from: author["userId"]?.scalarText ?? author["displayName"]?.scalarText, to: nil,
                    direction: business ? "outbound" : "inbound", type: type,
                    text: content["text"]?.scalarText ?? content["altText"]?.scalarText,
                    name: business ? nil : author["displayName"]?.scalarText,
                    channel: message["source"]?.objectValue?["type"]?.scalarText, conversation: .some(conversation)))
        } else if kind == "conversation:postback", let postback = payload["postback"]?.objectValue {
            reading.rows.append(
                row(
                    id: event["id"], timestamp: event["createdAt"],
                    from: payload["user"]?.objectValue?["id"]?.scalarText, to: nil, direction: "inbound",
                    type: "postback", text: postback["actionName"]?.scalarText, name: nil,
                    channel: payload["source"]?.objectValue?["type"]?.scalarText, conversation: .some(conversation)))
        } else {
            reading.count(kind)
        }
    }

    /// One of a LINE delivery's `events`: a message from a user, a group or a room (the customer; `destination`
    /// is the bot) as a row; a follow, a postback's data and the rest counted as events.
    private static func readLineEvent(_ event: JSONObject, bot: String?, into reading: inout Reading) {
        let kind = event["type"]?.scalarText ?? "event"
        guard kind == "message", let message = event["message"]?.objectValue else {
            reading.count(kind)
            return
        }
        let source = event["source"]?.objectValue ?? JSONObject()
        let customer = ["groupId", "roomId", "userId"].lazy.compactMap { source[$0]?.scalarText }.first
        let type = message["type"]?.scalarText ?? "text"
        reading.rows.append(
            row(
                id: message["id"], timestamp: event["timestamp"], from: customer, to: bot, direction: "inbound",
                type: type, text: message["text"]?.scalarText, name: nil, channel: "line"))
    }

    /// A Viber bot's callback: a `message` event (the user's: a bot's own messages are not called back) as a row,
    /// a `delivered`, `seen`, `subscribed`, `conversation_started` and the rest counted as events.
    private static func readViber(_ event: JSONObject, into reading: inout Reading) {
        let kind = event["event"]?.scalarText ?? "event"
        guard kind == "message", let message = event["message"]?.objectValue else {
            reading.count(kind)
            return
        }
        let sender = event["sender"]?.objectValue ?? JSONObject()
        reading.rows.append(
            row(
                id: event["message_token"], timestamp: event["timestamp"], from: sender["id"]?.scalarText, to: nil,
                direction: "inbound",
                type: message["type"]?.scalarText ?? "text", text: message["text"]?.scalarText,
                name: sender["name"]?.scalarText, channel: "viber"))
    }

    /// Twilio's request to a messaging webhook, as an app logs its parameters: an incoming message (a `Body`, or
    /// media, and `SmsStatus` `received`) as a row from `From` to `To`, with the WhatsApp `ProfileName`; a status
    /// callback (`MessageStatus` of a message sent, no `Body`) counted as an event.
    private static func readTwilio(_ request: JSONObject, into reading: inout Reading) {
        let status = (request["MessageStatus"] ?? request["SmsStatus"])?.scalarText?.lowercased()
        guard request["Body"] != nil || status == "received" else {
            reading.count("status " + (status ?? "unknown"))
            return
        }
        let media = Int(request["NumMedia"]?.scalarText ?? "") ?? 0
        let body = request["Body"]?.scalarText.flatMap { $0.isEmpty ? nil : $0 }
        reading.rows.append(
            row(
                id: request["MessageSid"], timestamp: nil, from: request["From"]?.scalarText,
                to: request["To"]?.scalarText, direction: "inbound",
                type: request["MessageType"]?.scalarText ?? (body == nil && media > 0 ? "media" : "text"), text: body,
                name: request["ProfileName"]?.scalarText,
                channel: request["From"]?.scalarText?.hasPrefix("whatsapp:") == true ? "whatsapp" : "sms"))
    }

    /// Update kinds of Telegram's Bot API that hold a message.
    static let telegramMessageKinds = ["message", "edited_message", "channel_post", "edited_channel_post"]

    /// Whether `object` is Telegram's: an update (an `update_id` beside one other member), a method's answer (`ok`
    /// true beside a `result` that is a message or a list of updates or messages), or a message (``isTelegramMessage``).
    static func isTelegram(_ object: JSONObject) -> Bool {
        if case .number? = object["update_id"] { return object.count == 2 }
        if object["ok"] == .bool(true), let result = object["result"] {
            switch result {
            case .object(let message): return isTelegramMessage(message)
            case .array(let items):
                guard let first = items.first?.objectValue else { return false }
                return first["update_id"] != nil || isTelegramMessage(first)
            default: return false
            }
        }
        return isTelegramMessage(object)
    }

    /// Whether `object` is a Telegram message: a `message_id` number, a `chat` object with an `id`, and a `date`.
    static func isTelegramMessage(_ object: JSONObject) -> Bool {
        guard case .number? = object["message_id"], object["chat"]?.objectValue?["id"] != nil,
            case .number? = object["date"]
        else { return false }
        return true
    }

    /// Telegram's update, answer or message as rows: a message from a bot (`from.is_bot`, the messages
    /// `sendMessage` answers with) outbound, any other inbound; the chat is the customer (in a private chat, the
    /// person; in a group, the group). Updates without a message (a button pressed, a member joining, a poll) are
    /// counted as events.
    private static func readTelegram(_ object: JSONObject, into reading: inout Reading) {
        if object["update_id"] != nil {
            guard let kind = telegramMessageKinds.first(where: { object[$0] != nil }),
                let message = object[kind]?.objectValue
            else {
                reading.count(object.keys.first { $0 != "update_id" } ?? "update")
                return
            }
            telegramMessage(message, kind: kind, into: &reading)
        } else if let result = object["result"] {
            let items: [JSONObject] =
                result.arrayValue?.compactMap(\.objectValue) ?? result.objectValue.map { [$0] } ?? []
            for item in items {
                if item["update_id"] != nil {
                    readTelegram(item, into: &reading)
                } else {
                    telegramMessage(item, kind: "message", into: &reading)
                }
            }
        } else {
            telegramMessage(object, kind: "message", into: &reading)
        }
    }

    private static func telegramMessage(_ message: JSONObject, kind: String, into reading: inout Reading) {
        let sender = message["from"]?.objectValue ?? JSONObject()
        let chat = message["chat"]?.objectValue?["id"]?.scalarText
        let bot = sender["is_bot"] == .bool(true)
        let text = message["text"]?.scalarText ?? message["caption"]?.scalarText
        let type =
            kind.hasPrefix("edited")
            ? "edit"
            : text == nil
                ? ["photo", "sticker", "voice", "video", "document", "audio", "location", "contact"].first {
                    message[$0] != nil
                } ?? "other" : "text"
        let name = ["first_name", "last_name"].compactMap { sender[$0]?.scalarText }.joined(separator: " ")
        reading.rows.append(
            row(
                id: message["message_id"], timestamp: message["date"],
                from: bot ? sender["id"]?.scalarText : chat, to: bot ? chat : nil,
                direction: bot ? "outbound" : "inbound", type: type, text: text,
                name: bot || name.isEmpty ? nil : name, channel: "telegram"))
    }

    /// A message row with ``MessagingWebhook``'s members; `conversation`, when given (its value nil or not), adds
    /// `conversation_id` after `timestamp`, for a platform that names the conversation.
    private static func row(
        id: JSONValue?, timestamp: JSONValue?, from: String?, to: String?, direction: String, type: String,
        text: String?, name: String?, channel: String?, conversation: String?? = nil
    ) -> JSONObject {
        func value(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        var members: [(key: String, value: JSONValue)] = [("id", id ?? .null), ("timestamp", timestamp ?? .null)]
        if let conversation { members.append(("conversation_id", value(conversation))) }
        members += [
            ("from", value(from)), ("to", value(to)), ("direction", .string(direction)),
            ("message_type", .string(type)), ("text", value(text)), ("profile_name", value(name)),
            ("channel", value(channel)),
        ]
        return JSONObject(membersWithDistinctKeys: members)
    }

    /// A note's words for the events of `counts` that carry no message.
    static func eventWords(_ counts: [(kind: String, count: Int)]) -> String {
        counts.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
    }
}
