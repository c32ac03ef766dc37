import Foundation
import WinnowCore
import WinnowParquet

/// A Parquet file (as Hugging Face datasets, pandas, Polars and DuckDB write one) or an Arrow file (as `datasets`
/// keeps one on disk) written out as a JSON Lines copy, one row a line, which is then read as JSON Lines is: field
/// mapping, chat `messages`, conversations of message rows, e-mail bodies, quarantine. Its records are placed as
/// `record N`, the Nth row of the file.
public struct ParquetCopy {
    /// The copy, named as the Parquet file in errors and notes.
    public let file: SourceFile
    /// What was read: rows, row groups and columns, class names taken from the dataset's metadata, columns left out.
    public let notes: [String]
    /// The copy's size in bytes.
    public let size: UInt64
    private let url: URL

    /// Writes the copy of `original`, calling `progress` with the rows written and the file's rows after each; a
    /// file that cannot be read throws an error naming it and where it fails (`row group 2, column
    /// messages.list.element.content: a Snappy page is cut short`).
    public init(of original: SourceFile, format: SourceFormat, progress: ((Int, Int) -> Void)? = nil) throws {
        let table: any ColumnarRows
        let kind = format == .arrow ? "Arrow" : "Parquet"
        do {
            table =
                format != .arrow
                ? try ParquetTable(url: original.url, displayPath: original.displayPath)
                : try ArrowTable(url: original.url, displayPath: original.displayPath)
        } catch {
            throw ImportError(kind: .unreadableFile, file: original.displayPath, message: "\(kind): \(error)")
        }
        url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-parquet-\(UUID().uuidString).jsonl")
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: url)
        else {
            throw ImportError(
                kind: .unreadableFile, file: original.displayPath, message: "cannot write a copy of its rows")
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var written: UInt64 = 0
        do {
            defer { try? handle.close() }
            try table.forEachRow { number, row in
                progress?(number, table.rowCount)
                JSONValue.object(row).appendSerialized(to: &buffer)
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 {
                    written += UInt64(buffer.count)
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            written += UInt64(buffer.count)
            try handle.write(contentsOf: buffer)
        } catch let error as ParquetReadError {
            try? FileManager.default.removeItem(at: url)
            throw ImportError(kind: .unreadableFile, file: original.displayPath, message: "\(kind): \(error)")
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw ImportError(
                kind: .unreadableFile, file: original.displayPath, message: "cannot write a copy of its rows: \(error)")
        }
        size = written
        file = try SourceFile(url: url, displayPath: original.displayPath)
        var notes = [
            "\(original.displayPath): read \(table.rowCount) row\(table.rowCount == 1 ? "" : "s") of \(table.summary),"
                + " columns " + table.columns.joined(separator: ", ")
        ]
        if let parquet = table as? ParquetTable, !parquet.indexColumns.isEmpty {
            notes.append(
                "\(original.displayPath): \(parquet.indexColumns.joined(separator: ", ")) left out: the index pandas"
                    + " stored beside the data, not a field of it")
        }
        for (column, names) in table.classLabels {
            notes.append(
                "\(original.displayPath): \(column) holds class numbers; read as their \(names) names from the"
                    + " dataset's Hugging Face metadata (-1, no label, as none)")
        }
        self.notes = notes
    }

    /// Deletes the copy (a reader holding it open reads on).
    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Imports a Parquet or Arrow file through its JSON Lines copy (``ParquetCopy``), for callers that read a file by its
/// format alone; `winnow import` makes the copy first so that what it detects in records (conversations, e-mail,
/// which field holds the text) reads the copy too.
public struct ParquetImporter: Importer {
    /// `.parquet` or `.arrow`.
    let format: SourceFormat

    /// An importer of `format`, `.parquet` or `.arrow`.
    public init(format: SourceFormat = .parquet) { self.format = format }

    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let copy = try ParquetCopy(of: file, format: format)
        defer { copy.remove() }
        var opened = try JSONLImporter().open(copy.file, options: options)
        ParquetCopy.placeRows(of: &opened)
        opened.preamble.insert(contentsOf: copy.notes.map(ImportEvent.note), at: 0)
        return opened
    }
}

extension ParquetCopy {
    /// Places the copy's records by row (`record N`) instead of by the copy's line, which is the same number.
    public static func placeRows(of opened: inout OpenedFile) {
        opened.digest = nil
        guard case .chunks(let chunks) = opened.records else { return }
        opened.records = .chunks(ChunkedRecords(reader: chunks.reader, parser: RowPlacingParser(base: chunks.parser)))
    }
}

/// Places a JSON Lines copy's records as the rows of the file it copies.
struct RowPlacingParser: ChunkParser {
    let base: any ChunkParser

    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        try base.parse(chunk) { event in
            switch event {
            case .record(var draft):
                if case .line(let line) = draft.locator { draft.locator = .record(line) }
                try body(.record(draft))
            case .failure(var failure):
                if case .line(let line)? = failure.locator { failure.locator = .record(line) }
                try body(.failure(failure))
            default: try body(event)
            }
        }
    }
}
