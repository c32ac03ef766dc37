import Foundation
import WinnowCore

/// Finds whole records in a format's bytes (JSONL lines, CSV records), for ``ChunkReader``.
protocol RecordScanner {
    /// Scans `bytes` from `start`, appending each complete record to `records` (and CSV fields to `fieldBounds`).
    ///
    /// Returns where scanning stopped: the start of the first record not complete in `bytes`, or `bytes.count`.
    /// With `atEnd`, no more bytes follow and every record is complete (an open quoted field becomes an
    /// unterminated quote). A scanner keeps its line and row counters across calls.
    mutating func scan(
        _ bytes: UnsafeRawBufferPointer, from start: Int, atEnd: Bool, records: inout [RecordSpan],
        fieldBounds: inout [Int]
    ) -> Int
}

/// Reads a file in blocks and cuts it into ``RecordChunk``s of whole records, as a format's scanner finds them.
///
/// Memory stays at about one block plus the longest record. A UTF-8 byte order mark at the start is skipped.
public struct ChunkReader {
    private let handle: FileHandle
    private let displayPath: String
    private let blockSize: Int
    private var scanner: any RecordScanner
    /// Bytes read but not handed out yet: the start of a record that continues in the next block.
    private var carry: [UInt8] = []
    /// A chunk handed back with ``unread(_:)``, to be handed out again first.
    private var pending: RecordChunk?
    private var isAtEnd = false
    private var isFirstBlock = true
    /// Bytes at the start of the file (after a byte order mark) still to drop: lines that are not data (Excel's
    /// `sep=;`, a report's title above the header).
    private var toSkip: Int
    /// Bytes read from the file so far.
    private(set) var bytesRead: UInt64 = 0

    /// Opens `url`; `displayPath` is the name errors use. The first `skipping` bytes after a byte order mark are
    /// dropped.
    init(
        url: URL, displayPath: String, scanner: any RecordScanner, blockSize: Int = 1 << 20, skipping: Int = 0
    ) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: displayPath, message: "cannot open: \(error.localizedDescription)")
        }
        self.displayPath = displayPath
        self.scanner = scanner
        self.blockSize = max(1, blockSize)
        toSkip = skipping
    }

    /// Closes the file.
    public func close() { try? handle.close() }

    /// The next chunk of whole records; nil at the end of the file. A chunk is about one block, or one record when
    /// a record is longer.
    public mutating func next() throws -> RecordChunk? {
        if let chunk = pending.take() { return chunk }
        var bytes = carry
        carry = []
        var scanned = 0
        var records: [RecordSpan] = []
        var fieldBounds: [Int] = []
        while true {
            // A record longer than a block: read ever larger blocks, so that a long record is scanned a few times,
            // not once per block.
            if !isAtEnd { try read(into: &bytes, count: max(blockSize, bytes.count - scanned)) }
            let atEnd = isAtEnd
            scanned = bytes.withUnsafeBytes { raw in
                scanner.scan(raw, from: scanned, atEnd: atEnd, records: &records, fieldBounds: &fieldBounds)
            }
            if atEnd || !records.isEmpty { break }
            if scanned > 0 {
                // Bytes that hold no record (a JSON document's opening): let them go rather than keep them.
                bytes.removeFirst(scanned)
                scanned = 0
            }
        }
        if scanned < bytes.count { carry = Array(bytes[scanned...]) }
        guard !records.isEmpty else { return nil }
        return RecordChunk(bytes: bytes, records: records, fieldBounds: fieldBounds, bytesRead: bytesRead)
    }

    /// Hands `chunk` back (the last one read), so that ``next()`` returns it again.
    mutating func unread(_ chunk: RecordChunk) { pending = chunk }

    /// Appends up to `count` more bytes of the file to `bytes` (dropping a byte order mark at the very start).
    private mutating func read(into bytes: inout [UInt8], count: Int) throws {
        let data: Data
        do {
            // The first read takes at least the three bytes a byte order mark needs.
            data = try handle.read(upToCount: isFirstBlock ? max(count, 3) : count) ?? Data()
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: displayPath, message: "read failed: \(error.localizedDescription)")
        }
        guard !data.isEmpty else {
            isAtEnd = true
            return
        }
        bytesRead += UInt64(data.count)
        var block = data[...]
        if isFirstBlock {
            isFirstBlock = false
            if block.starts(with: [0xEF, 0xBB, 0xBF]) { block = block.dropFirst(3) }
        }
        if toSkip > 0 {
            let dropped = min(toSkip, block.count)
            block = block.dropFirst(dropped)
            toSkip -= dropped
        }
        bytes.append(contentsOf: block)
    }
}
