import Foundation
import WinnowCore
import WinnowMail

/// A file to import: where it is, the name messages use, and its first bytes, read once when it is named (they tell
/// its format, a CSV delimiter, a JSON document's first byte).
public struct SourceFile: Sendable {
    /// How many first bytes are kept: enough to tell a JSON document from JSON Lines whose first line is long.
    public static let prefixLength = 64 * 1024

    public let url: URL
    /// The name errors and notes use.
    public let displayPath: String
    /// The file's first bytes (all of them for a small file).
    public let prefix: [UInt8]
    /// Whether the file's sha256 is wanted (an import stores it; a dry run, which stores nothing, does not): an
    /// importer whose opening reads every byte anyway works it out in the same pass.
    public var wantsDigest: Bool

    /// Names `url` and reads its first bytes; an unreadable file throws an error naming `displayPath` (the URL's path
    /// when nil).
    public init(url: URL, displayPath: String? = nil, wantsDigest: Bool = false) throws {
        self.url = url
        self.displayPath = displayPath ?? url.path
        self.wantsDigest = wantsDigest
        switch FileBytes.read(path: url.path, limit: SourceFile.prefixLength) {
        case .success(let bytes): prefix = bytes
        case .failure(let error):
            throw ImportError(kind: .unreadableFile, file: displayPath ?? url.path, message: "cannot open: \(error)")
        }
    }

    /// The forced format, else the one the file's name and first bytes tell; neither telling throws.
    public func format(forced: SourceFormat?) throws -> SourceFormat {
        if let forced { return forced }
        guard let format = SourceFormat.detect(path: url.path, prefix: prefix) else {
            if let kind = SourceFormat.unreadableKind(path: url.path, prefix: prefix) {
                throw ImportError(kind: .unreadableFile, file: displayPath, message: "this is \(kind)")
            }
            throw ImportError(
                kind: .unreadableFile, file: displayPath,
                message:
                    "cannot tell the format from the name or the content; pass --format with one of "
                    + SourceFormat.names)
        }
        return format
    }

    /// sha256 and size of the file, read in blocks (for importers whose opening does not read every byte).
    public func digest() throws -> FileDigest {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var digester = FileDigester()
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                data.withUnsafeBytes { digester.update($0) }
            }
            return digester.finish()
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: url.path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Whether the file holds nothing but white space (or a byte order mark): no records, whatever its format says.
    public var isBlank: Bool {
        guard prefix.count < SourceFile.prefixLength else { return false }
        var bytes = prefix[...]
        for mark: [UInt8] in [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]] where bytes.starts(with: mark) {
            bytes = bytes.dropFirst(mark.count)
            break
        }
        return bytes.allSatisfy { [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains($0) }
    }

    /// The whole file (an HTML page, an .eml message), and its digest when wanted, from one read.
    func readWhole() throws -> (bytes: [UInt8], digest: FileDigest?) {
        let bytes: [UInt8]
        switch FileBytes.read(path: url.path) {
        case .success(let read): bytes = read
        case .failure(let error):
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "cannot read the file: \(error)")
        }
        return (bytes, wantsDigest ? FileDigest(of: bytes) : nil)
    }

    /// The message a mail file holds: the file itself, for an Outlook `.msg` or an Outlook for Mac message's XML
    /// (``OutlookMacMessage``) the MIME message it stands for
    /// (``OutlookMessage``; throws a ``MailError`` when it cannot be read; with `headersOnly`, its headers alone), or
    /// for Apple Mail's `.emlx` the message between its first line (the message's length in bytes) and the property
    /// list after it.
    func mailMessage(_ bytes: [UInt8], headersOnly: Bool = false) throws -> [UInt8] {
        if OutlookMessage.isMessage(path: url.path, prefix: Array(bytes.prefix(SourceFile.prefixLength))) {
            return try OutlookMessage(bytes: bytes, headersOnly: headersOnly).mime
        }
        if OutlookMacMessage.isMessage(prefix: Array(bytes.prefix(SourceFile.prefixLength))) {
            return try OutlookMacMessage.mime(bytes, headersOnly: headersOnly)
        }
        guard url.pathExtension.lowercased() == "emlx", let newline = bytes.prefix(24).firstIndex(of: 0x0A) else {
            return bytes
        }
        let digits = bytes[..<newline].filter { $0 != 0x20 && $0 != 0x0D }
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            let length = Int(String(decoding: digits, as: UTF8.self))
        else { return bytes }
        let start = newline + 1
        return Array(bytes[start..<min(bytes.count, start + length)])
    }
}

/// A file an importer has opened: what it learnt on opening, and its records, ready to read.
public struct OpenedFile {
    /// How the records are read.
    public enum Records {
        /// Chunks of whole records that parse independently, on any thread.
        case chunks(ChunkedRecords)
        /// Events read in file order by one reader.
        case stream(RecordStream)
    }

    /// Events about the whole file, known once it is open (an encoding note, the CSV header's mapping).
    public var preamble: [ImportEvent]
    /// sha256 and size of the file, when opening read every byte and ``SourceFile/wantsDigest`` asked for it; nil
    /// otherwise (``SourceFile/digest()`` works it out).
    public var digest: FileDigest?
    /// The records.
    public var records: Records
    /// The part of the file read, when its records are placed in it (``Locator/part(_:_:)``): a JSON document's
    /// array `--records` names, a sheet after a workbook's first.
    public var part: String?

    /// An opened file.
    public init(preamble: [ImportEvent] = [], digest: FileDigest? = nil, part: String? = nil, records: Records) {
        self.preamble = preamble
        self.digest = digest
        self.part = part
        self.records = records
    }

    /// Closes the file.
    public func close() {
        switch records {
        case .chunks(let chunks): chunks.reader.close()
        case .stream(let stream): stream.close()
        }
    }

    /// Reads the preamble and every record on the calling thread, chunk after chunk, announcing each field mapping
    /// once.
    public mutating func read(_ body: (ImportEvent) throws -> Void) throws {
        var announcer = MappingAnnouncer()
        for event in preamble { try announcer.pass(event, to: body) }
        switch records {
        case .chunks(var chunks):
            defer { records = .chunks(chunks) }
            while let chunk = try chunks.reader.next() {
                try chunks.parser.parse(chunk) { try announcer.pass($0, to: body) }
                try body(.progress(bytesRead: chunk.bytesRead))
            }
        case .stream(let stream):
            try stream.read(body)
        }
    }
}

/// Turns a chunk's records into events, independently of every other chunk: on any thread, in any order.
public protocol ChunkParser: Sendable {
    /// Calls `body` with the events of `chunk`'s records in file order: records and quarantined records, and the
    /// field mappings the records use (a mapping may be announced again by a later chunk).
    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows
}

/// A file's records as chunks: a reader cutting them and a parser for them.
public struct ChunkedRecords {
    /// Cuts the file's chunks.
    public var reader: ChunkReader
    /// Parses the file's chunks.
    public let parser: any ChunkParser

    /// Records cut by `reader` and parsed by `parser`.
    public init(reader: ChunkReader, parser: any ChunkParser) {
        self.reader = reader
        self.parser = parser
    }

    /// Cuts the chunks on this thread while `workers` threads run `work` on them (parse with ``parser``, and any
    /// further per-record work); `body` receives the results on this thread, in file order. At most two chunks per
    /// worker are in flight, so memory stays flat.
    public mutating func forEachChunk<Output: Sendable>(
        workers: Int, _ work: @escaping @Sendable (RecordChunk) -> Output, _ body: (Output) throws -> Void
    ) throws {
        let queue = OrderedWorkQueue<Output>(workers: workers)
        defer { queue.close() }
        let limit = 2 * max(1, workers)
        while let chunk = try reader.next() {
            if queue.pending >= limit, let output = queue.next() { try body(output) }
            queue.submit { work(chunk) }
        }
        while let output = queue.next() { try body(output) }
    }
}

/// A file's records as events that one reader produces in file order.
public struct RecordStream {
    private let reader: ((ImportEvent) throws -> Void) throws -> Void
    private let closer: () -> Void

    /// A stream whose events `reader` produces; `close` lets go of what it holds open.
    public init(
        _ reader: @escaping ((ImportEvent) throws -> Void) throws -> Void, close: @escaping () -> Void = {}
    ) {
        self.reader = reader
        closer = close
    }

    /// Calls `body` with every event, in file order.
    public func read(_ body: (ImportEvent) throws -> Void) throws { try reader(body) }

    /// Lets go of the file.
    public func close() { closer() }
}

/// Passes events on, dropping the announcement of a field mapping already announced (chunks parse on their own,
/// so each announces the mappings its records use).
public struct MappingAnnouncer {
    /// At most this many distinct mappings are announced (a file whose records all differ says so often enough).
    static let limit = 64
    private var announced: [[ExampleField: [String]]] = []

    /// Nothing announced yet.
    public init() {}

    /// Calls `body` with `event`, unless it announces a mapping already announced.
    public mutating func pass(_ event: ImportEvent, to body: (ImportEvent) throws -> Void) rethrows {
        if case .mapping(let mapping) = event {
            guard announced.count < MappingAnnouncer.limit, !announced.contains(mapping.assignment) else { return }
            announced.append(mapping.assignment)
        }
        try body(event)
    }
}
