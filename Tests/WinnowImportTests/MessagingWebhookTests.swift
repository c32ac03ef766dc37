import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Logs of messaging platforms' webhooks, one delivery a line or a JSON array of them: WhatsApp's Cloud API (the
/// customers' `messages`, the business's `message_echoes`, `statuses`), Messenger's and Instagram's `messaging`
/// events (a page's own messages echoed with `is_echo`), Sunshine Conversations' and LINE's `events`, Telegram's Bot
/// API updates, a Viber bot's callbacks, Slack's Events API, Twilio's requests, tawk.to's transcripts. Each message
/// is a row; the rows are joined into each customer's conversations without options.
@Suite("Import: messaging platforms' webhooks (WhatsApp, Messenger, Instagram, Sunshine, LINE, Telegram, Viber, Slack)")
struct MessagingWebhookTests {
    static let business = "15550783881"

    /// A WhatsApp delivery holding `value` under the change `field`.
    static func whatsApp(_ value: [String: Any], field: String = "messages") -> [String: Any] {
        var held = value
        held["messaging_product"] = "whatsapp"
        held["metadata"] = ["display_phone_number": business, "phone_number_id": "106540352242922"]
        return [
            "object": "whatsapp_business_account",
            "entry": [["id": "102290129340398", "changes": [["value": held, "field": field]]]],
        ]
    }

    /// A customer's message of `type` (its content under that name), with the contact naming them.
    static func inbound(
        _ customer: String, _ id: String, _ time: Int, _ content: [String: Any], type: String = "text", name: String
    ) -> [String: Any] {
        whatsApp([
            "contacts": [["profile": ["name": name], "wa_id": customer]],
            "messages": [["from": customer, "id": id, "timestamp": String(time), "type": type, type: content]],
        ])
    }

    /// The business's message sent from the WhatsApp Business app, as its echo.
    static func echo(_ customer: String, _ id: String, _ time: Int, _ text: String) -> [String: Any] {
        whatsApp(
            [
                "message_echoes": [
                    [
                        "from": business, "to": customer, "id": id, "timestamp": String(time), "type": "text",
                        "text": ["body": text],
                    ]
                ]
            ], field: "smb_message_echoes")
    }

    static func status(_ customer: String, _ id: String, _ time: Int, _ status: String) -> [String: Any] {
        whatsApp(["statuses": [["id": id, "status": status, "timestamp": String(time), "recipient_id": customer]]])
    }

    static func lines(_ deliveries: [[String: Any]]) throws -> String {
        try deliveries.map { delivery in
            String(
                decoding: try JSONSerialization.data(withJSONObject: delivery, options: [.sortedKeys]), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }

    static func importLog(_ name: String, _ text: String, format: SourceFormat = .jsonl) throws -> (
        run: ImportRun, notes: [String]
    ) {
        let scratch = try ScratchDirectory()
        let url = try scratch.file(name, text: text)
        let file = try SourceFile(url: url, displayPath: name)
        let prepared = ImportDetection.prepare(file, format: format, options: ImportOptions())
        let importer = try ImporterRegistry.importer(for: format, options: prepared.options, workers: 2, file: name)
        let run = try ImportRun(importer, file: url, options: prepared.options)
        return (run, prepared.notes)
    }

    @Test func whatsAppMessagesAndTheBusinesssEchoesAreEachCustomersConversation() throws {
        let ann = "16505551234"
        let max = "4915112345678"
        let text = try Self.lines([
            Self.inbound(ann, "wamid.A1", 1_709_632_800, ["body": "Hi, my order hasn't arrived"], name: "Ann"),
            Self.inbound(max, "wamid.C1", 1_709_632_810, ["body": "Kann ich meine Adresse ändern?"], name: "Max"),
            Self.inbound(ann, "wamid.A2", 1_709_632_830, ["body": "It is order 1234"], name: "Ann"),
            Self.echo(ann, "wamid.B1", 1_709_632_900, "Sorry! It ships tomorrow."),
            Self.status(ann, "wamid.B1", 1_709_632_901, "sent"),
            Self.status(ann, "wamid.B1", 1_709_632_905, "delivered"),
            Self.echo(max, "wamid.D1", 1_709_633_000, "Ja, schicken Sie uns die neue."),
            // A delivery retried: the same message again.
            Self.inbound(ann, "wamid.A1", 1_709_632_800, ["body": "Hi, my order hasn't arrived"], name: "Ann"),
            // A customer's reaction is no message.
            Self.inbound(
                ann, "wamid.A3", 1_709_633_100, ["message_id": "wamid.B1", "emoji": "👍"], type: "reaction", name: "Ann"),
        ])
        let (run, notes) = try Self.importLog("whatsapp-webhooks.jsonl", text)
        #expect(notes.contains { $0.contains("records are deliveries of WhatsApp Cloud API webhooks") })
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["+16505551234 2024-03-05", "+4915112345678 2024-03-05"])
        #expect(
            run.records[0].turnLines == [
                "customer: Hi, my order hasn't arrived", "customer: It is order 1234",
                "agent: Sorry! It ships tomorrow.",
            ])
        #expect(run.records[1].response == "Ja, schicken Sie uns die neue.")
        #expect(run.records[0].metadata["profile_name"] == .string("Ann"))
        #expect(run.records[0].metadata["channel"] == .string("whatsapp"))
        #expect(
            run.records[0].metadata["message_ids"] == .array(["wamid.A1", "wamid.A2", "wamid.B1"]))
        // Provenance: the lines the messages came from.
        #expect(run.records[0].locator == .conversation("+16505551234 2024-03-05", rows: [1, 3, 4]))
        #expect(
            run.notes.contains(
                "3 webhook events carry no message (status sent 1, status delivered 1, reaction 1): counted, not imported"
            ))
        #expect(run.notes.contains { $0.hasPrefix("1 rows repeat a message of their conversation") })
    }

    /// Without the WhatsApp Business app's echoes the webhooks hold the customers' words only: each customer's
    /// conversation is imported without a response, and the note says why. A media's caption and a reply button's
    /// title are the customer's words; a sticker has none. A JSON array of deliveries reads as a log of them.
    @Test func theCustomersMessagesAloneAreConversationsWithoutAResponse() throws {
        let ann = "16505551234"
        let deliveries: [[String: Any]] = [
            Self.status(ann, "wamid.X", 1_709_632_000, "read"),
            Self.inbound(
                ann, "wamid.1", 1_709_632_800, ["caption": "This part broke", "id": "55"], type: "image", name: "Ann"),
            Self.inbound(
                ann, "wamid.2", 1_709_632_810,
                ["type": "button_reply", "button_reply": ["id": "b1", "title": "Talk to an agent"]],
                type: "interactive",
                name: "Ann"),
            Self.inbound(ann, "wamid.3", 1_709_632_820, ["id": "st"], type: "sticker", name: "Ann"),
            Self.inbound(
                "4915112345678", "wamid.4", 1_709_640_000, ["body": "Wo ist mein Paket?"], name: "Max"),
        ]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: deliveries), as: UTF8.self)
        let (run, notes) = try Self.importLog("whatsapp.json", text, format: .json)
        #expect(notes.contains { $0.contains("records hold no message of the business's") })
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["This part broke\n\nTalk to an agent", "Wo ist mein Paket?"])
        #expect(run.records.allSatisfy { $0.response == nil })
        #expect(run.notes.contains("2 conversations have no agent reply: imported without a response"))
        #expect(run.notes.contains("1 message rows have no text: named in their conversation's rows only"))
        #expect(run.notes.contains("1 webhook event carries no message (status read 1): counted, not imported"))
    }

    /// Messenger's and Instagram's `messaging` events: the page's own messages come back as echoes; a postback is
    /// the title of the button pressed; a read is no message. Several events of one delivery are rows of their own.
    @Test(arguments: ["page", "instagram"])
    func messengerEventsWithThePagesEchoesAreConversations(object: String) throws {
        let page = "104000000000001"
        func delivery(_ events: [[String: Any]]) -> [String: Any] {
            ["object": object, "entry": [["id": page, "time": 1_709_632_800_000, "messaging": events]]]
        }
        func event(_ from: String, _ to: String, _ time: Int, _ body: [String: Any]) -> [String: Any] {
            var event: [String: Any] = ["sender": ["id": from], "recipient": ["id": to], "timestamp": time]
            for (key, value) in body { event[key] = value }
            return event
        }
        let jo = "6000000000000001"
        let li = "6000000000000002"
        let text = try Self.lines([
            delivery([
                event(jo, page, 1_709_632_800_000, ["message": ["mid": "m_1", "text": "Do you ship to Canada?"]]),
                event(li, page, 1_709_632_805_000, ["postback": ["mid": "m_3", "title": "Track my order"]]),
            ]),
            delivery([
                event(
                    page, jo, 1_709_632_860_000,
                    [
                        "message": [
                            "mid": "m_2", "is_echo": true, "app_id": 1_517_776_481_860_111, "text": "Yes, in 5 days.",
                        ]
                    ])
            ]),
            delivery([event(jo, page, 1_709_632_870_000, ["read": ["watermark": 1_709_632_860_000]])]),
            delivery([
                event(
                    page, li, 1_709_633_010_000, ["message": ["mid": "m_4", "is_echo": true, "text": "Your number?"]])
            ]),
        ])
        let (run, notes) = try Self.importLog("messenger.jsonl", text)
        #expect(notes.contains { $0.contains("records are deliveries of") })
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["Do you ship to Canada?", "Track my order"])
        #expect(run.records.map(\.response) == ["Yes, in 5 days.", "Your number?"])
        #expect(run.records.map(\.label) == [nil, nil])
        #expect(run.notes.contains("1 webhook event carries no message (read 1): counted, not imported"))
    }

    /// A log of what a delivery holds, as an app logs it after taking the delivery apart: WhatsApp's change values,
    /// or Messenger's messaging events, one a line.
    @Test func loggedValuesAndMessagingEventsAreReadAsTheirDeliveriesWouldBe() throws {
        let ann = "16505551234"
        let values = try [
            Self.inbound(ann, "wamid.A1", 1_709_632_800, ["body": "Is the shop open on Sunday?"], name: "Ann"),
            Self.echo(ann, "wamid.B1", 1_709_632_900, "Yes, from 10 to 4."),
            Self.status(ann, "wamid.B1", 1_709_632_905, "delivered"),
        ].map { delivery -> [String: Any] in
            let entry = try #require((delivery["entry"] as? [[String: Any]])?.first)
            let change = try #require((entry["changes"] as? [[String: Any]])?.first)
            return try #require(change["value"] as? [String: Any])
        }
        let (run, notes) = try Self.importLog("values.jsonl", try Self.lines(values))
        #expect(notes.contains { $0.contains("records are WhatsApp Cloud API webhooks' values") })
        #expect(
            run.records.map(\.turnLines) == [["customer: Is the shop open on Sunday?", "agent: Yes, from 10 to 4."]])
        #expect(run.notes.contains("1 webhook event carries no message (status delivered 1): counted, not imported"))

        let page = "104000000000001"
        let events: [[String: Any]] = [
            [
                "sender": ["id": "6000000000000001"], "recipient": ["id": page], "timestamp": 1_709_632_800_000,
                "message": ["mid": "m_1", "text": "Can I return a sale item?"],
            ],
            [
                "sender": ["id": page], "recipient": ["id": "6000000000000001"], "timestamp": 1_709_632_860_000,
                "message": ["mid": "m_2", "is_echo": true, "text": "Yes, within 30 days."],
            ],
        ]
        let (messenger, messengerNotes) = try Self.importLog("events.jsonl", try Self.lines(events))
        #expect(messengerNotes.contains { $0.contains("Messenger or Instagram webhooks' messaging events") })
        #expect(
            messenger.records.map(\.turnLines) == [
                ["customer: Can I return a sale item?", "agent: Yes, within 30 days."]
            ]
        )
    }

    /// Sunshine Conversations' webhooks (Zendesk's messaging) name the conversation: its messages, a user's and the
    /// business's (a bot's too), are joined by it; a read and typing carry no message.
    @Test func sunshineConversationsDeliveriesAreJoinedByTheirConversation() throws {
        func message(_ id: String, _ conversation: String, _ author: [String: Any], _ text: String, _ time: String)
            -> [String: Any]
        {
            [
                "id": "ev-" + id, "createdAt": time, "type": "conversation:message",
                "payload": [
                    "conversation": ["id": conversation, "type": "personal"],
                    "message": [
                        "id": id, "received": time, "author": author, "content": ["type": "text", "text": text],
                        "source": ["type": "whatsapp"],
                    ],
                ],
            ]
        }
        func delivery(_ events: [[String: Any]]) -> [String: Any] {
            ["app": ["id": "app1"], "webhook": ["id": "wh1", "version": "v2"], "events": events]
        }
        let ann: [String: Any] = ["type": "user", "userId": "u1", "displayName": "Ann"]
        let bot: [String: Any] = ["type": "business", "displayName": "Acme Bot"]
        let text = try Self.lines([
            delivery([
                message("m1", "c1", ann, "Where is my refund?", "2024-03-05T10:00:00.000Z"),
                message(
                    "m2", "c2", ["type": "user", "userId": "u2", "displayName": "Bo"], "Can I pause?",
                    "2024-03-05T10:00:05.000Z"),
            ]),
            delivery([
                [
                    "id": "ev-r", "createdAt": "2024-03-05T10:00:30.000Z", "type": "conversation:read",
                    "payload": ["conversation": ["id": "c1"]],
                ],
                message("m3", "c1", bot, "It was sent yesterday.", "2024-03-05T10:01:00.000Z"),
            ]),
            delivery([message("m4", "c2", bot, "Yes, for up to three months.", "2024-03-05T10:02:00.000Z")]),
        ])
        let (run, notes) = try Self.importLog("sunshine.jsonl", text)
        #expect(notes.contains { $0.contains("deliveries of Sunshine Conversations webhooks") })
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["c1", "c2"])
        #expect(run.records.map(\.response) == ["It was sent yesterday.", "Yes, for up to three months."])
        #expect(run.records[0].metadata["profile_name"] == .string("Ann"))
        #expect(run.notes.contains("1 webhook event carries no message (conversation:read 1): counted, not imported"))
    }

    /// LINE's webhooks carry the customers' messages, not the bot's answers: each customer's messages are a
    /// conversation without a response; a follow is no message.
    @Test func lineDeliveriesAreEachCustomersMessages() throws {
        func event(_ type: String, _ user: String, _ time: Int, message: [String: Any]? = nil) -> [String: Any] {
            var event: [String: Any] = [
                "type": type, "timestamp": time, "source": ["type": "user", "userId": user], "replyToken": "r",
                "mode": "active", "webhookEventId": "01\(time)", "deliveryContext": ["isRedelivery": false],
            ]
            event["message"] = message
            return event
        }
        let text = try Self.lines([
            ["destination": "Ubot", "events": [event("follow", "U1", 1_709_632_700_000)]],
            [
                "destination": "Ubot",
                "events": [
                    event(
                        "message", "U1", 1_709_632_800_000, message: ["type": "text", "id": "1", "text": "荷物が届きません"]),
                    event("message", "U2", 1_709_632_810_000, message: ["type": "text", "id": "2", "text": "返品できますか"]),
                ],
            ],
            [
                "destination": "Ubot",
                "events": [
                    event(
                        "message", "U1", 1_709_632_820_000, message: ["type": "text", "id": "3", "text": "注文番号は1234です"])
                ],
            ],
        ])
        let (run, notes) = try Self.importLog("line.jsonl", text)
        #expect(notes.contains { $0.contains("LINE's webhooks carry the customers' messages, not the bot's answers") })
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["荷物が届きません\n\n注文番号は1234です", "返品できますか"])
        #expect(run.records.allSatisfy { $0.response == nil })
        #expect(run.notes.contains("1 webhook event carries no message (follow 1): counted, not imported"))
    }

    /// Telegram's Bot API: the updates a bot receives hold the customers' messages; the messages `sendMessage`
    /// answers with (`{"ok": true, "result": {...}}`, from a bot) are the answers; the chat is the customer. A
    /// button pressed (`callback_query`) is no message; a `getUpdates` answer is a list of updates.
    @Test func telegramUpdatesAndTheBotsSentMessagesAreConversations() throws {
        func message(_ id: Int, _ chat: Int, _ time: Int, _ text: String, bot: Bool) -> [String: Any] {
            [
                "message_id": id, "date": time, "text": text,
                "from": bot
                    ? ["id": 999, "is_bot": true, "first_name": "AcmeBot", "username": "acme_bot"]
                    : ["id": chat, "is_bot": false, "first_name": chat == 111 ? "Ann" : "Bo", "language_code": "en"],
                "chat": ["id": chat, "type": "private"],
            ]
        }
        let updates: [[String: Any]] = [
            [
                "update_id": 900_001,
                "message": message(5, 111, 1_709_632_800, "Hi, my order has not arrived", bot: false),
            ],
            ["update_id": 900_002, "message": message(6, 222, 1_709_632_810, "Can I get a refund?", bot: false)],
            [
                "update_id": 900_003,
                "callback_query": ["id": "cq1", "from": ["id": 111, "is_bot": false], "data": "track"],
            ],
        ]
        let text = try Self.lines(
            updates + [
                ["ok": true, "result": message(7, 111, 1_709_632_860, "Sorry! It ships tomorrow.", bot: true)],
                ["ok": true, "result": message(8, 222, 1_709_632_870, "Yes, within 30 days.", bot: true)],
            ])
        let (run, notes) = try Self.importLog("telegram.jsonl", text)
        #expect(notes.contains { $0.contains("records are Telegram Bot API updates and messages") })
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["111 2024-03-05", "222 2024-03-05"])
        #expect(
            run.records[0].turnLines == ["customer: Hi, my order has not arrived", "agent: Sorry! It ships tomorrow."])
        #expect(run.records[1].response == "Yes, within 30 days.")
        #expect(run.records[0].metadata["profile_name"] == .string("Ann"))
        #expect(run.notes.contains("1 webhook event carries no message (callback_query 1): counted, not imported"))

        let polled = String(
            decoding: try JSONSerialization.data(withJSONObject: ["ok": true, "result": updates]), as: UTF8.self)
        let (answers, answerNotes) = try Self.importLog("getUpdates.json", polled, format: .json)
        #expect(answerNotes.contains { $0.contains("Telegram's updates carry the customers' messages, not the bot's") })
        #expect(answers.records.map(\.input) == ["Hi, my order has not arrived", "Can I get a refund?"])
    }

    /// A Viber bot's callbacks: the users' messages (its own are not called back), each customer's a conversation
    /// without a response; a delivery receipt is no message (its `message_token` is not a text).
    @Test func viberCallbacksAreEachCustomersMessages() throws {
        let text = try Self.lines([
            [
                "event": "message", "timestamp": 1_709_632_800_000, "chat_hostname": "SN-1", "message_token": 5001,
                "sender": ["id": "01234567890A=", "name": "Ann", "language": "en", "country": "GB", "api_version": 10],
                "message": ["type": "text", "text": "Where is my order?"], "silent": false,
            ],
            [
                "event": "delivered", "timestamp": 1_709_632_801_000, "chat_hostname": "SN-1", "message_token": 4000,
                "user_id": "01234567890A=",
            ],
            [
                "event": "message", "timestamp": 1_709_632_810_000, "chat_hostname": "SN-1", "message_token": 5002,
                "sender": ["id": "01234567890A=", "name": "Ann"], "message": ["type": "text", "text": "Order 1234"],
            ],
        ])
        let (run, notes) = try Self.importLog("viber.jsonl", text)
        #expect(notes.contains { $0.contains("Viber's callbacks carry the customers' messages") })
        #expect(run.records.map(\.input) == ["Where is my order?\n\nOrder 1234"])
        #expect(run.notes.contains("1 webhook event carries no message (delivered 1): counted, not imported"))
    }

    /// Slack's Events API holds each message in its envelope's `event`: the messages are a channel's, each thread
    /// (a message and the replies naming it in `thread_ts`, its `ts` their root's id) a conversation opened by the
    /// customer. The envelope is kept in metadata without its verification token.
    @Test func slackEventsAPIMessagesAreThreads() throws {
        func envelope(_ number: Int, _ user: String, _ text: String, _ ts: String, thread: String? = nil)
            -> [String: Any]
        {
            var event: [String: Any] = [
                "type": "message", "channel": "C0SUPPORT", "user": user, "text": text, "ts": ts, "event_ts": ts,
                "channel_type": "channel",
            ]
            event["thread_ts"] = thread
            return [
                "token": "verification-token", "team_id": "T1", "api_app_id": "A1", "event": event,
                "type": "event_callback", "event_id": "Ev\(number)", "event_time": 1_709_632_800,
                "authorizations": [["team_id": "T1", "user_id": "U0BOT", "is_bot": true]],
                "is_ext_shared_channel": false, "event_context": "4-abc",
            ]
        }
        let text = try Self.lines([
            envelope(1, "U1", "My invoice is wrong", "1709632800.000100"),
            envelope(2, "U2", "How do I add a seat?", "1709632900.000300"),
            envelope(3, "U0AGENT", "Which invoice number?", "1709632860.000200", thread: "1709632800.000100"),
            envelope(4, "U0AGENT", "Settings, Billing, Seats.", "1709632960.000400", thread: "1709632900.000300"),
        ])
        let (run, notes) = try Self.importLog("slack-events.jsonl", text)
        #expect(notes.contains { $0.contains("joined into conversations by thread_ts") })
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["1709632800.000100", "1709632900.000300"])
        #expect(run.records.map(\.response) == ["Which invoice number?", "Settings, Billing, Seats."])
        let kept = try #require(run.records[0].metadata["webhook_event"]?.objectValue)
        #expect(kept["event_id"] == .string("Ev1"))
        #expect(kept["token"] == nil)
    }

    /// Twilio's requests to a WhatsApp webhook, logged as JSON, beside the message resources Twilio returned for the
    /// answers the app sent: each customer's messages and the answers sent to them, in the log's order (the
    /// requests give no time); the status callbacks are no messages.
    @Test func twilioWebhookRequestsAndTheMessagesSentAreEachCustomersConversation() throws {
        func incoming(_ sid: String, _ from: String, _ body: String, _ name: String) -> [String: Any] {
            [
                "SmsMessageSid": sid, "NumMedia": "0", "ProfileName": name, "MessageType": "text", "SmsSid": sid,
                "WaId": from, "SmsStatus": "received", "Body": body, "To": "whatsapp:+14155238886",
                "NumSegments": "1", "MessageSid": sid, "AccountSid": "AC123", "From": "whatsapp:+" + from,
                "ApiVersion": "2010-04-01",
            ]
        }
        func status(_ sid: String, _ to: String, _ status: String) -> [String: Any] {
            [
                "SmsSid": sid, "SmsStatus": status, "MessageStatus": status, "To": "whatsapp:+" + to,
                "MessageSid": sid, "AccountSid": "AC123", "From": "whatsapp:+14155238886", "ApiVersion": "2010-04-01",
            ]
        }
        func sent(_ sid: String, _ to: String, _ body: String) -> [String: Any] {
            [
                "sid": sid, "account_sid": "AC123", "from": "whatsapp:+14155238886", "to": "whatsapp:+" + to,
                "body": body, "direction": "outbound-api", "status": "queued",
                "date_created": "Tue, 05 Mar 2024 10:01:00 +0000", "num_segments": "1",
            ]
        }
        let text = try Self.lines([
            incoming("SM1", "16505551234", "Hi, where is my order?", "Ann"),
            incoming("SM2", "16505551234", "It is order 1234", "Ann"),
            incoming("SM3", "4915112345678", "Kann ich stornieren?", "Max"),
            sent("SM4", "16505551234", "It ships tomorrow."),
            status("SM4", "16505551234", "sent"),
            status("SM4", "16505551234", "delivered"),
            sent("SM5", "4915112345678", "Ja, bis morgen."),
        ])
        let (run, notes) = try Self.importLog("twilio-whatsapp.jsonl", text)
        #expect(notes.contains { $0.contains("records are Twilio's requests to a messaging webhook") })
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["whatsapp:+16505551234", "whatsapp:+4915112345678"])
        #expect(
            run.records[0].turnLines == [
                "customer: Hi, where is my order?", "customer: It is order 1234", "agent: It ships tomorrow.",
            ])
        #expect(run.records[1].response == "Ja, bis morgen.")
        #expect(run.records[0].metadata["profile_name"] == .string("Ann"))
        #expect(
            run.notes.contains(
                "2 webhook events carry no message (status sent 1, status delivered 1): counted, not imported"))
    }

    /// tawk.to's `chat:transcript_created` webhook holds the chat with its messages: the chat's `id` names the
    /// conversation where no field of the record does.
    @Test func aTranscriptWebhooksChatNamesItsConversation() throws {
        func transcript(_ id: String, _ question: String, _ answer: String) -> [String: Any] {
            [
                "event": "chat:transcript_created", "time": "2024-03-05T10:10:00.000Z",
                "property": ["id": "p1", "name": "Acme"],
                "chat": [
                    "id": id, "visitor": ["name": "Ann", "email": "ann@example.com"],
                    "messages": [
                        [
                            "sender": ["type": "visitor"], "type": "msg", "msg": question,
                            "time": "2024-03-05T10:00:00Z",
                        ],
                        [
                            "sender": ["type": "agent", "n": "Sam"], "type": "msg", "msg": answer,
                            "time": "2024-03-05T10:01:00Z",
                        ],
                    ],
                ],
            ]
        }
        let text = try Self.lines([
            transcript("c-1", "Is the sale still on?", "Yes, until Sunday."),
            transcript("c-2", "Do you ship to Norway?", "Not yet, sorry."),
        ])
        let (run, _) = try Self.importLog("tawk.jsonl", text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["c-1", "c-2"])
        #expect(run.records.map(\.response) == ["Yes, until Sunday.", "Not yet, sorry."])
    }

    /// Only a delivery of a known product with its `entry` is read so: a record of another log that happens to
    /// hold an `object` stays a record.
    @Test func otherRecordsWithAnObjectAreNotDeliveries() throws {
        func read(_ value: JSONValue) throws -> MessagingWebhook.Reading? {
            MessagingWebhook.read(try #require(value.objectValue))
        }
        #expect(try read(["object": "page", "entry": [["id": "1", "messaging": []]]])?.rows.isEmpty == true)
        #expect(try read(["object": "charge", "entry": []]) == nil)
        #expect(try read(["object": "page", "entry": "x"]) == nil)
        #expect(try read(["id": "1", "text": "hello"]) == nil)
        // `events` beside other members than a platform's delivery has: another log's record.
        #expect(try read(["destination": "x", "events": [], "user": "u"]) == nil)
        #expect(try read(["app": ["id": "a"], "events": []]) == nil)
        // Telegram's: an update has one member beside its id; a message its chat and date.
        #expect(try read(["update_id": 1, "message": ["text": "x"], "extra": 1]) == nil)
        #expect(try read(["message_id": 1, "text": "x", "date": 1]) == nil)
        #expect(try read(["ok": false, "result": ["message_id": 1]]) == nil)
    }
}
