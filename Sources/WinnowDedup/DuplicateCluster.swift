/// A member of a duplicate cluster other than its representative, and how it relates to the representative.
public struct ClusterMember: Sendable, Equatable {
    /// The item index.
    public var item: Int
    /// The strongest tier that links it directly to the representative; for a member reached only through other
    /// members, the tier of its link towards the representative.
    public var tier: DuplicateTier
    /// Its similarity to the representative in that tier's measure (1 for exact; Jaccard; cosine). For a member
    /// linked through another one this can be below the threshold; `via` then says through whom.
    public var similarity: Double
    /// The member it is linked through when it is not itself similar enough to the representative.
    public var via: Int?
    /// The similarity of the link to `via`.
    public var viaSimilarity: Double?
    /// Jaccard similarity of its shingles with the representative's, when computed.
    public var jaccard: Double?
    /// Cosine of its input embedding with the representative's, when both have one.
    public var cosine: Double?
    /// The cluster item it is a copy of (``CopyMatcher``), or nil when it is a paraphrase worth keeping.
    public var copyOf: Int?

    /// A member.
    public init(
        item: Int, tier: DuplicateTier, similarity: Double, via: Int? = nil, viaSimilarity: Double? = nil,
        jaccard: Double? = nil, cosine: Double? = nil, copyOf: Int? = nil
    ) {
        self.item = item
        self.tier = tier
        self.similarity = similarity
        self.via = via
        self.viaSimilarity = viaSimilarity
        self.jaccard = jaccard
        self.cosine = cosine
        self.copyOf = copyOf
    }
}

/// A group of duplicates: the representative that is kept and the members that are flagged.
public struct DuplicateCluster: Sendable, Equatable {
    /// The cluster number, unique within one run (1, 2, ... in order of the clusters' smallest item).
    public var number: Int
    /// The item kept.
    public var representative: Int
    /// The other members, by item index.
    public var members: [ClusterMember]

    /// Representative plus members.
    public var size: Int { members.count + 1 }
}
