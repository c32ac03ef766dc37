extension PIIScanner {
    /// IBANs: a country code, two check digits and 11 to 30 letters or digits, solid or in groups of four, whose
    /// mod-97 checksum is 1. When the groups run on into following text, the longest prefix that passes is taken.
    static func ibans(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var position = 0
        while position + 4 <= bytes.count {
            guard ASCII.isUpper(bytes[position]), ASCII.isUpper(bytes[position + 1]),
                ASCII.isDigit(bytes[position + 2]), ASCII.isDigit(bytes[position + 3]), startsToken(bytes, position)
            else {
                position += 1
                continue
            }
            // Group ends (byte offsets) and the characters so far at each.
            var characters: [UInt8] = []
            var cuts: [(end: Int, count: Int)] = []
            var cursor = position
            var groupLength = 0
            while cursor < bytes.count, characters.count < 34 {
                let byte = bytes[cursor]
                if ASCII.isUpper(byte) || ASCII.isDigit(byte) {
                    characters.append(byte)
                    groupLength += 1
                    cursor += 1
                } else if byte == ASCII.space, groupLength == 4, cursor + 1 < bytes.count,
                    ASCII.isUpper(bytes[cursor + 1]) || ASCII.isDigit(bytes[cursor + 1])
                {
                    cuts.append((cursor, characters.count))
                    groupLength = 0
                    cursor += 1
                } else {
                    break
                }
            }
            cuts.append((cursor, characters.count))
            let match = cuts.reversed().first { cut in
                (15...34).contains(cut.count) && endsToken(bytes, cut.end)
                    && passesMod97(characters[0..<cut.count])
            }
            if let match {
                found.append(position..<match.end)
                position = match.end
            } else {
                position = skipToken(bytes, from: position)
            }
        }
        return found
    }

    /// The ISO 13616 check: the first four characters moved to the end, letters as 10–35, the number mod 97 is 1.
    static func passesMod97(_ characters: ArraySlice<UInt8>) -> Bool {
        guard characters.count > 4 else { return false }
        let start = characters.startIndex
        let rearranged = characters[(start + 4)...] + characters[start..<(start + 4)]
        var remainder = 0
        for byte in rearranged {
            if ASCII.isDigit(byte) {
                remainder = (remainder * 10 + Int(byte &- 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte &- 0x41) + 10) % 97
            }
        }
        return remainder == 1
    }
}
