import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Messaging and contact-centre platforms' message lists as their APIs write them, imported without options: a
/// top-level `messages` array whose messages name their conversation (Freshchat, Channel Talk, Crisp, Twilio) is
/// joined into conversations by it; Sunshine Conversations' and Smooch's authors; a note kind beside a role; Help
/// Scout's thread rows, LivePerson's records, Genesys' phrases, Salesforce's conversation entries, Kustomer's
/// JSON:API messages.
@Suite("Import: messaging platforms' message lists")
struct MessagingAPIExportTests {
    static func importDetected(
        _ name: String, _ text: String, format: SourceFormat = .json, options: ImportOptions = ImportOptions()
    ) throws -> (run: ImportRun, note: String?, scratch: ScratchDirectory) {
        let scratch = try ScratchDirectory()
        let url = try scratch.file(name, text: text)
        // As `winnow import` prepares a file: conversations, then the fields chosen by what they hold.
        let file = try SourceFile(url: url, displayPath: name)
        let prepared = ImportDetection.prepare(file, format: format, options: options)
        let importer = try ImporterRegistry.importer(
            for: format, options: prepared.options, workers: 2, file: name)
        let run = try ImportRun(importer, file: url, options: prepared.options)
        return (run, prepared.notes.first { $0.contains("records are messages") }, scratch)
    }

    @Test func freshchatMessagesOfTwoConversationsAreTwoConversations() throws {
        let (run, note, _) = try Self.importDetected(
            "freshchat-messages.json",
            """
            {"messages": [
              {"id": "f1", "conversation_id": "cv1", "actor_type": "user", "message_type": "normal",
               "message_parts": [{"text": {"content": "My payment failed but the money left my account."}}],
               "created_time": "2024-02-01T10:00:00Z"},
              {"id": "f4", "conversation_id": "cv2", "actor_type": "user", "message_type": "normal",
               "message_parts": [{"text": {"content": "Can I pause my membership for a month?"}}],
               "created_time": "2024-02-02T10:00:00Z"},
              {"id": "f2", "conversation_id": "cv1", "actor_type": "agent", "message_type": "private",
               "message_parts": [{"text": {"content": "check with billing"}}], "created_time": "2024-02-01T10:01:00Z"},
              {"id": "f3", "conversation_id": "cv1", "actor_type": "agent", "message_type": "normal",
               "message_parts": [{"text": {"content": "The bank reverses it within 48 hours."}},
                                 {"image": {"url": "https://example.com/receipt.png"}}],
               "created_time": "2024-02-01T10:02:00Z"},
              {"id": "f5", "conversation_id": "cv2", "actor_type": "agent", "message_type": "normal",
               "message_parts": [{"text": {"content": "Yes: Membership, Pause, choose the dates."}}],
               "created_time": "2024-02-02T10:05:00Z"}
            ]}
            """)
        #expect(note?.contains("joined into conversations by conversation_id, ordered by created_time") == true)
        #expect(note?.contains("roles from actor_type") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["cv1", "cv2"])
        #expect(
            run.records[0].turnLines == [
                "customer: My payment failed but the money left my account.",
                "agent: The bank reverses it within 48 hours.",
            ])
        // The private message is the team's, kept aside.
        #expect(run.records[0].metadata["internal_notes"] == ["check with billing"])
        #expect(run.records[1].response == "Yes: Membership, Pause, choose the dates.")
    }

    @Test func channelTalksPersonTypesWithTheirChatIDs() throws {
        let (run, note, _) = try Self.importDetected(
            "channel-talk.json",
            """
            {"messages": [
              {"id": "m1", "chatId": "c1", "personType": "user", "personId": "u1",
               "plainText": "Hi, my order 4411 has not arrived yet.", "createdAt": 1700000000000},
              {"id": "m2", "chatId": "c1", "personType": "bot", "personId": "b1",
               "plainText": "Thanks for reaching out! A manager will reply soon.", "createdAt": 1700000001000},
              {"id": "m3", "chatId": "c1", "personType": "manager", "personId": "a1",
               "plainText": "It is held at the depot and arrives tomorrow.", "createdAt": 1700000060000},
              {"id": "m4", "chatId": "c2", "personType": "user", "personId": "u2",
               "plainText": "How do I change my e-mail address?", "createdAt": 1700000100000},
              {"id": "m5", "chatId": "c2", "personType": "manager", "personId": "a1",
               "plainText": "Settings, then Profile: edit the e-mail field.", "createdAt": 1700000160000}
            ]}
            """)
        #expect(note?.contains("joined into conversations by chatId") == true)
        #expect(note?.contains("roles from personType") == true)
        #expect(run.records.map(\.ticketID) == ["c1", "c2"])
        #expect(run.records[0].messages.map(\.role) == [.user, .assistant, .assistant])
        #expect(
            run.records[1].turnLines == [
                "customer: How do I change my e-mail address?", "agent: Settings, then Profile: edit the e-mail field.",
            ])
    }

    @Test func crispsSessionsWithANoteByAnOperator() throws {
        let messages = """
              {"session_id": "session_a", "type": "text", "from": "user", "origin": "chat",
               "content": "Can I get an invoice with my company name?", "timestamp": 1700000000000},
              {"session_id": "session_a", "type": "note", "from": "operator", "origin": "chat",
               "content": "vip customer", "timestamp": 1700000010000},
              {"session_id": "session_a", "type": "text", "from": "operator", "origin": "urn:crisp.im:operator",
               "content": "Add it under Billing, Company.", "timestamp": 1700000060000}
            """
        let (run, note, _) = try Self.importDetected(
            "crisp.json",
            """
            {"messages": [\(messages),
              {"session_id": "session_b", "type": "text", "from": "user", "origin": "chat",
               "content": "Is there a student discount?", "timestamp": 1700000100000},
              {"session_id": "session_b", "type": "text", "from": "operator", "origin": "chat",
               "content": "Yes, 30% with a university address.", "timestamp": 1700000160000}
            ]}
            """)
        #expect(note?.contains("joined into conversations by session_id") == true)
        #expect(note?.contains("roles from from") == true)
        #expect(run.records.map(\.ticketID) == ["session_a", "session_b"])
        #expect(
            run.records[0].turnLines == [
                "customer: Can I get an invoice with my company name?", "agent: Add it under Billing, Company.",
            ])
        #expect(run.records[0].metadata["internal_notes"] == ["vip customer"])
        // One conversation's messages naming none: the document is that conversation, the note still aside.
        let one = try Self.importDetected(
            "crisp-one.json",
            "{\"messages\": [\(messages.replacingOccurrences(of: "\"session_id\": \"session_a\", ", with: ""))]}")
        #expect(one.run.records.count == 1)
        #expect(
            one.run.records[0].messages.map(\.content) == [
                "Can I get an invoice with my company name?", "Add it under Billing, Company.",
            ])
        #expect(one.run.records[0].metadata["internal_notes"] == ["vip customer"])
    }

    @Test func helpScoutThreadRowsByTheirCreatorWithNotesAsideAndChangesLeftOut() throws {
        let (run, note, _) = try Self.importDetected(
            "help-scout-threads.csv",
            """
            Conversation ID,Thread Type,Created By,Body,Created At
            9001,customer,ann@example.com,"The export button does nothing on Safari.",2024-01-05 10:00
            9001,note,kim@acme.io,"Known bug, ticket ENG-88",2024-01-05 10:02
            9001,message,kim@acme.io,"It is a Safari bug we fixed today; please reload the page.",2024-01-05 10:10
            9002,customer,bo@example.com,"Can I add a second admin?",2024-01-06 09:00
            9002,message,kim@acme.io,"Yes, under Team, Invite, choose Admin.",2024-01-06 09:20
            9002,lineitem,kim@acme.io,"Marked as Closed",2024-01-06 09:21

            """, format: .csv)
        #expect(note?.contains("Created By names the speakers") == true)
        #expect(run.records.map(\.ticketID) == ["9001", "9002"])
        #expect(
            run.records[0].turnLines == [
                "customer: The export button does nothing on Safari.",
                "agent: It is a Safari bug we fixed today; please reload the page.",
            ])
        #expect(run.records[0].metadata["internal_notes"] == ["Known bug, ticket ENG-88"])
        // The change of status is nobody's words.
        #expect(run.records[1].messages.map(\.content).last == "Yes, under Team, Invite, choose Admin.")
        #expect(run.notes.contains { $0.contains("left out as notices, nobody's words (lineitem 1)") })
    }

    @Test func twiliosConversationsByTheirSIDsTheirAuthorsBySpeaker() throws {
        let (run, note, _) = try Self.importDetected(
            "twilio-messages.json",
            """
            {"messages": [
              {"sid": "IM04", "conversation_sid": "CH2", "author": "+15559870002",
               "body": "What are your opening hours?", "index": 0, "date_created": "2024-05-02T10:00:00Z"},
              {"sid": "IM02", "conversation_sid": "CH1", "author": "agent.maria",
               "body": "Sure, which day works for you?", "index": 1, "date_created": "2024-05-01T10:01:00Z"},
              {"sid": "IM01", "conversation_sid": "CH1", "author": "+15551230001",
               "body": "I need to move my appointment on Friday.", "index": 0, "date_created": "2024-05-01T10:00:00Z"},
              {"sid": "IM05", "conversation_sid": "CH2", "author": "agent.maria",
               "body": "8 am to 6 pm, Monday to Saturday.", "index": 1, "date_created": "2024-05-02T10:01:00Z"}
            ], "meta": {"page": 0, "page_size": 50}}
            """)
        #expect(note?.contains("joined into conversations by conversation_sid, ordered by date_created") == true)
        #expect(Set(run.records.compactMap(\.ticketID)) == ["CH1", "CH2"])
        let moved = try #require(run.records.first { $0.ticketID == "CH1" })
        // Whoever opens the conversation (by its time, not the file's order) is the customer.
        #expect(
            moved.turnLines == [
                "customer: I need to move my appointment on Friday.", "agent: Sure, which day works for you?",
            ])
    }

    @Test func livePersonsConversationRecordsWithTheirMessageRecords() throws {
        let (run, _, _) = try Self.importDetected(
            "liveperson-conversations.json",
            """
            {"_metadata": {"count": 1},
             "conversationHistoryRecords": [
              {"info": {"startTime": "2024-05-01 10:00:00.000+0000", "conversationId": "lp-1", "status": "CLOSE"},
               "campaign": {"campaignName": "Live_Chat_on_your_site"},
               "messageRecords": [
                {"type": "TEXT_PLAIN", "messageData": {"msg": {"text": "My router keeps rebooting."}},
                 "messageId": "ms::1", "seq": 0, "time": "2024-05-01 10:00:01.000+0000", "sentBy": "Consumer"},
                {"type": "TEXT_PLAIN", "messageData": {"msg": {"text": "customer on old firmware"}},
                 "messageAudience": "AGENTS_AND_MANAGERS", "messageId": "ms::2", "seq": 1, "sentBy": "Agent"},
                {"type": "TEXT_PLAIN", "messageData": {"msg": {"text": "Hold the reset button for 10 seconds."}},
                 "messageAudience": "ALL", "messageId": "ms::3", "seq": 2, "sentBy": "Agent"},
                {"type": "RICH_CONTENT",
                 "messageData": {"richContent": {"content": "{\\"type\\":\\"vertical\\",\\"elements\\":[]}"}},
                 "messageId": "ms::4", "seq": 3, "sentBy": "Agent"}
               ],
               "agentParticipants": [{"agentFullName": "Kim", "role": "AGENT"}],
               "interactions": [{"assignedAgentFullName": "Kim", "interactiveSequence": 1}],
               "transfers": []}
             ]}
            """)
        #expect(run.failures.isEmpty)
        let chat = try #require(run.records.first)
        // The conversation's id is in its `info`; a card's JSON is no text; the private text is the team's.
        #expect(chat.ticketID == "lp-1")
        #expect(
            chat.turnLines == [
                "customer: My router keeps rebooting.", "agent: Hold the reset button for 10 seconds.",
            ])
        #expect(chat.metadata["internal_notes"] == ["customer on old firmware"])
    }

    @Test func genesysPhrasesByTheirParticipantsPurpose() throws {
        let (run, _, _) = try Self.importDetected(
            "genesys-transcript.json",
            """
            {"conversationId": "g-1", "mediaType": "chat", "transcripts": [{"transcriptId": "t-1", "phrases": [
              {"text": "Welcome to Acme. Please hold.", "startTimeMs": 1700000000000, "participantPurpose": "acd"},
              {"text": "I cannot log in to the portal.", "startTimeMs": 1700000001000, "participantPurpose": "external"},
              {"text": "I reset your password; check your e-mail.", "startTimeMs": 1700000030000,
               "participantPurpose": "internal"}
            ]}]}
            """)
        #expect(run.failures.isEmpty)
        // One conversation, not three texts: `internal` is the agent here, the routing's prompt no one's turn; the
        // document names it above its transcripts.
        #expect(run.records.count == 1)
        #expect(run.records.first?.ticketID == "g-1")
        #expect(
            run.records.first?.turnLines == [
                "customer: I cannot log in to the portal.", "agent: I reset your password; check your e-mail.",
            ])
    }

    @Test func salesforceConversationEntriesWithTheirChatbotAndSupervisor() throws {
        let (run, note, _) = try Self.importDetected(
            "ConversationEntry.csv",
            """
            Id,ConversationId,ActorType,ActorName,Message,EntryTime,EntryType
            0Mw3,0Mx1,Agent,Kim,"The bank flagged it; approve it in your banking app.",2024-08-01T10:02:00Z,Text
            0Mw1,0Mx1,EndUser,Ann,"My card was declined at checkout.",2024-08-01T10:00:00Z,Text
            0Mw2,0Mx1,Chatbot,Astro,"Let me find an agent for you.",2024-08-01T10:00:05Z,Text
            0Mw4,0Mx2,EndUser,Bo,"Where is my order 7781?",2024-08-02T10:00:00Z,Text
            0Mw5,0Mx2,Supervisor,Lee,"It ships tomorrow morning.",2024-08-02T10:03:00Z,Text

            """, format: .csv)
        #expect(note?.contains("ordered by EntryTime") == true)
        #expect(run.records.map(\.ticketID) == ["0Mx1", "0Mx2"])
        #expect(run.records[0].messages.map(\.role) == [.user, .assistant, .assistant])
        #expect(run.records[1].turnLines == ["customer: Where is my order 7781?", "agent: It ships tomorrow morning."])
    }

    @Test func kustomersJSONAPIMessagesByTheirConversationRelationship() throws {
        let message = { (id: String, conversation: String, direction: String, text: String, time: String) in
            """
            {"type": "message", "id": "\(id)",
             "attributes": {"channel": "chat", "direction": "\(direction)", "preview": "\(text)", "createdAt": "\(time)"},
             "relationships": {"conversation": {"data": {"type": "conversation", "id": "\(conversation)"}},
                               "customer": {"data": {"type": "customer", "id": "cust-\(conversation)"}}},
             "links": {"self": "/v1/messages/\(id)"}}
            """
        }
        let (run, note, _) = try Self.importDetected(
            "kustomer-messages.json",
            "{\"data\": ["
                + [
                    message("k2", "c1", "out", "I refunded the renewal.", "2024-07-01T11:00:00Z"),
                    message("k1", "c1", "in", "My plan renewed although I cancelled it.", "2024-07-01T10:00:00Z"),
                    message("k3", "c2", "in", "Can I change the delivery address?", "2024-07-02T10:00:00Z"),
                    message("k4", "c2", "out", "Yes, until it ships.", "2024-07-02T10:05:00Z"),
                ].joined(separator: ", ") + "], \"links\": {\"next\": null}}")
        #expect(note?.contains("joined into conversations by conversation_id, ordered by createdAt") == true)
        #expect(run.records.map(\.ticketID) == ["c1", "c2"])
        #expect(
            run.records[0].turnLines == [
                "customer: My plan renewed although I cancelled it.", "agent: I refunded the renewal.",
            ])
        #expect(run.records[0].metadata["customer_id"] == "cust-c1")
        // Not a resource object: a member the specification does not name.
        let other = JSONObject(membersWithDistinctKeys: [
            ("type", .string("message")), ("attributes", .object(JSONObject())), ("body", .string("Hi")),
        ])
        #expect(RecordEnvelope.flattened(other) == nil)
    }

    @Test func oneConversationsMessagesNamingItAreStillOneConversation() throws {
        let (run, _, _) = try Self.importDetected(
            "one.json",
            """
            {"messages": [
              {"conversation_id": "k1", "role": "customer", "text": "The app logs me out every hour."},
              {"conversation_id": "k1", "role": "agent", "text": "Please update to 5.1; the bug is fixed there."}
            ]}
            """)
        #expect(run.records.count == 1)
        #expect(run.records[0].ticketID == "k1")
        #expect(run.records[0].messages.map(\.role) == [.user, .assistant])
    }

    @Test(arguments: [
        // Sunshine Conversations: `author.type` `user` or `business`.
        (
            #"{"author": {"type": "user", "displayName": "Maya"}, "content": {"type": "text", "text": "Where is order 8812?"}}"#,
            #"{"author": {"type": "business", "displayName": "Acme"}, "content": {"type": "text", "text": "It left today."}}"#
        ),
        // Smooch's first API: `role` `appUser` or `appMaker`.
        (
            #"{"role": "appUser", "name": "Leo", "text": "Where is order 8812?"}"#,
            #"{"role": "appMaker", "name": "Shop", "text": "It left today."}"#
        ),
    ])
    func messagingAuthorsOfTheBusiness(customer: String, business: String) throws {
        let (run, _, _) = try Self.importDetected(
            "sunshine.json", "{\"messages\": [\(customer), \(business)]}")
        #expect(run.failures.isEmpty)
        #expect(run.records.first?.turnLines == ["customer: Where is order 8812?", "agent: It left today."])
    }

    @Test func contentPartsOfAFieldAreItsParagraphs() {
        let freshchat: JSONValue = .array([
            .object(
                JSONObject(membersWithDistinctKeys: [
                    ("text", .object(JSONObject(membersWithDistinctKeys: [("content", .string("First."))])))
                ])),
            .object(
                JSONObject(membersWithDistinctKeys: [
                    ("image", .object(JSONObject(membersWithDistinctKeys: [("url", .string("https://x/y.png"))])))
                ])),
            .object(JSONObject(membersWithDistinctKeys: [("type", .string("text")), ("text", .string("Second."))])),
        ])
        #expect(freshchat.fieldText == "First.\nSecond.")
        // OpenAI's output parts, with their annotations, beside an image.
        let output: JSONValue = .array([
            .object(
                JSONObject(membersWithDistinctKeys: [
                    ("type", .string("output_text")), ("text", .string("Done.")), ("annotations", .array([])),
                ])),
            .object(
                JSONObject(membersWithDistinctKeys: [
                    ("type", .string("image_url")), ("image_url", .object(JSONObject())),
                ])),
        ])
        #expect(output.fieldText == "Done.")
        // Annotated pieces, or objects of other members, are no content parts.
        let entities: JSONValue = .array([
            .object(
                JSONObject(membersWithDistinctKeys: [("text", .string("Luigi's")), ("entity", .string("restaurant"))]))
        ])
        #expect(entities.fieldText == nil)
        let images: JSONValue = .array([
            .object(JSONObject(membersWithDistinctKeys: [("image", .object(JSONObject()))]))
        ])
        #expect(images.fieldText == nil)
    }
}

/// Records inside an API's envelope: Jira's issues (`fields`, Atlassian's rich-text documents, comments with
/// `jsdPublic`), Airtable's rows (`fields`), Dynamics 365's e-mail activities (`directioncode`, the case they regard).
@Suite("Import: records in API envelopes")
struct APIEnvelopeImportTests {
    private static func document(_ text: String) -> String {
        #"{"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": ""#
            + text + #""}]}]}"#
    }

    @Test func jiraServiceManagementIssuesWithTheirPublicCommentsAsTheThread() throws {
        let (run, _, _) = try MessagingAPIExportTests.importDetected(
            "jira-issues.json",
            """
            {"startAt": 0, "total": 1, "issues": [{"expand": "renderedFields", "id": "10002",
              "self": "https://acme.atlassian.net/rest/api/3/issue/10002", "key": "SUP-1",
              "fields": {"summary": "VPN fails", "description": \(Self.document("Error 809 since this morning.")),
                "reporter": {"accountId": "557058:ann", "displayName": "Ann Lee"},
                "comment": {"comments": [
                  {"id": "100", "author": {"accountId": "5b10:kim", "displayName": "Kim"},
                   "body": \(Self.document("checked the gateway logs")), "jsdPublic": false},
                  {"id": "101", "author": {"accountId": "5b10:kim", "displayName": "Kim"},
                   "body": {"type": "doc", "version": 1, "content": [
                     {"type": "paragraph", "content": [{"type": "text", "text": "Update the client to 5.4; "},
                       {"type": "text", "text": "809 is fixed there.", "marks": [{"type": "strong"}]}]},
                     {"type": "bulletList", "content": [
                       {"type": "listItem", "content": [{"type": "paragraph", "content": [
                         {"type": "text", "text": "Then restart"}, {"type": "hardBreak"},
                         {"type": "mention", "attrs": {"id": "557058:ann", "text": "@Ann Lee"}}]}]}]}]},
                   "jsdPublic": true},
                  {"id": "102", "author": {"accountId": "557058:ann", "displayName": "Ann Lee"},
                   "body": \(Self.document("That fixed it.")), "jsdPublic": true}
                ], "maxResults": 3, "total": 3, "startAt": 0}}}]}
            """)
        #expect(run.failures.isEmpty)
        let issue = try #require(run.records.first)
        // The issue's key names it; its summary and description open the thread, the reporter's; the comment only
        // the team sees stays aside.
        #expect(issue.ticketID == "SUP-1")
        #expect(
            issue.turnLines == [
                "customer: VPN fails\n\nError 809 since this morning.",
                "agent: Update the client to 5.4; 809 is fixed there.\n\nThen restart\n@Ann Lee",
                "customer: That fixed it.",
            ])
        #expect(issue.metadata["internal_notes"] == ["checked the gateway logs"])
    }

    @Test func airtableRowsInTheirFields() throws {
        let (run, _, _) = try MessagingAPIExportTests.importDetected(
            "airtable.json",
            """
            {"records": [
              {"id": "recA1", "createdTime": "2024-01-01T10:00:00.000Z",
               "fields": {"Customer message": "My discount code does not work.", "Agent reply": "It expired; here is a new one.",
                          "Category": "Billing"}},
              {"id": "recA2", "createdTime": "2024-01-02T10:00:00.000Z",
               "fields": {"Customer message": "How do I export my data?", "Agent reply": "Settings, Export.",
                          "Category": "Account"}}
            ], "offset": "itrX"}
            """)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["recA1", "recA2"])
        #expect(run.records.map(\.input) == ["My discount code does not work.", "How do I export my data?"])
        #expect(run.records.map(\.response) == ["It expired; here is a new one.", "Settings, Export."])
        #expect(run.records.map(\.label) == ["Billing", "Account"])
    }

    @Test func dynamicsEmailActivitiesByDirectionCodeJoinedByTheirCase() throws {
        let email = { (id: String, subject: String, body: String, outgoing: Bool, caseID: String, time: String) in
            """
            {"activityid": "\(id)", "subject": "\(subject)", "description": "<html><body><p>\(body)</p></body></html>",
             "directioncode": \(outgoing), "_regardingobjectid_value": "\(caseID)", "createdon": "\(time)"}
            """
        }
        let (run, note, _) = try MessagingAPIExportTests.importDetected(
            "emails.json",
            #"{"@odata.context": "https://org.crm.dynamics.com/api/data/v9.2/$metadata#emails", "value": ["#
                + [
                    email(
                        "e2", "RE: Late fee", "The fee was an error; I removed it.", true, "case-1",
                        "2024-03-01T11:00:00Z"),
                    email("e1", "Late fee", "Why was I charged a late fee?", false, "case-1", "2024-03-01T10:00:00Z"),
                    email("e3", "Password", "I cannot reset my password.", false, "case-2", "2024-03-02T10:00:00Z"),
                ].joined(separator: ", ") + "]}")
        #expect(note?.contains("joined into conversations by _regardingobjectid_value, ordered by createdon") == true)
        #expect(run.records.map(\.ticketID) == ["case-1", "case-2"])
        #expect(
            run.records[0].turnLines == [
                "customer: Late fee\n\nWhy was I charged a late fee?", "agent: The fee was an error; I removed it.",
            ])
    }

    @Test func aPathThroughTheEnvelopeKeepsIt() throws {
        let fields = JSONObject(membersWithDistinctKeys: [("summary", .string("VPN"))])
        let issue = JSONObject(membersWithDistinctKeys: [("key", .string("SUP-1")), ("fields", .object(fields))])
        #expect(RecordEnvelope.flattened(issue)?["summary"] == .string("VPN"))
        #expect(RecordEnvelope.flattened(issue)?["issue_key"] == .string("SUP-1"))
        let mapping = try FieldMapping(specifications: ["input=fields.summary"])
        #expect(RecordEnvelope.flattened(issue, mapping: mapping) == nil)
    }
}

/// A log of webhooks' events, one a line: each read as the record its `data` carries (Intercom's conversation in
/// `data.item`, Crisp's message in `data`), the event's own members kept aside under `webhook_event`.
@Suite("Import: webhook event logs")
struct WebhookEventLogTests {
    @Test func intercomsEventsAreTheConversationsTheyCarry() throws {
        let lines = [
            #"{"type": "notification_event", "app_id": "abc", "id": "notif_1", "topic": "conversation.admin.closed","#
                + #" "created_at": 1711965800, "data": {"type": "notification_event_data", "item": {"type":"#
                + #" "conversation", "id": "101", "source": {"type": "conversation", "body": "<p>My invoice is"#
                + #" wrong.</p>", "author": {"type": "user", "id": "u1"}}, "conversation_parts": {"type":"#
                + #" "conversation_part.list", "conversation_parts": [{"type": "conversation_part", "part_type":"#
                + #" "comment", "body": "<p>Fixed, see the new one.</p>", "author": {"type": "admin", "id": "ad1"}},"#
                + #" {"type": "conversation_part", "part_type": "close", "body": null, "author": {"type": "admin","#
                + #" "id": "ad1"}}]}}}}"#
        ]
        let (run, _, _) = try MessagingAPIExportTests.importDetected(
            "intercom-events.jsonl", lines.joined(separator: "\n") + "\n", format: .jsonl)
        #expect(run.failures.isEmpty)
        // The conversation's id, not the delivery's; the event's topic is no label.
        #expect(run.records.map(\.ticketID) == ["101"])
        #expect(run.records.first?.label == nil)
        #expect(run.records.first?.turnLines == ["customer: My invoice is wrong.", "agent: Fixed, see the new one."])
        #expect(
            run.records.first?.metadata["webhook_event"]?.objectValue?["topic"] == "conversation.admin.closed")
    }

    @Test func crispsMessageEventsAreMessageRowsJoinedByTheirSession() throws {
        let events = [
            ("session_a", "user", "Can my invoice name my company?", "message:send"),
            ("session_a", "operator", "Yes: Billing, Company.", "message:received"),
            ("session_b", "user", "Is there a student discount?", "message:send"),
            ("session_b", "operator", "Yes, 30% off.", "message:received"),
        ]
        let text = events.enumerated().map { index, event in
            #"{"website_id": "w1", "event": ""# + event.3 + #"", "data": {"website_id": "w1", "session_id": ""#
                + event.0 + #"", "type": "text", "from": ""# + event.1 + #"", "content": ""# + event.2
                + #"", "timestamp": "# + String(1_711_965_600_000 + index * 60_000) + "}}"
        }.joined(separator: "\n")
        let (run, note, _) = try MessagingAPIExportTests.importDetected(
            "crisp-events.jsonl", text + "\n", format: .jsonl)
        #expect(note?.contains("joined into conversations by session_id") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["session_a", "session_b"])
        #expect(run.records.map(\.response) == ["Yes: Billing, Company.", "Yes, 30% off."])
    }

    /// Telnyx delivers each event inside a `data` beside its `meta`, the message in the event's `payload`; an agent's
    /// message comes twice, as `message.sent` and as `message.finalized`.
    @Test func telnyxsEventsAreTheirMessagesJoinedByTheCustomerAndEachMessageKeptOnce() throws {
        func event(
            _ number: Int, _ type: String, _ id: String, customer: String, inbound: Bool, _ text: String, _ time: String
        )
            -> String
        {
            let business = #"{"phone_number": "+18445550001", "carrier": "Telnyx"}"#
            let person = #"{"phone_number": ""# + customer + #"", "carrier": "T-Mobile"}"#
            return #"{"data": {"record_type": "event", "id": "ev"# + String(number) + #"", "event_type": ""# + type
                + #"", "occurred_at": ""# + time + #"", "payload": {"record_type": "message", "direction": ""#
                + (inbound ? "inbound" : "outbound") + #"", "id": ""# + id + #"", "type": "SMS", "from": "#
                + (inbound ? person : business) + #", "to": ["# + (inbound ? business : person) + #"], "text": ""#
                + text + #"", "received_at": "# + (inbound ? #"""# + time + #"""# : "null") + #", "sent_at": "#
                + (inbound ? "null" : #"""# + time + #"""#) + #"}}, "meta": {"attempt": 1}}"#
        }
        let lines = [
            event(
                1, "message.received", "m1", customer: "+13125550101", inbound: true, "My order has not arrived",
                "2024-03-01T10:00:00Z"),
            event(
                2, "message.received", "m3", customer: "+13125550202", inbound: true, "How do I reset my password?",
                "2024-03-01T10:01:00Z"),
            event(
                3, "message.sent", "m2", customer: "+13125550101", inbound: false, "It ships tomorrow.",
                "2024-03-01T10:05:00Z"),
            event(
                4, "message.finalized", "m2", customer: "+13125550101", inbound: false, "It ships tomorrow.",
                "2024-03-01T10:05:00Z"),
            event(
                5, "message.sent", "m4", customer: "+13125550202", inbound: false, "Use the sign-in page's link.",
                "2024-03-01T10:06:00Z"),
            event(
                6, "message.finalized", "m4", customer: "+13125550202", inbound: false, "Use the sign-in page's link.",
                "2024-03-01T10:06:00Z"),
        ]
        let (run, note, _) = try MessagingAPIExportTests.importDetected(
            "telnyx-events.jsonl", lines.joined(separator: "\n") + "\n", format: .jsonl)
        #expect(note?.contains("--conversation-by-party from:to") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["+13125550101 2024-03-01", "+13125550202 2024-03-01"])
        #expect(
            run.records.map(\.turnLines) == [
                ["customer: My order has not arrived", "agent: It ships tomorrow."],
                ["customer: How do I reset my password?", "agent: Use the sign-in page's link."],
            ])
        #expect(run.notes.contains { $0.hasPrefix("2 rows repeat a message of their conversation") })
        let kept = run.records.first?.metadata["webhook_event"]?.objectValue
        #expect(kept?["event_type"] == "message.received")
        #expect(kept?["meta"]?.objectValue?["attempt"] == .number(1))
    }

    @Test func aMessageEditedUnderItsIdIsNoRepeat() throws {
        // The same id with other text is not the same message again: both are kept.
        let text = """
            conversation_id,id,author_type,body
            c1,1,customer,My card is blocked
            c1,2,agent,Unblocked now
            c1,2,agent,Unblocked now: try again in five minutes

            """
        let run = try ConversationImportTests.run(
            name: "messages.csv", text: text, ConversationOptions(grouping: .field("conversation_id")))
        #expect(
            run.records.first?.turnLines == [
                "customer: My card is blocked", "agent: Unblocked now",
                "agent: Unblocked now: try again in five minutes",
            ])
        #expect(!run.notes.contains { $0.contains("repeat a message") })
    }

    @Test func aRecordWithDataBesideItsOwnFieldsIsNoEvent() throws {
        let record = try #require(
            try JSONParser.parse(#"{"event": "signup", "text": "I cannot sign up.", "data": {"browser": "Firefox"}}"#)
                .objectValue)
        #expect(EventEnvelope.flattened(record) == nil)
        let event = try #require(
            try JSONParser.parse(#"{"event": "message:send", "data": {"content": "Hello", "from": "user"}}"#)
                .objectValue)
        #expect(EventEnvelope.flattened(event)?["content"] == "Hello")
        // A path through the envelope keeps it.
        let mapping = try FieldMapping(specifications: ["input=data.content"])
        #expect(RecordEnvelope.flattened(event, mapping: mapping) == nil)
    }
}
