import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many bytes a file's unpacked copy (an archive's files, what a gzip file holds) may take in the temporary
/// folder. What is unpacked is untrusted: a small archive can hold terabytes (a "zip bomb"), and filling the disk
/// would stop more than the import. The room is the free space of the temporary folder's volume less a margin
/// (512 MiB, or a twentieth of the volume when that is smaller), or `WINNOW_UNPACK_LIMIT` (bytes; `K`, `M`, `G`,
/// `T` suffixes) when that is smaller; unpacking more stops with an error naming the file, the room and what to do,
/// and removes what was unpacked.
public struct UnpackRoom: Sendable, Equatable {
    /// The bytes that may be written.
    public let bytes: UInt64
    /// What sets the room, for the error: the temporary folder's free space, or the limit asked for.
    public let setBy: String

    /// A room of `bytes`, set by what `setBy` says (`WINNOW_UNPACK_LIMIT`, or a folder's free space).
    public init(bytes: UInt64, setBy: String) {
        self.bytes = bytes
        self.setBy = setBy
    }

    /// The room in the temporary folder now.
    public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) -> UnpackRoom {
        let folder = FileManager.default.temporaryDirectory.path
        var room = UnpackRoom(bytes: .max, setBy: "the temporary folder \(folder)")
        var stats = statvfs()
        if statvfs(folder, &stats) == 0 {
            let free = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
            let volume = UInt64(stats.f_blocks) * UInt64(stats.f_frsize)
            let margin = min(512 << 20, volume / 20)
            room = UnpackRoom(
                bytes: free > margin ? free - margin : 0,
                setBy: "the free space of the temporary folder \(folder) (less \(shown(margin)) kept free)")
        }
        if let limit = environment["WINNOW_UNPACK_LIMIT"].flatMap(UnpackRoom.size), limit < room.bytes {
            room = UnpackRoom(bytes: limit, setBy: "WINNOW_UNPACK_LIMIT")
        }
        return room
    }

    /// Whether `text` is a size ``now(environment:)`` reads: `2G`, `500M`, `64K` or a number of bytes.
    public static func isSize(_ text: String) -> Bool { size(text) != nil }

    /// `2G`, `500M`, `64K` or a number of bytes; nil for anything else.
    static func size(_ text: String) -> UInt64? {
        let text = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let last = text.last, let unit = units[last] {
            return UInt64(text.dropLast()).map { $0.multipliedReportingOverflow(by: unit).partialValue }
        }
        return UInt64(text)
    }

    /// Why a file that needs `needed` bytes unpacked (or more than the room, when nil) is not unpacked.
    public func message(needed: UInt64?) -> String {
        let room =
            setBy == "WINNOW_UNPACK_LIMIT"
            ? "the \(UnpackRoom.shown(bytes)) WINNOW_UNPACK_LIMIT allows (raise it to read the file)"
            : "the \(UnpackRoom.shown(bytes)) of \(setBy) (set TMPDIR to a folder with more room; a file far larger"
                + " unpacked than packed may be built to fill the disk)"
        return "not unpacked: it unpacks to " + (needed.map { "\(UnpackRoom.shown($0)), more than " } ?? "more than ")
            + room
    }

    /// `1.5 GiB`, `300 MiB`, `12 KiB`, `800 bytes`.
    static func shown(_ bytes: UInt64) -> String {
        for (unit, size) in [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes >= UInt64(size) {
            let value = Double(bytes) / Double(size)
            return value < 10 ? "\((value * 10).rounded(.down) / 10) \(unit)" : "\(Int(value)) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
