import Foundation

/// What the exact and lexical tiers ignore when they compare texts, beyond case, whitespace and punctuation.
public struct NormalizationOptions: Sendable, Equatable {
    /// Every run of digits reads as `0`: order numbers, dates and amounts do not make texts differ.
    public var ignoreNumbers: Bool
    /// Redaction placeholders (`[EMAIL_1]`, `[CARD_2]`) read as their type only (`<email>`), so two tickets that
    /// differ only in the personal data they quoted compare equal once redacted.
    public var ignorePlaceholders: Bool

    /// Options; by default numbers and placeholders count.
    public init(ignoreNumbers: Bool = false, ignorePlaceholders: Bool = false) {
        self.ignoreNumbers = ignoreNumbers
        self.ignorePlaceholders = ignorePlaceholders
    }
}

/// Turns a text into the words the exact and lexical tiers compare.
///
/// A word is a whitespace-separated token with everything but letters and digits removed, lower-cased, with
/// accents folded: `Can't` and `cant` are the same word, `3.8.0` reads `380`, `#48213` reads `48213`, and a token
/// of punctuation only disappears. Two texts that differ only in case, spacing or punctuation give the same words.
public enum TextNormalizer {
    /// The normalised words of `text`.
    public static func words(_ text: String, options: NormalizationOptions = NormalizationOptions()) -> [String] {
        var words: [String] = []
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            appendASCIIWords(of: text, options: options, to: &words)
        } else {
            let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            for token in folded.split(whereSeparator: \.isWhitespace) {
                if let word = normalizedToken(Substring(token), options: options) { words.append(word) }
            }
        }
        return words
    }

    /// The normalised words of `text` joined by single spaces (what the exact tier hashes).
    public static func normalize(_ text: String, options: NormalizationOptions = NormalizationOptions()) -> String {
        words(text, options: options).joined(separator: " ")
    }

    private static func appendASCIIWords(of text: String, options: NormalizationOptions, to words: inout [String]) {
        var current: [UInt8] = []
        var token: [UInt8] = []
        func flush() {
            defer {
                current.removeAll(keepingCapacity: true)
                token.removeAll(keepingCapacity: true)
            }
            if options.ignorePlaceholders, let placeholder = placeholderType(token) {
                words.append("<" + placeholder + ">")
                return
            }
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        }
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09...0x0D:
                if !token.isEmpty { flush() }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                token.append(byte)
                if options.ignoreNumbers, current.last.map({ $0 >= 0x30 && $0 <= 0x39 }) == true { continue }
                current.append(options.ignoreNumbers ? UInt8(ascii: "0") : byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                token.append(byte)
                current.append(byte + 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                token.append(byte)
                current.append(byte)
            default:
                token.append(byte)
            }
        }
        if !token.isEmpty { flush() }
    }

    private static func normalizedToken(_ token: Substring, options: NormalizationOptions) -> String? {
        if options.ignorePlaceholders, let placeholder = placeholderType(Array(token.utf8)) {
            return "<" + placeholder + ">"
        }
        var word = ""
        var previousWasDigit = false
        for scalar in token.unicodeScalars {
            let isDigit = scalar.properties.numericType != nil
            guard isDigit || scalar.properties.isAlphabetic else { continue }
            if isDigit && options.ignoreNumbers {
                if !previousWasDigit { word.append("0") }
            } else {
                word.unicodeScalars.append(scalar)
            }
            previousWasDigit = isDigit
        }
        return word.isEmpty ? nil : word.lowercased()
    }

    /// `email` for a token like `[EMAIL_1]` (optionally followed by punctuation), else nil.
    static func placeholderType(_ token: [UInt8]) -> String? {
        guard token.first == UInt8(ascii: "["), let close = token.firstIndex(of: UInt8(ascii: "]")), close > 1 else {
            return nil
        }
        var name = token[1..<close]
        if let underscore = name.lastIndex(of: UInt8(ascii: "_")),
            name[(underscore + 1)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), underscore + 1 < close
        {
            name = name[name.startIndex..<underscore]
        }
        guard !name.isEmpty, name.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || $0 == UInt8(ascii: "_") }) else {
            return nil
        }
        guard
            token[(close + 1)...].allSatisfy({
                !(($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) && !($0 >= 0x30 && $0 <= 0x39)
            })
        else { return nil }
        return String(decoding: name, as: UTF8.self).lowercased()
    }
}
