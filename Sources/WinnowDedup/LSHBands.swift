import Foundation

/// Locality-sensitive hashing over MinHash signatures: the signature is cut into `bands` bands of `rows` values,
/// and two texts become a candidate pair when all values of at least one band agree.
///
/// A pair of Jaccard similarity `s` becomes a candidate with probability `1 − (1 − s^rows)^bands`.
public struct LSHBands: Sendable, Equatable {
    /// Number of bands.
    public let bands: Int
    /// Signature values per band.
    public let rows: Int

    /// Explicit band layout.
    public init(bands: Int, rows: Int) {
        precondition(bands > 0 && rows > 0, "bands and rows must be positive")
        self.bands = bands
        self.rows = rows
    }

    /// The layout for `permutations` values that is strictest (most rows per band, so fewest dissimilar
    /// candidates) while a pair at exactly `threshold` still becomes a candidate with probability at least
    /// `recall`. With 128 permutations and a threshold of 0.8 that is 21 bands of 6 (candidate probability 0.998
    /// at 0.8, 0.28 at 0.5, 0.015 at 0.3).
    public init(threshold: Double, permutations: Int, recall: Double = 0.995) {
        precondition(permutations > 0, "at least one permutation")
        var chosen = (bands: permutations, rows: 1)
        for rows in 1...permutations {
            let bands = permutations / rows
            if Self.candidateProbability(threshold, bands: bands, rows: rows) >= recall { chosen = (bands, rows) }
        }
        self.init(bands: chosen.bands, rows: chosen.rows)
    }

    /// The probability that a pair of Jaccard similarity `similarity` becomes a candidate.
    public func candidateProbability(_ similarity: Double) -> Double {
        Self.candidateProbability(similarity, bands: bands, rows: rows)
    }

    static func candidateProbability(_ similarity: Double, bands: Int, rows: Int) -> Double {
        1 - pow(1 - pow(similarity, Double(rows)), Double(bands))
    }

    /// The hash of band `band` of `signature` (the band number is part of the hash).
    func key(of signature: UnsafeBufferPointer<UInt32>, band: Int) -> UInt64 {
        var hash = ShingleHash.combine(0x9E37_79B9, UInt64(band))
        for index in (band * rows)..<((band + 1) * rows) { hash = ShingleHash.combine(hash, UInt64(signature[index])) }
        return ShingleHash.finalize(hash)
    }
}
