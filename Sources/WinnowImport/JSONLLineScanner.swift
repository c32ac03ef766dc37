import Foundation

/// Finds the lines of a file of one record per line (JSON Lines, fastText): each line is one record, without its LF
/// and without a CR before the LF, or, in a file whose lines end in a lone CR (as classic Mac OS wrote them), without
/// its CR.
struct JSONLLineScanner: RecordScanner {
    /// Lines found so far.
    private var line = 0
    /// The byte that ends a line: LF, or CR in a file of lone CRs.
    var lineBreak: UInt8 = 0x0A

    mutating func scan(
        _ bytes: UnsafeRawBufferPointer, from start: Int, atEnd: Bool, records: inout [RecordSpan],
        fieldBounds: inout [Int]
    ) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var position = start
        while position < bytes.count, let found = memchr(base + position, Int32(lineBreak), bytes.count - position) {
            let newline = base.distance(to: UnsafeRawPointer(found))
            append(bytes, from: position, to: newline, to: &records)
            position = newline + 1
        }
        if atEnd, position < bytes.count {
            append(bytes, from: position, to: bytes.count, to: &records)
            position = bytes.count
        }
        return position
    }

    private mutating func append(
        _ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, to records: inout [RecordSpan]
    ) {
        line += 1
        let contentEnd = end > start && lineBreak == 0x0A && bytes[end - 1] == 0x0D ? end - 1 : end
        records.append(RecordSpan(kind: .record, start: start, end: contentEnd, line: line))
    }
}

/// Files of one record per line (JSON Lines, fastText), opened to be read in chunks of lines.
enum LineRecords {
    /// Opens `original` as chunks of lines (``JSONLLineScanner``), read through a UTF-8 copy when it is UTF-16 (with a
    /// note saying so), `blockSize` bytes at a time; `parser` makes the chunks' parser for the file read.
    static func open(
        _ original: SourceFile, blockSize: Int, parser: (SourceFile) -> any ChunkParser
    ) throws -> OpenedFile {
        let (file, copy, note) = try UTF16Text.utf8Source(original)
        // A copy is unlinked once the reader holds it open.
        defer { if let copy { try? FileManager.default.removeItem(at: copy) } }
        var scanner = JSONLLineScanner()
        var notes = note.map { [$0] } ?? []
        // Lines ended by a lone CR: no LF in the first bytes, and a CR between two of them.
        let lines = file.prefix.split(separator: 0x0D, omittingEmptySubsequences: true)
        if !file.prefix.contains(0x0A), lines.count > 1 {
            scanner.lineBreak = 0x0D
            notes.append(
                .note("\(file.displayPath): its lines end in a lone CR (as classic Mac OS wrote them), read as lines"))
        }
        let reader = try ChunkReader(
            url: file.url, displayPath: file.displayPath, scanner: scanner, blockSize: blockSize)
        return OpenedFile(
            preamble: notes,
            records: .chunks(ChunkedRecords(reader: reader, parser: parser(file))))
    }
}
