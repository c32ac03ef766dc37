import WinnowCore

/// A fault in the structure of a JSON document, found while streaming it: where it is and what was there.
///
/// It is plain data (no strings), so that it travels inside a ``RecordSpan`` at no cost to other formats.
struct JSONStructureProblem: Sendable, Equatable {
    /// What went wrong.
    enum Reason: UInt8, Sendable, Equatable {
        /// A value was expected (after `[`, `:` or `,`, or at the start of the document).
        case expectedValue
        /// A quoted member name was expected (after `{` or `,` in an object).
        case expectedKey
        /// A `:` was expected after a member name.
        case expectedColon
        /// A `,` or `}` was expected after a member's value.
        case expectedCommaOrBrace
        /// A `,` or `]` was expected after an element.
        case expectedCommaOrBracket
        /// Something follows the end of the top-level value.
        case trailingData
        /// The file ends before the document does.
        case unexpectedEnd
        /// The value at the records path is not an array (or a container on the path is not an object).
        case recordsPathNotArray
    }

    /// What went wrong.
    var reason: Reason
    /// Byte offset in the file (after a byte order mark) of the offending byte, or of the end of the file.
    var offset: Int
    /// 1-based line of the offending byte.
    var line: Int
    /// 1-based byte column of the offending byte within its line.
    var column: Int
    /// The offending byte (0 at the end of the file).
    var found: UInt8
    /// Records read whole before the problem.
    var recordsBefore: Int
    /// The record the problem lies in, when one had started (1-based), else 0.
    var openRecord: Int
    /// The line the open record started on.
    var openRecordLine: Int

    /// The problem in words, with its place: what a user reads in the quarantine.
    var message: String {
        var what: String
        switch reason {
        case .expectedValue: what = "expected a value, found \(foundDescription)"
        case .expectedKey: what = "expected a quoted member name, found \(foundDescription)"
        case .expectedColon: what = "expected ':' after a member name, found \(foundDescription)"
        case .expectedCommaOrBrace: what = "expected ',' or '}' in an object, found \(foundDescription)"
        case .expectedCommaOrBracket: what = "expected ',' or ']' in an array, found \(foundDescription)"
        case .trailingData:
            what = "unexpected \(foundDescription) after the end of the JSON document"
            if found == 0x7B || found == 0x5B {
                what += " (one JSON value per line is JSON Lines: pass --format jsonl)"
            }
        case .unexpectedEnd: what = "the file ends before the JSON document does"
        case .recordsPathNotArray: what = "the records path does not lead to an array (found \(foundDescription))"
        }
        var text = "JSON syntax error at byte offset \(offset): \(what)"
        if openRecord > 0 { text += "; record \(openRecord), which starts on line \(openRecordLine), is cut short" }
        let kept =
            switch recordsBefore {
            case 0: "no record came before it"
            case 1: "the 1 record before it was read"
            default: "the \(recordsBefore) records before it were read"
            }
        return text + ". Reading stopped here; \(kept)."
    }

    private var foundDescription: String {
        if found == 0 { return "the end of the file" }
        if found >= 0x20 && found < 0x7F { return "'\(Character(UnicodeScalar(found)))'" }
        return "byte 0x\(String(found, radix: 16))"
    }
}

/// Walks the structure of a JSON document fed to it in pieces, byte by byte, and reports where values start and
/// end and which member names it passes, down to a depth the caller chooses.
///
/// It checks the document's structure (brackets, commas, colons, member names in quotes) and finds strings and
/// scalars, but leaves what is inside them (escapes, numbers, literals, UTF-8) to ``JSONParser``. Its state
/// carries over between pieces, so a document of any size streams through it in fixed memory.
struct JSONStructureWalker {
    /// What the walker met.
    enum Event: Equatable {
        /// A value starts at `offset` (absolute); `depth` counts the containers around it (0: the top-level value).
        /// `byte` is its first byte: `{`, `[`, `"` or the start of a scalar.
        case valueStart(depth: Int, byte: UInt8, offset: Int)
        /// The value at `depth` ends just before `offset` (absolute).
        case valueEnd(depth: Int, offset: Int)
        /// A member name, in an object whose members are at `depth`.
        case key(depth: Int, name: String)
        /// The structure is broken here; nothing more is reported.
        case problem(JSONStructureProblem)
    }

    private enum Expect: UInt8 {
        case rootValue, value, valueOrClose, key, keyOrClose, colon, commaOrClose, end
    }

    /// Values, member names and ends are reported down to this depth; deeper ones pass silently.
    var reportDepth: Int
    /// Records counted by the caller, for problem reports.
    var recordsBefore = 0
    /// The record the caller is inside (1-based), or 0, and its first line, for problem reports.
    var openRecord = 0
    var openRecordLine = 0
    /// 1-based line of the next byte.
    private(set) var line = 1
    /// Whether a problem was reported (the walker then stops).
    private(set) var failed = false
    /// Whether the top-level value has ended.
    var isComplete: Bool { expect == .end }

    private var stack: [UInt8] = []
    private var expect = Expect.rootValue
    private var inString = false
    private var escaped = false
    private var stringIsKey = false
    private var inScalar = false
    private var keyBytes: [UInt8] = []
    private var lineStart = 0

    /// A walker reporting down to `reportDepth`.
    init(reportDepth: Int) {
        self.reportDepth = reportDepth
        stack.reserveCapacity(64)
    }

    /// How many containers are open.
    var depth: Int { stack.count }

    /// Walks `bytes` (whose first byte is at absolute offset `base`) from `index` until an event, which it returns,
    /// or the end of the bytes (nil, with `index` at the end). With `atEnd`, no bytes follow: an open document is
    /// then a problem.
    mutating func next(_ bytes: UnsafeRawBufferPointer, index: inout Int, base: Int, atEnd: Bool) -> Event? {
        guard !failed else {
            index = bytes.count
            return nil
        }
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if inString {
                index += 1
                if escaped {
                    escaped = false
                    if stringIsKey { keyBytes.append(byte) }
                    continue
                }
                if byte == 0x22 {
                    inString = false
                    if stringIsKey {
                        expect = .colon
                        if stack.count <= reportDepth { return .key(depth: stack.count, name: decodeKey()) }
                    } else if let event = endValue(offset: base + index) {
                        return event
                    }
                    continue
                }
                if byte == 0x5C { escaped = true }
                if byte == 0x0A { newLine(at: base + index - 1) }
                if stringIsKey { keyBytes.append(byte) }
                continue
            }
            if inScalar {
                if Self.isScalarByte(byte) {
                    index += 1
                    continue
                }
                inScalar = false
                if let event = endValue(offset: base + index) { return event }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0D:
                index += 1
                continue
            case 0x0A:
                newLine(at: base + index)
                index += 1
                continue
            default: break
            }
            let offset = base + index
            switch expect {
            case .rootValue, .value, .valueOrClose:
                if byte == 0x5D, expect == .valueOrClose {
                    index += 1
                    if let event = close(offset: base + index) { return event }
                    continue
                }
                let valueDepth = stack.count
                switch byte {
                case 0x7B:
                    stack.append(byte)
                    expect = .keyOrClose
                case 0x5B:
                    stack.append(byte)
                    expect = .valueOrClose
                case 0x22:
                    inString = true
                    stringIsKey = false
                case 0x2D, 0x30...0x39, 0x74, 0x66, 0x6E:
                    inScalar = true
                default:
                    return fail(.expectedValue, at: offset, found: byte)
                }
                index += 1
                if valueDepth <= reportDepth { return .valueStart(depth: valueDepth, byte: byte, offset: offset) }
            case .key, .keyOrClose:
                if byte == 0x7D, expect == .keyOrClose {
                    index += 1
                    if let event = close(offset: base + index) { return event }
                    continue
                }
                guard byte == 0x22 else { return fail(.expectedKey, at: offset, found: byte) }
                index += 1
                inString = true
                stringIsKey = true
                keyBytes.removeAll(keepingCapacity: true)
            case .colon:
                guard byte == 0x3A else { return fail(.expectedColon, at: offset, found: byte) }
                index += 1
                expect = .value
            case .commaOrClose:
                let top = stack.last ?? 0
                if byte == 0x2C {
                    index += 1
                    expect = top == 0x7B ? .key : .value
                } else if (byte == 0x7D && top == 0x7B) || (byte == 0x5D && top == 0x5B) {
                    index += 1
                    if let event = close(offset: base + index) { return event }
                } else {
                    return fail(top == 0x7B ? .expectedCommaOrBrace : .expectedCommaOrBracket, at: offset, found: byte)
                }
            case .end:
                return fail(.trailingData, at: offset, found: byte)
            }
        }
        guard atEnd else { return nil }
        if inScalar {
            inScalar = false
            if let event = endValue(offset: base + count) { return event }
        }
        if expect != .end, !(expect == .rootValue && stack.isEmpty && !inString) {
            return fail(.unexpectedEnd, at: base + count, found: 0)
        }
        return nil
    }

    /// Reports a problem that the caller found (such as a records path that leads to no array).
    mutating func fail(_ reason: JSONStructureProblem.Reason, at offset: Int, found: UInt8) -> Event {
        failed = true
        return .problem(
            JSONStructureProblem(
                reason: reason, offset: offset, line: line, column: max(1, offset - lineStart + 1), found: found,
                recordsBefore: recordsBefore, openRecord: openRecord, openRecordLine: openRecordLine))
    }

    private mutating func newLine(at offset: Int) {
        line += 1
        lineStart = offset + 1
    }

    /// A value ended at `offset`: the parent expects a comma or its end, or the document is complete.
    private mutating func endValue(offset: Int) -> Event? {
        expect = stack.isEmpty ? .end : .commaOrClose
        return stack.count <= reportDepth ? .valueEnd(depth: stack.count, offset: offset) : nil
    }

    /// The innermost container closed; `offset` is just past its closing byte.
    private mutating func close(offset: Int) -> Event? {
        stack.removeLast()
        return endValue(offset: offset)
    }

    private func decodeKey() -> String {
        guard keyBytes.contains(0x5C) else { return String(decoding: keyBytes, as: UTF8.self) }
        let quoted = [0x22] + keyBytes + [0x22]
        let value = quoted.withUnsafeBytes { try? JSONParser.parse(bytes: $0) }
        return value?.scalarText ?? String(decoding: keyBytes, as: UTF8.self)
    }

    private static func isScalarByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x61...0x7A, 0x41...0x5A, 0x2B, 0x2D, 0x2E: return true
        default: return false
        }
    }
}
