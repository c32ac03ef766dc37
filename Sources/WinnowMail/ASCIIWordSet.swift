/// ASCII words looked for anywhere in a text, ignoring ASCII case, in one pass: at each byte only the words that
/// start with it are tried. The reply cleaner's first looks (``ReplyCleaner/mayFindParts(_:)``, the disclaimer
/// prefilter) run on every text a rule reads, so they must cost a pass, not a pass per word.
struct ASCIIWordSet: Sendable {
    /// The words, lower-cased, by their first byte.
    private let byFirstByte: [[[UInt8]]]

    /// A set of `words`; words with a non-ASCII byte are left out (they cannot occur in ASCII text, and a caller
    /// hands other text to the full test).
    init(_ words: [String]) {
        var table = [[[UInt8]]](repeating: [], count: 128)
        for word in words where !word.isEmpty && word.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = word.utf8.map(ASCIIWordSet.lower)
            table[Int(bytes[0])].append(bytes)
        }
        byFirstByte = table
    }

    /// `byte` with A-Z lower-cased.
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// Whether one of the words occurs in `bytes`, ignoring ASCII case.
    func occurs(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var start = 0
        while start < count {
            let first = ASCIIWordSet.lower(bytes[start])
            if first < 0x80 {
                for word in byFirstByte[Int(first)] where start + word.count <= count {
                    var offset = 1
                    while offset < word.count, ASCIIWordSet.lower(bytes[start + offset]) == word[offset] { offset += 1 }
                    if offset == word.count { return true }
                }
            }
            start += 1
        }
        return false
    }

    /// Whether one of the words occurs in `text`, ignoring ASCII case.
    func occurs(in text: Substring) -> Bool {
        var text = text
        return text.withUTF8 { occurs(in: $0) }
    }
}
