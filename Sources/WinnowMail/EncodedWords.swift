/// Decodes RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in a header value.
///
/// Any charset ``MailCharset`` reads is accepted (an RFC 2231 language suffix such as `utf-8*en` is ignored);
/// whitespace between two adjacent encoded words (line breaks of a fold too) is dropped, so that a character split
/// over two words comes out whole; a malformed word (unknown encoding, no closing `?=`) is left as it is. Words
/// whose charset is unknown are decoded with the fallback and reported in `notes`.
public enum EncodedWords {
    /// `value` with its encoded words decoded, and the notes of any charset that could not be followed.
    public static func decode(_ value: String) -> (text: String, notes: [String]) {
        guard value.contains("=?") else { return (value, []) }
        let bytes = Array(value.utf8)
        var output = ""
        var notes: [String] = []
        var index = 0
        var literalStart = 0
        // The pending run of adjacent encoded words in one charset, decoded together.
        var pendingBytes: [UInt8] = []
        var pendingCharset: String?
        var lastWordEnd: Int?

        func flushPending() {
            guard let charset = pendingCharset else { return }
            let decoded = MailCharset.decode(pendingBytes, charset: charset)
            output += decoded.text
            if let note = decoded.note { notes.append("encoded word: \(note)") }
            pendingBytes = []
            pendingCharset = nil
        }

        while index < bytes.count {
            guard bytes[index] == 0x3D, index + 1 < bytes.count, bytes[index + 1] == 0x3F,
                let word = parseWord(bytes, at: index)
            else {
                index += 1
                continue
            }
            let between = bytes[literalStart..<index]
            let adjacent =
                lastWordEnd == literalStart
                && between.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
            if !adjacent {
                flushPending()
                output += String(decoding: between, as: UTF8.self)
            }
            if pendingCharset != nil && pendingCharset != word.charset { flushPending() }
            pendingCharset = word.charset
            pendingBytes += word.bytes
            index = word.end
            literalStart = index
            lastWordEnd = index
        }
        flushPending()
        output += String(decoding: bytes[literalStart...], as: UTF8.self)
        return (output, notes)
    }

    private struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// The encoded word starting at `start` (`=?`), or nil when it is malformed.
    private static func parseWord(_ bytes: [UInt8], at start: Int) -> Word? {
        var index = start + 2
        let charsetStart = index
        while index < bytes.count && bytes[index] != 0x3F && bytes[index] > 0x20 { index += 1 }
        guard index + 2 < bytes.count, bytes[index] == 0x3F, index > charsetStart else { return nil }
        var charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let encoding = bytes[index + 1] | 0x20
        guard encoding == 0x62 || encoding == 0x71, bytes[index + 2] == 0x3F else { return nil }
        let textStart = index + 3
        var textEnd = textStart
        while textEnd + 1 < bytes.count && !(bytes[textEnd] == 0x3F && bytes[textEnd + 1] == 0x3D) {
            if bytes[textEnd] == 0x20 && encoding == 0x62 { return nil }
            textEnd += 1
        }
        guard textEnd + 1 < bytes.count else { return nil }
        let text = bytes[textStart..<textEnd]
        let decoded: [UInt8]
        if encoding == 0x62 {
            guard let value = try? TransferEncoding.base64(text) else { return nil }
            decoded = value
        } else {
            decoded = TransferEncoding.quotedPrintable(ArraySlice(text.map { $0 == 0x5F ? 0x20 : $0 }))
        }
        return Word(charset: charset, bytes: decoded, end: textEnd + 2)
    }
}
