import Foundation
import WinnowCore

/// Imports delimited text with a header row (or without one, its columns then named `column_1`, `column_2`...:
/// ``CSVHeaderGuess``): RFC 4180 quoting, `,` `;` tab or `|` detected from the first lines
/// (or named by an Excel `sep=;` first line), an optional byte order mark, and UTF-8, UTF-16 with a byte order mark
/// (Excel's "Unicode Text"; converted to a UTF-8 copy first) or a legacy single-byte encoding.
///
/// With automatic encoding, a file that is not valid UTF-8 is read as Windows-1252 and a note says so. The pass that
/// checks the encoding works out the file's sha256 too, when it is wanted. A row whose
/// field count differs from the header's, or an unterminated quote, is quarantined with its row and line number.
/// Records are cut into chunks (by ``CSVScanner``, which finds where every record and field is) that parse
/// independently.
public struct CSVImporter: Importer {
    /// Delimiters tried by detection, in order of preference.
    public static let candidateDelimiters: [UInt8] = [
        UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"),
    ]

    /// Bytes read from the file at a time (tests use small blocks to put records across block edges).
    let blockSize: Int
    /// The longest a record may grow inside quotes before its quote counts as unterminated.
    let fieldLimit: Int

    /// An importer.
    public init() {
        blockSize = 1 << 20
        fieldLimit = 1 << 20
    }

    /// An importer reading `blockSize` bytes at a time, with a `fieldLimit` for quoted records.
    init(blockSize: Int, fieldLimit: Int = 1 << 20) {
        self.blockSize = blockSize
        self.fieldLimit = fieldLimit
    }

    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let displayPath = file.displayPath
        var notes: [ImportEvent] = []
        var file = file
        let encoding: TextEncodingChoice
        let digest: FileDigest?
        var converted: URL?
        if options.encoding == .automatic, UTF16Text.order(of: file.prefix) != nil {
            // Read from a UTF-8 copy; the digest stays the original file's (worked out by the caller).
            let source = try UTF16Text.utf8Source(file)
            (file, converted) = (source.file, source.copy)
            if let note = source.note { notes.append(note) }
            (encoding, digest) = (.utf8, nil)
        } else {
            (encoding, digest) = try chooseEncoding(file: file, requested: options.encoding) { notes.append($0) }
        }
        // The copy is unlinked once the reader holds it open.
        defer { if let converted { try? FileManager.default.removeItem(at: converted) } }
        let decoder = TextDecoder(encoding: encoding)
        let layout = CSVImporter.layout(file.prefix)
        if let title = layout.title {
            let first = layout.skippedLines - title.lines + 1
            let lines =
                "line\(title.lines == 1 ? "" : "s") \(first)" + (title.lines == 1 ? "" : "-\(layout.skippedLines)")
            let what = title.text.isEmpty ? "blank" : "not data (\"\(title.text)\")"
            notes.append(
                .note(
                    "\(displayPath): \(lines) above the header \(title.lines == 1 ? "is" : "are") \(what); the header is"
                        + " line \(layout.skippedLines + 1)"))
        }
        let delimiter = layout.delimiter
        let headerless = CSVImporter.headerlessReason(file, layout: layout, header: options.csvHeader)
        var reader = try ChunkReader(
            url: file.url, displayPath: displayPath,
            scanner: CSVScanner(
                delimiter: delimiter, fieldLimit: fieldLimit, firstLine: layout.skippedLines + 1,
                headerless: headerless != nil),
            blockSize: blockSize, skipping: layout.skippedBytes)
        guard let first = try reader.next(), let header = first.records.first else {
            reader.close()
            throw ImportError(
                kind: .unreadableFile, file: displayPath,
                message: headerless == nil ? "empty file: no header row" : "empty file: no rows")
        }
        guard header.kind == .record || headerless != nil else {
            reader.close()
            throw ImportError(
                kind: .unterminatedQuote, file: displayPath, locator: .line(header.line),
                message: "unterminated quote in the header row", snippet: first.text(of: header, decoder: decoder))
        }
        let names: [String]
        if let headerless {
            let count = first.records.first { $0.kind == .record }.map { $0.fields.count } ?? 1
            names = CSVHeaderGuess.columnNames(count)
            notes.append(
                .note(
                    "\(displayPath): the first row is data, not column names (\(headerless)); the columns are named"
                        + " \(count == 1 ? "column_1" : "column_1 \(count == 2 ? "and" : "to") column_\(count)")"
                        + (options.csvHeader == false ? "" : " (--header reads the first row as names)")))
        } else {
            names = CSVImporter.headerNames(first.fields(of: header, decoder: decoder))
        }
        let mapping = options.mapping.resolve(keys: names)
        // A tracker's comments one per column (Jira's `Comment` columns) are the ticket's thread, unless `--map`
        // names what the input is.
        let comments = options.mapping.explicit.isEmpty ? CommentCells(names: names) : nil
        let commentMapping = comments.map { options.mapping.resolve(keys: $0.names) }
        if let comments {
            notes.append(
                .note(
                    "\(displayPath): \(comments.columns.count) comment column\(comments.columns.count == 1 ? "" : "s")"
                        + " (`date;author;body` cells) read as each ticket's thread, the reporter's comments the"
                        + " customer's and the others the agents'; a row with another kind of cell keeps its comments"
                        + " in metadata"))
        }
        reader.unread(first)
        return OpenedFile(
            preamble: notes + [.mapping(commentMapping ?? mapping)], digest: digest,
            records: .chunks(
                ChunkedRecords(
                    reader: reader,
                    parser: CSVChunkParser(
                        displayPath: displayPath, names: names, mapping: mapping, decoder: decoder,
                        delimiter: delimiter, cleansReplies: options.cleanReplies ?? false,
                        headerless: headerless != nil, comments: zip2(comments, commentMapping)))))
    }

    /// Header cells trimmed; blank ones named `column_N`, repeated ones suffixed `_2`, `_3`... (skipping suffixes
    /// that are themselves header names, so every column keeps its own name).
    static func headerNames(_ fields: [String]) -> [String] {
        let trimmed = fields.enumerated().map { index, field in
            let name = field.trimmingCharacters(in: .whitespacesAndNewlines)
            return name.isEmpty ? CSVHeaderGuess.columnName(index + 1) : name
        }
        var taken = Set<String>()
        var names: [String] = []
        for name in trimmed {
            var candidate = name
            var suffix = 1
            while taken.contains(candidate) {
                suffix += 1
                candidate = "\(name)_\(suffix)"
            }
            if candidate != name {
                while trimmed.contains(candidate) || taken.contains(candidate) {
                    suffix += 1
                    candidate = "\(name)_\(suffix)"
                }
            }
            taken.insert(candidate)
            names.append(candidate)
        }
        return names
    }

    /// The encoding to decode with, and the file's digest when it is wanted: one pass over the file does both (the
    /// UTF-8 check only for automatic or UTF-8 encoding).
    private func chooseEncoding(
        file: SourceFile, requested: TextEncodingChoice, _ body: (ImportEvent) -> Void
    ) throws -> (TextEncodingChoice, FileDigest?) {
        let checks = requested == .automatic || requested == .utf8
        guard checks || file.wantsDigest else { return (requested, nil) }
        let pass: (invalid: (line: Int, offset: UInt64)?, digest: FileDigest?)
        do {
            pass = try TextDecoder.checkUTF8(in: file.url, validating: checks, digesting: file.wantsDigest)
        } catch {
            throw ImportError(kind: .unreadableFile, file: file.displayPath, message: "cannot read: \(error)")
        }
        guard checks, let invalid = pass.invalid else { return (requested, pass.digest) }
        if requested == .utf8 {
            throw ImportError(
                kind: .invalidEncoding, file: file.displayPath, locator: .line(invalid.line),
                message: "not valid UTF-8 (byte offset \(invalid.offset)); pass --encoding windows-1252 or latin1")
        }
        body(
            .note(
                "\(file.displayPath) is not valid UTF-8 (first bad byte on line \(invalid.line)); read as Windows-1252"
            ))
        return (.windows1252, pass.digest)
    }

    /// The delimiter an Excel `sep=;` first line names (after a byte order mark; the line is not data), or nil.
    static func separatorLine(_ prefix: [UInt8]) -> UInt8? {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard bytes.count >= 5, bytes.prefix(4).map({ $0 | 0x20 }) == Array("sep=".utf8) else { return nil }
        let delimiter = bytes[bytes.startIndex + 4]
        let rest = bytes.dropFirst(5).prefix { $0 != 0x0A }
        guard delimiter != 0x0A, delimiter != 0x0D, rest.allSatisfy({ $0 == 0x0D || $0 == 0x20 }) else { return nil }
        return delimiter
    }

    /// The lines above a CSV's header that are not data: a report's title, a date, blank lines, as Excel saves a
    /// sheet with a title above its table (`Ticket report,,,` then the header). They are up to ten records holding
    /// at most one filled cell each, before the first record with two or more, which is followed by at least one
    /// more such record or ends the sample; or a title holding the delimiter itself (`Ticket report, December`) set
    /// off from the table by a blank line, narrower than the header row under it and the row after that, or right
    /// above a header row that names its columns (``titleAboveHeader(_:sample:delimiter:)``). Nil when the first
    /// record is the header.
    static func titleLines(_ sample: [UInt8], delimiter: UInt8) -> (bytes: Int, lines: Int, text: String)? {
        let shapes = recordShapes(sample: sample, delimiter: delimiter, maxRecords: 12)
        guard
            let header = titleRowCount(filled: shapes.map(\.filled)) ?? titleAboveBlankLine(shapes)
                ?? titleAboveHeader(shapes, sample: sample, delimiter: delimiter),
            shapes.count > header + 1 || shapes[header].end == sample.count
        else { return nil }
        let bytes = shapes[header].start
        let lines = sample[..<bytes].filter { $0 == 0x0A }.count
        let title = String(decoding: sample[..<bytes], as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map {
                $0.split(separator: Character(UnicodeScalar(delimiter)))
                    .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" \t\r")) }.filter { !$0.isEmpty }
                    .joined(separator: " ")
            }
            .filter { !$0.isEmpty }
            .joined(separator: " / ")
        return (bytes, lines, String(title.prefix(80)))
    }

    /// How a CSV's first bytes say it is laid out: its delimiter, and the bytes and lines before its header (after
    /// a byte order mark) that are not data: Excel's `sep=;` line, a report's title lines (``titleLines(_:delimiter:)``).
    static func layout(_ prefix: [UInt8]) -> (
        delimiter: UInt8, skippedBytes: Int, skippedLines: Int, title: (lines: Int, text: String)?
    ) {
        var sample = prefix[...]
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { sample = sample.dropFirst(3) }
        let separator = separatorLine(prefix)
        var skipped = (bytes: 0, lines: 0)
        if separator != nil, let end = sample.firstIndex(of: 0x0A) {
            skipped = (end + 1 - sample.startIndex, 1)
            sample = sample[(end + 1)...]
        }
        let delimiter = separator ?? detectDelimiter(sample: Array(sample))
        guard let title = titleLines(Array(sample), delimiter: delimiter) else {
            return (delimiter, skipped.bytes, skipped.lines, nil)
        }
        return (delimiter, skipped.bytes + title.bytes, skipped.lines + title.lines, (title.lines, title.text))
    }

    /// The header row's place under a first line set off by a blank line and narrower than the two rows under it,
    /// which are as wide as each other: a report's title with a comma in it. Nil otherwise.
    static func titleAboveBlankLine(
        _ shapes: [(start: Int, end: Int, fields: Int, filled: Int, hasContent: Bool, isWhole: Bool)]
    ) -> Int? {
        guard shapes.count >= 4, shapes[0].hasContent, !shapes[1].hasContent,
            let header = shapes.indices.dropFirst(2).first(where: { shapes[$0].hasContent }), header + 1 < shapes.count
        else { return nil }
        let width = shapes[header].fields
        guard width > shapes[0].fields, shapes[header].filled >= 2, shapes[header + 1].fields == width else {
            return nil
        }
        return header
    }

    /// The header row's place (1) under a first line narrower than it with no blank line between: a report's title
    /// with a comma in it right above the header (`Ticket report, December` over `id,body,category`). Every cell of
    /// the row under the title names a column and the two rows under that are as wide as it, so a header whose rows
    /// end in a delimiter (`id,body` over `1,My card is lost,`) is no title. Nil otherwise.
    static func titleAboveHeader(
        _ shapes: [(start: Int, end: Int, fields: Int, filled: Int, hasContent: Bool, isWhole: Bool)],
        sample: [UInt8], delimiter: UInt8
    ) -> Int? {
        guard shapes.count >= 4, shapes.prefix(4).allSatisfy(\.hasContent) else { return nil }
        let width = shapes[1].fields
        guard width > shapes[0].fields, shapes[1].filled == width, shapes[2].fields == width,
            shapes[3].fields == width,
            TableSniffer.headerRow(Array(sample[shapes[1].start..<shapes[1].end]), delimiter: delimiter)
        else { return nil }
        return 1
    }

    /// How many rows of a table open it above its header, from how many filled cells each row has: up to ten rows
    /// with one filled cell at most (a title, a date, blank rows) before the first with two or more. Nil when the
    /// first row is the header (or none of the first eleven is).
    static func titleRowCount(filled: [Int]) -> Int? {
        guard let header = filled.prefix(11).firstIndex(where: { $0 >= 2 }), header > 0 else { return nil }
        return header
    }

    /// The records a CSV's first bytes hold, as objects of the header's names (for telling what the records are
    /// before reading them: ``ConversationDetection``), read as the file's reading reads them; the last record is
    /// left out when `prefix` may have cut it, and so are records that are not whole rows. Without a header row
    /// (`header` false, or nil and ``headerlessReason(_:header:)`` finds none), the names are `column_1`....
    static func sampleRecords(
        _ prefix: [UInt8], header: Bool? = nil, encoding: TextEncodingChoice = .automatic
    ) -> [JSONObject] {
        let rows = sampleRows(prefix, layout: layout(prefix), encoding: encoding)
        guard let first = rows.first else { return [] }
        let headerless = headerlessReason(rows, header: header) != nil
        let names = headerless ? CSVHeaderGuess.columnNames(first.count) : headerNames(first)
        return rows.dropFirst(headerless ? 0 : 1).map { fitted($0, to: names.count) }.filter { $0.count == names.count }
            .map { fields in
                JSONObject(zip(names, fields).map { (key: $0, value: .string($1)) })
            }
    }

    /// A row's cells fitted to a header of `count` names: a row ending in delimiters the header does not (`1,My card
    /// is lost,` under `id,body`) loses the empty cells past the header's; any other row is left as it is (a row
    /// of another width is quarantined as ragged).
    static func fitted(_ fields: [String], to count: Int) -> [String] {
        guard fields.count > count, fields[count...].allSatisfy({ $0.allSatisfy { $0 == " " || $0 == "\t" } }) else {
            return fields
        }
        return Array(fields.prefix(count))
    }

    /// The first whole records of a CSV's first bytes (after the lines `layout` skips), each as its cells decoded
    /// as the file will be read (`encoding`; automatic: UTF-8, or Windows-1252 when the bytes are not UTF-8);
    /// records that are not whole rows are left out, and so is the last when `prefix` may have cut it.
    static func sampleRows(
        _ prefix: [UInt8],
        layout: (delimiter: UInt8, skippedBytes: Int, skippedLines: Int, title: (lines: Int, text: String)?),
        encoding: TextEncodingChoice = .automatic
    ) -> [[String]] {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let sample = Array(bytes.dropFirst(layout.skippedBytes))
        var scanner = CSVScanner(delimiter: layout.delimiter)
        var records: [RecordSpan] = []
        var fieldBounds: [Int] = []
        _ = sample.withUnsafeBytes { raw in
            scanner.scan(
                raw, from: 0, atEnd: prefix.count < SourceFile.prefixLength, records: &records,
                fieldBounds: &fieldBounds)
        }
        let chunk = RecordChunk(bytes: sample, records: records, fieldBounds: fieldBounds, bytesRead: 0)
        let decoder = TextDecoder(
            encoding: encoding == .automatic ? (CSVImporter.isUTF8(prefix) ? .utf8 : .windows1252) : encoding)
        return records.filter { $0.kind == .record }.map { chunk.fields(of: $0, decoder: decoder) }
    }

    /// Whether a file's first bytes are UTF-8, a character the prefix cut at its end aside.
    static func isUTF8(_ prefix: [UInt8]) -> Bool {
        let cut = prefix.count >= SourceFile.prefixLength ? 3 : 0
        return (0...cut).contains { String(validating: prefix.dropLast($0), as: UTF8.self) != nil }
    }

    /// Why `file` (a CSV whose first bytes have `layout`) has no header row, or nil when it has one
    /// (``headerlessReason(_:header:)`` on its first rows).
    static func headerlessReason(
        _ file: SourceFile,
        layout: (delimiter: UInt8, skippedBytes: Int, skippedLines: Int, title: (lines: Int, text: String)?)? = nil,
        header: Bool?
    ) -> String? {
        headerlessReason(sampleRows(file.prefix, layout: layout ?? CSVImporter.layout(file.prefix)), header: header)
    }

    /// Why a CSV whose first records are `rows` has no header row (its first row is data), or nil when it has one:
    /// `header` says (`--header`, `--no-header`), else ``CSVHeaderGuess/firstRowIsData(_:)`` guesses.
    static func headerlessReason(_ rows: [[String]], header: Bool?) -> String? {
        switch header {
        case true?: nil
        case false?: "--no-header"
        case nil: CSVHeaderGuess.firstRowIsData(rows)
        }
    }

    /// The first records of `sample` under `delimiter`, honouring quotes: where each starts and ends, how many
    /// fields it has and how many of them hold something other than spaces and quotes, whether it holds anything,
    /// and whether its line end was reached (the last may be cut). At most `maxRecords` records that hold something,
    /// with the blank ones between them.
    static func recordShapes(sample: [UInt8], delimiter: UInt8, maxRecords: Int) -> [(
        start: Int, end: Int, fields: Int, filled: Int, hasContent: Bool, isWhole: Bool
    )] {
        var shapes: [(start: Int, end: Int, fields: Int, filled: Int, hasContent: Bool, isWhole: Bool)] = []
        var nonBlank = 0
        var start = 0
        var fields = 1
        var filled = 0
        var fieldHasText = false
        var hasContent = false
        var inQuotes = false
        for (index, byte) in sample.enumerated() {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
                hasContent = true
            } else if inQuotes {
                if byte != 0x20, byte != 0x0A, byte != 0x0D { fieldHasText = true }
            } else if byte == delimiter {
                if fieldHasText { filled += 1 }
                fields += 1
                (fieldHasText, hasContent) = (false, true)
            } else if byte == 0x0A {
                if fieldHasText { filled += 1 }
                shapes.append((start, index + 1, fields, filled, hasContent, true))
                if hasContent { nonBlank += 1 }
                if nonBlank >= maxRecords { return shapes }
                (start, fields, filled, fieldHasText, hasContent) = (index + 1, 1, 0, false, false)
            } else if byte != 0x0D {
                hasContent = true
                if byte != 0x20, byte != 0x09 { fieldHasText = true }
            }
        }
        if start < sample.count {
            if fieldHasText { filled += 1 }
            shapes.append((start, sample.count, fields, filled, hasContent, false))
        }
        return shapes
    }

    /// Delimiter detection over a sample of the file's first bytes (title lines above the header, with one field,
    /// are passed over).
    static func detectDelimiter(sample: [UInt8]) -> UInt8 {
        var best: (delimiter: UInt8, score: Double) = (UInt8(ascii: ","), -1)
        for delimiter in candidateDelimiters {
            var counts = fieldCounts(sample: sample, delimiter: delimiter, maxRecords: 30)
            if let header = counts.prefix(11).firstIndex(where: { $0 > 1 }) { counts.removeFirst(header) }
            guard let first = counts.first, first > 1 else { continue }
            let consistent = Double(counts.filter { $0 == first }.count) / Double(counts.count)
            let score = consistent * 1000 + Double(min(first, 100))
            if score > best.score { best = (delimiter, score) }
        }
        return best.delimiter
    }

    /// Field counts of the first records of `sample` under `delimiter`, honouring quotes, blank lines passed over;
    /// the last, possibly cut, record is dropped unless it is the only one.
    static func fieldCounts(sample: [UInt8], delimiter: UInt8, maxRecords: Int) -> [Int] {
        let shapes = recordShapes(sample: sample, delimiter: delimiter, maxRecords: maxRecords).filter(\.hasContent)
        let whole = shapes.filter(\.isWhole)
        return (whole.isEmpty ? Array(shapes.prefix(1)) : whole).map(\.fields)
    }
}

/// Both values, when both are there.
private func zip2<A, B>(_ first: A?, _ second: B?) -> (A, B)? {
    guard let first, let second else { return nil }
    return (first, second)
}
