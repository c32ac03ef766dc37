import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// A CSV file with every construct whose record boundaries a chunk edge could break: quoted line breaks, doubled
/// quotes, CRLF and lone CR (a line end of its own, as in old Mac files), blank lines, a stray quote that joins two
/// lines into a row with too many fields, a ragged row and an unterminated quote at the end.
private let trickyCSV = [
    "id,text,label",
    "1,\"first line\nsecond line\",multi",
    "2,\"she said \"\"hi\"\"\",quote",
    "",
    "3,plain,crlf\r",
    "4,\"quoted, with comma\",lone-cr\r5,after cr,x",
    "6,\"stray quote,b",
    "7,\"closes, here\",c",
    "8,too,many,fields",
    "9,\"a\r\nb\",crlf-inside",
    "10,last good,z",
    "11,\"never closed,q",
].joined(separator: "\n")

/// JSON Lines with CRLF, blank lines and every kind of bad line.
private let trickyJSONL = [
    #"{"subject": "One", "body": "first", "category": "a"}"#,
    "",
    #"{"subject": "Two", "body": "second\r\nline"}"# + "\r",
    "   ",
    #"{"subject": "broken"#,
    #"["not", "an object"]"#,
    #"{"priority": "high"}"#,
    #"{"text": "caf\u00e9 \ud83d\ude00", "answer": "ok"}"#,
    #"{"question": "Last?", "answer": "Yes"}"#,
].joined(separator: "\n")

/// What an import run reported, as comparable text: one line per record or quarantined record.
private func outline(_ run: ImportRun) -> [String] { outline(run.events) }

private func outline(_ events: [ImportEvent]) -> [String] {
    events.compactMap { event in
        switch event {
        case .record(let draft):
            return "record \(draft.locator) \(draft.input.debugDescription) \(String(describing: draft.label))"
        case .failure(let error):
            return "failure \(error.kind.rawValue) \(String(describing: error.locator)) \(error.message) "
                + error.snippet.debugDescription
        case .note, .mapping, .progress:
            return nil
        }
    }
}

@Suite("Chunked reading: records across block edges")
struct ChunkEdgeTests {
    static let blockSizes = [1, 2, 3, 5, 8, 13, 21, 64]

    @Test(arguments: blockSizes)
    func csvRecordsAreTheSameWhateverTheBlockSize(blockSize: Int) throws {
        let whole = try ImportRun(CSVImporter(), name: "t.csv", text: trickyCSV)
        let cut = try ImportRun(CSVImporter(blockSize: blockSize), name: "t.csv", text: trickyCSV)
        #expect(outline(cut) == outline(whole))
        #expect(cut.mappings.count == 1)
    }

    /// The reference run itself: what each tricky row becomes.
    @Test func csvReferenceRun() throws {
        let run = try ImportRun(CSVImporter(blockSize: 3), name: "t.csv", text: trickyCSV)
        #expect(
            run.records.map(\.locator) == [
                .row(1, line: 2), .row(2, line: 4), .row(3, line: 6), .row(4, line: 7), .row(5, line: 8),
                .row(7, line: 10), .row(9, line: 12), .row(10, line: 14),
            ])
        #expect(
            run.records.map(\.input) == [
                "first line\nsecond line", "she said \"hi\"", "plain", "quoted, with comma", "after cr",
                "closes, here", "a\nb", "last good",
            ])
        #expect(run.failures.map(\.kind) == [.unterminatedQuote, .raggedRow, .unterminatedQuote])
        #expect(run.failures.map(\.locator) == [.row(6, line: 9), .row(8, line: 11), .row(11, line: 15)])
        #expect(run.failures.first?.message.contains("unbalanced quote") == true)
        #expect(run.failures.last?.snippet == "11,\"never closed,q")
    }

    @Test(arguments: blockSizes)
    func jsonlLinesAreTheSameWhateverTheBlockSize(blockSize: Int) throws {
        let whole = try ImportRun(JSONLImporter(), name: "t.jsonl", text: trickyJSONL)
        let cut = try ImportRun(JSONLImporter(blockSize: blockSize), name: "t.jsonl", text: trickyJSONL)
        #expect(outline(cut) == outline(whole))
        #expect(cut.records.map(\.locator) == [.line(1), .line(3), .line(8), .line(9)])
        #expect(cut.records[1].input == "Two\n\nsecond\nline")
        #expect(cut.records[2].input == "café 😀")
        #expect(cut.failures.map(\.locator) == [.line(5), .line(6), .line(7)])
        #expect(cut.failures.map(\.kind) == [.invalidJSON, .notAnObject, .noInput])
    }

    /// A quoted field longer than the field limit counts as unterminated even before the end of the file, and
    /// reading goes on with the next line.
    @Test func quotedRecordPastTheFieldLimit() throws {
        let long = String(repeating: "x", count: 300)
        let text = "id,text\n1,\"\(long)\n2,after\n"
        let run = try ImportRun(CSVImporter(blockSize: 16, fieldLimit: 100), name: "t.csv", text: text)
        #expect(run.failures.map(\.kind) == [.unterminatedQuote])
        #expect(run.failures.first?.locator == .row(1, line: 2))
        #expect(run.records.map(\.input) == ["after"])
        #expect(run.records.first?.locator == .row(2, line: 3))
    }

    /// A record longer than many blocks still comes out whole.
    @Test func recordLongerThanManyBlocks() throws {
        let long = String(repeating: "word ", count: 2000)
        let text = #"{"text": "\#(long)"}"# + "\n" + #"{"text": "short"}"#
        let run = try ImportRun(JSONLImporter(blockSize: 7), name: "t.jsonl", text: text)
        #expect(run.records.map(\.input) == [long.trimmingCharacters(in: .whitespaces), "short"])
    }
}

@Suite("Chunked reading: parallel parsing keeps file order")
struct ParallelChunkTests {
    /// Parses `text` with `importer` on `workers` threads; the workers sleep a little on some chunks, so that later
    /// chunks often finish first.
    private func parallelOutline(_ importer: some Importer, name: String, text: String, workers: Int) throws
        -> [String]
    {
        let scratch = try ScratchDirectory()
        let url = try scratch.file(name, text: text)
        let opened = try importer.open(try SourceFile(url: url, displayPath: name), options: ImportOptions())
        defer { opened.close() }
        guard case .chunks(var file) = opened.records else {
            Issue.record("\(name) is not read in chunks")
            return []
        }
        var events: [ImportEvent] = []
        let parser = file.parser
        try file.forEachChunk(
            workers: workers,
            { chunk in
                if chunk.records.first.map({ $0.line % 3 == 0 }) ?? false { usleep(2000) }
                var events: [ImportEvent] = []
                parser.parse(chunk) { events.append($0) }
                return events
            },
            { events += $0 })
        return outline(events)
    }

    @Test(arguments: [1, 2, 4])
    func csvInParallel(workers: Int) throws {
        var text = trickyCSV + "\n"
        for row in 12...400 { text += "\(row),\"row \(row)\nsecond line\",L\(row % 5)\n" }
        let sequential = outline(try ImportRun(CSVImporter(blockSize: 97), name: "p.csv", text: text))
        let parallel = try parallelOutline(CSVImporter(blockSize: 97), name: "p.csv", text: text, workers: workers)
        #expect(sequential.count == 400)
        #expect(parallel == sequential)
    }

    @Test(arguments: [1, 2, 4])
    func jsonlInParallel(workers: Int) throws {
        var text = trickyJSONL + "\n"
        for line in 10...500 {
            text += line % 50 == 0 ? "{broken \(line)\n" : #"{"text": "line \#(line)", "label": "L"}"# + "\n"
        }
        let sequential = outline(try ImportRun(JSONLImporter(blockSize: 61), name: "p.jsonl", text: text))
        let parallel = try parallelOutline(
            JSONLImporter(blockSize: 61), name: "p.jsonl", text: text, workers: workers)
        #expect(sequential.count == 498)
        #expect(parallel == sequential)
        #expect(parallel.filter { $0.hasPrefix("failure invalid_json") }.count == 11)
    }
}
