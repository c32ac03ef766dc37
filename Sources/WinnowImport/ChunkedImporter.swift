import Foundation
import WinnowCore

/// Turns a chunk's records into events, independently of every other chunk: on any thread, in any order.
public protocol ChunkParser: Sendable {
    /// Calls `body` with the events of `chunk`'s records in file order: records and quarantined records, and the
    /// field mappings the records use (a mapping may be announced again by a later chunk).
    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows
}

/// A file opened for reading in chunks.
public struct ChunkedFile {
    /// Events about the whole file, known once it is open (an encoding note, the CSV header's mapping).
    public var preamble: [ImportEvent]
    /// Cuts the file's chunks.
    public var reader: ChunkReader
    /// Parses the file's chunks.
    public let parser: any ChunkParser

    /// Cuts the chunks on this thread while `workers` threads run `work` on them (parse with ``parser``, and any
    /// further per-record work); `body` receives the results on this thread, in file order. At most two chunks per
    /// worker are in flight, so memory stays flat. The preamble is the caller's to handle first.
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

/// An importer whose files cut into chunks of whole records that parse independently (JSONL lines, CSV records),
/// so that several threads can parse one file.
public protocol ChunkedImporter: Importer {
    /// Opens `file`: reads what must be known before its records (encoding, delimiter, header row).
    func open(_ file: URL, displayPath: String, options: ImportOptions) throws -> ChunkedFile
}

extension ChunkedImporter {
    /// Reads the file on the calling thread, chunk after chunk, announcing each field mapping once.
    public func read(
        _ file: URL, displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        var opened = try open(file, displayPath: displayPath, options: options)
        defer { opened.reader.close() }
        var announcer = MappingAnnouncer()
        for event in opened.preamble { try announcer.pass(event, to: body) }
        while let chunk = try opened.reader.next() {
            try opened.parser.parse(chunk) { try announcer.pass($0, to: body) }
            try body(.progress(bytesRead: chunk.bytesRead))
        }
    }
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
