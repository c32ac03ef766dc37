import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes read with `open` and `read`: a folder of thousands of one-message files opens each file several
/// times (its format, its message's headers, its import), and Foundation's file handles and URLs cost more than the
/// reading itself there.
public enum FileBytes {
    /// Up to `limit` bytes from the file's start (all of them when nil), or why they cannot be read (the system's
    /// words: "Permission denied").
    static func read(path: String, limit: Int? = nil) -> Result<[UInt8], FileBytesError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileBytesError(code: errno)) }
        defer { close(descriptor) }
        let size = endOffset(descriptor) ?? 0
        var capacity = max(4096, min(limit ?? Int.max, size > 0 ? size + 1 : 4096))
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while limit.map({ count < $0 }) ?? true {
            if count == capacity {
                // The file grew past its size, or says none (a pipe): read on.
                capacity = min(limit ?? Int.max, capacity * 2)
                bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count))
            }
            let wanted = min(capacity, limit ?? Int.max) - count
            let got = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { systemRead(descriptor, $0 + count, wanted) } ?? 0
            }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(FileBytesError(code: errno))
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }
}

/// `read(2)` (the enum's own `read` hides it there).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Why a file's bytes cannot be read: the system's error.
struct FileBytesError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}

extension FileBytes {
    /// The size of the file at `path` (a link's target's), or nil when it cannot be told.
    public static func size(path: String) -> Int? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return endOffset(descriptor)
    }

    /// The size of the open file `descriptor`, read back to its start; nil for one that cannot seek (a pipe). Told by
    /// seeking rather than by `stat`, whose structure's members some module caches give to another module than the
    /// C library's.
    static func endOffset(_ descriptor: Int32) -> Int? {
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0, lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
        return Int(end)
    }
}
