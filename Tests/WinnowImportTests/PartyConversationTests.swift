import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Message logs that name no conversation, only who sent each message and to whom (SMS and WhatsApp logs: Twilio's
/// `From`, `To`, `Direction`): each customer's messages and the answers sent to them are that customer's
/// conversations, a new one after a day's silence (`--conversation-by-party FROM:TO`).
@Suite("Import: conversations by the customer a message log names")
struct PartyConversationTests {
    static let twilioLog = """
        From,To,Body,Status,SentDate,Sid,Direction
        +15551230001,+15559990000,Hi my order 1182 never arrived,received,2024-03-01T10:00:00-08:00,SM1,inbound
        +15559990000,+15551230001,Sorry! It is at the depot and arrives tomorrow.,delivered,2024-03-01T10:02:00-08:00,SM2,outbound-reply
        +15551230002,+15559990000,Can I change my delivery address?,received,2024-03-01T11:00:00-08:00,SM3,inbound
        +15559990000,+15551230002,Yes: reply with the new address.,delivered,2024-03-01T11:01:00-08:00,SM4,outbound-api
        +15551230001,+15559990000,Thanks it came,received,2024-03-02T09:00:00-08:00,SM5,inbound
        +15551230001,+15559990000,Now I need to return one item,received,2024-03-09T09:00:00-08:00,SM6,inbound
        +15559990000,+15551230001,Use the label in your order e-mail.,delivered,2024-03-09T09:05:00-08:00,SM7,outbound-reply

        """

    @Test func aSMSLogIsJoinedByTheCustomersNumberAndCutAfterADaysSilence() throws {
        let (run, note, _) = try MessagingAPIExportTests.importDetected("sms-log.csv", Self.twilioLog, format: .csv)
        #expect(note?.contains("--conversation-by-party From:To --order-by SentDate") == true)
        #expect(run.failures.isEmpty)
        // The first customer wrote again a day later (inside the day: the same conversation) and a week later (a
        // new one, named by its day).
        #expect(
            run.records.map(\.ticketID) == [
                "+15551230001 2024-03-01", "+15551230001 2024-03-09", "+15551230002 2024-03-01",
            ])
        #expect(
            run.records[0].turnLines == [
                "customer: Hi my order 1182 never arrived", "agent: Sorry! It is at the depot and arrives tomorrow.",
                "customer: Thanks it came",
            ])
        #expect(
            run.records[1].turnLines == [
                "customer: Now I need to return one item", "agent: Use the label in your order e-mail.",
            ])
        #expect(run.records[2].response == "Yes: reply with the new address.")
    }

    /// An address is the customer's however the rows write it: with a display name, in another case.
    @Test func theOptionNamesTheFieldsAndWithoutTimesEachCustomerIsOneConversation() throws {
        let text = """
            {"sender": "anna@example.com", "recipient": "help@acme.example", "text": "Is my plan annual?", "side": "c"}
            {"sender": "help@acme.example", "recipient": "Anna Berg <Anna@Example.com>", "text": "Yes, it renews in May.", "side": "a"}
            {"sender": "ben@example.com", "recipient": "help@acme.example", "text": "Can I get an invoice?", "side": "c"}
            {"sender": "help@acme.example", "recipient": "ben@example.com", "text": "Sent to your address.", "side": "a"}

            """
        let options = try #require(
            try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: "side", agentValues: "a", examples: nil,
                party: "sender:recipient"))
        #expect(options.grouping == .party(from: "sender", to: "recipient"))
        let run = try ConversationImportTests.run(name: "log.jsonl", text: text, options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["anna@example.com", "ben@example.com"])
        #expect(run.records.map(\.response) == ["Yes, it renews in May.", "Sent to your address."])
    }

    @Test func addressesThatNeverMeetJoinNothing() throws {
        // Every answer goes to someone who never wrote: the fields do not name the customers.
        let text = """
            From,To,Body,Direction
            +15551230001,+15559990000,Hi my order never arrived,inbound
            +15559990000,+15557770000,Your code is 1234,outbound-api

            """
        let (run, note, _) = try MessagingAPIExportTests.importDetected("log.csv", text, format: .csv)
        #expect(note == nil)
        #expect(run.records.count == 2)
    }

    @Test(arguments: [
        ("From:", "--conversation-by-party must be FROM_FIELD:TO_FIELD"),
        (":To", "--conversation-by-party must be FROM_FIELD:TO_FIELD"),
    ])
    func aMalformedPartyOptionIsRefused(value: String, message: String) {
        #expect(throws: ConversationOptionError.self) {
            _ = try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: value)
        }
        do {
            _ = try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: value)
        } catch {
            #expect(error.message.hasPrefix(message))
        }
    }

    @Test func aChatWidgetsMessagesAreJoinedByTheVisitorEveryMessageNames() throws {
        // Brevo's messages: `type` `visitor` or `agent`, and the visitor's id on both.
        let text = """
            [
              {"id": "b1", "type": "visitor", "text": "Is the sale still on?", "visitorId": "vis-1",
               "createdAt": 1711965600000},
              {"id": "b2", "type": "agent", "text": "Until Sunday.", "visitorId": "vis-1", "agentId": "ag1",
               "agentName": "Lou", "createdAt": 1711965660000},
              {"id": "b3", "type": "visitor", "text": "Do you ship to Malta?", "visitorId": "vis-2",
               "createdAt": 1711965700000},
              {"id": "b4", "type": "agent", "text": "Yes, in a week.", "visitorId": "vis-2", "agentId": "ag1",
               "agentName": "Lou", "createdAt": 1711965760000}
            ]
            """
        let (run, note, _) = try MessagingAPIExportTests.importDetected("brevo-messages.json", text)
        #expect(note?.contains("--conversation-by-party visitorId --order-by createdAt") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["vis-1 2024-04-01", "vis-2 2024-04-01"])
        #expect(run.records.map(\.response) == ["Until Sunday.", "Yes, in a week."])
        let options = try #require(
            try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: "visitorId"))
        #expect(options.grouping == .party(from: "visitorId", to: "visitorId"))
    }

    @Test func thePartyOptionWithAConversationFieldIsRefused() {
        #expect(throws: ConversationOptionError.self) {
            _ = try ConversationOptions(
                conversationBy: "thread", replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: "From:To")
        }
    }

    @Test func theSessionGapCutsACustomersConversationsWhereTheUserSaysAndNamesThemByTheirTime() throws {
        // The first customer writes at 10:00 and again at 14:00 the same day: one conversation within a day's
        // silence, two with a gap of two hours (named to the second: two begin on one day).
        let log = """
            From,To,Body,Direction,DateSent
            +15551230001,+15559990000,My card was declined,inbound,2024-03-01 10:00:00
            +15559990000,+15551230001,Please try again now,outbound-api,2024-03-01 10:02:00
            +15551230001,+15559990000,It works now but the receipt is missing,inbound,2024-03-01 14:00:00
            +15559990000,+15551230001,It is in your e-mail,outbound-api,2024-03-01 14:01:00

            """
        let (day, _, _) = try MessagingAPIExportTests.importDetected("sms.csv", log, format: .csv)
        #expect(day.records.map(\.ticketID) == ["+15551230001 2024-03-01"])
        var options = ImportOptions()
        options.sessionGap = try #require(ConversationOptions.duration("2h"))
        let (cut, note, _) = try MessagingAPIExportTests.importDetected("sms.csv", log, format: .csv, options: options)
        #expect(note?.contains("a new one after 2 hours' silence") == true)
        #expect(cut.failures.isEmpty)
        #expect(
            cut.records.map(\.ticketID) == ["+15551230001 2024-03-01T10:00:00Z", "+15551230001 2024-03-01T14:00:00Z"])
        #expect(cut.records.map(\.response) == ["Please try again now", "It is in your e-mail"])
        // Given with the grouping: the same.
        let given = try #require(
            try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: "DateSent", roleBy: nil, agentValues: nil,
                examples: nil, party: "From:To", sessionGap: "90m"))
        #expect(given.sessionGap == 5400)
        let run = try ConversationImportTests.run(name: "sms.csv", text: log, given)
        #expect(run.records.count == 2)
        #expect(run.notes.contains { $0.contains("a new one after 90 minutes' silence") })
    }

    @Test(arguments: [
        ("30m", 1800.0), ("8h", 28_800), ("2d", 172_800), ("45s", 45), ("1.5 hours", 5400), ("1 day", 86_400),
    ])
    func aSessionGapIsATimeWithItsUnit(text: String, seconds: Double) {
        #expect(ConversationOptions.duration(text) == seconds)
    }

    @Test(arguments: ["8", "h", "-2h", "0m", "2 weeks", "soon"])
    func aSessionGapWithoutAUnitOrAboveNothingIsRefused(text: String) {
        #expect(ConversationOptions.duration(text) == nil)
        #expect(throws: ConversationOptionError.self) {
            _ = try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: "From:To", sessionGap: text)
        }
    }

    @Test func aSessionGapGivenWhereRowsNameTheirConversationIsNotUsedAndTheNoteSaysSo() throws {
        var options = ImportOptions()
        options.sessionGap = 7200
        let text =
            "conversation_id,role,text,created_at\nc1,customer,Hi there,2024-03-01 10:00\nc1,agent,Hello,2024-03-02 10:00\n"
        let (run, note, _) = try MessagingAPIExportTests.importDetected(
            "conv.csv", text, format: .csv, options: options)
        #expect(
            note?.hasSuffix("--session-gap not used: it cuts conversations joined by the customer, and these are not")
                == true)
        #expect(run.records.map(\.ticketID) == ["c1"])
    }

    @Test func aSessionGapBesideAConversationFieldIsRefused() {
        #expect(throws: ConversationOptionError.self) {
            _ = try ConversationOptions(
                conversationBy: "thread", replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                sessionGap: "2h")
        }
    }

    @Test func withoutAnOrderEachCustomersRowsAreOneConversationAndTheNoteSaysSo() throws {
        let text = """
            From,To,Body,Direction
            +15551230001,+15559990000,My card was declined,inbound
            +15559990000,+15551230001,Please try again now,outbound-api

            """
        let options = try #require(
            try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                party: "From:To", sessionGap: "1h"))
        let run = try ConversationImportTests.run(name: "sms.csv", text: text, options)
        #expect(run.records.map(\.ticketID) == ["+15551230001"])
        #expect(run.notes.contains { $0.hasPrefix("no --order-by: each customer's rows are one conversation") })
    }

    /// Telnyx and Vonage write a sender as an object (`{"phone_number": ..., "carrier": ...}`, `{"type": "sms",
    /// "number": ...}`) and Telnyx the recipients as a list of them.
    @Test func addressesWrittenAsObjectsAndListsNameTheCustomer() throws {
        let telnyx = """
            {"data": [
              {"record_type": "message", "direction": "inbound", "id": "m1", "type": "SMS",
               "from": {"phone_number": "+13125550101", "carrier": "T-Mobile", "line_type": "Wireless"},
               "to": [{"phone_number": "+18445550001", "status": "delivered"}],
               "text": "Hi, my order 1234 has not arrived yet", "received_at": "2024-03-01T10:00:00Z",
               "sent_at": null},
              {"record_type": "message", "direction": "outbound", "id": "m2", "type": "SMS",
               "from": {"phone_number": "+18445550001", "carrier": "Telnyx", "line_type": "VoIP"},
               "to": [{"phone_number": "+13125550101", "status": "sent"}],
               "text": "Sorry about that! It ships tomorrow.", "received_at": null,
               "sent_at": "2024-03-01T10:05:00Z"},
              {"record_type": "message", "direction": "inbound", "id": "m3", "type": "SMS",
               "from": {"phone_number": "+13125550202", "carrier": "AT&T", "line_type": "Wireless"},
               "to": [{"phone_number": "+18445550001", "status": "delivered"}],
               "text": "How do I reset my password?", "received_at": "2024-03-01T11:00:00Z", "sent_at": null},
              {"record_type": "message", "direction": "outbound", "id": "m4", "type": "SMS",
               "from": {"phone_number": "+18445550001", "carrier": "Telnyx", "line_type": "VoIP"},
               "to": [{"phone_number": "+13125550202", "status": "sent"}],
               "text": "Use the link on the sign-in page.", "received_at": null, "sent_at": "2024-03-01T11:02:00Z"}
            ]}
            """
        let (run, note, _) = try MessagingAPIExportTests.importDetected("telnyx-messages.json", telnyx)
        #expect(note?.contains("--conversation-by-party from:to") == true)
        #expect(run.failures.isEmpty)
        // The customer's message has its time in `received_at`, the agent's in `sent_at`: both ordered, both named
        // by their day.
        #expect(run.records.map(\.ticketID) == ["+13125550101 2024-03-01", "+13125550202 2024-03-01"])
        #expect(
            run.records.map(\.response) == [
                "Sorry about that! It ships tomorrow.", "Use the link on the sign-in page.",
            ])
        #expect(!run.notes.contains { $0.contains("not timestamps") })
        let vonage = """
            {"message_uuid": "u1", "to": {"type": "sms", "number": "447700900000"}, "from": {"type": "sms", "number": "447700900001"}, "timestamp": "2024-03-01T10:00:00.000Z", "direction": "inbound", "message": {"content": {"type": "text", "text": "My parcel is late"}}}
            {"message_uuid": "u2", "to": {"type": "sms", "number": "447700900001"}, "from": {"type": "sms", "number": "447700900000"}, "timestamp": "2024-03-01T10:03:00.000Z", "direction": "outbound", "message": {"content": {"type": "text", "text": "It arrives Monday, sorry for the wait."}}}

            """
        let (second, secondNote, _) = try MessagingAPIExportTests.importDetected(
            "vonage.jsonl", vonage, format: .jsonl)
        #expect(secondNote?.contains("--conversation-by-party from:to") == true)
        #expect(second.failures.isEmpty)
        #expect(second.records.map(\.ticketID) == ["+447700900001 2024-03-01"])
        #expect(second.records.first?.input == "My parcel is late")
        #expect(second.records.first?.response == "It arrives Monday, sorry for the wait.")
    }

    /// MessageBird's SMS messages: `mo` and `mt` (mobile-originated, mobile-terminated) tell the sides; the sender is
    /// the `originator` in international form, the recipient a number inside `recipients.items`, without its `+`.
    @Test func anSMSGatewaysMessagesAreJoinedByTheNumberHoweverEachSideWritesIt() throws {
        let text = """
            {"offset": 0, "count": 4, "items": [
              {"id": "s1", "direction": "mo", "type": "sms", "originator": "+31612345001", "body": "Is my order shipped?",
               "createdDatetime": "2024-03-01T10:00:00+00:00",
               "recipients": {"totalCount": 1, "items": [{"recipient": 31612345000, "status": "delivered"}]}},
              {"id": "s2", "direction": "mt", "type": "sms", "originator": "+31612345000",
               "body": "Yes, it left this morning.", "createdDatetime": "2024-03-01T10:02:00+00:00",
               "recipients": {"totalCount": 1, "items": [{"recipient": 31612345001, "status": "delivered"}]}},
              {"id": "s3", "direction": "mo", "type": "sms", "originator": "+31612345002", "body": "Can I cancel?",
               "createdDatetime": "2024-03-01T11:00:00+00:00",
               "recipients": {"totalCount": 1, "items": [{"recipient": 31612345000, "status": "delivered"}]}},
              {"id": "s4", "direction": "mt", "type": "sms", "originator": "+31612345000", "body": "Yes, within 14 days.",
               "createdDatetime": "2024-03-01T11:03:00+00:00",
               "recipients": {"totalCount": 1, "items": [{"recipient": 31612345002, "status": "delivered"}]}}
            ]}
            """
        let (run, note, _) = try MessagingAPIExportTests.importDetected("messagebird-sms.json", text)
        #expect(note?.contains("--conversation-by-party originator:recipients") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["+31612345001 2024-03-01", "+31612345002 2024-03-01"])
        #expect(run.records.map(\.response) == ["Yes, it left this morning.", "Yes, within 14 days."])
    }

    /// Sinch's inbounds and batches: a `type` of `mo_text` or `mt_text`, the batch's recipients a list, the
    /// customer's message timed by `received_at` and the answer by `created_at`.
    @Test func sinchsInboundsAndBatchesAreTheCustomersConversations() throws {
        let text = """
            {"type": "mo_text", "id": "01F1", "from": "15551230001", "to": "12345", "body": "Where is my package?", "received_at": "2024-03-01T10:00:00.000Z"}
            {"type": "mt_text", "id": "01F2", "from": "12345", "to": ["15551230001"], "body": "It arrives today by 6 pm.", "created_at": "2024-03-01T10:02:00.000Z"}
            {"type": "mo_text", "id": "01F3", "from": "15551230001", "to": "12345", "body": "Thanks, one more thing: can I change my plan?", "received_at": "2024-03-03T09:00:00.000Z"}
            {"type": "mt_text", "id": "01F4", "from": "12345", "to": ["15551230001"], "body": "Yes, from Settings, Plan.", "created_at": "2024-03-03T09:03:00.000Z"}

            """
        let (run, note, _) = try MessagingAPIExportTests.importDetected("sinch.jsonl", text, format: .jsonl)
        #expect(note?.contains("--conversation-by-party from:to --order-by created_at --role-by type") == true)
        #expect(run.failures.isEmpty)
        // Two days apart: two conversations, each timed by the customer's `received_at`.
        #expect(run.records.map(\.ticketID) == ["+15551230001 2024-03-01", "+15551230001 2024-03-03"])
        #expect(run.records.map(\.response) == ["It arrives today by 6 pm.", "Yes, from Settings, Plan."])
    }

    @Test(arguments: [
        ("+1 555-123-0001", "+15551230001"), ("+15551230001", "+15551230001"), ("15551230001", "+15551230001"),
        ("0031612345001", "+31612345001"), ("(555) 123-0001", "5551230001"), ("07700 900001", "07700900001"),
        ("447700900001", "+447700900001"),
    ])
    func aPhoneNumberHasOneSpelling(written: String, party: String) {
        #expect(ConversationRowParser.party(written) == party)
        // A field naming the customer on both sides' rows holds an id, not an address: as written.
        #expect(ConversationRowParser.party(written, isAddress: false) == written)
    }

    @Test(arguments: ["12345", "ACME", "1-800-FLOWERS", "12+34567890", "vis-12345678", "1234567890123456"])
    func textThatIsNoPhoneNumberStaysAsWritten(text: String) {
        #expect(ConversationRowParser.phoneNumber(text) == nil)
        #expect(ConversationRowParser.party(text) == text)
    }

    @Test func anObjectNamingAPartyByNothingItKnowsNamesNobody() {
        #expect(ConversationRowParser.partyIdentifier(.object(JSONObject([("carrier", .string("X"))]))) == nil)
        #expect(ConversationRowParser.partyIdentifier(.array([])) == nil)
        #expect(ConversationRowParser.partyIdentifier(.string(" +1555 ")) == "+1555")
    }
}
