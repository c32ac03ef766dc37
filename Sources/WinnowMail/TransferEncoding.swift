/// Content-Transfer-Encoding decoders on bytes: quoted-printable and base64, forgiving as mail readers must be.
public enum TransferEncoding {
    /// Why a body could not be decoded.
    public struct Failure: Error, Sendable, Equatable {
        /// What is wrong, in words a user can act on.
        public var message: String
    }

    /// Decodes `bytes` sent with the transfer encoding `name` (`7bit`, `8bit`, `binary`, `quoted-printable`,
    /// `base64`; nil or empty is 7bit).
    ///
    /// Throws ``Failure`` for an encoding no mail reader knows, and for base64 that is mostly not base64.
    public static func decode(_ bytes: ArraySlice<UInt8>, encoding name: String?) throws -> [UInt8] {
        try decodeNoting(bytes, encoding: name).bytes
    }

    /// Decodes `bytes` as ``decode(_:encoding:)`` does, with a note when stray characters were skipped in a base64
    /// body (`3 characters that are not base64 skipped`).
    public static func decodeNoting(
        _ bytes: ArraySlice<UInt8>, encoding name: String?
    ) throws -> (bytes: [UInt8], note: String?) {
        if isIdentity(name) { return (Array(bytes), nil) }
        let written = MailText.trimmed(name ?? "").lowercased()
        switch canonical(written) {
        case "quotedprintable", "qp":
            return (quotedPrintable(bytes), nil)
        case "base64":
            let decoded = try base64Counting(bytes)
            guard decoded.skipped > 0 else { return (decoded.bytes, nil) }
            let count = decoded.skipped
            let skipped = count == 1 ? "1 character that is" : "\(count) characters that are"
            return (decoded.bytes, "base64 body: \(skipped) not base64 skipped")
        case let other where !other.contains("uu") && looksLikeText(bytes):
            // A name no standard has (`8bits`, `plain`, `text/html`, a spammer's garbage) over a body that reads as
            // text: read as it is, as mail readers do.
            return (Array(bytes), "unknown Content-Transfer-Encoding '\(written)': the part read as it is")
        default:
            throw Failure(message: "unknown Content-Transfer-Encoding '\(written)'")
        }
    }

    /// A transfer encoding's name without the spaces, hyphens, underscores and slashes clients put in or leave out
    /// (`quoted printable`, `Quoted_Printable`, `base-64`, `text/plain`).
    private static func canonical(_ name: String) -> String {
        name.filter { $0 != " " && $0 != "-" && $0 != "_" && $0 != "\t" && $0 != "/" }
    }

    /// Whether the transfer encoding `name` leaves the bytes as they are (`7bit`, `8bit`, `binary`, their misspellings
    /// `7-bit` and `8bits`, and `plain` or a text type written there; nil or empty).
    static func isIdentity(_ name: String?) -> Bool {
        let name = canonical(MailText.trimmed(name ?? "").lowercased())
        return ["", "7bit", "8bit", "7bits", "8bits", "binary", "none", "plain", "text", "textplain", "texthtml"]
            .contains(name)
    }

    /// Whether a body reads as text: no NUL byte, and spaces or line breaks among its bytes as words have them.
    private static func looksLikeText(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.contains(0) else { return false }
        let spaces = bytes.lazy.filter { $0 == 0x20 || $0 == 0x0A }.count
        return bytes.isEmpty || spaces * 40 >= bytes.count
    }

    /// Decodes quoted-printable: `=XX` escapes in either case, soft line breaks (`=` at a line end, even before
    /// trailing spaces), and broken escapes kept as they are.
    public static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            guard byte == 0x3D else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 2 < end, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            // A soft line break: `=`, optional spaces or tabs, then CRLF, LF or the end.
            var look = index + 1
            while look < end && (bytes[look] == 0x20 || bytes[look] == 0x09) { look += 1 }
            if look == end {
                index = end
                continue
            }
            if bytes[look] == 0x0A {
                index = look + 1
                continue
            }
            if bytes[look] == 0x0D {
                index = look + 1 < end && bytes[look + 1] == 0x0A ? look + 2 : look + 1
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    /// Decodes base64, skipping line breaks, spaces and stray characters (see ``base64Counting(_:)``).
    ///
    /// Throws when a third or more of the characters are not base64: that is not a base64 body.
    public static func base64(_ bytes: ArraySlice<UInt8>) throws -> [UInt8] {
        try base64Counting(bytes).bytes
    }

    /// Decodes base64 and counts the stray characters skipped: line breaks and spaces around lines are skipped
    /// silently, other characters outside the alphabet are skipped and counted.
    ///
    /// A body made of separately padded chunks (`SGVsbG8=` then `IHdvcmxkIQ==`, as some mailers encode a body
    /// piece by piece) is decoded chunk after chunk; what follows the last padding is decoded only when it is base64
    /// lines too, so that text appended after the body is not read as base64. Throws when a third or more of the
    /// characters are not base64 (a space inside a line counts: base64 lines hold none).
    public static func base64Counting(_ bytes: ArraySlice<UInt8>) throws -> (bytes: [UInt8], skipped: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var valid = 0
        var junk = 0
        var innerSpaces = 0
        var pendingSpaces = 0
        var lineHasText = false
        // Where the lines that are all base64 start at the end of the body, found at the first padding.
        var tailStart: Int?
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x3D {
                // A chunk ends: its padding drops the bits left over; the next chunk starts afresh.
                accumulator = 0
                bits = 0
                while index < bytes.endIndex && bytes[index] == 0x3D { index += 1 }
                if tailStart == nil { tailStart = base64TailStart(bytes) }
                guard let tailStart, index >= tailStart else { break }
                continue
            }
            index += 1
            let value = base64Value(byte)
            if value == 0xFF {
                if byte == 0x20 || byte == 0x09 {
                    pendingSpaces += 1
                } else if byte == 0x0A || byte == 0x0D {
                    pendingSpaces = 0
                    lineHasText = false
                } else if byte > 0x20 {
                    junk += 1
                }
                continue
            }
            if lineHasText { innerSpaces += pendingSpaces }
            pendingSpaces = 0
            lineHasText = true
            valid += 1
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        let total = valid + junk + innerSpaces
        if (junk + innerSpaces) * 3 >= total && total > 0 {
            throw Failure(
                message: "base64 body holds \(junk + innerSpaces) characters that are not base64 (of \(total))")
        }
        return (output, junk)
    }

    /// Where the run of lines at the end of `bytes` that hold only base64 (alphabet and padding, no space inside a
    /// line) or nothing starts.
    private static func base64TailStart(_ bytes: ArraySlice<UInt8>) -> Int {
        var lineEnd = bytes.endIndex
        while lineEnd > bytes.startIndex {
            var lineStart = lineEnd
            while lineStart > bytes.startIndex && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
            let line = bytes[lineStart..<lineEnd]
            let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
            if let first = line.firstIndex(where: { !isSpace($0) }), let last = line.lastIndex(where: { !isSpace($0) }),
                !line[first...last].allSatisfy({ $0 == 0x3D || base64Value($0) != 0xFF })
            {
                return lineEnd
            }
            guard lineStart > bytes.startIndex else { break }
            lineEnd = lineStart - 1
        }
        return bytes.startIndex
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    private static func base64Value(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x41...0x5A: return byte - 0x41
        case 0x61...0x7A: return byte - 0x61 + 26
        case 0x30...0x39: return byte - 0x30 + 52
        case 0x2B, 0x2D: return 62  // `+`, and `-` of the URL-safe alphabet some senders use
        case 0x2F, 0x5F: return 63  // `/`, and `_`
        default: return 0xFF
        }
    }
}
