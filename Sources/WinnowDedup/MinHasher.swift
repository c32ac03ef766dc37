import WinnowCore

/// MinHash signatures: for each of `permutations` hash functions, the smallest hash over a text's shingles.
///
/// Two signatures agree at one position with probability equal to the Jaccard similarity of the two shingle sets,
/// so the share of agreeing positions estimates it (standard error `√(J(1−J)/permutations)`, about 0.035 at
/// J = 0.8 with 128 permutations). The hash functions are multiply-shift hashes `(a·x + b) >> 32` with odd `a`,
/// drawn from a seeded generator: the same seed gives the same signatures everywhere.
public struct MinHasher: Sendable {
    /// Number of hash functions (signature length).
    public let permutations: Int
    private let multipliers: [UInt64]
    private let increments: [UInt64]

    /// A hasher with `permutations` hash functions drawn from `seed`.
    public init(permutations: Int = 128, seed: UInt64 = 0x5EED_0F_D3D0_0F) {
        precondition(permutations > 0, "at least one permutation")
        self.permutations = permutations
        var random = SeededRandom(seed: seed)
        multipliers = (0..<permutations).map { _ in random.next() | 1 }
        increments = (0..<permutations).map { _ in random.next() }
    }

    /// The signature of a set of shingle hashes (all `UInt32.max` for an empty set).
    public func signature(of shingles: [UInt64]) -> [UInt32] {
        var signature = [UInt32](repeating: .max, count: permutations)
        multipliers.withUnsafeBufferPointer { multipliers in
            increments.withUnsafeBufferPointer { increments in
                signature.withUnsafeMutableBufferPointer { minimum in
                    for shingle in shingles {
                        for index in 0..<minimum.count {
                            let value = UInt32(
                                truncatingIfNeeded: (multipliers[index] &* shingle &+ increments[index]) >> 32)
                            if value < minimum[index] { minimum[index] = value }
                        }
                    }
                }
            }
        }
        return signature
    }

    /// The share of positions where two signatures agree: the estimated Jaccard similarity.
    public static func estimatedJaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        precondition(a.count == b.count, "signatures of different lengths")
        guard !a.isEmpty else { return 0 }
        var agreeing = 0
        for index in a.indices where a[index] == b[index] { agreeing += 1 }
        return Double(agreeing) / Double(a.count)
    }
}
