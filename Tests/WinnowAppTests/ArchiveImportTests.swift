import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore
import ZIPFoundation

/// A zip archive read as the folder it holds: its files imported in path order, named under the archive's path in
/// reports, errors and the store, an archive inside a folder or another archive read the same way, and entries that
/// would reach outside the archive never unpacked.
@Suite("Import: zip archives")
struct ArchiveImportTests {
    /// A zip archive at `url` holding `entries` (path and text), in order.
    static func archive(_ url: URL, _ entries: [(path: String, text: String)]) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for entry in entries {
            let data = Data(entry.text.utf8)
            try archive.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
    }

    static let tickets = "ticket_id,body,answer\n1,My card has not arrived,It is on its way\n2,,No question here\n"

    @Test func anArchivesFilesAreImportedUnderItsPath() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inner = scratch.appendingPathComponent("inner.zip")
        try Self.archive(inner, [("more.jsonl", "{\"id\": \"9\", \"body\": \"Where is my refund?\"}\n")])
        let outer = scratch.appendingPathComponent("export.zip")
        let archive = try Archive(url: outer, accessMode: .create)
        for (path, data) in [
            ("tickets/2024.csv", Data(Self.tickets.utf8)), ("notes/readme.bin", Data([0, 1, 2])),
            ("nested/inner.zip", try Data(contentsOf: inner)), ("../escape.csv", Data(Self.tickets.utf8)),
        ] {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        let store = try Store()
        let report = try ImportService().run(paths: [outer.path], options: ImportOptions(), store: store)
        let shown = outer.path
        #expect(report.files.map(\.path) == [shown + "/nested/inner.zip/more.jsonl", shown + "/tickets/2024.csv"])
        #expect(report.files.map(\.imported) == [1, 1])
        #expect(report.files.map(\.errors) == [0, 1])
        #expect(
            report.leftOut.map(\.path).sorted() == [shown + "/../escape.csv", shown + "/notes/readme.bin"].sorted())
        #expect(report.leftOut.contains { $0.reason == "a path reaching outside the archive" })
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("escape.csv").path))
        // The store and the quarantine name the files under the archive's path.
        #expect(try store.sources().map(\.info.path) == report.files.map(\.path))
        #expect(try store.quarantine().map(\.file) == [shown + "/tickets/2024.csv"])
        // Nothing unpacked is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasPrefix("winnow-unzip-")
        }
        #expect(left.isEmpty)
    }

    @Test func aWorkbookOrDocumentIsNoArchive() {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0, 0]
        #expect(ZipArchiveCopy.isArchive(path: "takeout.zip", prefix: zip))
        #expect(ZipArchiveCopy.isArchive(path: "WhatsApp Chat with Ann", prefix: zip))
        #expect(!ZipArchiveCopy.isArchive(path: "tickets.xlsx", prefix: zip))
        #expect(!ZipArchiveCopy.isArchive(path: "notes.docx", prefix: zip))
        #expect(!ZipArchiveCopy.isArchive(path: "tickets.csv", prefix: Array("id,body".utf8)))
    }
}
