extension PIIScanner {
    /// Payment card numbers: 13 to 19 digits, written solid or in groups (4-4-4-4, 4-6-5), that pass the Luhn check
    /// and start like a card brand (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay). A 16-digit order
    /// number that fails Luhn is not a card.
    static func cards(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var position = 0
        while position < bytes.count {
            guard ASCII.isDigit(bytes[position]), startsToken(bytes, position) else {
                position += 1
                continue
            }
            var digits: [UInt8] = []
            var groups: [Int] = []
            var current = 0
            var cursor = position
            var end = position
            while cursor < bytes.count, digits.count <= 19 {
                let byte = bytes[cursor]
                if ASCII.isDigit(byte) {
                    digits.append(byte &- 0x30)
                    current += 1
                    cursor += 1
                    end = cursor
                } else if byte == ASCII.space || byte == ASCII.minus, current > 0, cursor + 1 < bytes.count,
                    ASCII.isDigit(bytes[cursor + 1])
                {
                    groups.append(current)
                    current = 0
                    cursor += 1
                } else {
                    break
                }
            }
            groups.append(current)
            if endsToken(bytes, end), isCardNumber(digits, groups: groups) {
                found.append(position..<end)
            }
            position = skipToken(bytes, from: max(end, position + 1))
        }
        return found
    }

    private static func isCardNumber(_ digits: [UInt8], groups: [Int]) -> Bool {
        guard (13...19).contains(digits.count) else { return false }
        let grouped =
            groups.count == 1 || groups == [4, 6, 5] || groups == [4, 6, 4]
            || (groups.dropLast().allSatisfy { $0 == 4 } && (1...4).contains(groups[groups.count - 1]))
        return grouped && hasCardPrefix(digits) && passesLuhn(digits)
    }

    /// Whether the number starts with an issuer prefix of a major card brand.
    static func hasCardPrefix(_ digits: [UInt8]) -> Bool {
        let two = Int(digits[0]) * 10 + Int(digits[1])
        let four = two * 100 + Int(digits[2]) * 10 + Int(digits[3])
        switch digits[0] {
        case 4: return true
        case 5: return (51...55).contains(two)
        case 2: return (2221...2720).contains(four)
        case 3: return two == 34 || two == 37 || two == 35 || two == 36 || two == 38 || two == 30
        case 6: return four == 6011 || two == 65 || (644...649).contains(four / 10) || two == 62
        default: return false
        }
    }

    /// The Luhn checksum over decimal digits.
    static func passesLuhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if offset % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }
}
