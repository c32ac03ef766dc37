import Foundation

/// Finds the records of a delimited text file and their fields: RFC 4180 quoted fields, doubled quotes, line breaks
/// inside quotes, CRLF, LF or CR line ends. Blank lines are skipped (and counted).
///
/// The first record is the header row (unless the file has none: then it is row 1). A quoted field that reaches the end of the file, or a record that grows past
/// `fieldLimit` bytes inside quotes, is an unterminated quote: reading resumes on the line after the record's first
/// line. So is a record that runs over lines and ends with another field count than the header's (a stray quote
/// joined lines that were separate records): one stray quote cannot swallow the rest of the file.
///
/// The scanner only finds where fields are (``RecordChunk/fieldBounds``); ``fieldText(_:decoder:)`` turns a field's
/// bytes into text, in whichever thread parses the chunk.
struct CSVScanner: RecordScanner {
    let delimiter: UInt8
    let fieldLimit: Int
    /// The header row's field count, once read.
    private(set) var headerFieldCount: Int?
    /// The physical line the next record starts on.
    private var line = 1
    /// Data rows found so far.
    private var row = 0
    /// Whether the first record is already data (a file without a header row): row 1, its field count the one
    /// every row is held to.
    private let headerless: Bool

    /// A scanner for `delimiter`; the first record read starts on `firstLine` (2 when a `sep=` line was dropped).
    /// With `headerless`, the first record is data, row 1.
    init(delimiter: UInt8, fieldLimit: Int = 1 << 20, firstLine: Int = 1, headerless: Bool = false) {
        self.delimiter = delimiter
        self.fieldLimit = fieldLimit
        self.headerless = headerless
        line = firstLine
    }

    mutating func scan(
        _ bytes: UnsafeRawBufferPointer, from start: Int, atEnd: Bool, records: inout [RecordSpan],
        fieldBounds: inout [Int]
    ) -> Int {
        var position = start
        while position < bytes.count {
            let firstBound = fieldBounds.count
            let firstField = firstBound / 2
            switch scanRecord(bytes, from: position, atEnd: atEnd, fieldBounds: &fieldBounds) {
            case .needMore:
                fieldBounds.removeSubrange(firstBound...)
                return position
            case .blank(let end):
                line += 1
                position = end
            case .record(let end, let contentEnd, let newlines):
                let fields = firstField..<fieldBounds.count / 2
                if let expected = headerFieldCount {
                    row += 1
                    if fields.count != expected, newlines > 1 {
                        records.append(
                            RecordSpan(
                                kind: .unbalancedQuote, start: position, end: contentEnd, line: line,
                                lineCount: newlines, row: row, fields: fields))
                        position = lineEnd(bytes, from: position) + 1
                        line += 1
                        continue
                    }
                } else {
                    headerFieldCount = fields.count
                    if headerless { row += 1 }
                }
                records.append(
                    RecordSpan(
                        kind: .record, start: position, end: contentEnd, line: line, lineCount: newlines, row: row,
                        fields: fields))
                line += newlines
                position = end
            case .unterminated:
                fieldBounds.removeSubrange(firstBound...)
                let firstLineEnd = lineEnd(bytes, from: position)
                // Reading resumes after the record's first line: read up to its end first.
                if firstLineEnd == bytes.count, !atEnd { return position }
                if headerFieldCount != nil || headerless { row += 1 }
                records.append(
                    RecordSpan(
                        kind: .unterminatedQuote, start: position, end: min(firstLineEnd, position + 300), line: line,
                        row: row))
                position = min(firstLineEnd + 1, bytes.count)
                line += 1
            }
        }
        return position
    }

    /// The index of the first LF at or after `start`, or the end of `bytes`.
    private func lineEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = memchr(base + start, 0x0A, bytes.count - start)
        else { return bytes.count }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// What one attempt at reading a record found.
    private enum Attempt {
        /// The bytes end before the record does.
        case needMore
        /// An empty line, ending at `end`.
        case blank(end: Int)
        /// A record: its fields were appended; `end` is past its line end, `contentEnd` at it; `newlines` counts
        /// the line breaks inside quotes and the record's own line end.
        case record(end: Int, contentEnd: Int, newlines: Int)
        /// A quoted field that does not close.
        case unterminated
    }

    /// Reads one record starting at `from`, appending its fields' start and end to `fieldBounds`.
    private func scanRecord(
        _ bytes: UnsafeRawBufferPointer, from: Int, atEnd: Bool, fieldBounds: inout [Int]
    ) -> Attempt {
        let count = bytes.count
        let quote = UInt8(ascii: "\"")
        if bytes[from] == 0x0A { return .blank(end: from + 1) }
        if bytes[from] == 0x0D {
            if from + 1 < count { return .blank(end: bytes[from + 1] == 0x0A ? from + 2 : from + 1) }
            return atEnd ? .blank(end: from + 1) : .needMore
        }
        var index = from
        var newlines = 0
        while true {
            let fieldStart = index
            if index < count, bytes[index] == quote {
                index += 1
                // Inside quotes: up to the closing quote, counting line breaks; "" is a quote.
                while true {
                    guard let closing = nextQuote(bytes, from: index) else {
                        newlines += lineBreaks(bytes, from: index, to: count)
                        if atEnd || count - from > fieldLimit { return .unterminated }
                        return .needMore
                    }
                    newlines += lineBreaks(bytes, from: index, to: closing)
                    if closing - from > fieldLimit { return .unterminated }
                    if closing + 1 < count, bytes[closing + 1] == quote {
                        index = closing + 2
                        continue
                    }
                    if closing + 1 >= count, !atEnd { return .needMore }
                    index = closing + 1
                    break
                }
            }
            // An unquoted field, or the text after a closing quote (kept, as spreadsheets do).
            while index < count {
                let byte = bytes[index]
                if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                index += 1
            }
            fieldBounds.append(fieldStart)
            fieldBounds.append(index)
            guard index < count else {
                return atEnd ? .record(end: index, contentEnd: index, newlines: newlines) : .needMore
            }
            let byte = bytes[index]
            if byte == delimiter {
                index += 1
                continue
            }
            if byte == 0x0A { return .record(end: index + 1, contentEnd: index, newlines: newlines + 1) }
            // CR: CRLF or a lone CR.
            if index + 1 < count {
                let end = bytes[index + 1] == 0x0A ? index + 2 : index + 1
                return .record(end: end, contentEnd: index, newlines: newlines + 1)
            }
            return atEnd ? .record(end: index + 1, contentEnd: index, newlines: newlines + 1) : .needMore
        }
    }

    private func nextQuote(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = memchr(base + start, Int32(UInt8(ascii: "\"")), bytes.count - start)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private func lineBreaks(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var position = start
        while position < end, let found = memchr(base + position, 0x0A, end - position) {
            count += 1
            position = base.distance(to: UnsafeRawPointer(found)) + 1
        }
        return count
    }

    /// The text of one field as the scanner bounded it: a quoted field without its quotes and with doubled quotes
    /// made single, followed by any text after the closing quote; an unquoted field as it is.
    static func fieldText(_ raw: UnsafeRawBufferPointer, decoder: TextDecoder) -> String {
        let quote = UInt8(ascii: "\"")
        guard raw.first == quote, let base = raw.baseAddress else { return decoder.decode(raw) }
        func nextQuote(from start: Int) -> Int? {
            guard start < raw.count, let found = memchr(base + start, Int32(quote), raw.count - start) else {
                return nil
            }
            return base.distance(to: UnsafeRawPointer(found))
        }
        var content: [UInt8] = []
        var segmentStart = 1
        while let index = nextQuote(from: segmentStart) {
            if index + 1 < raw.count, raw[index + 1] == quote {
                content.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[segmentStart...index]))
                segmentStart = index + 2
                continue
            }
            // The closing quote: the rest is text after it.
            if content.isEmpty, index + 1 == raw.count {
                return decoder.decode(UnsafeRawBufferPointer(rebasing: raw[1..<index]))
            }
            content.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[segmentStart..<index]))
            content.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[(index + 1)...]))
            return content.withUnsafeBytes { decoder.decode($0) }
        }
        // Not reached for fields the scanner bounded (their quotes close).
        content.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[min(segmentStart, raw.count)...]))
        return content.withUnsafeBytes { decoder.decode($0) }
    }
}
