import Foundation

/// Streams the messages of an mbox file, one at a time, with memory bounded by the largest message.
///
/// A message starts at a `From ` separator line at the start of the file or after an empty line, followed by a
/// header field (so that a body line beginning with "From " after a paragraph is not taken for one). Both mboxo
/// and mboxrd escaping are undone: a body line `>From ` (or `>>From `...) loses one `>`. Line breaks (LF or CRLF)
/// are kept as they are; the empty line before a separator belongs to the separator. A file that does not start
/// with a separator is read as one message. A file of one message (`.eml`) is not an mbox: read it with
/// ``single(_:)``.
public struct MboxReader: Sendable {
    /// One message of the file.
    public struct Entry: Sendable {
        /// The message's number in the file, from 1.
        public var number: Int
        /// The byte offset of its `From ` line (or of its first byte, without one).
        public var offset: UInt64
        /// The message: headers and body, without the separator line.
        public var bytes: [UInt8]

        /// A message numbered `number`, at `offset`.
        public init(number: Int, offset: UInt64, bytes: [UInt8]) {
            self.number = number
            self.offset = offset
            self.bytes = bytes
        }
    }

    /// The file to read.
    public var url: URL
    /// How many bytes to read at a time.
    public var chunkSize: Int

    /// A reader of the mbox at `url`.
    public init(url: URL, chunkSize: Int = 1 << 20) {
        self.url = url
        self.chunkSize = max(16, chunkSize)
    }

    /// Calls `body` with each message in file order; throws what reading the file or `body` throws.
    public func forEach(_ body: (Entry) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var splitter = MboxSplitter()
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            try splitter.feed([UInt8](data), body)
        }
        try splitter.finish(body)
    }

    /// The message of a file that holds one (`.eml`): all of `bytes` as message 1 at offset 0, never split at
    /// `From ` lines (a forwarded message's own envelope line stays inside it) and without mbox un-escaping (a quoted
    /// `>From ` stays as written); none when `bytes` is empty. An envelope `From ` line on top is left to
    /// ``MailHeaders/parse(_:)``, which skips it.
    public static func single(_ bytes: [UInt8]) -> [Entry] {
        bytes.isEmpty ? [] : [Entry(number: 1, offset: 0, bytes: bytes)]
    }

    /// Every message of `bytes` (an mbox in memory).
    public static func entries(_ bytes: [UInt8]) -> [Entry] {
        var splitter = MboxSplitter()
        var entries: [Entry] = []
        splitter.feed(bytes) { entries.append($0) }
        splitter.finish { entries.append($0) }
        return entries
    }
}

/// The line machine behind ``MboxReader``: bytes in, messages out.
struct MboxSplitter {
    private var carry: [UInt8] = []
    /// Offset in the file of `carry`'s first byte.
    private var carryOffset: UInt64 = 0
    private var current: [UInt8] = []
    private var currentNumber = 0
    private var currentOffset: UInt64 = 0
    private var previousBlank = true
    private var atFileStart = true
    /// A `From ` line waiting for the next line to tell whether it separates messages, with its offset.
    private var candidate: (line: [UInt8], offset: UInt64)?

    mutating func feed(_ bytes: [UInt8], _ body: (MboxReader.Entry) throws -> Void) rethrows {
        var data = carry
        data += bytes
        var lineStart = 0
        while let newline = data[lineStart...].firstIndex(of: 0x0A) {
            let line = data[lineStart...newline]
            try take(line, offset: carryOffset + UInt64(lineStart), body)
            lineStart = newline + 1
        }
        carryOffset += UInt64(lineStart)
        carry = Array(data[lineStart...])
    }

    mutating func finish(_ body: (MboxReader.Entry) throws -> Void) rethrows {
        if !carry.isEmpty {
            let line = carry[...]
            carry = []
            try take(line, offset: carryOffset, body)
        }
        if let pending = candidate {
            candidate = nil
            appendBody(pending.line[...])
        }
        try emit(body)
    }

    private mutating func take(_ line: ArraySlice<UInt8>, offset: UInt64, _ body: (MboxReader.Entry) throws -> Void)
        rethrows
    {
        if let pending = candidate {
            candidate = nil
            if MboxSplitter.looksLikeHeader(line) {
                try emit(body)
                currentNumber += 1
                currentOffset = pending.offset
            } else {
                appendBody(pending.line[...])
            }
        }
        let isFrom = line.starts(with: MboxSplitter.fromPrefix)
        if isFrom && (previousBlank || atFileStart) {
            if atFileStart {
                currentNumber = 1
                currentOffset = offset
                atFileStart = false
                previousBlank = false
                return
            }
            candidate = (Array(line), offset)
            previousBlank = false
            return
        }
        if atFileStart {
            atFileStart = false
            currentNumber = 1
            currentOffset = offset
        }
        previousBlank = MboxSplitter.isBlank(line)
        appendBody(line)
    }

    private mutating func appendBody(_ line: ArraySlice<UInt8>) {
        // mboxrd / mboxo: `>From `, `>>From `... lose one `>`.
        if line.first == 0x3E {
            let rest = line.drop { $0 == 0x3E }
            if rest.starts(with: MboxSplitter.fromPrefix) {
                current += line.dropFirst()
                return
            }
        }
        current += line
    }

    private mutating func emit(_ body: (MboxReader.Entry) throws -> Void) rethrows {
        guard currentNumber > 0 else {
            current.removeAll()
            return
        }
        // The empty line before the next separator belongs to the separator.
        if current.last == 0x0A { current.removeLast() }
        if current.last == 0x0D { current.removeLast() }
        let entry = MboxReader.Entry(number: currentNumber, offset: currentOffset, bytes: current)
        current = []
        try body(entry)
    }

    private static let fromPrefix: [UInt8] = Array("From ".utf8)

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }
    }

    /// Whether `line` is a header field (`Name: value`) or a separator-line continuation of the headers.
    static func looksLikeHeader(_ line: ArraySlice<UInt8>) -> Bool {
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { return false }
        return line[line.startIndex..<colon].allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
