import Foundation

/// The text clean-up and word splitting of BERT's uncased tokenizer (the "basic tokenizer").
extension WordPieceTokenizer {
    /// The words of `text` after BERT's uncased normalisation, each as Unicode scalars.
    ///
    /// Steps, in the order of Hugging Face's `BertNormalizer` and `BertPreTokenizer`:
    /// 1. drop U+0000, U+FFFD and control/format/unassigned/private-use characters; whitespace (tab, newline,
    ///    NBSP, …) becomes a space;
    /// 2. put spaces around CJK ideographs, so each is a word;
    /// 3. canonical decomposition (NFD), then drop non-spacing marks (accents);
    /// 4. lower-case;
    /// 5. split on spaces, with every punctuation character a word of its own.
    public static func normalizedWords(_ text: String) -> [[Unicode.Scalar]] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isCJK(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        func finishWord() {
            if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in decomposed.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            for lower in lowercased(scalar) {
                if isWhitespace(lower) {
                    finishWord()
                } else if isPunctuation(lower) {
                    finishWord()
                    words.append([lower])
                } else {
                    current.append(lower)
                }
            }
        }
        finishWord()
        return words
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if scalar.isASCII {
            let value = scalar.value
            return [value >= 65 && value <= 90 ? Unicode.Scalar(UInt8(value + 32)) : scalar]
        }
        return Array(scalar.properties.lowercaseMapping.unicodeScalars)
    }

    /// Tab, newline and carriage return, and every character with the Unicode White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    /// Control, format, unassigned and private-use characters, except tab, newline and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// ASCII punctuation and symbols (`!`…`/`, `:`…`@`, `[`…`` ` ``, `{`…`~`) and Unicode punctuation (P*).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value)
            || (123...126).contains(value)
        {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideographs blocks (and extensions, and compatibility ideographs) BERT splits per character.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
