import WinnowCore

/// `template_leftover`: placeholders a macro or template engine did not fill (`{product_purchased}`, `{{name}}`,
/// `[Customer Name]`, `%FIRST_NAME%`, `<<name>>`, an anonymised set's `<tel_num>`) and lorem ipsum. JSON (`{"a": 1}`), CSS (`{margin:0}`) and
/// subject tags like `[EXTERNAL]` or `[URGENT]` are left alone: a bracket placeholder must name a placeholder word.
///
/// `placeholders: false` finds only lorem ipsum; `filler: false` only placeholders.
struct TemplateLeftoverCheck: RuleCheck {
    /// Whether placeholders are found.
    var findsPlaceholders = true
    /// Whether lorem ipsum is found.
    var findsFiller = true

    /// Words that make a bracketed text a placeholder.
    static let placeholderWords: Set<String> = [
        "name", "names", "firstname", "lastname", "fullname", "first", "last", "customer", "agent", "company",
        "product", "order", "email", "phone", "date", "number", "address", "link", "url", "insert", "placeholder",
        "user", "username", "account", "amount", "tracking", "representative", "signature", "title", "city",
        "recipient", "sender", "client", "num", "tel", "acc",
    ]

    static let fillerPhrases = PhraseMatcher(
        ["lorem ipsum", "dolor sit amet", "consectetur adipiscing", "sed do eiusmod"].map { ($0, 0) })

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        var hits: [Hit] = []
        let bytes = text.bytes
        var position = findsPlaceholders && text.markupCount > 0 ? 0 : bytes.count
        while position < bytes.count, hits.count < RuleEngine.maxFindingsPerField {
            let end: Int?
            switch bytes[position] {
            case ASCII.openBrace: end = braceEnd(bytes, at: position)
            case ASCII.openBracket: end = delimitedEnd(bytes, at: position, open: 1, close: ASCII.closeBracket)
            case ASCII.percent: end = delimitedEnd(bytes, at: position, open: 1, close: ASCII.percent)
            case ASCII.lessThan:
                // `<<name>>`, or an anonymised data set's `<tel_num>` (lower case, naming a placeholder word).
                end =
                    position + 1 < bytes.count && bytes[position + 1] == ASCII.lessThan
                    ? delimitedEnd(bytes, at: position, open: 2, close: ASCII.greaterThan)
                    : delimitedEnd(bytes, at: position, open: 1, close: ASCII.greaterThan, lowerCase: true)
            default: end = nil
            }
            if let end {
                let matched = text.string(position..<end)
                hits.append(
                    Hit(
                        range: position..<end, message: "unfilled template placeholder \(matched)",
                        evidence: .evidence(["matched": .string(matched)])))
                position = end
            } else {
                position += 1
            }
        }
        guard findsFiller else { return hits }
        for match in TemplateLeftoverCheck.fillerPhrases.matches(in: text.lower, limit: 1) {
            hits.append(
                Hit(
                    range: match.range, message: "lorem ipsum filler text",
                    evidence: .evidence(["matched": "lorem ipsum"])))
        }
        return hits
    }

    /// `{identifier}` or `{{ identifier }}`: letters, digits, `_`, `.` and spaces, 3 to 40 bytes, with a letter.
    private func braceEnd(_ bytes: [UInt8], at start: Int) -> Int? {
        let double = start + 1 < bytes.count && bytes[start + 1] == ASCII.openBrace
        var cursor = start + (double ? 2 : 1)
        let contentStart = cursor
        var letters = 0
        while cursor < bytes.count, cursor - contentStart <= 40 {
            let byte = bytes[cursor]
            if ASCII.isLetter(byte) {
                letters += 1
            } else if !(ASCII.isDigit(byte) || byte == ASCII.underscore || byte == ASCII.dot || byte == ASCII.space) {
                break
            }
            cursor += 1
        }
        guard cursor < bytes.count, bytes[cursor] == ASCII.closeBrace, letters > 0 else { return nil }
        if double {
            guard cursor + 1 < bytes.count, bytes[cursor + 1] == ASCII.closeBrace else { return nil }
            return cursor + 2
        }
        return cursor - contentStart >= 3 ? cursor + 1 : nil
    }

    /// `[Customer Name]`, `%FIRST_NAME%`, `<<name>>`: up to four words naming a placeholder, written in capitals,
    /// in title case, or starting with "insert" / "your".
    private func delimitedEnd(_ bytes: [UInt8], at start: Int, open: Int, close: UInt8, lowerCase: Bool = false)
        -> Int?
    {
        var cursor = start + open
        let contentStart = cursor
        while cursor < bytes.count, cursor - contentStart <= 40 {
            let byte = bytes[cursor]
            guard ASCII.isLetter(byte) || byte == ASCII.underscore || byte == ASCII.space else { break }
            cursor += 1
        }
        guard cursor > contentStart, cursor < bytes.count, bytes[cursor] == close else { return nil }
        let closeLength = open
        if closeLength == 2 {
            guard cursor + 1 < bytes.count, bytes[cursor + 1] == close else { return nil }
        }
        let content = String(decoding: bytes[contentStart..<cursor], as: UTF8.self)
        let words = content.split(whereSeparator: { $0 == " " || $0 == "_" })
        guard !words.isEmpty, words.count <= 4 else { return nil }
        let lowered = words.map { $0.lowercased() }
        guard lowered.contains(where: TemplateLeftoverCheck.placeholderWords.contains) else { return nil }
        if lowerCase {
            // One word or snake_case, no spaces: `<name>`, `<acc_num>` (not `<b>` or `<iostream>`).
            guard content.lowercased() == content, !content.contains(" ") else { return nil }
            return cursor + closeLength
        }
        let allCapitals = content.uppercased() == content
        let titleCase = words.allSatisfy { $0.first?.isUppercase ?? false }
        let instruction = lowered.first == "insert" || lowered.first == "your"
        guard allCapitals || titleCase || instruction || open == 2 else { return nil }
        return cursor + closeLength
    }
}
