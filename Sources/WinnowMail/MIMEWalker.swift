/// Walks the MIME tree of a message, collecting its text parts, attachments and forwarded messages.
struct MIMEWalker {
    /// Decoded inline `text/plain` parts, in order.
    var plain: [String] = []
    /// Decoded inline `text/html` parts, in order.
    var html: [String] = []
    /// Every inline text part taken as body, plain and HTML, in the order the message gives them (of a
    /// `multipart/alternative`, the alternative chosen).
    var ordered: [(isHTML: Bool, text: String)] = []
    /// Attached files.
    var attachments: [MailAttachment] = []
    /// Nested `message/rfc822` parts.
    var forwarded: [ForwardedMessage] = []
    /// Text parts that could not be decoded, with the reason.
    var undecodable: [String] = []
    /// Charset notes and structural problems.
    var notes: [String] = []
    /// The charset of the first text part.
    var charset: String?
    /// Every charset a text part declares, of this message and the messages it carries, in order.
    var declaredCharsets: [String] = []

    /// Walks one part: its headers and its raw body.
    mutating func walk(headers: MailHeaders, body: ArraySlice<UInt8>, depth: Int) {
        let contentType = MIMEContentType(headers["Content-Type"])
        let disposition = MIMEContentType(headers["Content-Disposition"], fallback: "inline")
        let fileName = disposition["filename"] ?? contentType["name"]
        let encoding = headers["Content-Transfer-Encoding"]
        if depth > MailMessage.maximumDepth {
            notes.append("parts nested deeper than \(MailMessage.maximumDepth) levels are listed as attachments")
            attachments.append(MailAttachment(name: fileName ?? "", contentType: contentType.value, size: body.count))
            return
        }
        if contentType.type == "multipart" {
            let boundary = Array((contentType["boundary"] ?? "").utf8)
            let parts = boundary.isEmpty ? nil : MIMEWalker.split(body, boundary: boundary)
            let why =
                boundary.isEmpty
                ? "without a boundary" : "boundary '\(String(decoding: boundary, as: UTF8.self))' is not in the body"
            if parts?.parts.isEmpty ?? true, let inferred = MIMEWalker.inferredParts(body),
                inferred.boundary != boundary
            {
                notes.append("\(contentType.value) \(why): \(MIMEWalker.readBy(inferred.boundary))")
                walkParts(inferred.split, of: contentType.value, depth: depth)
                return
            }
            // No boundary, or one the body never has: the body is the message's text (a client that declared
            // parts and wrote none).
            guard let parts, !parts.parts.isEmpty || parts.closed else {
                notes.append("\(contentType.value) \(why): read as plain text")
                addText(body, encoding: encoding, contentType: contentType, isHTML: false)
                return
            }
            walkParts(parts, of: contentType.value, depth: depth)
            return
        }
        if contentType.value == "message/rfc822" {
            let decoded = (try? TransferEncoding.decode(body, encoding: encoding)) ?? Array(body)
            if let message = try? MailMessage(bytes: decoded[...], depth: depth + 1) {
                declaredCharsets += message.declaredCharsets
                forwarded.append(
                    ForwardedMessage(
                        subject: message.subject, from: message.from.map(\.description).joined(separator: ", "),
                        date: message.headers["Date"] ?? "", text: message.body, textIsHTML: message.bodyIsHTML))
                attachments += message.attachments
            } else {
                attachments.append(
                    MailAttachment(name: fileName ?? "", contentType: contentType.value, size: body.count))
            }
            return
        }
        let isText = contentType.value == "text/plain" || contentType.value == "text/html"
        let hasDisposition = headers["Content-Disposition"] != nil
        // A named text part with no disposition is usually the body an old client labelled with a name.
        let isBody =
            disposition.value != "attachment"
            && (fileName == nil || hasDisposition && disposition.value == "inline"
                || !hasDisposition && plain.isEmpty && html.isEmpty)
        // MIME parts under headers that name no multipart (a list archive or an export dropped or rewrote them).
        if contentType.value == "text/plain", isBody, TransferEncoding.isIdentity(encoding),
            let inferred = MIMEWalker.inferredParts(body)
        {
            let declared = headers["Content-Type"] == nil ? "name no Content-Type" : "say text/plain"
            notes.append(
                "the body is MIME parts though its headers \(declared): \(MIMEWalker.readBy(inferred.boundary))")
            walkParts(inferred.split, of: "multipart/mixed", depth: depth)
            return
        }
        if isText && isBody {
            addText(body, encoding: encoding, contentType: contentType, isHTML: contentType.value == "text/html")
            return
        }
        let size: Int
        do {
            size = try TransferEncoding.decode(body, encoding: encoding).count
        } catch {
            size = body.count
            notes.append(
                "attachment '\(fileName ?? "")' not decodable: \((error as? TransferEncoding.Failure)?.message ?? "")")
        }
        attachments.append(MailAttachment(name: fileName ?? "", contentType: contentType.value, size: size))
    }

    /// The parts of a multipart of type `type` (`multipart/alternative` or another), split from its body.
    private mutating func walkParts(_ parts: Split, of type: String, depth: Int) {
        if !parts.closed { notes.append("\(type): the closing boundary is missing") }
        if type == "multipart/alternative" {
            walkAlternative(parts.parts, depth: depth)
        } else {
            for part in parts.parts {
                var (partHeaders, start) = MailHeaders.parse(part)
                // A digest's parts are messages unless they say otherwise (RFC 2046, 5.1.5).
                if type == "multipart/digest", partHeaders["Content-Type"] == nil {
                    partHeaders.fields.append(MailHeaderField(name: "Content-Type", value: "message/rfc822"))
                }
                walk(headers: partHeaders, body: part[start...], depth: depth + 1)
            }
        }
    }

    /// A `multipart/alternative`: the alternative with plain text if any, else the last with HTML (the richest, as
    /// RFC 2046 orders them); attachments and forwards from every alternative.
    private mutating func walkAlternative(_ parts: [ArraySlice<UInt8>], depth: Int) {
        var walkers: [MIMEWalker] = []
        for part in parts {
            var child = MIMEWalker()
            let (partHeaders, start) = MailHeaders.parse(part)
            child.walk(headers: partHeaders, body: part[start...], depth: depth + 1)
            walkers.append(child)
        }
        let hasText = { (walker: MIMEWalker) in walker.plain.contains { !MailText.trimmed($0).isEmpty } }
        let hasHTML = { (walker: MIMEWalker) in walker.html.contains { !MailText.trimmed($0).isEmpty } }
        let chosen = walkers.firstIndex(where: hasText) ?? walkers.lastIndex(where: hasHTML)
        for (index, child) in walkers.enumerated() {
            if index == chosen {
                plain += child.plain
                html += child.html
                ordered += child.ordered
                if charset == nil { charset = child.charset }
            }
            attachments += child.attachments
            forwarded += child.forwarded
            notes += child.notes
            declaredCharsets += child.declaredCharsets
            if chosen == nil || index == chosen { undecodable += child.undecodable }
        }
    }

    /// Decodes a text part: its transfer encoding (stray characters skipped in base64 are noted), its charset, its
    /// line breaks, and plain text sent as `format=flowed` (``FlowedText``).
    private mutating func addText(
        _ body: ArraySlice<UInt8>, encoding: String?, contentType: MIMEContentType, isHTML: Bool
    ) {
        let declared = contentType["charset"]
        let bytes: [UInt8]
        do {
            let decoded = try TransferEncoding.decodeNoting(body, encoding: encoding)
            bytes = decoded.bytes
            if let note = decoded.note { notes.append(note) }
        } catch {
            let kind = isHTML ? "text/html" : "text/plain"
            undecodable.append("\(kind) part: \((error as? TransferEncoding.Failure)?.message ?? "\(error)")")
            return
        }
        let decoded = MailCharset.decode(bytes, charset: declared)
        if let note = decoded.note { notes.append(note) }
        if charset == nil, let declared { charset = MailCharset.normalisedName(declared) }
        if let declared { declaredCharsets.append(MailCharset.normalisedName(declared)) }
        var text = MailText.normalisingLineBreaks(decoded.text)
        if !isHTML, contentType["format"]?.lowercased() == "flowed" {
            text = FlowedText.decode(text, deleteSpace: contentType["delsp"]?.lowercased() == "yes")
        }
        if isHTML { html.append(text) } else { plain.append(text) }
        ordered.append((isHTML, text))
    }

    /// A multipart body split at `--boundary` lines: the parts, and whether `--boundary--` closed them.
    typealias Split = (parts: [ArraySlice<UInt8>], closed: Bool)

    /// The boundary a body gives itself, for when its headers gave none that is in it, and the body split by it:
    /// the body's first line with text (after blank lines and the usual `This is a multi-part message in MIME
    /// format.`) is `--` and a boundary (1 to 70 of RFC 2046's characters, without spaces, which clients never put
    /// in one), the lines under it are a part's header block, opening with a `Content-` field, holding a
    /// `Content-Type` or `Content-Transfer-Encoding` and ended by an empty line, and the boundary comes again (a
    /// second part or the closing `--boundary--`). Nil when the body is not so: a text opening with
    /// `--output json` and a `Content-Type:` sentence stays text.
    static func inferredParts(_ body: ArraySlice<UInt8>) -> (boundary: [UInt8], split: Split)? {
        var lineStart = body.startIndex
        var line: ArraySlice<UInt8> = []
        var nextLine = body.endIndex
        // The first line with text, past at most a few blank lines and a preamble.
        for _ in 0..<4 {
            guard lineStart < body.endIndex else { return nil }
            let lineEnd = body[lineStart...].firstIndex(of: 0x0A) ?? body.endIndex
            nextLine = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            line = body[lineStart..<lineEnd]
            while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0D { line = line.dropLast() }
            let isPreamble = line.count < 50 && preambles.contains(String(decoding: line, as: UTF8.self).lowercased())
            guard line.isEmpty || isPreamble else { break }
            lineStart = nextLine
        }
        guard line.count >= 3, line.count <= 72, line.starts(with: [0x2D, 0x2D]),
            line.dropFirst(2).allSatisfy(isBoundaryCharacter)
        else { return nil }
        let part = body[nextLine...]
        guard String(decoding: part.prefix(8), as: UTF8.self).lowercased() == "content-" else { return nil }
        let (headers, partBody) = MailHeaders.parse(part)
        guard headers["Content-Type"] != nil || headers["Content-Transfer-Encoding"] != nil,
            endsWithEmptyLine(part[..<partBody])
        else { return nil }
        let boundary = Array(line.dropFirst(2))
        let parts = split(body, boundary: boundary)
        guard parts.closed || parts.parts.count > 1 else { return nil }
        return (boundary, parts)
    }

    /// Whether `bytes` end with an empty line (`\n\n`, `\n\r\n`).
    private static func endsWithEmptyLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        var rest = bytes
        guard rest.popLast() == 0x0A else { return false }
        if rest.last == 0x0D { rest.removeLast() }
        return rest.last == 0x0A
    }

    /// The sentences clients write before a multipart's first boundary, for readers without MIME.
    private static let preambles: Set<String> = [
        "this is a multi-part message in mime format.", "this is a multipart message in mime format.",
    ]

    /// Whether `byte` may be in an inferred boundary: RFC 2046's `bchars` (letters, digits, `'()+_,-./:=?`) but
    /// the space.
    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default: return "'()+_,-./:=?".utf8.contains(byte)
        }
    }

    /// The note's words for parts read by the boundary `boundary` a body gives itself.
    private static func readBy(_ boundary: [UInt8]) -> String {
        "the parts read by the boundary on the body's first line (--\(String(decoding: boundary, as: UTF8.self)))"
    }

    /// The parts of a multipart body between `--boundary` lines; `closed` says whether `--boundary--` was found.
    ///
    /// The preamble (before the first boundary) and the epilogue (after the closing one) are not parts. A boundary
    /// line may carry trailing spaces; the line break before a boundary belongs to the boundary.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> Split {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            var lineEnd = lineStart
            while lineEnd < body.endIndex && body[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            if lineEnd - lineStart >= boundary.count + 2 && body[lineStart] == 0x2D && body[lineStart + 1] == 0x2D
                && body[(lineStart + 2)..<(lineStart + 2 + boundary.count)].elementsEqual(boundary)
            {
                var rest = body[(lineStart + 2 + boundary.count)..<lineEnd]
                let closing = rest.starts(with: [0x2D, 0x2D])
                if closing { rest = rest.dropFirst(2) }
                if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if let start = partStart {
                        var end = lineStart
                        if end > start && body[end - 1] == 0x0A { end -= 1 }
                        if end > start && body[end - 1] == 0x0D { end -= 1 }
                        parts.append(body[start..<max(start, end)])
                    }
                    if closing { return (parts, true) }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return (parts, false)
    }
}
