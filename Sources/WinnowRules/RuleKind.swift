/// The kinds of check a rule can run. Each kind takes its own parameters (see the default rule files in `Rules/`).
public enum RuleKind: String, Sendable, CaseIterable, Codable {
    /// A regular expression (`pattern`, `case_insensitive`, `multiline`, `prefilter`, `placeholder`).
    case regex
    /// Character and word counts (`min_chars`, `max_chars`, `min_words`, `max_words`).
    case length
    /// WordPiece tokens against the model's limit (`max_tokens`, `reserved_tokens`).
    case tokenLength = "token_length"
    /// A missing or blank field.
    case empty
    /// Personal data and secrets (`types`: email, phone, card, iban, ip, address, secret).
    case pii
    /// Out-of-office replies, automatic acknowledgements, bounces and no-reply senders.
    case autoReply = "auto_reply"
    /// HTML tags, entities, CSS or script text left over from import.
    case htmlRemnants = "html_remnants"
    /// Unfilled template placeholders and lorem ipsum.
    case templateLeftover = "template_leftover"
    /// Text decoded with the wrong encoding (Ã©, â€™).
    case mojibake
    /// Responses that only apologise, escalate, point to an attachment or repeat the input.
    case nonAnswer = "non_answer"
    /// Agent-only notes in a customer-facing text.
    case internalNoteLeak = "internal_note_leak"
    /// Text written mostly in capitals.
    case shouting
    /// A character repeated many times in a row.
    case repeatedChars = "repeated_chars"
    /// The parts of an e-mail the reply cleaner would remove (`parts`: quoted, forwarded, signature, disclaimer).
    case replyParts = "reply_parts"
    /// A label outside the allowed list (`labels_file`, `labels`), with a near-miss suggestion.
    case labelAllowed = "label_allowed"

    /// The kind names, for error messages.
    static let spellings = allCases.map(\.rawValue).joined(separator: ", ")
}
