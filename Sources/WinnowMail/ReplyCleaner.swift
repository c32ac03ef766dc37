import Foundation
import WinnowHTML

/// Splits an e-mail message into its newest text, quoted history, forwarded parts, signature, disclaimer and mail
/// gateway banners, in plain text or HTML. Every importer and the rules use this one cleaner.
///
/// Plain text, line by line (see `ReplyLines.swift`):
/// - quoted history: runs of `>` lines anywhere (the text between them, an inline reply, stays), each with the reply
///   header above it, and a run of `|` lines right under a reply header; the older Gmail header with neither verb
///   nor colon (`2013/7/20 Sam <sam@example.com>`) counts above such a quote; a header after a reply typed on its
///   line (`Thanks! On ... wrote:`) goes from where it starts; a reply header (`On ... wrote:` and its
///   translations, also wrapped over two or three lines, with an address or a date with its year; with the sender
///   or the verb first, a date, a time and an address), an `-----Original Message-----` line or an Outlook header
///   block (`From:`/`Sent:`/`To:`/`Subject:` in the languages above) followed by unquoted text cuts the rest of the
///   message (a header with less, down to Thunderbird's `Bob wrote:`, only right above a quote or a header
///   block), and so does a helpdesk notification's reply line (`##- Please type your reply above this line
///   -##` and its translations, `Please reply above this line`);
/// - forwarded messages: `---------- Forwarded message ---------`, `Begin forwarded message:` and translations;
/// - mail gateways' banners: a paragraph, or the lines opening or closing one, at the top or the bottom of the
///   newest text that warns the message came from outside the organisation (`CAUTION: This email originated from
///   outside of the organization...`, `[EXTERNAL]`, Outlook's `You don't often get email from ...`, and their
///   translations; see `GatewayBanner`), with the rules drawn around it; text that only mentions something
///   external stays;
/// - disclaimers: a paragraph opening like a confidentiality notice, or a mailing list's footer (`You received this
///   message because you are subscribed...`, Mailman's rule and `NAME mailing list` lines, `Groups.io Links:`), to
///   the end;
/// - signatures: the `-- ` delimiter or a device footer (`Sent from my iPhone`, `Von meinem iPhone gesendet`, with
///   names right above it), to the end, or without either a block of contact details ending the message (a name,
///   titles, an address, a phone, a web address; see `SignatureBlock`), with a closing line above them (`Kind
///   regards,` and a name); a closing line ending the message with no signature after it only when
///   ``Options/removesClosingLines`` is set.
///
/// The newest message is never dropped: a header with nothing above it removes only itself (a bottom-posted or
/// forwarded message keeps what follows, also under a gateway's banner or a device footer), and when cleaning would
/// leave nothing the whole text is kept (``CleanedReply/keptWhole``). Only a reply sent with nothing typed, a device
/// footer or a gateway's banner above quoted history, is empty. HTML is cleaned by its markup first (see
/// `ReplyCleaner+HTML.swift`), then as text.
public struct ReplyCleaner: Sendable {
    /// Choices about what counts as removable.
    public struct Options: Sendable, Equatable {
        /// Whether a closing line and the short name lines under it, ending a message with no signature after
        /// them (`Thanks,` / `Priya`), are removed as a signature. Off by default: the sender wrote them, and a
        /// customer's message reads as it did. Importers set it for agent replies, whose sign-off a model should not
        /// learn to imitate.
        public var removesClosingLines: Bool

        /// Options; by default closing lines without a signature stay.
        public init(removesClosingLines: Bool = false) {
            self.removesClosingLines = removesClosingLines
        }
    }

    /// What counts as removable.
    public var options: Options

    /// A cleaner with the built-in patterns.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Cleans a plain-text message.
    public func clean(text: String) -> CleanedReply {
        clean(text: text, signatureRemoved: false)
    }

    /// Cleans a plain-text message. `signatureRemoved` says that a signature was already taken out after this text
    /// (by its markup), so that a closing line left at its end goes with it.
    public func clean(text: String, signatureRemoved: Bool) -> CleanedReply {
        var reader = ReplyLines(text: text)
        return reader.clean(options: options, signatureRemoved: signatureRemoved, containers: [])
    }

    /// Cleans an HTML message body (a whole page or a fragment): by its markup, then its visible text as plain
    /// text. A body libxml2 cannot parse at all is cleaned as text.
    public func clean(html: String) -> CleanedReply {
        guard let document = try? HTMLDocument(bytes: Array(html.utf8), encoding: "UTF-8") else {
            return clean(text: html)
        }
        let root = document.root
        return clean(element: root.childElements.first { $0.name == "body" } ?? root)
    }
}

extension ReplyCleaner {
    /// How many earlier messages the plain-text message `text` quotes (its reply headers, separators and header
    /// blocks, or its deepest `>` nesting): what orders the messages of an undated thread whose replies carry their
    /// history.
    public static func quotedMessageCount(text: String) -> Int {
        ReplyLines(text: text).quotedMessageCount()
    }

    /// Whether one of the last lines of `text` is a closing line (`Best regards,`): what a cleaner that removes
    /// closing lines could still take from a text already cleaned without (a cheap look before cleaning again).
    public static func mayEndWithClosingLine(_ text: String) -> Bool {
        var seen = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).reversed() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if trimmed.count <= 60, closingLine.matches(trimmed) { return true }
            seen += 1
            if seen == 6 { return false }
        }
        return false
    }

    /// Whether ``clean(text:)`` could find any part in `text`; false only when it surely finds none, so a caller
    /// that only wants the parts may skip the cleaner. Every part of plain text needs one of these: a `>` quote;
    /// a colon (header blocks, reply headers; also the full-width one), the `>` closing an address (the header with
    /// no colon), a dash, underscore or equals sign (reply headers ending in a dash, separators, the signature
    /// delimiter); a disclaimer word; the first words of a device footer; for a signature block of contact details,
    /// an `@`, `www.` or seven digits; a gateway banner's word for "external" or "outside". Text with any non-ASCII byte, or cleaning that removes closing lines on its
    /// own, is always handed to the cleaner.
    public func mayFindParts(_ text: String) -> Bool {
        if options.removesClosingLines { return true }
        var text = text
        return text.withUTF8 { bytes in
            var digits = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: ">"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "="),
                    UInt8(ascii: "@"):
                    return true
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
                case 0x80...: return true
                default: continue
                }
            }
            return digits >= 7 || Self.plainTriggerWords.occurs(in: bytes)
        }
    }

    /// Words one of which every ASCII disclaimer, device footer or gateway banner holds: the disclaimer prefilter's
    /// ASCII words (``ReplyLines/disclaimerWords``), the banners' (``GatewayBanner/asciiWords``) and the first words
    /// of each ASCII footer ``deviceFooter`` knows.
    static let plainTriggerWords = ASCIIWordSet(
        ReplyLines.disclaimerWords + GatewayBanner.asciiWords + [
            "sent ", "get outlook", "get [outlook", "from my", "von meinem", "gesendet", "diese nachricht", "enviado",
            "inviato", "verzonden", "verstuurd", "skickat", "sendt", "via ", "www.", "trimis de pe",
        ])
}
