import Testing
import WinnowCore

@Suite("ContentHash")
struct ContentHashTests {
    typealias Fields = (input: String, response: String?, label: String?)

    private static func hash(_ fields: Fields) -> String {
        ContentHash.of(input: fields.input, response: fields.response, label: fields.label)
    }

    static let base: Fields = ("Hi, my order #48213 was charged twice.", "Refunded it.", "Billing")

    @Test(
        arguments: [
            ("  Hi, my order #48213   was charged twice.\n", "Refunded it.", "Billing"),
            ("Hi, my order #48213\r\nwas charged twice.", "Refunded\tit.", "Billing"),
            ("Hi,\tmy order #48213\n\n\nwas charged twice.", " Refunded it. ", " Billing\r\n"),
            ("Hi, my\u{00A0}order #48213 was charged twice.", "Refunded it.", "Billing"),
        ] as [Fields])
    func whitespaceVariantsHashEqual(variant: Fields) {
        #expect(Self.hash(variant) == Self.hash(Self.base))
    }

    @Test func composedAndDecomposedAccentsHashEqual() {
        let composed = "Caf\u{E9} cr\u{E8}me br\u{FB}l\u{E9}e"
        let decomposed = "Cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        #expect(
            ContentHash.of(input: composed, response: "Oui", label: nil)
                == ContentHash.of(input: decomposed, response: "Oui", label: nil))
        #expect(
            ContentHash.of(input: "x", response: nil, label: "r\u{E9}sum\u{E9}")
                == ContentHash.of(input: "x  ", response: nil, label: "re\u{301}sume\u{301}"))
    }

    @Test(
        arguments: [
            ("hi, my order #48213 was charged twice.", "Refunded it.", "Billing"),
            ("Hi, my order #48213 was charged twice!", "Refunded it.", "Billing"),
            ("Hi, my order #48214 was charged twice.", "Refunded it.", "Billing"),
            ("Hi, my order #48213 was charged twice.", "Refunded it", "Billing"),
            ("Hi, my order #48213 was charged twice.", "Refunded it.", "billing"),
            ("Hi, my order #48213 was charged twice.", "Refunded it.", nil),
            ("Hi, my order #48213 was charged twice.", nil, "Billing"),
            ("Hi, my order #48213 was charged twice. Refunded it.", nil, "Billing"),
            ("Hi, my order #48213 was charged", "twice. Refunded it.", "Billing"),
            ("Hi, my order #48213 was charged twice.", "Refunded it. Billing", nil),
            ("Hi, my order #48213 was chargedtwice.", "Refunded it.", "Billing"),
        ] as [Fields])
    func meaningfulChangesHashDifferently(variant: Fields) {
        #expect(Self.hash(variant) != Self.hash(Self.base))
    }

    @Test func movingTextBetweenResponseAndLabelChangesTheHash() {
        #expect(
            ContentHash.of(input: "x", response: "Billing", label: nil)
                != ContentHash.of(input: "x", response: nil, label: "Billing"))
    }

    /// The field separator must not be confusable with text: a unit separator inside a field must not make two
    /// different splits of the same characters hash the same.
    @Test func fieldSeparatorInsideTextDoesNotCollide() {
        #expect(
            ContentHash.of(input: "a\u{1F}b", response: "c", label: nil)
                != ContentHash.of(input: "a", response: "b\u{1F}c", label: nil))
    }

    @Test func hashIsSHA256OfTheLengthPrefixedNormalisedFields() {
        func framed(_ fields: [String]) -> [UInt8] {
            fields.flatMap { field -> [UInt8] in
                let bytes = Array(field.utf8)
                return withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { Array($0) } + bytes
            }
        }
        #expect(ContentHash.of(input: " a  b ", response: "c", label: "d") == SHA256.hex(framed(["a b", "c", "d"])))
        #expect(ContentHash.of(input: "a", response: nil, label: nil) == SHA256.hex(framed(["a", "", ""])))
    }

    @Test(arguments: [
        ("  a \t b\r\n c  ", "a b c"),
        ("\n\n", ""),
        ("é  \u{2003} e\u{301}", "é é"),
        ("Keep CASE, punctuation!", "Keep CASE, punctuation!"),
    ])
    func normalisesWhitespace(text: String, expected: String) {
        #expect(ContentHash.normalise(text) == expected)
    }

    /// The hash feeds runs of ASCII text to SHA-256 without copying them; it must equal the hash of the normalised
    /// text written out, for any mix of words and whitespace runs (leading, trailing, single, repeated).
    @Test func hashWithoutCopyingEqualsHashOfTheNormalisedText() {
        var generator = SeededRandom(seed: 7)
        let pieces = ["a", "bc", " ", "  ", "\n", "\n\n", "\t", "\r\n", "x y", "\u{0B}", "!", "word", "longer words"]
        func framed(_ fields: [String]) -> [UInt8] {
            fields.flatMap { field -> [UInt8] in
                let bytes = Array(ContentHash.normalise(field).utf8)
                return withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { Array($0) } + bytes
            }
        }
        for round in 0..<1000 {
            // Short texts, and long ones that the eight-byte steps cover.
            let most = round % 2 == 0 ? 9 : 40
            let texts = (0..<3).map { _ in
                (0..<Int(generator.next() % UInt64(most))).map { _ in
                    pieces[Int(generator.next() % UInt64(pieces.count))]
                }.joined()
            }
            #expect(
                ContentHash.of(input: texts[0], response: texts[1], label: texts[2])
                    == SHA256.hex(framed(texts)), "texts: \(texts)")
        }
    }
}
