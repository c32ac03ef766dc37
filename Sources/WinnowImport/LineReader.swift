import Foundation
import WinnowCore

/// Reads a file line by line in large chunks, handing out each line's bytes without copying them into Strings.
///
/// Lines end at LF; a CR before the LF is dropped. A UTF-8 byte order mark at the start of the file is skipped.
/// Memory stays at one chunk plus the longest line.
struct LineReader {
    let handle: FileHandle
    let chunkSize: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var isAtEnd = false
    private var isFirstChunk = true
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0
    /// Byte offset in the file of the start of the line last returned.
    private(set) var lineOffset: UInt64 = 0
    private var consumed: UInt64 = 0
    /// Bytes read from the file so far.
    private(set) var bytesRead: UInt64 = 0

    init(url: URL, displayPath: String, chunkSize: Int = 1 << 20) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: displayPath, message: "cannot open: \(error.localizedDescription)")
        }
        self.chunkSize = chunkSize
    }

    /// Calls `body` with the next line's bytes (without its line break); returns false at the end of the file.
    mutating func next<T>(_ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        while true {
            let newline = buffer.withUnsafeBufferPointer { pointer -> Int? in
                guard start < pointer.count, let base = pointer.baseAddress else { return nil }
                guard let found = memchr(base + start, 0x0A, pointer.count - start) else { return nil }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if let newline {
                return try emit(upTo: newline, skip: 1, body)
            }
            if isAtEnd {
                if start < buffer.count { return try emit(upTo: buffer.count, skip: 0, body) }
                return nil
            }
            try fill()
        }
    }

    private mutating func emit<T>(upTo end: Int, skip: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T
    {
        var lineEnd = end
        if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        lineNumber += 1
        lineOffset = consumed
        let lineStart = start
        let advance = end + skip - start
        start = end + skip
        consumed += UInt64(advance)
        return try buffer.withUnsafeBytes { bytes in
            try body(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
        }
    }

    private mutating func fill() throws {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let data: Data
        do {
            data = try handle.read(upToCount: chunkSize) ?? Data()
        } catch {
            throw ImportError(kind: .unreadableFile, file: "", message: "read failed: \(error.localizedDescription)")
        }
        if data.isEmpty {
            isAtEnd = true
            return
        }
        buffer.append(contentsOf: data)
        bytesRead += UInt64(data.count)
        if isFirstChunk {
            isFirstChunk = false
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
                buffer.removeFirst(3)
                consumed = 3
            }
        }
    }

    func close() { try? handle.close() }
}
