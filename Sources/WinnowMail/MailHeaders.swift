/// One header field of a mail message, unfolded.
public struct MailHeaderField: Sendable, Equatable {
    /// The field name as written (`Subject`, `message-id`).
    public var name: String
    /// The raw value after the colon: folding removed, leading and trailing space trimmed, encoded words kept.
    public var value: String

    /// A field named `name` with `value`.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The header block of an RFC 5322 message or MIME part: fields in order, looked up by name without regard to case.
///
/// Folded lines (a line starting with a space or tab continues the field above) are joined. A line with no colon in
/// the header block is not a field and is skipped; bytes that are not UTF-8 are read as Windows-1252, since header
/// values should be ASCII (RFC 2047 encodes the rest) but many clients write raw Latin-1.
public struct MailHeaders: Sendable, Equatable {
    /// The fields in the order they appear.
    public var fields: [MailHeaderField]

    /// Headers holding `fields`.
    public init(fields: [MailHeaderField] = []) {
        self.fields = fields
    }

    /// The first value of the field named `name`, or nil.
    public subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every value of the fields named `name`, in order.
    public func values(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.value)
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
                let value = MailText.decodeHeaderBytes(field.value)
                fields.append(MailHeaderField(name: field.name, value: MailText.trimmed(value)))
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
                if current != nil {
                    current?.value.append(0x20)
                    current?.value.append(contentsOf: bytes[position..<contentEnd].drop { $0 == 0x20 || $0 == 0x09 })
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
                    && bytes[position..<contentEnd].starts(with: Array("From ".utf8))
                {
                    // An mbox separator line left on top of a single message.
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
}
