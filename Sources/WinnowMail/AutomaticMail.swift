/// Mail a machine sent in reply to another message, told by its header fields alone, in any language: an
/// out-of-office notice, a helpdesk's "we have received your request", a delivery failure or a read receipt.
///
/// RFC 3834 marks such replies `Auto-Submitted: auto-replied`; older responders write `X-Autoreply: yes`,
/// `X-Autorespond`, `X-Mail-Autoreply` or `Precedence: auto_reply`; delivery and read reports are
/// `multipart/report` (RFC 6522). `Auto-Submitted: auto-generated` is not taken for one: a contact form or a helpdesk
/// relaying a customer's words sends it too, and `Precedence: bulk` marks mailing lists, where people write.
public enum AutomaticMail {
    /// Fields whose presence (with any value but a no) marks an automatic reply.
    static let replyFields = ["X-Autoreply", "X-Autorespond", "X-Auto-Reply", "X-Mail-Autoreply", "X-Autoreply-From"]

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
}
