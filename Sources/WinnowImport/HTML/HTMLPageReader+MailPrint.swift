import Foundation
import WinnowHTML
import WinnowMail

/// A mail client's print view of a thread (Gmail's "Print all", the usual way a Gmail conversation is saved): the
/// account's own mailbox at the top, the subject, then one block per message whose header row shows the sender
/// (`Name <address>`) and the date, a row of recipients and the message's body.
struct MailPrintView {
    /// One printed message.
    struct Mail {
        /// The message's block (a `<table>` in Gmail's view).
        var element: HTMLElement
        /// Who sent it, from the header row.
        var sender: MailAddress
        /// The date as the page shows it.
        var date: String
        /// The block without its header and recipient rows: what the sender wrote.
        var body: HTMLElement
    }

    /// The messages in page order (oldest first, as mail clients print them).
    var mails: [Mail]
    /// The mailbox the page was printed from (shown above the messages), when it shows one.
    var mailbox: MailAddress?
}

extension HTMLPageReader {
    /// The page as a mail client's print view of a thread, or nil when it is none: at least one `<table>` (none
    /// inside another) whose first row is a header row (a cell holding only a mailbox, `Name <address>` or an
    /// address, and a later cell holding a short text with a digit, the date) followed by the message's rows.
    /// The mailbox is the first address shown outside the messages (Gmail prints the account's at the top).
    func mailPrintView() -> MailPrintView? {
        var mails: [MailPrintView.Mail] = []
        func visit(_ element: HTMLElement) {
            for child in element.childElements where !child.isHidden {
                if child.name == "table", let mail = HTMLPageReader.printedMail(child) {
                    mails.append(mail)
                } else {
                    visit(child)
                }
            }
        }
        visit(body)
        guard !mails.isEmpty else { return nil }
        let paths = Set(mails.map(\.element.path))
        let outside = body.removingDescendants { paths.contains($0.path) }.element.text
        let mailbox = HTMLPageReader.mailboxes(in: outside).first
        return MailPrintView(mails: mails, mailbox: mailbox)
    }

    /// The turns of a print view: the account's mailbox writes for the team (the page was printed from its mailbox),
    /// and so do `--agent-address` and `--agent-domain` senders when given (then only they do), else senders whose
    /// address looks like a helpdesk; everyone else is the customer. With no mailbox shown and no sender looking
    /// like a helpdesk, the first sender is the customer and the others answer. Gmail's `[Quoted text hidden]`
    /// marks are left out with the quotes.
    func mailPrintTurns(_ view: MailPrintView) -> [ThreadTurn] {
        let roles = options.mailRoles
        var agents = view.mails.map { mail -> Bool in
            if roles.isNamed { return roles.isAgent(mail.sender) }
            if let mailbox = view.mailbox, !mailbox.address.isEmpty, mail.sender.address == mailbox.address {
                return true
            }
            return mail.sender.looksLikeHelpdesk
        }
        if !roles.isNamed, view.mailbox == nil, !agents.contains(true), let first = view.mails.first {
            agents = view.mails.map { $0.sender.address != first.sender.address }
        }
        return zip(view.mails, agents).map { mail, agent in
            var cleaned = messageCleaner.clean(mail.body, agent: agent)
            let lines = cleaned.text.split(separator: "\n", omittingEmptySubsequences: false)
            let hidden = lines.filter { HTMLPageReader.isHiddenQuoteMark($0) }
            if !hidden.isEmpty {
                cleaned.text = lines.filter { !HTMLPageReader.isHiddenQuoteMark($0) }.joined(separator: "\n")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                cleaned.quoted += hidden.map { $0.trimmingCharacters(in: .whitespaces) }
            }
            return ThreadTurn(author: agent ? .agent : .customer, cleaned: cleaned)
        }
    }

    /// Whether `line` is Gmail's mark for quoted text it left out of the print (`[Quoted text hidden]`).
    private static func isHiddenQuoteMark(_ line: Substring) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed.hasPrefix("[") && trimmed.hasSuffix("]") && trimmed.contains("quoted text")
    }

    /// `table` as one printed message, when its first row is a mail header row and a row with text follows it.
    private static func printedMail(_ table: HTMLElement) -> MailPrintView.Mail? {
        var rows: [HTMLElement] = []
        for child in table.childElements where !child.isHidden {
            if child.name == "tr" { rows.append(child) }
            if ["thead", "tbody", "tfoot"].contains(child.name) {
                rows += child.childElements.filter { $0.name == "tr" && !$0.isHidden }
            }
        }
        guard rows.count >= 2, let header = rows.first else { return nil }
        let cells = cells(of: header)
        guard (2...3).contains(cells.count), let sender = onlyMailbox(cells[0].text),
            let date = cells.dropFirst().map(\.text).first(where: isShortDate)
        else { return nil }
        let recipientRows = Set(rows.dropFirst().filter(isRecipientRow).map(\.path))
        let body = table.removingDescendants { $0.path == header.path || recipientRows.contains($0.path) }.element
        guard !body.text.isEmpty else { return nil }
        return MailPrintView.Mail(element: table, sender: sender, date: date, body: body)
    }

    /// Whether `row` only lists recipients (`To:`, `Cc:`, `Bcc:`, `Reply-To:` lines, or a part classed
    /// `recipient`).
    private static func isRecipientRow(_ row: HTMLElement) -> Bool {
        if row.first(where: { $0.classes.contains { $0.hasPrefix("recipient") } }) != nil,
            row.first(where: { $0.name == "table" }) == nil
        {
            return true
        }
        let lines = row.text.split(whereSeparator: \.isNewline)
        return !lines.isEmpty
            && lines.allSatisfy { line in
                let lowered = line.lowercased()
                return ["to:", "cc:", "bcc:", "reply-to:"].contains { lowered.hasPrefix($0) }
            }
    }

    /// The mailbox `text` is and nothing else: `Name <address>` or a bare address.
    static func onlyMailbox(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.contains("\n"), trimmed.count <= 200 else { return nil }
        let found = mailboxes(in: trimmed)
        guard found.count == 1, let mailbox = found.first else { return nil }
        if trimmed.hasSuffix(">") || trimmed.lowercased() == mailbox.address { return mailbox }
        return nil
    }

    /// The mailboxes written in `text` (`Name <address>` with the name on the same line, or a bare address), in
    /// order.
    static func mailboxes(in text: String) -> [MailAddress] {
        let pattern =
            #"(?:([^\n<>]*?)\s*<\s*([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)\s*>|([^\s<>@"':;,()]+@[^\s<>@"':;,()]+\.[A-Za-z]{2,}))"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).compactMap { match in
            func group(_ index: Int) -> String? {
                guard let part = Range(match.range(at: index), in: text) else { return nil }
                return String(text[part])
            }
            if let address = group(2) {
                let name = (group(1) ?? "").trimmingCharacters(in: .whitespaces)
                return MailAddress(name: name, address: address)
            }
            return group(3).map { MailAddress(name: "", address: $0) }
        }
    }

    /// Whether `text` can be a message's date in a header row: one line of at most 80 characters with a digit.
    private static func isShortDate(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 80 && !text.contains("\n") && text.contains(where: \.isNumber)
            && !text.contains("@")
    }
}
