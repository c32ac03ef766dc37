import Foundation
import WinnowCore

/// Turns bytes in a known single-byte or UTF-8 encoding into Strings, and checks files for valid UTF-8.
struct TextDecoder: Sendable {
    /// The concrete encoding (never `.automatic`).
    let encoding: TextEncodingChoice

    /// Decodes `bytes`; invalid UTF-8 becomes U+FFFD (callers validate first when that matters).
    func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        switch encoding {
        case .utf8, .automatic:
            return String(decoding: bytes, as: UTF8.self)
        case .latin1:
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
            return String(scalars)
        case .windows1252:
            var isASCII = true
            for byte in bytes where byte >= 0x80 {
                isASCII = false
                break
            }
            if isASCII { return String(decoding: bytes, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for byte in bytes {
                if (0x80...0x9F).contains(byte) {
                    let value = TextDecoder.windows1252High[Int(byte - 0x80)]
                    scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                } else {
                    scalars.append(Unicode.Scalar(byte))
                }
            }
            return String(scalars)
        }
    }

    /// Windows-1252's 0x80–0x9F (undefined positions map to the C1 control of the same number, as browsers do).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
        0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Where a file first fails to be UTF-8: nil when it is valid, else the 1-based line and byte offset.
    static func firstInvalidUTF8(in url: URL) throws -> (line: Int, offset: UInt64)? {
        try checkUTF8(in: url, validating: true, digesting: false).invalid
    }

    /// One pass over the file at `url`: where its first invalid UTF-8 is (when `validating`; nil when it is all
    /// valid) and its sha256 and size (when `digesting`). Without `digesting`, reading stops at the first invalid
    /// byte.
    static func checkUTF8(in url: URL, validating: Bool, digesting: Bool) throws -> (
        invalid: (line: Int, offset: UInt64)?, digest: FileDigest?
    ) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var validator = UTF8Validator()
        var digester = FileDigester()
        var invalid: (line: Int, offset: UInt64)?
        var checking = validating
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            data.withUnsafeBytes { bytes in
                if checking, validator.feed(bytes) {
                    invalid = (validator.line, validator.offset)
                    checking = false
                }
                if digesting { digester.update(bytes) }
            }
            if !checking, !digesting { break }
        }
        if checking, validator.finish() { invalid = (validator.line, validator.offset) }
        return (invalid, digesting ? digester.finish() : nil)
    }
}

/// A streaming UTF-8 validity check that counts lines.
struct UTF8Validator {
    private var pending = 0
    private var lowerBound: UInt8 = 0x80
    private var upperBound: UInt8 = 0xBF
    private(set) var line = 1
    private(set) var offset: UInt64 = 0

    /// Feeds bytes; returns true when invalid UTF-8 was found (position in `line`, `offset`).
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < bytes.count {
            // Between sequences, ASCII goes eight bytes at a time.
            if pending == 0 {
                var position = index
                var lineFeeds = 0
                while position &+ 8 <= bytes.count {
                    let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    lineFeeds &+= UTF8Validator.lineFeeds(in: word)
                    position &+= 8
                }
                line += lineFeeds
                offset += UInt64(position - index)
                index = position
                guard index < bytes.count else { break }
            }
            let byte = bytes[index]
            index += 1
            if pending == 0 {
                if byte < 0x80 {
                    if byte == 0x0A { line += 1 }
                    offset += 1
                    continue
                }
                switch byte {
                case 0xC2...0xDF: pending = 1; lowerBound = 0x80; upperBound = 0xBF
                case 0xE0: pending = 2; lowerBound = 0xA0; upperBound = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: pending = 2; lowerBound = 0x80; upperBound = 0xBF
                case 0xED: pending = 2; lowerBound = 0x80; upperBound = 0x9F
                case 0xF0: pending = 3; lowerBound = 0x90; upperBound = 0xBF
                case 0xF1...0xF3: pending = 3; lowerBound = 0x80; upperBound = 0xBF
                case 0xF4: pending = 3; lowerBound = 0x80; upperBound = 0x8F
                default: return true
                }
            } else {
                guard byte >= lowerBound, byte <= upperBound else { return true }
                pending -= 1
                lowerBound = 0x80
                upperBound = 0xBF
            }
            offset += 1
        }
        return false
    }

    /// The number of LF bytes in an ASCII word.
    static func lineFeeds(in word: UInt64) -> Int {
        let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let difference = word ^ 0x0A0A_0A0A_0A0A_0A0A
        // Bit 7 of each byte is set where the byte differs from LF.
        let differs = ((difference & lowBits) &+ lowBits) | difference
        return (~differs & 0x8080_8080_8080_8080).nonzeroBitCount
    }

    /// Whether the input ended in the middle of a sequence.
    func finish() -> Bool { pending != 0 }
}
