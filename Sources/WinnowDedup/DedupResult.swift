/// A response shared by many examples (a template the agents paste): reported, not flagged.
public struct CannedReply: Sendable, Equatable {
    /// The items sharing it (exactly, or lexically at the lexical threshold, numbers and placeholders ignored).
    public var items: [Int]
    /// The item whose response stands for the group (the cluster's representative).
    public var representative: Int
}

/// What one dedup run found.
public struct DedupResult: Sendable {
    /// Duplicate clusters (two members or more), numbered from 1.
    public var clusters: [DuplicateCluster]
    /// Groups of identical normalised texts (two members or more).
    public var exactGroups: Int
    /// Lexical pairs found at or above the lexical threshold (between distinct normalised texts).
    public var lexicalPairs: Int
    /// Semantic pairs found at or above the semantic threshold.
    public var semanticPairs: Int
    /// The shingles used.
    public var shingle: ShingleKind
    /// The band layout used.
    public var bands: LSHBands
    /// The semantic search used (`exact`, `approximate`, or `none` without embeddings).
    public var semanticSearch: String
    /// Items compared semantically (those with an embedding).
    public var embeddedItems: Int
    /// Groups of examples sharing a response, largest first.
    public var cannedReplies: [CannedReply]
    /// Seconds per stage, in order.
    public var stageSeconds: [(stage: String, seconds: Double)]

    /// Flagged members (all clusters).
    public var flaggedCount: Int { clusters.reduce(0) { $0 + $1.members.count } }
}
