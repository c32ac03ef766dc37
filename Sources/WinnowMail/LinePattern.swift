import Foundation

/// A compiled, case-insensitive regular expression tested against one line (or a few joined lines) of a message.
///
/// `@unchecked Sendable`: `NSRegularExpression` is immutable once built and documented as safe to use from several
/// threads at once; it is only missing the annotation on some platforms.
struct LinePattern: @unchecked Sendable {
    private let expression: NSRegularExpression

    /// Compiles `pattern`; a pattern that does not compile is a programming error.
    init(_ pattern: String) {
        do {
            expression = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        } catch {
            preconditionFailure("invalid built-in pattern \(pattern): \(error)")
        }
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
