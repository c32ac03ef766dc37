import Foundation
import GRDB
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// `ImportService` on files of several chunks, parsed on several workers: the same store as one worker makes,
/// records in file order, duplicates (within a batch, across batches and chunks) skipped at their later place.
@Suite("Import: parallel parsing")
struct ParallelImportTests {
    /// Lines (or rows) of the test files: about 2.8 MB, three chunks of 1 MiB.
    static let count = 9000

    /// The ticket text of record `index`: every 10th repeats record `index - 3` (same batch, mostly), every 997th
    /// repeats record 5 (other batches and chunks); every 1500th record has no text (quarantined).
    static func text(_ index: Int) -> String? {
        if index % 1500 == 0 { return nil }
        if index % 997 == 0 { return text(5) }
        if index % 10 == 0 { return text(index - 3) }
        return "Ticket \(index): " + String(repeating: "the parcel has not arrived yet, ", count: 8)
    }

    static var expectedUnique: Int {
        Set((1...count).compactMap { text($0) }).count
    }

    static func jsonl() -> String {
        (1...count).map { index in
            guard let text = text(index) else { return #"{"id": "\#(index)", "body": ""}"# }
            return #"{"id": "\#(index)", "body": "\#(text)", "category": "Shipping"}"#
        }.joined(separator: "\n") + "\n"
    }

    static func csv() -> String {
        "id,body,category\n"
            + (1...count).map { index in
                // Quoted with a line break inside: records span two lines.
                "\(index),\"\(text(index).map { $0.replacingOccurrences(of: ": ", with: ":\n") } ?? "")\",Shipping"
            }.joined(separator: "\r\n") + "\r\n"
    }

    /// What the store holds: each example's input and locator, in id order.
    static func contents(_ store: Store) throws -> [String] {
        try store.examples().map { "\($0.locator) \($0.input.prefix(12))" }
    }

    @Test(arguments: ["jsonl", "csv"])
    func severalWorkersMakeTheSameStoreAsOne(format: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-parallel-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("tickets.\(format)")
        try (format == "csv" ? Self.csv() : Self.jsonl()).write(to: input, atomically: true, encoding: .utf8)
        #expect((try FileManager.default.attributesOfItem(atPath: input.path)[.size] as? Int ?? 0) > 2 << 20)

        // Text repeats under other ticket ids: skipped only on request, which is what the index is tested for here.
        var byText = ImportOptions()
        byText.skipDuplicateText = true
        var stores: [Store] = []
        for workers in [1, 3] {
            let store = try Store(path: directory.appendingPathComponent("w\(workers).db").path)
            let report = try ImportService(batchSize: 50, workers: workers).run(
                paths: [input.path], options: byText, store: store)
            let quarantined = Self.count / 1500
            #expect(report.imported == Self.expectedUnique)
            #expect(report.errors == quarantined)
            #expect(report.skippedDuplicates == Self.count - quarantined - Self.expectedUnique)
            // The import's background checkpointer gave the writer its automatic checkpoints back (the pragma reads
            // 0 while another WAL hook is installed).
            let interval = try store.writer.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
            }
            #expect(interval == 2048)
            stores.append(store)
        }
        let one = try Self.contents(stores[0])
        #expect(one.count == Self.expectedUnique)
        #expect(try Self.contents(stores[1]) == one)

        // The first place of each text is kept: record 7 stays, record 10 (its repeat) is skipped.
        let kept = try stores[1].examples().map(\.locator.ordinal)
        #expect(kept == kept.sorted())
        #expect(kept.contains(7) && !kept.contains(10) && !kept.contains(997))
        let lines = try stores[1].quarantine().compactMap { $0.locator?.ordinal }
        #expect(lines == [1500, 3000, 4500, 6000, 7500, 9000])

        // Importing again adds nothing, whatever the number of workers.
        let again = try ImportService(batchSize: 64, workers: 2).run(
            paths: [input.path], options: byText, store: stores[0])
        #expect(again.imported == 0)
        #expect(again.files.first?.alreadyImported == Self.expectedUnique)
        #expect(again.skippedDuplicates == Self.count - Self.count / 1500)
    }
}
