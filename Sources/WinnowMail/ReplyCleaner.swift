import Foundation
import WinnowHTML

/// One e-mail message taken apart: the newest text, and what was removed from around it.
public struct CleanedReply: Sendable, Equatable {
    /// The newest message: what its sender wrote this time, trimmed.
    public var text: String
    /// Quoted history (earlier messages of the thread), each block trimmed.
    public var quoted: [String]
    /// Forwarded messages, each trimmed.
    public var forwarded: [String]
    /// Signatures and sign-offs, each trimmed.
    public var signatures: [String]
    /// Legal disclaimers, each trimmed.
    public var disclaimers: [String]

    /// A cleaned message.
    public init(
        text: String, quoted: [String] = [], forwarded: [String] = [], signatures: [String] = [],
        disclaimers: [String] = []
    ) {
        self.text = text
        self.quoted = quoted
        self.forwarded = forwarded
        self.signatures = signatures
        self.disclaimers = disclaimers
    }
}

/// Splits an e-mail message into its newest text, quoted history, forwarded parts, signature and disclaimer, in
/// plain text or HTML. Every importer and the rules use this one cleaner.
public struct ReplyCleaner: Sendable {
    /// A cleaner with the built-in patterns.
    public init() {}

    /// Cleans a plain-text message.
    public func clean(text: String) -> CleanedReply {
        let cleaned = ThreadCleaner().clean(text)
        return CleanedReply(text: cleaned.text, quoted: cleaned.removedQuotes, signatures: cleaned.removedSignatures)
    }

    /// Cleans an HTML message body: its visible text, cleaned as plain text.
    public func clean(html: String) -> CleanedReply {
        guard let document = try? HTMLDocument(bytes: Array(html.utf8), encoding: "UTF-8") else {
            return clean(text: html)
        }
        return clean(text: document.root.text)
    }
}
