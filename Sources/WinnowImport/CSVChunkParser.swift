import Foundation
import WinnowCore

/// Parses CSV chunks: each record's fields decoded, checked against the header and mapped to a draft.
struct CSVChunkParser: ChunkParser {
    let displayPath: String
    /// The header's column names.
    let names: [String]
    let mapping: ResolvedMapping
    let decoder: TextDecoder
    let delimiter: UInt8
    /// Whether input and response are cleaned as e-mail (`--clean-replies`).
    let cleansReplies: Bool
    /// Whether the file has no header row: the first row is then what every row's field count is held to.
    var headerless = false
    /// Comment columns read as each row's thread (``CommentCells``), with the mapping of the rewritten row.
    var comments: (cells: CommentCells, mapping: ResolvedMapping)? = nil

    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        try forEachObject(chunk) { locator, result in
            switch result {
            case .success(let object):
                let (row, rowMapping) =
                    if let comments, let rewritten = comments.cells.rewrite(object) {
                        (rewritten, comments.mapping)
                    } else {
                        (object, mapping)
                    }
                switch rowMapping.draft(from: row, file: displayPath, locator: locator, raw: joined(object)) {
                case .success(let draft): try body(.record(cleansReplies ? draft.cleaningReplies() : draft))
                case .failure(let error): try body(.failure(error))
                }
            case .failure(let error): try body(.failure(error))
            }
        }
    }

    /// Calls `body` with each data row's fields as an object keyed by the header's names, or why the row cannot be
    /// read, in file order.
    func forEachObject(
        _ chunk: RecordChunk, _ body: (Locator, Result<JSONObject, RecordFailure>) throws -> Void
    ) rethrows {
        for record in chunk.records where record.row > 0 {
            let locator = Locator.row(record.row, line: record.line)
            try body(locator, object(for: record, in: chunk, locator: locator))
        }
    }

    private func object(for record: RecordSpan, in chunk: RecordChunk, locator: Locator) -> Result<
        JSONObject, RecordFailure
    > {
        switch record.kind {
        case .unterminatedQuote:
            return .failure(
                RecordFailure(
                    kind: .unterminatedQuote, file: displayPath, locator: locator,
                    message: "unterminated quoted field (a '\"' opens a field that never closes);"
                        + " reading resumed on the next line",
                    snippet: chunk.text(of: record, decoder: decoder)))
        case .unbalancedQuote:
            let fields = chunk.fields(of: record, decoder: decoder)
            return .failure(
                RecordFailure(
                    kind: .unterminatedQuote, file: displayPath, locator: locator,
                    message: "unbalanced quote: a quoted field runs over \(record.lineCount) lines "
                        + "and leaves the row with \(fields.count) fields (\(headerless ? "the first row" : "header") has "
                        + "\(names.count)); reading resumed on the next line",
                    snippet: joined(fields)))
        case .syntaxError(let problem):
            // Only JSON documents are checked for structure; kept so that every span kind has its event.
            return .failure(problem.failure(file: displayPath, snippet: chunk.text(of: record, decoder: decoder)))
        case .record:
            let fields = CSVImporter.fitted(chunk.fields(of: record, decoder: decoder), to: names.count)
            guard fields.count == names.count else {
                return .failure(
                    RecordFailure(
                        kind: .raggedRow, file: displayPath, locator: locator,
                        message:
                            "row has \(fields.count) fields, \(headerless ? "the first row" : "the header") has"
                            + " \(names.count)",
                        snippet: joined(fields)))
            }
            // Header names are distinct (see CSVImporter.headerNames).
            return .success(
                JSONObject(membersWithDistinctKeys: zip(names, fields).map { (key: $0, value: JSONValue.string($1)) }))
        }
    }

    /// A row's fields as the file wrote them, for a quarantine snippet.
    private func joined(_ object: JSONObject) -> String {
        joined(object.members.map { $0.value.scalarText ?? "" })
    }

    private func joined(_ fields: [String]) -> String {
        fields.joined(separator: String(UnicodeScalar(delimiter)))
    }
}
