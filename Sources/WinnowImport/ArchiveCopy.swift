import Foundation
import WinnowCore
import ZIPFoundation

/// An archive of support logs (a WhatsApp chat exported with its media, a Slack workspace export, a Google Takeout
/// as `.zip` or `.tgz`, a helpdesk's export of CSV files) unpacked into a folder of its own, which is then imported as
/// a folder given is: its files in path order, sub-folders included. Zip archives and tar archives, plain or
/// gzip-compressed, are read. Paths inside are shown under the archive's own path (`export.zip/tickets/2024.csv`).
/// Entry names are the archive's, not trusted: an entry reaching outside the folder (`../x`, an absolute path) or a
/// link is not unpacked, and is listed.
public struct ArchiveCopy: Sendable, Equatable {
    /// The folder the archive was unpacked into (named as the archive less its extensions).
    public let folder: String
    /// The archive's path as given, which paths inside the folder are shown under.
    public let shown: String
    /// Entries not unpacked (a link, a path reaching outside the archive), with why.
    public let skipped: [(path: String, reason: String)]
    private let root: String

    /// Whether the file at `path` whose first bytes are `prefix` is a zip archive of files rather than a document
    /// stored as one (a workbook, a text document, a presentation), or a tar archive.
    public static func isArchive(path: String, prefix: [UInt8]) -> Bool {
        let documents: Set<String> = [
            "xlsx", "xlsm", "xlsb", "xls", "ods", "numbers", "docx", "odt", "pages", "pptx", "odp", "epub", "jar",
            "apk",
        ]
        return (SourceFormat.isZip(prefix) && !documents.contains((path as NSString).pathExtension.lowercased()))
            || isTar(prefix)
    }

    /// Whether `prefix` opens a tar archive (a POSIX or GNU header's magic).
    public static func isTar(_ prefix: [UInt8]) -> Bool {
        prefix.count >= 263 && prefix[257..<262].elementsEqual("ustar".utf8)
    }

    /// Unpacks the archive at `path` (a zip archive, or a tar archive at `tar`, which may be an unpacked copy of a
    /// gzip-compressed one); one that cannot be read, or whose files take more than `room`, throws an error naming
    /// `path` (nothing of it is left unpacked).
    public init(of path: String, tar: URL? = nil, room: UnpackRoom = .now()) throws {
        shown = path
        root =
            FileManager.default.temporaryDirectory.appendingPathComponent("winnow-unpacked-\(UUID().uuidString)").path
        var name = (path as NSString).lastPathComponent
        for suffix in [".gz", ".tgz", ".tar", ".zip"] where name.lowercased().hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        let folder = (root as NSString).appendingPathComponent(name.isEmpty || name.hasPrefix(".") ? "archive" : name)
        self.folder = folder
        let root = root
        var notUnpacked: [(path: String, reason: String)] = []
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: folder).standardizedFileURL.path + "/"
            /// Where an entry goes, or nil (and the entry listed) when its name reaches outside the folder.
            func target(_ entry: String) -> URL? {
                let parts = entry.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
                // The archive's own folder (`./`) is the folder unpacked into.
                if parts.isEmpty, !entry.hasPrefix("/") { return nil }
                let target = URL(fileURLWithPath: folder).appendingPathComponent(parts.joined(separator: "/"))
                guard !entry.hasPrefix("/"), !parts.contains(where: { $0 == ".." }),
                    target.standardizedFileURL.path.hasPrefix(base)
                else {
                    notUnpacked.append((ArchiveCopy.tidy(entry), "a path reaching outside the archive"))
                    return nil
                }
                return target
            }
            /// Counts `bytes` more written, throwing once they pass the room.
            var written: UInt64 = 0
            func take(_ bytes: UInt64) throws {
                written += bytes
                guard written <= room.bytes else {
                    throw ImportError(kind: .unreadableFile, file: path, message: room.message(needed: nil))
                }
            }
            if let tar {
                try ArchiveCopy.untar(tar, target: target, take: { try take(UInt64($0)) }) {
                    notUnpacked.append((ArchiveCopy.tidy($0), $1))
                }
            } else {
                let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
                // What the archive says its files unpack to, checked before anything is written; what is written is
                // counted too, since the sizes an archive states can lie.
                let stated = archive.filter { $0.type == .file }.reduce(UInt64(0)) {
                    $0.addingReportingOverflow($1.uncompressedSize).partialValue
                }
                if stated > room.bytes {
                    throw ImportError(kind: .unreadableFile, file: path, message: room.message(needed: stated))
                }
                for entry in archive {
                    guard let target = target(entry.path) else { continue }
                    switch entry.type {
                    case .directory:
                        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                    case .symlink:
                        notUnpacked.append((ArchiveCopy.tidy(entry.path), "a link, not a file"))
                    case .file:
                        try FileManager.default.createDirectory(
                            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                        // A name stored twice: the later entry is the file, as `unzip -o` leaves it.
                        try? FileManager.default.removeItem(at: target)
                        guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
                            throw CocoaError(.fileWriteUnknown)
                        }
                        let output = try FileHandle(forWritingTo: target)
                        defer { try? output.close() }
                        _ = try archive.extract(entry, skipCRC32: false) { data in
                            try take(UInt64(data.count))
                            try output.write(contentsOf: data)
                        }
                    }
                }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: root)
            if let error = error as? ImportError { throw error }
            throw ImportError(
                kind: .unreadableFile, file: path,
                message: "\(tar == nil ? "a zip" : "a tar") archive that cannot be unpacked: \(error)")
        }
        skipped = notUnpacked
    }

    /// Unpacks the tar archive at `url`: regular files (GNU long names and pax `path` records read), folders;
    /// links and devices are listed through `skip`.
    static func untar(
        _ url: URL, target: (String) -> URL?, take: (Int) throws -> Void, skip: (String, String) -> Void
    ) throws {
        let input = try FileHandle(forReadingFrom: url)
        defer { try? input.close() }
        func read(_ count: Int) throws -> [UInt8] {
            var bytes: [UInt8] = []
            while bytes.count < count, let data = try input.read(upToCount: count - bytes.count), !data.isEmpty {
                bytes += data
            }
            return bytes
        }
        func field(_ header: [UInt8], _ range: Range<Int>) -> String {
            let bytes = header[range].prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        func size(_ header: [UInt8]) throws -> Int {
            let bytes = header[124..<136]
            if let first = bytes.first, first & 0x80 != 0 {
                // Base-256, for sizes over 8 GiB.
                return bytes.dropFirst().suffix(8).reduce(0) { $0 << 8 | Int($1) }
            }
            // Octal digits, padded with zeros, spaces or NULs on either side as tools write them.
            let text = String(decoding: bytes.filter { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
            guard let value = Int(text.isEmpty ? "0" : text, radix: 8), value >= 0 else {
                throw CocoaError(.fileReadCorruptFile)
            }
            return value
        }
        var longName: String?
        while true {
            let header = try read(512)
            guard header.count == 512, header.contains(where: { $0 != 0 }) else { return }
            let length = try size(header)
            let padded = (length + 511) / 512 * 512
            let type = header[156]
            var name = field(header, 0..<100)
            let prefix = field(header, 345..<500)
            if header[257..<262].elementsEqual("ustar".utf8), !prefix.isEmpty, header[263] == 0x30 {
                name = prefix + "/" + name
            }
            if let long = longName {
                name = long
                longName = nil
            }
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "x"):
                // A GNU long name, or a pax header whose `path` record names the next entry.
                let data = try read(padded)
                let text = String(
                    decoding: data.prefix(length).prefix { $0 != 0 || type == UInt8(ascii: "x") }, as: UTF8.self)
                if type == UInt8(ascii: "L") {
                    longName = text
                } else if let record = text.split(separator: "\n").first(where: { $0.contains(" path=") }),
                    let equals = record.firstIndex(of: "=")
                {
                    longName = String(record[record.index(after: equals)...])
                }
                continue
            case UInt8(ascii: "g"), UInt8(ascii: "K"):
                // A pax header for the whole archive, a GNU long link target: nothing to unpack.
                _ = try read(padded)
                continue
            default: break
            }
            switch type {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                guard let destination = target(name) else {
                    _ = try read(padded)
                    continue
                }
                try take(length)
                try FileManager.default.createDirectory(
                    at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
                    throw CocoaError(.fileWriteUnknown)
                }
                let output = try FileHandle(forWritingTo: destination)
                defer { try? output.close() }
                var left = length
                while left > 0 {
                    let chunk = try read(min(left, 1 << 20))
                    guard !chunk.isEmpty else { throw CocoaError(.fileReadCorruptFile) }
                    try output.write(contentsOf: chunk)
                    left -= chunk.count
                }
                _ = try read(padded - length)
            case UInt8(ascii: "5"):
                if let destination = target(name) {
                    try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
                }
                _ = try read(padded)
            default:
                skip(name, type == UInt8(ascii: "1") || type == UInt8(ascii: "2") ? "a link, not a file" : "not a file")
                _ = try read(padded)
            }
        }
    }

    /// An entry's name as listed: without the `./` tar writes before every name.
    static func tidy(_ name: String) -> String {
        var name = Substring(name)
        while name.hasPrefix("./") { name = name.dropFirst(2) }
        return String(name)
    }

    /// `path` as shown: under the archive's path when it is inside the unpacked folder, else nil.
    public func show(_ path: String) -> String? {
        if path == folder { return shown }
        guard path.hasPrefix(folder + "/") else { return nil }
        return shown + path.dropFirst(folder.count)
    }

    /// `path` as shown, through every archive of `archives` it was unpacked from (an archive inside another).
    public static func show(_ path: String, in archives: [ArchiveCopy]) -> String {
        for archive in archives.reversed() {
            if let shown = archive.show(path) { return show(shown, in: archives) }
        }
        return path
    }

    /// Removes the unpacked folder.
    public func remove() { try? FileManager.default.removeItem(atPath: root) }

    public static func == (lhs: ArchiveCopy, rhs: ArchiveCopy) -> Bool {
        lhs.folder == rhs.folder && lhs.shown == rhs.shown
    }
}
