import Foundation
import Testing
import WinnowCore
import WinnowTestSupport

@testable import WinnowImport

/// Reads a JSON document `text` with the JSON document importer.
private func importJSON(
    _ text: String, options: ImportOptions = ImportOptions(), blockSize: Int = 1 << 20
) throws -> ImportRun {
    try ImportRun(JSONDocumentImporter(blockSize: blockSize), name: "export.json", text: text, options: options)
}

/// Options naming the records path.
private func recordsOptions(_ path: String) -> ImportOptions {
    var options = ImportOptions()
    options.recordsPath = path
    return options
}

/// Conversations whose turns name their author by key, as a chat-centre export writes them.
private let keyedConversations = """
    [
      {
        "conversationId": "c-1",
        "Ticket Type": "Billing",
        "dialogContent": [
          {"client": "Ann Lee", "message": "I was charged twice."},
          {"agent": "Bob", "message": "Sorry, I have refunded the second charge."},
          {"client": "Ann Lee", "message": "Thanks!"},
          {"agent": "Bob", "message": "You are welcome."}
        ]
      },
      {
        "conversationId": "c-2",
        "Ticket Type": "Shipping",
        "dialogContent": [
          {"client": "Cy", "message": "Where is my parcel?"},
          {"agent": "Dee", "message": "It left the depot today."}
        ]
      }
    ]
    """

@Suite("JSON documents: records, conversations and mapping")
struct JSONDocumentRecordTests {
    @Test func anArchiveScriptsConversationIDsNameItsAccountAcrossBlocks() {
        let document = Array(
            """
            window.YTD.direct_messages.part0 = [
              { "dmConversation" : { "conversationId" : "111-900", "messages" : [ ] } },
              { "dmConversation" : { "conversationId" : "222-900", "messages" : [ ] } },
              { "dmConversation" : { "conversationId" : "333-900", "messages" : [ ] } }
            ]
            """.utf8)
        #expect(ArchiveScript.jsonStart(document) == 35 && ArchiveScript.reason(document) == "")
        for size in [1, 7, 19, document.count] {
            var ids = ArchiveScript.ConversationIDs()
            for start in stride(from: 0, to: document.count, by: size) {
                ids.feed(Array(document[start..<min(start + size, document.count)]))
            }
            #expect(ids.owner?.id == "900" && ids.owner?.conversations == 3, "blocks of \(size)")
        }
        // Two accounts in every conversation (one conversation) name no owner; nor does a group's id.
        var one = ArchiveScript.ConversationIDs()
        one.feed(Array(#""conversationId" : "111-900", "conversationId" : "1500000""#.utf8))
        #expect(one.owner == nil)
        #expect(ArchiveScript.jsonStart(Array("window.app = [1]".utf8)) == nil)
        #expect(ArchiveScript.reason(Array("window.YTD.tweets.part0 = []".utf8))?.hasSuffix("(tweets)") == true)
    }

    @Test func theFirstArrayOfObjectsIsFoundOneLevelDownWhereNoneIsAtTheTop() {
        func first(_ json: String) -> String? { JSONDocumentSurvey.head(inPrefix: Array(json.utf8))?.firstArray }
        // Discourse's topic: the posts in `post_stream`.
        #expect(first(#"{"post_stream": {"posts": [{"id": 1}], "stream": [1]}, "id": 77}"#) == "post_stream.posts")
        // Chatwoot's messages: `meta.labels` holds strings or nothing; the messages are `payload`.
        #expect(first(#"{"meta": {"labels": ["vip"], "ids": []}, "payload": [{"id": 1}]}"#) == "payload")
        // An array at the top is named whatever it holds, as before.
        #expect(first(#"{"name": "x", "tags": ["a"], "messages": [{"id": 1}]}"#) == "tags")
        #expect(first(#"[{"id": 1}]"#) == nil)
    }

    @Test func arrayOfConversationsWithKeyedRoles() throws {
        let run = try importJSON(keyedConversations, options: try mappingOptions("messages=dialogContent"))
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.locator) == [.record(1), .record(2)])
        let first = try #require(run.records.first)
        #expect(first.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(first.input == "I was charged twice.\n\nThanks!")
        #expect(first.response == "You are welcome.")
        #expect(first.ticketID == "c-1")
        #expect(first.label == "Billing")
        #expect(run.records.last?.response == "It left the depot today.")
    }

    @Test func pathAcrossAnArrayJoinsTheValuesInOrder() throws {
        let run = try importJSON(keyedConversations, options: try mappingOptions("input=dialogContent.message"))
        #expect(run.failures.isEmpty)
        #expect(
            run.records.last?.input == "Where is my parcel?\n\nIt left the depot today.")
        #expect(run.records.first?.input.components(separatedBy: "\n\n").count == 4)
        // A number still picks one element.
        let first = try importJSON(keyedConversations, options: try mappingOptions("input=dialogContent.1.message"))
        #expect(
            first.records.map(\.input) == ["Sorry, I have refunded the second charge.", "It left the depot today."])
    }

    @Test func nestedRecordsAreFoundAutomaticallyAndNamed() throws {
        let text = """
            {"meta": {"exported": "2024-05-01", "pages": [1, 2]},
             "data": {"tickets": [
               {"ticketSubject": "Refund", "ticketDescription": "Please refund order 7."},
               {"ticketSubject": "Login", "ticketDescription": "I cannot sign in."}
             ], "count": 2}}
            """
        let run = try importJSON(text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["Refund\n\nPlease refund order 7.", "Login\n\nI cannot sign in."])
        #expect(run.records.map(\.locator) == [.record(1), .record(2)])
        #expect(run.notes.contains { $0.contains("data.tickets") })
        let named = try importJSON(text, options: recordsOptions("data.tickets"))
        #expect(named.records.map(\.input) == run.records.map(\.input))
        #expect(named.notes.isEmpty)
    }

    @Test func severalArraysAreRefusedWithTheirList() throws {
        let text = """
            {"tickets": [{"text": "a"}, {"text": "b"}], "comments": [{"body": "c"}], "tags": ["x", "y"]}
            """
        let error = try #require(thrownImportError { _ = try importJSON(text) })
        #expect(error.message.contains("tickets (2 objects)"))
        #expect(error.message.contains("comments (1 object)"))
        #expect(!error.message.contains("tags"))
        #expect(error.message.contains("--records"))
        let chosen = try importJSON(text, options: recordsOptions("tickets"))
        #expect(chosen.records.map(\.input) == ["a", "b"])
    }

    @Test func theOneArrayHoldingTextIsTheRecords() throws {
        // LUIS's app export: `utterances` beside the `intents` and `entities` they use.
        let text = """
            {"luis_schema_version": "7.0.0", "intents": [{"name": "Refund"}, {"name": "None"}],
             "entities": [{"name": "order", "roles": []}],
             "utterances": [{"text": "refund order 7", "intent": "Refund", "entities": []},
                            {"text": "what time is it", "intent": "None", "entities": []}]}
            """
        let run = try importJSON(text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["refund order 7", "what time is it"])
        #expect(run.records.map(\.label) == ["Refund", "None"])
        #expect(run.records.map(\.locator) == [.record(1), .record(2)])
        let note = run.notes.first { $0.contains("records read from utterances") }
        #expect(note?.contains("intents (2 objects)") == true)
    }

    @Test(arguments: ["tickets.list", "agents", "nothing"])
    func aRecordsPathThatLeadsToNoArrayIsRefused(path: String) throws {
        let text = #"{"tickets": {"list": 3}, "agents": "Bob", "other": [{"text": "a"}]}"#
        let error = try #require(thrownImportError { _ = try importJSON(text, options: recordsOptions(path)) })
        #expect(error.kind == .invalidMapping)
        #expect(error.message.contains("--records \(path)"))
    }

    @Test func anObjectWithoutAnArrayOfRecordsIsOneRecord() throws {
        let text = """
            {
              "id": 7,
              "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]
            }
            """
        let run = try importJSON(text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.locator) == [.record(1)])
        #expect(run.records.first?.response == "Hello")
        #expect(run.notes.contains { $0.contains("one record") })
    }

    @Test func aRecordThatMapsToNothingIsQuarantinedWithItsIndex() throws {
        let text = #"[{"text": "fine"}, {"priority": "high"}, 42, {"text": "also fine"}]"#
        let run = try importJSON(text)
        #expect(run.records.map(\.input) == ["fine", "also fine"])
        #expect(run.records.map(\.locator) == [.record(1), .record(4)])
        #expect(run.failures.map(\.locator) == [.record(2), .record(3)])
        #expect(run.failures.map(\.kind) == [.noInput, .notAnObject])
        #expect(run.failures.allSatisfy { $0.file == "export.json" })
        #expect(run.failures.first?.description.hasPrefix("export.json, record 2: no input text") == true)
    }

    @Test func aRecordWithInvalidTextIsQuarantinedAndReadingGoesOn() throws {
        let text = "[\n{\"text\": \"one\"},\n{\"text\": tru},\n{\"text\": \"three\"}\n]"
        let run = try importJSON(text)
        #expect(run.records.map(\.input) == ["one", "three"])
        let failure = try #require(run.failures.first)
        #expect(failure.kind == .invalidJSON)
        #expect(failure.locator == .record(2))
        #expect(failure.message.contains("line 3"))
    }

    /// A document whose structure breaks stops there: the records before it are kept, and the quarantine entry
    /// names the line, column and byte offset, whatever the block edges.
    @Test(arguments: [1, 5, 17, 64, 1 << 20])
    func aSyntaxErrorMidFileKeepsTheRecordsBefore(blockSize: Int) throws {
        let text = "[\n  {\"text\": \"one\"},\n  {\"text\": \"two\"}\n  {\"text\": \"three\"}\n]\n"
        let run = try importJSON(text, blockSize: blockSize)
        #expect(run.records.map(\.input) == ["one", "two"])
        #expect(run.failures.count == 1)
        let failure = try #require(run.failures.first)
        #expect(failure.kind == .invalidJSON)
        #expect(failure.locator == .line(4))
        #expect(failure.column == 3)
        let offset = text.utf8.count - "{\"text\": \"three\"}\n]\n".utf8.count
        #expect(failure.message.contains("byte offset \(offset):"))
        #expect(failure.message.contains("expected ',' or ']'"))
        #expect(failure.message.contains("2 records before it were read"))
    }

    @Test func aTruncatedDocumentNamesTheRecordCutShort() throws {
        let text = "[{\"text\": \"one\"},\n {\"text\": \"tw"
        let run = try importJSON(text)
        #expect(run.records.map(\.input) == ["one"])
        let failure = try #require(run.failures.first)
        #expect(failure.message.contains("ends before the JSON document does"))
        #expect(failure.message.contains("record 2, which starts on line 2"))
    }

    @Test func jsonLinesNamedAsADocumentSayWhatTheyAre() throws {
        let run = try importJSON("{\"text\": \"a\"}\n{\"text\": \"b\"}\n")
        #expect(run.records.map(\.input) == ["a"])
        #expect(run.failures.first?.message.contains("--format jsonl") == true)
    }

    /// Records come out the same whatever the block size: records, escapes and brackets inside strings, a byte
    /// order mark, and record lines.
    @Test(arguments: [1, 2, 3, 7, 16, 1 << 20])
    func recordsAcrossBlockEdges(blockSize: Int) throws {
        let text = """
            {"page": {"next": null, "note": "a ] and a } in a string"},
             "results": [
              {"text": "first \\"quoted\\" [x]", "tags": ["a", {"b": 1}]},
              {"text": "caf\u{E9} \u{1F600}"},
              {"text": "third", "label": "L"}
            ]}
            """
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        let run = try ImportRun(JSONDocumentImporter(blockSize: blockSize), name: "export.json", bytes: bytes)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["first \"quoted\" [x]", "caf\u{E9} \u{1F600}", "third"])
        #expect(run.records.map(\.locator) == [.record(1), .record(2), .record(3)])
        #expect(run.records.last?.label == "L")
    }

    @Test func recordsKeyedByTheirIdsAreRecords() throws {
        let keyed = """
            {
              "T-1": {"subject": "Late parcel", "body": "Where is my parcel?", "category": "Shipping"},
              "T-2": {"subject": "Refund", "body": "I was charged twice.", "category": "Billing"},
              "T-3": {"ticket_id": "X", "subject": "Login", "body": "I cannot log in."}
            }
            """
        let run = try importJSON(keyed)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["T-1", "T-2", "X"])
        #expect(run.records.map(\.locator) == [.record(1), .record(2), .record(3)])
        #expect(run.records[2].metadata["key"] == "T-3")
        #expect(run.notes.contains { $0.contains("holds 3 objects keyed by their ids") })
        // One record made of parts is still one record.
        let parts = #"{"request": {"id": 1, "body": "Q"}, "response": {"id": 2, "body": "A"}}"#
        #expect(try importJSON(parts).records.count + importJSON(parts).failures.count == 1)
    }

    @Test func recordsKeyedByTheirIdsEachWithTheirOwnThreadAreRecords() throws {
        // MSDialog's shape: dialogues keyed by id, each with its utterances.
        let keyed = """
            {
              "123": {"title": "Update stuck", "category": "Windows 10", "utterances": [
                {"id": 0, "actor_type": "User", "utterance": "My update is stuck at 99%."},
                {"id": 1, "actor_type": "Agent", "utterance": "Run the troubleshooter, then restart."}]},
              "124": {"title": "Outlook crashes", "category": "Office", "utterances": [
                {"id": 0, "actor_type": "User", "utterance": "Outlook crashes when I open it."},
                {"id": 1, "actor_type": "Agent", "utterance": "Start it in safe mode."}]},
              "125": {"title": "No answer yet", "category": "Office", "utterances": [
                {"id": 0, "actor_type": "User", "utterance": "Excel is slow."}]}
            }
            """
        let run = try importJSON(keyed)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["123", "124", "125"])
        #expect(run.records.map(\.label) == ["Windows 10", "Office", "Office"])
        #expect(run.records.first?.response == "Run the troubleshooter, then restart.")
        #expect(run.records.first?.messages.map(\.role) == [.user, .assistant])
        #expect(run.notes.contains { $0.contains("inside objects keyed by their ids") })
        // Arrays at different paths are still a choice to make.
        let mixed = """
            {"a": {"tickets": [{"body": "x"}]}, "b": {"users": [{"message": "y"}]}}
            """
        #expect(thrownImportError { _ = try importJSON(mixed) }?.message.contains("several arrays") == true)
    }

    @Test func aFirebaseExportsCollectionsAndMessagesKeyedByTheirIds() throws {
        // A Realtime Database export has no arrays: chats keyed by push ids, each chat's messages keyed too.
        let export = """
            {
              "chats": {
                "-NqA1": {"customerId": "u1", "messages": {
                  "-NqA1m1": {"role": "customer", "text": "My card was declined twice."},
                  "-NqA1m2": {"role": "agent", "text": "Your bank blocked it; please call them."}}},
                "-NqB2": {"customerId": "u2", "messages": {
                  "-NqB2m1": {"role": "customer", "text": "How do I change my PIN?"},
                  "-NqB2m2": {"role": "agent", "text": "In the app under Card, then PIN."},
                  "-NqB2m3": {"role": "customer", "text": "Found it, thanks."}}}
              },
              "users": {"u1": {"name": "Ann"}, "u2": {"name": "Bo"}, "u3": {"name": "Cy"}}
            }
            """
        let run = try importJSON(export)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["-NqA1", "-NqB2"])
        #expect(run.records.map(\.locator) == [.part("chats", .record(1)), .part("chats", .record(2))])
        #expect(
            run.records.map(\.response) == [
                "Your bank blocked it; please call them.", "In the app under Card, then PIN.",
            ])
        #expect(run.records.last?.messages.map(\.role) == [.user, .assistant, .user])
        #expect(run.notes.contains { $0.contains("chats holds 2 objects keyed by their ids") && $0.contains("users") })
        // A ticket whose comments are keyed beside it is one record.
        let ticket = """
            {"ticket": {"id": 7, "subject": "Login", "body": "I cannot log in."},
             "comments": {"c1": {"author": "Ann", "body": "Still broken"}, "c2": {"author": "Sam", "body": "Fixed"},
                          "c3": {"author": "Ann", "body": "Thanks"}}}
            """
        #expect(try importJSON(ticket).records.count + importJSON(ticket).failures.count == 1)
    }

    @Test func oneTicketsMessagesFromAnAPIAreOneConversation() throws {
        // Zoho Desk's answer for one ticket's threads: messages telling their side, naming no ticket.
        let threads = """
            {"data": [
              {"id": "1", "direction": "in", "content": "<div>My license key does not work.</div>",
               "author": {"name": "Ann", "type": "END_USER"}},
              {"id": "2", "direction": "out", "content": "<div>We renewed it; please try again.</div>",
               "author": {"name": "Sam", "type": "AGENT"}}
            ]}
            """
        let run = try importJSON(threads)
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 1)
        #expect(run.records.first?.input == "My license key does not work.")
        #expect(run.records.first?.response == "We renewed it; please try again.")
        #expect(run.notes.contains { $0.contains("read as one conversation") })
        // Named records stay records: `--records` asks for them, and messages naming their ticket are rows of many.
        #expect(try importJSON(threads, options: recordsOptions("data")).records.count == 2)
        let rows = threads.replacingOccurrences(of: #""id": "#, with: #""ticket_id": "T", "id": "#)
        #expect(try importJSON(rows).records.count == 2)
    }

    @Test func anEmptyArrayHasNoRecordsAndAnEmptyFileIsRefused() throws {
        let run = try importJSON("  [ ]  ")
        #expect(run.records.isEmpty)
        #expect(run.failures.isEmpty)
        #expect(thrownImportError { _ = try importJSON("  \n") }?.kind == .unreadableFile)
    }
}

@Suite("JSON documents: conversation turns")
struct TurnShapeTests {
    private func turns(_ json: String) throws -> Result<TurnReader.Turns, MessageFormatError> {
        TurnReader.read(try JSONParser.parse(json))
    }

    @Test(arguments: [
        (#"[{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}]"#, [MessageRole.user, .assistant]),
        (#"[{"sender": "Customer", "text": "Q"}, {"sender": "Support Agent", "text": "A"}]"#, [.user, .assistant]),
        (
            #"[{"author": {"name": "Ann", "role": "end-user"}, "body": "Q"}, {"author": "operator", "body": "A"}]"#,
            [.user, .assistant]
        ),
        (#"[{"speaker": "CLIENT", "utterance": "Q"}, {"speaker": "Staff", "utterance": "A"}]"#, [.user, .assistant]),
        (#"[{"participant": "requester", "content": "Q"}, {"type": "bot", "message": "A"}]"#, [.user, .assistant]),
        (#"[{"customer": "Ann", "message": "Q"}, {"support": "Bob", "message": "A"}]"#, [.user, .assistant]),
        (#"[{"user": "Q", "bot": "A"}]"#, [.user, .assistant]),
    ])
    func rolesInCommonShapes(json: String, roles: [MessageRole]) throws {
        let read = try turns(json).get()
        #expect(read.messages.map(\.role) == roles)
        #expect(read.messages.map(\.content) == ["Q", "A"])
    }

    @Test func aDialogueOfUserAndSystemSpeakersHasTheSystemAsTheAgent() throws {
        // MultiWOZ's and SGD's `turns`: `SYSTEM` answers `USER`.
        let dialogue = """
            [{"speaker": "USER", "turn_id": "0", "utterance": "I need a cheap hotel in the north."},
             {"speaker": "SYSTEM", "turn_id": "1", "utterance": "The Acorn guest house is cheap. Shall I book it?"},
             {"speaker": "USER", "turn_id": "2", "utterance": "Yes, for two nights please."},
             {"speaker": "SYSTEM", "turn_id": "3", "utterance": "Booked. Your reference is 7GAWK763."}]
            """
        let read = try turns(dialogue).get()
        #expect(read.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(read.events.isEmpty)
        // ShareGPT's `from: system` opening the conversation is its system prompt; a helpdesk's system author
        // later in a thread wrote an event.
        let shareGPT = """
            [{"from": "system", "value": "You are Acme's support assistant."}, {"from": "human", "value": "Q"},
             {"from": "gpt", "value": "A"}]
            """
        let prompt = try turns(shareGPT).get()
        #expect(prompt.messages.map(\.role) == [.system, .user, .assistant])
        #expect(prompt.messages.first?.content == "You are Acme's support assistant.")
        let helpdesk = """
            [{"actor_type": "user", "text": "Q"}, {"actor_type": "system", "text": "Assigned to Emma"},
             {"actor_type": "agent", "text": "A"}]
            """
        let events = try turns(helpdesk).get()
        #expect(events.messages.map(\.role) == [.user, .assistant])
        #expect(events.events == ["Assigned to Emma"])
    }

    @Test func aFieldOfAuthorAndTextPairsUnderAnyNameIsTheThread() throws {
        // ABCD's `original`, in a one-line document split into `train` and `dev`.
        let document =
            #"{"train": [{"convo_id": 3592, "scenario": {"flow": "product_defect"}, "original": "#
            + #"[["agent", "Hi!"], ["customer", "I need to return an item."], ["agent", "Sure, which order?"]]}], "#
            + #""dev": []}"#
        #expect(SourceFormat.detect(path: "abcd_v1.1.json", prefix: Array(document.utf8)) == .json)
        let run = try importJSON(document, options: recordsOptions("train"))
        let record = try #require(run.records.first)
        #expect(record.messages.map(\.role) == [.assistant, .user, .assistant])
        #expect(record.input == "I need to return an item.")
        #expect(record.response == "Sure, which order?")
        #expect(record.metadata["original"] == nil)
        // What --map names stays mapped.
        var labelled = recordsOptions("train")
        labelled.mapping = try FieldMapping(specifications: ["label=scenario.flow"])
        #expect(try importJSON(document, options: labelled).records.first?.label == "product_defect")
    }

    @Test func anAmazonConnectTranscriptIsOneConversationThoughItOpensWithAnEvent() throws {
        // One contact's chat transcript as Amazon Connect saves it: `Participants` beside `Transcript`, whose first
        // element is a join event without text; `ParticipantRole` tells the sides.
        let connect = #"""
            {"Version": "2019-08-26", "ContactId": "c-123",
             "Participants": [{"ParticipantId": "a1", "ParticipantRole": "CUSTOMER", "DisplayName": "Ann"},
                              {"ParticipantId": "b2", "ParticipantRole": "AGENT", "DisplayName": "Sam"}],
             "Transcript": [
              {"AbsoluteTime": "2024-03-01T10:00:00.000Z", "Type": "EVENT", "ParticipantId": "a1",
               "ContentType": "application/vnd.amazonaws.connect.event.participant.joined", "ParticipantRole": "CUSTOMER"},
              {"AbsoluteTime": "2024-03-01T10:00:05.000Z", "Content": "Hi, my order 5531 never arrived",
               "ContentType": "text/plain", "Type": "MESSAGE", "ParticipantId": "a1", "ParticipantRole": "CUSTOMER"},
              {"AbsoluteTime": "2024-03-01T10:01:00.000Z", "Content": "Sorry! I have sent a replacement today.",
               "ContentType": "text/plain", "Type": "MESSAGE", "ParticipantId": "b2", "ParticipantRole": "AGENT"}]}
            """#
        let run = try importJSON(connect)
        #expect(run.failures.isEmpty)
        let contact = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(contact.messages.map(\.role) == [.user, .assistant])
        #expect(contact.input == "Hi, my order 5531 never arrived")
        #expect(contact.response == "Sorry! I have sent a replacement today.")
    }

    @Test func messengerExportsAreOneConversationToldByTheNamesTheyGive() throws {
        // Telegram Desktop's export of one chat: the chat's name is the customer, the other speaker the business;
        // rich text as runs; a service message is no turn; the chat's type is no label.
        let telegram = #"""
            {"name": "Olga Petrova", "type": "personal_chat", "id": 5512345678, "messages": [
             {"id": 101, "type": "service", "date": "2024-02-01T10:00:00", "actor": "Olga Petrova", "text": ""},
             {"id": 102, "type": "message", "date": "2024-02-01T10:01:00", "from": "Olga Petrova",
              "text": ["My order ", {"type": "hashtag", "text": "#A-7781"}, " has not arrived."]},
             {"id": 103, "type": "message", "date": "2024-02-01T10:05:00", "from": "ShopCo Support",
              "text": "Sorry, Olga! A replacement ships today."}]}
            """#
        let chat = try #require(try importJSON(telegram).records.first)
        #expect(chat.messages.map(\.role) == [.user, .assistant])
        #expect(chat.input == "My order #A-7781 has not arrived.")
        #expect(chat.response == "Sorry, Olga! A replacement ships today.")
        #expect(chat.label == nil)
        // Facebook Messenger's `message_1.json`: UTF-8 written as Latin-1 escapes, newest first, titled with the
        // other party, who is the customer; `participants` is no list of records.
        let messenger = #"""
            {"participants": [{"name": "Ren\u00c3\u00a9 Fontaine"}, {"name": "Boulangerie Caf\u00c3\u00a9"}],
             "messages": [
              {"sender_name": "Ren\u00c3\u00a9 Fontaine", "timestamp_ms": 1710150300000, "content": "Merci \u00f0\u009f\u0098\u008a"},
              {"sender_name": "Boulangerie Caf\u00c3\u00a9", "timestamp_ms": 1710150200000, "content": "Oui, le samedi."},
              {"sender_name": "Ren\u00c3\u00a9 Fontaine", "timestamp_ms": 1710150100000, "content": "Avez-vous des g\u00c3\u00a2teaux sans gluten ?"}],
             "title": "Ren\u00c3\u00a9 Fontaine", "thread_path": "inbox/renefontaine_10158"}
            """#
        let run = try importJSON(messenger)
        #expect(run.failures.isEmpty)
        let thread = try #require(run.records.first)
        #expect(thread.messages.map(\.role) == [.user, .assistant, .user])
        #expect(thread.input == "Avez-vous des gâteaux sans gluten ?")
        #expect(thread.response == "Oui, le samedi.")
        #expect(thread.messages.last?.content == "Merci 😊")
        #expect(thread.metadata["title"] == "René Fontaine")
        #expect(thread.metadata["repaired_encoding"] != nil)
        // Only a file that escapes UTF-8 so is repaired; text written in Latin-1 is no such thing.
        #expect(ObjectRecordMapper.escapesUTF8AsLatin1(Array(#"{"a": "Ren\u00c3\u00a9"}"#.utf8)))
        #expect(!ObjectRecordMapper.escapesUTF8AsLatin1(Array(#"{"a": "caf\u00e9", "b": "Ren\u00e9"}"#.utf8)))
        var count = 0
        #expect(JSONValue.string("café crème").repairingUTF8ReadAsLatin1(count: &count) == .string("café crème"))
        #expect(count == 0)
    }

    @Test func roleByNamesTheFieldOfEachTurnThatTellsItsAuthor() throws {
        // DiscordChatExporter's channel: `type` is the kind of message, the author an object with a name.
        let channel = #"""
            {"channel": {"name": "help-desk"}, "messages": [
             {"id": "1", "type": "Default", "author": {"name": "pixelfox", "isBot": false}, "content": "My key fails."},
             {"id": "2", "type": "Reply", "author": {"name": "acme-support", "isBot": false}, "content": "Reset it here."}]}
            """#
        // Without it, the first to write is the customer (the accounts alone tell the sides).
        let told = try #require(try importJSON(channel).records.first)
        #expect(told.metadata["speaker_sides"]?.objectValue?["customer"] == "pixelfox")
        var options = ImportOptions()
        options.mapping.turnRoles = FieldMapping.TurnRoles(field: "author.name", agentValues: ["ACME-support"])
        let record = try #require(try importJSON(channel, options: options).records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant])
        #expect(record.response == "Reset it here.")
    }

    @Test func aBodyWithItsContentTypeIsItsContent() throws {
        // Microsoft Graph's messages (Teams, Outlook): `body` is `{"contentType": "html", "content": "..."}`.
        let graph = #"""
            {"value": [{"id": "1", "subject": null, "from": {"user": {"displayName": "Ann Lee"}},
              "body": {"contentType": "html", "content": "<div><p>Outlook keeps asking for my password</p></div>"}}]}
            """#
        let record = try #require(try importJSON(graph).records.first)
        #expect(record.input == "Outlook keeps asking for my password")
    }

    @Test func internalNotesStayOutOfTheThread() throws {
        let json = """
            [{"author_type": "customer", "body": "Q"}, {"author_type": "internal", "body": "VIP, be nice"},
             {"author_type": "agent", "body": "A"}]
            """
        let read = try turns(json).get()
        #expect(read.messages.map(\.content) == ["Q", "A"])
        #expect(read.internalNotes == ["VIP, be nice"])
        let record = try #require(
            try importJSON("[{\"thread\": \(json)}]", options: try mappingOptions("messages=thread")).records.first)
        #expect(record.response == "A")
        #expect(record.metadata["internal_notes"] == ["VIP, be nice"])
    }

    @Test func anUnknownRoleNamesTheTurnAndTheValuesSeen() throws {
        let json = #"[{"author": "Ann", "text": "Q"}, {"author": "Bob", "text": "A"}]"#
        guard case .failure(let error) = try turns(json) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description.contains("message 1 has unknown role 'Ann' (field 'author'"))
        #expect(error.description.contains("values seen: 'Ann', 'Bob'"))
        guard case .failure(let missing) = try turns(#"[{"text": "Q"}]"#) else {
            Issue.record("expected a failure")
            return
        }
        #expect(missing.description.contains("message 1 has no author (keys: 'text')"))
    }
}

@Suite("JSON documents: streaming")
struct JSONDocumentStreamingTests {
    /// A 50 MB array is read on two threads in chunks cut from the file (never parsed as one document). Its memory
    /// is measured in a process of its own by `StreamingMemoryTests` (this process runs other suites at once).
    @Test func aLargeArrayIsReadInChunks() throws {
        let scratch = try ScratchDirectory()
        let url = scratch.url.appendingPathComponent("large.json")
        let records = try LargeJSONDocument.write(to: url, megabytes: 50)

        var imported = 0
        var failures = 0
        let opened = try JSONDocumentImporter().open(
            try SourceFile(url: url, displayPath: "large.json"), options: ImportOptions())
        defer { opened.close() }
        guard case .chunks(var chunks) = opened.records else {
            Issue.record("a JSON document is read in chunks")
            return
        }
        let parser = chunks.parser
        try chunks.forEachChunk(
            workers: 2,
            { chunk in
                var counts = (records: 0, failures: 0)
                parser.parse(chunk) { event in
                    if case .record = event { counts.records += 1 }
                    if case .failure = event { counts.failures += 1 }
                }
                return counts
            }
        ) { counts in
            imported += counts.records
            failures += counts.failures
        }
        #expect(failures == 0)
        #expect(imported == records)
        #expect(
            opened.preamble.contains { if case .note(let note) = $0 { note.contains("from tickets") } else { false } })
    }
}
