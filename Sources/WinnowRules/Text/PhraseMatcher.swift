/// Finds any of a fixed list of phrases in lower-cased text in one pass.
///
/// Phrase syntax: ASCII letters match either case; a space matches one or more whitespace characters; a phrase whose
/// first (last) byte is a letter or digit must start (end) on a word boundary, unless it starts (ends) with `*`.
/// A two-byte filter (a 64 Kbit set of the phrases' first two bytes) rejects most positions with one lookup; the
/// phrases sit in flat arrays so the scan touches no reference-counted storage.
struct PhraseMatcher: Sendable {
    /// One phrase and what a match of it means to the caller.
    struct Phrase: Sendable {
        let tag: Int
        let text: String
    }

    /// One match: a byte range and the phrase that matched.
    struct Match {
        let range: Range<Int>
        let phrase: Phrase
    }

    let phrases: [Phrase]
    /// All phrase bytes, back to back; phrase `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    /// Bit 0: boundary needed at the start; bit 1: at the end.
    private let boundaries: [UInt8]
    /// Phrase indices by first byte: those for byte `b` are `order[bucketStarts[b]..<bucketStarts[b + 1]]`.
    private let bucketStarts: [Int]
    private let order: [Int]
    private let pairFilter: [UInt64]

    /// A matcher for `(phrase, tag)` pairs. Phrases shorter than two bytes (after `*` is removed) are ignored.
    init(_ entries: [(phrase: String, tag: Int)]) {
        var phrases: [Phrase] = []
        var allBytes: [UInt8] = []
        var starts: [Int] = [0]
        var boundaries: [UInt8] = []
        var filter = [UInt64](repeating: 0, count: 1024)
        for entry in entries {
            var bytes = Array(entry.phrase.utf8).map(ASCII.lowered)
            let openStart = bytes.first == UInt8(ascii: "*")
            if openStart { bytes.removeFirst() }
            let openEnd = bytes.last == UInt8(ascii: "*")
            if openEnd { bytes.removeLast() }
            guard bytes.count >= 2 else { continue }
            phrases.append(Phrase(tag: entry.tag, text: entry.phrase))
            allBytes += bytes
            starts.append(allBytes.count)
            let startFlag: UInt8 = !openStart && ASCII.isAlphanumeric(bytes[0]) ? 1 : 0
            let endFlag: UInt8 = !openEnd && ASCII.isAlphanumeric(bytes[bytes.count - 1]) ? 2 : 0
            boundaries.append(startFlag | endFlag)
            // A space in a phrase matches any whitespace byte, so every whitespace byte goes into the filter.
            let seconds: [UInt8] = bytes[1] == ASCII.space ? [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] : [bytes[1]]
            for second in seconds {
                let key = Int(bytes[0]) << 8 | Int(second)
                filter[key >> 6] |= 1 << UInt64(key & 63)
            }
        }
        let order = phrases.indices.sorted { (allBytes[starts[$0]], $0) < (allBytes[starts[$1]], $1) }
        var bucketStarts = [Int](repeating: 0, count: 257)
        for index in order { bucketStarts[Int(allBytes[starts[index]]) + 1] += 1 }
        for byte in 0..<256 { bucketStarts[byte + 1] += bucketStarts[byte] }
        self.phrases = phrases
        self.bytes = allBytes
        self.starts = starts
        self.boundaries = boundaries
        self.bucketStarts = bucketStarts
        self.order = order
        self.pairFilter = filter
    }

    /// All non-overlapping matches in `lower` (a lower-cased byte array), leftmost first, longest at a position.
    func matches(in lower: [UInt8], limit: Int = .max) -> [Match] {
        var found: [Match] = []
        guard lower.count >= 2, !phrases.isEmpty else { return found }
        lower.withUnsafeBufferPointer { text in
            pairFilter.withUnsafeBufferPointer { filter in
                var position = 0
                let last = text.count - 1
                while position < last {
                    let key = Int(text[position]) << 8 | Int(text[position + 1])
                    if filter[key >> 6] & (1 << UInt64(key & 63)) != 0,
                        let (index, end) = longestMatch(in: text, at: position)
                    {
                        found.append(Match(range: position..<end, phrase: phrases[index]))
                        if found.count >= limit { return }
                        position = end
                        continue
                    }
                    position += 1
                }
            }
        }
        return found
    }

    /// Whether any phrase occurs in `lower`.
    func containsMatch(in lower: [UInt8]) -> Bool { !matches(in: lower, limit: 1).isEmpty }

    private func longestMatch(in text: UnsafeBufferPointer<UInt8>, at position: Int) -> (Int, Int)? {
        bytes.withUnsafeBufferPointer { phraseBytes in
            var best: (index: Int, end: Int)?
            let first = Int(text[position])
            for slot in bucketStarts[first]..<bucketStarts[first + 1] {
                let index = order[slot]
                let flags = boundaries[index]
                if flags & 1 != 0, position > 0, ASCII.isWordByte(text[position - 1]) { continue }
                let phrase = UnsafeBufferPointer(rebasing: phraseBytes[starts[index]..<starts[index + 1]])
                guard let end = matchEnd(of: phrase, in: text, at: position) else { continue }
                if flags & 2 != 0, end < text.count, ASCII.isWordByte(text[end]) { continue }
                if end > best?.end ?? 0 { best = (index, end) }
            }
            return best
        }
    }

    private func matchEnd(of phrase: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, at position: Int)
        -> Int?
    {
        var cursor = position
        for byte in phrase {
            guard cursor < text.count else { return nil }
            if byte == ASCII.space {
                guard ASCII.isSpace(text[cursor]) else { return nil }
                while cursor < text.count, ASCII.isSpace(text[cursor]) { cursor += 1 }
            } else {
                guard text[cursor] == byte else { return nil }
                cursor += 1
            }
        }
        return cursor
    }
}
