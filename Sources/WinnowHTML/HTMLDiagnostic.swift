/// A problem libxml2 reported and recovered from while parsing (an unclosed tag, a stray end tag...).
///
/// The parser runs in recover mode with its own error output silenced; these are what it would have printed.
public struct HTMLDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line in the source, or 0 when libxml2 did not say.
    public var line: Int
    /// libxml2's message, trimmed.
    public var message: String
    /// Whether libxml2 rated it a warning rather than an error.
    public var isWarning: Bool

    /// A diagnostic at `line`.
    public init(line: Int, message: String, isWarning: Bool) {
        self.line = line
        self.message = message
        self.isWarning = isWarning
    }

    /// `line N: message`, or the message alone when the line is unknown.
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}
