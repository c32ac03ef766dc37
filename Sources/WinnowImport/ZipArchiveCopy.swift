import Foundation
import WinnowCore
import ZIPFoundation

/// A zip archive of support logs (a WhatsApp chat exported with its media, a Slack workspace export, a Google
/// Takeout, a helpdesk's export of CSV files) unpacked into a folder of its own, which is then imported as a folder
/// given is: its files in path order, sub-folders included. Paths inside are shown under the archive's own path
/// (`export.zip/tickets/2024.csv`). Entry names are the archive's, not trusted: an entry reaching outside the folder
/// (`../x`, an absolute path) or a link is not unpacked, and is listed.
public struct ZipArchiveCopy: Sendable, Equatable {
    /// The folder the archive was unpacked into (named as the archive less `.zip`).
    public let folder: String
    /// The archive's path as given, which paths inside the folder are shown under.
    public let shown: String
    /// Entries not unpacked (a link, a path reaching outside the archive), with why.
    public let skipped: [(path: String, reason: String)]
    private let root: String

    /// Whether the file at `path` whose first bytes are `prefix` is a zip archive of files rather than a document
    /// stored as one (a workbook, a text document, a presentation).
    public static func isArchive(path: String, prefix: [UInt8]) -> Bool {
        let documents: Set<String> = [
            "xlsx", "xlsm", "xlsb", "xls", "ods", "numbers", "docx", "odt", "pages", "pptx", "odp", "epub", "jar",
            "apk",
        ]
        return SourceFormat.isZip(prefix) && !documents.contains((path as NSString).pathExtension.lowercased())
    }

    /// Unpacks the archive at `path`; one that cannot be read throws an error naming it.
    public init(of path: String) throws {
        shown = path
        root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-unzip-\(UUID().uuidString)").path
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        folder = (root as NSString).appendingPathComponent(name.isEmpty || name.hasPrefix(".") ? "archive" : name)
        var skipped: [(path: String, reason: String)] = []
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: folder).standardizedFileURL.path + "/"
            for entry in archive {
                let parts = entry.path.split(separator: "/", omittingEmptySubsequences: true)
                guard !entry.path.hasPrefix("/"), !parts.contains(where: { $0 == ".." }), !parts.isEmpty else {
                    skipped.append((entry.path, "a path reaching outside the archive"))
                    continue
                }
                let target = URL(fileURLWithPath: folder).appendingPathComponent(parts.joined(separator: "/"))
                guard target.standardizedFileURL.path.hasPrefix(base) else {
                    skipped.append((entry.path, "a path reaching outside the archive"))
                    continue
                }
                switch entry.type {
                case .directory:
                    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                case .symlink:
                    skipped.append((entry.path, "a link, not a file"))
                case .file:
                    try FileManager.default.createDirectory(
                        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    _ = try archive.extract(entry, to: target, skipCRC32: false)
                }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: root)
            throw ImportError(
                kind: .unreadableFile, file: path, message: "a zip archive that cannot be unpacked: \(error)")
        }
        self.skipped = skipped
    }

    /// `path` as shown: under the archive's path when it is inside the unpacked folder, else as it is.
    public func show(_ path: String) -> String? {
        if path == folder { return shown }
        guard path.hasPrefix(folder + "/") else { return nil }
        return shown + path.dropFirst(folder.count)
    }

    /// `path` as shown, through every archive of `archives` it was unpacked from (an archive inside another).
    public static func show(_ path: String, in archives: [ZipArchiveCopy]) -> String {
        for archive in archives.reversed() {
            if let shown = archive.show(path) { return show(shown, in: archives) }
        }
        return path
    }

    /// Removes the unpacked folder.
    public func remove() { try? FileManager.default.removeItem(atPath: root) }

    public static func == (lhs: ZipArchiveCopy, rhs: ZipArchiveCopy) -> Bool {
        lhs.folder == rhs.folder && lhs.shown == rhs.shown
    }
}
