import Foundation
import WinnowCore

/// One CSV record as read: its fields, and where it starts.
struct CSVRecord {
    /// Field texts, decoded.
    var fields: [String]
    /// 1-based physical line the record starts on.
    var line: Int
    /// Byte offset of the record's start.
    var offset: UInt64
    /// Physical lines the record spans (more than one when a quoted field holds line breaks).
    var lineCount: Int
}

/// What the CSV reader found at one position.
enum CSVReadResult {
    case record(CSVRecord)
    /// A quoted field never closed (or grew past the field limit); reading resumes on the next line.
    case unterminatedQuote(line: Int, offset: UInt64, snippet: String)
}

/// A streaming RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF records.
///
/// It holds one chunk plus the record being read. A quoted field that reaches the end of the file, or grows past
/// `fieldLimit` bytes, is reported as an unterminated quote and reading restarts at the line after the record's
/// first line, so one stray quote cannot swallow the rest of the file.
struct CSVReader {
    let handle: FileHandle
    let delimiter: UInt8
    let decoder: TextDecoder
    let fieldLimit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var isAtEnd = false
    private var line = 1
    private var consumed: UInt64 = 0
    /// Bytes read from the file so far.
    private(set) var bytesRead: UInt64 = 0

    init(url: URL, delimiter: UInt8, decoder: TextDecoder, fieldLimit: Int = 1 << 20) throws {
        handle = try FileHandle(forReadingFrom: url)
        self.delimiter = delimiter
        self.decoder = decoder
        self.fieldLimit = fieldLimit
        try fill()
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
            start = 3
            consumed = 3
        }
    }

    func close() { try? handle.close() }

    /// The next record, skipping blank lines; nil at the end of the file.
    mutating func next() throws -> CSVReadResult? {
        while true {
            if start >= buffer.count {
                if isAtEnd { return nil }
                try fill()
                continue
            }
            let attempt = buffer.withUnsafeBytes { parse(bytes: $0, from: start, atEnd: isAtEnd) }
            switch attempt {
            case .needMore:
                try fill()
            case .blank(let end, let newlines):
                advance(to: end, newlines: newlines)
            case .record(let fields, let end, let newlines):
                let record = CSVRecord(fields: fields, line: line, offset: consumed, lineCount: newlines)
                advance(to: end, newlines: newlines)
                return .record(record)
            case .unterminated:
                let recordLine = line
                let offset = consumed
                let (lineEnd, snippet) = buffer.withUnsafeBytes { bytes -> (Int, String) in
                    var index = start
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                    let text = decoder.decode(UnsafeRawBufferPointer(rebasing: bytes[start..<min(index, start + 300)]))
                    return (min(index + 1, bytes.count), text)
                }
                advance(to: lineEnd, newlines: 1)
                return .unterminatedQuote(line: recordLine, offset: offset, snippet: snippet)
            }
        }
    }

    /// Moves back to the line after `record`'s first line: used when a record that spans lines turns out ragged,
    /// which means a stray quote joined lines that were separate records.
    mutating func restart(afterFirstLineOf record: CSVRecord) throws {
        try handle.seek(toOffset: record.offset)
        buffer.removeAll(keepingCapacity: true)
        start = 0
        isAtEnd = false
        consumed = record.offset
        bytesRead = record.offset
        line = record.line
        try fill()
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                consumed += UInt64(newline + 1 - start)
                start = newline + 1
                line += 1
                return
            }
            if isAtEnd {
                consumed += UInt64(buffer.count - start)
                start = buffer.count
                return
            }
            try fill()
        }
    }

    private mutating func advance(to end: Int, newlines: Int) {
        consumed += UInt64(end - start)
        start = end
        line += newlines
    }

    private mutating func fill() throws {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        guard !isAtEnd else { return }
        let data = try handle.read(upToCount: 1 << 20) ?? Data()
        if data.isEmpty {
            isAtEnd = true
        } else {
            buffer.append(contentsOf: data)
            bytesRead += UInt64(data.count)
        }
    }

    private enum Attempt {
        case needMore
        case blank(end: Int, newlines: Int)
        case record(fields: [String], end: Int, newlines: Int)
        case unterminated
    }

    /// Parses one record starting at `from`. Returns `.needMore` when the buffer ends before the record does.
    private func parse(bytes: UnsafeRawBufferPointer, from: Int, atEnd: Bool) -> Attempt {
        var index = from
        let count = bytes.count
        let quote = UInt8(ascii: "\"")
        // Blank line?
        if bytes[index] == 0x0A { return .blank(end: index + 1, newlines: 1) }
        if bytes[index] == 0x0D {
            if index + 1 < count { return .blank(end: bytes[index + 1] == 0x0A ? index + 2 : index + 1, newlines: 1) }
            if atEnd { return .blank(end: index + 1, newlines: 1) }
            return .needMore
        }
        var fields: [String] = []
        var newlines = 0
        while true {
            // One field.
            if index < count, bytes[index] == quote {
                index += 1
                var content: [UInt8] = []
                var segmentStart = index
                while true {
                    guard index < count else {
                        if atEnd { return .unterminated }
                        return count - from > fieldLimit ? .unterminated : .needMore
                    }
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count, bytes[index + 1] == quote {
                            content.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[segmentStart...index]))
                            index += 2
                            segmentStart = index
                            continue
                        }
                        if index + 1 >= count, !atEnd { return .needMore }
                        content.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[segmentStart..<index]))
                        index += 1
                        break
                    }
                    if byte == 0x0A { newlines += 1 }
                    index += 1
                    if index - from > fieldLimit { return .unterminated }
                }
                // Text after the closing quote up to the delimiter is kept (lenient, as spreadsheets do).
                let trailingStart = index
                while index < count, bytes[index] != delimiter, bytes[index] != 0x0A, bytes[index] != 0x0D {
                    index += 1
                }
                if index > trailingStart {
                    content.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[trailingStart..<index]))
                }
                fields.append(content.withUnsafeBytes { decoder.decode($0) })
            } else {
                let fieldStart = index
                while index < count, bytes[index] != delimiter, bytes[index] != 0x0A, bytes[index] != 0x0D {
                    index += 1
                }
                fields.append(decoder.decode(UnsafeRawBufferPointer(rebasing: bytes[fieldStart..<index])))
            }
            // After a field: delimiter, record end, or buffer end.
            guard index < count else {
                if atEnd { return .record(fields: fields, end: index, newlines: newlines) }
                return .needMore
            }
            let byte = bytes[index]
            if byte == delimiter {
                index += 1
                continue
            }
            if byte == 0x0A { return .record(fields: fields, end: index + 1, newlines: newlines + 1) }
            // CR: CRLF or a lone CR.
            if index + 1 < count {
                let end = bytes[index + 1] == 0x0A ? index + 2 : index + 1
                return .record(fields: fields, end: end, newlines: newlines + 1)
            }
            if atEnd { return .record(fields: fields, end: index + 1, newlines: newlines + 1) }
            return .needMore
        }
    }
}
