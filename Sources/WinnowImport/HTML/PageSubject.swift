import Foundation
import WinnowHTML

/// Where a ticket page shows its subject, apart from its messages: an element whose class or id says so, a heading
/// that is no logo and no bare ticket number, or the page's title without the name of the site or application.
enum PageSubject {
    /// The element whose class or id names a subject (`ticket-subject`, FreeScout's `conv-subjtext`), else a
    /// heading (or a part of one) whose class or id names a summary (Jira's `h1#summary-val`), else an `<h1>` (or
    /// a part of one) whose class or id names a title (GitHub's `h1.gh-header-title`); of nested ones the innermost, whose text is the subject alone. Its text is
    /// one line of at most 300 characters, and no label naming the field.
    static func classedElement(in root: HTMLElement) -> HTMLElement? {
        for kind in [Kind.subject, .summary, .title] {
            var found: HTMLElement?
            // Children before their parent: the first match is the innermost of the first subtree that has one.
            // `heading`: the level of the heading the element is in (1 to 3), or 9 outside one.
            func visit(_ element: HTMLElement, heading: Int) -> Bool {
                for child in element.childElements where !child.isHidden {
                    let level = min(heading, ["h1": 1, "h2": 2, "h3": 3][child.name] ?? 9)
                    if visit(child, heading: level) { return true }
                    let allowed = kind == .subject || (kind == .summary && level <= 3) || level == 1
                    if self.kind(of: child) == kind, allowed, isSubjectText(child.text) {
                        found = child
                        return true
                    }
                }
                return false
            }
            if visit(root, heading: 9), let found { return found }
        }
        return nil
    }

    /// Whether `text` can be a subject: not empty, not a label naming the field (`Subject:`), not a page of text.
    private static func isSubjectText(_ text: String) -> Bool {
        let label = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ": "))
        return !text.isEmpty && text.count <= 300 && !text.contains("\n")
            && !["subject", "summary", "title"].contains(label)
    }

    /// What a class or id token says an element holds.
    private enum Kind {
        case subject, summary, title
    }

    private static func kind(of element: HTMLElement) -> Kind? {
        let tokens = element.classes + (element.attribute("id").map { [$0.lowercased()] } ?? [])
        let parts = tokens.flatMap { $0.split { $0 == "-" || $0 == "_" }.map(String.init) }
        if parts.contains(where: { $0.hasPrefix("subj") }) { return .subject }
        if parts.contains("summary") { return .summary }
        if parts.contains(where: { $0 == "title" || $0 == "headline" }) { return .title }
        return nil
    }

    /// The first `<h1>`, else `<h2>`, that can be a subject: not the site's logo or brand (a heading classed or with
    /// an id saying `logo`, `brand` or `site`, or naming a known application), not a bare ticket number (osTicket's
    /// "Ticket #418802" above the subject in an `<h2>`).
    static func heading(in root: HTMLElement) -> HTMLElement? {
        for name in ["h1", "h2"] {
            var found: HTMLElement?
            func visit(_ element: HTMLElement) {
                for child in element.childElements where found == nil && !child.isHidden {
                    if child.name == name, isSubjectHeading(child) {
                        found = child
                        return
                    }
                    visit(child)
                }
            }
            visit(root)
            if let found { return found }
        }
        return nil
    }

    private static func isSubjectHeading(_ heading: HTMLElement) -> Bool {
        let text = heading.text
        guard !text.isEmpty else { return false }
        let tokens = heading.classes + (heading.attribute("id").map { [$0.lowercased()] } ?? [])
        let parts = tokens.flatMap { $0.split { $0 == "-" || $0 == "_" }.map(String.init) }
        if parts.contains(where: { ["logo", "brand", "site"].contains($0) }) { return false }
        return !isApplicationName(text) && !isTicketNumber(text)
    }

    /// Whether `text` is only a ticket, issue or case number (`Ticket #418802`, `#88213`, `Bug #5521`, `HELP-3310`).
    static func isTicketNumber(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let patterns = [
            #"^\[?[A-Z][A-Z0-9]+-\d+\]?:?$"#,
            #"^(?:[A-Za-z]+\s+)?#\s*[A-Za-z]*-?\d+:?$"#,
            #"^(?i:ticket|case|issue|request|incident|conversation|bug)\s+(?i:no\.?\s*)?\d+:?$"#,
        ]
        return patterns.contains { trimmed.range(of: $0, options: .regularExpression) != nil }
    }

    /// Whether `text` names a helpdesk, tracker or mail application rather than a ticket.
    static func isApplicationName(_ text: String) -> Bool {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        return applicationNames.contains(lowered) || lowered.hasSuffix(" mail") || lowered.hasSuffix(" helpdesk")
            || lowered.hasSuffix(" help desk") || lowered.hasSuffix(" help center")
    }

    /// Applications whose name a page's title carries before or after the subject.
    static let applicationNames: Set<String> = [
        "gmail", "outlook", "outlook web app", "yahoo mail", "mail", "zammad", "jira", "jira service management",
        "freescout", "help scout", "zendesk", "freshdesk", "freshservice", "osticket", "otrs", "znuny",
        "request tracker", "rt", "redmine", "github", "gitlab", "bitbucket", "discourse", "intercom", "front",
        "hubspot", "salesforce", "servicenow", "kayako", "groove", "helpshift", "youtrack", "bugzilla", "mantisbt",
        "mantis", "trac", "spiceworks", "uvdesk", "glpi", "livechat", "crisp", "tawk.to", "gorgias", "gladly",
        "kustomer", "re:amaze", "deskpro", "happyfox", "helpdesk", "help desk", "support",
    ]

    /// The separators that join a title's parts (`Subject - Zammad`, `Subject | Acme Support`).
    private static let separators = [" - ", " | ", " – ", " — ", " · ", " :: ", " » "]

    /// `title` as a subject: the part of it that a heading on the page repeats (`headings`), else the title without
    /// the parts at its ends that name an application, a ticket number or a repository (`Subject - Zammad`,
    /// `Subject · Issue #2291 · acme/syncd · GitHub`). A title that is one part stays whole.
    static func fromTitle(_ title: String, headings: [String]) -> String {
        var parts: [Substring] = []
        var rest = Substring(title)
        while let range = separators.compactMap({ rest.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        parts = parts.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard parts.count > 1 else { return title }
        let wanted = Set(headings.map(normalised).filter { !$0.isEmpty })
        for part in parts where wanted.contains(normalised(String(part))) {
            return part.trimmingCharacters(in: .whitespaces)
        }
        func isChrome(_ part: Substring) -> Bool {
            let text = part.trimmingCharacters(in: .whitespaces)
            return isApplicationName(text) || isTicketNumber(text)
                || (text.contains("/") && !text.contains(" "))
        }
        while parts.count > 1, let last = parts.last, isChrome(last) { parts.removeLast() }
        while parts.count > 1, let first = parts.first, isChrome(first) { parts.removeFirst() }
        guard let first = parts.first, let last = parts.last else { return title }
        return String(title[first.startIndex..<last.endIndex]).trimmingCharacters(in: .whitespaces)
    }

    /// Lower-cased words of `text` without punctuation, for comparing a title's part with a heading.
    private static func normalised(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }
}
