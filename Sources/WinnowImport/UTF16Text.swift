import Foundation
import WinnowCore

/// Text written as UTF-16, with a byte order mark (Excel's "Unicode Text", tab-separated, and "CSV UTF-16") or
/// without one (SQL Server's and PowerShell's exports, `iconv -t UTF-16LE`): the exports of tools that follow
/// Windows' idea of Unicode. The delimited-text reader works on UTF-8 bytes, so such a
/// file is converted to a UTF-8 copy first, in blocks; its lines stay the same lines.
enum UTF16Text {
    /// The byte order.
    enum Order: String {
        case littleEndian = "little-endian"
        case bigEndian = "big-endian"
    }

    /// The byte order a file's first bytes announce (`FF FE`, `FE FF`), or, without a byte order mark, show: text
    /// in UTF-16 has a zero byte beside nearly every Latin letter, digit and space, on one side of each pair (the
    /// high byte), which text in any 8-bit encoding never has. Nil for anything else (and for UTF-32's
    /// `FF FE 00 00`).
    static func order(of prefix: [UInt8]) -> Order? {
        if prefix.starts(with: [0xFF, 0xFE]) {
            return prefix.starts(with: [0xFF, 0xFE, 0x00, 0x00]) ? nil : .littleEndian
        }
        if prefix.starts(with: [0xFE, 0xFF]) { return .bigEndian }
        return unmarkedOrder(of: prefix)
    }

    /// The byte order of UTF-16 without a byte order mark: at least 16 byte pairs, a zero in at least 30% of the
    /// pairs' high bytes and in at most 1% of their low bytes, and no pair of two zeros (UTF-32, binary data).
    static func unmarkedOrder(of prefix: [UInt8]) -> Order? {
        let pairs = min(prefix.count, 4096) / 2
        guard pairs >= 16 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for pair in 0..<pairs {
            let (even, odd) = (prefix[2 * pair], prefix[2 * pair + 1])
            if even == 0, odd == 0 { return nil }
            if even == 0 { evenZeros += 1 }
            if odd == 0 { oddZeros += 1 }
        }
        if oddZeros * 10 >= pairs * 3, evenZeros * 100 <= pairs { return .littleEndian }
        if evenZeros * 10 >= pairs * 3, oddZeros * 100 <= pairs { return .bigEndian }
        return nil
    }

    /// Whether `prefix` opens with the byte order mark of `order`.
    static func hasMark(_ prefix: ArraySlice<UInt8>, order: Order) -> Bool {
        prefix.starts(with: order == .littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF])
    }

    /// The UTF-8 of `bytes` (after the byte order mark when `first`), and the bytes left over that may begin a
    /// character the next bytes finish (an odd byte, a high surrogate).
    static func utf8(_ bytes: ArraySlice<UInt8>, order: Order, first: Bool) -> (utf8: [UInt8], rest: [UInt8]) {
        var bytes = bytes
        if first, hasMark(bytes, order: order) { bytes = bytes.dropFirst(2) }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(order == .littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        var rest = Array(bytes[index...])
        if let last = units.last, (0xD800...0xDBFF).contains(last) {
            units.removeLast()
            let high =
                order == .littleEndian
                ? [UInt8(last & 0xFF), UInt8(last >> 8)] : [UInt8(last >> 8), UInt8(last & 0xFF)]
            rest = high + rest
        }
        return (Array(String(decoding: units, as: UTF16.self).utf8), rest)
    }

    /// The first bytes of a UTF-16 file as UTF-8, for telling its format and delimiter.
    static func utf8Prefix(_ prefix: [UInt8], order: Order) -> [UInt8] {
        utf8(prefix[...], order: order, first: true).utf8
    }

    /// `file` as a reader of UTF-8 wants it: itself, or for UTF-16 a UTF-8 copy (the caller removes `copy` once its
    /// reader holds it open) with a note saying so. The copy keeps the file's display path; the source's digest
    /// stays the original file's.
    static func utf8Source(_ file: SourceFile) throws -> (file: SourceFile, copy: URL?, note: ImportEvent?) {
        guard let order = order(of: file.prefix) else { return (file, nil, nil) }
        let copy = try convert(file.url, order: order, displayPath: file.displayPath)
        return (
            try SourceFile(url: copy, displayPath: file.displayPath), copy,
            .note(
                "\(file.displayPath) is UTF-16 (\(order.rawValue), "
                    + (hasMark(file.prefix[...], order: order)
                        ? "byte order mark" : "no byte order mark: told by its zero bytes")
                    + "); read as UTF-8")
        )
    }

    /// Writes the UTF-8 of the UTF-16 file at `url` to a new temporary file and returns its location; errors name
    /// `displayPath`.
    static func convert(_ url: URL, order: Order, displayPath: String) throws -> URL {
        var carry: [UInt8] = []
        return try TemporaryCopy.write(
            from: url, name: "utf16", displayPath: displayPath, what: "convert from UTF-16",
            transform: { block, first in
                let (utf8, rest) = utf8((carry + block)[...], order: order, first: first)
                carry = rest
                return utf8
            },
            // A lone byte or surrogate at the very end decodes as a replacement character.
            finish: { carry.isEmpty ? [] : Array("\u{FFFD}".utf8) })
    }
}
