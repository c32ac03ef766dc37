import WinnowCore

/// One e-mail message taken apart: the newest text, and what was removed from around it.
public struct CleanedReply: Sendable, Equatable {
    /// What a removed part of a message was.
    public enum Part: String, Sendable, Equatable, CaseIterable {
        /// Quoted history: earlier messages of the thread, with their reply headers.
        case quoted
        /// A forwarded message, with its marker and headers.
        case forwarded
        /// A signature, device footer or sign-off.
        case signature
        /// A legal disclaimer.
        case disclaimer
        /// A mail gateway's banner: a warning that the message came from outside the organisation, or a tag.
        case banner
    }

    /// A removed part and where it was in the cleaned text.
    public struct Span: Sendable, Equatable {
        /// What the part was.
        public var part: Part
        /// Its UTF-8 byte range in the text given to ``ReplyCleaner/clean(text:)``.
        public var bytes: Range<Int>

        /// A span of `part` at `bytes`.
        public init(part: Part, bytes: Range<Int>) {
            self.part = part
            self.bytes = bytes
        }
    }

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
    /// Mail gateways' banners (`CAUTION: This email originated from outside of the organization...`), each trimmed.
    public var banners: [String]
    /// Where the removed parts were, in the order they appear (plain text only; empty for HTML, whose parts are
    /// not in its text).
    public var spans: [Span]
    /// Whether cleaning would have left nothing, so `text` is the whole message as given. The removed-part lists
    /// then say what the text holds besides a reply, but nothing was taken out.
    public var keptWhole: Bool

    /// A cleaned message.
    public init(
        text: String, quoted: [String] = [], forwarded: [String] = [], signatures: [String] = [],
        disclaimers: [String] = [], banners: [String] = [], spans: [Span] = [], keptWhole: Bool = false
    ) {
        self.text = text
        self.quoted = quoted
        self.forwarded = forwarded
        self.signatures = signatures
        self.disclaimers = disclaimers
        self.banners = banners
        self.spans = spans
        self.keptWhole = keptWhole
    }

    /// Whether anything was taken out of the message.
    public var removedAnything: Bool {
        !keptWhole
            && !(quoted.isEmpty && forwarded.isEmpty && signatures.isEmpty && disclaimers.isEmpty && banners.isEmpty)
    }

    /// The removed parts as the metadata importers store them as evidence: ``removedMetadata``, or
    /// `reply_kept_whole: true` when cleaning would have left nothing.
    public var metadata: JSONObject {
        guard keptWhole else { return removedMetadata }
        var object = JSONObject()
        object["reply_kept_whole"] = .bool(true)
        return object
    }

    /// This reply followed by `other`'s: texts joined by a blank line, removed parts concatenated.
    public func merged(with other: CleanedReply) -> CleanedReply {
        CleanedReply(
            text: [text, other.text].filter { !$0.isEmpty }.joined(separator: "\n\n"), quoted: quoted + other.quoted,
            forwarded: forwarded + other.forwarded, signatures: signatures + other.signatures,
            disclaimers: disclaimers + other.disclaimers, banners: banners + other.banners, spans: [],
            keptWhole: keptWhole && other.keptWhole)
    }
}
