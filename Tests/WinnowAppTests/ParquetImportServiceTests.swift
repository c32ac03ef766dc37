import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// Parquet files through `ImportService`: read as JSON Lines are, with what is detected in records (message rows
/// joined into conversations, the text field chosen) working on their rows, the source kept as the Parquet file.
@Suite("Import: Parquet files into the store")
struct ParquetImportServiceTests {
    static let fixtures = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/parquet")

    static func store() throws -> (Store, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-parquet-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try Store(path: directory.appendingPathComponent("store.db").path), directory)
    }

    @Test func aHelpdeskExportImportsEveryRowOnceByTheFilesOwnBytes() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = Self.fixtures.appendingPathComponent("helpdesk-tickets.parquet").path
        let report = try ImportService(batchSize: 2, workers: 2).run(
            paths: [path], options: ImportOptions(), store: store)
        #expect(report.imported == 7)
        #expect(report.errors == 0)
        #expect(report.files.first?.format == .parquet)
        #expect(
            report.files.first?.notes.first?.hasSuffix(
                "read 7 rows of a Parquet file (3 row groups), columns ticket_id, subject, body, agent_reply, category, priority, created_at, due"
            ) == true)
        #expect(
            report.files.first?.notes.contains {
                $0.hasSuffix("__index_level_0__ left out: the index pandas stored beside the data, not a field of it")
            } == true)
        let examples = try store.examples()
        #expect(examples.map(\.locator) == (1...7).map { .record($0) })
        #expect(examples[0].ticketID == "9007199254740993")
        #expect(examples[0].input == "Refund\n\nI was charged twice for order 1001, please refund one.")
        #expect(examples[0].response == "Sorry about that: the second charge is refunded.")
        #expect(examples[0].label == "Billing")
        #expect(examples[0].metadata["created_at"] == .string("2024-03-01T09:30:00.250000Z"))
        let source = try #require(try store.sources().first)
        #expect(source.info.format == .parquet)
        #expect(source.info.size == Int64(try Data(contentsOf: URL(fileURLWithPath: path)).count))

        // The same file again adds nothing.
        let again = try ImportService().run(paths: [path], options: ImportOptions(), store: store)
        #expect(again.imported == 0)
        #expect(try store.examples().count == 7)
    }

    @Test func messageRowsAreJoinedIntoConversations() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = Self.fixtures.appendingPathComponent("conversation-rows.parquet").path
        let report = try ImportService().run(paths: [path], options: ImportOptions(), store: store)
        #expect(report.imported == 2)
        #expect(
            report.files.first?.notes.contains { $0.contains("joined into conversations by conversation_id") } == true)
        let examples = try store.examples()
        #expect(examples.map(\.locator) == [.conversation("A", rows: [1, 2, 4]), .conversation("B", rows: [3, 5])])
        #expect(examples[0].messages.map(\.content).last == "Thanks, I will wait for the claim.")
    }

    @Test func classNamesAndChatMessagesAndADryRun() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let intents = Self.fixtures.appendingPathComponent("intents-hf.parquet").path
        let chat = Self.fixtures.appendingPathComponent("chat-messages.parquet").path
        let report = try ImportService().run(paths: [intents, chat], options: ImportOptions(), store: store)
        #expect(report.imported == 9)
        let examples = try store.examples()
        #expect(
            examples.prefix(6).map(\.label) == [
                "activate_my_card", "card_arrival", "lost_or_stolen_card", "refund_not_showing_up", "card_arrival", nil,
            ])
        #expect(examples[6].messages.map(\.role) == [.system, .user, .assistant])
        #expect(examples[6].response == "Open Settings > Account and edit the address.")

        let preview = try ImportService().preview(path: intents, options: ImportOptions())
        #expect(preview.format == .parquet)
        #expect(preview.records == 6)
        #expect(preview.examples.first?.locator == .record(1))
        #expect(preview.notes.contains { $0.contains("label holds class numbers; read as their 4 names") })
    }

    @Test func aMultiLabelSetKeepsItsLabelsByName() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = Self.fixtures.appendingPathComponent("emotions-hf.parquet").path
        let report = try ImportService().run(paths: [path], options: ImportOptions(), store: store)
        #expect(report.imported == 3)
        let examples = try store.examples()
        // Several labels: none as the label, all kept in metadata; one: the label.
        #expect(examples.map(\.label) == [nil, "anger", nil])
        #expect(examples[0].metadata["labels"] == .array(["gratitude", "joy", "amusement"]))
    }

    @Test func aDatasetSavedToDiskImportsItsArrowRowsAndLeavesItsDescriptionOut() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = Self.fixtures.appendingPathComponent("intents-saved").path
        let report = try ImportService().run(paths: [folder], options: ImportOptions(), store: store)
        #expect(report.imported == 6)
        #expect(report.errors == 0)
        #expect(report.files.map(\.format) == [.arrow])
        #expect(
            report.files.first?.notes.first?.hasSuffix(
                "read 6 rows of an Arrow file (3 record batches), columns text, label") == true)
        #expect(
            report.leftOut.map { ($0.path as NSString).lastPathComponent } == ["dataset_info.json", "state.json"])
        #expect(report.leftOut.allSatisfy { $0.reason.hasPrefix("a Hugging Face dataset's description") })
        let examples = try store.examples()
        #expect(examples.map(\.locator) == (1...6).map { .record($0) })
        #expect(
            examples.map(\.label) == [
                "activate_my_card", "card_arrival", "lost_or_stolen_card", "refund_not_showing_up", "card_arrival",
                "activate_my_card",
            ])
    }

    @Test func theDatasetsCachesFolderLeavesItsDescriptionOutToo() throws {
        // The `datasets` cache: `NAME-train.arrow` beside a `dataset_info.json`, no `state.json`.
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = directory.appendingPathComponent("banking77/default/0.0.0/abc123")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let saved = Self.fixtures.appendingPathComponent("intents-saved")
        try FileManager.default.copyItem(
            at: saved.appendingPathComponent("data-00000-of-00001.arrow"),
            to: cache.appendingPathComponent("banking77-train.arrow"))
        try FileManager.default.copyItem(
            at: saved.appendingPathComponent("dataset_info.json"), to: cache.appendingPathComponent("dataset_info.json")
        )
        let report = try ImportService().run(
            paths: [directory.appendingPathComponent("banking77").path], options: ImportOptions(), store: store)
        #expect(report.imported == 6)
        #expect(report.errors == 0)
        #expect(report.leftOut.map { ($0.path as NSString).lastPathComponent } == ["dataset_info.json"])
    }

    @Test func anUnreadableFileIsRefusedNamingWhere() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = Self.fixtures.appendingPathComponent("brotli.parquet").path
        let error = #expect(throws: ImportError.self) {
            _ = try ImportService().run(paths: [path], options: ImportOptions(), store: store)
        }
        #expect(error?.file == path)
        #expect(error?.message.contains("row group 1, column question: its pages are compressed with Brotli") == true)
        #expect(try store.examples().isEmpty)
    }
}
