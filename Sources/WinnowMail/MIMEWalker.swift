/// Walks the MIME tree of a message, collecting its text parts, attachments and forwarded messages.
struct MIMEWalker {
    /// Decoded inline `text/plain` parts, in order.
    var plain: [String] = []
    /// Decoded inline `text/html` parts, in order.
    var html: [String] = []
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
            guard let boundary = contentType["boundary"], !boundary.isEmpty else {
                notes.append("\(contentType.value) without a boundary: read as plain text")
                addText(body, encoding: encoding, contentType: contentType, isHTML: false)
                return
            }
            let parts = MIMEWalker.split(body, boundary: Array(boundary.utf8))
            if !parts.closed { notes.append("\(contentType.value): the closing boundary is missing") }
            if contentType.value == "multipart/alternative" {
                walkAlternative(parts.parts, depth: depth)
            } else {
                for part in parts.parts {
                    let (partHeaders, start) = MailHeaders.parse(part)
                    walk(headers: partHeaders, body: part[start...], depth: depth + 1)
                }
            }
            return
        }
        if contentType.value == "message/rfc822" {
            let decoded = (try? TransferEncoding.decode(body, encoding: encoding)) ?? Array(body)
            if let message = try? MailMessage(bytes: decoded[...], depth: depth + 1) {
                forwarded.append(
                    ForwardedMessage(
                        subject: message.subject, from: message.from.map(\.description).joined(separator: ", "),
                        date: message.headers["Date"] ?? "", text: message.body))
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
                if charset == nil { charset = child.charset }
            }
            attachments += child.attachments
            forwarded += child.forwarded
            notes += child.notes
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
        var text = MailText.normalisingLineBreaks(decoded.text)
        if !isHTML, contentType["format"]?.lowercased() == "flowed" {
            text = FlowedText.decode(text, deleteSpace: contentType["delsp"]?.lowercased() == "yes")
        }
        if isHTML { html.append(text) } else { plain.append(text) }
    }

    /// The parts of a multipart body between `--boundary` lines; `closed` says whether `--boundary--` was found.
    ///
    /// The preamble (before the first boundary) and the epilogue (after the closing one) are not parts. A boundary
    /// line may carry trailing spaces; the line break before a boundary belongs to the boundary.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> (parts: [ArraySlice<UInt8>], closed: Bool) {
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
