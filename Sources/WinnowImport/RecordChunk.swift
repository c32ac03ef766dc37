/// A run of whole records cut from a file, which parses on its own: on any thread, in any order.
public struct RecordChunk: Sendable {
    /// The bytes the records lie in.
    let bytes: [UInt8]
    /// The records, in file order.
    let records: [RecordSpan]
    /// Field boundaries for formats with fields (CSV): `fieldBounds[2 * i]` and `fieldBounds[2 * i + 1]` are the
    /// start and end of field `i` in `bytes`; each record names its range of fields.
    let fieldBounds: [Int]
    /// Bytes of the file read when the chunk was cut (for progress).
    public let bytesRead: UInt64
    /// Number of records in the chunk.
    public var count: Int { records.count }
}

/// One record of a chunk: where its bytes are, and where it sits in the file.
struct RecordSpan: Sendable, Equatable {
    /// What the scanner found.
    enum Kind: Sendable, Equatable {
        /// A record (a JSONL line, a CSV row; the CSV header row too).
        case record
        /// A CSV quoted field that never closes (or grows past the field limit); the span is the record's first
        /// line, and reading went on after it.
        case unterminatedQuote
        /// A CSV quoted field that runs over lines and leaves the row with the wrong number of fields: a stray
        /// quote. The span and fields are the record as read; reading went on after its first line.
        case unbalancedQuote
        /// A JSON document whose structure breaks here: the span holds the bytes around the fault, and reading
        /// stopped.
        case syntaxError(JSONStructureProblem)
    }

    var kind: Kind
    /// The record's bytes in the chunk, without the line end.
    var start: Int
    var end: Int
    /// 1-based physical line the record starts on.
    var line: Int
    /// Physical lines the record spans.
    var lineCount = 1
    /// CSV: 1-based data row (the header row is 0); JSON documents: 1-based record; JSONL: 0.
    var row = 0
    /// CSV: the record's fields in the chunk's `fieldBounds` (pairs), as a range of field numbers.
    var fields: Range<Int> = 0..<0
}

extension RecordChunk {
    /// The raw bytes of a record (without its line end), decoded.
    func text(of record: RecordSpan, decoder: TextDecoder) -> String {
        bytes.withUnsafeBytes { decoder.decode(UnsafeRawBufferPointer(rebasing: $0[record.start..<record.end])) }
    }

    /// The texts of a CSV record's fields.
    func fields(of record: RecordSpan, decoder: TextDecoder) -> [String] {
        bytes.withUnsafeBytes { raw in
            record.fields.map { field in
                let start = fieldBounds[2 * field]
                let end = fieldBounds[2 * field + 1]
                return CSVScanner.fieldText(UnsafeRawBufferPointer(rebasing: raw[start..<end]), decoder: decoder)
            }
        }
    }
}
