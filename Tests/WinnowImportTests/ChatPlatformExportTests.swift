import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Chat platforms' exports in their documented shapes, imported without options: Microsoft Graph's Teams channel
/// messages (threads nested in `replies`, or flat with `replyToId`) and DiscordChatExporter's JSON of a channel, a
/// direct chat and a forum post.
@Suite("Import: Teams and Discord exports")
struct ChatPlatformExportTests {
    static let teams = fixturesDirectory.appendingPathComponent("conversations/teams-channel-messages.json")
    static let discord = fixturesDirectory.appendingPathComponent("conversations/discord-channel.json")

    /// Reads `url` as a JSON document with the conversation options its first records call for, as `winnow import`
    /// does without options; nil options when detection finds none.
    static func importDetected(_ url: URL) throws -> (run: ImportRun, note: String?, recordsPath: String?) {
        let file = try SourceFile(url: url, displayPath: url.lastPathComponent)
        var options = ImportOptions()
        let found = ConversationDetection.detect(file, format: .json, options: options)
        options.conversations = found?.options
        options.recordsPath = found?.recordsPath
        let importer = try ImporterRegistry.importer(
            for: .json, options: options, workers: 2, file: url.lastPathComponent)
        return (try ImportRun(importer, file: url, options: options), found?.note, found?.recordsPath)
    }

    @Test func aTeamsPostAndItsRepliesAreOneConversationWithNoticesLeftOutAndCounted() throws {
        let (run, note, recordsPath) = try Self.importDetected(Self.teams)
        #expect(recordsPath == "value")
        #expect(note?.contains("joined into conversations by replyToId, ordered by createdDateTime") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["1616965872395", "1616980000000", "1616990000000"])
        let vpn = try #require(run.records.first)
        // The poster asks; a colleague and the helpdesk bot answer; Teams' markup reads as Teams shows it.
        #expect(vpn.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(
            vpn.messages.map(\.content) == [
                "VPN drops every hour\n\nMy VPN connection drops every hour and I have to sign in again. 😫 Log"
                    + " attached.",
                "Robin Kline thanks for the log. Your client is on 5.2; please update to 5.4 from the Company Portal"
                    + " and restart.",
                "Updated and restarted, I will watch it for the afternoon.",
                "Ticket INC0012345 was updated: resolution client upgraded.",
            ])
        #expect(vpn.locator == .conversation("1616965872395", rows: [1]))
        // The deleted reply is left out; the answer after it stays.
        #expect(run.records[1].input.hasPrefix("Hi IT Support, the printer on floor 3"))
        #expect(run.records[1].messages.count == 2)
        #expect(run.records[2].input == "Dear <name>, is there a template for the out-of-office reply?")
        #expect(run.records[2].response == nil)
        #expect(
            run.notes.contains(
                "1 message rows left out as notices, nobody's words (systemEventMessage 1); the replies to them kept"))
        // Grouped by the thread's first message, a deleted reply goes alone: the replies name no message answered.
        #expect(
            run.notes.contains(
                "1 message rows left out as deleted (a deleted or IsDeleted field true, or a deletion time); the other"
                    + " rows of their conversations kept"))
        #expect(!run.notes.contains { $0.contains("answer a message more than once") })
    }

    @Test func flatTeamsMessagesAreGroupedByTheThreadTheirReplyToIdNames() throws {
        // `GET /teams/{id}/channels/getAllMessages`: replies as messages of their own, `replyToId` naming the first
        // message of their thread, which names none; newest first.
        let messages = """
            {"id": "3", "replyToId": "1", "messageType": "message", "createdDateTime": "2024-05-02T09:20:00Z", "from": {"user": {"id": "u-ann", "displayName": "Ann"}, "application": null}, "body": {"contentType": "text", "content": "It works now, thanks."}}
            {"id": "2", "replyToId": "1", "messageType": "message", "createdDateTime": "2024-05-02T09:10:00Z", "from": {"user": {"id": "u-bo", "displayName": "Bo"}, "application": null}, "body": {"contentType": "html", "content": "<p><at id=\\"0\\">Ann</at> clear the Teams cache, then sign in again.</p>"}}
            {"id": "1", "replyToId": null, "messageType": "message", "createdDateTime": "2024-05-02T09:00:00Z", "from": {"user": {"id": "u-ann", "displayName": "Ann"}, "application": null}, "body": {"contentType": "text", "content": "Teams shows me offline all day."}}
            {"id": "4", "replyToId": null, "messageType": "message", "createdDateTime": "2024-05-02T10:00:00Z", "from": {"user": {"id": "u-cy", "displayName": "Cy"}, "application": null}, "body": {"contentType": "text", "content": "Is the wiki down?"}}

            """
        let records = messages.split(separator: "\n").compactMap {
            (try? JSONParser.parse(String($0)))?.objectValue
        }
        let found = try #require(ConversationDetection.detect(records: records))
        #expect(found.options.grouping == .field("replyToId"))
        #expect(found.options.orderBy == "createdDateTime")
        let run = try ConversationImportTests.run(name: "messages.jsonl", text: messages, found.options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["1", "4"])
        #expect(
            run.records[0].messages.map(\.content) == [
                "Teams shows me offline all day.", "Ann clear the Teams cache, then sign in again.",
                "It works now, thanks.",
            ])
        #expect(run.records[0].messages.map(\.role) == [.user, .assistant, .user])
        // A conversation field that names no thread's first message still wants a value.
        let tickets = "ticket_id,id,role,text\nT1,1,user,Hello\n,2,user,Lost\nT1,3,agent,Hi\n"
        let byTicket = try ConversationImportTests.run(
            name: "comments.csv", text: tickets, ConversationOptions(grouping: .field("ticket_id")))
        #expect(byTicket.failures.map(\.message) == ["no conversation id in field 'ticket_id'"])
    }

    @Test func aDiscordChannelIsChainedByTheMessagesRepliesName() throws {
        let (run, note, recordsPath) = try Self.importDetected(Self.discord)
        #expect(recordsPath == "messages")
        #expect(note?.contains("chained into conversations by reference.messageId, ordered by timestamp") == true)
        #expect(run.failures.isEmpty)
        #expect(
            run.records.map(\.input) == [
                "My license key fails with error 4031 after I moved to a new laptop.", "Does the Pro plan include SSO?",
                "It says all green but my uploads still time out",
            ])
        #expect(
            run.records.map(\.response) == [
                "@pixelfox 4031 means the seat is still held by the old laptop. Free it under Account > Devices, then"
                    + " retry.",
                "SSO (SAML and OIDC) comes with Business and above; Pro has Google and Microsoft sign-in. See"
                    + " https://acme.example/pricing",
                "Uploads over 2 GB need the desktop client; the browser stops at 2 GB.",
            ])
        // A bot answers and never asks: the first person in a bot's chain is the customer.
        #expect(run.records[2].messages.map(\.role) == [.assistant, .user, .assistant])
        #expect(run.records.allSatisfy { $0.label == nil })
        #expect(
            run.notes.contains(
                "3 message rows left out as notices, nobody's words (ChannelPinnedMessage 1, GuildMemberJoin 1,"
                    + " ThreadCreated 1); the replies to them kept"))
        // The pin notice naming an answer is no second answer; the thread notice naming a thread starts no chain.
        #expect(!run.notes.contains { $0.contains("more than once") || $0.contains("parent is not in the file") })
    }

    @Test func aChatBetweenTwoInAMessagesDocumentStaysOneConversation() throws {
        // Two people replying to each other's messages in a document whose channel says nothing: one conversation,
        // read as the document's turns, the first to write the customer.
        let chat = #"""
            {"messages": [
             {"id": "1", "type": "Default", "timestamp": "2024-03-01T10:00:00Z", "author": {"id": "7", "name": "mara_k", "isBot": false}, "content": "Hi, my invoice is wrong."},
             {"id": "2", "type": "Reply", "timestamp": "2024-03-01T10:02:00Z", "author": {"id": "9", "name": "dana.acme", "isBot": false}, "content": "Which one?", "reference": {"messageId": "1"}},
             {"id": "3", "type": "Reply", "timestamp": "2024-03-01T10:03:00Z", "author": {"id": "7", "name": "mara_k", "isBot": false}, "content": "March.", "reference": {"messageId": "2"}}]}
            """#
        let scratch = try ScratchDirectory()
        let (run, note, _) = try Self.importDetected(try scratch.file("dm.json", text: chat))
        #expect(note == nil)
        #expect(run.failures.isEmpty)
        #expect(
            run.records.map(\.turnLines) == [
                ["customer: Hi, my invoice is wrong.", "agent: Which one?", "customer: March."]
            ])
    }

    @Test func aDiscordDirectChatIsOneConversationOpenedByItsCustomer() throws {
        let url = fixturesDirectory.appendingPathComponent("conversations/discord-dm.json")
        let (run, note, _) = try Self.importDetected(url)
        // Not a channel of reply chains: the document is one record, its messages the turns.
        #expect(note == nil)
        #expect(run.failures.isEmpty)
        let chat = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(
            chat.turnLines == [
                "customer: Hi! My order #5521 says delivered but nothing arrived.",
                "agent: Sorry to hear that. Can you check with your neighbours and the parcel box first?",
                "customer: Checked both, it is not there.",
                "agent: Thanks for checking. I have opened a carrier claim and sent a replacement; you will get a"
                    + " tracking link today.",
            ])
        // The pin notice is nobody's words.
        #expect(chat.metadata["thread_events"] == ["Pinned a message."])
        #expect(chat.metadata["speaker_sides"]?.objectValue?["customer"] == "lena.ortiz")
        #expect(chat.metadata["channel"]?.objectValue?["type"] == "DirectTextChat")
        #expect(
            run.notes.contains(
                "record 1: the speakers of messages are told by their accounts (author.name) alone: lena.ortiz, the"
                    + " first to write, is taken as the customer; sam.acme answers (if lena.ortiz is the team's,"
                    + " --role-by author.name --agent-values lena.ortiz says so)"))
        // Naming the agents instead turns the sides round.
        var options = ImportOptions()
        options.mapping.turnRoles = FieldMapping.TurnRoles(field: "author.name", agentValues: ["lena.ortiz"])
        let named = try ImportRun(JSONDocumentImporter(), file: url, options: options)
        #expect(named.records.first?.messages.map(\.role) == [.assistant, .user, .assistant, .user])
        #expect(named.records.first?.metadata["speaker_sides"] == nil)
    }

    @Test func aDiscordForumPostIsOneThreadWhateverItsRepliesName() throws {
        let (run, note, _) = try Self.importDetected(
            fixturesDirectory.appendingPathComponent("conversations/discord-forum-post.json"))
        // More than two speak, and most messages answer none: still one thread, not a conversation each.
        #expect(note == nil)
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 1)
        let post = try #require(run.records.first)
        // The poster asks; the bot's greeting, another member and the staff answer.
        #expect(post.messages.map(\.role) == [.user, .assistant, .assistant, .assistant, .user, .assistant])
        #expect(post.input.hasPrefix("Since the 3.2 update none of my webhooks fire."))
        #expect(
            post.metadata["speaker_sides"]?.objectValue?["answering"] == ["AcmeHelper", "raj.dev", "nora.acme"])
        // A thread's reply chains are its own: the same messages in a server's channel are chained.
        let channel = try String(
            contentsOf: fixturesDirectory.appendingPathComponent("conversations/discord-forum-post.json"),
            encoding: .utf8
        ).replacingOccurrences(of: "GuildPublicThread", with: "GuildTextChat")
        let scratch = try ScratchDirectory()
        let (chained, chainedNote, _) = try Self.importDetected(try scratch.file("channel.json", text: channel))
        #expect(chainedNote?.contains("chained into conversations by reference.messageId") == true)
        #expect(chained.records.count + chained.failures.count == 5)
    }

    @Test func aBotOpeningADirectChatIsNoCustomer() throws {
        let chat = #"""
            [{"author": {"id": "b", "name": "AcmeBot", "isBot": true}, "content": "Hi! How can we help?"},
             {"author": {"id": "c", "name": "ivo"}, "content": "My card was declined."},
             {"author": {"id": "a", "name": "pat.acme"}, "content": "Which card do you use?"}]
            """#
        let read = try TurnReader.read(try JSONParser.parse(chat)).get()
        #expect(read.messages.map(\.role) == [.assistant, .user, .assistant])
        #expect(read.speakerSides?.customerName == "ivo")
        #expect(read.speakerSides?.answering == ["AcmeBot", "pat.acme"])
        // A thread where one turn says its side is read by what the turns say, as before.
        let told =
            #"[{"author": {"id": "c", "name": "ivo"}, "content": "Hi"}, {"role": "assistant", "content": "Hello"}]"#
        #expect(throws: MessageFormatError.self) { try TurnReader.read(try JSONParser.parse(told)).get() }
    }

    @Test func aNoticeImportedAloneIsQuarantinedAsOne() throws {
        var options = ImportOptions()
        options.recordsPath = "messages"
        let run = try ImportRun(JSONDocumentImporter(), file: Self.discord, options: options)
        #expect(run.records.count == 8)
        #expect(run.failures.map(\.kind) == [.notice, .notice, .notice])
        #expect(run.failures.map(\.locator) == [.record(1), .record(7), .record(11)])
        #expect(run.failures.first?.message == "a notice (type GuildMemberJoin), nobody's words: left out")
    }
}
