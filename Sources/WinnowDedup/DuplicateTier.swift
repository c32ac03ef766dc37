/// How two examples were found to be duplicates, strongest first.
public enum DuplicateTier: String, Sendable, CaseIterable, Comparable {
    /// The same normalised text (case, whitespace, punctuation and optionally numbers and placeholders ignored).
    case exact
    /// Word or character shingles with Jaccard similarity at or above the lexical threshold.
    case lexical
    /// Input embeddings with cosine at or above the semantic threshold.
    case semantic

    /// The check id of the flag on a non-representative member: `exact-duplicate` or `near-duplicate`.
    public var checkID: String { self == .exact ? "exact-duplicate" : "near-duplicate" }

    /// What its similarity measures.
    public var measure: String {
        switch self {
        case .exact: return "identical after normalisation"
        case .lexical: return "jaccard"
        case .semantic: return "cosine"
        }
    }

    var strength: Int {
        switch self {
        case .exact: return 2
        case .lexical: return 1
        case .semantic: return 0
        }
    }

    /// Stronger tiers sort first.
    public static func < (lhs: DuplicateTier, rhs: DuplicateTier) -> Bool { lhs.strength > rhs.strength }
}

/// One link between two items found by one tier.
public struct DuplicateLink: Sendable, Equatable {
    /// The smaller item index.
    public var first: Int
    /// The larger item index.
    public var second: Int
    /// The tier that found it.
    public var tier: DuplicateTier
    /// Its similarity (1 for exact).
    public var similarity: Double

    /// A link; the indices are put in order.
    public init(_ a: Int, _ b: Int, tier: DuplicateTier, similarity: Double) {
        first = min(a, b)
        second = max(a, b)
        self.tier = tier
        self.similarity = similarity
    }

    /// Whether `self` is a stronger link than `other` (a stronger tier, then a higher similarity).
    func isStronger(than other: DuplicateLink) -> Bool {
        if tier != other.tier { return tier < other.tier }
        if similarity != other.similarity { return similarity > other.similarity }
        return (first, second) < (other.first, other.second)
    }
}
