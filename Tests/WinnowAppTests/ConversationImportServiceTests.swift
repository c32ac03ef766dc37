import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// Conversation imports through `ImportService` into a store: provenance, quarantine and re-import.
@Suite("Import: conversations into the store")
struct ConversationImportServiceTests {
    static let fixtures = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/conversations")

    static func options(_ conversation: ConversationOptions) -> ImportOptions {
        var options = ImportOptions()
        options.conversations = conversation
        return options
    }

    @Test func helpdeskExportImportsOncePerConversationAndAgainAddsNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-conv-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appendingPathComponent("store.db").path)
        let path = Self.fixtures.appendingPathComponent("helpdesk.csv").path
        let options = Self.options(
            ConversationOptions(grouping: .field("ticket_id"), orderBy: "created_at", examples: .reply))

        let report = try ImportService(batchSize: 1, workers: 2).run(paths: [path], options: options, store: store)
        #expect(report.imported == 2)
        #expect(report.errors == 1)
        #expect(report.files.first?.notes.contains("6 messages in 2 conversations") == true)
        let examples = try store.examples()
        #expect(examples.map(\.ticketID) == ["T1#1", "T1#2"])
        #expect(
            examples.map(\.locator) == [.conversation("T1#1", rows: [2, 6]), .conversation("T1#2", rows: [5, 1])])
        #expect(examples[1].messages.count == 4)
        #expect(examples.allSatisfy { !($0.response ?? "").contains("VIP") })
        let quarantined = try store.quarantine()
        #expect(quarantined.map { $0.locator } == [.conversation("T2", rows: [3])])

        let again = try ImportService(batchSize: 1, workers: 1).run(paths: [path], options: options, store: store)
        #expect(again.imported == 0)
        #expect(try store.examples().count == 2)
    }

    @Test func theDryRunShowsTheMappingAndTheRoleRule() throws {
        let path = Self.fixtures.appendingPathComponent("tweets.csv").path
        let preview = try ImportService().preview(
            path: path,
            options: Self.options(
                ConversationOptions(grouping: .replyLink(id: "tweet_id", parent: "in_response_to_tweet_id"))))
        #expect(preview.records == 3)
        #expect(preview.mappings.first?.contains("input <- text") == true)
        #expect(preview.notes.contains { $0.contains("roles from inbound") })
    }

    @Test func conversationOptionsOnAnHTMLFileAreRefused() throws {
        let path = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/html/email-thread.html").path
        #expect(throws: ImportError.self) {
            _ = try ImportService().preview(
                path: path, options: Self.options(ConversationOptions(grouping: .field("ticket_id"))))
        }
    }
}
