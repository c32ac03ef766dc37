/// One header field of a mail message, unfolded.
public struct MailHeaderField: Sendable, Equatable {
    /// The field name as written (`Subject`, `message-id`).
    public var name: String
    /// The raw value after the colon: folding removed, leading and trailing space trimmed, encoded words kept.
    public var value: String
    /// The value's bytes when they are not UTF-8 (a client that wrote its charset's bytes raw), which `value` reads
    /// as Windows-1252 until the message's declared charsets tell better (``MailMessage``); nil otherwise.
    public var raw: [UInt8]?

    /// A field named `name` with `value`.
    public init(name: String, value: String, raw: [UInt8]? = nil) {
        self.name = name
        self.value = value
        self.raw = raw
    }
}

/// The header block of an RFC 5322 message or MIME part: fields in order, looked up by name without regard to case.
///
/// Folded lines (a line starting with a space or tab continues the field above) are joined by one space, however
/// many spaces and blank continuation lines the fold holds; a fold that lost its indent is still followed where the
/// line can only be one (``continuesUnindented(_:line:next:)``). Bytes that are not UTF-8 are read as
/// Windows-1252, since header values should be ASCII (RFC 2047 encodes the rest) but many clients write raw Latin-1;
/// the field keeps them (`raw`) for a message whose parts declare the charset they are in.
public struct MailHeaders: Sendable, Equatable {
    /// The fields in the order they appear.
    public var fields: [MailHeaderField]

    /// Headers holding `fields`.
    public init(fields: [MailHeaderField] = []) {
        self.fields = fields
    }

    /// The first value of the field named `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { MailHeaders.sameName($0.name, name) }?.value
    }

    /// Every value of the fields named `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { MailHeaders.sameName($0.name, name) }.map(\.value)
    }

    /// Whether two field names are the same without regard to ASCII case, compared byte by byte: a lookup runs
    /// over every field of every message, so it lower-cases nothing (field names are ASCII; any other byte must
    /// match exactly).
    static func sameName(_ one: String, _ other: String) -> Bool {
        guard one.utf8.count == other.utf8.count else { return false }
        for (a, b) in zip(one.utf8, other.utf8) where a != b {
            let lowerA = (0x41...0x5A).contains(a) ? a | 0x20 : a
            let lowerB = (0x41...0x5A).contains(b) ? b | 0x20 : b
            if lowerA != lowerB { return false }
        }
        return true
    }

    /// Splits a whole message into its header block and where its body starts, as ``parse(_:)`` does, after the
    /// blank lines a message saved with them above its header opens with (pasted, or written by a tool that starts
    /// with a line break); `skippedLines` says how many. A MIME part's headers are read with ``parse(_:)``: a
    /// part that opens with an empty line has none.
    public static func parseMessage(_ bytes: ArraySlice<UInt8>) -> (
        headers: MailHeaders, bodyStart: Int, skippedLines: Int
    ) {
        let (headers, bodyStart) = parse(bytes)
        guard headers.fields.isEmpty, let blank = leadingBlankLines(bytes) else { return (headers, bodyStart, 0) }
        let (later, laterBody) = parse(bytes[blank.textStart...])
        return later.fields.isEmpty ? (headers, bodyStart, 0) : (later, laterBody, blank.count)
    }

    /// How many lines holding nothing but spaces and tabs `bytes` open with, and where the first line with text
    /// starts; nil when they open with text, or hold nothing else.
    private static func leadingBlankLines(_ bytes: ArraySlice<UInt8>) -> (count: Int, textStart: Int)? {
        var lineStart = bytes.startIndex
        var lines = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
            case UInt8(ascii: "\n"):
                index += 1
                lineStart = index
                lines += 1
            default: return lines > 0 ? (lines, lineStart) : nil
            }
        }
        return nil
    }

    /// Splits `bytes` into the header block and the offset where the body starts (after the empty line).
    ///
    /// A message without an empty line is all headers when every line looks like a field, else the body starts at
    /// the first line that is neither a field nor a continuation.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> (headers: MailHeaders, bodyStart: Int) {
        var fields: [MailHeaderField] = []
        var position = bytes.startIndex
        var current: (name: String, value: [UInt8])?
        func finish() {
            if let field = current {
                let isUTF8 = String(validating: field.value, as: UTF8.self) != nil
                let value = MailText.decodeHeaderBytes(field.value)
                fields.append(
                    MailHeaderField(
                        name: field.name, value: MailText.trimmed(value), raw: isUTF8 ? nil : field.value))
            }
            current = nil
        }
        while position < bytes.endIndex {
            var lineEnd = position
            while lineEnd < bytes.endIndex && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            var contentEnd = lineEnd
            if contentEnd > position && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if contentEnd == position {
                finish()
                return (MailHeaders(fields: fields), next)
            }
            let first = bytes[position]
            if first == 0x20 || first == 0x09 {
                // Unfolding makes the break and the spaces around it one space; a line of spaces alone adds none.
                let content = bytes[position..<contentEnd].drop { $0 == 0x20 || $0 == 0x09 }
                if current != nil, !content.isEmpty {
                    while let last = current?.value.last, last == 0x20 || last == 0x09 { current?.value.removeLast() }
                    current?.value.append(0x20)
                    current?.value.append(contentsOf: content)
                }
                position = next
                continue
            }
            let colon = bytes[position..<contentEnd].firstIndex(of: 0x3A) ?? contentEnd
            var nameEnd = colon
            while nameEnd > position && (bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09) { nameEnd -= 1 }
            guard colon < contentEnd, nameEnd > position,
                bytes[position..<nameEnd].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else {
                if fields.isEmpty && current == nil && position == bytes.startIndex
                    && (bytes[position..<contentEnd].starts(with: Array("From ".utf8))
                        || MailHeaders.isSeparator(bytes[position..<contentEnd]))
                {
                    // An mbox separator line left on top of a single message, or a mail server's line above a
                    // message it saved (Kerio's `---- Original email message ----`).
                    position = next
                    continue
                }
                if let field = current,
                    MailHeaders.continuesUnindented(
                        field.name, line: bytes[position..<contentEnd], next: bytes[next...])
                {
                    current?.value.append(0x20)
                    current?.value.append(contentsOf: bytes[position..<contentEnd])
                    position = next
                    continue
                }
                finish()
                return (MailHeaders(fields: fields), position)
            }
            finish()
            let name = String(decoding: bytes[position..<nameEnd], as: UTF8.self)
            current = (name, Array(bytes[(colon + 1)..<contentEnd]))
            position = next
        }
        finish()
        return (MailHeaders(fields: fields), bytes.endIndex)
    }

    /// Whether `line`, neither a field nor indented, continues the field `name` whose folding lost its indent (as
    /// some list archives and servers write it): message ids under `References` or `In-Reply-To`, or a line with a
    /// mail header's field below it before any empty line (``stillInHeaders(_:)``). `next` is what follows.
    static func continuesUnindented(_ name: String, line: ArraySlice<UInt8>, next: ArraySlice<UInt8>) -> Bool {
        guard line.count <= 200, !line.starts(with: Array("From ".utf8)) else { return false }
        let lowered = name.lowercased()
        if lowered == "references" || lowered == "in-reply-to" {
            let words = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
            if !words.isEmpty
                && words.allSatisfy({ $0.first == 0x3C && $0.last == 0x3E && $0.contains(0x40) })
            {
                return true
            }
        }
        return stillInHeaders(next)
    }

    /// Whether a field only mail headers have (or a `From`, `To`, `Subject`, `Date` field, or one whose name joins
    /// words by hyphens: `Content-Type`, `X-Mailer`, `DKIM-Signature`) comes within the next twelve lines of `rest`
    /// (a signature field wraps over ten), before any empty line: the lines before it are still the header block,
    /// folded without their indent (a wrapped `Subject` above `Message-ID`; `Received: from a` / `by b with ESMTP` /
    /// `for c;`, as Kerio saves them).
    static func stillInHeaders(_ rest: ArraySlice<UInt8>) -> Bool {
        var start = rest.startIndex
        for _ in 0..<12 {
            guard start < rest.endIndex else { return false }
            var end = start
            while end < rest.endIndex && rest[end] != 0x0A { end += 1 }
            var line = rest[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { return false }
            if let colon = line.firstIndex(of: 0x3A), colon > line.startIndex,
                line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            {
                let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
                // A field's name: a known one, or words joined by hyphens (`X-Mailer`, `DKIM-Signature`,
                // `Authentication-Results`), which text before a colon seldom is.
                let hyphenated =
                    name.contains("-") && name.first?.isLetter == true
                    && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
                if mailOnlyFields.contains(name) || commonFields.contains(name) || hyphenated { return true }
            }
            start = end < rest.endIndex ? end + 1 : end
        }
        return false
    }

    /// Fields every message has, besides ``mailOnlyFields``.
    private static let commonFields: Set<String> = [
        "from", "to", "cc", "subject", "date", "content-type", "reply-to", "sender", "return-path",
    ]

    /// Whether `line` is a rule of dashes around words (`---- Original email message ----`).
    static func isSeparator(_ line: ArraySlice<UInt8>) -> Bool {
        let trimmed = line.drop { $0 == 0x20 }
        guard trimmed.starts(with: Array("---".utf8)), line.last == 0x2D, line.count <= 80 else { return false }
        return line.contains { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// Fields only mail headers have, which a wrapped line above shows to be still inside the header block.
    private static let mailOnlyFields: Set<String> = [
        "message-id", "in-reply-to", "references", "mime-version", "content-transfer-encoding", "x-mailer",
        "return-path", "received", "delivered-to",
    ]
}

extension MailHeaders {
    /// Whether the message came through a mailing list: a `List-Id`, `List-Post`, `X-BeenThere` or
    /// `X-Mailman-Version` header, or a list archive's sender written `kim at example.org`.
    public var cameThroughList: Bool {
        let from = self["From"] ?? ""
        return self["List-Id"] != nil || self["List-Post"] != nil || self["X-BeenThere"] != nil
            || self["X-Mailman-Version"] != nil || (!from.contains("@") && from.contains(" at "))
    }
}
