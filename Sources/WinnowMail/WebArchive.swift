import Foundation

/// A web page saved as one file (`.mht`, `.mhtml`: "Save as single file" in Chrome, Edge and Internet Explorer,
/// Word's web archive): a MIME message whose main part is the page's HTML, the other parts its images, styles and
/// frames (RFC 2557).
///
/// The page is the part the archive's `start` parameter names by its `Content-ID`, else the first `text/html` part.
/// Its transfer encoding (quoted-printable, base64) is undone; a charset the part declares is decoded into UTF-8,
/// while a part that declares none keeps its bytes so that the page's own `<meta charset>` decides.
public struct WebArchive: Sendable, Equatable {
    /// The page's bytes.
    public var html: [UInt8]
    /// The charset `html` is in when the archive said (`UTF-8` after decoding a declared charset); nil when the
    /// page's own declaration decides.
    public var charset: String?
    /// The address the page was saved from (`Snapshot-Content-Location`, else the part's `Content-Location`).
    public var location: String?
    /// Charset and decoding notes, in words a user can act on.
    public var notes: [String]

    /// The page of the archive `bytes`, or nil when they are not a web archive (no MIME header block, or no
    /// `text/html` part).
    public init?(bytes: [UInt8]) {
        let (headers, bodyStart) = MailHeaders.parse(bytes[...])
        guard headers["Content-Type"] != nil || headers["MIME-Version"] != nil else { return nil }
        let body = bytes[bodyStart...]
        guard let page = WebArchive.page(headers: headers, body: body, depth: 0) else { return nil }
        let encoding = page.headers["Content-Transfer-Encoding"]
        guard let decoded = try? TransferEncoding.decode(page.body, encoding: encoding) else { return nil }
        var notes: [String] = []
        if let declared = MIMEContentType(page.headers["Content-Type"])["charset"], !declared.isEmpty {
            let text = MailCharset.decode(decoded, charset: declared)
            if let note = text.note { notes.append(note) }
            html = Array(text.text.utf8)
            charset = "UTF-8"
        } else {
            html = decoded
            charset = nil
        }
        location = headers["Snapshot-Content-Location"] ?? page.headers["Content-Location"]
        self.notes = notes
    }

    /// Whether `prefix` (a file's first bytes) opens a web archive a browser saved: header fields naming the saved
    /// page (`Snapshot-Content-Location`, Chrome's and Edge's) or its saver (`From: <Saved by Blink>`,
    /// `From: <Saved by Windows Internet Explorer 8>`). Mail never carries these.
    public static func isSavedPage(prefix: [UInt8]) -> Bool {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let first = bytes.first, first != UInt8(ascii: "<") else { return false }
        let (headers, _) = MailHeaders.parse(bytes)
        if headers["Snapshot-Content-Location"] != nil { return true }
        return headers.values("From").contains { $0.lowercased().hasPrefix("<saved by ") }
    }

    /// The part holding the page: the archive itself when it is `text/html`, else in a multipart archive the part
    /// the `start` parameter names, else the first `text/html` part (nested multiparts searched in order).
    private static func page(headers: MailHeaders, body: ArraySlice<UInt8>, depth: Int)
        -> (headers: MailHeaders, body: ArraySlice<UInt8>)?
    {
        let contentType = MIMEContentType(headers["Content-Type"])
        if contentType.value == "text/html" { return (headers, body) }
        guard contentType.type == "multipart", depth < MailMessage.maximumDepth,
            let boundary = contentType["boundary"], !boundary.isEmpty
        else { return nil }
        let parts = MIMEWalker.split(body, boundary: Array(boundary.utf8)).parts.map { part in
            let (partHeaders, start) = MailHeaders.parse(part)
            return (headers: partHeaders, body: part[start...])
        }
        if let start = contentType["start"].map(WebArchive.contentID),
            let part = parts.first(where: { $0.headers["Content-ID"].map(WebArchive.contentID) == start }),
            let found = page(headers: part.headers, body: part.body, depth: depth + 1)
        {
            return found
        }
        for part in parts {
            if let found = page(headers: part.headers, body: part.body, depth: depth + 1) { return found }
        }
        return nil
    }

    /// A `Content-ID` without its angle brackets and spaces, for comparison.
    private static func contentID(_ value: String) -> String {
        MailText.trimmed(value).trimmingCharacters(in: ["<", ">"])
    }
}
