import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Bulk exports that write one kind of object a line, and messages that hold their replies.
@Suite("Import: bulk exports and messages holding their replies")
struct BulkExportTests {
    @Test func aBulkExportsMessagesAreReadAndItsOtherObjectsLeftOut() throws {
        // Mattermost's bulk export: the version, team, channel and user lines carry nobody's words.
        let run = try ImportRun(
            JSONLImporter(), file: fixturesDirectory.appendingPathComponent("conversations/mattermost-bulk.jsonl"))
        #expect(run.failures.map(\.locator) == [.line(1), .line(2), .line(3), .line(4)])
        #expect(run.failures.allSatisfy { $0.kind == .notAMessage })
        #expect(run.failures[1].message == "a team record (type team), not a message: left out")
        #expect(run.records.count == 3)
        let first = try #require(run.records.first)
        #expect(first.input == "The invoice PDF for March shows the wrong VAT number. Can you fix it?")
        #expect(
            first.response
                == "Sorry about that. I corrected the VAT number and sent the new PDF to your billing address.")
        #expect(first.messages.map(\.role) == [.user, .assistant, .user])
        #expect(first.label == nil)
        #expect(run.records[1].response == "Yes: Settings, then Members, then choose Admin next to their name.")
        // A post nobody answered is a question alone.
        #expect(run.records[2].input == "Does the mobile app work offline?")
        #expect(run.records[2].response == nil)
        #expect(
            run.notes.contains {
                $0.hasPrefix("line 5 and messages like it hold their replies (replies)") && $0.contains("(lena)")
            })
    }

    @Test func aKindUnderItsOwnNameThatHoldsTextIsARecord() throws {
        let text = """
            {"type": "question", "question": "How do I close my account?"}
            {"type": "feedback", "feedback": {"text": "The new search is much faster, thanks.", "score": 5}}
            """
        let run = try ImportRun(JSONLImporter(), name: "kinds.jsonl", text: text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["How do I close my account?", "The new search is much faster, thanks."])
    }

    @Test func aThreadThatAlreadyOpensWithTheMessageIsNotOpenedTwice() throws {
        let text = """
            {"user": "ann", "message": "Where is my parcel?", "replies": [{"user": "ann", "message": "Where is my parcel?"}, {"user": "bo", "message": "It ships today."}]}
            """
        let run = try ImportRun(JSONLImporter(), name: "thread.jsonl", text: text)
        #expect(run.records.first?.messages.count == 2)
    }
}
