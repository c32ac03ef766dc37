/// A set of 64-bit content keys that can answer "maybe" for a key it was never given, but never "no" for one it was:
/// a Bloom filter whose three bits for a key sit in one 64-bit word, so a lookup reads one word.
///
/// The keys are the first 8 bytes of SHA-256 digests, already uniformly spread: the top bits pick the word and the
/// low 18 bits the three bit positions. At 16 bits a key about one lookup in a hundred answers "maybe" wrongly.
struct ContentKeyFilter: Sendable {
    /// The smallest filter: 2^17 words (1 MiB).
    static let minimumWordCount = 1 << 17
    /// The largest filter: 2^21 words (16 MiB), whatever the store's size; beyond 8 million keys the filter
    /// answers "maybe" more often, and the store's lookup settles those.
    static let maximumWordCount = 1 << 21

    private var words: [UInt64]
    /// 64 minus the base-2 logarithm of the word count: shifting a key right by it gives its word.
    private let shift: UInt64
    /// Keys inserted.
    private(set) var count = 0

    /// An empty filter sized for `capacity` keys at 16 bits each, within the minimum and maximum sizes.
    init(capacity: Int) {
        var wordCount = ContentKeyFilter.minimumWordCount
        while wordCount < ContentKeyFilter.maximumWordCount, wordCount * 4 < capacity { wordCount *= 2 }
        words = [UInt64](repeating: 0, count: wordCount)
        shift = UInt64(64 - wordCount.trailingZeroBitCount)
    }

    /// Whether more keys went in than the filter was sized for, while a bigger size is still allowed.
    var wantsToGrow: Bool {
        count > words.count * 4 && words.count < ContentKeyFilter.maximumWordCount
    }

    /// Adds `key`.
    mutating func insert(_ key: UInt64) {
        let index = Int(truncatingIfNeeded: key >> shift)
        words.withUnsafeMutableBufferPointer { $0[index] |= ContentKeyFilter.mask(key) }
        count += 1
    }

    /// False when `key` was certainly never inserted; true when it may have been.
    func mayContain(_ key: UInt64) -> Bool {
        let index = Int(truncatingIfNeeded: key >> shift)
        let mask = ContentKeyFilter.mask(key)
        return words.withUnsafeBufferPointer { $0[index] & mask == mask }
    }

    private static func mask(_ key: UInt64) -> UInt64 {
        (1 << (key & 63)) | (1 << ((key >> 6) & 63)) | (1 << ((key >> 12) & 63))
    }
}
