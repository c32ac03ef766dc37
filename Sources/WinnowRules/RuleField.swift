/// Which part of an example a rule reads.
///
/// Spelled in rule files as `input`, `response`, `label`, `subject`, `messages` (every turn of the thread, each
/// checked on its own), `metadata` (every text in the metadata, each checked on its own: see ``MetadataTexts``) or
/// `metadata.KEY` (a dotted path into the source fields). `subject` is the `subject` metadata field, which importers
/// keep when the source has one.
public enum RuleField: Sendable, Hashable, CustomStringConvertible {
    /// What the customer wrote.
    case input
    /// The agent's answer.
    case response
    /// The label.
    case label
    /// The ticket subject (`metadata.subject`).
    case subject
    /// Every message of the thread.
    case messages
    /// Every text in the metadata (``MetadataTexts``).
    case metadataTexts
    /// A metadata value at a dotted path.
    case metadata(String)

    /// The spellings a rule file may use, for error messages.
    static let spellings = "input, response, label, subject, messages, metadata, metadata.KEY"

    /// Parses a rule-file spelling; nil when unknown.
    init?(spelling: String) {
        switch spelling {
        case "input": self = .input
        case "response": self = .response
        case "label": self = .label
        case "subject": self = .subject
        case "messages", "any_message", "any message": self = .messages
        case "metadata": self = .metadataTexts
        default:
            guard spelling.hasPrefix("metadata."), spelling.count > "metadata.".count else { return nil }
            self = .metadata(String(spelling.dropFirst("metadata.".count)))
        }
    }

    /// The rule-file spelling.
    public var description: String {
        switch self {
        case .input: return "input"
        case .response: return "response"
        case .label: return "label"
        case .subject: return "subject"
        case .messages: return "messages"
        case .metadataTexts: return "metadata"
        case .metadata(let path): return "metadata.\(path)"
        }
    }
}
