import Foundation
import WinnowCore

/// Reads Rasa 1's Markdown training data (`nlu.md`): `## intent:NAME` headings, each over its examples as list items
/// (`- example`, also `*` and `+`).
///
/// `## synonym:`, `## regex:` and `## lookup:` sections are counted in a note. A list item under another heading or
/// none, and a line of an intent's section that is no list item, are quarantined by their lines; other text outside
/// intents (a title, a lookup's file name) and HTML comments are no examples and are passed over.
struct RasaMarkdownReader {
    let displayPath: String
    private let text: String
    /// Whether the file is Bot Framework's `.lu`: `# NAME` headings an intent each, `# ? question` headings a QnA
    /// pair's, `@` lines entity definitions, `>` lines comments.
    let isLU: Bool

    /// Reads `text`; a text without an intent heading throws an error naming the file.
    init(text: String, displayPath: String, isLU: Bool = false) throws {
        self.displayPath = displayPath
        self.text = text
        self.isLU = isLU
        guard
            text.split(whereSeparator: \.isNewline).contains(where: {
                Self.heading($0, isLU: isLU)?.kind == "intent"
            })
        else {
            throw ImportError(
                kind: .noInput, file: displayPath,
                message: isLU
                    ? "holds no NLU examples: no `# IntentName` heading over `- utterance` lines (a .lu file)"
                    : "holds no NLU examples: no `## intent:NAME` heading (Rasa 1's Markdown training data)")
        }
    }

    /// What a section's heading says: its kind (`intent`, `synonym`, `regex`, `lookup`; in a `.lu` file also
    /// `question`) and the name after the colon (a `.lu` heading's whole title); nil for a line that is no such
    /// heading.
    static func heading(_ line: Substring, isLU: Bool = false) -> (kind: String, name: String)? {
        let trimmed = line.drop { $0 == " " || $0 == "\u{FEFF}" }
        guard trimmed.hasPrefix("#") else { return nil }
        let title = trimmed.drop { $0 == "#" }.drop(while: \.isWhitespace)
        if isLU {
            let name = title.trimmingCharacters(in: .whitespaces)
            return name.hasPrefix("?") ? ("question", name) : ("intent", name)
        }
        guard let colon = title.firstIndex(of: ":") else { return nil }
        let kind = title[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard kind == "intent" || NonExampleSections.kinds.contains(kind) else { return nil }
        return (kind, title[title.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    /// The section lines fall under.
    private enum Section {
        /// Before any heading.
        case none
        /// An intent's examples.
        case intent(String)
        /// A synonym, regex or lookup section: no examples.
        case notExamples
        /// Under a heading of no kind Rasa reads (the heading's text).
        case other(String)
    }

    /// Calls `body` with each example's record or failure, in file order, then the note counting the sections that
    /// hold no examples.
    func read(_ body: (ImportEvent) throws -> Void) throws {
        var sections = NonExampleSections()
        var section = Section.none
        var inComment = false
        // Lines are cut at each LF, as the file's lines are counted (a CR before it is trimmed with the spaces).
        for (index, bytes) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let raw = Substring(bytes)
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if inComment || trimmed.hasPrefix("<!--") {
                inComment = !trimmed.hasSuffix("-->")
                continue
            }
            guard !trimmed.isEmpty else { continue }
            // A .lu file's entity definitions, comments and references to other files hold no examples.
            if isLU,
                trimmed.hasPrefix("@") || trimmed.hasPrefix(">") || trimmed.hasPrefix("$") || trimmed.hasPrefix("[")
            {
                continue
            }
            if trimmed.hasPrefix("#") {
                section = .other(trimmed)
                if let (kind, name) = Self.heading(raw, isLU: isLU) {
                    if kind != "intent" {
                        sections.add(kind)
                        section = .notExamples
                    } else if name.isEmpty {
                        try body(failure(line: line, "an intent heading with no intent name", snippet: trimmed))
                    } else {
                        section = .intent(name)
                    }
                }
                continue
            }
            let item = Self.listItem(trimmed)
            switch section {
            case .intent(let intent):
                if let item {
                    try body(IntentExample(text: item, intent: intent, line: line).event(file: displayPath))
                } else {
                    try body(
                        failure(
                            line: line, "a line of intent \(intent)'s examples that is no list item (`- example`)",
                            snippet: trimmed))
                }
            case .other(let heading) where item != nil:
                try body(
                    failure(
                        line: line,
                        "an example under `\(heading)`, which is no intent, synonym, regex or lookup heading",
                        snippet: trimmed))
            case .none where item != nil:
                try body(failure(line: line, "an example before any `## intent:NAME` heading", snippet: trimmed))
            case .none, .other, .notExamples:
                continue
            }
        }
        if let note = sections.note(file: displayPath, noun: "section") { try body(.note(note)) }
    }

    /// The text of a Markdown list item (`- text`, `* text`, `+ text`; `-` alone is an empty one); nil for a line
    /// that is none.
    private static func listItem(_ line: String) -> String? {
        guard let marker = line.first, "-*+".contains(marker) else { return nil }
        let rest = line.dropFirst()
        guard rest.isEmpty || rest.first?.isWhitespace == true else { return nil }
        return String(rest)
    }

    /// A quarantined line that is no example.
    private func failure(line: Int, _ message: String, snippet: String) -> ImportEvent {
        .failure(
            RecordFailure(
                kind: .invalidExample, file: displayPath, locator: .line(line), message: message, snippet: snippet))
    }
}
