extension PIIScanner {
    /// E-mail addresses: a local part of letters (any script), digits and `._%+-` before an `@`, and a domain of at
    /// least two labels whose last is two or more letters.
    static func emails(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var searchFrom = 0
        for at in bytes.indices where bytes[at] == ASCII.at && at >= searchFrom {
            var start = at
            while start > 0, at - start < 64, isLocalByte(bytes[start - 1]) { start -= 1 }
            while start < at, bytes[start] == ASCII.dot { start += 1 }
            guard start < at else { continue }
            var end = at + 1
            var lastDot = -1
            while end < bytes.count, end - at < 255, isDomainByte(bytes[end]) {
                if bytes[end] == ASCII.dot {
                    guard bytes[end - 1] != ASCII.dot, bytes[end - 1] != ASCII.at else { break }
                    lastDot = end
                }
                end += 1
            }
            while end > at + 1, bytes[end - 1] == ASCII.dot || bytes[end - 1] == ASCII.minus { end -= 1 }
            if lastDot >= end { lastDot = bytes[(at + 1)..<end].lastIndex(of: ASCII.dot) ?? -1 }
            guard lastDot > at + 1, end - lastDot - 1 >= 2,
                bytes[(lastDot + 1)..<end].allSatisfy(ASCII.isLetter)
            else { continue }
            found.append(start..<end)
            searchFrom = end
        }
        return found
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        ASCII.isWordByte(byte) || byte == ASCII.dot || byte == ASCII.underscore || byte == ASCII.percent
            || byte == ASCII.plus || byte == ASCII.minus
    }

    private static func isDomainByte(_ byte: UInt8) -> Bool {
        ASCII.isWordByte(byte) || byte == ASCII.dot || byte == ASCII.minus
    }
}
