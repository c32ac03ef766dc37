import Foundation

/// Splits the text of an exported e-mail thread into messages at their `From:` header blocks.
///
/// A header block is a `From:` line followed by `To:`, `Cc:`, `Date:`, `Subject:` or `Reply-To:` lines. A block
/// right after an `-----Original Message-----` line, or with a `Sent:` line (Outlook's quoted-reply header) once a
/// message has started, is quoted history inside that message, not the start of a new one: ``ReplyCleaner``
/// removes it later. (Outlook's own print view heads the first message with `Sent:`, so the first block may.)
struct EmailThreadSplitter: Sendable {
    /// One message: its header fields (lower-case names) and body text.
    struct Part: Sendable, Equatable {
        var headers: [String: String]
        var body: String

        /// The e-mail address in a header (`Dana <dana@example.com>` gives `dana@example.com`), lower-cased.
        func address(_ header: String) -> String? {
            guard let value = headers[header] else { return nil }
            if let range = value.range(of: #"[^\s<>"']+@[^\s<>"']+"#, options: .regularExpression) {
                return value[range].lowercased()
            }
            return value.lowercased()
        }
    }

    /// The text before the first header block, and the messages.
    func split(_ text: String) -> (preamble: String, parts: [Part]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var preamble: [String] = []
        var parts: [Part] = []
        var body: [String] = []
        var headers: [String: String]?
        var index = 0
        while index < lines.count {
            if let (fields, next) = headerBlock(lines, at: index, first: headers == nil) {
                if let current = headers { parts.append(Part(headers: current, body: Self.trimmed(body))) }
                headers = fields
                body = []
                index = next
                continue
            }
            if headers == nil { preamble.append(lines[index]) } else { body.append(lines[index]) }
            index += 1
        }
        if let current = headers { parts.append(Part(headers: current, body: Self.trimmed(body))) }
        return (Self.trimmed(preamble), parts)
    }

    /// The header fields starting at `index` and the line after them, when a message header starts there.
    private func headerBlock(_ lines: [String], at index: Int, first: Bool) -> ([String: String], Int)? {
        guard let from = field(lines[index]), from.name == "from" else { return nil }
        let previous = lines[..<index].last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if let previous, previous.trimmingCharacters(in: .whitespaces).hasPrefix("-----") { return nil }
        var fields = [from.name: from.value]
        var next = index + 1
        while next < lines.count, let header = field(lines[next]), Self.headerNames.contains(header.name) {
            fields[header.name] = header.value
            next += 1
        }
        guard fields.count > 1, first || fields["sent"] == nil else { return nil }
        return (fields, next)
    }

    private func field(_ line: String) -> (name: String, value: String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let name = trimmed[..<colon].lowercased()
        guard name == "from" || Self.headerNames.contains(name) else { return nil }
        return (name, trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    private static func trimmed(_ lines: [String]) -> String {
        lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let headerNames: Set<String> = ["to", "cc", "date", "subject", "reply-to", "sent"]
}
