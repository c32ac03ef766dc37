extension PIIScanner {
    static let streetSuffixes = PhraseMatcher(
        [
            "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court",
            "ct", "place", "pl", "square", "sq", "terrace", "way", "parkway", "pkwy", "highway", "hwy", "close",
            "crescent", "gardens", "row", "mews",
        ].map { ($0, 0) })

    /// Street addresses in the common signature form "221B Baker Street": a house number (digits, maybe one
    /// letter), one to four capitalised words, and a capitalised street word (Street, Rd, Avenue...).
    static func streetAddresses(in text: FieldText) -> [Range<Int>] {
        let bytes = text.bytes
        var found: [Range<Int>] = []
        for match in streetSuffixes.matches(in: text.lower) where ASCII.isUpper(bytes[match.range.lowerBound]) {
            var cursor = match.range.lowerBound
            var words = 0
            var start: Int?
            while cursor > 0, words <= 4 {
                guard bytes[cursor - 1] == ASCII.space else { break }
                let end = cursor - 1
                var wordStart = end
                while wordStart > 0, ASCII.isAlphanumeric(bytes[wordStart - 1]) || bytes[wordStart - 1] == 0x27 {
                    wordStart -= 1
                }
                guard wordStart < end else { break }
                if isHouseNumber(bytes[wordStart..<end]) {
                    if words > 0, startsToken(bytes, wordStart) { start = wordStart }
                    break
                }
                guard ASCII.isUpper(bytes[wordStart]) else { break }
                words += 1
                cursor = wordStart
            }
            if let start { found.append(start..<match.range.upperBound) }
        }
        return found
    }

    private static func isHouseNumber(_ word: ArraySlice<UInt8>) -> Bool {
        guard let first = word.first, ASCII.isDigit(first), word.count <= 6 else { return false }
        let digits = word.prefix(while: ASCII.isDigit)
        return digits.count <= 5 && word.count - digits.count <= 1
            && word.dropFirst(digits.count).allSatisfy(ASCII.isLetter)
    }
}
