import Synchronization
import WinnowCore
import WinnowMail

/// One field's text prepared for the scanners: its UTF-8 bytes, an ASCII-lower-cased copy, and counts that let a
/// check skip a field cheaply (no "@" means no e-mail address). Scanners work in byte offsets; ``span(_:)`` turns
/// them into the `Character` offsets that findings carry. A class so that every rule reading the field shares one
/// copy, and so that identical texts (a thread turn repeating the input) are recognised by identity.
final class FieldText: Sendable {
    /// The field's text as given.
    let text: String
    /// The text's UTF-8 bytes.
    let bytes: [UInt8]
    /// `bytes` with ASCII letters lower-cased (other bytes unchanged, so offsets line up).
    let lower: [UInt8]
    /// Whether every byte is ASCII (then byte offsets are character offsets).
    let isASCII: Bool
    /// Whether the field is absent from the example (as opposed to present and empty).
    let isMissing: Bool
    /// ASCII digits in the text.
    let digitCount: Int
    /// ASCII upper-case letters.
    let upperCount: Int
    /// ASCII lower-case letters.
    let lowerCount: Int
    /// Bytes that start a markup or template construct: `@ < & { [ %`.
    let markupCount: Int
    /// Whether the text contains an "@".
    let hasAt: Bool
    /// The reply cleaner's reading of the text, made by the first rule that needs it (``cleanedReply(by:)``).
    private let cleaned = Mutex<(options: ReplyCleaner.Options, reply: CleanedReply)?>(nil)

    /// Prepares `text`.
    init(_ text: String) {
        self.text = text
        var copy = text
        let bytes = copy.withUTF8 { Array($0) }
        var ascii = true
        var digits = 0
        var uppers = 0
        var lowers = 0
        var markup = 0
        var at = false
        let lower = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            for (index, byte) in bytes.enumerated() {
                if byte >= 0x80 {
                    ascii = false
                } else if ASCII.isDigit(byte) {
                    digits += 1
                } else if ASCII.isUpper(byte) {
                    uppers += 1
                } else if ASCII.isLower(byte) {
                    lowers += 1
                } else if byte == ASCII.at || byte == ASCII.lessThan || byte == ASCII.ampersand
                    || byte == ASCII.openBrace || byte == ASCII.openBracket || byte == ASCII.percent
                {
                    markup += 1
                    if byte == ASCII.at { at = true }
                }
                buffer[index] = ASCII.lowered(byte)
            }
            count = bytes.count
        }
        self.bytes = bytes
        self.lower = lower
        self.isASCII = ascii
        self.isMissing = false
        self.digitCount = digits
        self.upperCount = uppers
        self.lowerCount = lowers
        self.markupCount = markup
        self.hasAt = at
    }

    private init(missing: Void) {
        text = ""
        bytes = []
        lower = []
        isASCII = true
        isMissing = true
        digitCount = 0
        upperCount = 0
        lowerCount = 0
        markupCount = 0
        hasAt = false
    }

    /// The stand-in for a field the example does not have.
    static let missing = FieldText(missing: ())

    /// What `cleaner` finds in the text, computed once however many rules ask with the same options
    /// (`quoted-history`, `signature-block` and `bounce` all read it).
    func cleanedReply(by cleaner: ReplyCleaner) -> CleanedReply {
        if let known = cleaned.withLock({ $0 }), known.options == cleaner.options { return known.reply }
        let result = cleaner.clean(text: text)
        cleaned.withLock { $0 = (cleaner.options, result) }
        return result
    }

    /// The number of `Character`s in the text.
    var characterCount: Int { isASCII ? bytes.count : text.count }

    /// The `Character` offset of a byte offset (rounded down to the character containing it).
    func characterOffset(ofByte offset: Int) -> Int {
        if isASCII { return offset }
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: min(max(offset, 0), utf8.count))
        return text.distance(from: text.startIndex, to: index)
    }

    /// The byte range `range` as a span in `Character` offsets.
    func span(_ range: Range<Int>) -> TextSpan {
        TextSpan(start: characterOffset(ofByte: range.lowerBound), end: characterOffset(ofByte: range.upperBound))
    }

    /// The text of a byte range (invalid UTF-8 at the cut ends is repaired).
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The byte offset of a `String.Index` of `text`.
    func byteOffset(of index: String.Index) -> Int {
        text.utf8.distance(from: text.utf8.startIndex, to: index)
    }
}
