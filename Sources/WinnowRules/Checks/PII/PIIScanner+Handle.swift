extension PIIScanner {
    /// Social media handles addressing a reply: the run of `@name` words opening a text or a paragraph
    /// (`@sprintcare @115712 I understand...`, as replies on Twitter/X, Instagram or a forum open; the turns joined
    /// into an input open paragraphs), with text after it on its line. A name is 1 to 30 ASCII letters, digits and
    /// underscores (a Mastodon address, `@ann@social.example`, runs to its domain). Not taken: a handle inside a
    /// sentence, one alone on its line or before `(` (code: `@Override`, `@Test(...)`), one that is an e-mail
    /// address (the e-mail scanner has those).
    static func handles(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        // Whether the text so far is a paragraph start (start of text, or a blank line) and the handles after it.
        var paragraphStart = true
        var newlines = 0
        var run: [Range<Int>] = []
        func endRun(textFollows: Bool) {
            if textFollows { found += run }
            run = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.newline {
                endRun(textFollows: false)
                newlines += 1
                if newlines >= 2 { paragraphStart = true }
                index += 1
                continue
            }
            if ASCII.isSpace(byte) {
                index += 1
                continue
            }
            newlines = 0
            if paragraphStart, byte == ASCII.at, let end = handleEnd(bytes, from: index) {
                run.append(index..<end)
                index = end
                continue
            }
            endRun(textFollows: !run.isEmpty && byte != UInt8(ascii: "("))
            paragraphStart = false
            index += 1
        }
        return found
    }

    /// The end of the handle starting with the `@` at `at`, or nil when none starts there.
    private static func handleEnd(_ bytes: [UInt8], from at: Int) -> Int? {
        var end = at + 1
        while end < bytes.count, end - at <= 30, isHandleByte(bytes[end]) { end += 1 }
        guard end > at + 1, end - at <= 31 else { return nil }
        // Mastodon's `@name@instance.example`.
        if end < bytes.count, bytes[end] == ASCII.at {
            var domainEnd = end + 1
            while domainEnd < bytes.count,
                isHandleByte(bytes[domainEnd]) || bytes[domainEnd] == ASCII.dot
                    || bytes[domainEnd] == ASCII.minus
            {
                domainEnd += 1
            }
            while domainEnd > end + 1, bytes[domainEnd - 1] == ASCII.dot { domainEnd -= 1 }
            guard domainEnd > end + 1, bytes[(end + 1)..<domainEnd].contains(ASCII.dot) else { return nil }
            end = domainEnd
        }
        // A handle ends at a space, a line break, or punctuation closing it (`@ann:`, `@ann,`, `@ann.`), not in a
        // longer word or a domain (`@ann.example`).
        if end < bytes.count {
            let next = bytes[end]
            if isHandleByte(next) || next >= 0x80 { return nil }
            if next == ASCII.dot, end + 1 < bytes.count, ASCII.isAlphanumeric(bytes[end + 1]) { return nil }
        }
        return end
    }

    private static func isHandleByte(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || byte == ASCII.underscore
    }
}
