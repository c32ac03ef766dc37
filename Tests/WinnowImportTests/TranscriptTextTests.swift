import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Chats exported as text in one field: speakers, times, headers, continuation lines, and who is who.
@Suite("Import: chat transcripts in a text field")
struct TranscriptTextTests {
    @Test func aChatToolsExportReadsAsTurns() throws {
        let run = try ImportRun(
            CSVImporter(), file: fixturesDirectory.appendingPathComponent("conversations/chat-transcripts.csv"))
        #expect(run.records.map(\.ticketID) == ["L-1", "L-2", "L-3"])
        // Speakers named by the record's visitor_name (first name) and agent_name; the header line, the star line
        // and a `Note:` line inside a message are no messages.
        let billing = run.records[0]
        #expect(billing.label == "Billing")
        #expect(billing.messages.map(\.role) == [.user, .assistant, .assistant, .user, .assistant])
        #expect(billing.messages[2].content == "I have refunded the second charge.\nNote: it shows in 3-5 days.")
        #expect(billing.input == "hi, I was charged twice\n\nthanks!")
        #expect(billing.response == "You are welcome.")
        // Role words before a number or a name; the customer's "ok" after the last reply is not part of the input.
        let parcel = run.records[1]
        #expect(parcel.messages.map(\.role) == [.user, .assistant, .user])
        #expect(parcel.input == "where is my parcel?")
        #expect(parcel.response == "It ships today.")
        // One side named (Dee, the visitor), the other speaker is the agent; a URL's colon is no speaker's.
        let login = run.records[2]
        #expect(login.messages.map(\.role) == [.user, .assistant, .assistant])
        #expect(login.messages[1].content == "Try resetting your password here: https://example.com/reset")
        // A field named like a transcript holding something else maps as if it were not there: no input, so it is
        // quarantined naming its row.
        let failure = try #require(run.failures.first)
        #expect(failure.locator == .row(4, line: 16))
        #expect(failure.kind == .noInput)
    }

    @Test func salesforcesLiveChatTranscriptTellsItsAgentByTheLineAnnouncingThem() {
        // `LiveChatTranscript.Body`: HTML lines under `Chat Started:` and `Chat Origin:`, the agent announced alone
        // on a line (`Agent Kim P`), each message led by the time since the chat started.
        let body =
            "Chat Started: Tuesday, March 05, 2024, 10:00:00 (+0000)<br>Chat Origin: Website Chat<br>Agent Kim P<br>"
            + "( 3s ) Bo Chen: How do I reset my password?<br>( 20s ) Kim P: Use the Forgot password link.<br>"
        var wasHTML = false
        let text = HTMLFieldText.plain(body, rendered: &wasHTML)
        #expect(wasHTML)
        guard case .turns(let turns) = TranscriptText.read(text, record: JSONObject()) else {
            Issue.record("not read as a transcript")
            return
        }
        #expect(turns.messages.map(\.role) == [.user, .assistant])
        #expect(turns.messages.map(\.content) == ["How do I reset my password?", "Use the Forgot password link."])
        #expect(TranscriptText.isChatEventLabel("Chat Started"))
        #expect(TranscriptText.isChatEventLabel("Chat Ended By Agent"))
        #expect(!TranscriptText.isChatEventLabel("Chat Bot"))
        #expect(!TranscriptText.isChatEventLabel("Chat"))
        // Without the line announcing the agent, two speakers of one line each are not told apart.
        let unannounced = text.replacingOccurrences(of: "Agent Kim P\n", with: "")
        guard case .unknownSpeakers = TranscriptText.read(unannounced, record: JSONObject()) else {
            Issue.record("speakers told without the agent's line")
            return
        }
    }

    @Test(arguments: [
        ("(10:02:11 AM) Ann: hi", "Ann", "hi"), ("[2024-03-01 10:02] Visitor 1234: where?", "Visitor 1234", "where?"),
        ("10:02 Bob: ok", "Bob", "ok"), ("2024-03-01 10:02:11 Bob: ok", "Bob", "ok"), ("( 5s ) Eve: yes", "Eve", "yes"),
        ("Customer:", "Customer", ""),
        // Finnish and Danish WhatsApp exports: the word for "at", and a time with a dot.
        ("31.12.2023 klo 22.02 - Aino Virtanen: Hei!", "Aino Virtanen", "Hei!"),
        ("31.12.2023 kl. 22.02 - Mette: Hej", "Mette", "Hej"),
    ])
    func speakerLines(line: String, speaker: String, text: String) {
        let read = TranscriptText.speakerLine(line)
        #expect(read?.0 == speaker)
        #expect(read?.1 == text)
    }

    @Test(arguments: [
        "see https://example.com/a", "It costs 10:30 today", "Order #55: late", "(what?) is this: no", "",
        "We open at 10:00: come by", "31.12.2023 22.02 Ann: no separator, no colon in the time",
    ])
    func linesThatOpenNoMessage(line: String) {
        #expect(TranscriptText.speakerLine(line) == nil)
    }

    @Test func textMadeOfTranscriptPiecesInAnyOrderReadsSafely() {
        // Lines built from the pieces transcripts are made of, in any order (times cut short, stray brackets and
        // colons): reading never traps, and what reads as turns is customer and agent turns with text.
        let pieces = [
            "(10:02 AM) ", "[2024-03-01 10:02] ", "10:02 ", "Customer: ", "Agent: ", "Ann: ", "Note: ", "*** x ***",
            "hi", "where is order 55?", "http://a.b/c", ": ", "(", "[", "12:", "AM ", "é", " ", "\t",
        ]
        var random = SeededRandom(seed: 7)
        let record = JSONObject([("customer_name", .string("Ann"))])
        for _ in 0..<2_000 {
            let lines = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }
                    .joined()
            }
            guard case .turns(let turns) = TranscriptText.read(lines.joined(separator: "\n"), record: record) else {
                continue
            }
            let said = turns.messages.map(\.content).joined(separator: "\n")
            #expect(!said.isEmpty)
            #expect(turns.messages.allSatisfy { $0.role == .user || $0.role == .assistant })
        }
    }

    @Test func speakersNobodyNamesAreRefusedInAMessagesField() throws {
        let line = #"{"messages": "Ann: my card was declined\nBob: Let me look.\nAnn: thanks"}"#
        let run = try ImportRun(JSONLImporter(), name: "chats.jsonl", text: line + "\n")
        let failure = try #require(run.failures.first)
        #expect(failure.message.contains("speakers (Ann, Bob) are not roles"))
        // Named by the record, the same transcript reads.
        let named = #"{"customer_name": "Ann", "messages": "Ann: my card was declined\nBob: Let me look."}"#
        let record = try #require(try ImportRun(JSONLImporter(), name: "chats.jsonl", text: named + "\n").records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant])
        #expect(record.response == "Let me look.")
    }
}
