import Foundation
import WinnowCore

/// A source file format Winnow can import.
public enum SourceFormat: String, Sendable, CaseIterable {
    case jsonl
    case csv
    case html

    /// Guesses the format from the file extension, then from the first bytes.
    public static func detect(path: String, prefix: [UInt8]) -> SourceFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson", "json": return .jsonl
        case "csv", "tsv", "txt": return .csv
        case "html", "htm", "xhtml", "eml.html": return .html
        default: break
        }
        let text = String(decoding: prefix.prefix(512), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            .lowercased()
        if text.hasPrefix("{") { return .jsonl }
        if text.hasPrefix("<") { return .html }
        return text.isEmpty ? nil : .csv
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
    /// Records are messages to join into conversations (nil: each record is one example).
    public var conversations: ConversationOptions?

    /// Options with automatic format, automatic mapping and UTF-8 with legacy fallback.
    public init(
        format: SourceFormat? = nil, mapping: FieldMapping = FieldMapping(), encoding: TextEncodingChoice = .automatic,
        htmlProfile: HTMLProfile? = nil
    ) {
        self.format = format
        self.mapping = mapping
        self.encoding = encoding
        self.htmlProfile = htmlProfile
    }
}

/// One thing an importer reports while it streams a file.
public enum ImportEvent: Sendable, Equatable {
    /// A record ready to store.
    case record(ExampleDraft)
    /// An input record that could not be imported: it goes to quarantine.
    case failure(ImportError)
    /// Something the user should know about the file as a whole (for example "decoded as Windows-1252").
    case note(String)
    /// The field mapping chosen for the records that follow (sent when it is decided or changes).
    case mapping(ResolvedMapping)
    /// How many bytes of the file have been read so far (for progress and time left).
    case progress(bytesRead: UInt64)
}

/// Reads one source file and streams its records. Memory stays flat however large the file.
public protocol Importer: Sendable {
    /// Streams `file`'s records to `body` in file order. `displayPath` is the name errors use.
    ///
    /// Bad records arrive as `.failure` events and reading goes on; an unreadable file throws an ``ImportError``
    /// of kind `unreadableFile`. `body` may throw to stop reading.
    func read(
        _ file: URL, displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws
}

/// The importer for each format.
public enum ImporterRegistry {
    /// The importer that reads `format`.
    public static func importer(for format: SourceFormat) -> any Importer {
        switch format {
        case .jsonl: return JSONLImporter()
        case .csv: return CSVImporter()
        case .html: return HTMLImporter()
        }
    }
}
