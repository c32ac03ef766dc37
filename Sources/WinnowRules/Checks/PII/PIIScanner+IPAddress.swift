extension PIIScanner {
    /// IPv4 addresses (four dot-separated numbers up to 255, not part of a longer dotted run such as a version
    /// "1.2.3.4.5") and IPv6 addresses (hex groups with `::` or all eight groups).
    static func ipAddresses(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var position = 0
        while position < bytes.count {
            guard ASCII.isHexDigit(bytes[position]), startsToken(bytes, position),
                position == 0 || bytes[position - 1] != ASCII.dot && bytes[position - 1] != ASCII.colon
            else {
                position += 1
                continue
            }
            if let end = ipv4End(bytes, from: position) ?? ipv6End(bytes, from: position) {
                found.append(position..<end)
                position = end
            } else {
                position = skipToken(bytes, from: position + 1)
            }
        }
        return found
    }

    private static func ipv4End(_ bytes: [UInt8], from start: Int) -> Int? {
        var cursor = start
        for part in 0..<4 {
            if part > 0 {
                guard cursor < bytes.count, bytes[cursor] == ASCII.dot else { return nil }
                cursor += 1
            }
            var value = 0
            let digitsStart = cursor
            while cursor < bytes.count, ASCII.isDigit(bytes[cursor]), cursor - digitsStart < 3 {
                value = value * 10 + Int(bytes[cursor] &- 0x30)
                cursor += 1
            }
            guard cursor > digitsStart, value <= 255 else { return nil }
        }
        guard endsToken(bytes, cursor) else { return nil }
        if cursor + 1 < bytes.count, bytes[cursor] == ASCII.dot, ASCII.isDigit(bytes[cursor + 1]) { return nil }
        return cursor
    }

    private static func ipv6End(_ bytes: [UInt8], from start: Int) -> Int? {
        var cursor = start
        var groups = 0
        var compressed = false
        var hasDigit = false
        var end = start
        while cursor < bytes.count {
            let groupStart = cursor
            while cursor < bytes.count, ASCII.isHexDigit(bytes[cursor]), cursor - groupStart < 5 {
                if ASCII.isDigit(bytes[cursor]) { hasDigit = true }
                cursor += 1
            }
            let length = cursor - groupStart
            guard length <= 4 else { return nil }
            if length > 0 {
                groups += 1
                end = cursor
            }
            guard cursor < bytes.count, bytes[cursor] == ASCII.colon else { break }
            cursor += 1
            if cursor < bytes.count, bytes[cursor] == ASCII.colon {
                guard !compressed else { return nil }
                compressed = true
                cursor += 1
                end = cursor
            }
        }
        guard hasDigit, groups >= 3, groups == 8 || (compressed && groups < 8), endsToken(bytes, end) else {
            return nil
        }
        return end
    }
}
