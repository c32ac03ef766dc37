/// A Microsoft compound file ([MS-CFB], the OLE structured storage an Outlook `.msg` is written in): a small file
/// system of storages (folders) and streams (files) inside one file.
///
/// The whole file is read into memory (a message is small). Every sector number, chain and tree link is checked
/// against the file before it is followed, so a damaged or hostile file is refused with a ``MailError`` saying
/// what is wrong, never read out of bounds or forever.
public struct CompoundFile: Sendable {
    /// One directory entry: a storage, a stream or the root.
    struct Entry: Sendable {
        var name: String
        /// 1 storage, 2 stream, 5 root.
        var type: UInt8
        var left: UInt32
        var right: UInt32
        var child: UInt32
        var start: UInt32
        var size: Int
    }

    private let bytes: [UInt8]
    private let sectorSize: Int
    private let miniCutoff: Int
    private var fat: [UInt32] = []
    private var miniFat: [UInt32] = []
    private var entries: [Entry] = []
    private var miniStream: [UInt8] = []

    /// The first eight bytes of every compound file.
    public static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let noStream: UInt32 = 0xFFFF_FFFF
    /// Sector numbers from here up are markers (free, end of chain, a FAT or DIFAT sector), not sectors.
    static let firstMarker: UInt32 = 0xFFFF_FFFA

    /// The little-endian 32-bit number at `offset` of `bytes`.
    static func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    /// The little-endian 32-bit numbers filling `bytes`.
    static func le32s(_ bytes: ArraySlice<UInt8>) -> [UInt32] {
        let data = Array(bytes)
        return stride(from: 0, to: data.count - 3, by: 4).map { le32(data, $0) }
    }

    /// Reads the compound file `bytes`.
    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 512, bytes.starts(with: CompoundFile.signature) else {
            throw MailError("not a compound file (no OLE signature)")
        }
        let sectorShift = Int(bytes[30]) | Int(bytes[31]) << 8
        guard sectorShift == 9 || sectorShift == 12, bytes[32] == 6, bytes[33] == 0 else {
            throw MailError("compound file with sectors of an unknown size")
        }
        self.bytes = bytes
        sectorSize = 1 << sectorShift
        miniCutoff = Int(CompoundFile.le32(bytes, 56))
        // The sectors holding the allocation table: 109 in the header, the rest in a chain of DIFAT sectors.
        var fatSectors = CompoundFile.le32s(bytes[76..<512]).filter { $0 < CompoundFile.firstMarker }
        var difat = CompoundFile.le32(bytes, 68)
        var difatSeen = 0
        while difat < CompoundFile.firstMarker {
            difatSeen += 1
            guard difatSeen <= bytes.count / sectorSize else { throw MailError("compound file's DIFAT chain loops") }
            let numbers = CompoundFile.le32s(try sector(difat))
            fatSectors += numbers.dropLast().filter { $0 < CompoundFile.firstMarker }
            difat = numbers.count == sectorSize / 4 ? numbers[numbers.count - 1] : CompoundFile.endOfChain
        }
        // A table needs no more sectors than the file has: more is a damaged (or hostile) DIFAT.
        guard fatSectors.count <= bytes.count / sectorSize else {
            throw MailError("compound file lists \(fatSectors.count) allocation table sectors, more than it holds")
        }
        for number in fatSectors { fat += CompoundFile.le32s(try sector(number)) }
        let directory = try read(CompoundFile.le32(bytes, 48), size: nil, what: "directory")
        for offset in stride(from: 0, to: directory.count - 127, by: 128) {
            let nameLength = min(64, Int(directory[offset + 64]) | Int(directory[offset + 65]) << 8)
            let units = stride(from: 0, to: max(0, nameLength - 2), by: 2).map {
                UInt16(directory[offset + $0]) | UInt16(directory[offset + $0 + 1]) << 8
            }
            entries.append(
                Entry(
                    name: String(decoding: units, as: UTF16.self), type: directory[offset + 66],
                    left: CompoundFile.le32(directory, offset + 68), right: CompoundFile.le32(directory, offset + 72),
                    child: CompoundFile.le32(directory, offset + 76), start: CompoundFile.le32(directory, offset + 116),
                    // Version 3 files may leave garbage in the size's high half: only its low half counts.
                    size: Int(CompoundFile.le32(directory, offset + 120))))
        }
        guard let root = entries.first, root.type == 5 else { throw MailError("compound file without a root entry") }
        miniStream = root.size > 0 ? try read(root.start, size: root.size, what: "mini stream") : []
        let miniFatStart = CompoundFile.le32(bytes, 60)
        if miniFatStart < CompoundFile.firstMarker {
            miniFat = CompoundFile.le32s(try read(miniFatStart, size: nil, what: "mini allocation table")[...])
        }
    }

    /// The bytes of sector `number` (the last one of the file may be cut short).
    private func sector(_ number: UInt32) throws -> ArraySlice<UInt8> {
        let offset = (Int(number) + 1) * sectorSize
        guard number < CompoundFile.firstMarker, offset < bytes.count else {
            throw MailError("compound file names sector \(number), past its end")
        }
        return bytes[offset..<min(bytes.count, offset + sectorSize)]
    }

    /// The bytes of the chain of sectors from `start` through `table`, each read by `sector`: `size` of them, or the
    /// whole chain; `what` names it in errors.
    private func chain(
        _ start: UInt32, size: Int?, table: [UInt32], what: String, sector: (UInt32) throws -> ArraySlice<UInt8>
    ) throws -> [UInt8] {
        var data: [UInt8] = []
        var number = start
        var steps = 0
        while number != CompoundFile.endOfChain {
            if let size, data.count >= size { break }
            steps += 1
            guard Int(number) < table.count else {
                throw MailError("compound file's \(what) runs to sector \(number), outside its table")
            }
            guard steps <= table.count else { throw MailError("compound file's \(what) loops") }
            data += try sector(number)
            number = table[Int(number)]
        }
        guard let size else { return data }
        guard data.count >= size else { throw MailError("compound file's \(what) is cut short") }
        return Array(data.prefix(size))
    }

    /// The regular sectors' chain from `start`.
    private func read(_ start: UInt32, size: Int?, what: String) throws -> [UInt8] {
        try chain(start, size: size, table: fat, what: what, sector: sector)
    }

    /// The entries under the storage numbered `index`, by name (in-order through its tree of siblings).
    private func children(of index: Int) throws -> [Int] {
        var found: [Int] = []
        var stack: [UInt32] = []
        var node = entries[index].child
        var steps = 0
        while node != CompoundFile.noStream || !stack.isEmpty {
            steps += 1
            guard steps <= 2 * entries.count + 2 else { throw MailError("compound file's directory tree loops") }
            if node != CompoundFile.noStream {
                guard Int(node) < entries.count else {
                    throw MailError("compound file names entry \(node), past its end")
                }
                stack.append(node)
                node = entries[Int(node)].left
            } else {
                let top = stack.removeLast()
                found.append(Int(top))
                node = entries[Int(top)].right
            }
        }
        return found
    }

    /// The entry at `path` (storage names, then a stream's, from the root), compared as [MS-CFB] compares names:
    /// without regard to case.
    private func entry(_ path: [String]) throws -> Int? {
        var index = 0
        for name in path {
            let upper = name.uppercased()
            guard let next = try children(of: index).first(where: { entries[$0].name.uppercased() == upper }) else {
                return nil
            }
            index = next
        }
        return index
    }

    /// The names of the entries in the storage at `path` (the root for `[]`); empty when there is none.
    public func names(in path: [String]) throws -> [String] {
        guard let index = try entry(path), entries[index].type != 2 else { return [] }
        return try children(of: index).map { entries[$0].name }
    }

    /// Whether the entry at `path` is a storage.
    public func isStorage(_ path: [String]) throws -> Bool {
        guard let index = try entry(path) else { return false }
        return entries[index].type == 1
    }

    /// The bytes of the stream at `path`, or nil when there is no such stream.
    public func stream(_ path: [String]) throws -> [UInt8]? {
        guard let index = try entry(path), entries[index].type == 2 else { return nil }
        let entry = entries[index]
        guard entry.size > 0 else { return [] }
        let what = "stream " + path.joined(separator: "/")
        guard entry.size < miniCutoff else { return try read(entry.start, size: entry.size, what: what) }
        // A small stream lives in the mini stream, in 64-byte sectors of its own table.
        return try chain(entry.start, size: entry.size, table: miniFat, what: what) { number in
            let offset = Int(number) * 64
            guard offset < miniStream.count else {
                throw MailError("compound file's \(what) runs past its mini stream")
            }
            return miniStream[offset..<min(miniStream.count, offset + 64)]
        }
    }
}
