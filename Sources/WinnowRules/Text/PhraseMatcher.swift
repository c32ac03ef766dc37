/// Finds any of a fixed list of phrases in lower-cased text in one pass.
///
/// Phrase syntax: ASCII letters match either case; a space matches one or more whitespace characters; a phrase whose
/// first (last) byte is a letter or digit must start (end) on a word boundary, unless it starts (ends) with `*`.
/// A two-byte filter (a 64 Kbit set of the phrases' first two bytes) rejects most positions with one lookup.
struct PhraseMatcher: Sendable {
    /// One phrase and what a match of it means to the caller.
    struct Phrase: Sendable {
        let bytes: [UInt8]
        let boundaryAtStart: Bool
        let boundaryAtEnd: Bool
        let tag: Int
        let text: String
    }

    /// One match: a byte range and the phrase that matched.
    struct Match {
        let range: Range<Int>
        let phrase: Phrase
    }

    let phrases: [Phrase]
    private let buckets: [[Int]]
    private let pairFilter: [UInt64]

    /// A matcher for `(phrase, tag)` pairs. Phrases shorter than two bytes (after `*` is removed) are ignored.
    init(_ entries: [(phrase: String, tag: Int)]) {
        var phrases: [Phrase] = []
        var buckets = [[Int]](repeating: [], count: 256)
        var filter = [UInt64](repeating: 0, count: 1024)
        for entry in entries {
            var bytes = Array(entry.phrase.utf8).map(ASCII.lowered)
            let openStart = bytes.first == UInt8(ascii: "*")
            if openStart { bytes.removeFirst() }
            let openEnd = bytes.last == UInt8(ascii: "*")
            if openEnd { bytes.removeLast() }
            guard bytes.count >= 2 else { continue }
            let phrase = Phrase(
                bytes: bytes, boundaryAtStart: !openStart && ASCII.isAlphanumeric(bytes[0]),
                boundaryAtEnd: !openEnd && ASCII.isAlphanumeric(bytes[bytes.count - 1]), tag: entry.tag,
                text: entry.phrase)
            buckets[Int(bytes[0])].append(phrases.count)
            phrases.append(phrase)
            // A space in a phrase matches any whitespace byte, so every whitespace byte goes into the filter.
            let seconds: [UInt8] = bytes[1] == ASCII.space ? [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] : [bytes[1]]
            for second in seconds {
                let key = Int(bytes[0]) << 8 | Int(second)
                filter[key >> 6] |= 1 << UInt64(key & 63)
            }
        }
        self.phrases = phrases
        self.buckets = buckets
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
                        let match = longestMatch(in: text, at: position)
                    {
                        found.append(match)
                        if found.count >= limit { return }
                        position = match.range.upperBound
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

    private func longestMatch(in text: UnsafeBufferPointer<UInt8>, at position: Int) -> Match? {
        var best: Match?
        for index in buckets[Int(text[position])] {
            let phrase = phrases[index]
            if phrase.boundaryAtStart, position > 0, ASCII.isWordByte(text[position - 1]) { continue }
            guard let end = matchEnd(of: phrase.bytes, in: text, at: position) else { continue }
            if phrase.boundaryAtEnd, end < text.count, ASCII.isWordByte(text[end]) { continue }
            if best == nil || end > (best?.range.upperBound ?? 0) {
                best = Match(range: position..<end, phrase: phrase)
            }
        }
        return best
    }

    private func matchEnd(of phrase: [UInt8], in text: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
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
