/// The lines a mailing-list archive writes into a message where it took a part out, which are the archive's words,
/// not the sender's.
///
/// Mailman's pipermail (and archives built the same way) puts `-------------- next part --------------` where a
/// part began, and for a part it scrubbed `An HTML attachment was scrubbed...` with its `URL:`, or `A non-text
/// attachment was scrubbed...` with `Name:`, `Type:`, `Size:`, `Desc:` and `URL:` lines.
public enum ArchiveNotices {
    /// `text` (line breaks as `\n`) without the archive's notices, and each notice taken out (its lines, trimmed).
    ///
    /// A part separator goes with the notice under it, or alone when the sender's text follows it (a second text
    /// part the archive kept inline); the blank lines left around a notice taken out of the middle become one.
    public static func remove(from text: String) -> (text: String, notices: [String]) {
        guard text.contains(separator) || text.contains("was scrubbed...") else { return (text, []) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let isBlank = { (line: Substring) in MailText.trimmed(String(line)).isEmpty }
        var kept: [Substring] = []
        var notices: [String] = []
        var afterNotice = false
        var index = 0
        while index < lines.count {
            let line = MailText.trimmed(String(lines[index]))
            let isSeparator = line == separator
            if isSeparator || isNotice(line) {
                var end = index + 1
                if isSeparator, end < lines.count, isNotice(MailText.trimmed(String(lines[end]))) { end += 1 }
                if end > index + 1 || !isSeparator {
                    while end < lines.count, isNoticeField(MailText.trimmed(String(lines[end]))) { end += 1 }
                }
                notices.append(lines[index..<end].map { MailText.trimmed(String($0)) }.joined(separator: "\n"))
                index = end
                afterNotice = true
                continue
            }
            // Blank lines after a notice taken out join the blank line kept before it.
            if afterNotice && line.isEmpty && (kept.last.map(isBlank) ?? true) {
                index += 1
                continue
            }
            afterNotice = false
            kept.append(lines[index])
            index += 1
        }
        while let last = kept.last, isBlank(last) { kept.removeLast() }
        return (kept.joined(separator: "\n"), notices)
    }

    /// Pipermail's line between the parts of a message.
    static let separator = "-------------- next part --------------"

    /// Whether `line` says a part was scrubbed: `An HTML attachment was scrubbed...`, `A non-text attachment was
    /// scrubbed...`, `An embedded message was scrubbed...`.
    static func isNotice(_ line: String) -> Bool {
        (line.hasPrefix("A ") || line.hasPrefix("An ")) && line.hasSuffix(" was scrubbed...") && line.count <= 80
    }

    /// Whether `line` is one of the lines a scrubbed-part notice lists: `Name:`, `Type:`, `Size:`, `Desc:`, `URL:`
    /// (and an embedded message's `From:`, `Subject:`, `Date:`).
    static func isNoticeField(_ line: String) -> Bool {
        noticeFields.contains { line.hasPrefix($0) }
    }

    private static let noticeFields = [
        "Name: ", "Type: ", "Size: ", "Desc: ", "URL: ", "From: ", "Subject: ", "Date: ",
    ]
}
