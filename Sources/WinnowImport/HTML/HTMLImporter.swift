import Foundation
import WinnowCore
import WinnowHTML
import WinnowMail

/// Imports support tickets from HTML pages with libxml2's HTML parser (recover mode, no network).
///
/// One page is read as, in order of preference:
/// - the layout an ``HTMLProfile`` describes, when `options.htmlProfile` is set: one example per ticket element;
/// - ticket tables: every `<table>` whose header row names an input field (mapped like CSV columns, see
///   ``FieldMapping``) gives one example per data row, located by the row's element path;
/// - a single ticket thread: messages told apart by markup (`data-author-role`, classes such as `agent` or
///   `internal-note`, helpdesk print pages' `thread-entry message` / `response` / `note`) or by `From:` header
///   blocks heading sibling elements, with internal notes in `internal_notes`, never in the response;
/// - an issue tracker's page (GitHub, Redmine, Request Tracker, Jira): a description and comments told apart by
///   structure, each with its author's name; the one who opened the issue is the customer, everyone else answers,
///   and comments marked private or restricted are internal notes (see ``HTMLPageReader/trackerThread()``);
/// - one e-mail (a mail client's or helpdesk's saved body): one example whose input is the newest message, the
///   sender being the customer; header blocks inside it are quoted history. A page with no readable text is
///   quarantined as empty.
///
/// Every message is cleaned by ``ReplyCleaner`` (unless `options.cleanReplies` is false) of quoted history,
/// forwarded parts, signatures, disclaimers and mail gateways' banners, kept in metadata as `removed_quotes`,
/// `removed_forwarded`, `removed_signatures`, `removed_disclaimers` and `removed_banners`.
///
/// A page saved as a web archive (`.mht`, `.mhtml`, see ``WebArchive``) is read as the page it holds.
///
/// Script, style and hidden content never reach a field. The page's declared charset is honoured as browsers read
/// it (see ``HTMLCharset``: the page is decoded before libxml2 parses it) unless `options.encoding` names one. A page that cannot be parsed, a row that does not fit its header and a ticket without
/// customer text are reported as `.failure` events naming the file and the element.
public struct HTMLImporter: Importer {
    /// An importer; the layout comes from each page, or from `options.htmlProfile`.
    public init() {}

    /// Reads `file` whole (one document in memory at a time; its digest from the same bytes) and streams its
    /// records, failures and notes.
    ///
    /// Throws ``ImportError`` of kind `unreadableFile` when the file cannot be read; everything else, including a
    /// page that is not HTML at all, arrives as events.
    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let whole = try file.readWhole()
        return OpenedFile(
            digest: whole.digest,
            records: .stream(
                RecordStream { body in
                    try read(page: whole.bytes, displayPath: file.displayPath, options: options, body)
                }))
    }

    /// Parses one page's bytes (or the page a web archive holds) and streams its records, failures and notes to
    /// `body`.
    private func read(
        page fileBytes: [UInt8], displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        var bytes = fileBytes
        var encoding = options.encoding.htmlCharsetName
        var container: String?
        if let archive = HTMLImporter.webArchive(fileBytes) {
            bytes = archive.html
            if let charset = archive.charset {
                container = charset
                encoding = nil
            }
            let origin = archive.location.map { " saved from \($0)" } ?? ""
            try body(.note("\(displayPath): a web archive: its page\(origin) is read, its other parts are not"))
            for note in archive.notes { try body(.note("\(displayPath): \(note)")) }
        }
        var decodedHere = false
        if encoding == nil, let page = HTMLCharset.decode(bytes, declared: container) {
            bytes = page.utf8
            encoding = "UTF-8"
            decodedHere = true
            for note in page.notes { try body(.note("\(displayPath): \(note)")) }
        } else if encoding == nil {
            encoding = container
        }
        let document: HTMLDocument
        do {
            document = try HTMLDocument(bytes: bytes, encoding: encoding)
        } catch {
            let snippet = String(decoding: bytes.prefix(300), as: UTF8.self)
            try body(
                .failure(RecordFailure(kind: .invalidHTML, file: displayPath, message: error.message, snippet: snippet))
            )
            return
        }
        if !decodedHere, let decoded = document.encoding, !["utf-8", "utf8"].contains(decoded.lowercased()) {
            let origin = encoding == nil ? "as the page declares" : "as asked"
            try body(.note("\(displayPath): decoded as \(decoded) (\(origin))"))
        }
        if let first = document.diagnostics.first {
            let count = document.diagnostics.count
            try body(
                .note(
                    "\(displayPath): recovered from \(count) HTML markup problem\(count == 1 ? "" : "s")"
                        + " (first: \(first))"))
        }
        try HTMLPageReader(document: document, file: displayPath, options: options).read(body)
    }
}

extension HTMLImporter {
    /// The page `bytes` hold when they are a web archive (`.mht`, `.mhtml`: MIME headers, then the page and its
    /// resources as parts), else nil. A page starting with markup is never an archive.
    static func webArchive(_ bytes: [UInt8]) -> WebArchive? {
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }),
            first != UInt8(ascii: "<")
        else { return nil }
        return WebArchive(bytes: bytes)
    }
}

extension TextEncodingChoice {
    /// The charset to force on an HTML page, or nil to let the page's own declaration decide.
    var htmlCharsetName: String? {
        switch self {
        case .automatic: return nil
        case .utf8: return "UTF-8"
        case .windows1252: return "windows-1252"
        case .latin1: return "ISO-8859-1"
        }
    }
}
