/// Hand-written scanners for personal data over UTF-8 bytes. Each returns byte ranges, leftmost first.
enum PIIScanner {
    /// Whether the byte before `position` allows a token to start there (start of text or not a word byte).
    @inline(__always) static func startsToken(_ bytes: [UInt8], _ position: Int) -> Bool {
        position == 0 || !ASCII.isWordByte(bytes[position - 1])
    }

    /// Whether the byte at `position` allows a token to end before it.
    @inline(__always) static func endsToken(_ bytes: [UInt8], _ position: Int) -> Bool {
        position >= bytes.count || !ASCII.isWordByte(bytes[position])
    }
}
