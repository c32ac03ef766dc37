import Foundation
import WinnowCore

/// A file read through a temporary copy written block by block (a UTF-16 file as UTF-8, an X archive's script as the
/// JSON it assigns): the copy is the reader's to open and remove.
enum TemporaryCopy {
    /// Writes `transform` of each block of the file at `url` (1 MiB at a time, the first block flagged), then
    /// `finish`'s bytes, to a new temporary file named `winnow-NAME-UUID`; returns its location. A failure removes
    /// the copy and throws an error naming `displayPath`, `what` saying what was being done.
    static func write(
        from url: URL, name: String, displayPath: String, what: String,
        transform: (_ block: [UInt8], _ first: Bool) -> [UInt8], finish: () -> [UInt8] = { [] }
    ) throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent(
            "winnow-\(name)-\(UUID().uuidString)")
        do {
            let input = try FileHandle(forReadingFrom: url)
            defer { try? input.close() }
            guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let output = try FileHandle(forWritingTo: target)
            defer { try? output.close() }
            var first = true
            while let data = try input.read(upToCount: 1 << 20), !data.isEmpty {
                try output.write(contentsOf: transform([UInt8](data), first))
                first = false
            }
            let last = finish()
            if !last.isEmpty { try output.write(contentsOf: last) }
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw ImportError(
                kind: .unreadableFile, file: displayPath, message: "cannot \(what): \(error.localizedDescription)")
        }
        return target
    }
}
