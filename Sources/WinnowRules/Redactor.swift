import WinnowCore

/// One span to replace with a typed placeholder: from a finding, or from a stored flag when exporting.
public struct RedactionSpan: Sendable, Equatable {
    /// The field, as named in findings (`input`, `response`, `messages.2`, `metadata.KEY`).
    public var field: String
    /// The span in `Character` offsets.
    public var span: TextSpan
    /// The placeholder type (`EMAIL`).
    public var type: String

    /// A span of `field` to replace with a `type` placeholder.
    public init(field: String, span: TextSpan, type: String) {
        self.field = field
        self.span = span
        self.type = type
    }

    /// The redaction a finding asks for; nil unless its rule redacts and it has a span.
    public init?(_ finding: Finding) {
        guard let type = finding.redactionType, let span = finding.span else { return nil }
        self.init(field: finding.field, span: span, type: type)
    }

    /// The redaction a stored flag asks for (evidence `action: redact` and `redact_as`); nil otherwise.
    public init?(_ flag: Flag) {
        guard flag.evidence["action"]?.scalarText == RuleAction.redact.rawValue,
            let type = flag.evidence["redact_as"]?.scalarText, let span = flag.span, let field = flag.field
        else { return nil }
        self.init(field: field, span: span, type: type)
    }
}

/// Replaces found spans with typed placeholders that are stable within one ticket: the first e-mail address is
/// `[EMAIL_1]` wherever it appears (any field, any case), the second distinct one `[EMAIL_2]`; numbering is per type,
/// in field order (input, subject, response, messages, metadata) then position. The original stays in the store;
/// exports use the redacted text.
public enum Redactor {
    /// `subject` with every redacting finding applied to its input, response, label, messages and metadata
    /// texts (``MetadataTexts``).
    public static func redact(_ subject: RuleSubject, findings: [Finding]) -> RuleSubject {
        redact(subject, spans: findings.compactMap(RedactionSpan.init))
    }

    /// `subject` with `spans` applied.
    public static func redact(_ subject: RuleSubject, spans: [RedactionSpan]) -> RuleSubject {
        guard !spans.isEmpty else { return subject }
        var texts: [String: String] = ["input": subject.input]
        if let response = subject.response { texts["response"] = response }
        if let label = subject.label { texts["label"] = label }
        for (index, message) in subject.messages.enumerated() {
            for (name, text) in message.texts(at: index) { texts[name] = text }
        }
        for (name, text) in MetadataTexts.texts(of: subject.metadata) { texts[name] = text }
        if case .string(let text)? = subject.metadata["subject"] { texts["subject"] = text }
        let redacted = redact(texts: texts, spans: spans)
        var result = subject
        result.input = redacted["input"] ?? subject.input
        if subject.response != nil { result.response = redacted["response"] }
        if subject.label != nil { result.label = redacted["label"] }
        for index in result.messages.indices {
            result.messages[index] = result.messages[index].replacingTexts(at: index, with: redacted)
        }
        result.metadata = MetadataTexts.replacing(
            in: subject.metadata, with: redacted.filter { $0.key.hasPrefix("metadata.") && $0.value != texts[$0.key] })
        if let subjectText = redacted["subject"], subjectText != texts["subject"] {
            result.metadata["subject"] = .string(subjectText)
        }
        return result
    }

    /// The texts (by field name) with `spans` replaced. Overlapping spans keep the one that starts first (the
    /// longer at the same start); spans outside their text are ignored.
    public static func redact(texts: [String: String], spans: [RedactionSpan]) -> [String: String] {
        var byField: [String: [RedactionSpan]] = [:]
        for span in spans where texts[span.field] != nil { byField[span.field, default: []].append(span) }
        var numbers: [String: [String: Int]] = [:]
        var output = texts
        for field in byField.keys.sorted(by: fieldOrder) {
            guard let text = texts[field], var fieldSpans = byField[field] else { continue }
            fieldSpans.sort { ($0.span.start, -$0.span.end) < ($1.span.start, -$1.span.end) }
            let characters = Array(text)
            var result = ""
            var cursor = 0
            for item in fieldSpans
            where item.span.start >= cursor && item.span.end <= characters.count
                && item.span.start < item.span.end
            {
                result += String(characters[cursor..<item.span.start])
                let value = normalise(String(characters[item.span.start..<item.span.end]), type: item.type)
                var typeNumbers = numbers[item.type, default: [:]]
                let number = typeNumbers[value] ?? (typeNumbers.count + 1)
                typeNumbers[value] = number
                numbers[item.type] = typeNumbers
                result += "[\(item.type)_\(number)]"
                cursor = item.span.end
            }
            result += String(characters[cursor...])
            output[field] = result
        }
        return output
    }

    /// The form under which two mentions count as the same value: case-folded; phone, card and IBAN numbers
    /// without their spaces and punctuation.
    static func normalise(_ value: String, type: String) -> String {
        switch type {
        case PIIType.phone.placeholder, PIIType.card.placeholder, PIIType.iban.placeholder:
            return String(value.lowercased().filter { $0.isLetter || $0.isNumber })
        default:
            return value.lowercased()
        }
    }

    private static func fieldOrder(_ lhs: String, _ rhs: String) -> Bool {
        func rank(_ field: String) -> (Int, Int, String) {
            switch field {
            case "input": return (0, 0, field)
            case "subject": return (1, 0, field)
            case "response": return (2, 0, field)
            case "label": return (3, 0, field)
            default:
                if field.hasPrefix("messages."), let index = Int(field.dropFirst("messages.".count)) {
                    return (4, index, field)
                }
                return (5, 0, field)
            }
        }
        return rank(lhs) < rank(rhs)
    }
}
