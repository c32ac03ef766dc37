import WinnowCore

/// `html_remnants`: markup that survived import: tags (`<div>`, `</p>`, `<br/>`), comments, entities (`&nbsp;`,
/// `&#39;`) and CSS or script text (`font-family:`, `mso-`, `document.write`). A bare `<` or `&` ("a < b",
/// "R&D") is left alone: a tag needs a known element name, an entity its closing `;`.
struct HTMLRemnantsCheck: RuleCheck {
    static let tagNames: Set<String> = [
        "a", "abbr", "b", "blockquote", "body", "br", "center", "code", "col", "div", "em", "font", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "head", "hr", "html", "i", "img", "input", "li", "link", "meta", "o:p", "ol", "p",
        "pre", "s", "script", "small", "span", "strong", "style", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "title", "tr", "u", "ul", "v:shape", "w:worddocument", "xml",
    ]

    static let codePhrases = PhraseMatcher(
        [
            "font-family:", "font-size:", "font-weight:", "font-style:", "*mso-", "msonormal", "margin-top:",
            "margin-bottom:", "margin:0", "padding:0", "text-decoration:", "line-height:", "border-collapse:",
            "background-color:", "color:#", "@media", "@font-face", "style=\"", "style='", "class=\"", "href=\"",
            "src=\"", "document.write", "document.getelementbyid", "window.location", "function()", "function ()",
            "javascript:", "<![cdata[", "<!--", "<!doctype",
        ].map { ($0, 0) })

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        var hits: [Hit] = []
        let lower = text.lower
        var position = text.markupCount > 0 ? 0 : lower.count
        while position < lower.count, hits.count < RuleEngine.maxFindingsPerField {
            let byte = lower[position]
            if byte == ASCII.lessThan, let end = tagEnd(lower, at: position) {
                hits.append(hit(text, position..<end, "HTML tag"))
                position = end
            } else if byte == ASCII.ampersand, let end = entityEnd(lower, at: position) {
                hits.append(hit(text, position..<end, "HTML entity"))
                position = end
            } else {
                position += 1
            }
        }
        for match in HTMLRemnantsCheck.codePhrases.matches(in: lower, limit: RuleEngine.maxFindingsPerField)
        where !hits.contains(where: { $0.range?.overlaps(match.range) ?? false }) {
            hits.append(hit(text, match.range, "CSS, script or markup text"))
        }
        return hits.sorted { ($0.range?.lowerBound ?? 0) < ($1.range?.lowerBound ?? 0) }
    }

    private func hit(_ text: FieldText, _ range: Range<Int>, _ what: String) -> Hit {
        let matched = text.string(range)
        return Hit(
            range: range, message: "\(what) \(matched) left in text", evidence: .evidence(["matched": .string(matched)])
        )
    }

    /// The end of a tag of a known element starting at `start` (`<`), covering its attributes up to `>` when
    /// that comes within 200 bytes.
    private func tagEnd(_ lower: [UInt8], at start: Int) -> Int? {
        var cursor = start + 1
        if cursor < lower.count, lower[cursor] == ASCII.slash { cursor += 1 }
        let nameStart = cursor
        while cursor < lower.count, cursor - nameStart <= 16,
            ASCII.isAlphanumeric(lower[cursor]) || lower[cursor] == ASCII.colon
        {
            cursor += 1
        }
        guard cursor > nameStart, cursor < lower.count else { return nil }
        let name = String(decoding: lower[nameStart..<cursor], as: UTF8.self)
        guard HTMLRemnantsCheck.tagNames.contains(name) else { return nil }
        let next = lower[cursor]
        guard next == ASCII.greaterThan || next == ASCII.slash || ASCII.isSpace(next) else { return nil }
        let limit = min(lower.count, cursor + 200)
        while cursor < limit {
            if lower[cursor] == ASCII.greaterThan { return cursor + 1 }
            if lower[cursor] == ASCII.lessThan { break }
            cursor += 1
        }
        return next == ASCII.greaterThan ? cursor + 1 : nil
    }

    /// The end of `&name;`, `&#123;` or `&#x1f;` starting at `start`.
    private func entityEnd(_ lower: [UInt8], at start: Int) -> Int? {
        var cursor = start + 1
        guard cursor < lower.count else { return nil }
        if lower[cursor] == ASCII.hash {
            cursor += 1
            let hex = cursor < lower.count && lower[cursor] == UInt8(ascii: "x")
            if hex { cursor += 1 }
            let digitsStart = cursor
            while cursor < lower.count, cursor - digitsStart < 7,
                hex ? ASCII.isHexDigit(lower[cursor]) : ASCII.isDigit(lower[cursor])
            {
                cursor += 1
            }
            guard cursor - digitsStart >= 2, cursor < lower.count, lower[cursor] == ASCII.semicolon else { return nil }
            return cursor + 1
        }
        guard ASCII.isLetter(lower[cursor]) else { return nil }
        let nameStart = cursor
        while cursor < lower.count, cursor - nameStart < 10, ASCII.isAlphanumeric(lower[cursor]) { cursor += 1 }
        guard cursor - nameStart >= 2, cursor < lower.count, lower[cursor] == ASCII.semicolon else { return nil }
        return cursor + 1
    }
}
