import Foundation
import WinnowCore

/// `regex`: every match of a regular expression. A `prefilter` list of literals (any case) lets the engine skip
/// the expression on texts that contain none of them, which matters: regular expressions are the slowest kind.
struct RegexCheck: RuleCheck {
    let expression: RegularExpressionBox
    let prefilter: PhraseMatcher?
    let placeholder: String
    let message: String?

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        if let prefilter, !prefilter.containsMatch(in: text.lower) { return [] }
        let whole = NSRange(text.text.startIndex..<text.text.endIndex, in: text.text)
        var hits: [Hit] = []
        for match in expression.regex.matches(in: text.text, range: whole) {
            guard let range = Range(match.range, in: text.text), !range.isEmpty else { continue }
            let bytes = text.byteOffset(of: range.lowerBound)..<text.byteOffset(of: range.upperBound)
            hits.append(
                Hit(
                    range: bytes, message: message ?? "matches /\(expression.regex.pattern)/",
                    evidence: .evidence(["matched": .string(String(text.text[range]))]), redactAs: placeholder))
        }
        return hits
    }
}

/// A compiled regular expression shared across threads.
///
/// `@unchecked Sendable`: `NSRegularExpression` is immutable once built and documented as safe to use from several
/// threads at once; it is only missing the annotation on some platforms.
struct RegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression
}
