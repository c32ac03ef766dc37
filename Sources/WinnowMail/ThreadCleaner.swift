import Foundation

/// Strips quoted history and signatures from the text of one message, keeping what it removed as evidence.
///
/// Pure text in, text out, so the JSONL and CSV importers can use it on message bodies as well. Recognised:
/// - quoted history, cut from its first line to the end: an `On ... wrote:` line (possibly wrapped over two lines),
///   `-----Original Message-----`, `---------- Forwarded message ---------`, and an Outlook header block
///   (`From:` followed within a few lines by `Sent:` or `Date:`);
/// - lines starting with `>` anywhere (inline quoting), each run removed as one quote;
/// - signatures, cut from their first line to the end: the `-- ` delimiter line, and device footers such as
///   `Sent from my iPhone` or `Get Outlook for Android`;
/// - a sign-off above a signature or at the end: a closing line such as `Kind regards,` or `Thanks,` followed by at
///   most four short lines (a name, a role, a company) and then the signature or the end, with text above it (so
///   `Thanks!` alone, or as a message's last line, stays).
public struct ThreadCleaner: Sendable {
    /// One message after cleaning.
    public struct Cleaned: Sendable, Equatable {
        /// The message without quotes and signatures, trimmed.
        public var text: String
        /// The quoted history removed, each block trimmed.
        public var removedQuotes: [String]
        /// The signatures removed, each trimmed.
        public var removedSignatures: [String]

        /// A cleaning result.
        public init(text: String, removedQuotes: [String] = [], removedSignatures: [String] = []) {
            self.text = text
            self.removedQuotes = removedQuotes
            self.removedSignatures = removedSignatures
        }
    }

    /// A cleaner with the built-in patterns.
    public init() {}

    /// Cleans one message. `signatureRemoved` says that a signature was already taken out after this text (by its
    /// markup), so that a closing line left at the end goes with it.
    public func clean(_ text: String, signatureRemoved: Bool = false) -> Cleaned {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map(String.init)
        var quotes: [String] = []
        if let start = quoteStart(in: lines) {
            quotes.append(Self.joined(lines[start...]))
            lines.removeSubrange(start...)
        }
        var kept: [String] = []
        var quotedRun: [String] = []
        for line in lines + [""] {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix(">") {
                quotedRun.append(line)
                continue
            }
            if !quotedRun.isEmpty {
                quotes.append(Self.joined(quotedRun[...]))
                quotedRun.removeAll()
            }
            kept.append(line)
        }
        kept.removeLast()
        var signatures: [String] = []
        if let start = signatureStart(in: kept, signatureRemoved: signatureRemoved) {
            signatures.append(Self.joined(kept[start...]))
            kept.removeSubrange(start...)
        }
        return Cleaned(
            text: Self.joined(kept[...]), removedQuotes: quotes.filter { !$0.isEmpty },
            removedSignatures: signatures.filter { !$0.isEmpty })
    }

    /// The first line of quoted history, if any.
    func quoteStart(in lines: [String]) -> Int? {
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if Self.matches(line, Self.separatorPattern) { return index }
            if line.hasPrefix("On ") {
                if line.hasSuffix("wrote:") { return index }
                if index + 1 < lines.count, lines[index + 1].trimmingCharacters(in: .whitespaces).hasSuffix("wrote:"),
                    lines[index + 1].count < 80
                {
                    return index
                }
            }
            if line.hasPrefix("From:"), Self.isHeaderBlock(lines, from: index) { return index }
        }
        return nil
    }

    /// Whether the `From:` line at `index` starts a quoted e-mail header (a `Sent:` or `Date:` line within 4 lines,
    /// or both on the same line when the header was flattened).
    static func isHeaderBlock(_ lines: [String], from index: Int) -> Bool {
        let first = lines[index]
        if first.range(of: #"\b(Sent|Date):"#, options: .regularExpression) != nil { return true }
        for line in lines.dropFirst(index + 1).prefix(4) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("Sent:") || trimmed.hasPrefix("Date:") { return true }
        }
        return false
    }

    /// The first line of a signature, if any: a sign-off, else the delimiter or device footer.
    func signatureStart(in lines: [String], signatureRemoved: Bool = false) -> Int? {
        let delimited = delimitedSignatureStart(in: lines)
        return signOffStart(
            in: lines, before: delimited ?? lines.count, signatureFollows: delimited != nil || signatureRemoved)
            ?? delimited
    }

    /// The `-- ` delimiter line or a device footer.
    private func delimitedSignatureStart(in lines: [String]) -> Int? {
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line == "--" || line == "—" { return index }
            if Self.matches(line, Self.deviceFooterPattern) { return index }
        }
        return nil
    }

    /// A closing line right above `end` (the signature or the end of the message), with at most four short
    /// name-like lines between; without a signature after it, at least one such line (a bare `Thanks` ending a
    /// message is the message's own). There must be text above the closing line.
    private func signOffStart(in lines: [String], before end: Int, signatureFollows: Bool) -> Int? {
        var tail = 0
        for index in stride(from: end - 1, through: 0, by: -1) {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if Self.matches(line, Self.closingPattern) {
                guard signatureFollows || tail > 0 else { return nil }
                let textAbove = lines[..<index].contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                return textAbove ? index : nil
            }
            tail += 1
            guard tail <= 4, Self.isNameLike(line) else { return nil }
        }
        return nil
    }

    /// A short line that reads as a name, role, company or address, not a sentence.
    private static func isNameLike(_ line: String) -> Bool {
        let words = line.split(separator: " ").count
        guard line.count <= 60, words <= 8, let last = line.last else { return false }
        if "?!:".contains(last) { return false }
        return last != "." || words <= 3
    }

    private static func matches(_ line: String, _ pattern: String) -> Bool {
        line.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Lines joined and trimmed, with runs of blank lines folded to one.
    private static func joined(_ lines: ArraySlice<String>) -> String {
        var result: [String] = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty, result.last?.isEmpty ?? true { continue }
            result.append(trimmed.isEmpty ? "" : line)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }

    private static let separatorPattern =
        #"^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}$"#
    private static let closingPattern =
        #"^((kind|kindest|best|warm|warmest|many|with)\s+){0,2}"#
        + #"(regards|wishes|thanks|thank you|cheers|sincerely|all the best|best|yours (sincerely|truly)|respectfully)"#
        + #"(\s+again)?\s*[,.!]*$"#
    private static let deviceFooterPattern =
        #"^(Sent from my \S.*|Sent from (Mail|Outlook|Yahoo Mail)\b.*|Get Outlook for (iOS|Android).*)$"#
}
