import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore
import WinnowTestSupport

/// One import path for every format: the digest worked out by the pass that opens a file when it reads every byte,
/// the source stored with its format as a type, and a dry run that neither hashes nor writes.
@Suite("Import: one path for every format")
struct ImportPathTests {
    static let fixtures = CommandLineTool.packageRoot.appendingPathComponent("Fixtures")

    /// Files of each format, and whether opening them reads every byte (so that it can hash them on the way).
    static let files: [(path: String, opensWhole: Bool)] = [
        ("export.csv", true), ("legacy-cp1252.csv", true), ("tickets.jsonl", false), ("conversations.json", false),
        ("html/email-thread.html", true), ("mail/base64-utf8.eml", true),
    ]

    @Test(arguments: files)
    func theDigestIsTheFilesWhicheverPassWorksItOut(path: String, opensWhole: Bool) throws {
        let url = Self.fixtures.appendingPathComponent(path)
        let bytes = [UInt8](try Data(contentsOf: url))
        let expected = FileDigest(sha256: SHA256.hex(bytes), size: UInt64(bytes.count))
        let file = try SourceFile(url: url, displayPath: path, wantsDigest: true)
        let importer = ImporterRegistry.importer(for: try file.format(forced: nil))
        let opened = try importer.open(file, options: ImportOptions())
        defer { opened.close() }
        #expect(opened.digest == (opensWhole ? expected : nil))
        #expect(try file.digest() == expected)
        // Not asked for, nothing is hashed.
        var unhashed = file
        unhashed.wantsDigest = false
        let plain = try importer.open(unhashed, options: ImportOptions())
        defer { plain.close() }
        #expect(plain.digest == nil)
    }

    @Test func aCSVReadWithAGivenEncodingIsHashedWhenTheStoreNeedsIt() throws {
        let url = Self.fixtures.appendingPathComponent("legacy-cp1252.csv")
        let file = try SourceFile(url: url, displayPath: "legacy-cp1252.csv", wantsDigest: true)
        let opened = try CSVImporter().open(file, options: ImportOptions(encoding: .windows1252))
        defer { opened.close() }
        #expect(opened.digest?.sha256 == SHA256.hex([UInt8](try Data(contentsOf: url))))
    }

    @Test func messagesThatNameNoConversationAreImportedAloneWithANote() throws {
        // One ticket's messages exported alone: sides told, no conversation field.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-one-chat-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("one-chat.csv")
        try Data(
            """
            time,direction,text
            2024-02-01 09:00,in,My license key does not work.
            2024-02-01 10:00,out,We renewed it; please try again.

            """.utf8
        ).write(to: file)
        let report = try ImportService(batchSize: 7, workers: 2).run(
            paths: [file.path], options: ImportOptions(), store: try Store())
        #expect(report.files.first?.imported == 2)
        #expect(
            report.files.first?.notes.contains {
                $0.contains("no field names their conversation: each is imported alone, the agents' messages as inputs")
            } == true)
    }

    @Test func messageRowsAreJoinedIntoConversationsWithoutBeingAsked() throws {
        let paths = [
            "conversations/helpdesk.csv", "conversations/tweets.csv", "conversations/tweets.json",
            "conversations/inbox-messages.csv",
        ].map { Self.fixtures.appendingPathComponent($0).path }
        let store = try Store()
        let report = try ImportService(batchSize: 7, workers: 2).run(
            paths: paths, options: ImportOptions(), store: store)
        // As with --conversation-by ticket_id --order-by created_at, and --reply-link tweet_id:in_response_to_tweet_id
        // (the JSON file's tweets are the CSV's, so they are stored already).
        #expect(report.files.map(\.imported) == [1, 3, 0, 2])
        #expect(report.files[2].skippedDuplicates == 3)
        #expect(
            report.files[0].notes.contains {
                $0.contains("joined into conversations by ticket_id, ordered by created_at")
            })
        #expect(report.files[1].notes.contains { $0.contains("--reply-link tweet_id:in_response_to_tweet_id") })
        #expect(report.files[2].notes.contains { $0.contains("--reply-link tweet_id:in_response_to_tweet_id") })
        let joined = try store.examples().first { $0.ticketID == "T1" }
        #expect(joined?.messages.prefix(2).map(\.role) == [.user, .assistant])
        // The inbox export's `Sender` holds addresses: its `Direction` tells the sides.
        let inbox = try store.examples().first { $0.ticketID == "9002" }
        #expect(inbox?.messages.map(\.role) == [.user, .assistant, .user])
        #expect(report.files[3].notes.contains { $0.contains("--role-by Direction") })
        // Given --conversation-by without --role-by, the same column is found.
        var grouped = ImportOptions()
        grouped.conversations = ConversationOptions(grouping: .field("Thread ID"))
        let given = try ImportService(workers: 2).run(paths: [paths[3]], options: grouped, store: try Store())
        #expect(given.files.first?.notes.contains { $0.contains("Sender names no side") } == true)
        #expect(given.files.first?.imported == 2)
        // Asked not to, each row is an example but the internal note (no customer's message, quarantined); files of
        // tickets are never taken for messages.
        var alone = ImportOptions()
        alone.detectsConversations = false
        let rows = try ImportService(workers: 2).run(paths: [paths[0]], options: alone, store: try Store())
        #expect(rows.files.map(\.imported) == [5])
        #expect(rows.files.map(\.errors) == [1])
        let tickets = try ImportService(workers: 2).run(
            paths: ["export.csv", "tickets.jsonl", "chat.jsonl", "conversations.json"].map {
                Self.fixtures.appendingPathComponent($0).path
            }, options: ImportOptions(), store: try Store())
        #expect(!tickets.files.contains { $0.notes.contains { $0.contains("records are messages") } })
    }

    @Test func eachPartOfAFileIsImportedApart() throws {
        // A dataset's splits as arrays of rows (CLINC150's `train` and `val`), and a workbook's second sheet: each
        // part named by --records is imported, none taken for another's records at the same places.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-parts-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = directory.appendingPathComponent("intents.json")
        let rows = { (offset: Int) in
            (0..<24).map {
                #"["please help me with request number \#($0 + offset) today", "\#(["card", "pin", "fee"][$0 % 3])"]"#
            }
            .joined(separator: ",")
        }
        try Data(#"{"train": [\#(rows(0))], "val": [\#(rows(100))]}"#.utf8).write(to: document)
        let store = try Store()
        let service = ImportService(batchSize: 7, workers: 2)
        #expect(throws: ImportError.self) {
            try service.run(paths: [document.path], options: ImportOptions(), store: store)
        }
        var options = ImportOptions()
        options.recordsPathNamed = true
        for (path, imported) in [("train", 24), ("val", 24), ("val", 0)] {
            options.recordsPath = path
            let report = try service.run(paths: [document.path], options: options, store: store)
            #expect(report.files.first?.imported == imported)
            #expect(report.files.first?.notes.contains { $0.contains("input <- column_1") } == true)
        }
        let examples = try store.examples()
        #expect(examples.count == 48)
        #expect(
            examples.first { $0.locator == .part("val", .record(1)) }?.input
                == "please help me with request number 100 today")
        #expect(examples.first { $0.locator == .part("val", .record(1)) }?.label == "card")

        // A workbook's second sheet after its first: its rows are at the same places.
        let workbook = Self.fixtures.appendingPathComponent("two-sheets.xlsx").path
        let first = try service.run(paths: [workbook], options: ImportOptions(), store: store)
        var closed = ImportOptions()
        closed.recordsPath = "Closed"
        let second = try service.run(paths: [workbook], options: closed, store: store)
        #expect(first.files.first?.imported == 2)
        #expect(second.files.first?.imported == 2)
        #expect(second.files.first?.alreadyImported == 0)
        let refund = try store.examples().first { $0.locator == .part("sheet Closed", .row(1, line: 2)) }
        #expect(refund?.input.contains("My refund from last month has not arrived.") == true)
    }

    @Test func helpdeskMessagesTellTheirSideInsideAnObject() throws {
        let store = try Store()
        let report = try ImportService(batchSize: 7, workers: 2).run(
            paths: ["gladly-conversation-items.jsonl", "dixa-messages.jsonl"].map {
                Self.fixtures.appendingPathComponent("conversations/" + $0).path
            }, options: ImportOptions(), store: store)
        #expect(report.files.map(\.imported) == [2, 2])
        #expect(report.files[0].notes.contains { $0.contains("--role-by initiator.type") })
        #expect(report.files[1].notes.contains { $0.contains("--role-by attributes.direction") })
        #expect(
            report.files[1].notes.contains {
                $0.contains("input <- attributes.emailContent.content.value + attributes.content.value")
            })
        let examples = try store.examples()
        // Gladly: the agent's reply answers, the note after it stays a note.
        let late = try #require(examples.first { $0.input.contains("My order 5512 has not arrived yet.") })
        #expect(late.response == "Sorry Ann, it ships today.")
        #expect(late.messages.map(\.role) == [.user, .assistant])
        #expect(
            late.metadata["internal_notes"]?.arrayValue?.first?.scalarText == "Checked warehouse, delayed by storm.")
        // Dixa: an e-mail's text and a chat's, each side told by its direction.
        let charged = try #require(examples.first { $0.input.contains("my card was charged twice") })
        #expect(charged.response == "We refunded the second charge.")
        let close = try #require(examples.first { $0.input == "How do I close my account?" })
        #expect(close.response == "From settings, then Close account.")
    }

    @Test func anSMSLogsDirectionsTellTheSidesTwiliosOutboundKindsToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-sms-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Twilio's message log: `inbound`, and `outbound-api`, `outbound-reply` or `outbound-call` for the business.
        let log = folder.appendingPathComponent("messages.csv")
        try """
        conversation_id,date_sent,direction,body
        C1,2024-03-01T10:00:00Z,inbound,Hi my order 5531 has not arrived yet
        C1,2024-03-01T10:05:00Z,outbound-reply,Sorry to hear that! It ships tomorrow.
        C1,2024-03-01T10:06:00Z,inbound,Thanks a lot
        C2,2024-03-02T11:00:00Z,inbound,How do I reset my password?
        C2,2024-03-02T11:02:00Z,outbound-api,Use the link on the sign-in page.

        """.write(to: log, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [log.path], options: ImportOptions(), store: store)
        #expect(report.imported == 2)
        #expect(report.files.first?.notes.contains { $0.contains("records are messages") } == true)
        let examples = try store.examples()
        #expect(examples.map(\.messages).map { $0.map(\.role) } == [[.user, .assistant, .user], [.user, .assistant]])
        #expect(examples.last?.response == "Use the link on the sign-in page.")
    }

    @Test func chatwootsMessageTypeTellsTheSidesAndItsActivitiesAreNotices() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-chatwoot-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let messages = folder.appendingPathComponent("messages.jsonl")
        try [
            #"{"conversation_id":12,"created_at":1709287200,"message_type":"incoming","content":"Hi, my parcel 5531 is late","sender_type":"Contact"}"#,
            #"{"conversation_id":12,"created_at":1709287260,"message_type":"activity","content":"Conversation was assigned to Ann","sender_type":null}"#,
            #"{"conversation_id":12,"created_at":1709287500,"message_type":"outgoing","content":"Sorry! It ships tomorrow.","sender_type":"User"}"#,
            #"{"conversation_id":13,"created_at":1709290000,"message_type":"incoming","content":"How do I cancel my plan?","sender_type":"Contact"}"#,
            #"{"conversation_id":13,"created_at":1709290300,"message_type":"outgoing","content":"From Settings, then Billing.","sender_type":"User"}"#,
        ].joined(separator: "\n").write(to: messages, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [messages.path], options: ImportOptions(), store: store)
        #expect(report.imported == 2)
        #expect(
            report.files.first?.notes.contains(
                "1 message rows left out as notices, nobody's words (activity 1); the replies to them kept") == true)
        let examples = try store.examples()
        #expect(examples.map(\.input) == ["Hi, my parcel 5531 is late", "How do I cancel my plan?"])
        #expect(examples.map(\.response) == ["Sorry! It ships tomorrow.", "From Settings, then Billing."])
    }

    @Test func chatwootsAPIMessagesBySenderTypeTheirUserAnAgentAndNoSenderANotice() throws {
        let folder = try TemporaryFolder("winnow-chatwoot-api-")
        defer { folder.remove() }
        // The messages endpoint: `message_type` a number (0 incoming, 1 outgoing, 2 activity), the side in
        // `sender.type` (`contact`, `user`, `agent_bot`), no `sender` on an activity.
        let messages = folder.appendingPathComponent("messages.json")
        try """
        {"meta": {"labels": [], "contact_id": 55},
         "payload": [
          {"id": 101, "content": "Conversation was opened by Bot", "conversation_id": 7, "message_type": 2,
           "created_at": 1710000000, "private": false},
          {"id": 102, "content": "Hi, my order 4412 never arrived.", "conversation_id": 7, "message_type": 0,
           "created_at": 1710000060, "private": false, "sender": {"id": 55, "name": "Ann Lee", "type": "contact"}},
          {"id": 103, "content": "Our bot is looking it up.", "conversation_id": 7, "message_type": 1,
           "created_at": 1710000070, "private": false, "sender": {"id": 1, "name": "Helper", "type": "agent_bot"}},
          {"id": 104, "content": "It is at the depot; I asked them to resend it.", "conversation_id": 7,
           "message_type": 1, "created_at": 1710000300, "private": false,
           "sender": {"id": 3, "name": "Sam Agent", "type": "user"}},
          {"id": 105, "content": "depot ticket 9981", "conversation_id": 7, "message_type": 1,
           "created_at": 1710000310, "private": true, "sender": {"id": 3, "name": "Sam Agent", "type": "user"}}
         ]}
        """.write(to: messages, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [messages.path], options: ImportOptions(), store: store)
        #expect(report.imported == 1)
        let notes = report.files.first?.notes ?? []
        #expect(notes.contains { $0.contains("--role-by sender.type --agent-values +user") })
        #expect(
            notes.contains("1 message rows left out as notices, nobody's words (no sender 1); the replies to them kept")
        )
        let example = try #require(try store.examples().first)
        #expect(example.messages.map(\.role) == [.user, .assistant, .assistant])
        #expect(example.input == "Hi, my order 4412 never arrived.")
        // The bot's answer and the agent's after it are the response.
        #expect(example.response == "Our bot is looking it up.\n\nIt is at the depot; I asked them to resend it.")
        #expect(example.metadata["internal_notes"]?.arrayValue?.first?.scalarText == "depot ticket 9981")
    }

    @Test func aUserIsTheAgentBesideAContactAndTheCustomerBesideAnAdmin() throws {
        let folder = try TemporaryFolder("winnow-user-side-")
        defer { folder.remove() }
        // A database dump of Chatwoot's messages: `sender_type` Contact or User.
        let dump = folder.appendingPathComponent("messages.csv")
        try """
        conversation_id,created_at,message_type,sender_type,content
        7,2024-03-01 10:00:00,0,Contact,My invoice shows the wrong VAT number.
        7,2024-03-01 10:01:00,2,,Conversation was assigned to Sam
        7,2024-03-01 10:04:00,1,User,I have corrected it; the new invoice is in your account.
        8,2024-03-02 09:00:00,0,Contact,How do I add a second user?
        8,2024-03-02 09:03:00,1,User,"From Settings, then Team."

        """.write(to: dump, atomically: true, encoding: .utf8)
        // Intercom's parts: `user` beside `admin` is the customer.
        let parts = folder.appendingPathComponent("parts.jsonl")
        try [
            #"{"conversation_id": "c1", "author_type": "user", "body": "Can I export my data?"}"#,
            #"{"conversation_id": "c1", "author_type": "admin", "body": "Yes, from the Account page."}"#,
        ].joined(separator: "\n").write(to: parts, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [dump.path, parts.path], options: ImportOptions(), store: store)
        #expect(report.imported == 3)
        let examples = try store.examples()
        #expect(
            examples.map(\.input) == [
                "My invoice shows the wrong VAT number.", "How do I add a second user?", "Can I export my data?",
            ])
        #expect(examples.map(\.response).last == "Yes, from the Account page.")
        #expect(report.files.last?.notes.contains { $0.contains("--agent-values") } == false)
        // The activity, with no sender type where the others name theirs, is nobody's words.
        #expect(
            report.files.first?.notes.contains(
                "1 message rows left out as notices, nobody's words (no sender_type 1); the replies to them kept")
                == true)
        // Given with --conversation-by alone, the values are read the same way.
        let given = try Store()
        var options = ImportOptions()
        options.conversations = ConversationOptions(grouping: .field("conversation_id"), orderBy: "created_at")
        let run = try ImportService().run(paths: [dump.path], options: options, store: given)
        #expect(run.imported == 2)
        #expect(
            try given.examples().map(\.response).first == "I have corrected it; the new invoice is in your account.")
        #expect(run.files.first?.notes.contains { $0.contains("--role-by sender_type --agent-values +user") } == true)
    }

    @Test func osTicketsThreadEntriesByLetterAndHESKsRepliesByStaffID() throws {
        let folder = try TemporaryFolder("winnow-ost-")
        defer { folder.remove() }
        // osTicket's `thread_entry` table: `type` M (the user's message), R (a response), N (an internal note);
        // `staff_id` is set on notes too.
        let entries = folder.appendingPathComponent("thread_entry.csv")
        try """
        id,pid,thread_id,staff_id,user_id,type,poster,title,body,created
        1,0,11,0,4,M,Ann Lee,Printer offline,My printer shows offline since this morning.,2024-03-01 09:00:00
        2,0,11,2,0,N,Sam Agent,Internal,Spooler bug known on build 22.,2024-03-01 09:10:00
        3,0,11,2,0,R,Sam Agent,Re: Printer offline,Please restart the print spooler.,2024-03-01 09:20:00
        4,0,12,0,7,M,Bo Chen,VPN,The VPN rejects my password.,2024-03-02 10:00:00
        5,0,12,3,0,R,Kim Park,Re: VPN,Your account was locked; I unlocked it.,2024-03-02 10:30:00

        """.write(to: entries, atomically: true, encoding: .utf8)
        // HESK's `replies`: `staffid` 0 for the customer, `replyto` the ticket.
        let replies = folder.appendingPathComponent("hesk_replies.csv")
        try """
        id,replyto,name,message,dt,staffid
        1,31,Ann Lee,My printer is still offline after the update.,2024-03-01 09:00:00,0
        2,31,Sam,Please reinstall the driver from our portal.,2024-03-01 09:30:00,2
        3,32,Bo Chen,Where is my invoice?,2024-03-02 10:00:00,0
        4,32,Kim,It is in your account under Billing.,2024-03-02 10:10:00,3

        """.write(to: replies, atomically: true, encoding: .utf8)
        // One ticket per row with its assigned agent's id: no messages, and no note saying so.
        let tickets = folder.appendingPathComponent("tickets.csv")
        try """
        ticket_id,staff_id,subject,body
        41,0,Login fails,I cannot log in.
        42,5,Refund,Please refund order 12.

        """.write(to: tickets, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(
            paths: [entries.path, replies.path, tickets.path], options: ImportOptions(), store: store)
        #expect(report.imported == 6)
        #expect(
            report.files[0].notes.contains {
                $0.contains("--conversation-by thread_id") && $0.contains("--role-by type")
            })
        #expect(report.files[1].notes.contains { $0.contains("--conversation-by replyto") })
        #expect(report.files[2].notes.isEmpty)
        let examples = try store.examples()
        #expect(
            examples.prefix(4).map(\.response) == [
                "Please restart the print spooler.", "Your account was locked; I unlocked it.",
                "Please reinstall the driver from our portal.", "It is in your account under Billing.",
            ])
        #expect(
            examples[0].metadata["internal_notes"]?.arrayValue?.first?.scalarText == "Spooler bug known on build 22.")
        #expect(examples[0].label == nil)
    }

    @Test func freeScoutsThreadsByTheirAuthorColumnsAndTypeNumbers() throws {
        let folder = try TemporaryFolder("winnow-freescout-")
        defer { folder.remove() }
        // FreeScout's `threads` table: the author in `created_by_customer_id` or `created_by_user_id`; `type` 1 the
        // customer's message, 2 an agent's, 3 an internal note, 4 a change of status; `state` 1 a draft; `user_id`
        // is the assignee, set on the customer's messages too.
        let threads = folder.appendingPathComponent("threads.csv")
        try """
        id,conversation_id,user_id,type,state,body,customer_id,created_by_user_id,created_by_customer_id,created_at
        1,10,3,1,2,<div>My order 4411 never arrived.</div>,7,,7,2024-03-01 09:00:00
        2,10,3,4,2,,7,3,,2024-03-01 09:05:00
        3,10,3,3,2,<div>Carrier says lost; refund it.</div>,7,3,,2024-03-01 09:10:00
        4,10,3,2,1,<div>Draft: let me check</div>,7,3,,2024-03-01 09:15:00
        5,10,3,2,2,<div>The parcel was lost; I have refunded you in full.</div>,7,3,,2024-03-01 09:20:00
        6,11,,1,2,How do I change my address?,8,,8,2024-03-02 10:00:00
        7,11,4,1,2,Asked by phone: can the invoice show my company?,8,4,8,2024-03-02 10:05:00
        8,11,4,2,2,Go to Account and edit the default address.,8,4,0,2024-03-02 10:30:00

        """.write(to: threads, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [threads.path], options: ImportOptions(), store: store)
        #expect(report.imported == 2)
        let notes = try #require(report.files.first?.notes)
        #expect(notes.contains { $0.contains("roles from created_by_user_id") && $0.contains("state 1 a draft") })
        #expect(notes.contains { $0.contains("1 message rows left out as deleted (drafts never sent (state 1)") })
        #expect(notes.contains { $0.contains("1 message rows left out as notices") })
        #expect(!notes.contains { $0.contains("have no text") })
        let examples = try store.examples()
        #expect(
            examples.map(\.response) == [
                "The parcel was lost; I have refunded you in full.", "Go to Account and edit the default address.",
            ])
        // An agent writing in for the customer (both ids set) writes the customer's message.
        #expect(
            examples[1].messages.map(\.role) == [.user, .user, .assistant]
                && examples[1].input.contains("can the invoice show my company?"))
        #expect(
            examples[0].metadata["internal_notes"]?.arrayValue?.first?.scalarText == "Carrier says lost; refund it.")
        #expect(examples[0].label == nil && examples[0].input == "My order 4411 never arrived.")
        // Given by hand, the agent's column is read with the customer's.
        let given = try Store()
        var options = ImportOptions()
        options.conversations = ConversationOptions(
            grouping: .field("conversation_id"), orderBy: "created_at", roleBy: "created_by_user_id")
        #expect(try ImportService().run(paths: [threads.path], options: options, store: given).imported == 2)
        #expect(try given.examples().map(\.response) == examples.map(\.response))
    }

    @Test func anXArchivesDirectMessagesWithItsAccountAsTheTeam() throws {
        let folder = try TemporaryFolder("winnow-x-archive-")
        defer { folder.remove() }
        // An X archive's `data/` folder: scripts assigning JSON documents; direct messages newest first, each
        // wrapped in `messageCreate`; the archive's own account in `account.js`.
        func message(_ id: Int, from sender: String, to recipient: String, _ text: String) -> String {
            """
            { "messageCreate" : { "recipientId" : "\(recipient)", "reactions" : [ ], "urls" : [ ],
              "text" : "\(text)", "mediaUrls" : [ ], "senderId" : "\(sender)", "id" : "\(id)",
              "createdAt" : "2022-03-01T10:\(10 + id):00.000Z" } }
            """
        }
        let conversations = """
            window.YTD.direct_messages.part0 = [ { "dmConversation" : { "conversationId" : "111-900", "messages" : [
            \(message(3, from: "900", to: "111", "I have sent a replacement card today.")),
            \(message(2, from: "111", to: "900", "It was due last week.")),
            \(message(1, from: "111", to: "900", "My card never arrived."))
            ] } }, { "dmConversation" : { "conversationId" : "222-900", "messages" : [
            \(message(5, from: "222", to: "900", "Thanks, that works.")),
            \(message(4, from: "900", to: "222", "Hi! Your daily limit is under Settings, then Limits."))
            ] } } ]
            """
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try conversations.write(
            to: data.appendingPathComponent("direct-messages.js"), atomically: true, encoding: .utf8)
        try """
        window.YTD.account.part0 = [ { "account" : { "username" : "AcmeHelp", "accountId" : "900" } } ]
        """.write(to: data.appendingPathComponent("account.js"), atomically: true, encoding: .utf8)
        try "window.YTD.tweets.part0 = [ { \"tweet\" : { \"full_text\" : \"We are hiring!\" } } ]".write(
            to: data.appendingPathComponent("tweets.js"), atomically: true, encoding: .utf8)
        try "function go() { return 1; }".write(
            to: data.appendingPathComponent("app.js"), atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [data.path], options: ImportOptions(), store: store)
        #expect(report.imported == 2)
        #expect(
            report.leftOut.map(\.reason).sorted() == [
                "a script of a web page, not a support log",
                "an X archive's account (read for the team's id beside its direct messages)",
                "an X archive's data other than its direct messages (tweets)",
            ])
        #expect(report.files.first?.notes.contains { $0.contains("--role-by senderId --agent-values 900") } == true)
        let examples = try store.examples()
        // Oldest first; the team's greeting opening the second conversation is no customer's message.
        #expect(examples[0].input == "My card never arrived.\n\nIt was due last week.")
        #expect(examples[0].response == "I have sent a replacement card today.")
        #expect(examples[1].messages.map(\.role) == [.assistant, .user])
        // Without the account, the account in every conversation is the archive's own.
        try FileManager.default.removeItem(at: data.appendingPathComponent("account.js"))
        let alone = try Store()
        let without = try ImportService().run(
            paths: [data.appendingPathComponent("direct-messages.js").path], options: ImportOptions(), store: alone)
        #expect(without.imported == 2)
        #expect(
            without.files.first?.notes.contains {
                $0.contains("account 900 is in every one of the 2 conversations")
            } == true)
        #expect(try alone.examples().map(\.messages.first?.role) == [.user, .assistant])
        // One conversation alone says nothing of whose archive it is: the first to write is taken for the
        // customer, and the notes say whom.
        let one = """
            window.YTD.direct_messages.part0 = [ { "dmConversation" : { "conversationId" : "222-900", "messages" : [
            \(message(5, from: "222", to: "900", "Thanks, that works.")),
            \(message(4, from: "900", to: "222", "Hi! Your daily limit is under Settings, then Limits."))
            ] } } ]
            """
        try one.write(to: data.appendingPathComponent("direct-messages.js"), atomically: true, encoding: .utf8)
        let single = try ImportService().run(
            paths: [data.appendingPathComponent("direct-messages.js").path], options: ImportOptions(), store: Store())
        #expect(
            single.files.first?.notes.contains {
                $0.contains("record 1:") && $0.contains("900, the first to write, is taken as the customer")
            } == true)
    }

    @Test func aSystemSendersMessagesAreNoticesUnlessNamedAnAgent() throws {
        let folder = try TemporaryFolder("winnow-system-sender-")
        defer { folder.remove() }
        // Zammad's articles: `sender` Customer, Agent or System (a trigger's acknowledgement).
        let articles = folder.appendingPathComponent("articles.csv")
        try """
        id,ticket_id,sender,internal,body,created_at
        1,9,Customer,false,I cannot log in since Monday.,2024-03-01T09:00:00Z
        2,9,System,false,Thank you for your request. We will get back to you soon.,2024-03-01T09:00:05Z
        3,9,Agent,true,Checked SSO logs: account locked.,2024-03-01T09:10:00Z
        4,9,Agent,false,Your account was locked; I unlocked it.,2024-03-01T09:20:00Z
        5,10,Customer,false,Where is my invoice?,2024-03-02T10:00:00Z
        6,10,Agent,false,It is under Billing in your account.,2024-03-02T10:10:00Z

        """.write(to: articles, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [articles.path], options: ImportOptions(), store: store)
        #expect(report.imported == 2)
        #expect(
            report.files.first?.notes.contains(
                "1 message rows left out as notices, nobody's words (System 1); the replies to them kept") == true)
        #expect(try store.examples().map(\.input) == ["I cannot log in since Monday.", "Where is my invoice?"])
        // Named with --agent-values, the system answers.
        var options = ImportOptions()
        options.conversations = try ConversationOptions(
            conversationBy: "ticket_id", replyLink: nil, orderBy: "created_at", roleBy: "sender",
            agentValues: "agent,system", examples: nil)
        let named = try Store()
        _ = try ImportService().run(paths: [articles.path], options: options, store: named)
        #expect(
            try named.examples().first?.response
                == "Thank you for your request. We will get back to you soon.\n\nYour account was locked; I unlocked it."
        )
    }

    @Test func aDiscourseTopicsPostsAndUVdesksThreadsAreConversations() throws {
        let folder = try TemporaryFolder("winnow-forum-")
        defer { folder.remove() }
        // Discourse's topic JSON: the posts one level down, in `post_stream`; `cooked` is HTML.
        let topic = folder.appendingPathComponent("topic-77.json")
        try """
        {"post_stream": {"posts": [
          {"id": 901, "username": "ann", "cooked": "<p>The sync button does nothing since 2.3.</p>", "post_number": 1,
           "topic_id": 77, "staff": false, "created_at": "2024-03-01T09:00:00Z"},
          {"id": 902, "username": "sam_support", "cooked": "<p>Please clear the cache under <b>Settings</b>.</p>",
           "post_number": 2, "reply_to_post_number": 1, "topic_id": 77, "staff": true,
           "created_at": "2024-03-01T09:30:00Z"},
          {"id": 903, "username": "ann", "cooked": "<p>That worked, thanks!</p>", "post_number": 3, "topic_id": 77,
           "staff": false, "created_at": "2024-03-01T10:00:00Z"}],
          "stream": [901, 902, 903]},
         "id": 77, "title": "Sync button broken", "posts_count": 3}
        """.write(to: topic, atomically: true, encoding: .utf8)
        // UVdesk's threads: `created_by` says the side, `thread_type` a note.
        let threads = folder.appendingPathComponent("threads.csv")
        try """
        id,ticket_id,thread_type,created_by,message,created_at
        1,51,create,customer,My order arrived damaged.,2024-03-01 09:00:00
        2,51,note,agent,Asked warehouse for photos.,2024-03-01 09:05:00
        3,51,reply,agent,We are sending a replacement today.,2024-03-01 09:10:00
        4,52,create,customer,How do I change my address?,2024-03-02 10:00:00
        5,52,reply,agent,Under Account then Addresses.,2024-03-02 10:20:00

        """.write(to: threads, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [topic.path, threads.path], options: ImportOptions(), store: store)
        #expect(report.imported == 3)
        #expect(report.files[0].notes.contains { $0.contains("records read from post_stream.posts") })
        #expect(report.files[1].notes.contains { $0.contains("--role-by created_by") })
        let examples = try store.examples()
        #expect(examples.map(\.messages).first?.map(\.role) == [.user, .assistant, .user])
        #expect(
            examples.map(\.response) == [
                "Please clear the cache under Settings.", "We are sending a replacement today.",
                "Under Account then Addresses.",
            ])
        #expect(examples[1].metadata["internal_notes"]?.arrayValue?.first?.scalarText == "Asked warehouse for photos.")
    }

    @Test func hubSpotsThreadMessagesWithCommentsAndEventsThatNameNoDirection() throws {
        let folder = try TemporaryFolder("winnow-hubspot-")
        defer { folder.remove() }
        // The conversations API's messages: a teammate's `COMMENT` and the events carry no `direction`.
        let messages = folder.appendingPathComponent("messages.json")
        try """
        {"results": [
          {"id": "m1", "type": "WELCOME_MESSAGE", "createdAt": "2024-03-01T09:00:00Z", "text": "Hi! How can we help?",
           "direction": "OUTGOING", "conversationsThreadId": "7001"},
          {"id": "m2", "type": "MESSAGE", "createdAt": "2024-03-01T09:01:00Z",
           "text": "My invoice shows the wrong VAT number.", "direction": "INCOMING", "conversationsThreadId": "7001"},
          {"id": "m3", "type": "COMMENT", "createdAt": "2024-03-01T09:02:00Z", "text": "@Kim can you check the VAT?",
           "conversationsThreadId": "7001"},
          {"id": "m4", "type": "ASSIGNMENT", "createdAt": "2024-03-01T09:03:00Z", "conversationsThreadId": "7001"},
          {"id": "m5", "type": "MESSAGE", "createdAt": "2024-03-01T09:10:00Z",
           "text": "I have corrected it; the new invoice is in your account.", "direction": "OUTGOING",
           "conversationsThreadId": "7001"}
        ], "paging": {}}
        """.write(to: messages, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [messages.path], options: ImportOptions(), store: store)
        #expect(report.imported == 1)
        #expect(report.errors == 0)
        #expect(report.files.first?.notes.contains { $0.contains("--conversation-by conversationsThreadId") } == true)
        let example = try #require(try store.examples().first)
        #expect(example.input == "My invoice shows the wrong VAT number.")
        #expect(example.response == "I have corrected it; the new invoice is in your account.")
        #expect(example.metadata["internal_notes"]?.arrayValue?.first?.scalarText == "@Kim can you check the VAT?")
        // The kinds of message are no label.
        #expect(example.label == nil)
    }

    @Test func aColumnOfChatTranscriptsIsReadAsTurnsAndMailBodiesAreNot() throws {
        let folder = try TemporaryFolder("winnow-transcripts-")
        defer { folder.remove() }
        // Salesforce's LiveChatTranscript export: the chat in `Body`, as HTML.
        let chats = folder.appendingPathComponent("LiveChatTranscript.csv")
        try """
        Id,Body,Status
        5701,"Chat Started: Monday, March 04, 2024, 09:00:00 (+0000)<br>Chat Origin: Website Chat<br>Agent Sam A<br>( 4s ) Ann Lee: My order 4412 is late.<br>( 35s ) Sam A: It ships tomorrow morning.<br>( 1m 30s ) Ann Lee: Thanks!<br>",Completed
        5702,"Chat Started: Tuesday, March 05, 2024, 10:00:00 (+0000)<br>Agent Kim P<br>( 3s ) Bo Chen: How do I reset my password?<br>( 20s ) Kim P: Use the Forgot password link.<br>",Completed

        """.write(to: chats, atomically: true, encoding: .utf8)
        // A ticket whose body quotes mail headers is no transcript.
        let tickets = folder.appendingPathComponent("tickets.csv")
        try """
        id,subject,body
        1,Refund,"Please refund order 12.

        From: Ann Lee
        Sent: Monday
        To: Support
        Subject: Refund"
        2,Login,I cannot log in.

        """.write(to: tickets, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [chats.path, tickets.path], options: ImportOptions(), store: store)
        #expect(report.imported == 4)
        #expect(report.files[0].notes.contains { $0.contains("Body holds chat transcripts") })
        #expect(!report.files[1].notes.contains { $0.contains("holds chat transcripts") })
        let examples = try store.examples()
        #expect(examples.prefix(2).map(\.input) == ["My order 4412 is late.", "How do I reset my password?"])
        #expect(examples.prefix(2).map(\.response) == ["It ships tomorrow morning.", "Use the Forgot password link."])
        #expect(examples[2].input.hasPrefix("Refund"))
    }

    @Test func zendeskExploresCommentColumnsNameTheirObjectFirst() throws {
        let folder = try TemporaryFolder("winnow-explore-")
        defer { folder.remove() }
        // An Explore report of ticket comments: `Comment author role` and `Comment public`, rows newest first.
        let comments = folder.appendingPathComponent("comments.csv")
        try """
        Ticket ID,Comment created - Timestamp,Comment author role,Comment public,Comment body
        4411,2024-03-02T10:30:00,Admin,Yes,Please clear your browser cache and try again.
        4411,2024-03-02T10:00:00,End-user,Yes,I cannot log in since the update.
        4410,2024-03-01T09:20:00,Agent,Yes,I have refunded the second charge.
        4410,2024-03-01T09:05:00,Agent,No,Check Stripe first.
        4410,2024-03-01T09:00:00,End-user,Yes,I was charged twice for order 12.

        """.write(to: comments, atomically: true, encoding: .utf8)
        let store = try Store()
        let report = try ImportService().run(paths: [comments.path], options: ImportOptions(), store: store)
        #expect(report.imported == 2)
        #expect(
            report.files.first?.notes.contains {
                $0.contains("--conversation-by 'Ticket ID' --order-by 'Comment created - Timestamp'")
            } == true)
        let examples = try store.examples().sorted { ($0.ticketID ?? "") < ($1.ticketID ?? "") }
        #expect(examples.map(\.input) == ["I was charged twice for order 12.", "I cannot log in since the update."])
        #expect(examples.first?.response == "I have refunded the second charge.")
        #expect(examples.first?.metadata["internal_notes"]?.arrayValue?.first?.scalarText == "Check Stripe first.")
    }

    @Test func anImportStoresTheSourcesDigestAndFormat() throws {
        let store = try Store()
        let paths = ["export.csv", "tickets.jsonl", "html/email-thread.html", "mail/base64-utf8.eml"].map {
            Self.fixtures.appendingPathComponent($0).path
        }
        let report = try ImportService(batchSize: 7, workers: 2).run(
            paths: paths, options: ImportOptions(), store: store)
        let sources = try store.sources()
        #expect(sources.map(\.info.format) == [.csv, .jsonl, .html, .eml])
        for (file, source) in zip(report.files, sources) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file.path)))
            #expect(file.sha256 == SHA256.hex(bytes))
            #expect(source.info.sha256 == file.sha256)
            #expect(source.info.size == Int64(bytes.count))
        }
    }

    @Test func aFileHoldingNothingIsQuarantinedAndTheFilesBesideItImported() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-blank-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Exports with no rows (nothing, line breaks, a byte order mark) before and after a file with records. (Two
        // files of the same bytes are one source, so each blank file here differs.)
        let blanks: [(name: String, bytes: [UInt8])] = [
            ("a-empty.csv", []), ("b-blank.json", Array(" \r\n".utf8)), ("c-mark.jsonl", [0xEF, 0xBB, 0xBF]),
            ("e-lines.txt", Array("\n\n".utf8)),
        ]
        for blank in blanks { try Data(blank.bytes).write(to: scratch.appendingPathComponent(blank.name)) }
        try Data("ticket_id,body\n1,My card has not arrived\n".utf8).write(to: scratch.appendingPathComponent("d.csv"))
        let store = try Store()
        let report = try ImportService().run(paths: [scratch.path], options: ImportOptions(), store: store)
        #expect(
            report.files.map { ($0.path as NSString).lastPathComponent } == [
                "a-empty.csv", "b-blank.json", "c-mark.jsonl", "d.csv", "e-lines.txt",
            ])
        #expect(report.files.map(\.imported) == [0, 0, 0, 1, 0])
        #expect(report.files.map(\.errors) == [1, 1, 1, 0, 1])
        let quarantined = try store.quarantine()
        #expect(
            quarantined.map { ($0.file as NSString).lastPathComponent } == [
                "a-empty.csv", "b-blank.json", "c-mark.jsonl", "e-lines.txt",
            ])
        #expect(
            quarantined.map(\.message) == [
                "empty file: no records in it", "empty file: only white space, no records",
                "empty file: only white space, no records", "empty file: only white space, no records",
            ])
        #expect(quarantined.allSatisfy { $0.kind == "unreadable_file" })
        // A dry run says the same.
        let preview = try ImportService().preview(
            path: scratch.appendingPathComponent("a-empty.csv").path, options: ImportOptions())
        #expect(preview.records == 1)
        #expect(preview.failures.map(\.message) == ["empty file: no records in it"])
    }

    @Test func aFileThatCannotBeReadAmongSeveralIsQuarantinedWholeAndTheOthersAreImported() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "winnow-unread-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let files = [
            "a.csv": "ticket_id,body,answer\n1,My card has not arrived,It is on its way\n",
            "b.csv": "\"ticket_id,body,answer\n2,Where is my refund,Soon\n",
            "c.xlsx": "PK\u{3}\u{4}not a workbook",
            "d.jsonl": "{\"body\": \"How do I close my account?\", \"answer\": \"Under Settings.\"}\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: scratch.appendingPathComponent(name)) }
        let store = try Store()
        let report = try ImportService().run(paths: [scratch.path], options: ImportOptions(), store: store)
        #expect(
            report.files.map { ($0.path as NSString).lastPathComponent } == ["a.csv", "b.csv", "c.xlsx", "d.jsonl"])
        #expect(report.files.map(\.imported) == [1, 0, 0, 1])
        #expect(report.files.map(\.errors) == [0, 1, 1, 0])
        #expect(report.files[1].unread == "line 1: unterminated quote in the header row")
        #expect(report.files[2].unread?.hasPrefix("not a readable zip archive") == true)
        #expect(report.files[0].unread == nil && report.files[3].unread == nil)
        #expect(try store.examples().map(\.input) == ["My card has not arrived", "How do I close my account?"])
        // Each is one quarantine entry, with its error, under a source of its own bytes and format.
        let quarantined = try store.quarantine()
        #expect(quarantined.map { ($0.file as NSString).lastPathComponent } == ["b.csv", "c.xlsx"])
        #expect(quarantined.map(\.kind) == ["unterminated_quote", "unreadable_file"])
        #expect(quarantined.allSatisfy { $0.message.hasPrefix("the file cannot be read, so none of it is imported: ") })
        let sources = try store.sources().map(\.info).filter {
            $0.path.hasSuffix("b.csv") || $0.path.hasSuffix("c.xlsx")
        }
        #expect(sources.map(\.format) == [SourceFormat.csv, .xlsx])
        let broken = [UInt8](try Data(contentsOf: scratch.appendingPathComponent("b.csv")))
        #expect(sources.first?.sha256 == SHA256.hex(broken))
        #expect(try store.sources().filter { $0.quarantined == 1 }.count == 2)
        // Mended and imported again, its entry goes and its record comes in.
        try Data("ticket_id,body,answer\n2,Where is my refund,Soon\n".utf8).write(
            to: scratch.appendingPathComponent("b.csv"))
        _ = try ImportService().run(paths: [scratch.path], options: ImportOptions(), store: store)
        #expect(try store.quarantine().map { ($0.file as NSString).lastPathComponent } == ["c.xlsx"])
        #expect(try store.examples().map(\.input).contains("Where is my refund"))
        // Named beside another, a file whose format cannot be told (a note: plain text) is left out saying why.
        let note = scratch.appendingPathComponent("notes.txt")
        try Data("Hi team,\nthe customer called again, she is upset.\n\nThanks, Bo\n".utf8).write(to: note)
        let named = try ImportService().run(
            paths: [scratch.appendingPathComponent("d.jsonl").path, note.path], options: ImportOptions(), store: store)
        #expect(named.files.map { ($0.path as NSString).lastPathComponent } == ["d.jsonl"])
        #expect(named.leftOut.map(\.path) == [note.path])
        #expect(named.leftOut.first?.reason.hasPrefix("this is plain text (sentences") == true)
        // Alone, a file that cannot be read stops the run with its error, as before.
        #expect(throws: ImportError.self) {
            _ = try ImportService().run(
                paths: [scratch.appendingPathComponent("c.xlsx").path], options: ImportOptions(), store: store)
        }
    }

    @Test func aNULCharacterInAnyImportersTextIsLeftOutAndATextOfThemAloneQuarantined() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-nul-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Mail bodies do not go through the record importers' field cleaning; the store's text read ends at a NUL.
        let mail = "From: ann@example.com\nTo: support@shop.example\nMessage-ID: <%@@example.com>\n\n%@\n"
        try Data(String(format: mail, "a", "My card has\u{0} not arrived at all.").utf8)
            .write(to: scratch.appendingPathComponent("a.eml"))
        try Data(String(format: mail, "b", "\u{0}\u{0}").utf8).write(to: scratch.appendingPathComponent("b.eml"))
        let store = try Store()
        for name in ["a.eml", "b.eml"] {
            _ = try ImportService().run(
                paths: [scratch.appendingPathComponent(name).path], options: ImportOptions(), store: store)
        }
        #expect(try store.examples().map(\.input) == ["My card has not arrived at all."])
        let quarantined = try store.quarantine()
        #expect(quarantined.map { ($0.file as NSString).lastPathComponent } == ["b.eml"])
        #expect(quarantined.map(\.kind) == ["no_input"])
    }

    @Test func gzipFilesInAFolderAreReadAsWhatTheyHoldAndStoredAsThemselves() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for name in ["export.csv", "tickets.jsonl"] {
            let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
            try Data(Gzip.compressed(bytes)).write(to: scratch.appendingPathComponent(name + ".gz"))
        }
        try Data([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3, 1, 2]).write(to: scratch.appendingPathComponent("junk.gz"))
        let store = try Store()
        let report = try ImportService().run(paths: [scratch.path], options: ImportOptions(), store: store)
        // The same counts as the files themselves give (README: 13 rows, 11 imported; 28 lines, 24 imported).
        #expect(report.files.map(\.format) == [.csv, .jsonl])
        #expect(report.files.map(\.records) == [13, 28])
        #expect(report.files.map(\.imported) == [11, 24])
        #expect(report.files[0].notes.contains { $0.contains("gzip data, read as the export.csv it holds") })
        #expect(report.leftOut.map { ($0.path as NSString).lastPathComponent } == ["junk.gz"])
        for (file, source) in zip(report.files, try store.sources()) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file.path)))
            #expect(source.info.sha256 == SHA256.hex(bytes))
        }
        // Records are placed by their lines in the unpacked file.
        let quarantined = try store.quarantine()
        #expect(quarantined.contains { $0.file.hasSuffix("tickets.jsonl.gz") && $0.locator == .line(21) })
    }

    @Test func aDryRunPreviewsWithoutHashingOrWriting() throws {
        let path = Self.fixtures.appendingPathComponent("legacy-cp1252.csv").path
        let preview = try ImportService().preview(path: path, options: ImportOptions())
        #expect(preview.format == .csv)
        #expect(preview.records == 4)
        #expect(preview.examples.count + preview.failures.count == 4)
        #expect(preview.notes.contains { $0.contains("read as Windows-1252") })
        let json = try #require(preview.json.objectValue)
        #expect(json["sha256"] == nil)
        #expect(json["imported"] == nil)
        #expect(json["records"] == .number(4))
    }
}

/// A page saved "complete" by a browser: its resource folder beside it is the page's, never a ticket.
@Suite("Import: a saved page's resource folder")
struct SavedPageFolderTests {
    @Test func theResourcesOfASavedPageAreListedAsLeftOut() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-saved-\(UUID())")
        let resources = root.appendingPathComponent("Ticket 2026 — Zoom_files")
        try FileManager.default.createDirectory(at: resources, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let page = root.appendingPathComponent("Ticket 2026 — Zoom.html")
        try "<html><body><p>Our mailbox is full.</p></body></html>".write(to: page, atomically: true, encoding: .utf8)
        let files: [(String, String)] = [
            ("saved_resource.html", "<html><body>Hello, the quota is exceeded.</body></html>"),
            ("Common.css", "body { margin: 0px; }"), ("Common.js.download", "var a = 1;"), ("logo.png", "PNG"),
        ]
        for (name, text) in files {
            try text.write(to: resources.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        // A style sheet outside such a folder is no support log either, and no --format is suggested for it.
        try "a { color: red; }".write(to: root.appendingPathComponent("print.css"), atomically: true, encoding: .utf8)

        var found: [Int] = []
        let expanded = try ImportPaths.expand([root.path], forced: nil) { found.append($0) }
        #expect(expanded.files == [page.path])
        #expect(found == [1], "the walk's progress counts the files it gives")
        let reasons = Dictionary(uniqueKeysWithValues: expanded.leftOut.map { ($0.path, $0.reason) })
        #expect(reasons.count == 5)
        for (name, _) in files {
            #expect(
                reasons[resources.appendingPathComponent(name).path]
                    == "a resource of the saved page Ticket 2026 — Zoom.html (its images, styles, scripts and frames)")
        }
        #expect(
            reasons[root.appendingPathComponent("print.css").path] == "a style sheet of a web page, not a support log")
        #expect(!expanded.leftOut.contains { $0.reason.contains("--format") })
    }

    @Test func aDialogflowAgentsPhrasesAreImportedAndItsOtherFilesListed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-dialogflow-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let files: [(String, String)] = [
            ("agent.json", #"{"displayName": "Shop", "language": "en"}"#),
            ("package.json", #"{"version": "1.0.0"}"#),
            (
                "intents/Track Order.json",
                #"{"name": "Track Order", "responses": [{"messages": [{"type": "0", "speech": ["On its way."]}]}]}"#
            ),
            ("intents/Track Order_usersays_en.json", #"[{"data": [{"text": "where is my parcel"}]}]"#),
            ("intents/Default Welcome Intent.json", #"{"name": "Default Welcome Intent", "events": []}"#),
            ("entities/size.json", #"{"name": "size"}"#),
            ("entities/size_entries_en.json", #"[{"value": "large", "synonyms": ["L"]}]"#),
            ("notes/README.json", #"[{"text": "kept: not part of the agent"}]"#),
        ]
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expanded = try ImportPaths.expand([root.path], forced: nil)
        #expect(
            expanded.files
                == ["intents/Track Order_usersays_en.json", "notes/README.json"].map {
                    root.appendingPathComponent($0).path
                })
        let reasons = Dictionary(uniqueKeysWithValues: expanded.leftOut.map { ($0.path, $0.reason) })
        #expect(reasons.count == 6)
        #expect(reasons[root.appendingPathComponent("agent.json").path] == "a Dialogflow agent's settings")
        #expect(reasons[root.appendingPathComponent("intents/Track Order.json").path]?.contains("definition") == true)
        #expect(reasons[root.appendingPathComponent("entities/size_entries_en.json").path]?.contains("entity") == true)

        // Without its training phrases the folder is no agent's: every file is read.
        try FileManager.default.removeItem(at: root.appendingPathComponent("intents/Track Order_usersays_en.json"))
        #expect(try ImportPaths.expand([root.path], forced: nil).leftOut.isEmpty)
    }

    @Test func theStoreInTheFolderImportedAndAnotherDatabasesLogAreLeftOut() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-own-store-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "ticket_id,question\nT1,Where is my order?\n".write(
            to: root.appendingPathComponent("tickets.csv"), atomically: true, encoding: .utf8)
        // Another application's database with its write-ahead log open beside it.
        let other = try Store(path: root.appendingPathComponent("crm.sqlite").path)
        _ = try ImportService().run(
            paths: [root.appendingPathComponent("tickets.csv").path], options: ImportOptions(), store: other)
        let storePath = root.appendingPathComponent("winnow.db").path
        let store = try Store(path: storePath)
        let report = try ImportService().run(paths: [root.path], options: ImportOptions(), store: store)
        #expect(report.files.map(\.path) == [root.appendingPathComponent("tickets.csv").path])
        #expect(try store.count() == 1)
        let reasons = Dictionary(uniqueKeysWithValues: report.leftOut.map { ($0.path, $0.reason) })
        #expect(reasons[storePath] == "the store this import writes to (or its journal)")
        #expect(reasons[storePath + "-wal"] == "the store this import writes to (or its journal)")
        #expect(reasons[root.appendingPathComponent("crm.sqlite").path]?.hasPrefix("this is a SQLite database") == true)
        #expect(
            reasons[root.appendingPathComponent("crm.sqlite-wal").path]?.hasPrefix("this is a SQLite database's log")
                == true)
        // A forced format reads every other file in it, never the store.
        let forced = try ImportPaths.expand([root.path], forced: .csv, store: storePath)
        #expect(!forced.files.contains { $0.hasPrefix(storePath) })
        _ = other
    }
}
