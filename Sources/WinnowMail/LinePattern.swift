import Foundation

/// A compiled, case-insensitive regular expression tested against one line (or a few joined lines) of a message.
///
/// A pattern anchored at the start of the line can be given the ways it may start (`starts`, lower-case, after
/// any of the `skipping` characters): a line whose first letters are ASCII and open none of them is rejected by a
/// byte comparison, without running the expression. Lines opening with a non-ASCII character always go to the
/// expression, so the starts need to cover only what an ASCII line can begin with; a start may stop at the first
/// non-ASCII letter of a word (`fr` for `från`), as a non-ASCII byte met while comparing also goes to the
/// expression.
///
/// `@unchecked Sendable`: `NSRegularExpression` is immutable once built and documented as safe to use from several
/// threads at once; it is only missing the annotation on some platforms.
struct LinePattern: @unchecked Sendable {
    private let expression: NSRegularExpression
    /// ASCII bytes that may come before a start (a superset of what the expression lets through is safe).
    private let skipped: [Bool]
    /// The lower-case ASCII starts; empty: no prefilter.
    private let starts: [[UInt8]]
    /// Whether starts were given (all of them may open with a non-ASCII letter).
    private let filters: Bool

    /// Compiles `pattern`; a pattern that does not compile is a programming error. `starts` (lower-case) must
    /// cover every way the pattern can match a line opening with an ASCII character, after `skipping`.
    init(_ pattern: String, skipping: String = "", starts: [String] = []) {
        do {
            expression = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        } catch {
            preconditionFailure("invalid built-in pattern \(pattern): \(error)")
        }
        var skipped = [Bool](repeating: false, count: 128)
        for byte in skipping.utf8 where byte < 128 { skipped[Int(byte)] = true }
        self.skipped = skipped
        filters = !starts.isEmpty
        // A start opening with a non-ASCII letter is covered by the rule for non-ASCII lines.
        self.starts = starts.map { start in Array(start.utf8.prefix { $0 < 0x80 }) }.filter { !$0.isEmpty }
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        mayMatch(text) && expressionMatches(text)
    }

    /// Where the pattern first matches in `text`, or nil.
    func firstMatch(in text: String) -> Range<String.Index>? {
        guard mayMatch(text),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        return Range(match.range, in: text)
    }

    /// Whether the expression matches, without the prefilter (what the prefilter must agree with).
    func expressionMatches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// False when `text` cannot match: its first character after the skipped ones is ASCII and it opens none of
    /// the starts.
    func mayMatch(_ text: String) -> Bool {
        guard filters else { return true }
        var text = text
        return text.withUTF8 { bytes in
            var position = 0
            while position < bytes.count, bytes[position] < 0x80, skipped[Int(bytes[position])] { position += 1 }
            guard position < bytes.count else { return true }
            guard bytes[position] < 0x80 else { return true }
            for start in starts {
                var offset = 0
                var opens = true
                while offset < start.count {
                    guard position + offset < bytes.count else {
                        opens = false
                        break
                    }
                    var byte = bytes[position + offset]
                    if byte >= 0x80 { return true }
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    if byte != start[offset] {
                        opens = false
                        break
                    }
                    offset += 1
                }
                if opens { return true }
            }
            return false
        }
    }
}
