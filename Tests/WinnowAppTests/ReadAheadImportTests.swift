import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// A folder's small files read ahead on worker threads make the same store, report and quarantine as the same files
/// read in their turn.
@Suite("Import: files read ahead")
struct ReadAheadImportTests {
    /// A folder of small files of several kinds: rows with a broken one, JSON lines with a bad line, a thread in two
    /// mail files, a message that cannot be read, a file of no format and a ticket repeated in two files.
    static func writeFolder(_ folder: URL) throws {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("mail"), withIntermediateDirectories: true)
        try "id,body,category\n1,Where is my parcel?,Shipping\n2,\"broken,Billing\n3,Refund please,Billing\n".write(
            to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try """
        {"id": "T-1", "body": "My card was charged twice", "category": "Billing"}
        {"id": "T-2", "body":
        {"id": "T-3", "body": "Where is my parcel?", "category": "Shipping"}
        {"id": "T-1", "body": "My card was charged twice", "category": "Billing"}

        """.write(to: folder.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        try """
        From: Ann <ann@example.org>\r
        To: help@shop.example\r
        Subject: Lamp arrived broken\r
        Date: Mon, 02 Nov 2026 09:10:00 +0000\r
        Message-ID: <q1@example.org>\r
        \r
        Hello, the lamp I ordered arrived broken. Can you replace it?\r

        """.write(to: folder.appendingPathComponent("mail/q.eml"), atomically: true, encoding: .utf8)
        try """
        From: Sam <help@shop.example>\r
        To: ann@example.org\r
        Subject: Re: Lamp arrived broken\r
        Date: Tue, 03 Nov 2026 09:10:00 +0000\r
        Message-ID: <a1@shop.example>\r
        In-Reply-To: <q1@example.org>\r
        \r
        Hi Ann, a new lamp leaves today.\r
        \r
        On Mon, 2 Nov 2026, Ann wrote:\r
        > Hello, the lamp I ordered arrived broken.\r

        """.write(to: folder.appendingPathComponent("mail/r.eml"), atomically: true, encoding: .utf8)
        try "From: x\r\nSubject: y\r\nContent-Transfer-Encoding: base64\r\n".write(
            to: folder.appendingPathComponent("mail/s-broken.eml"), atomically: true, encoding: .utf8)
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: folder.appendingPathComponent("z.bin"))
    }

    /// The store's examples, quarantine and sources, and the report, as text to compare.
    static func contents(_ store: Store, _ report: ImportReport) throws -> [String] {
        var lines: [String] = []
        for example in try store.examples() {
            let metadata = example.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let response = example.response ?? "-"
            let label = example.label ?? "-"
            lines.append("\(example.locator) \(example.input) | \(response) | \(label) | \(metadata)")
        }
        for record in try store.quarantine() {
            let locator = record.locator?.encoded ?? "-"
            lines.append("\(record.file) \(locator) \(record.kind) \(record.message)")
        }
        for source in try store.sources() {
            lines.append("\(source.info.path) \(source.info.format) \(source.recordsRead) \(source.notes)")
        }
        for file in report.files {
            lines.append("\(file.path) \(file.records) \(file.imported) \(file.errors) \(file.skippedDuplicates)")
        }
        for entry in report.leftOut { lines.append("\(entry.path) \(entry.reason)") }
        return lines
    }

    @Test func readAheadGivesWhatReadingInTurnGives() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-ahead-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("export")
        try Self.writeFolder(folder)
        var results: [[String]] = []
        for readAhead in [0, 1 << 20] {
            var service = ImportService()
            service.readAheadBytes = readAhead
            let store = try Store(path: directory.appendingPathComponent("store-\(readAhead).db").path)
            let report = try service.run(paths: [folder.path], options: ImportOptions(), store: store)
            #expect(report.imported == 5, "\(report.files.map(\.path))")
            #expect(report.errors == 3)
            #expect(report.skippedDuplicates == 1)
            results.append(try Self.contents(store, report))
        }
        #expect(results[0] == results[1])
        // What both read: the thread whole, the broken row, line and message quarantined, the repeated ticket
        // skipped, the file of no format left out.
        let text = results[1].joined(separator: "\n")
        #expect(text.contains("| Hi Ann, a new lamp leaves today. |"))
        for kind in [" unterminated_quote ", " invalid_json ", " no_input "] { #expect(text.contains(kind)) }
        #expect(text.contains("z.bin"))
    }
}
