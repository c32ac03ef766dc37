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
            // Japanese sent without its charset: ISO-2022-JP's escapes are 7-bit and would pass for text.
            if bytes.contains(0x1B), holdsISO2022JP(bytes) {
                let decoded = decode(bytes, charset: "iso-2022-jp")
                let declared = name.isEmpty ? "no charset" : "charset \(name)"
                return DecodedText(
                    text: decoded.text,
                    note: decoded.note ?? "\(declared) declared but the text is ISO-2022-JP: read so")
            }
            if let text = String(validating: bytes, as: UTF8.self) { return DecodedText(text: text) }
            let declared = name.isEmpty ? "no charset" : "charset \(name)"
            // UTF-8 with a few bad sequences (a character cut in two) among many good ones stays UTF-8: read as
            // Windows-1252, every other character would be garbled.
            let lossy = String(decoding: bytes, as: UTF8.self)
            var good = 0
            var bad = 0
            for scalar in lossy.unicodeScalars where scalar.value >= 0x80 {
                if scalar == "\u{FFFD}" { bad += 1 } else { good += 1 }
            }
            if good > 0, bad * 10 <= max(good, 20) {
                let sequences = bad == 1 ? "1 sequence that is" : "\(bad) sequences that are"
                return DecodedText(
                    text: lossy, note: "\(declared) declared: \(sequences) not UTF-8 replaced by U+FFFD")
            }
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
        case .invalidBytes where name.hasPrefix("iso-2022-jp") || name == "csiso2022jp":
            if let text = decodeJapaneseExtended(bytes) { return DecodedText(text: text) }
            return fallback(bytes, reason: "bytes invalid in charset '\(charset ?? "")'")
        case .unknownCharset:
            return fallback(bytes, reason: "unknown charset '\(charset ?? "")'")
        case .invalidBytes:
            return fallback(bytes, reason: "bytes invalid in charset '\(charset ?? "")'")
        }
    }

    /// Header bytes a client wrote raw in its charset (not UTF-8), read in one of the charsets the message declares
    /// for its parts (`hints`, in order): a Chinese, Japanese or Korean charset first, when the bytes read strictly
    /// in it as that script (GB2312's and EUC-KR's pairs of high bytes; mostly ideographs, kana or hangul), else the
    /// first single-byte charset. Nil when no hint reads them (the caller keeps Windows-1252).
    public static func decodeRawHeader(_ bytes: [UInt8], hints: [String]) -> String? {
        let names = hints.map(normalisedName)
        for name in names {
            guard let family = eastAsianFamily(name) else { continue }
            if family.pairsHighBytes {
                var index = 0
                var paired = true
                while index < bytes.count {
                    if bytes[index] < 0x80 {
                        index += 1
                        continue
                    }
                    guard index + 1 < bytes.count, bytes[index + 1] >= 0xA1 else {
                        paired = false
                        break
                    }
                    index += 2
                }
                guard paired else { continue }
            }
            guard case .decoded(let text) = iconvDecode(bytes, from: family.iconvName) else { continue }
            let wide = text.unicodeScalars.filter { $0.value >= 0x80 }
            let script = wide.filter { scalar in
                (0x3000...0x9FFF).contains(scalar.value) || (0xAC00...0xD7AF).contains(scalar.value)
                    || (0xF900...0xFAFF).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value)
                    || (0x1100...0x11FF).contains(scalar.value)
            }
            if !wide.isEmpty, script.count * 5 >= wide.count * 4 { return text }
        }
        for name in names where eastAsianFamily(name) == nil {
            guard !["", "us-ascii", "ascii", "utf-8", "utf8"].contains(name), !name.hasPrefix("utf-"),
                !name.contains("2022")
            else { continue }
            if ["iso-8859-1", "latin1", "windows-1252", "cp1252"].contains(name) { return MailText.windows1252(bytes) }
            if case .decoded(let text) = iconvDecode(bytes, from: iconvName(name)) { return text }
        }
        return nil
    }

    /// The Chinese, Japanese or Korean charset a declared one stands for when a header was written raw (a message
    /// sent as ISO-2022-JP often carries a raw Shift_JIS subject), and whether its text is pairs of high bytes.
    private static func eastAsianFamily(_ name: String) -> (iconvName: String, pairsHighBytes: Bool)? {
        if name.contains("2022-jp")
            || ["shift_jis", "shift-jis", "sjis", "x-sjis", "cp932", "windows-31j", "ms_kanji"]
                .contains(name)
        {
            return ("CP932", false)
        }
        if ["euc-jp", "eucjp", "x-euc-jp"].contains(name) { return ("EUCJP-MS", true) }
        if ["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"].contains(name) {
            return ("GB18030", true)
        }
        if ["euc-kr", "ks_c_5601-1987", "ks_c_5601", "cp949", "windows-949", "iso-2022-kr"].contains(name) {
            return ("CP949", true)
        }
        if name.hasPrefix("big5") { return ("BIG5-HKSCS", false) }
        return nil
    }

    /// ISO-2022-JP as Japanese mail clients really write it (CP50220): JIS X 0208 with NEC's and IBM's extensions
    /// (`①`, `Ⅰ`, `㈱`), which glibc's ISO-2022-JP refuses; read by turning the escaped runs into EUC-JP and that
    /// through glibc's `EUCJP-MS`. Nil when the bytes are not so.
    static func decodeJapaneseExtended(_ bytes: [UInt8]) -> String? {
        var euc: [UInt8] = []
        euc.reserveCapacity(bytes.count)
        enum Mode { case ascii, jis, katakana }
        var mode = Mode.ascii
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                guard index + 2 < bytes.count else { return nil }
                switch (bytes[index + 1], bytes[index + 2]) {
                case (0x24, 0x42), (0x24, 0x40): mode = .jis
                case (0x28, 0x42), (0x28, 0x4A): mode = .ascii
                case (0x28, 0x49): mode = .katakana
                default: return nil
                }
                index += 3
                continue
            }
            if byte == 0x0A || byte == 0x0D {
                mode = .ascii
                euc.append(byte)
                index += 1
                continue
            }
            switch mode {
            case .ascii:
                euc.append(byte)
                index += 1
            case .katakana:
                euc += [0x8E, byte | 0x80]
                index += 1
            case .jis:
                guard index + 1 < bytes.count, (0x21...0x7E).contains(byte), (0x21...0x7E).contains(bytes[index + 1])
                else { return nil }
                euc += [byte | 0x80, bytes[index + 1] | 0x80]
                index += 2
            }
        }
        guard case .decoded(let text) = iconvDecode(euc, from: "EUCJP-MS") else { return nil }
        return text
    }

    /// Whether `bytes` hold ISO-2022-JP's escape into JIS X 0208 (`ESC $ B` or `ESC $ @`): Japanese text sent
    /// without its charset named.
    static func holdsISO2022JP(_ bytes: [UInt8]) -> Bool {
        var index = bytes.firstIndex(of: 0x1B)
        while let position = index, position + 2 < bytes.count {
            if bytes[position + 1] == 0x24, bytes[position + 2] == 0x42 || bytes[position + 2] == 0x40 { return true }
            index = bytes[(position + 1)...].firstIndex(of: 0x1B)
        }
        return false
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
