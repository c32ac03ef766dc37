import WinnowCore

/// Tells mail and delimited text apart from the first bytes of a file.
enum MailSniffer {
    /// `.mbox` when the file starts with an envelope line (`From `, a sender and a date) followed by a header field,
    /// or with a `From ` line followed by header fields of which one is a field only mail has; `.eml` when it starts
    /// with header fields of which at least one is a field only mail has (`Received`, `From`, `Message-ID`,
    /// `MIME-Version`, `Return-Path`, `Delivered-To`...); else nil.
    static func format(of prefix: [UInt8]) -> SourceFormat? {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        while let first = bytes.first, first == 0x0A || first == 0x0D { bytes = bytes.dropFirst() }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
        guard var first = lines.first else { return nil }
        var rest = lines.dropFirst()
        let startsWithSeparator = first.starts(with: Array("From ".utf8))
        if startsWithSeparator {
            guard let next = rest.first else { return nil }
            // An envelope line with its date, then a header field: an mbox, whatever the headers below hold (a
            // list archive's `.txt` may lose the indent of folded lines).
            if isEnvelopeLine(first), fieldName(next) != nil { return .mbox }
            first = next
            rest = rest.dropFirst()
        }
        guard let name = fieldName(first) else { return nil }
        var names = [name]
        // Header lines up to the end of the prefix (the last may be cut) or the empty line.
        for line in rest.dropLast() {
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09 { continue }
            guard let next = fieldName(line) else { return nil }
            names.append(next)
        }
        guard names.contains(where: mailFields.contains) else { return nil }
        return startsWithSeparator ? .mbox : .eml
    }

    /// Whether `line` is an mbox envelope line: `From `, a sender, then a date with a time and a year
    /// (`From jgb at gsyc.es  Sun Nov 15 23:43:49 2015`, `From MAILER-DAEMON Thu Jan  1 00:00:00 2015`).
    static func isEnvelopeLine(_ line: ArraySlice<UInt8>) -> Bool {
        let words = line.dropFirst(5).split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        guard words.count >= 4 else { return false }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        let dateWords = words.dropFirst()
        let hasTime = dateWords.contains { word in
            let parts = word.split(separator: 0x3A, omittingEmptySubsequences: false)
            return (2...3).contains(parts.count)
                && parts.allSatisfy { (1...2).contains($0.count) && $0.allSatisfy(isDigit) }
        }
        let hasYear = dateWords.contains { $0.count == 4 && $0.allSatisfy(isDigit) }
        return hasTime && hasYear
    }

    /// The lower-cased field name of a `Name: value` line, or nil.
    private static func fieldName(_ line: ArraySlice<UInt8>) -> String? {
        guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else { return nil }
        let name = line[line.startIndex..<colon]
        guard name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: name, as: UTF8.self).lowercased()
    }

    private static let mailFields: Set<String> = [
        "received", "from", "message-id", "mime-version", "return-path", "delivered-to", "in-reply-to", "references",
        "x-mailer", "dkim-signature", "arc-seal", "authentication-results", "x-original-to", "envelope-to",
    ]
}
