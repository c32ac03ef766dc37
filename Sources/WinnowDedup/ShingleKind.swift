/// How a text is cut into the overlapping pieces MinHash compares.
public enum ShingleKind: Sendable, Equatable, CustomStringConvertible {
    /// Runs of `n` consecutive normalised words: strict, for long texts (one changed word changes `n` shingles).
    case words(Int)
    /// Runs of `n` consecutive characters of the normalised text (words joined by single spaces): tolerant of
    /// typos, for short texts (one changed character changes at most `n` shingles).
    case characters(Int)

    /// Parses `words:5`, `chars:5` (or `characters:5`); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let size = Int(parts[1]), size > 0 else { return nil }
        switch parts[0] {
        case "words", "word": self = .words(size)
        case "chars", "characters", "char": self = .characters(size)
        default: return nil
        }
    }

    /// `words:5` or `chars:5`.
    public var description: String {
        switch self {
        case .words(let size): return "words:\(size)"
        case .characters(let size): return "chars:\(size)"
        }
    }

    /// The sorted, distinct 64-bit hashes of the shingles of `words` (one shingle for a text shorter than one).
    public func shingles(of words: [String]) -> [UInt64] {
        var hashes: [UInt64] = []
        switch self {
        case .words(let size):
            guard !words.isEmpty else { return [] }
            let wordHashes = words.map { ShingleHash.of($0.utf8) }
            let width = min(size, wordHashes.count)
            hashes.reserveCapacity(wordHashes.count - width + 1)
            for start in 0...(wordHashes.count - width) {
                var hash: UInt64 = 0x243F_6A88_85A3_08D3
                for index in start..<(start + width) { hash = ShingleHash.combine(hash, wordHashes[index]) }
                hashes.append(ShingleHash.finalize(hash))
            }
        case .characters(let size):
            let bytes = Array(words.joined(separator: " ").utf8)
            guard !bytes.isEmpty else { return [] }
            let width = min(size, bytes.count)
            hashes.reserveCapacity(bytes.count - width + 1)
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...(buffer.count - width) {
                    hashes.append(ShingleHash.of(buffer[start..<(start + width)]))
                }
            }
        }
        hashes.sort()
        var unique = 0
        for index in hashes.indices where index == 0 || hashes[index] != hashes[unique - 1] {
            hashes[unique] = hashes[index]
            unique += 1
        }
        hashes.removeLast(hashes.count - unique)
        return hashes
    }

    /// Jaccard similarity of two sorted, distinct hash lists: shared shingles over all shingles.
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        var i = 0
        var j = 0
        var shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(shared) / Double(a.count + b.count - shared)
    }
}

/// A 64-bit hash for shingles (FNV-1a with a SplitMix finaliser): the same on every machine and every run.
enum ShingleHash {
    static func of<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return finalize(hash)
    }

    static func combine(_ seed: UInt64, _ value: UInt64) -> UInt64 {
        (seed ^ value) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
    }

    static func finalize(_ value: UInt64) -> UInt64 {
        var x = value
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }
}
