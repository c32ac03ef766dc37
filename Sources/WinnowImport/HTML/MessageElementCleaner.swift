import Foundation
import WinnowHTML
import WinnowMail

/// Cleans one message element of a ticket page: leaves out its byline, then hands it to ``ReplyCleaner``, which
/// takes quoted history, forwarded parts, signatures, disclaimers and gateway banners out by markup and by text.
///
/// When the message has a part whose class ends in `body`, `content` or `text`, only that part is read; otherwise
/// the byline (`header`, `time`, classes naming the author, sender, meta data or timestamp) is left out.
struct MessageElementCleaner: Sendable {
    /// Whether replies are cleaned at all (`--no-clean-replies` turns it off: the text is kept as it reads).
    var cleans = true

    /// The cleaned text of `element`, with what was removed; `agent` says an agent wrote it.
    func clean(_ element: HTMLElement, agent: Bool = false) -> CleanedReply {
        let content =
            element.first { $0.path != element.path && MessageElementCleaner.isBody($0) }
            ?? element.removingDescendants(where: MessageElementCleaner.isByline).element
        guard cleans else { return CleanedReply(text: content.text) }
        return MessageElementCleaner.cleaner(agent: agent).clean(element: content)
    }

    /// The cleaned `text`; `agent` says an agent wrote it.
    func clean(text: String, agent: Bool = false) -> CleanedReply {
        guard cleans else { return CleanedReply(text: text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return MessageElementCleaner.cleaner(agent: agent).clean(text: text)
    }

    /// The reply cleaner for a message's author: closing lines stay in a customer's message and go from an agent's
    /// reply, whose sign-off a model should not learn.
    private static func cleaner(agent: Bool) -> ReplyCleaner {
        agent ? agentCleaner : customerCleaner
    }

    private static let customerCleaner = ReplyCleaner()
    private static let agentCleaner = ReplyCleaner(options: ReplyCleaner.Options(removesClosingLines: true))

    /// Whether `element` is a message's byline (author, time) rather than what was said.
    static func isByline(_ element: HTMLElement) -> Bool {
        if element.name == "header" || element.name == "time" { return true }
        return element.classes.contains { token in
            token.split { $0 == "-" || $0 == "_" }.contains { bylineWords.contains(String($0)) }
        }
    }

    /// Whether `element` holds a message's body text apart from its header.
    static func isBody(_ element: HTMLElement) -> Bool {
        element.classes.contains { token in
            token.split { $0 == "-" || $0 == "_" }.last.map { bodyWords.contains(String($0)) } ?? false
        }
    }

    private static let bylineWords: Set<String> = [
        "from", "author", "sender", "meta", "byline", "timestamp", "avatar", "who",
    ]
    private static let bodyWords: Set<String> = ["body", "content", "text"]
}
