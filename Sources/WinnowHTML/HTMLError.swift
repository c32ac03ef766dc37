/// Why an HTML document could not be parsed or an XPath expression could not be used.
public struct HTMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Equatable {
        /// The bytes could not be turned into a document (empty input, or too large).
        case unparsable
        /// An XPath expression does not compile or fails when evaluated.
        case invalidXPath
        /// An element given as an XPath context is not in the document.
        case unknownElement
    }

    /// What went wrong.
    public var kind: Kind
    /// What is wrong, in words (libxml2's own message where it gave one).
    public var message: String
    /// The XPath expression or element path at fault, when there is one.
    public var subject: String?

    /// An error of `kind`.
    public init(kind: Kind, message: String, subject: String? = nil) {
        self.kind = kind
        self.message = message
        self.subject = subject
    }

    /// The message, followed by the expression or path at fault.
    public var description: String {
        guard let subject else { return message }
        return "\(message) in '\(subject)'"
    }
}
