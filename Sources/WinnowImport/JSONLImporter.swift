import Foundation
import WinnowCore

/// Imports JSON Lines: one JSON object per line, UTF-8 with or without a byte order mark (UTF-16 with one is read
/// through a UTF-8 copy).
///
/// Blank lines are skipped. A line that is not valid JSON, not an object, or has no input text is quarantined
/// with its line number and column; the other lines import. Lines are cut into chunks that parse independently.
public struct JSONLImporter: Importer {
    /// Bytes read from the file at a time (tests use small blocks to put records across block edges).
    let blockSize: Int

    /// An importer.
    public init() { blockSize = 1 << 20 }

    /// An importer reading `blockSize` bytes at a time.
    init(blockSize: Int) { self.blockSize = blockSize }

    public func open(_ original: SourceFile, options: ImportOptions) throws -> OpenedFile {
        try LineRecords.open(original, blockSize: blockSize) { file in
            JSONLChunkParser(
                displayPath: file.displayPath, mapping: options.mapping, cleansReplies: options.cleanReplies ?? false,
                repairsEscapedUTF8: ObjectRecordMapper.escapesUTF8AsLatin1(file.prefix),
                readsRows: JSONLImporter.opensWithRow(file.prefix))
        }
    }

    /// Whether the first line that holds something is an array: a file of rows of values
    /// (``ObjectRecordMapper/positionalRow(_:)``).
    static func opensWithRow(_ prefix: [UInt8]) -> Bool {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return ObjectRecordMapper.opensRows(bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) })
    }
}

/// Parses JSONL chunks: each line's JSON, its field mapping (resolved once per set of keys in a chunk) and draft.
struct JSONLChunkParser: ChunkParser {
    let displayPath: String
    let mapping: FieldMapping
    /// Whether input and response are cleaned as e-mail (`--clean-replies`).
    let cleansReplies: Bool
    /// Whether the file writes UTF-8 as Latin-1 escapes (``ObjectRecordMapper/escapesUTF8AsLatin1(_:)``).
    var repairsEscapedUTF8 = false
    /// Whether the lines are rows of values (``ObjectRecordMapper/readsRows``).
    var readsRows = false

    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        var mapper = ObjectRecordMapper(
            displayPath: displayPath, mapping: mapping, recordNoun: "per line", cleansReplies: cleansReplies,
            repairsEscapedUTF8: repairsEscapedUTF8, readsRows: readsRows)
        try forEachObject(chunk) { try mapper.map($1, locator: $0, body) }
    }

    /// Calls `body` with each non-blank line's object, or why the line is not one, in file order.
    func forEachObject(
        _ chunk: RecordChunk, _ body: (Locator, Result<JSONObject, RecordFailure>) throws -> Void
    ) rethrows {
        try chunk.bytes.withUnsafeBytes { raw in
            for span in chunk.records {
                let line = UnsafeRawBufferPointer(rebasing: raw[span.start..<span.end])
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let locator = Locator.line(span.line)
                let value: JSONValue
                do throws(JSONSyntaxError) {
                    value = try JSONParser.parse(bytes: line)
                } catch {
                    try body(
                        locator,
                        .failure(
                            RecordFailure(
                                kind: .invalidJSON, file: displayPath, locator: locator, column: error.column,
                                message: "invalid JSON: \(error.message)",
                                snippet: String(decoding: line.prefix(1200), as: UTF8.self))))
                    continue
                }
                try body(
                    locator,
                    ObjectRecordMapper.object(
                        value, file: displayPath, locator: locator, recordNoun: "per line", readsRows: readsRows,
                        mapping: mapping))
            }
        }
    }
}
