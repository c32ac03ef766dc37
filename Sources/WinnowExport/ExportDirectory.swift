import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output directory of an export, written atomically: every file goes into a hidden staging directory
/// beside it, which is renamed into place only when all files are complete. A failed export leaves the earlier
/// contents as they were.
///
/// File names are fixed by the caller (`train.jsonl`, `manifest.json`); nothing from the data ever names a path.
public struct ExportDirectory: Sendable {
    /// The directory the export ends up in.
    public let target: URL
    /// Where files are written until ``commit()``.
    public let staging: URL

    /// Checks that `target` may be written (missing, empty, or with `force` an earlier export holding
    /// `manifest.json`) and creates the staging directory beside it.
    public init(target: URL, force: Bool) throws {
        let manager = FileManager.default
        let target = target.standardizedFileURL
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ExportError.notADirectory(target.path) }
            let contents = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
            if !contents.isEmpty {
                guard force else { throw ExportError.notEmpty(target.path) }
                guard contents.contains("manifest.json") else { throw ExportError.notAnExport(target.path) }
            }
        }
        let parent = target.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw ExportError.io(path: parent.path, message: "cannot create a directory: \(error.localizedDescription)")
        }
        self.target = target
    }

    /// The staging location of the file `name` (a fixed name such as `train.jsonl`).
    public func file(_ name: String) -> URL {
        precondition(!name.contains("/") && !name.hasPrefix("."), "export file names are fixed, plain names")
        return staging.appendingPathComponent(name)
    }

    /// Moves the staged files into place: the staging directory is renamed to the target (an earlier export
    /// there is renamed aside first and removed after).
    public func commit() throws {
        let manager = FileManager.default
        var aside: URL?
        if manager.fileExists(atPath: target.path) {
            let old = target.deletingLastPathComponent()
                .appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString)")
            try move(target, to: old)
            aside = old
        }
        do {
            try move(staging, to: target)
        } catch {
            if let aside { try? move(aside, to: target) }
            throw error
        }
        if let aside { try? manager.removeItem(at: aside) }
    }

    /// Removes the staging directory (after a failure).
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }

    private func move(_ source: URL, to destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw ExportError.io(
                path: destination.path, message: "cannot rename \(source.path): \(String(cString: strerror(errno)))")
        }
    }
}
