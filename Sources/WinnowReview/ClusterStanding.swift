import WinnowCore

/// Where one example stands in its duplicate cluster, measured against how many examples one meaning of its label
/// typically has: what a policy's `over_represented` cap reads.
///
/// Copies of another example (which the default policy rejects first) are left out; every other example counts,
/// rejected or not, so that a second run of a policy sees the same sizes and rejects nothing more once a cluster is
/// capped. Every counted example is in one group, its duplicate cluster or itself alone; a group's label is its
/// representative's. A label's typical size is its groups' average size (its examples over its groups), so on data
/// where most texts say something of their own it is close to 1.
public struct ClusterStanding: Sendable, Equatable {
    /// The cluster's kept example.
    public var representative: Int64
    /// Examples in the cluster (the representative and its paraphrases).
    public var size: Int
    /// The cluster's label (its representative's effective label).
    public var label: String?
    /// The average size of the label's groups.
    public var typicalSize: Double
    /// The example's place in the cluster's sample order: 0 for the representative, then the paraphrases in an
    /// order fixed by their ids (a seeded shuffle, so a capped sample is spread over the cluster, not its oldest).
    public var place: Int

    /// A standing.
    public init(representative: Int64, size: Int, label: String?, typicalSize: Double, place: Int) {
        self.representative = representative
        self.size = size
        self.label = label
        self.typicalSize = typicalSize
        self.place = place
    }

    /// How many of the cluster a cap of `factor` times the typical size keeps (at least 1).
    public func cap(factor: Double) -> Int {
        max(1, Int((factor * typicalSize).rounded(.up)))
    }

    /// Whether the cluster holds more than `factor` times its label's typical size and this example falls
    /// outside the sample the cap keeps.
    public func isBeyondCap(factor: Double) -> Bool {
        Double(size) > factor * typicalSize && place >= cap(factor: factor)
    }

    /// `its cluster holds 120 examples where a meaning of 'card_arrival' typically has 1.2: a sample of 24 is kept`.
    public func describe(factor: Double) -> String {
        "its cluster holds \(size) examples where a meaning of '\(label ?? "(no label)")' typically has "
            + DuplicateEvidence.format(typicalSize) + ": a sample of \(cap(factor: factor)) is kept"
    }

    /// The standing of every example in a duplicate cluster but copies, by example id. `examples` are every example
    /// with its effective label; `duplicates` the duplicate evidence of each flagged example.
    public static func compute(examples: [(id: Int64, label: String?)], duplicates: [Int64: DuplicateEvidence])
        -> [Int64: ClusterStanding]
    {
        var labelOf: [Int64: String?] = [:]
        for example in examples { labelOf[example.id] = example.label }
        var members: [Int64: [Int64]] = [:]
        var groupSizes: [String?: (examples: Int, groups: Int)] = [:]
        for example in examples {
            if let duplicate = duplicates[example.id], duplicate.representative != example.id {
                guard !duplicate.isCopy else { continue }
                members[duplicate.representative, default: []].append(example.id)
                groupSizes[labelOf[duplicate.representative] ?? example.label, default: (0, 0)].examples += 1
            } else {
                groupSizes[example.label, default: (0, 0)].examples += 1
                groupSizes[example.label, default: (0, 0)].groups += 1
            }
        }
        // A cluster whose representative is missing is still one group.
        for representative in members.keys where labelOf[representative] == nil {
            groupSizes[labelOf[representative] ?? nil, default: (0, 0)].groups += 1
        }
        var standings: [Int64: ClusterStanding] = [:]
        for (representative, paraphrases) in members {
            let label = labelOf[representative] ?? nil
            let sizes = groupSizes[label] ?? (0, 0)
            let typical = sizes.groups > 0 ? Double(sizes.examples) / Double(sizes.groups) : 1
            let order = paraphrases.sorted { (shuffleKey($0), $0) < (shuffleKey($1), $1) }
            let first = labelOf[representative] == nil ? 0 : 1
            let size = order.count + first
            if first == 1 {
                standings[representative] = ClusterStanding(
                    representative: representative, size: size, label: label, typicalSize: typical, place: 0)
            }
            for (index, id) in order.enumerated() {
                standings[id] = ClusterStanding(
                    representative: representative, size: size, label: label, typicalSize: typical,
                    place: index + first)
            }
        }
        return standings
    }

    private static func shuffleKey(_ id: Int64) -> UInt64 {
        var random = SeededRandom(seed: UInt64(bitPattern: id))
        return random.next()
    }
}
