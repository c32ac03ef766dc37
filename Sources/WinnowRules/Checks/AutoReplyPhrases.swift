/// The phrase lists of `auto_reply`, by category. Acknowledgement phrases are the automatic kind ("we have received
/// your request and will..."), not an agent confirming what they did.
enum AutoReplyPhrases {
    static let lists: [(category: String, phrases: [String])] = [
        (
            "out_of_office",
            [
                "out of office", "out of the office", "out-of-office", "i am currently away", "i'm currently away",
                "i am away from", "i'm away from", "on annual leave", "on vacation until", "on holiday until",
                "on parental leave", "limited access to email", "limited access to my email", "with limited access to",
                "i will be back on", "back in the office on", "i will return on", "i'll be back on",
            ]
        ),
        (
            "automatic",
            [
                "automatic reply", "auto-reply", "autoreply", "auto reply", "automated response", "automated reply",
                "automated message", "automatically generated", "this is an automated", "this is an automatic",
                "do not reply to this", "please do not reply", "this mailbox is not monitored", "unmonitored mailbox",
                "this inbox is not monitored",
            ]
        ),
        (
            "acknowledgement",
            [
                "we have received your request and", "we've received your request and",
                "we have received your message and", "we've received your message and",
                "we have received your email and", "we've received your email and",
                "your request has been received", "your message has been received", "your ticket has been created",
                "a ticket has been created", "a support ticket has been opened", "your case number is",
                "your ticket number is", "has been assigned ticket number", "one of our agents will respond",
                "a member of our team will respond", "a member of our team will be in touch",
                "we will respond to your request within", "we aim to respond within",
                "thank you for your patience while",
            ]
        ),
        (
            "delivery_failure",
            [
                "delivery status notification", "mail delivery failed", "mail delivery subsystem", "undeliverable:",
                "delivery has failed", "message not delivered", "returned mail:", "could not be delivered",
                "delivery to the following recipient", "recipient address rejected", "mailbox unavailable",
                "550 5.1.1", "permanent fatal errors", "mailer-daemon",
            ]
        ),
        (
            "no_reply_sender",
            [
                "noreply@", "no-reply@", "no_reply@", "donotreply@", "do-not-reply@", "do_not_reply@", "mailer-daemon@",
                "postmaster@",
            ]
        ),
    ]

    static let categoryNames = lists.map(\.category)

    static func describe(_ category: String) -> String {
        switch category {
        case "out_of_office": return "out-of-office reply"
        case "automatic": return "automatic message"
        case "acknowledgement": return "automatic acknowledgement, not an answer"
        case "delivery_failure": return "mail delivery failure"
        case "no_reply_sender": return "no-reply sender"
        default: return "automatic reply phrase"
        }
    }
}
