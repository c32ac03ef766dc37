import WinnowCore

/// `mojibake`: UTF-8 text that was decoded as Latin-1 or Windows-1252 somewhere on the way ("cafÃ©", "donâ€™t",
/// "Â£5", a stray "ï»¿"), and U+FFFD replacement characters where bytes were lost. Real accented text ("café",
/// "SÃO PAULO") is left alone: each pattern is a lead character followed by one that cannot follow it in real text.
struct MojibakeCheck: RuleCheck {
    /// Windows-1252 bytes 0x80–0x9F by the characters they decode to, to rebuild the original bytes.
    private static let windows1252: [Unicode.Scalar: UInt8] = {
        let characters: [UInt32] = [
            0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
            0x017D,
            0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
            0x017E, 0x0178,
        ]
        var table: [Unicode.Scalar: UInt8] = [:]
        for (offset, value) in characters.enumerated() where value != 0 {
            if let scalar = Unicode.Scalar(value) { table[scalar] = UInt8(0x80 + offset) }
        }
        return table
    }()

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        guard !text.isASCII else { return [] }
        var hits: [Hit] = []
        let bytes = text.bytes
        var position = 0
        while position < bytes.count, hits.count < RuleEngine.maxFindingsPerField {
            if let end = sequenceEnd(bytes, at: position) {
                let matched = text.string(position..<end)
                var evidence: JSONObject = .evidence(["matched": .string(matched)])
                if let repaired = MojibakeCheck.repair(matched) { evidence["suggestion"] = .string(repaired) }
                let message =
                    matched == "\u{FFFD}"
                    ? "replacement character: bytes were lost in decoding"
                    : "mis-decoded text \"\(matched)\"" + (evidence["suggestion"]?.scalarText.map { " (\($0))" } ?? "")
                hits.append(Hit(range: position..<end, message: message, evidence: evidence))
                position = end
            } else {
                position += 1
            }
        }
        return hits
    }

    /// The end of a mojibake pair starting at `position`, if one starts there.
    private func sequenceEnd(_ bytes: [UInt8], at position: Int) -> Int? {
        func at(_ offset: Int) -> UInt8 { position + offset < bytes.count ? bytes[position + offset] : 0 }
        switch (at(0), at(1)) {
        case (0xC3, 0x83), (0xC3, 0x82), (0xC3, 0x85):
            // Ã, Â or Å followed by a Latin-1 supplement character or a Windows-1252 punctuation character.
            switch at(2) {
            case 0xC2 where at(3) >= 0x80: return position + 4
            case 0xC5, 0xC6: return position + 4
            case 0xE2 where at(3) == 0x80 || at(3) == 0x82 || at(3) == 0x84: return position + 5
            default: return nil
            }
        case (0xC3, 0xA2):
            // â followed by € (â€™, â€œ, â€”) or „ (â„¢).
            guard at(2) == 0xE2, (at(3) == 0x82 && at(4) == 0xAC) || (at(3) == 0x80 && at(4) == 0x9E) else {
                return nil
            }
            var end = position + 5
            if end < bytes.count, bytes[end] >= 0xC2 {
                end += 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            }
            return end
        case (0xC3, 0xAF):
            // ï»¿: a byte-order mark read as Latin-1.
            return at(2) == 0xC2 && at(3) == 0xBB && at(4) == 0xC2 && at(5) == 0xBF ? position + 6 : nil
        case (0xEF, 0xBF):
            return at(2) == 0xBD ? position + 3 : nil
        default:
            return nil
        }
    }

    /// The text as it was before the wrong decoding, when every character maps back to one byte.
    static func repair(_ text: String) -> String? {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if scalar.value < 0x100 {
                bytes.append(UInt8(scalar.value))
            } else if let byte = windows1252[scalar] {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        guard let repaired = String(validating: bytes, as: UTF8.self), repaired != text else { return nil }
        return repaired
    }
}
