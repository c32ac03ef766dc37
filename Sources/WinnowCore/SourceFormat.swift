/// A source file format Winnow can import (detection from a file's name and first bytes is the importers').
public enum SourceFormat: String, Sendable, CaseIterable {
    case jsonl
    /// A JSON document: an array of records, or an object holding one.
    case json
    case csv
    case html
    /// One RFC 5322 / MIME message per file.
    case eml
    /// Many messages in one file, each after a `From ` line.
    case mbox
    /// An Excel workbook (Office Open XML); one sheet is read as a table.
    case xlsx
    /// A chat transcript as a text file (a WhatsApp export): one conversation per file.
    case transcript
    /// Labelled intent examples as Rasa writes its NLU training data: YAML whose `nlu:` list holds `intent:` blocks
    /// (Rasa 2 and 3), or Markdown with `## intent:NAME` sections (Rasa 1).
    case rasa
    /// Labelled lines as fastText reads them: `__label__NAME` words, then the text.
    case fasttext
    /// A Parquet file (Hugging Face datasets, pandas, Polars): its rows read as JSON Lines records.
    case parquet
    /// An Arrow IPC file or stream (as Hugging Face `datasets` keeps a dataset on disk): read as Parquet is.
    case arrow

    /// The `--format` values, for messages that list them.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// sha256 and size of a file's bytes: the identity of an imported source.
public struct FileDigest: Sendable, Equatable {
    /// Lowercase hex sha256.
    public var sha256: String
    /// Size in bytes.
    public var size: UInt64

    /// A digest.
    public init(sha256: String, size: UInt64) {
        self.sha256 = sha256
        self.size = size
    }

    /// The digest of `bytes`.
    public init(of bytes: [UInt8]) {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update($0) }
        self.init(sha256: hasher.finalize().hexString, size: UInt64(bytes.count))
    }
}

/// Works out a ``FileDigest`` from blocks fed in file order, by whichever pass reads the whole file.
public struct FileDigester {
    private var hasher = SHA256()
    private var size: UInt64 = 0

    /// Nothing fed yet.
    public init() {}

    /// Feeds the next bytes of the file.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bytes)
        size += UInt64(bytes.count)
    }

    /// The digest of everything fed.
    public mutating func finish() -> FileDigest { FileDigest(sha256: hasher.finalize().hexString, size: size) }
}
