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
        switch MailText.trimmed(name ?? "").lowercased() {
        case "", "7bit", "8bit", "binary", "7-bit", "8-bit", "none":
            return Array(bytes)
        case "quoted-printable", "quotedprintable", "qp":
            return quotedPrintable(bytes)
        case "base64", "base-64":
            return try base64(bytes)
        case let other:
            throw Failure(message: "unknown Content-Transfer-Encoding '\(other)'")
        }
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

    /// Decodes base64, skipping line breaks, spaces and stray characters; stops at the padding.
    ///
    /// Throws when fewer than nine in ten of the non-space characters are base64: that is not a base64 body.
    public static func base64(_ bytes: ArraySlice<UInt8>) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var valid = 0
        var junk = 0
        for byte in bytes {
            if byte == 0x3D { break }
            let value = base64Value(byte)
            if value == 0xFF {
                if byte > 0x20 { junk += 1 }
                continue
            }
            valid += 1
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        if junk * 10 > valid + junk {
            throw Failure(message: "base64 body holds \(junk) characters that are not base64 (of \(valid + junk))")
        }
        return output
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
