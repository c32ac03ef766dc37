import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Helpdesk API exports as their APIs write them: threads under the helpdesk's own name, authors told by ids or
/// direction flags, the opening message kept apart, HTML bodies.
@Suite("Import: helpdesk API exports")
struct HelpdeskAPIImportTests {
    private static func run(_ name: String, options: ImportOptions = ImportOptions()) throws -> ImportRun {
        try ImportRun(
            JSONDocumentImporter(), file: fixturesDirectory.appendingPathComponent("helpdesk-api/\(name)"),
            options: options)
    }

    @Test func zendeskCommentsByAuthorIDAgainstTheRequester() throws {
        let run = try Self.run("zendesk-tickets.json")
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["4101", "4102", "4103", "4104"])
        let refund = run.records[0]
        #expect(
            refund.turnLines == [
                "customer: Refund not received\n\nHi, I returned the jacket two weeks ago and I still have no refund.",
                "agent: Sorry for the wait. We issued the refund today; it shows on your card within 5 working days.",
            ])
        // The subject opens the thread, as it opens the input of a ticket without comments.
        #expect(
            refund.input == "Refund not received\n\nHi, I returned the jacket two weeks ago and I still have no refund."
        )
        #expect(refund.response?.hasPrefix("Sorry for the wait.") == true)
        #expect(refund.metadata["internal_notes"] == ["Warehouse scanned the return on the 3rd; refund batch failed."])
        // The description repeats the first comment: it does not open the thread twice, and stays in metadata.
        #expect(refund.metadata["description"] != nil)
        #expect(run.records[1].messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(run.records[1].response == "Glad to hear it. Have a good day.")
        // No comments yet: the ticket maps as if the array were not there (subject and description).
        let noComments = run.records[2]
        #expect(noComments.messages.isEmpty)
        #expect(noComments.input == "Invoice address\n\nPlease put our company name on the March invoice.")
        #expect(noComments.response == nil)
        // An agent-opened ticket (the description is the agent's first comment); a voice comment without text is
        // no turn.
        #expect(
            run.records[3].turnLines == [
                "agent: Follow-up call\n\nCalling you back about your delivery.",
                "customer: Yes, the parcel arrived damaged. Can you send a new one?",
                "agent: A replacement ships today, and you can keep the damaged one.",
            ])
        #expect(run.records[3].input == "Yes, the parcel arrived damaged. Can you send a new one?")
    }

    @Test func freshdeskConversationsByDirectionWithTheDescriptionFirst() throws {
        let run = try Self.run("freshdesk-tickets.json")
        #expect(run.failures.isEmpty)
        let late = try #require(run.records.first)
        #expect(late.label == "Delivery")
        #expect(
            late.turnLines == [
                "customer: Order late\n\nWhere is my order 5521? It was due on Monday.",
                "agent: It left our warehouse yesterday and arrives on Friday.",
                "customer: Thanks! Can I change the delivery address?",
                "agent: Yes: I have updated it to the new address.",
            ])
        #expect(late.metadata["internal_notes"] == ["Customer asked twice already, prioritise."])
        #expect(late.response == "Yes: I have updated it to the new address.")
        // No conversation yet: the subject and description are the customer's message, with no response.
        let charged = run.records[1]
        #expect(charged.input == "Charged twice\n\nI see two charges for the same order.")
        #expect(charged.response == nil)
    }

    @Test func intercomPartsInTheirListWithTheSourceFirstAndNoKindForALabel() throws {
        let run = try Self.run("intercom-conversations.json")
        #expect(run.failures.isEmpty)
        let record = try #require(run.records.first)
        #expect(
            record.turnLines == [
                "customer: I was charged VAT twice on my invoice.",
                "agent: Sorry about that. Which invoice number is it?",
                "customer: INV-2210",
                "agent: Fixed: a corrected invoice is on its way.",
            ])
        #expect(record.metadata["internal_notes"] == ["Check the VAT export job."])
        // `"type": "conversation"` says what the object is, not what the customer wants.
        #expect(record.label == nil)
        #expect(record.metadata["type"] == "conversation")
        let labelled = try Self.run(
            "intercom-conversations.json", options: try mappingOptions("label=custom_attributes.Category"))
        #expect(labelled.records.first?.label == "Billing")
        // A note that reopens the conversation is a note too.
        let reopened =
            #"[{"part_type": "comment", "body": "<p>Q</p>", "author": {"type": "user"}},"#
            + #" {"part_type": "note_and_reopen", "body": "<p>Ask sales</p>", "author": {"type": "admin"}},"#
            + #" {"part_type": "comment", "body": "<p>A</p>", "author": {"type": "admin"}}]"#
        let turns = try TurnReader.read(try JSONParser.parse(reopened)).get()
        #expect(turns.messages.map(\.content) == ["Q", "A"])
        #expect(turns.internalNotes == ["Ask sales"])
    }

    @Test func zammadArticlesBySenderWithInternalNotesAside() throws {
        let run = try Self.run("zammad-tickets.json")
        #expect(run.failures.isEmpty)
        let ticket = try #require(run.records.first)
        #expect(
            ticket.turnLines == [
                "customer: Printer offline\n\nOur office printer shows offline since Monday.",
                "agent: We reinstalled the driver remotely; it should print now.",
            ])
        #expect(ticket.response == "We reinstalled the driver remotely; it should print now.")
        #expect(ticket.metadata["internal_notes"] == ["Driver issue again, same as ticket 30988."])
    }

    @Test func otrsArticlesBySenderTypeWithWhatTheCustomerDoesNotSeeAside() throws {
        let run = try Self.run("otrs-tickets.json")
        #expect(run.failures.isEmpty)
        let ticket = try #require(run.records.first)
        #expect(ticket.label == "IT::Network")
        #expect(
            ticket.turnLines == [
                "customer: VPN not connecting\n\nSince the update the VPN client says 'authentication failed'.",
                "agent: Please remove the old profile and import the new one from the portal.",
            ])
        // `IsVisibleForCustomer: 0` is an internal note: never the response.
        #expect(ticket.response == "Please remove the old profile and import the new one from the portal.")
        #expect(ticket.metadata["internal_notes"] == ["The gateway certificate had expired."])
    }

    @Test func helpScoutThreadsByCreatorAgainstThePrimaryCustomer() throws {
        let run = try Self.run("helpscout-conversations.json")
        #expect(run.failures.isEmpty)
        let record = try #require(run.records.first)
        #expect(
            record.turnLines == [
                "customer: Cannot log in\n\nI cannot log in since the update.",
                "agent: Please clear the app's cache and try again.",
                "customer: That worked.", "agent: Great, closing this.",
            ])
        #expect(record.metadata["internal_notes"] == ["Known issue after 4.2"])
        // The thread is read from inside `_embedded`, which is not kept as a copy with the note in it.
        #expect(record.metadata["_embedded"] == nil)
    }

    @Test func helpScoutWithoutAPrimaryCustomerTellsItsUsersFromItsCustomers() throws {
        // With no customer id on the conversation, the authors' own types tell: beside `customer`, Help Scout's
        // `user` is a member of the team (where no other word names the customer, `user` is the customer).
        let run = try Self.run("helpscout-conversations.json")
        let record = try #require(run.records.last)
        #expect(record.metadata["primaryCustomer"] == nil)
        #expect(
            record.turnLines == [
                "customer: Refund for a double charge\n\nI was charged twice for order 8812.",
                "agent: Sorry about that. The second charge is refunded; it shows within 5 days.",
            ])
        #expect(record.metadata["internal_notes"] == ["Refund issued in Stripe"])
        #expect(
            TurnReader.userMeansAgent([
                ["role": "user", "content": "Hi"], ["role": "customer", "content": "Hello"],
            ]))
        #expect(
            !TurnReader.userMeansAgent([
                ["author": ["type": "user"], "body": "Hi"], ["author": ["type": "admin"], "body": "Hello"],
            ]))
    }

    @Test func zendeskChatHistoryByTheSpeakersNames() throws {
        // The history opens with an event; speakers are told by a role word (`Visitor 4821`) or by the names the
        // chat gives its visitor and its agents (`Ben Ortiz`, `Kim` of `Kim Lee`).
        let run = try Self.run("zendesk-chats.json")
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 2)
        #expect(
            run.records[0].turnLines == [
                "customer: My invoice shows the wrong VAT number.",
                "agent: I have corrected it; the new invoice is in your account.", "customer: Thanks!",
            ])
        #expect(
            run.records[1].turnLines == [
                "customer: Can I change my delivery address?",
                "agent: Yes: Settings > Addresses, before the order ships.",
            ])
        #expect(run.records[0].metadata["type"] == "chat")

    }

    @Test func freshchatPartsActorsAndSystemMessages() throws {
        // `actor_type` tells the author, `message_parts` hold `{"text": {"content": ...}}`; a system actor's message
        // is an event (not a system prompt), a private message an internal note.
        let run = try Self.run("freshchat-conversations.json")
        let record = try #require(run.records.first)
        #expect(
            record.turnLines == [
                "customer: My order 5521 has not arrived.", "agent: It ships today; tracking follows by mail.",
            ])
        #expect(record.metadata["thread_events"] == ["Assigned to Kim"])
        #expect(record.metadata["internal_notes"] == ["Warehouse delay"])
    }

    @Test func liveChatEventsByAuthorIDAgainstTheParticipantsList() throws {
        let run = try Self.run("livechat-chats.json")
        #expect(run.failures.isEmpty)
        let record = try #require(run.records.first)
        #expect(
            record.turnLines == [
                "customer: My invoice shows the wrong VAT number.",
                "agent: I have corrected it; the new invoice is in your account.",
            ])
        // `visibility: agents` is an internal note; the system message is an event, kept apart.
        #expect(record.metadata["internal_notes"] == ["Customer is a reseller"])
        #expect(record.metadata["thread_events"] == ["Chat started"])
    }

    @Test func aRecordWrappedInItsKindIsWhatItWraps() throws {
        let lines =
            #"{"ticket": {"id": 1, "subject": "Late", "description": "Where is my parcel?"}}"# + "\n"
            + #"{"ticket": {"id": 2, "subject": "Refund", "description": "Charged twice"}}"# + "\n"
        let run = try ImportRun(JSONLImporter(), name: "tickets.jsonl", text: lines)
        #expect(run.records.map(\.ticketID) == ["1", "2"])
        #expect(run.records.first?.input == "Late\n\nWhere is my parcel?")
        // A mapping through the wrapper is kept as written.
        let mapped = try ImportRun(
            JSONLImporter(), name: "tickets.jsonl", text: lines, options: try mappingOptions("input=ticket.description")
        )
        #expect(mapped.records.map(\.input) == ["Where is my parcel?", "Charged twice"])
    }

    @Test func aHistoryOfStatusChangesIsNoThread() throws {
        let line =
            #"{"subject": "Refund", "body": "Where is my refund?", "history": [{"user_id": 4, "body": null, "#
            + #""status": "open"}, {"user_id": 9, "body": "", "status": "solved"}], "requester_id": 4}"#
        let run = try ImportRun(JSONLImporter(), name: "tickets.jsonl", text: line + "\n")
        let record = try #require(run.records.first)
        #expect(record.input == "Refund\n\nWhere is my refund?")
        #expect(record.messages.isEmpty)
        #expect(record.metadata["history"] != nil)
    }

    @Test func aProseColumnNamedLikeAThreadStaysWhatItWas() throws {
        let csv = "subject,body,comments,category\nLate,Where is my order?,customer called twice,Shipping\n"
        let run = try ImportRun(CSVImporter(), name: "export.csv", text: csv)
        let record = try #require(run.records.first)
        #expect(record.input == "Late\n\nWhere is my order?")
        #expect(record.messages.isEmpty)
        #expect(record.metadata["comments"] == "customer called twice")
        #expect(record.label == "Shipping")
    }
}

@Suite("JSON documents: turn authors without a role word")
struct TurnAuthorTests {
    private func turns(_ json: String, record: String? = nil) throws -> TurnReader.Turns {
        let object = try record.map { try JSONParser.parse($0).objectValue }
        return try TurnReader.read(try JSONParser.parse(json), record: object ?? nil).get()
    }

    @Test(arguments: [
        #"[{"incoming": true, "body_text": "Q"}, {"incoming": false, "body_text": "A"}]"#,
        #"[{"is_inbound": true, "text": "Q"}, {"is_inbound": false, "text": "A"}]"#,
        #"[{"from_agent": false, "body": "Q"}, {"from_agent": true, "body": "A"}]"#,
        #"[{"direction": "inbound", "message": "Q"}, {"direction": "OUTBOUND", "message": "A"}]"#,
        #"[{"direction": "in", "plain_body": "Q"}, {"direction": "out", "plain_body": "A"}]"#,
        #"[{"direction": "inbound", "body": "Q"}, {"direction": "outbound-reply", "body": "A"}]"#,
    ])
    func directionFlagsAndFields(json: String) throws {
        let read = try turns(json)
        #expect(read.messages.map(\.role) == [.user, .assistant])
        #expect(read.messages.map(\.content) == ["Q", "A"])
    }

    @Test func directionValuesWithAKindAfterTheirDirection() {
        #expect(TurnReader.direction("outbound-call") == .assistant)
        #expect(TurnReader.direction("outbound_dial") == .assistant)
        #expect(TurnReader.direction("Inbound") == .user)
        #expect(TurnReader.direction("outbound") == .assistant)
        #expect(TurnReader.direction("internal") == nil)
    }

    @Test func authorIDsAgainstTheRecordsCustomer() throws {
        let thread = #"[{"author_id": 7, "body": "Q"}, {"author_id": 3, "body": "A"}, {"user_id": "7", "body": "Q2"}]"#
        #expect(try turns(thread, record: #"{"requester_id": 7}"#).messages.map(\.role) == [.user, .assistant, .user])
        let objects = #"[{"created_by": {"id": "c9"}, "body": "Q"}, {"author": {"id": "a1"}, "body": "A"}]"#
        #expect(try turns(objects, record: #"{"customer": {"id": "c9"}}"#).messages.map(\.role) == [.user, .assistant])
        // Without the customer's id nothing tells the authors apart: the turn is refused, naming it.
        let unknown = TurnReader.read(try JSONParser.parse(thread))
        guard case .failure(let error) = unknown else {
            Issue.record("read without a customer id")
            return
        }
        #expect(error.description.contains("message 1 has no author"))
    }

    @Test func chatwootsSendersAContactAndAUserWithItsActivitiesAsEvents() throws {
        // Chatwoot's API: `sender.type` is `contact` (the person writing in) or `user` (an agent of the account);
        // an activity message (numeric `message_type` 2) has no `sender` at all.
        let read = try turns(
            """
            [{"content": "Conversation was opened by Bot", "message_type": 2, "private": false},
             {"content": "My order never came", "message_type": 0, "sender": {"id": 5, "type": "contact"}},
             {"content": "It ships today", "message_type": 1, "sender": {"id": 2, "type": "user"}},
             {"content": "depot ticket 99", "message_type": 1, "private": true, "sender": {"id": 2, "type": "user"}},
             {"content": "Conversation was marked resolved by Sam", "message_type": 2}]
            """)
        #expect(read.messages.map(\.role) == [.user, .assistant])
        #expect(read.messages.map(\.content) == ["My order never came", "It ships today"])
        #expect(read.events == ["Conversation was opened by Bot", "Conversation was marked resolved by Sam"])
        #expect(read.internalNotes == ["depot ticket 99"])
        // Beside an agent's word (Intercom's `admin`), a `user` stays the customer.
        #expect(
            !TurnReader.userMeansAgent([
                ["author": ["type": "contact"], "body": "Q"], ["author": ["type": "user"], "body": "Q2"],
                ["author": ["type": "admin"], "body": "A"],
            ]))
        // Where no message names an author object, a message without an author is still refused.
        guard case .failure = TurnReader.read(try JSONParser.parse(#"[{"body": "Q"}, {"author_id": 3, "body": "A"}]"#))
        else {
            Issue.record("read a message without an author among author ids")
            return
        }
    }

    @Test func aMessageTypeOfDirectionsTellsTheSidesAndItsNoteIsANote() throws {
        // Trengo's messages: `type` `INBOUND`, `OUTBOUND` or `NOTE`.
        let read = try turns(
            #"[{"type": "INBOUND", "message": "Q"}, {"type": "NOTE", "message": "N"}, {"type": "OUTBOUND", "message": "A"}]"#
        )
        #expect(read.messages.map(\.role) == [.user, .assistant])
        #expect(read.internalNotes == ["N"])
        // Exported one per row, the same.
        let rows = [
            #"{"ticket_id": 11, "type": "INBOUND", "message": "The zipper broke."}"#,
            #"{"ticket_id": 11, "type": "NOTE", "message": "Check warranty."}"#,
            #"{"ticket_id": 11, "type": "OUTBOUND", "message": "We will send a replacement."}"#,
            #"{"ticket_id": 12, "type": "INBOUND", "message": "Do you have XL?"}"#,
            #"{"ticket_id": 12, "type": "OUTBOUND", "message": "Yes."}"#,
        ].map { try! JSONParser.parse($0).objectValue! }
        let found = try #require(ConversationDetection.detect(records: rows))
        #expect(found.options.roleBy == "type")
        #expect(found.options.detectedRole?.role(of: rows[1]) == .note)
        #expect(found.options.detectedRole?.role(of: rows[2]) == .agent)
        // Given as `--role-by type`, directions are read beside an entry's letters.
        var given = ConversationOptions(grouping: .field("ticket_id"))
        given.roleBy = "type"
        let rule = try TurnRoleRule.resolve(keys: ["ticket_id", "type", "message"], options: given)
        #expect(rows.map(rule.role(of:)) == [.customer, .note, .agent, .customer, .agent])
    }

    @Test func aFlagIsNoAuthorsName() throws {
        // `private: false` once read as an internal note whose text was "false".
        let read = try turns(#"[{"incoming": true, "private": false, "body": "Q"}, {"private": true, "body": "N"}]"#)
        #expect(read.messages.map(\.content) == ["Q"])
        #expect(read.internalNotes == ["N"])
        // An object describing the author under a key naming the role still names it.
        let described = try turns(
            #"[{"client": {"name": "Ann"}, "message": "Q"}, {"agent": {"name": "Bob"}, "message": "A"}]"#)
        #expect(described.messages.map(\.role) == [.user, .assistant])
    }

    @Test func turnsWrittenAsPairsOfAnAuthorAndAText() throws {
        // ABCD's `original`: an agent greeting, the customer, an action the agent took (an event, kept apart).
        let read = try turns(
            #"[["agent", "Hello"], ["customer", "Q"], ["action", "Searching the FAQ"], ["agent", "A"]]"#)
        #expect(read.messages.map(\.role) == [.assistant, .user, .assistant])
        #expect(read.messages.map(\.content) == ["Hello", "Q", "A"])
        #expect(read.events == ["Searching the FAQ"])
        #expect(throws: MessageFormatError.self) { try turns(#"[["robot", "beep"]]"#) }
    }

    @Test func toolCallsStayWithTheirTurnsAndGeminiPartsAreText() throws {
        let openAI =
            #"[{"role": "user", "content": "Status of order 77?"}, {"role": "assistant", "content": null, "#
            + #""tool_calls": [{"id": "c1", "type": "function", "function": {"name": "order_status", "#
            + #""arguments": "{\"id\": 77}"}}]}, {"role": "tool", "tool_call_id": "c1", "content": "shipped"}, "#
            + #"{"role": "assistant", "content": "Order 77 has shipped."}]"#
        let read = try turns(openAI)
        #expect(read.messages.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(read.messages.map(\.content) == ["Status of order 77?", "", "shipped", "Order 77 has shipped."])
        #expect(read.messages[1].toolCalls == [ToolCall(id: "c1", name: "order_status", arguments: #"{"id": 77}"#)])
        #expect(read.messages[2].toolCallID == "c1")
        #expect(read.events.isEmpty)
        // The older form: `function_call` and a `function` turn naming the function.
        let legacy =
            #"[{"role": "user", "content": "Cancel 7781"}, {"role": "assistant", "content": "", "function_call": "#
            + #"{"name": "cancel_order", "arguments": "{\"id\": 7781}"}}, {"role": "function", "name": "#
            + #""cancel_order", "content": {"cancelled": true}}, {"role": "assistant", "content": "Done."}]"#
        let older = try turns(legacy)
        #expect(older.messages[1].toolCalls == [ToolCall(id: nil, name: "cancel_order", arguments: #"{"id": 7781}"#)])
        #expect(older.messages[2] == Message(role: .tool, content: #"{"cancelled":true}"#, name: "cancel_order"))
        // A call on a turn that is not the assistant's stays an event.
        let odd = try turns(
            #"[{"role": "user", "content": "Q", "tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]}]"#)
        #expect(odd.events == ["f({})"])
        let gemini = #"[{"role": "user", "parts": [{"text": "Q"}]}, {"role": "model", "parts": [{"text": "A"}]}]"#
        #expect(try turns(gemini).messages.map(\.role) == [.user, .assistant])
        let line = #"{"contents": [{"role": "user", "parts": [{"text": "Q"}]}, {"role": "model", "parts": ["A"]}]}"#
        let record = try #require(try ImportRun(JSONLImporter(), name: "tuning.jsonl", text: line + "\n").records.first)
        #expect(record.input == "Q")
        #expect(record.response == "A")
    }

    @Test func reamazesAuthorsByTheirStaffFlagWithNumberedInternalNotes() throws {
        // Re:amaze's messages: the author in `user` with `staff?`; `visibility` 1 an internal note, 0 a reply.
        let read = try turns(
            #"[{"body": "My mug arrived broken.", "visibility": 0, "user": {"name": "Ann", "staff?": false}},"#
                + #"{"body": "Check the claim.", "visibility": 1, "user": {"name": "Sam", "staff?": true}},"#
                + #"{"body": "A replacement is on its way.", "visibility": 0, "user": {"name": "Sam", "staff?": true}}]"#
        )
        #expect(read.messages.map(\.role) == [.user, .assistant])
        #expect(read.messages.last?.content == "A replacement is on its way.")
        #expect(read.internalNotes == ["Check the claim."])
        // A `visibility` of 1 without Re:amaze's author flag is no note; an `is_staff` flag tells the side too.
        let other = try turns(
            #"[{"text": "Q", "visibility": 1, "sender": {"id": 4, "is_staff": false}},"#
                + #"{"text": "A", "visibility": 1, "sender": {"id": 9, "is_staff": true}}]"#)
        #expect(other.messages.map(\.role) == [.user, .assistant] && other.internalNotes.isEmpty)
    }

    @Test func olarksKindsNameWhomAMessageGoesTo() throws {
        // Olark's transcript items: `MessageToOperator` the visitor's, `MessageToVisitor` the operator's.
        let read = try turns(
            #"[{"kind": "MessageToOperator", "nickname": "Ann (Lisbon)", "body": "My order has not arrived."},"#
                + #"{"kind": "MessageToVisitor", "nickname": "Sam", "body": "It arrives tomorrow.", "operatorId": "12"}]"#
        )
        #expect(read.messages.map(\.role) == [.user, .assistant])
        // As rows of a transcript export, the same kinds tell the sides.
        let rows = [
            #"{"chat_id": "a", "kind": "MessageToOperator", "body": "Where is my parcel?"}"#,
            #"{"chat_id": "a", "kind": "MessageToVisitor", "body": "At the depot."}"#,
            #"{"chat_id": "b", "kind": "OfflineMessage", "body": "Please call me back."}"#,
            #"{"chat_id": "b", "kind": "MessageToVisitor", "body": "Calling you now."}"#,
        ].map { try! JSONParser.parse($0).objectValue! }
        let found = try #require(ConversationDetection.detect(records: rows))
        #expect(found.options.roleBy == "kind")
        #expect(rows.map { found.options.detectedRole?.role(of: $0) } == [.customer, .agent, .customer, .agent])
        // A kind of other words is no direction.
        let other = [#"{"kind": "comment", "body": "a"}"#, #"{"kind": "reply", "body": "b"}"#].map {
            try! JSONParser.parse($0).objectValue!
        }
        #expect(TurnRoleRule.candidates(keys: ["kind", "body"], records: other).isEmpty)
    }

    @Test func aTeamNamedForTheCustomerIsStillTheTeam() throws {
        let care = try turns(
            #"[{"name": "Visitor 1", "msg": "Hi"}, {"name": "Customer Care", "msg": "Hello, how can we help?"}]"#)
        #expect(care.messages.map(\.role) == [.user, .assistant])
    }

    @Test func anEventWithoutTextIsSkippedEvenWithoutAnAuthor() throws {
        let read = try turns(#"[{"role": "user", "content": "Q"}, {"action": "assigned", "body": null}]"#)
        #expect(read.messages.map(\.content) == ["Q"])
    }
}
