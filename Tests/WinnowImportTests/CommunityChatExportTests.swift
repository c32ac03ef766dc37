import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Chat platforms' exports read by the general path, without options: Google Chat's Takeout `messages.json` (a
/// direct chat, and a space's threads by `topic_id`), Element's JSON export of a Matrix room, Rocket.Chat's
/// message history (a channel's threads by `tmid`, a livechat room), a Telegram group's `result.json` (replies by
/// `reply_to_message_id`) and Zulip's messages of a stream (topics by `subject`).
@Suite("Import: Google Chat, Matrix, Rocket.Chat, Telegram group and Zulip exports")
struct CommunityChatExportTests {
    static func fixture(_ name: String) -> URL {
        fixturesDirectory.appendingPathComponent("conversations/\(name)")
    }

    static func run(_ name: String) throws -> (run: ImportRun, note: String?) {
        let (run, note, _) = try ChatPlatformExportTests.importDetected(fixture(name))
        return (run, note)
    }

    /// The one conversation a document that is one chat gives (no detection note, nothing quarantined), and its run.
    static func oneChat(_ name: String) throws -> (chat: ExampleDraft, run: ImportRun) {
        let (run, note) = try run(name)
        #expect(note == nil)
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 1)
        return (try #require(run.records.first), run)
    }

    @Test func aGoogleChatDirectChatIsOneConversationToldByItsCreators() throws {
        let (chat, run) = try Self.oneChat("google-chat-dm.json")
        #expect(
            chat.turnLines == [
                "customer: Hi, my invoice for February shows two charges for the same seat.",
                "agent: Sorry about that. I have refunded the duplicate charge; it shows in 3-5 days.",
                "customer: Thanks!",
            ])
        #expect(chat.response == "Sorry about that. I have refunded the duplicate charge; it shows in 3-5 days.")
        #expect(run.notes.contains { $0.contains("told by their accounts (creator.name)") })
    }

    @Test func aGoogleChatSpaceIsJoinedByTopicAndOrderedByItsLongDates() throws {
        let (run, note) = try Self.run("google-chat-space.json")
        #expect(note?.contains("joined into conversations by topic_id, ordered by created_date") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["T1aaaa", "T2bbbb"])
        #expect(run.records[0].turnLines.map { $0.prefix(8) } == ["customer", "agent: W", "customer"])
        #expect(run.records[1].response == "Access granted, it appears under Reports after a reload.")
        #expect(!run.notes.contains { $0.contains("cannot be read") })
        #expect(
            MessageTimestamp.seconds(from: "Monday, March 4, 2024 at 9:12:45\u{202F}AM UTC")
                == MessageTimestamp.seconds(from: "2024-03-04T09:12:45Z"))
        #expect(
            MessageTimestamp.seconds(from: "Tuesday, 5 March 2024 at 14:02:11 UTC")
                == MessageTimestamp.seconds(from: "2024-03-05T14:02:11Z"))
        #expect(
            MessageTimestamp.seconds(from: "Tuesday, March 5, 2024 at 12:30:00 AM UTC")
                == MessageTimestamp.seconds(from: "2024-03-05T00:30:00Z"))
    }

    @Test func aMatrixRoomReadsItsBodiesAndLeavesStateEventsOut() throws {
        let (run, _) = try Self.run("matrix-room.json")
        #expect(run.failures.isEmpty)
        let room = try #require(run.records.first)
        // Senders are Matrix ids: accounts; the room's creation, a join and a reaction are no turns.
        #expect(room.messages.map(\.role) == [.user, .assistant])
        #expect(room.input == "Our webhook deliveries stopped at 09:00, can you check?")
        // The reply without the quote of the question its client writes above it.
        #expect(room.response == "A certificate expired on our side; renewed now, deliveries resume.")
        #expect(run.notes.contains { $0.contains("@tomas:client.example, the first to write") })
    }

    @Test func aRocketChatChannelIsJoinedByThreadWithNoticesLeftOut() throws {
        let (run, note) = try Self.run("rocketchat-channel.json")
        #expect(note?.contains("joined into conversations by tmid, ordered by ts") == true)
        // A thread's first message has no `tmid` at all: it opens the thread its id names.
        #expect(run.failures.isEmpty)
        #expect(Set(run.records.compactMap(\.ticketID)) == ["c1", "c3"])
        let reset = try #require(run.records.first { $0.ticketID == "c1" })
        #expect(
            reset.turnLines == [
                "customer: How do I reset two-factor auth for a user who lost their phone?",
                "agent: You can reset it under Administration > Users > Reset 2FA.",
            ])
        #expect(run.notes.contains { $0.contains("left out as notices, nobody's words (uj 1)") })
    }

    @Test func aRocketChatLivechatRoomIsOneConversationWithItsSystemMessagesAsEvents() throws {
        let (chat, _) = try Self.oneChat("rocketchat-livechat.json")
        #expect(
            chat.turnLines == [
                "customer: Hello, my order 5521 has not arrived.",
                "agent: Let me look. It left our warehouse yesterday, tracking TR-88.",
                "customer: Great, thanks.",
            ])
        // `msg` is the text; `"t": "command"` and `"t": "livechat-close"` are notices, not the agent's words.
        #expect(chat.response == "Let me look. It left our warehouse yesterday, tracking TR-88.")
    }

    @Test func aTelegramGroupIsChainedByRepliesPastItsOpeningServiceMessage() throws {
        let (run, note) = try Self.run("telegram-group.json")
        #expect(note?.contains("chained into conversations by reply_to_message_id") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 2)
        #expect(run.records[0].response == "Fixed in version 4.2.1, please update.")
        #expect(run.records[1].input == "Where can I download my invoices?")
        #expect(run.records[1].response == "Billing > Invoices, top right.")
        #expect(run.notes.contains { $0.contains("left out as notices, nobody's words (service 1)") })
    }

    @Test func zulipMessagesAreJoinedByTopicAndTheirClientIsNoAuthor() throws {
        let (run, note) = try Self.run("zulip-stream.json")
        #expect(note?.contains("joined into conversations by subject") == true)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["login loop", "api rate limit"])
        // Ana asks in a topic of her own: she is its customer, not an agent of Tomas's.
        #expect(
            run.records[1].turnLines == [
                "customer: What is the rate limit for the search endpoint?",
                "agent: 60 requests per minute per token.",
            ])
        // The stream's kind of message is no label.
        #expect(run.records.allSatisfy { $0.label == nil })
    }

    @Test func aZulipThreadReadAsOneRecordIsNotTheCustomersByItsClient() throws {
        // `client` is the app a message came from: a turn naming its sender is not told by that key.
        let text = """
            {"title": "x", "messages": [
              {"sender_id": 11, "sender_full_name": "Tomas Berg", "content": "Login fails.", "client": "website"},
              {"sender_id": 12, "sender_full_name": "Lee Kim", "content": "Clear the cookies.", "client": "website"}
            ]}
            """
        let run = try ImportRun(JSONDocumentImporter(), name: "zulip.json", text: text)
        #expect(run.failures.isEmpty)
        #expect(run.records.first?.turnLines == ["customer: Login fails.", "agent: Clear the cookies."])
    }
}
