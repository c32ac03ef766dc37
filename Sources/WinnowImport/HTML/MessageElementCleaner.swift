import WinnowHTML
import WinnowMail

/// Takes quoted history and signatures out of one message's markup, then out of its text (``ThreadCleaner``).
///
/// Markup first: `blockquote`, elements whose class names a quote (`gmail_quote`, `quoted`) or a signature
/// (`gmail_signature`, `signature`), Outlook's reply header (`id="divRplyFwdMsg"`), and — when the message has a
/// part whose class ends in `body`, `content` or `text` — everything outside that part, else the byline (`header`,
/// `time`, classes naming the author, sender, meta data or timestamp).
struct MessageElementCleaner: Sendable {
    /// The cleaned text of `element`, with what was removed.
    func clean(_ element: HTMLElement) -> ThreadCleaner.Cleaned {
        let content =
            element.first { $0.path != element.path && MessageElementCleaner.isBody($0) }
            ?? element.removingDescendants(where: MessageElementCleaner.isByline).element
        let (withoutQuotes, quoteElements) = content.removingDescendants(where: MessageElementCleaner.isQuote)
        let (withoutSignatures, signatureElements) = withoutQuotes.removingDescendants(
            where: MessageElementCleaner.isSignature)
        var cleaned = ThreadCleaner().clean(withoutSignatures.text, signatureRemoved: !signatureElements.isEmpty)
        cleaned.removedQuotes = quoteElements.map(\.text).filter { !$0.isEmpty } + cleaned.removedQuotes
        cleaned.removedSignatures = signatureElements.map(\.text).filter { !$0.isEmpty } + cleaned.removedSignatures
        return cleaned
    }

    /// Whether `element` is quoted history by its markup.
    static func isQuote(_ element: HTMLElement) -> Bool {
        if element.name == "blockquote" { return true }
        if let id = element.attribute("id")?.lowercased(), id == "divrplyfwdmsg" || id == "appendonsend" { return true }
        return element.classes.contains { $0.contains("quote") }
    }

    /// Whether `element` is a signature by its markup.
    static func isSignature(_ element: HTMLElement) -> Bool {
        element.classes.contains { $0.contains("signature") }
            || element.attribute("data-smartmail") == "gmail_signature"
    }

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
