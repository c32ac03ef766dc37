import Foundation
import Testing
import WinnowCore
import WinnowTestSupport

@testable import WinnowImport

/// Gzip-compressed files read as the files they hold: the inner name and content tell the format, every member is
/// read, and data cut short keeps what came before it.
@Suite("Import: gzip files")
struct GzipImportTests {
    static let lines = Array("{\"id\": \"1\", \"body\": \"My card has not arrived\"}\n".utf8)

    @Test func theInnerNameIsTheFilesLessItsSuffixElseTheStoredOne() throws {
        #expect(GzipCopy.innerName(path: "exports/tickets.jsonl.gz", prefix: []) == "tickets.jsonl")
        #expect(GzipCopy.innerName(path: "2024-March.txt.GZ", prefix: []) == "2024-March.txt")
        #expect(GzipCopy.innerName(path: "dump.tgz", prefix: []) == "dump.tar")
        let stored = try Gzip.compressed(Self.lines, name: "support.jsonl")
        #expect(GzipCopy.innerName(path: "download", prefix: stored) == "support.jsonl")
        #expect(GzipCopy.innerName(path: "download", prefix: try Gzip.compressed(Self.lines)) == "download")
    }

    @Test func everyMemberIsReadAsOneFile() throws {
        let second = Array("{\"id\": \"2\", \"body\": \"Refund please\"}\n".utf8)
        // Two members, as `cat a.gz b.gz` writes them, then the zeros some tools pad with.
        let bytes = try Gzip.compressed(Self.lines) + Gzip.compressed(second) + [0, 0, 0, 0]
        let scratch = try ScratchDirectory()
        let url = try scratch.file("tickets.jsonl.gz", bytes: bytes)
        let copy = try GzipCopy(of: SourceFile(url: url, displayPath: "tickets.jsonl.gz"))
        defer { copy.remove() }
        #expect(copy.damage == nil)
        #expect(try copy.file.format(forced: nil) == .jsonl)
        #expect(copy.file.displayPath == "tickets.jsonl.gz")
        let run = try ImportRun(JSONLImporter(), file: copy.file.url)
        #expect(run.records.map(\.input) == ["My card has not arrived", "Refund please"])
        #expect(GzipCopy.innerPrefix(url: url) == Self.lines + second)
    }

    @Test func dataCutShortKeepsWhatCameBeforeAndSaysWhere() throws {
        let many = [UInt8]((0..<300).flatMap { "{\"id\": \"\($0)\", \"body\": \"ticket \($0) text\"}\n".utf8 })
        let whole = try Gzip.compressed(many)
        let scratch = try ScratchDirectory()
        let url = try scratch.file("cut.jsonl.gz", bytes: Array(whole.dropLast(40)))
        let copy = try GzipCopy(of: SourceFile(url: url, displayPath: "cut.jsonl.gz"))
        defer { copy.remove() }
        let damage = try #require(copy.damage)
        #expect(damage.hasPrefix("the gzip data is cut short after"))
        #expect(copy.size > 0 && copy.size < UInt64(many.count))
        // Nothing unpacked at all is an error naming the file.
        let header = try scratch.file("header.jsonl.gz", bytes: Array(whole.prefix(10)))
        #expect(throws: ImportError.self) { try GzipCopy(of: SourceFile(url: header, displayPath: "header.jsonl.gz")) }
    }

    @Test func aTarArchiveIsToldForWhatItIs() {
        var tar = [UInt8](repeating: 0, count: 512)
        tar.replaceSubrange(0..<10, with: Array("export.csv".utf8))
        tar.replaceSubrange(257..<262, with: Array("ustar".utf8))
        #expect(SourceFormat.detect(path: "dump.tar", prefix: tar) == nil)
        #expect(SourceFormat.unreadableKind(path: "dump.tar", prefix: tar)?.contains("tar archive") == true)
    }
}
