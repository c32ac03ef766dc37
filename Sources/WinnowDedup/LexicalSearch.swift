import WinnowLinalg

/// Lexical near-duplicates: MinHash signatures, LSH banding for candidates, then the exact Jaccard similarity of
/// the shingle sets for every candidate (so no pair is reported on an estimate).
public struct LexicalSearch: Sendable {
    /// Pairs at or above this Jaccard similarity are reported.
    public var threshold: Double
    /// The signature hasher.
    public var hasher: MinHasher
    /// The band layout.
    public var bands: LSHBands
    /// A band bucket with more members than this (a very common template) pairs each member with the bucket's
    /// first `maximumBucket` members only, so candidate pairs stay linear in the bucket size.
    public var maximumBucket: Int

    /// A search at `threshold` with `permutations` hash functions; the bands follow from both
    /// (``LSHBands/init(threshold:permutations:recall:)``).
    public init(
        threshold: Double = 0.8, permutations: Int = 128, seed: UInt64 = 0x5EED_0F_D3D0_0F, maximumBucket: Int = 256
    ) {
        self.threshold = threshold
        hasher = MinHasher(permutations: permutations, seed: seed)
        bands = LSHBands(threshold: threshold, permutations: permutations)
        self.maximumBucket = maximumBucket
    }

    /// The pairs of `shingles` (sorted distinct hashes per item) with Jaccard similarity at or above the threshold.
    /// Items with `include[i] == false` or no shingles take no part.
    public func pairs(
        shingles: [[UInt64]], include: [Bool]? = nil, progress: ((Int, Int) -> Void)? = nil
    ) -> [SimilarPair] {
        let members = shingles.indices.filter { !shingles[$0].isEmpty && (include?[$0] ?? true) }
        guard members.count > 1 else { return [] }
        let permutations = hasher.permutations
        let signatures = SharedBuffer<UInt32>(count: members.count * permutations, repeating: 0)
        let hasher = hasher
        Parallel.forEachRange(members.count, minimumPerChunk: 256) { range in
            for position in range {
                let signature = hasher.signature(of: shingles[members[position]])
                let target = signatures.slice(position * permutations..<(position + 1) * permutations)
                for index in 0..<permutations { target[index] = signature[index] }
            }
        }
        progress?(members.count, members.count)

        var candidates = Set<UInt64>()
        var keys = [UInt64](repeating: 0, count: members.count)
        var order = Array(0..<members.count)
        for band in 0..<bands.bands {
            for position in 0..<members.count {
                let signature = UnsafeBufferPointer(
                    signatures.slice(position * permutations..<(position + 1) * permutations))
                keys[position] = bands.key(of: signature, band: band)
            }
            order.sort { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            var start = 0
            while start < order.count {
                var end = start + 1
                while end < order.count && keys[order[end]] == keys[order[start]] { end += 1 }
                if end - start > 1 {
                    for i in start..<end {
                        for j in start..<min(i, start + maximumBucket) {
                            let a = members[order[j]]
                            let b = members[order[i]]
                            candidates.insert(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
                        }
                    }
                }
                start = end
            }
        }
        var result: [SimilarPair] = []
        for key in candidates {
            let a = Int(key >> 32)
            let b = Int(key & 0xFFFF_FFFF)
            let similarity = ShingleKind.jaccard(shingles[a], shingles[b])
            if similarity >= threshold { result.append(SimilarPair(a, b, similarity: similarity)) }
        }
        result.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        return result
    }
}
