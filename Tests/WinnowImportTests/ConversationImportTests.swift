import Foundation
import Testing
import WinnowCore
import WinnowTestSupport

@testable import WinnowImport

/// Message-per-row exports joined into conversations: reply links, conversation fields, order, roles, notes.
@Suite("Import: conversations from message rows")
struct ConversationImportTests {
    static let tweets = fixturesDirectory.appendingPathComponent("conversations/tweets.csv")
    static let helpdesk = fixturesDirectory.appendingPathComponent("conversations/helpdesk.csv")

    /// Reads `file` (in the format its extension names, else CSV) with conversation options `conversation`.
    static func run(
        _ file: URL, _ conversation: ConversationOptions, mapping: FieldMapping = FieldMapping(), workers: Int = 2,
        cleanReplies: Bool? = nil
    ) throws -> ImportRun {
        let format = SourceFormat(rawValue: file.pathExtension) ?? .csv
        var options = ImportOptions(mapping: mapping)
        options.conversations = conversation
        options.cleanReplies = cleanReplies
        return try ImportRun(
            ImporterRegistry.importer(for: format, options: options, workers: workers, file: file.lastPathComponent),
            file: file, options: options)
    }

    static func run(
        name: String, text: String, _ conversation: ConversationOptions, mapping: FieldMapping = FieldMapping(),
        cleanReplies: Bool? = nil
    ) throws -> ImportRun {
        let scratch = try ScratchDirectory()
        return try run(try scratch.file(name, text: text), conversation, mapping: mapping, cleanReplies: cleanReplies)
    }

    static let replyLink = ConversationOptions(grouping: .replyLink(id: "tweet_id", parent: "in_response_to_tweet_id"))

    @Test func replyLinkedTweetsJoinRepliesThatComeBeforeTheirParents() throws {
        let run = try Self.run(Self.tweets, Self.replyLink)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["1", "11", "20"])
        let first = try #require(run.records.first)
        #expect(
            first.input
                == "@AcmeSupport my parcel never arrived, again\n\n@AcmeSupport it's 55120, placed on the 12th")
        #expect(first.response?.hasPrefix("@alice Thanks. A replacement ships today") == true)
        #expect(first.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(first.messages[1].content == "@alice Sorry to hear that! Which order number, please?")
        // Rows in conversation order: tweet 1 is row 2, its reply row 1, then rows 4 and 3.
        #expect(first.locator == .conversation("1", rows: [2, 1, 4, 3]))
        #expect(first.metadata["message_ids"] == ["1", "2", "3", "4"])
        #expect(first.metadata["author_id"] == "alice")
        #expect(first.metadata["text"] == nil)
    }

    /// E-mail messages exported one per row (Salesforce's `EmailMessage.csv`: `ParentId`, `Incoming`, `Subject`,
    /// `TextBody`), each a whole mail with the thread's subject and the history it quotes.
    static let emailRows = """
        Id,ParentId,Incoming,MessageDate,Subject,TextBody
        m1,case-1,true,2024-03-01T09:00:00Z,Cannot log in,"Hi, I cannot log in since yesterday."
        m2,case-1,false,2024-03-01T10:00:00Z,RE: Cannot log in [ ref:_00D5e._500XyZ:ref ],"Hello Ann,

        Please reset your password from the login page.

        Best regards,
        Acme Support

        --------------- Original Message ---------------
        From: Ann Lee [ann@example.com]
        Sent: 3/1/2024 9:00 AM
        Subject: Cannot log in

        Hi, I cannot log in since yesterday."
        m3,case-1,true,2024-03-01T11:00:00Z,Re: RE: Cannot log in [ ref:_00D5e._500XyZ:ref ],"That worked, thanks!"
        m4,case-1,true,2024-03-02T08:00:00Z,Invoice copy,Could you also send me last month's invoice?
        m5,case-1,false,2024-03-02T09:00:00Z,RE: Invoice copy,"Attached, Ann."
        m6,case-2,true,2024-03-03T09:00:00Z,,Where is my parcel?
        m7,case-2,false,2024-03-03T10:00:00Z,,It ships today.

        """

    @Test func aConversationKeepsItsSubjectOnceAboveTheMessageThatOpensIt() throws {
        let run = try Self.run(
            name: "EmailMessage.csv", text: Self.emailRows,
            ConversationOptions(grouping: .field("ParentId"), orderBy: "MessageDate"))
        #expect(run.failures.isEmpty)
        let first = try #require(run.records.first)
        // The replies' `RE: ...` (with the helpdesk's tag) repeat the subject; a new subject stays above its message.
        #expect(first.messages.map(\.content).first == "Cannot log in\n\nHi, I cannot log in since yesterday.")
        #expect(first.messages.map(\.content)[1].hasPrefix("Hello Ann,"))
        #expect(first.messages.map(\.content)[2] == "That worked, thanks!")
        #expect(first.messages.map(\.content)[3] == "Invoice copy\n\nCould you also send me last month's invoice?")
        #expect(first.response == "Attached, Ann.")
        #expect(first.metadata["Subject"] == nil)
        // Without the option the text is kept as it reads.
        #expect(first.messages[1].content.contains("Original Message"))
        let second = try #require(run.records.last)
        #expect(second.input == "Where is my parcel?")
        #expect(second.response == "It ships today.")
    }

    @Test func messageRowsWhoseOnlyTextIsTheirSubjectAreRefusedAndAPreviewIsText() throws {
        // A subject is no message: rows holding nothing else name the field to map instead.
        let subjects = """
            id,conversation_id,direction,subject,body_url
            1,c1,inbound,Broken zipper,https://example.com/1
            2,c1,outbound,Re: Broken zipper,https://example.com/2

            """
        let error = try #require(
            thrownImportError {
                _ = try Self.run(
                    name: "messages.csv", text: subjects, ConversationOptions(grouping: .field("conversation_id")))
            })
        #expect(error.message.contains("no text beside their subject (subject)"))
        #expect(error.message.contains("--map input=FIELD (fields: body_url)"))
        // An export whose only text is each message's preview (Front's `Extract`, Kustomer's `preview`).
        let previews = """
            Message ID,Conversation ID,Direction,Message date,Subject,Extract
            m1,c1,Inbound,2024-02-01 09:00,Broken zipper,The zipper broke after a week.
            m2,c1,Outbound,2024-02-01 10:00,Re: Broken zipper,Send us a photo and we will replace it.

            """
        let run = try Self.run(
            name: "front.csv", text: previews,
            ConversationOptions(grouping: .field("Conversation ID"), orderBy: "Message date"))
        #expect(run.records.first?.input == "Broken zipper\n\nThe zipper broke after a week.")
        #expect(run.records.first?.response == "Send us a photo and we will replace it.")
    }

    @Test func cleanRepliesCleansEachMessageOfAConversation() throws {
        let run = try Self.run(
            name: "EmailMessage.csv", text: Self.emailRows,
            ConversationOptions(grouping: .field("ParentId"), orderBy: "MessageDate"), cleanReplies: true)
        let first = try #require(run.records.first)
        #expect(first.messages[1].content == "Hello Ann,\n\nPlease reset your password from the login page.")
        let quotes = try #require(first.metadata["removed_quotes"]?.arrayValue)
        #expect(quotes.count == 1)
        #expect(quotes.first?.scalarText?.contains("Original Message") == true)
        #expect(first.metadata["removed_signatures"] == ["Best regards,\nAcme Support"])
        // A customer's message keeps its closing; nothing else was cut.
        #expect(first.messages[0].content == "Cannot log in\n\nHi, I cannot log in since yesterday.")
    }

    /// The cases `emailRows` belong to, as Salesforce's `Case.csv` writes them; case-3 has no messages here.
    static let caseRows = """
        Id,CaseNumber,Subject,Description,Type,Reason
        case-3,00001003,Printer jammed,The printer jams on every page.,Problem,Hardware
        case-2,00001002,Parcel,Where is my parcel?,Question,Shipping
        case-1,00001001,Cannot log in,"Hi, I cannot log in since yesterday.",Problem,Login

        """

    @Test func ticketsFromAnotherFileGiveTheirLabelFieldsAndOpening() throws {
        let scratch = try ScratchDirectory()
        let cases = try scratch.file("Case.csv", text: Self.caseRows)
        // Comments answering a case whose description is kept on the case, not among the comments.
        let comments = try scratch.file(
            "CaseComment.csv",
            text: """
                Id,ParentId,CommentBody,CreatedDate,Incoming
                c1,case-2,It ships today.,2024-03-03T10:00:00Z,false
                c2,case-9,A comment on a case that is not in Case.csv.,2024-03-03T10:00:00Z,false
                c3,case-9,Thanks.,2024-03-03T11:00:00Z,true

                """)
        var options = ImportOptions(mapping: try FieldMapping(specifications: ["label=Reason"]))
        options.conversations = ConversationOptions(grouping: .field("ParentId"), orderBy: "CreatedDate")
        options.tickets = TicketSource(argument: cases.path)
        let run = try ImportRun(
            ImporterRegistry.importer(for: .csv, options: options, workers: 2, file: "CaseComment.csv"),
            file: comments, options: options)
        #expect(run.failures.isEmpty)
        let parcel = try #require(run.records.first { $0.ticketID == "case-2" })
        #expect(parcel.label == "Shipping")
        #expect(parcel.input == "Parcel\n\nWhere is my parcel?")
        #expect(parcel.response == "It ships today.")
        #expect(parcel.messages.map(\.role) == [.user, .assistant])
        // The rows named are the comments' own; the ticket's place is in metadata.
        #expect(parcel.locator == .conversation("case-2", rows: [1]))
        #expect(parcel.metadata["ticket_source"] == .string("\(cases.path), row 2 (line 3)"))
        #expect(parcel.metadata["ticket"]?.objectValue?["CaseNumber"] == "00001002")
        let orphan = try #require(run.records.first { $0.ticketID == "case-9" })
        #expect(orphan.label == nil)
        #expect(orphan.metadata["ticket"] == nil)
        #expect(
            run.notes.contains(
                "1 of 2 conversations joined to their tickets in \(cases.path) by Id (label from Reason where the"
                    + " messages give none); 1 opened by their ticket's description; 2 of its 3 tickets name no"
                    + " conversation of this file (import it alone for them)"))
    }

    @Test func aGzipCompressedTicketsFileIsReadAsTheFileItHolds() throws {
        let scratch = try ScratchDirectory()
        let cases = scratch.url.appendingPathComponent("Case.csv.gz")
        try Data(Gzip.compressed(Array(Self.caseRows.utf8))).write(to: cases)
        let messages = try scratch.file("EmailMessage.csv", text: Self.emailRows)
        var options = ImportOptions()
        options.conversations = ConversationOptions(grouping: .field("ParentId"), orderBy: "MessageDate")
        options.tickets = TicketSource(argument: cases.path)
        let run = try ImportRun(
            ImporterRegistry.importer(for: .csv, options: options, workers: 1, file: "EmailMessage.csv"),
            file: messages, options: options)
        let login = try #require(run.records.first)
        #expect(login.label == "Problem")
        #expect(login.metadata["ticket_source"] == .string("\(cases.path), row 3 (line 4)"))
        #expect(run.notes.contains { $0.hasPrefix("2 of 2 conversations joined to their tickets in \(cases.path)") })
    }

    @Test func aTicketWhoseDescriptionOpensTheMessagesIsNotRepeated() throws {
        let scratch = try ScratchDirectory()
        let cases = try scratch.file("Case.csv", text: Self.caseRows)
        let messages = try scratch.file("EmailMessage.csv", text: Self.emailRows)
        var options = ImportOptions()
        options.conversations = ConversationOptions(grouping: .field("ParentId"), orderBy: "MessageDate")
        options.tickets = TicketSource(argument: cases.path + ":Id")
        let run = try ImportRun(
            ImporterRegistry.importer(for: .csv, options: options, workers: 1, file: "EmailMessage.csv"),
            file: messages, options: options)
        let login = try #require(run.records.first)
        #expect(login.label == "Problem")
        #expect(login.messages.count == 5)
        #expect(login.messages.first?.content == "Cannot log in\n\nHi, I cannot log in since yesterday.")
        #expect(run.notes.contains { $0.hasPrefix("2 of 2 conversations joined to their tickets") })
        // A field no ticket's value fills is refused, naming the file.
        options.tickets = TicketSource(argument: cases.path + ":CaseNumber")
        #expect(throws: ImportError.self) {
            try ImportRun(
                ImporterRegistry.importer(for: .csv, options: options, workers: 1, file: "EmailMessage.csv"),
                file: messages, options: options)
        }
    }

    @Test func aBrokenChainImportsFromItsEarliestPresentMessageWithANote() throws {
        let run = try Self.run(Self.tweets, Self.replyLink)
        let broken = try #require(run.records.first { $0.ticketID == "11" })
        #expect(broken.input == "@AcmeSupport the app keeps crashing when I open settings")
        #expect(broken.response == "@bob That sounds frustrating. Please try logging out and back in.")
        #expect(
            run.notes.contains { $0.hasPrefix("1 reply chains start at a message whose parent is not in the file") })
        let unanswered = try #require(run.records.first { $0.ticketID == "20" })
        #expect(unanswered.response == nil)
        #expect(run.notes.contains("1 conversations have no agent reply: imported without a response"))
        #expect(run.notes.contains("7 messages in 3 conversations"))
        #expect(run.notes.contains { $0.contains("roles from inbound (true is the customer)") })
    }

    @Test func replyModeMakesOneExamplePerAgentReplyWithTheEarlierTurnsAsContext() throws {
        var options = Self.replyLink
        options.examples = .reply
        let run = try Self.run(Self.tweets, options)
        #expect(run.records.map(\.ticketID) == ["1#1", "1#2", "11#1", "20"])
        let second = try #require(run.records.dropFirst().first)
        #expect(second.input == "@AcmeSupport it's 55120, placed on the 12th")
        #expect(second.response?.hasPrefix("@alice Thanks.") == true)
        #expect(second.messages.count == 4)
        #expect(second.locator == .conversation("1#2", rows: [4, 3]))
        let first = try #require(run.records.first)
        #expect(first.input == "@AcmeSupport my parcel never arrived, again")
        #expect(first.messages.count == 2)
    }

    static let helpdeskOptions = ConversationOptions(grouping: .field("ticket_id"), orderBy: "created_at")

    @Test func helpdeskTicketsAreOrderedByTimeAndKeepInternalNotesOutOfTheText() throws {
        let run = try Self.run(Self.helpdesk, Self.helpdeskOptions)
        let ticket = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(ticket.ticketID == "T1")
        #expect(
            ticket.input
                == "I was charged twice for my January invoice.\n\nCould you tell me when the money comes back?")
        #expect(ticket.response == "The refund of 49.00 EUR was sent today; it shows within 5 working days.")
        #expect(ticket.locator == .conversation("T1", rows: [2, 4, 6, 5, 1]))
        #expect(ticket.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        let note = "Customer is a VIP; refund without asking for proof."
        #expect(!ticket.messages.contains { $0.content.contains("VIP") })
        #expect(ticket.response?.contains("VIP") == false)
        #expect(!ticket.input.contains("VIP"))
        #expect(ticket.metadata["internal_notes"] == [.string(note)])
        #expect(ticket.metadata["requester_id"] == "u-17")
    }

    @Test func aConversationWithNoCustomerTextIsQuarantinedNamingItsRows() throws {
        let run = try Self.run(Self.helpdesk, Self.helpdeskOptions)
        let failure = try #require(run.failures.first)
        #expect(run.failures.count == 1)
        #expect(failure.kind == .noInput)
        #expect(failure.locator == .conversation("T2", rows: [3]))
        #expect(
            failure.description == "helpdesk.csv, conversation T2 row 3: conversation T2 has no customer text (rows 3)")
    }

    @Test func helpdeskReplyModeAttachesOnlyTheNotesBeforeEachReply() throws {
        var options = Self.helpdeskOptions
        options.examples = .reply
        let run = try Self.run(Self.helpdesk, options)
        #expect(run.records.map(\.ticketID) == ["T1#1", "T1#2"])
        #expect(run.records[0].response == "Sorry about that! I have refunded the second charge.")
        #expect(run.records[0].metadata["internal_notes"] != nil)
        #expect(run.records[1].input == "Could you tell me when the money comes back?")
    }

    @Test func conversationFieldWithTimestampsOutOfFileOrder() throws {
        // Three timestamp styles in one export; the file lists the turns backwards.
        let text = """
            {"conversation_id": "c1", "sender": "agent", "sent_at": "1706695500", "message": "Done: the address is updated."}
            {"conversation_id": "c2", "sender": "customer", "sent_at": "1706695200000", "message": "Hello?"}
            {"conversation_id": "c1", "sender": "customer", "sent_at": "Wed, 31 Jan 2024 10:03:00 +0000", "message": "It is 4 Main Street."}
            {"conversation_id": "c1", "sender": "agent", "sent_at": "2024-01-31 10:01:30", "message": "Sure, what is the new address?"}
            {"conversation_id": "c1", "sender": "customer", "sent_at": "2024-01-31T11:00:00.5+01:00", "message": "Please change my delivery address."}

            """
        let run = try Self.run(
            name: "chat.jsonl", text: text, ConversationOptions(grouping: .field("conversation_id"), orderBy: "sent_at")
        )
        #expect(run.records.map(\.ticketID) == ["c1", "c2"])
        let first = try #require(run.records.first)
        #expect(first.input == "Please change my delivery address.\n\nIt is 4 Main Street.")
        #expect(first.response == "Done: the address is updated.")
        #expect(first.locator == .conversation("c1", rows: [5, 4, 3, 1]))
        #expect(!run.notes.contains { $0.contains("not timestamps") })
    }

    @Test func anUnreadableTimestampLeavesFileOrderForItsConversationWithANote() throws {
        let text = """
            conversation_id,role,timestamp,text
            c1,user,2024-01-31 10:05:00,second question
            c1,assistant,yesterday,the answer
            c1,user,2024-01-31 10:00:00,first question

            """
        let run = try Self.run(
            name: "chat.csv", text: text, ConversationOptions(grouping: .field("conversation_id"), orderBy: "timestamp")
        )
        #expect(run.records.first?.locator == .conversation("c1", rows: [1, 2, 3]))
        #expect(run.records.first?.input == "second question")
        #expect(
            run.notes.contains(
                "1 conversations have timestamp values that are not timestamps (for example 'yesterday' at row 2);"
                    + " file order decides for them"))
    }

    @Test func roleByWithAgentValuesComparesCaseInsensitively() throws {
        let text = """
            thread,from,body
            9,Dana,My card was declined.
            9,ACME HELP,We see no decline on our side; please try again.
            9,Dana,It worked. Thanks!

            """
        let options = ConversationOptions(grouping: .field("thread"), roleBy: "from", agentValues: ["acme help"])
        let run = try Self.run(name: "chat.csv", text: text, options)
        #expect(run.records.first?.response == "We see no decline on our side; please try again.")
        #expect(run.records.first?.messages.count == 3)
    }

    @Test func aGermanExportsRolesAndNotesAreKnownWithoutOptions() throws {
        let text = """
            ticket_id,role,nachricht
            4,Kunde,Meine Rechnung ist doppelt.
            4,Interne Notiz,Abrechnung prüfen
            4,Mitarbeiterin,Wir haben den doppelten Betrag erstattet.

            """
        let run = try Self.run(name: "verlauf.csv", text: text, ConversationOptions(grouping: .field("ticket_id")))
        let record = try #require(run.records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant])
        #expect(record.response == "Wir haben den doppelten Betrag erstattet.")
        #expect(record.metadata["internal_notes"] == ["Abrechnung prüfen"])
    }

    @Test func aMessageKindOrAnUnpublishedFlagMarksInternalNotes() throws {
        // Crisp's messages: `type` note is the team's internal note; the kinds are no label of the conversation.
        let crisp = """
            {"session_id":"s1","type":"text","from":"user","content":"I was charged twice","timestamp":1}
            {"session_id":"s1","type":"note","from":"operator","content":"Refund it, do not mention the price rise","timestamp":2}
            {"session_id":"s1","type":"text","from":"operator","content":"Refunded, sorry about that!","timestamp":3}
            {"session_id":"s2","type":"text","from":"user","content":"The export button is greyed out","timestamp":4}
            {"session_id":"s2","type":"text","from":"operator","content":"Fixed in today's release.","timestamp":5}

            """
        var options = ConversationOptions(grouping: .field("session_id"))
        options.orderBy = "timestamp"
        options.roleBy = "from"
        options.agentValues = ["operator"]
        let chat = try Self.run(name: "crisp.jsonl", text: crisp, options)
        let conversation = try #require(chat.records.first)
        #expect(conversation.response == "Refunded, sorry about that!")
        #expect(conversation.metadata["internal_notes"] == ["Refund it, do not mention the price rise"])
        // A message's kind is no label.
        #expect(chat.records.map(\.label) == [nil, nil])
        // A label that changes from message to message is no label of the conversation.
        let tagged = """
            ticket_id,role,category,body
            7,customer,Billing,I was charged twice
            7,agent,Refund,Refunded today

            """
        let perMessage = try Self.run(
            name: "tagged.csv", text: tagged, ConversationOptions(grouping: .field("ticket_id")))
        #expect(perMessage.records.first?.label == nil)
        #expect(perMessage.notes.contains { $0.hasPrefix("1 conversations' rows give different labels") })
        // Salesforce's case comments: `IsPublished` false is a comment the customer never saw.
        let comments = """
            ParentId,IsPublished,CommentBody,CreatedById,CreatedDate
            500A,true,Our invoice shows VAT but we are reverse-charge.,003C,2024-01-09T13:00:00Z
            500A,false,Checked with finance: OK to reissue.,005A,2024-01-09T13:40:00Z
            500A,true,I've reissued the invoice with 0% VAT.,005A,2024-01-09T13:55:00Z

            """
        var byCase = ConversationOptions(grouping: .field("ParentId"))
        byCase.orderBy = "CreatedDate"
        byCase.roleBy = "CreatedById"
        byCase.agentValues = ["005A"]
        let cases = try Self.run(
            name: "CaseComment.csv", text: comments, byCase,
            mapping: try FieldMapping(specifications: ["input=CommentBody"]))
        let record = try #require(cases.records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant])
        #expect(record.response == "I've reissued the invoice with 0% VAT.")
        #expect(record.metadata["internal_notes"] == ["Checked with finance: OK to reissue."])
    }

    @Test func aMessageAnsweredTwiceStartsOneConversationPerBranchAndDeletedMessagesGoWithTheirReplies() throws {
        // OpenAssistant's message trees: two ranked answers to one prompt, a follow-up under the first, and a deleted
        // answer with a reply under it.
        let tree = """
            {"message_id": "p1", "parent_id": null, "role": "prompter", "text": "What is a monopsony?", "created_date": "2023-02-05T14:00:00Z", "deleted": false}
            {"message_id": "a1", "parent_id": "p1", "role": "assistant", "text": "A market with one buyer.", "created_date": "2023-02-06T10:00:00Z", "deleted": false, "rank": 0}
            {"message_id": "a2", "parent_id": "p1", "role": "assistant", "text": "One buyer, many sellers.", "created_date": "2023-02-06T11:00:00Z", "deleted": false, "rank": 1}
            {"message_id": "a3", "parent_id": "p1", "role": "assistant", "text": "Sydney.", "created_date": "2023-02-06T12:00:00Z", "deleted": true}
            {"message_id": "p3", "parent_id": "a3", "role": "prompter", "text": "Why Sydney?", "created_date": "2023-02-06T13:00:00Z", "deleted": false}
            {"message_id": "a5", "parent_id": "p3", "role": "assistant", "text": "It is a city.", "created_date": "2023-02-06T14:00:00Z", "deleted": true}
            {"message_id": "p4", "parent_id": "a5", "role": "prompter", "text": "Which city?", "created_date": "2023-02-06T15:00:00Z", "deleted": false}
            {"message_id": "p2", "parent_id": "a1", "role": "prompter", "text": "Now explain it to a dog", "created_date": "2023-02-07T10:00:00Z", "deleted": false}
            {"message_id": "a4", "parent_id": "p2", "role": "assistant", "text": "Woof! One person gives out treats.", "created_date": "2023-02-07T11:00:00Z", "deleted": false}

            """
        var options = ConversationOptions(grouping: .replyLink(id: "message_id", parent: "parent_id"))
        options.orderBy = "created_date"
        let run = try Self.run(name: "oasst.jsonl", text: tree, options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.response) == ["Woof! One person gives out treats.", "One buyer, many sellers."])
        #expect(
            run.records[0].messages.map(\.content) == [
                "What is a monopsony?", "A market with one buyer.", "Now explain it to a dog",
                "Woof! One person gives out treats.",
            ])
        #expect(run.records[1].messages.map(\.content) == ["What is a monopsony?", "One buyer, many sellers."])
        #expect(run.records.map(\.ticketID) == ["p1", "p1"])
        // The deleted answer and the deleted one below it, each counted once, and the two replies under them.
        #expect(
            run.notes.contains(
                "2 message rows left out as deleted (a deleted or IsDeleted field true, or a deletion time), and the 2"
                    + " replies to them with them"))
        #expect(run.notes.contains { $0.hasPrefix("1 reply trees answer a message more than once") })
    }

    @Test func intercomPartsExportedOnePerRowAreConversationsWithNotesAndEventsApart() throws {
        // Intercom's conversation parts flattened to rows: `part_type` comment, note, note_and_reopen, assignment,
        // snoozed, close (with or without a closing reply); `author_type` user, lead, admin, bot; HTML bodies.
        let file = fixturesDirectory.appendingPathComponent("conversations/intercom-conversation-parts.csv")
        let source = try SourceFile(url: file, displayPath: file.lastPathComponent)
        let found = try #require(ConversationDetection.detect(source, format: .csv, options: ImportOptions()))
        #expect(found.options.grouping == .field("conversation_id"))
        #expect(found.options.orderBy == "created_at")
        let run = try Self.run(file, found.options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["215470001", "215470002"])
        let refund = run.records[0]
        // The assignment says nothing; the reply sent with the close is the answer.
        #expect(
            refund.turnLines == [
                "customer: Hi, I was charged twice for my April invoice.",
                "agent: Sorry about that! I have refunded the second charge; it shows on your card in 5–10 days.",
                "customer: Thanks, will I get a credit note too?",
                "agent: Yes, it is attached to the refund e-mail. Closing this for now.",
            ])
        #expect(refund.metadata["internal_notes"] == ["Stripe shows two captures, refund one."])
        // A lead is a customer, a bot answers, and a note that reopens the conversation is no answer.
        let discount = run.records[1]
        #expect(discount.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(discount.response == "Yes, the discount applies to annual billing as well.")
        #expect(discount.metadata["internal_notes"] == ["Check with sales whether the discount stacks."])
        #expect(run.notes.contains("3 message rows have no text: named in their conversation's rows only"))
    }

    @Test func speakersNamedWithoutASideHaveTheOneOpeningAConversationAsTheCustomer() throws {
        // The Ubuntu Dialogue Corpus: `from` names the speaker, nothing says who helps.
        let log = """
            folder,dialogueID,date,from,to,text
            3,126125.tsv,2008-04-23T14:55:00.000Z,bad_image,,Please help me with the following sentence.
            3,126125.tsv,2008-04-23T14:56:00.000Z,bad_image,,Did I write it correctly?
            3,126125.tsv,2008-04-23T14:57:00.000Z,lordleemo,bad_image,Please try #ubuntu-offtopic
            3,126125.tsv,2008-04-23T14:58:00.000Z,bad_image,lordleemo,"ok, thanks"
            3,8675.tsv,2008-05-01T09:00:00.000Z,mike,,How do I mount an ISO?
            3,8675.tsv,2008-05-01T09:01:00.000Z,bad_image,mike,sudo mount -o loop file.iso /mnt

            """
        // Found without options: one dialogue holds two speakers.
        let records = log.split(separator: "\n").dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return JSONObject(
                zip(["folder", "dialogueID", "date", "from", "to", "text"], cells).map { ($0, .string($1)) })
        }
        let found = try #require(ConversationDetection.detect(records: records))
        #expect(found.options.grouping == .field("dialogueID"))
        #expect(found.options.orderBy == "date")
        #expect(found.note.contains("whoever opens a conversation is the customer"))
        // One speaker per conversation value is no dialogue.
        #expect(ConversationDetection.detect(records: records.filter { $0["from"] == "bad_image" }) == nil)
        var options = ConversationOptions(grouping: .field("dialogueID"))
        options.orderBy = "date"
        let run = try Self.run(name: "dialogueText.csv", text: log, options)
        #expect(
            run.records.map { $0.messages.map(\.role) } == [[.user, .user, .assistant, .user], [.user, .assistant]])
        #expect(run.records.map(\.response) == ["Please try #ubuntu-offtopic", "sudo mount -o loop file.iso /mnt"])
        #expect(run.notes.contains { $0.contains("roles from from (a speaker's name: whoever opens") })
    }

    @Test func replyLinksAndRolesMayBePathsInsideTheRecord() throws {
        // DiscordChatExporter's messages: the message answered is `reference.messageId`, the author an object.
        let channel = """
            {"id": "1", "author": {"name": "pixelfox"}, "content": "My license key fails.", "reference": null}
            {"id": "2", "author": {"name": "acme-support"}, "content": "Free a seat, then retry.", "reference": {"messageId": "1"}}
            {"id": "3", "author": {"name": "mara_k"}, "content": "Does Pro include SSO?", "reference": null}

            """
        var options = ConversationOptions(grouping: .replyLink(id: "id", parent: "reference.messageId"))
        options.roleBy = "author.name"
        options.agentValues = ["acme-support"]
        let run = try Self.run(name: "channel.jsonl", text: channel, options)
        #expect(run.records.map(\.input) == ["My license key fails.", "Does Pro include SSO?"])
        #expect(run.records.map(\.response) == ["Free a seat, then retry.", nil])
    }

    @Test func anInternalNoteImportedAloneIsQuarantined() throws {
        let comments = """
            ParentId,IsPublished,CommentBody
            500A,true,Our invoice shows VAT but we are reverse-charge.
            500A,false,Checked with finance: OK to reissue.

            """
        let scratch = try ScratchDirectory()
        let run = try ImportRun(
            CSVImporter(), file: try scratch.file("CaseComment.csv", text: comments),
            options: try mappingOptions("input=CommentBody"))
        #expect(run.records.map(\.input) == ["Our invoice shows VAT but we are reverse-charge."])
        #expect(run.failures.map(\.kind) == [.internalNote])
        #expect(run.failures.first?.message.hasPrefix("an internal note (IsPublished false)") == true)
    }

    @Test func aMessageOfANoteKindImportedAloneIsQuarantinedATicketsTypeIsNot() throws {
        let threads = """
            Thread Type,Created By,Body
            customer,ann@example.com,The export button does nothing on Safari.
            note,kim@acme.io,"Known bug, ticket ENG-88"
            message,kim@acme.io,It is a Safari bug we fixed today; please reload the page.

            """
        let scratch = try ScratchDirectory()
        let run = try ImportRun(
            CSVImporter(), file: try scratch.file("threads.csv", text: threads), options: ImportOptions())
        #expect(run.records.count == 2)
        #expect(run.failures.map(\.kind) == [.internalNote])
        #expect(run.failures.first?.message.hasPrefix("an internal note (Thread Type note)") == true)
        // A ticket's type of `Internal` (a request from the staff) is no note.
        let tickets = """
            Subject,Type,Description
            Laptop,Internal,My laptop will not start.
            Refund,Customer,I want a refund for order 7.

            """
        let ticketRun = try ImportRun(
            CSVImporter(), file: try scratch.file("tickets.csv", text: tickets), options: ImportOptions())
        #expect(ticketRun.failures.isEmpty)
        #expect(ticketRun.records.count == 2)
    }

    @Test func authorIDsAgainstTheRequesterAndDirectionFlagsTellTheRoles() throws {
        // Zendesk's comments joined to their tickets: the requester's id is the customer.
        let comments = """
            ticket_id,author_id,requester_id,public,body
            9,501,501,true,My order never came.
            9,77,501,false,Carrier lost it.
            9,77,501,true,A new one ships today.

            """
        let byTicket = ConversationOptions(grouping: .field("ticket_id"))
        let byID = try Self.run(name: "comments.csv", text: comments, byTicket)
        let record = try #require(byID.records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant])
        #expect(record.response == "A new one ships today.")
        #expect(record.metadata["internal_notes"] == ["Carrier lost it."])
        // Freshdesk's conversations as rows: `incoming` true is the customer.
        let incoming = "ticket_id,incoming,body_text\n3,true,Where is it?\n3,false,It arrives Friday.\n"
        let byFlag = try Self.run(name: "conv.csv", text: incoming, byTicket)
        #expect(byFlag.records.first?.messages.map(\.role) == [.user, .assistant])
    }

    @Test func messageRowsAreToldFromTicketRows() {
        func records(_ rows: [[(String, String)]]) -> [JSONObject] {
            rows.map { JSONObject($0.map { (key: $0.0, value: JSONValue.string($0.1)) }) }
        }
        // Messages: a role field, and a conversation that holds two rows.
        let messages = records([
            [("conversationId", "c1"), ("senderType", "visitor"), ("text", "Hi")],
            [("conversationId", "c1"), ("senderType", "agent"), ("text", "Hello")],
        ])
        #expect(ConversationDetection.detect(records: messages)?.options.grouping == .field("conversationId"))
        // Each id once: ticket rows, even with a role-like field.
        let once = records([
            [("ticket_id", "1"), ("direction", "inbound"), ("body", "Late")],
            [("ticket_id", "2"), ("direction", "outbound"), ("body", "Call back")],
        ])
        #expect(ConversationDetection.detect(records: once) == nil)
        // A sender field of addresses names no side: no conversation is guessed.
        let addresses = records([
            [("thread_id", "t1"), ("sender", "ann@example.org"), ("body", "Hi")],
            [("thread_id", "t1"), ("sender", "support@acme.example"), ("body", "Hello")],
        ])
        #expect(ConversationDetection.detect(records: addresses) == nil)
        // Beside them a direction does (HubSpot's and Front's inbox exports): it is named as --role-by would.
        let directed = records([
            [("Thread ID", "t1"), ("Direction", "INCOMING"), ("Sender", "ann@example.org"), ("Text", "Hi")],
            [("Thread ID", "t1"), ("Direction", "OUTGOING"), ("Sender", "kim@acme.example"), ("Text", "Hello")],
        ])
        let found = ConversationDetection.detect(records: directed)
        #expect(found?.options.grouping == .field("Thread ID"))
        #expect(found?.options.roleBy == "Direction")
        #expect(found?.note.contains("--role-by Direction") == true)
        // The role column preferred by name needs no --role-by.
        #expect(ConversationDetection.detect(records: messages)?.options.roleBy == nil)
        // The same ticket twice without a role field is a duplicate, not a conversation.
        let twice = records([[("ticket_id", "1"), ("body", "Late")], [("ticket_id", "1"), ("body", "Late")]])
        #expect(ConversationDetection.detect(records: twice) == nil)
        // A ticket's parent is no reply link.
        let parents = records([
            [("id", "5"), ("parent_ticket_id", "4"), ("role", "customer"), ("body", "a")],
            [("id", "6"), ("parent_ticket_id", "4"), ("role", "agent"), ("body", "b")],
        ])
        #expect(ConversationDetection.detect(records: parents) == nil)
        // A parent id naming no message of the file is what they belong to (Salesforce's e-mails of a case).
        let salesforce = records([
            [("Id", "02s1"), ("ParentId", "500A"), ("Incoming", "true"), ("TextBody", "Where is it?")],
            [("Id", "02s2"), ("ParentId", "500A"), ("Incoming", "false"), ("TextBody", "It ships today.")],
        ])
        #expect(ConversationDetection.detect(records: salesforce)?.options.grouping == .field("ParentId"))
        // One that names messages of the file links replies.
        let replies = records([
            [("id", "1"), ("parent_id", ""), ("role", "customer"), ("text", "Hi")],
            [("id", "2"), ("parent_id", "1"), ("role", "agent"), ("text", "Hello")],
        ])
        #expect(
            ConversationDetection.detect(records: replies)?.options.grouping
                == .replyLink(id: "id", parent: "parent_id"))
    }

    @Test func withoutARoleFieldTheImportRefusesNamingTheOption() throws {
        let text = "conversation_id,text\nc1,hello\nc1,hi there\n"
        let error = try #require(
            thrownImportError {
                _ = try Self.run(name: "chat.csv", text: text, ConversationOptions(grouping: .field("conversation_id")))
            })
        #expect(error.kind == .invalidMapping)
        #expect(error.file == "chat.csv")
        #expect(error.message.contains("--role-by FIELD --agent-values V1,V2"))
    }

    @Test func aMissingConversationFieldRefusesTheFile() throws {
        let text = "role,text\nuser,hello\n"
        let error = try #require(
            thrownImportError {
                _ = try Self.run(name: "chat.csv", text: text, ConversationOptions(grouping: .field("thread_id")))
            })
        #expect(error.message == "no field 'thread_id' (fields: role, text)")
    }

    @Test func rowsWithoutAConversationIdAreQuarantinedAndBadRowsKeepTheirLocator() throws {
        let text = "conversation_id,role,text\nc1,user,hello\n,user,lost\nc1,agent,hi\nc1,agent\n"
        let run = try Self.run(name: "chat.csv", text: text, ConversationOptions(grouping: .field("conversation_id")))
        #expect(run.failures.map(\.locator) == [.row(2, line: 3), .row(4, line: 5)])
        #expect(run.failures.first?.message == "no conversation id in field 'conversation_id'")
        #expect(run.records.map(\.response) == ["hi"])
    }

    @Test func replyCyclesAreBrokenAtTheirEarliestRow() throws {
        let text = """
            id,parent,direction,text
            a,b,inbound,where is my order?
            b,a,outbound,it ships tomorrow

            """
        let run = try Self.run(
            name: "chat.csv", text: text, ConversationOptions(grouping: .replyLink(id: "id", parent: "parent")))
        #expect(run.records.map(\.ticketID) == ["a"])
        #expect(run.records.first?.response == "it ships tomorrow")
        #expect(run.notes.contains("1 reply cycles broken at their earliest row"))
    }

    @Test func aJSONArrayOfMessagesJoinsIntoTheSameConversationsAsTheCSV() throws {
        let csv = try Self.run(Self.tweets, Self.replyLink)
        let json = try Self.run(fixturesDirectory.appendingPathComponent("conversations/tweets.json"), Self.replyLink)
        #expect(json.records.map(\.ticketID) == ["1", "11", "20"])
        #expect(json.records.map(\.input) == csv.records.map(\.input))
        #expect(json.records.map(\.response) == csv.records.map(\.response))
        #expect(json.records.map(\.messages) == csv.records.map(\.messages))
        // Records are numbered by their place in the array: the string at record 6 is quarantined, not grouped.
        #expect(json.records.first?.locator == .conversation("1", rows: [2, 1, 4, 3]))
        #expect(json.records.last?.locator == .conversation("20", rows: [8]))
        #expect(json.failures.map(\.locator) == [.record(6)])
        #expect(json.failures.first?.kind == .notAnObject)
        #expect(json.notes.contains("7 messages in 3 conversations"))
        #expect(json.records.first?.metadata["message_ids"] == ["1", "2", "3", "4"])
    }

    @Test func messagesNestedInAJSONObjectGroupByAFieldInTimeOrder() throws {
        let text = """
            {"export": {"account": "acme", "generated": "2024-02-02"},
             "data": {"comments": [
               {"ticket_id": "T1", "created_at": "2024-01-31T10:10:00Z", "author_type": "agent",
                "body": "Sorry about that! I have refunded the second charge."},
               {"ticket_id": "T1", "created_at": "2024-01-31T10:00:00Z", "author_type": "end-user",
                "body": "I was charged twice for my January invoice."},
               {"ticket_id": "T2", "created_at": "2024-02-01T08:00:00Z", "author_type": "end-user",
                "body": "Where is my parcel?"},
               {"ticket_id": "T2", "created_at": "2024-02-01T09:00:00Z", "author_type": "agent",
                "body": "It left the warehouse this morning."}
             ]}}
            """
        var options = ConversationOptions(grouping: .field("ticket_id"))
        options.orderBy = "created_at"
        let run = try Self.run(name: "export.json", text: text, options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["T1", "T2"])
        #expect(run.records.map(\.input) == ["I was charged twice for my January invoice.", "Where is my parcel?"])
        #expect(
            run.records.map(\.response) == [
                "Sorry about that! I have refunded the second charge.", "It left the warehouse this morning.",
            ])
        #expect(run.records.first?.locator == .conversation("T1", rows: [2, 1]))
        #expect(run.notes.contains { $0.hasPrefix("records read from data.comments") })
    }

    @Test func manyChunksOnSeveralWorkersGiveTheSameExamplesAsOne() throws {
        // Interleaved conversations across small CSV blocks.
        var text = "conversation_id,role,text\n"
        for turn in 0..<6 {
            for conversation in 0..<300 {
                text += "c\(conversation),\(turn % 2 == 0 ? "customer" : "agent"),turn \(turn) of \(conversation)\n"
            }
        }
        let scratch = try ScratchDirectory()
        let file = try scratch.file("chat.csv", text: text)
        let options = ConversationOptions(grouping: .field("conversation_id"))
        var results: [[ExampleDraft]] = []
        for workers in [1, 3] {
            var importOptions = ImportOptions()
            importOptions.conversations = options
            let importer = ConversationImporter(
                base: CSVImporter(blockSize: 512), conversation: options, workers: workers)
            results.append(try ImportRun(importer, file: file, options: importOptions).records)
        }
        #expect(results[0] == results[1])
        #expect(results[0].count == 300)
        #expect(results[0].last?.input == "turn 0 of 299\n\nturn 2 of 299\n\nturn 4 of 299")
        #expect(results[0].last?.response == "turn 5 of 299")
    }
}

@Suite("Conversation options and timestamps")
struct ConversationOptionTests {
    @Test(arguments: [
        ("Tue Oct 31 22:10:47 +0000 2017", 1_509_487_847.0),
        ("Tue, 31 Oct 2017 22:10:47 +0000", 1_509_487_847),
        ("31 Oct 2017 23:10:47 +0100 (CET)", 1_509_487_847),
        ("Tue, 31 Oct 2017 17:10:47 EST", 1_509_487_847),
        ("2017-10-31T22:10:47Z", 1_509_487_847),
        ("2017-10-31T22:10:47.250Z", 1_509_487_847.25),
        ("2017-10-31T23:10:47+01:00", 1_509_487_847),
        ("2017-10-31T17:10:47-0500", 1_509_487_847),
        ("2017-10-31 22:10:47", 1_509_487_847),
        ("2017-10-31 22:10", 1_509_487_800),
        ("2017-10-31", 1_509_408_000),
        ("1509487847", 1_509_487_847),
        ("1509487847250", 1_509_487_847.25),
        ("1509487847.5", 1_509_487_847.5),
        ("2000-02-29T00:00:00Z", 951_782_400),
    ])
    func readsCommonTimestampForms(text: String, seconds: Double) {
        #expect(MessageTimestamp.seconds(from: text) == seconds)
    }

    @Test(arguments: [
        "", "yesterday", "2017-13-01", "2017-02-30", "Tue Foo 31 22:10:47 +0000 2017", "12:00", "2017-10-31T25:00",
    ])
    func refusesWhatIsNotATimestamp(text: String) {
        #expect(MessageTimestamp.seconds(from: text) == nil)
    }

    @Test func parsesCommandLineValues() throws {
        let options = try #require(
            try ConversationOptions(
                conversationBy: nil, replyLink: "tweet_id:in_response_to_tweet_id", orderBy: "created_at",
                roleBy: "sender", agentValues: "Agent, Bot", examples: .reply))
        #expect(options.grouping == .replyLink(id: "tweet_id", parent: "in_response_to_tweet_id"))
        #expect(options.agentValues == ["Agent", "Bot"])
        #expect(options.examples == .reply)
        #expect(
            try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil) == nil)
    }

    @Test func oneConversationReadsTheWholeFileAsOne() throws {
        let options = try #require(
            try ConversationOptions(
                conversationBy: nil, replyLink: nil, orderBy: "Date", roleBy: nil, agentValues: nil, examples: nil,
                oneConversation: true))
        #expect(options.grouping == .file)
        #expect(throws: ConversationOptionError.self) {
            try ConversationOptions(
                conversationBy: "chat_id", replyLink: nil, orderBy: nil, roleBy: nil, agentValues: nil, examples: nil,
                oneConversation: true)
        }
        // A chat exported alone (KakaoTalk's Mac export: `Date,User,Message`), each file its own conversation,
        // named by the file.
        let folder = try TemporaryFolder("winnow-one-conversation-")
        defer { folder.remove() }
        var runs: [ImportRun] = []
        for (name, customer) in [("chat-ann.csv", "Ann Lee"), ("chat-bo.csv", "Bo Chen")] {
            let file = folder.appendingPathComponent(name)
            try """
            Date,User,Message
            2020-06-28 09:01:00,\(customer),My order has not arrived.
            2020-06-28 09:12:00,Acme Support,Let me check: what is the order number?
            2020-06-28 09:13:00,\(customer),It is 5512.
            2020-06-28 09:20:00,Acme Support,It ships today.

            """.write(to: file, atomically: true, encoding: .utf8)
            var importOptions = ImportOptions()
            importOptions.conversations = options
            let importer = ConversationImporter(base: CSVImporter(), conversation: options, workers: 1)
            runs.append(try ImportRun(importer, file: file, options: importOptions))
        }
        for (run, name) in zip(runs, ["chat-ann.csv", "chat-bo.csv"]) {
            let chat = try #require(run.records.first)
            #expect(run.records.count == 1 && run.failures.isEmpty)
            #expect(chat.ticketID == name)
            #expect(chat.messages.map(\.role) == [.user, .assistant, .user, .assistant])
            #expect(chat.response == "It ships today.")
        }
    }

    @Test func aPhoneBackupsChatSessionNamesTheConversation() throws {
        // iMazing's messages export: `Chat Session` (the contact), `Type` Incoming or Outgoing.
        let rows = [
            #"{"Chat Session": "Ann Lee", "Message Date": "2024-03-01 09:00:00", "Type": "Incoming", "Text": "Is it done?"}"#,
            #"{"Chat Session": "Ann Lee", "Message Date": "2024-03-01 09:05:00", "Type": "Outgoing", "Text": "Yes."}"#,
            #"{"Chat Session": "Bo Chen", "Message Date": "2024-03-02 10:00:00", "Type": "Incoming", "Text": "Helmets?"}"#,
            #"{"Chat Session": "Bo Chen", "Message Date": "2024-03-02 10:10:00", "Type": "Outgoing", "Text": "We do."}"#,
        ].map { try! JSONParser.parse($0).objectValue! }
        let found = try #require(ConversationDetection.detect(records: rows))
        #expect(found.options.grouping == .field("Chat Session"))
        #expect(found.options.orderBy == "Message Date")
        #expect(found.note.contains("--conversation-by 'Chat Session'"))
    }

    @Test func columnNamesLedByTheirObjectAndFieldNamesQuotedForTheShell() {
        // Zendesk Explore's `Comment author role`, `Comment public`; a kind column keeps its name.
        #expect(TurnRoleRule.columnName("comment_author_role") == "author_role")
        #expect(TurnRoleRule.columnName("comment_public") == "public")
        #expect(TurnRoleRule.columnName("message_direction") == "message_direction")
        #expect(TurnRoleRule.columnName("message_type") == "message_type")
        #expect(ConversationDetection.shellWord("ticket_id") == "ticket_id")
        #expect(ConversationDetection.shellWord("Ticket ID") == "'Ticket ID'")
        #expect(ConversationDetection.shellWord("it's") == #"'it'\''s'"#)
    }

    @Test func agentValuesOpeningWithAPlusAddToTheUsualWords() throws {
        #expect(TurnRoleRule.agentValues(given: []) == nil)
        #expect(TurnRoleRule.agentValues(given: ["Operator"]) == ["operator"])
        let added = try #require(TurnRoleRule.agentValues(given: ["+User", "Helper"]))
        #expect(added == TurnRoleRule.defaultAgentValues.union(["user", "helper"]))
        // Read so from the command line: `user` is the agent, `agent` still is, a `contact` is the customer.
        let options = try #require(
            try ConversationOptions(
                conversationBy: "conversation_id", replyLink: nil, orderBy: nil, roleBy: "sender_type",
                agentValues: "+user", examples: nil))
        let rule = try TurnRoleRule.resolve(keys: ["conversation_id", "sender_type", "content"], options: options)
        let sides = ["User", "agent", "Contact"].map { rule.role(of: JSONObject([("sender_type", .string($0))])) }
        #expect(sides == [.agent, .agent, .customer])
    }

    @Test(
        arguments: [
            (nil, nil, "created_at", nil, nil, "--order-by applies to conversations"),
            ("ticket_id", "a:b", nil, nil, nil, "give --conversation-by or --reply-link, not both"),
            (nil, "tweet_id", nil, nil, nil, "--reply-link must be ID_FIELD:PARENT_FIELD"),
            (nil, "id:id", nil, nil, nil, "--reply-link names 'id' as both the id and the parent"),
            ("ticket_id", nil, nil, nil, "agent", "--agent-values needs --role-by FIELD"),
            ("ticket_id", nil, nil, "role", " , ", "--agent-values needs at least one value"),
            (" ", nil, nil, nil, nil, "--conversation-by needs a field name"),
        ] as [(String?, String?, String?, String?, String?, String)])
    func refusesContradictoryOptions(
        conversationBy: String?, replyLink: String?, orderBy: String?, roleBy: String?, agentValues: String?,
        message: String
    ) {
        #expect {
            _ = try ConversationOptions(
                conversationBy: conversationBy, replyLink: replyLink, orderBy: orderBy, roleBy: roleBy,
                agentValues: agentValues, examples: nil)
        } throws: { error in
            (error as? ConversationOptionError)?.message.hasPrefix(message) == true
        }
    }

    @Test func spilledMessagesRoundTrip() throws {
        var bytes: [UInt8] = []
        SpilledMessage.append(
            text: "héllo", label: nil, metadata: JSONObject([(key: "a", value: 1)]), messageID: "m-1",
            subject: "Refund", to: &bytes)
        let start = bytes.count
        SpilledMessage.append(text: "", label: "Billing", metadata: JSONObject(), messageID: nil, to: &bytes)
        let first = try #require(
            bytes.withUnsafeBytes { SpilledMessage(UnsafeRawBufferPointer(rebasing: $0[..<start])) })
        #expect(first.text == "héllo")
        #expect(first.label == nil)
        #expect(first.metadata["a"] == 1)
        #expect(first.messageID == "m-1")
        #expect(first.subject == "Refund")
        let second = try #require(
            bytes.withUnsafeBytes { SpilledMessage(UnsafeRawBufferPointer(rebasing: $0[start...])) })
        #expect(second.label == "Billing")
        #expect(second.metadata.isEmpty)
        #expect(second.subject == nil)
        #expect(bytes.withUnsafeBytes { SpilledMessage(UnsafeRawBufferPointer(rebasing: $0[..<(start - 1)])) } == nil)
    }
}
