/// Mail a machine sent in reply to another message, told by its header fields (and calendar parts) alone, in any
/// language: an out-of-office notice, a helpdesk's "we have received your request", a delivery failure, a read
/// receipt, a calendar invitation or its answer.
///
/// RFC 3834 marks such replies `Auto-Submitted: auto-replied`; older responders write `X-Autoreply: yes`,
/// `X-Autorespond`, `X-Mail-Autoreply` or `Precedence: auto_reply`; delivery and read reports are
/// `multipart/report` (RFC 6522); calendar invitations and answers are `text/calendar` or carry
/// `Content-Class: urn:content-classes:calendarmessage`; an Outlook message file says what it is by its message
/// class (``OutlookMessage/messageClassField``). `Auto-Submitted: auto-generated` is not taken for one: a contact
/// form or a helpdesk relaying a customer's words sends it too, and `Precedence: bulk` marks mailing lists, where
/// people write.
public enum AutomaticMail {
    /// Fields whose presence (with any value but a no) marks an automatic reply.
    static let replyFields = ["X-Autoreply", "X-Autorespond", "X-Auto-Reply", "X-Mail-Autoreply", "X-Autoreply-From"]

    /// Why `message` is an automatic reply or report (``reason(_:)-(MailHeaders)``), or a calendar invitation or
    /// answer sent as mail: a calendar part with no file name (`text/calendar; method=REQUEST` beside the text, as
    /// Google Calendar, Outlook and Apple Calendar send them), which a person's message attaching an `.ics` file has
    /// not.
    public static func reason(_ message: MailMessage) -> String? {
        if let reason = reason(message.headers) { return reason }
        if message.attachments.contains(where: { $0.contentType == "text/calendar" && $0.name.isEmpty }) {
            return "a calendar invitation or answer (a text/calendar part)"
        }
        return nil
    }

    /// Why the message with `headers` is an automatic reply or report (`Auto-Submitted: auto-replied`), or nil.
    public static func reason(_ headers: MailHeaders) -> String? {
        if let header = headers["Content-Type"] {
            let type = MIMEContentType(header)
            if type.value == "multipart/report" {
                switch type["report-type"]?.lowercased() {
                case "delivery-status", "global-delivery-status": return "a delivery status report"
                case "disposition-notification", "global-disposition-notification": return "a read receipt"
                default: return "an automatic report (multipart/report)"
                }
            }
            if type.value == "text/calendar" { return "a calendar invitation or answer (text/calendar)" }
        }
        if let value = headers["Content-Class"], value.lowercased().contains("calendarmessage") {
            return "a calendar invitation or answer (Content-Class: \(MailText.trimmed(value)))"
        }
        if let value = headers[OutlookMessage.messageClassField], let kind = outlookKind(MailText.trimmed(value)) {
            return "\(kind) (Outlook's message class \(MailText.trimmed(value)))"
        }
        if let value = headers["Auto-Submitted"] {
            let keyword = MailText.trimmed(String(value.prefix { $0 != ";" && $0 != "(" })).lowercased()
            if keyword == "auto-replied" { return "Auto-Submitted: auto-replied" }
        }
        for name in replyFields {
            guard let value = headers[name] else { continue }
            let answer = MailText.trimmed(value).lowercased()
            if !["no", "false", "0", "off"].contains(answer) { return "\(name): \(MailText.trimmed(value))" }
        }
        if let precedence = headers["Precedence"], MailText.trimmed(precedence).lowercased() == "auto_reply" {
            return "Precedence: auto_reply"
        }
        return nil
    }

    /// What an Outlook message of class `messageClass` is when a machine sent it: a delivery or read report
    /// (`REPORT.IPM.Note.NDR`), an out-of-office or rule's reply, a meeting request or answer, a task request, a
    /// recall. Nil for mail a person wrote (`IPM.Note`, `IPM.Note.SMIME`...).
    static func outlookKind(_ messageClass: String) -> String? {
        let name = messageClass.lowercased()
        let kinds = [
            ("report.", "a delivery or read report"), ("ipm.note.rules.ooftemplate", "an out-of-office reply"),
            ("ipm.note.rules.replytemplate", "an automatic reply"),
            ("ipm.schedule.meeting", "a calendar invitation or answer"), ("ipm.taskrequest", "a task request"),
            ("ipm.outlook.recall", "a message recall"), ("ipm.recall.report", "a message recall report"),
        ]
        return kinds.first { name.hasPrefix($0.0) }?.1
    }
}
