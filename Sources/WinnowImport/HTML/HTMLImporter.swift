import Foundation
import WinnowCore
import WinnowHTML

/// Imports support tickets from HTML pages with libxml2's HTML parser (recover mode, no network).
///
/// One page is read as, in order of preference:
/// - the layout an ``HTMLProfile`` describes, when `options.htmlProfile` is set: one example per ticket element;
/// - ticket tables: every `<table>` whose header row names an input field (mapped like CSV columns, see
///   ``FieldMapping``) gives one example per data row, located by the row's element path;
/// - a single ticket thread: messages told apart by markup (`data-author-role`, classes such as `agent` or
///   `internal-note`, helpdesk print pages' `thread-entry message` / `response` / `note`) or by `From:` header
///   blocks heading sibling elements, with internal notes in `internal_notes`, never in the response;
/// - one e-mail (a mail client's or helpdesk's saved body): one example whose input is the newest message, the
///   sender being the customer; header blocks inside it are quoted history. A page with no readable text is
///   quarantined as empty.
///
/// Every message is cleaned by ``ReplyCleaner`` (unless `options.cleanReplies` is false) of quoted history,
/// forwarded parts, signatures and disclaimers, kept in metadata as `removed_quotes`, `removed_forwarded`,
/// `removed_signatures` and `removed_disclaimers`.
///
/// Script, style and hidden content never reach a field. The page's declared charset is honoured unless
/// `options.encoding` names one. A page that cannot be parsed, a row that does not fit its header and a ticket without
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

    /// Parses one page's bytes and streams its records, failures and notes to `body`.
    private func read(
        page bytes: [UInt8], displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        let document: HTMLDocument
        do {
            document = try HTMLDocument(bytes: bytes, encoding: options.encoding.htmlCharsetName)
        } catch {
            let snippet = String(decoding: bytes.prefix(300), as: UTF8.self)
            try body(
                .failure(RecordFailure(kind: .invalidHTML, file: displayPath, message: error.message, snippet: snippet))
            )
            return
        }
        if let encoding = document.encoding, !["utf-8", "utf8"].contains(encoding.lowercased()) {
            let origin = options.encoding.htmlCharsetName == nil ? "as the page declares" : "as asked"
            try body(.note("\(displayPath): decoded as \(encoding) (\(origin))"))
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
