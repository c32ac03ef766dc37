import Foundation
import WinnowCore
import WinnowParquet

/// A gzip-compressed file (`tickets.jsonl.gz`, a list archive's `2024-March.txt.gz`, `mailbox.mbox.gz`) unpacked to a
/// copy named as the file it holds, which is then read as that file is: its format told by the inner name and its
/// content, its records placed by their lines or rows in the unpacked text. Errors and notes name the compressed file,
/// and the source stays the compressed file itself, by its own bytes.
public struct GzipCopy {
    /// The copy, named as the compressed file in errors and notes.
    public let file: SourceFile
    /// The name of the file the gzip data holds: the compressed file's name less `.gz`, else the name the gzip
    /// header stores, else the file's own name.
    public let innerName: String
    /// The copy's size in bytes.
    public let size: UInt64
    /// What was read, for the file's notes.
    public let note: String
    /// Why the unpacking stopped early (data cut short or damaged), when it did after some of the data: what came
    /// before is read, and this is the file's quarantine entry.
    public let damage: String?
    private let folder: URL

    /// Whether `prefix` opens gzip data.
    public static func isGzip(_ prefix: [UInt8]) -> Bool { GzipStream.isGzip(prefix) }

    /// The name of the file gzip data at `path` holds (see ``innerName``).
    public static func innerName(path: String, prefix: [UInt8]) -> String {
        let name = (path as NSString).lastPathComponent
        let lowered = name.lowercased()
        if lowered.hasSuffix(".tgz") { return String(name.dropLast(4)) + ".tar" }
        for suffix in [".gz", ".gzip"] where lowered.hasSuffix(suffix) && lowered.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return storedName(prefix).map { ($0 as NSString).lastPathComponent } ?? name
    }

    /// The original name a gzip header stores (`FNAME`), if any.
    static func storedName(_ prefix: [UInt8]) -> String? {
        guard isGzip(prefix), prefix.count > 10, prefix[3] & 0x08 != 0 else { return nil }
        var index = 10
        if prefix[3] & 0x04 != 0 {
            guard prefix.count > 12 else { return nil }
            index += 2 + Int(prefix[10]) + Int(prefix[11]) << 8
        }
        guard index < prefix.count, let end = prefix[index...].firstIndex(of: 0), end > index else { return nil }
        let name = String(decoding: prefix[index..<end], as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    /// The first `limit` bytes of what the gzip file at `url` holds; nil when it cannot be read.
    public static func innerPrefix(url: URL, limit: Int = SourceFile.prefixLength) -> [UInt8]? {
        var output: [UInt8] = []
        do {
            try inflate(url: url, displayPath: url.path) { chunk in
                output += chunk.prefix(limit - output.count)
                return output.count < limit
            }
        } catch {
            return output.isEmpty ? nil : output
        }
        return output
    }

    /// Unpacks `original` into a copy in a folder of its own. Gzip data cut short or damaged after some of it is
    /// unpacked keeps what came before (``damage`` says where it stopped); data that cannot be read at all, or that
    /// unpacks to more than `room`, throws an error naming the file.
    public init(of original: SourceFile, room: UnpackRoom = .now()) throws {
        innerName = GzipCopy.innerName(path: original.displayPath, prefix: original.prefix)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-gunzip-\(UUID().uuidString)")
        // The name a gzip header stores is the file's, not trusted: one that is no plain name is not used.
        let plain = !innerName.isEmpty && innerName != "." && innerName != ".." && !innerName.contains("/")
        let url = folder.appendingPathComponent(plain ? innerName : "unpacked")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw ImportError(
                    kind: .unreadableFile, file: original.displayPath, message: "cannot write a copy of what it holds")
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            var written: UInt64 = 0
            var overflow = false
            do {
                try GzipCopy.inflate(url: original.url, displayPath: original.displayPath) { chunk in
                    guard written + UInt64(chunk.count) <= room.bytes else {
                        overflow = true
                        return false
                    }
                    try handle.write(contentsOf: chunk)
                    written += UInt64(chunk.count)
                    return true
                }
                damage = nil
            } catch let error as ImportError where written > 0 {
                damage = error.message + " (the \(written) bytes unpacked before it are read)"
            }
            if overflow {
                throw ImportError(kind: .unreadableFile, file: original.displayPath, message: room.message(needed: nil))
            }
            size = written
            file = try SourceFile(url: url, displayPath: original.displayPath)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            if let error = error as? ImportError { throw error }
            throw ImportError(
                kind: .unreadableFile, file: original.displayPath,
                message: "cannot write a copy of what it holds: \(error.localizedDescription)")
        }
        note =
            "\(original.displayPath): gzip data, read as the \(innerName) it holds (\(size) bytes); lines and rows"
            + " are counted in that file"
    }

    /// Removes the copy.
    public func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Streams the gzip data of the file at `url` to `body` (``GzipStream``); damaged or cut-short data throws an
    /// error naming `displayPath`.
    static func inflate(url: URL, displayPath: String, _ body: ([UInt8]) throws -> Bool) throws {
        do {
            try GzipStream.inflate(url: url, body)
        } catch let error as GzipStream.Failure {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: error.description)
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: displayPath, message: "cannot read the file: \(error.localizedDescription)"
            )
        }
    }
}
