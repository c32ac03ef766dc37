#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text decoded from a declared charset, with a note when the declaration could not be followed.
public struct DecodedText: Sendable, Equatable {
    /// The text.
    public var text: String
    /// Why the text was not decoded as declared (unknown charset, bytes invalid in it), or nil.
    public var note: String?

    /// Decoded `text` with an optional `note`.
    public init(text: String, note: String? = nil) {
        self.text = text
        self.note = note
    }
}

/// Decodes bytes in the charset a message declares: UTF-8, ASCII and Latin-1 natively, every other charset through
/// the C library's iconv (ISO-8859-*, Windows-125*, KOI8-R, GB2312/GBK/GB18030, Big5, Shift_JIS, ISO-2022-JP,
/// EUC-KR...).
///
/// A charset iconv does not know, or bytes that are invalid in the declared charset, fall back to UTF-8 when the
/// bytes are valid UTF-8, else to Windows-1252, and the result carries a note saying so: text is never garbled
/// silently.
public enum MailCharset {
    /// Decodes `bytes` declared as `charset` (nil or empty: US-ASCII, read as UTF-8 when it is valid).
    public static func decode(_ bytes: [UInt8], charset: String?) -> DecodedText {
        let name = normalisedName(charset ?? "")
        switch name {
        case "", "us-ascii", "ascii", "utf-8", "utf8", "unicode-1-1-utf-8", "x-unknown", "unknown-8bit", "default":
            if let text = String(validating: bytes, as: UTF8.self) { return DecodedText(text: text) }
            let declared = name.isEmpty ? "no charset" : "charset \(name)"
            return DecodedText(
                text: MailText.windows1252(bytes),
                note: "\(declared) declared but the bytes are not UTF-8: decoded as Windows-1252")
        case "iso-8859-1", "latin1", "latin-1", "l1", "iso8859-1", "iso_8859-1":
            // Mail labelled Latin-1 is very often Windows-1252 (curly quotes, euro sign): as browsers do, read it so.
            return DecodedText(text: MailText.windows1252(bytes))
        case "windows-1252", "cp1252", "x-cp1252":
            return DecodedText(text: MailText.windows1252(bytes))
        default:
            break
        }
        if bytes.allSatisfy({ $0 < 0x80 }) && !name.contains("2022") && !name.hasPrefix("utf-16")
            && !name.hasPrefix("utf-32") && !name.hasPrefix("ucs") && name != "utf-7"
        {
            return DecodedText(text: String(decoding: bytes, as: UTF8.self))
        }
        switch iconvDecode(bytes, from: iconvName(name)) {
        case .decoded(let text):
            return DecodedText(text: text)
        case .unknownCharset:
            return fallback(bytes, reason: "unknown charset '\(charset ?? "")'")
        case .invalidBytes:
            return fallback(bytes, reason: "bytes invalid in charset '\(charset ?? "")'")
        }
    }

    /// Whether iconv (or the native decoders) can read `charset`.
    public static func isKnown(_ charset: String) -> Bool {
        let name = normalisedName(charset)
        if ["us-ascii", "utf-8", "iso-8859-1", "windows-1252"].contains(name) { return true }
        guard let converter = openConverter(from: iconvName(name)) else { return false }
        iconv_close(converter)
        return true
    }

    private static func fallback(_ bytes: [UInt8], reason: String) -> DecodedText {
        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, note: "\(reason): decoded as UTF-8")
        }
        return DecodedText(text: MailText.windows1252(bytes), note: "\(reason): decoded as Windows-1252")
    }

    /// A charset label lower-cased, trimmed, without quotes.
    static func normalisedName(_ charset: String) -> String {
        MailText.trimmed(charset).lowercased().filter { $0 != "\"" && $0 != "'" }
    }

    /// The name iconv knows a charset label by: aliases mail clients write that glibc does not accept.
    static func iconvName(_ name: String) -> String {
        switch name {
        case "gb2312", "x-gbk", "cp936", "ms936", "euc-cn": return "GBK"
        case "ks_c_5601-1987", "ks_c_5601", "ksc5601", "x-windows-949", "cp949", "windows-949": return "CP949"
        case "x-sjis", "sjis", "shift-jis", "ms_kanji", "windows-31j", "cp932": return "CP932"
        case "big5-hkscs": return "BIG5-HKSCS"
        case "x-mac-roman", "macintosh", "mac": return "MACINTOSH"
        default:
            return name.uppercased()
        }
    }

    private enum Outcome {
        case decoded(String)
        case unknownCharset
        case invalidBytes
    }

    private static func openConverter(from name: String) -> iconv_t? {
        let converter = iconv_open("UTF-8", name)
        if converter == nil || Int(bitPattern: converter) == -1 { return nil }
        return converter
    }

    /// `bytes` decoded strictly: every byte read, or why not.
    private static func iconvDecode(_ bytes: [UInt8], from name: String) -> Outcome {
        guard let decoded = iconvDecodeReplacing(bytes, from: name) else { return .unknownCharset }
        return decoded.invalid == 0 ? .decoded(decoded.text) : .invalidBytes
    }

    /// `bytes` decoded from `charset` by iconv, every byte it cannot read replaced by U+FFFD and counted (with the
    /// offset of the first); nil when iconv does not know the charset.
    public static func iconvDecodeReplacing(_ bytes: [UInt8], from charset: String) -> (
        text: String, invalid: Int, firstInvalid: Int?
    )? {
        guard let converter = openConverter(from: charset) else { return nil }
        defer { iconv_close(converter) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var invalid = 0
        var firstInvalid: Int?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        let total = input.count
        var offset = 0
        while offset < total {
            var stopped = false
            let consumed: Int = input.withUnsafeMutableBufferPointer { inputBuffer in
                buffer.withUnsafeMutableBufferPointer { outputBuffer in
                    var inPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress.map {
                        UnsafeMutableRawPointer($0 + offset).assumingMemoryBound(to: CChar.self)
                    }
                    var outPointer: UnsafeMutablePointer<CChar>? = outputBuffer.baseAddress.map {
                        UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
                    }
                    var inLeft = total - offset
                    var outLeft = outputBuffer.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    output.append(contentsOf: outputBuffer[0..<(outputBuffer.count - outLeft)])
                    if result == -1 && errno != E2BIG { stopped = true }
                    return (total - offset) - inLeft
                }
            }
            offset += consumed
            if stopped {
                // An invalid or truncated sequence: one byte becomes U+FFFD and reading goes on after it.
                if firstInvalid == nil { firstInvalid = offset }
                invalid += 1
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                offset += 1
                _ = iconv(converter, nil, nil, nil, nil)
            }
        }
        var outLeft = buffer.count
        buffer.withUnsafeMutableBufferPointer { outputBuffer in
            var outPointer: UnsafeMutablePointer<CChar>? = outputBuffer.baseAddress.map {
                UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
            }
            _ = iconv(converter, nil, nil, &outPointer, &outLeft)
            output.append(contentsOf: outputBuffer[0..<(outputBuffer.count - outLeft)])
        }
        return (String(decoding: output, as: UTF8.self), invalid, firstInvalid)
    }
}
