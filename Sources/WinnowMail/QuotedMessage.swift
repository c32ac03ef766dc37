import Foundation

/// The message a reply quotes first, read back from the quoted history the reply cleaner took out of it: who wrote
/// it (from the history's header block, `From: Jane Doe <jane@example.org>`, or its reply header, `On ... Jane Doe
/// <jane@example.org> wrote:`) and its newest text (the history under the header, one level of `>` taken off,
/// cleaned as a message is: the history it quotes in turn and its signature left out).
///
/// What a mailbox's sent mail alone holds of the customer: an agent's answer quoting the question it answers, whose
/// own message is not in the file.
public struct QuotedMessage: Sendable, Equatable {
    /// The quoted message's senders as its header names them; empty when it names none by address.
    public var senders: [MailAddress]
    /// Its newest text.
    public var text: String

    /// The first message quoted in `quote` (one entry of ``CleanedReply/quoted``); nil when no header opens it or
    /// nothing is left of its text.
    public init?(quote: String) {
        let lines = quote.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        var index = 0
        func skipBlank() { while index < lines.count, ReplyLines.isSpaces(lines[index]) { index += 1 } }
        skipBlank()
        // A separator above the header block (`-----Original Message-----`, a rule).
        while index < lines.count {
            let line = ReplyLines.trimmingSpaces(Substring(lines[index]))
            guard ReplyCleaner.originalMessage.matches(line) || ReplyLines.isRule(line) else { break }
            index += 1
            skipBlank()
        }
        guard index < lines.count else { return nil }
        var header = ""
        let first = ReplyLines.trimmingSpaces(Substring(lines[index]))
        if ReplyCleaner.fromLabel.matches(first) {
            // A header block: label lines (a value wrapped onto the next line too) up to the first blank line.
            var from = ""
            while index < lines.count, !ReplyLines.isSpaces(lines[index]) {
                let line = ReplyLines.trimmingSpaces(Substring(lines[index]))
                if ReplyCleaner.fromLabel.matches(line), from.isEmpty { from = line }
                index += 1
            }
            header = from
        } else {
            // A reply header of up to four lines, ending in a colon (`On ... wrote:`, `Le ... a écrit :`).
            var end = index
            var joined = ""
            while end < lines.count, end - index < 4 {
                let line = ReplyLines.trimmingSpaces(Substring(lines[end]))
                end += 1
                joined += (joined.isEmpty ? "" : " ") + line
                if line.hasSuffix(":") || line.hasSuffix("：") { break }
            }
            // A reply header names a sender's address or a date; a quoted line ending in a colon is no header.
            guard joined.hasSuffix(":") || joined.hasSuffix("："), !joined.hasPrefix(">"),
                joined.contains("@") || ReplyCleaner.datedEvidence.matches(ReplyLines.asciiDigits(joined))
            else { return nil }
            header = joined
            index = end
        }
        senders = QuotedMessage.addresses(in: header)
        var body = Array(lines[index...])
        let written = body.filter { !ReplyLines.isSpaces($0) }
        if !written.isEmpty, written.allSatisfy({ ReplyLines.trimmingSpaces(Substring($0)).hasPrefix(">") }) {
            // Quoted with `>`: one level off.
            body = body.map { line in
                var rest = Substring(line).drop { $0 == " " || $0 == "\t" }
                guard rest.first == ">" else { return line }
                rest = rest.dropFirst()
                if rest.first == " " { rest = rest.dropFirst() }
                return String(rest)
            }
        }
        let cleaned = ReplyCleaner().clean(text: body.joined(separator: "\n"))
        let text = MailText.trimmed(cleaned.text)
        guard !text.isEmpty else { return nil }
        self.text = text
    }

    /// The text of the message `quote` holds first when its sender is not the support side (`roles`): named by an
    /// address that is not an agent's, or by none while the answer goes to `recipients` of whom one is not an agent.
    /// Nil otherwise: a quote of the support side's own mail is no customer's question.
    public static func question(in quote: String, recipients: [MailAddress], roles: MailRoles) -> String? {
        guard let quoted = QuotedMessage(quote: quote) else { return nil }
        if quoted.senders.isEmpty {
            guard recipients.contains(where: { !$0.address.isEmpty && !roles.isAgent($0) }) else { return nil }
        } else if quoted.senders.contains(where: roles.isAgent) {
            return nil
        }
        return quoted.text
    }

    /// The addresses a header line names: in angle brackets, or written bare (`jane@example.org`, `[mailto:...]`).
    static func addresses(in header: String) -> [MailAddress] {
        var found: [MailAddress] = []
        for word in header.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" }) {
            var token = word[...]
            if let colon = token.range(of: "mailto:", options: .caseInsensitive) {
                token = token[colon.upperBound...]
            }
            token = token.trimmingCharacters(in: CharacterSet(charactersIn: "<>[]()\"'.:"))[...]
            guard let at = token.firstIndex(of: "@"), at != token.startIndex, token.index(after: at) != token.endIndex,
                token[token.index(after: at)...].contains(".")
            else { continue }
            let address = MailAddress(name: "", address: token.lowercased())
            if !found.contains(address) { found.append(address) }
        }
        return found
    }
}
