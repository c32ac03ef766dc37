import Foundation
import WinnowCore
import WinnowMail
import WinnowParquet

extension SourceFormat {
    /// The format of `path`: from its extension, then from its first bytes; nil when neither tells.
    ///
    /// `.mht` and `.mhtml` (a page saved as a web archive) are HTML, and so is a file whose headers say a browser
    /// saved it (see ``WebArchive``). `.txt` is CSV unless its content is mail, a chat transcript (lines led by
    /// speakers: a WhatsApp export) or labelled intent data (Rasa 1's `## intent:` sections, fastText's `__label__`
    /// lines); `.yml` and `.yaml` are Rasa's NLU training data when a top-level `nlu:` key says so, else nothing
    /// Winnow reads. An unknown extension (`.md`, fastText's `.train`) is decided by the content alone (JSON, mbox,
    /// RFC 5322 headers, labelled intent data, HTML, or delimited rows), never taken for CSV by default. Delimited
    /// rows are rows of one table (``TableSniffer``): a `.txt` or an unknown file whose lines hold commas (tabs,
    /// semicolons, bars) that do not make rows as wide as a header row is prose (a pasted e-mail, a README), no format;
    /// a `.txt` of lines with no delimiter at all is a list of one column when its first line names the column and
    /// no blank line parts the lines (``TableSniffer/looksLikeList(_:limit:)``), else prose too. A `.json` file (or one with no
    /// known extension) is a JSON document when it starts with `[`, or with a `{` whose object runs over more than
    /// one line (or past the prefix); an object that closes on its first line starts JSON Lines, unless it is all a
    /// `.json` file holds (a minified document).
    public static func detect(path: String, prefix: [UInt8]) -> SourceFormat? {
        // UTF-16 text (Excel's "Unicode Text") is told by what it says, as UTF-8.
        let prefix = UTF16Text.order(of: prefix).map { UTF16Text.utf8Prefix(prefix, order: $0) } ?? prefix
        if prefix.starts(with: Array("PAR1".utf8)) { return .parquet }
        if ArrowTable.isArrow(prefix) { return .arrow }
        // A binary file told by its first bytes (a SQLite store, an Outlook .msg, a PDF, a gzipped CSV...) is no text,
        // whatever its name.
        if binaryKind(path: path, prefix: prefix) != nil { return nil }
        // An Outlook message is read as the MIME message it stands for.
        if OutlookMessage.isMessage(path: path, prefix: prefix) { return .eml }
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson": return .jsonl
        case "json": return jsonKind(prefix: prefix, oneObjectIsDocument: true) ?? .jsonl
        case "csv", "tsv": return .csv
        // An X (Twitter) archive's data: a script assigning a JSON document (`window.YTD.direct_messages.part0 =`).
        case "js" where ArchiveScript.reason(prefix) == "": return .json
        case "txt":
            if let mail = MailSniffer.format(of: prefix) { return mail }
            // Labelled lines first: a fastText line's label and first words may read as a speaker
            // (`__label__billing Re: my order`), a chat's lines never open with `__label__`.
            if let labelled = labelledText(prefix) { return labelled }
            if TranscriptImporter.ChatExport(prefix) != nil || TranscriptImporter.looksLikeTranscript(prefix) {
                return .transcript
            }
            // Rows of a table, or a list of one column under its name; not prose (a pasted e-mail, notes).
            return TableSniffer.readsAsRows(prefix) ? .csv : nil
        case "yml", "yaml": return RasaNLUImporter.holdsYAMLExamples(prefix) ? .rasa : nil
        // Bot Framework's language understanding files: intents over their utterances, as Rasa 1's Markdown.
        case "lu": return .rasa
        case "html", "htm", "xhtml", "mht", "mhtml": return .html
        case "eml", "emlx", "msg822", "rfc822": return .eml
        case "mbox", "mbx", "mbs": return .mbox
        case "xlsx", "xlsm":
            return isZip(prefix) ? .xlsx : nil
        default:
            if webResourceKind(path: path) != nil { return nil }
        }
        // A page saved as a web archive is a MIME message, but the page is what it holds.
        if WebArchive.isSavedPage(prefix: prefix) { return .html }
        // A message of an Outlook for Mac archive is read as the MIME message it stands for (told before the
        // labelled-text readers look at its lines: an archive holds thousands).
        if OutlookMacMessage.isMessage(prefix: prefix) { return .eml }
        if let mail = MailSniffer.format(of: prefix) { return mail }
        if let kind = jsonKind(prefix: prefix) { return kind }
        if let labelled = labelledText(prefix) { return labelled }
        let text = String(decoding: prefix.prefix(512), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            .lowercased()
        // XML that is not a page (an Apple Mail export's Info.plist, a feed) is not HTML.
        if text.hasPrefix("<?xml") || text.hasPrefix("<!doctype plist") {
            return text.contains("<html") ? .html : nil
        }
        if text.hasPrefix("<") { return .html }
        return TableSniffer.reading(prefix) == .table ? .csv : nil
    }

    /// The format of labelled intent data written as text, told by its first lines: `.rasa` for Rasa 1's Markdown
    /// training data (a `## intent:NAME` heading), `.fasttext` for fastText's labelled lines (most led by a
    /// `__label__` word); nil for other text.
    static func labelledText(_ prefix: [UInt8]) -> SourceFormat? {
        if RasaNLUImporter.looksLikeMarkdown(prefix) { return .rasa }
        return FastTextImporter.looksLikeFastText(prefix) ? .fasttext : nil
    }

    /// Whether `prefix` opens a zip archive (a local file header, or the end record of an empty archive).
    public static func isZip(_ prefix: [UInt8]) -> Bool {
        prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// What a binary file given by mistake is, told by its first bytes whatever follows them (an OLE compound
    /// document other than an Outlook message, named by its extension as Excel 97-2003, a SQLite store, a PDF, gzip,
    /// an Outlook data file), with what to do instead; nil for any other file.
    static func binaryKind(path: String, prefix: [UInt8]) -> String? {
        if prefix.starts(with: CompoundFile.signature), !OutlookMessage.isMessage(path: path, prefix: prefix) {
            switch (path as NSString).pathExtension.lowercased() {
            case "xls": return "an Excel 97-2003 workbook: save it as .xlsx or CSV UTF-8 and import that"
            default: return "a Microsoft Office file (OLE compound document): export it as CSV or mail as .eml"
            }
        }
        if prefix.starts(with: Array("SQLite format 3".utf8) + [0]) {
            return "a SQLite database (a store, not a support log): export its tickets as CSV or JSON and import that"
        }
        // What SQLite keeps beside a database: its write-ahead log (magic 0x377f0682 or 0x377f0683), the log's
        // shared-memory index (version 3007000 in the machine's byte order) and its rollback journal.
        if prefix.starts(with: [0x37, 0x7F, 0x06, 0x82]) || prefix.starts(with: [0x37, 0x7F, 0x06, 0x83])
            || (path.hasSuffix("-shm")
                && (prefix.starts(with: [0x18, 0xE2, 0x2D, 0x00]) || prefix.starts(with: [0x00, 0x2D, 0xE2, 0x18])))
            || prefix.starts(with: [0xD9, 0xD5, 0x05, 0xF9, 0x20, 0xA1, 0x63, 0xD7])
        {
            return "a SQLite database's log or journal (the database beside it is a store, not a support log)"
        }
        if prefix.starts(with: Array("%PDF".utf8)) { return "a PDF: export the tickets as CSV, JSON or HTML instead" }
        if prefix.starts(with: [0x1F, 0x8B]) { return "a gzip file: unpack it (gunzip) and import what it holds" }
        if ArchiveCopy.isTar(prefix) {
            return "a tar archive: unpack it (tar xf) and import the folder it holds"
        }
        if prefix.starts(with: Array("!BDN".utf8)) {
            return "an Outlook data file (.pst/.ost): export its folders as mbox (readpst from pst-utils does:"
                + " `readpst -r FILE`) or save the messages as .eml, and import those"
        }
        return nil
    }

    /// What a file Winnow does not read is, told by its first bytes and name, with what to do instead: an Excel
    /// 97-2003 workbook, an Outlook `.msg`, a zip archive (a Takeout), a PDF, a gzip file; nil when it is none of these.
    public static func unreadableKind(path: String, prefix: [UInt8]) -> String? {
        let ext = (path as NSString).pathExtension.lowercased()
        if let resource = webResourceReason(path: path, prefix: { prefix }) { return resource }
        if isZip(prefix) {
            // Office documents are zip archives too: what to save them as, not to unpack them.
            switch ext {
            case "ods", "numbers", "xls", "xlsb":
                return "a spreadsheet Winnow does not read: save it as .xlsx or CSV UTF-8 and import that"
            case "docx", "odt", "pages", "pptx", "odp":
                return "a document, not a table or a support log: export the tickets as CSV, JSON or HTML instead"
            default:
                return "a zip archive: unpack it and import the files (or the folder) inside"
            }
        }
        if let binary = binaryKind(path: path, prefix: prefix) { return binary }
        if ["yml", "yaml"].contains(ext) {
            return RasaNLUImporter.yamlWithoutExamples(keys: RasaNLUImporter.topLevelKeys(prefix))
        }
        // Outlook for Mac names its elements `OPF...` (`<OPFContactCopyDisplayName>`), and the attributes of its
        // category list (`<category OPFCategoryCopyName="Red">`).
        let opening = String(decoding: prefix.prefix(4096), as: UTF8.self)
        if opening.contains("<OPF") || opening.contains(" OPFCategoryCopy") {
            return
                "a part of an Outlook for Mac archive that is not mail (categories, contacts, calendar, tasks or notes)"
        }
        if ["plist", "xml", "rss", "atom"].contains(ext)
            || String(decoding: prefix.prefix(64), as: UTF8.self)
                .hasPrefix("<?xml")
        {
            return "an XML document, not an HTML page or a support log: export the tickets as CSV or JSON (a helpdesk's"
                + " XML export, as Zendesk's, has a JSON or CSV export or an API beside it)"
        }
        if ["7z", "rar", "tgz", "bz2", "xz"].contains(ext) {
            return "an archive: unpack it and import the files (or the folder) inside"
        }
        if (path as NSString).lastPathComponent == "table_of_contents" {
            return "an Apple Mail export's index of its mailbox (the mail is in the file `mbox` beside it)"
        }
        if ext == "msf" || String(decoding: prefix.prefix(40), as: UTF8.self).hasPrefix("// <!-- <mdb:mork:") {
            return "a Thunderbird mailbox's index (the mail is in the mailbox file of the same name, without .msf)"
        }
        if ["txt", "text", "md", "markdown", "rst"].contains(ext), !TableSniffer.readsAsRows(prefix) {
            return (ext == "txt" || ext == "text" ? "plain text" : "a document")
                + " (sentences, not rows of a table, mail or a chat transcript): --format csv reads its lines as rows"
        }
        return nil
    }

    /// What a web page's resource file is, by its extension (`a style sheet` for `.css`, `a script` for `.js` and
    /// Chrome's saved `.js.download`, `an image`, `a font`), or nil for any other file. Browsers save these beside
    /// a page; they are never a support log, whatever their first bytes look like (a style sheet's `;` are no CSV).
    public static func webResourceKind(path: String) -> String? {
        var ext = (path as NSString).pathExtension.lowercased()
        if ext == "download" { ext = ((path as NSString).deletingPathExtension as NSString).pathExtension.lowercased() }
        switch ext {
        case "css": return "a style sheet"
        case "js", "mjs": return "a script"
        case "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "avif": return "an image"
        case "woff", "woff2", "ttf", "otf", "eot": return "a font"
        default: return nil
        }
    }

    /// Why a web page's resource file (``webResourceKind(path:)``) is not imported; an image may be a chat's
    /// attachment as well as a page's.
    /// `prefix` gives the file's first bytes where they decide: a script that is an X archive's direct messages is
    /// read (``ArchiveScript``), and its other data is named as such.
    public static func webResourceReason(path: String, prefix: () -> [UInt8] = { [] }) -> String? {
        guard let resource = webResourceKind(path: path) else { return nil }
        if resource == "a script", let reason = ArchiveScript.reason(prefix()) {
            return reason.isEmpty ? nil : reason
        }
        return resource == "an image" ? "an image, not a support log" : "\(resource) of a web page, not a support log"
    }

    /// `.json` or `.jsonl` for a prefix starting with `[` or `{` (after a byte order mark and whitespace), else nil;
    /// with `oneObjectIsDocument`, an object with nothing after it is a document.
    static func jsonKind(prefix: [UInt8], oneObjectIsDocument: Bool = false) -> SourceFormat? {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let start = bytes.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "["): return .json
        case UInt8(ascii: "{"): break
        default: return nil
        }
        var depth = 0
        var inString = false
        var escaped = false
        /// Whether anything but whitespace follows `index`.
        func followedByMore(_ index: Int, in bytes: ArraySlice<UInt8>) -> Bool {
            bytes[(index + 1)...].contains { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        }
        for (index, byte) in zip(bytes[start...].indices, bytes[start...]) {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                }
                continue
            }
            switch byte {
            case 0x22: inString = true
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                // One object alone (a minified export, `{"tickets": [...]}` on one line) is a document; another
                // after it makes lines.
                if depth == 0 { return !oneObjectIsDocument || followedByMore(index, in: bytes) ? .jsonl : .json }
            case 0x0A: return .json
            default: break
            }
        }
        return .json
    }
}

/// How to read source files.
public struct ImportOptions: Sendable {
    /// Forced format; nil detects it per file.
    public var format: SourceFormat?
    /// Which source fields feed which example fields.
    public var mapping: FieldMapping
    /// Text encoding for CSV (and for JSONL, which must be UTF-8 otherwise).
    public var encoding: TextEncodingChoice
    /// XPath profile for HTML layouts the built-in heuristics do not know.
    public var htmlProfile: HTMLProfile?
    /// Skip records whose text (input, response and label) is stored already, even when they are distinct tickets.
    public var skipDuplicateText = false
    /// Keep every version of a ticket imported again with other content in play, instead of rejecting the earlier
    /// versions as superseded by the latest (the import run settles versions after its last file).
    public var keepEarlierVersions = false
    /// Mail domains whose senders are the support side (.eml and mbox).
    public var agentDomains: [String]
    /// Mail addresses that are the support side (.eml and mbox).
    public var agentAddresses: [String]
    /// Whether e-mail text is cleaned of quoted history, forwarded parts, signatures, disclaimers and mail gateways'
    /// banners (kept in metadata as `removed_quotes`, `removed_forwarded`, `removed_signatures`,
    /// `removed_disclaimers`, `removed_banners`). Nil: the format decides (on for HTML pages, off for JSONL and CSV,
    /// whose input and response are then cleaned only when this is true; the import service sets it for a file whose
    /// first records hold quoted history).
    public var cleanReplies: Bool?
    /// JSON documents: the dotted path of member names to the array of records (`data.tickets`); nil finds it.
    public var recordsPath: String?
    /// Whether ``recordsPath`` was named by the user (`--records`), not found: then a JSON document's records are
    /// placed in that array (``Locator/part(_:_:)``), apart from the records of the document's other arrays.
    public var recordsPathNamed = false
    /// `.eml` files imported together, threaded across files (nil: each file is threaded alone).
    public var mailFiles: MailFileGroup?
    /// Slack exports under the folders imported: their day files are read as threads (``SlackExport``).
    public var slackExports: [SlackExport] = []
    /// Whether mail its mailbox labels as drafts, spam, deleted or chats (Gmail's `X-Gmail-Labels`) is imported
    /// too; off, each such message is quarantined as `discarded_mail` and left out of the threads.
    public var keepDiscardedMail = false
    /// Whether a file under a folder given takes its label from the sub-folder it is in (`tickets/Billing/...`,
    /// a Maildir's `.Billing`), when its record names none.
    public var labelsFromFolders = false
    /// Records are messages to join into conversations (nil: each record is one example, unless
    /// ``detectsConversations`` finds them to be messages).
    public var conversations: ConversationOptions?
    /// The silence that cuts a customer's rows into conversations where rows are joined by the customer, detected or
    /// not (`--session-gap`; nil: ``ConversationOptions/defaultSessionGap``).
    public var sessionGap: Double?
    /// A file of tickets joined to the conversations by their conversation field (`--tickets`).
    public var tickets: TicketSource?
    /// Whether a CSV file's first row names its columns (`--header`, `--no-header`); nil guesses
    /// (``CSVHeaderGuess``).
    public var csvHeader: Bool?
    /// Whether a CSV or JSONL file whose first records are messages (``ConversationDetection``) is read as
    /// conversations when ``conversations`` is nil (`--no-conversations` turns it off).
    public var detectsConversations = true

    /// Options with automatic format, automatic mapping and UTF-8 with legacy fallback.
    public init(
        format: SourceFormat? = nil, mapping: FieldMapping = FieldMapping(), encoding: TextEncodingChoice = .automatic,
        htmlProfile: HTMLProfile? = nil, cleanReplies: Bool? = nil, agentDomains: [String] = [],
        agentAddresses: [String] = []
    ) {
        self.format = format
        self.mapping = mapping
        self.encoding = encoding
        self.htmlProfile = htmlProfile
        self.agentDomains = agentDomains
        self.agentAddresses = agentAddresses
        self.cleanReplies = cleanReplies
    }

    /// The columns of a table whose rows are e-mails (``MailColumns``), read as mail (``MailRowsImporter``); nil
    /// Archives the files come from (unpacked into folders, ``ArchiveCopy``): a file inside one is named, in errors, notes and
    /// the store, under the archive's path.
    public var archives: [ArchiveCopy] = []
    /// reads the rows as records.
    public var mailRows: MailColumns?

    /// Which mail senders are the support side: the given domains and addresses, else helpdesk-like addresses.
    public var mailRoles: MailRoles { MailRoles(agentDomains: agentDomains, agentAddresses: agentAddresses) }
}

/// One thing an importer reports while it streams a file.
public enum ImportEvent: Sendable, Equatable {
    /// A record ready to store.
    case record(ExampleDraft)
    /// An input record that could not be imported: it goes to quarantine.
    case failure(RecordFailure)
    /// Something the user should know about the file as a whole (for example "decoded as Windows-1252").
    case note(String)
    /// The field mapping chosen for the records that follow (sent when it is decided or changes).
    case mapping(ResolvedMapping)
    /// How many bytes of the file have been read so far (for progress and time left).
    case progress(bytesRead: UInt64)
}

/// Reads one kind of source file. Every format is read through this one protocol: ``open(_:options:)`` reads what
/// must be known before the records (encoding, delimiter, header, where a JSON document's records are) and hands back
/// the records either as chunks of whole records that parse independently on any thread (JSONL, CSV, JSON documents)
/// or as a stream read in order by one reader (an HTML page or an .eml message read whole, mbox threads,
/// conversations joined from message rows). Memory stays flat however large the file.
public protocol Importer: Sendable {
    /// Opens `file` for reading its records. An unreadable file, or one whose header or structure cannot be made
    /// out, throws an ``ImportError``; bad records come later, as `.failure` events.
    func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile
}

extension Importer {
    /// Streams `file`'s records to `body` in file order, on the calling thread (tests, tools). `displayPath` is the
    /// name errors use; the file is not hashed.
    ///
    /// Bad records arrive as `.failure` events and reading goes on; an unreadable file throws an ``ImportError``.
    /// `body` may throw to stop reading.
    public func read(
        _ file: URL, displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        var opened = try open(try SourceFile(url: file, displayPath: displayPath), options: options)
        defer { opened.close() }
        try opened.read(body)
    }
}

/// The importer for each format.
public enum ImporterRegistry {
    /// The importer that reads `format`.
    public static func importer(for format: SourceFormat) -> any Importer {
        switch format {
        case .jsonl: return JSONLImporter()
        case .json: return JSONDocumentImporter()
        case .csv: return CSVImporter()
        case .html: return HTMLImporter()
        case .eml: return EMLImporter()
        case .mbox: return MboxImporter()
        case .xlsx: return XLSXImporter()
        case .transcript: return TranscriptImporter()
        case .rasa: return RasaNLUImporter()
        case .fasttext: return FastTextImporter()
        case .parquet, .arrow: return ParquetImporter(format: format)
        }
    }
}
