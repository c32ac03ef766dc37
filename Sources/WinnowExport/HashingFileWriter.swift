import Foundation
import WinnowCore

/// Writes one file in buffered chunks while hashing what it writes (sha256) and counting bytes.
///
/// A class: it owns an open file handle (a resource with identity). Not shared between threads.
public final class HashingFileWriter {
    /// The file being written.
    public let url: URL
    private let handle: FileHandle
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    /// Bytes written so far.
    public private(set) var byteCount = 0

    /// Creates (truncating) the file at `url`.
    public init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ExportError.io(path: url.path, message: "cannot create the file")
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends `text` as UTF-8.
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered, syncs the file to disk, closes it, and returns the hex sha256 of everything written.
    public func finish() throws -> String {
        try flush()
        try handle.synchronize()
        try handle.close()
        return hasher.finalize().hexString
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        hasher.update(buffer)
        try handle.write(contentsOf: buffer)
        byteCount += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
