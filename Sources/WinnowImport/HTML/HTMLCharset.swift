import Foundation
import WinnowMail

/// A page's bytes decoded to UTF-8 before parsing, as a browser decodes them, and what to say about it.
///
/// The charset is the one the page declares in its first 8 KB (`<meta charset>`, `<meta http-equiv="Content-Type"
/// content="...; charset=...">`, wherever it stands in the head: a title before it with bytes above ASCII no longer
/// turns the page into Latin-1), or the one its container gives (a web archive's part). Labels mean what the
/// WHATWG Encoding Standard says browsers read them as: `iso-8859-1`, `latin1` and `us-ascii` are Windows-1252,
/// `shift_jis` is Windows-31J (CP932, with its circled numbers and wave dash), `gb2312` is GBK (read as GB18030),
/// `euc-kr` is CP949, `big5` is Big5-HKSCS, `utf-16` in a meta tag is UTF-8.
///
/// A page declaring a legacy charset whose bytes are valid UTF-8 with characters of two bytes or more is UTF-8
/// (a legacy page is almost never valid UTF-8 by chance), with a note saying the declaration was wrong. A page
/// with no declaration is UTF-8, else Windows-1252 with a note. Bytes invalid in the charset become U+FFFD and a
/// note counts them: the text after them is kept.
struct HTMLCharset {
    /// The page as UTF-8.
    var utf8: [UInt8]
    /// The charset the bytes were read as (`windows-1252`, `Shift_JIS (Windows-31J)`), for the note.
    var name: String
    /// What to tell the user: how the page was decoded and why.
    var notes: [String]

    /// The page decoded from the charset `declared` (a container's, such as a web archive part's) or the one it
    /// declares itself; nil when the bytes can go to the parser as they are (UTF-8 or ASCII declared as what they
    /// are, a byte order mark, or a charset iconv does not know, which the parser then tries).
    static func decode(_ bytes: [UInt8], declared container: String? = nil) -> HTMLCharset? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFE, 0xFF])
            || bytes.starts(with: [0xFF, 0xFE])
        {
            return nil
        }
        guard let label = container ?? declaredCharset(bytes) else {
            if isValidUTF8(bytes) { return nil }
            return HTMLCharset(
                utf8: Array(MailText.windows1252(bytes).utf8), name: "windows-1252",
                notes: ["no charset declared and the bytes are not UTF-8: decoded as windows-1252"])
        }
        guard let encoding = whatwgEncoding(label) else { return nil }
        let isASCII = bytes.allSatisfy { $0 < 0x80 }
        if encoding.iconv == "UTF-8" {
            if isValidUTF8(bytes) { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            let replaced = text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
            return HTMLCharset(
                utf8: Array(text.utf8), name: "UTF-8",
                notes: ["declared as \(label) but \(replaced) invalid UTF-8 byte sequences were replaced by U+FFFD"])
        }
        if isASCII && !encoding.iconv.contains("2022") { return nil }
        if hasMultibyteUTF8(bytes) {
            return HTMLCharset(
                utf8: bytes, name: "UTF-8",
                notes: ["declared as \(label) but the bytes are UTF-8: read as UTF-8 (the declaration is wrong)"])
        }
        let decoded: (text: String, invalid: Int, firstInvalid: Int?)
        if encoding.iconv == "WINDOWS-1252" {
            decoded = (MailText.windows1252(bytes), 0, nil)
        } else if let result = MailCharset.iconvDecodeReplacing(bytes, from: encoding.iconv) {
            decoded = result
        } else {
            return nil
        }
        let name = encoding.name
        var notes = ["decoded as \(name) (as the page declares\(encoding.name == label ? "" : " \(label)"))"]
        if decoded.invalid > 0, let first = decoded.firstInvalid {
            let bytesWord = decoded.invalid == 1 ? "byte" : "bytes"
            notes.append(
                "\(decoded.invalid) \(bytesWord) invalid in \(name) replaced by U+FFFD (the first at byte offset \(first));"
                    + " the text after them is kept")
        }
        return HTMLCharset(utf8: Array(decoded.text.utf8), name: name, notes: notes)
    }

    /// The charset the page declares in its first 8 KB: a `<meta charset>` or a `<meta http-equiv>` whose content
    /// names one (the first found, as browsers take it); nil when there is none.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(8192).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self)
        let lowered = head.lowercased()
        var searchFrom = lowered.startIndex
        while let meta = lowered.range(of: "<meta", range: searchFrom..<lowered.endIndex) {
            let end = lowered[meta.upperBound...].firstIndex(of: ">") ?? lowered.endIndex
            let tag = lowered[meta.upperBound..<end]
            searchFrom = end
            guard let charset = tag.range(of: "charset") else { continue }
            var rest = tag[charset.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            guard rest.first == "=" else { continue }
            rest = rest.dropFirst().drop {
                $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\"" || $0 == "'"
            }
            let value = rest.prefix { !" \t\r\n\"';>/".contains($0) }
            if !value.isEmpty { return String(value) }
        }
        return nil
    }

    /// The encoding a label names, as browsers read it (the WHATWG Encoding Standard's labels): the name for notes
    /// and iconv's name for it. Nil for `x-user-defined` and `replacement` labels, which are no text to read.
    static func whatwgEncoding(_ label: String) -> (name: String, iconv: String)? {
        let key = label.trimmingCharacters(in: .whitespaces).lowercased()
        for (names, encoding) in labels where names.contains(key) { return encoding }
        if [
            "x-user-defined", "replacement", "csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext",
            "iso-2022-kr",
        ]
        .contains(key) {
            return nil
        }
        return (key, key.uppercased())
    }

    /// WHATWG labels whose browser reading differs from the label, or that iconv spells otherwise.
    private static let labels: [(Set<String>, (name: String, iconv: String))] = [
        (
            [
                "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8", "utf-16",
                "utf-16le", "utf-16be", "unicodefffe", "unicodefeff", "csunicode", "iso-10646-ucs-2", "ucs-2",
                "unicode",
            ], ("UTF-8", "UTF-8")
        ),
        (
            [
                "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
                "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
                "x-cp1252",
            ], ("windows-1252", "WINDOWS-1252")
        ),
        (
            [
                "csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis", "cp932",
            ], ("Shift_JIS (Windows-31J)", "CP932")
        ),
        (
            [
                "chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
                "x-gbk", "cp936", "gb18030",
            ], ("GBK (GB18030)", "GB18030")
        ),
        (
            [
                "cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
                "ksc5601", "ksc_5601", "windows-949", "cp949",
            ], ("EUC-KR (CP949)", "CP949")
        ),
        (["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"], ("Big5 (Big5-HKSCS)", "BIG5-HKSCS")),
        (["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"], ("EUC-JP", "EUC-JP-MS")),
        (["csiso2022jp", "iso-2022-jp"], ("ISO-2022-JP", "ISO-2022-JP")),
        (
            [
                "cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "l5",
                "latin5", "windows-1254", "x-cp1254",
            ], ("windows-1254", "WINDOWS-1254")
        ),
        (
            ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"],
            ("windows-874", "WINDOWS-874")
        ),
        (["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"], ("KOI8-R", "KOI8-R")),
        (["koi8-ru", "koi8-u"], ("KOI8-U", "KOI8-U")),
        (["csmacintosh", "mac", "macintosh", "x-mac-roman"], ("macintosh", "MACINTOSH")),
    ]

    /// Whether `bytes` are valid UTF-8.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// Whether `bytes` are valid UTF-8 holding a character of two bytes or more: text in a legacy charset with
    /// bytes above ASCII almost never is.
    static func hasMultibyteUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 >= 0x80 } && isValidUTF8(bytes)
    }
}
