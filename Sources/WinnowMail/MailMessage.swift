import WinnowHTML

/// Why a mail message could not be read.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words a user can act on.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A file attached to a message: listed, never imported.
public struct MailAttachment: Sendable, Equatable {
    /// The file name the sender gave, or empty.
    public var name: String
    /// The part's content type (`application/pdf`).
    public var contentType: String
    /// The decoded size in bytes (the encoded size when it could not be decoded).
    public var size: Int

    /// An attachment.
    public init(name: String, contentType: String, size: Int) {
        self.name = name
        self.contentType = contentType
        self.size = size
    }
}

/// A message carried inside another (`message/rfc822`, usually a forward): kept as evidence, not taken as the body.
public struct ForwardedMessage: Sendable, Equatable {
    /// Its subject.
    public var subject: String
    /// Its sender.
    public var from: String
    /// Its `Date:` header as written.
    public var date: String
    /// Its body text (plain, or HTML as sent).
    public var text: String
    /// Whether `text` is HTML.
    public var textIsHTML: Bool

    /// A forwarded message.
    public init(subject: String, from: String, date: String, text: String, textIsHTML: Bool = false) {
        self.subject = subject
        self.from = from
        self.date = date
        self.text = text
        self.textIsHTML = textIsHTML
    }
}

/// One RFC 5322 / MIME message, read from its bytes: headers decoded, the body chosen from its parts and decoded to
/// text, attachments and forwarded messages listed.
///
/// The body is the message's `text/plain` parts (several inline ones are joined by a blank line); `text/html` is
/// used only when there is no plain text, and then `bodyIsHTML` is true. Inline plain and HTML parts side by side
/// that are not alternatives (an HTML message with a plain-text signature part) are all the body, in order, the HTML
/// read as text. A list archive's notices of parts it took
/// out are not the body (`archiveNotices`). Header bytes a client wrote raw in its charset are read in a charset the
/// message's parts declare (``MailCharset/decodeRawHeader(_:hints:)``). Transfer encodings and charsets are undone
/// (see ``TransferEncoding`` and ``MailCharset``); what could not be followed exactly is said in `notes`.
public struct MailMessage: Sendable, Equatable {
    /// The top-level header fields.
    public var headers: MailHeaders
    /// The subject, encoded words decoded.
    public var subject: String
    /// The senders (normally one).
    public var from: [MailAddress]
    /// The `To` recipients.
    public var to: [MailAddress]
    /// The `Cc` recipients.
    public var cc: [MailAddress]
    /// The `Date:` header, when it could be read.
    public var date: MailDate?
    /// The `Message-ID` without angle brackets, or nil.
    public var messageID: String?
    /// The ids of `In-Reply-To`.
    public var inReplyTo: [String]
    /// The ids of `References`, oldest first.
    public var references: [String]
    /// The body text, line breaks as `\n`.
    public var body: String
    /// Whether `body` is HTML (no plain-text part existed).
    public var bodyIsHTML: Bool
    /// The charset the body was declared in (lower-cased), or nil.
    public var charset: String?
    /// Every charset its text parts declare, and those of the messages it carries, in order (lower-cased).
    public var declaredCharsets: [String]
    /// Attached files.
    public var attachments: [MailAttachment]
    /// Messages carried inside this one.
    public var forwarded: [ForwardedMessage]
    /// What could not be decoded exactly as declared (charsets, undecodable attachments, a missing boundary...).
    public var notes: [String]
    /// The notices a mailing-list archive wrote where it took parts out (``ArchiveNotices``), taken out of `body`.
    public var archiveNotices: [String]

    /// How deep multiparts and nested messages may go before the rest is listed as an attachment.
    public static let maximumDepth = 24

    /// Reads a message from its bytes (LF or CRLF line breaks).
    ///
    /// Throws ``MailError`` when the bytes have no header field at all, or when no body part can be decoded (an
    /// unknown transfer encoding, base64 that is not base64).
    public init(bytes: ArraySlice<UInt8>) throws {
        try self.init(bytes: bytes, depth: 0)
    }

    /// Reads a message from `bytes`.
    public init(bytes: [UInt8]) throws {
        try self.init(bytes: bytes[...], depth: 0)
    }

    init(bytes: ArraySlice<UInt8>, depth: Int) throws {
        var (headers, bodyStart, skippedLines) = MailHeaders.parseMessage(bytes)
        guard !headers.fields.isEmpty else {
            throw MailError("no header fields: this is not a mail message")
        }
        var walker = MIMEWalker()
        if skippedLines > 0 {
            walker.notes.append("\(skippedLines) blank line\(skippedLines == 1 ? "" : "s") above the header skipped")
        }
        walker.walk(headers: headers, body: bytes[bodyStart...], depth: depth)
        declaredCharsets = walker.declaredCharsets
        // Header bytes written raw in a charset other than UTF-8 are read in one the message's parts declare.
        if headers.fields.contains(where: { $0.raw != nil }) {
            let hints = (MIMEContentType(headers["Content-Type"])["charset"].map { [$0] } ?? []) + declaredCharsets
            for index in headers.fields.indices {
                guard let raw = headers.fields[index].raw,
                    let text = MailCharset.decodeRawHeader(raw, hints: hints)
                else { continue }
                headers.fields[index].value = MailText.trimmed(text)
            }
        }
        self.headers = headers
        var notes: [String] = []
        let decodedSubject = EncodedWords.decode(headers["Subject"] ?? "")
        notes += decodedSubject.notes
        subject = MailText.trimmed(decodedSubject.text.replacingLineBreaks())
        from = MailAddress.list(headers["From"] ?? headers["Sender"] ?? "")
        to = headers.values("To").flatMap(MailAddress.list)
        cc = headers.values("Cc").flatMap(MailAddress.list)
        date = headers["Date"].flatMap(MailDate.init(parsing:))
        messageID = MailMessage.messageIDs(headers["Message-ID"] ?? "").first
        inReplyTo = MailMessage.messageIDs(headers["In-Reply-To"] ?? "")
        references = MailMessage.messageIDs(headers.values("References").joined(separator: " "))

        notes += walker.notes
        let plain = walker.plain.filter { !MailText.trimmed($0).isEmpty }
        let html = walker.html.filter { !MailText.trimmed($0).isEmpty }
        if !plain.isEmpty, !html.isEmpty, let mixed = MailMessage.mixedBody(walker.ordered) {
            // Plain and HTML parts side by side, not as alternatives (`multipart/mixed` of an HTML message and a
            // plain-text signature): each is part of the message, read in order.
            body = mixed
            bodyIsHTML = false
        } else if !plain.isEmpty {
            body = plain.joined(separator: "\n\n")
            bodyIsHTML = false
        } else if !html.isEmpty {
            body = html.joined(separator: "\n")
            bodyIsHTML = true
        } else if let failure = walker.undecodable.first {
            throw MailError("the body cannot be decoded: \(failure)")
        } else if MIMEContentType(headers["Content-Type"]).value != "multipart/report",
            let carried = walker.forwarded.first(where: { !MailText.trimmed($0.text).isEmpty })
        {
            // Nothing written but a message attached (sent on without a comment): what it says is the body.
            body = carried.text
            bodyIsHTML = carried.textIsHTML
            notes.append("no text but the message it carries (sent on without a comment): that message's text read")
        } else {
            body = walker.plain.first ?? ""
            bodyIsHTML = false
        }
        archiveNotices = []
        if !bodyIsHTML {
            (body, archiveNotices) = ArchiveNotices.remove(from: body)
        }
        notes += walker.undecodable.map { "part not decoded: \($0)" }
        charset = walker.charset
        attachments = walker.attachments
        forwarded = walker.forwarded
        self.notes = notes
    }

    /// The text of inline parts that are plain and HTML side by side, in order: each HTML part read as the text it
    /// shows (quotes marked `> ` as plain-text mail quotes them), and a part that only repeats another (a client that
    /// sent the same text as plain and HTML where it meant alternatives: nine tenths of its words in a part as long
    /// or longer, the earlier of two alike) left out. Nil when no HTML part can be read.
    static func mixedBody(_ parts: [(isHTML: Bool, text: String)]) -> String? {
        var texts: [String] = []
        for part in parts where !MailText.trimmed(part.text).isEmpty {
            if part.isHTML {
                guard let document = try? HTMLDocument(bytes: Array(part.text.utf8), encoding: "UTF-8") else {
                    return nil
                }
                texts.append(MailText.trimmed(document.root.quotedText))
            } else {
                texts.append(MailText.trimmed(part.text))
            }
        }
        let words = texts.map { text in
            Set(
                text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        }
        let kept = texts.indices.filter { index in
            guard !words[index].isEmpty else { return false }
            return !words.indices.contains { other in
                other != index
                    && (words[other].count > words[index].count
                        || words[other].count == words[index].count && other < index)
                    && words[index].intersection(words[other]).count * 10 >= words[index].count * 9
            }
        }
        return kept.isEmpty ? nil : kept.map { texts[$0] }.joined(separator: "\n\n")
    }

    /// The ids in a `Message-ID`, `In-Reply-To` or `References` value: each `<...>`, or the bare words when the
    /// sender left out the brackets.
    public static func messageIDs(_ value: String) -> [String] {
        var ids: [String] = []
        var remaining = Substring(value)
        while let open = remaining.firstIndex(of: "<") {
            let after = remaining[remaining.index(after: open)...]
            guard let close = after.firstIndex(of: ">") else { break }
            let id = MailText.trimmed(String(after[..<close]))
            if !id.isEmpty { ids.append(id) }
            remaining = after[after.index(after: close)...]
        }
        if ids.isEmpty {
            ids = value.split { $0 == " " || $0 == "\t" || $0 == "," }.map(String.init).filter { $0.contains("@") }
        }
        return ids
    }
}

extension String {
    /// The text with each line break (and the space folding left) made one space.
    func replacingLineBreaks() -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return self }
        return split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).joined(separator: " ")
    }
}
