import WinnowCore

/// How one stratum (a label or a training point) came out of the split.
public struct StratumCoverage: Sendable, Equatable {
    /// The stratum (nil: unlabelled).
    public var stratum: String?
    /// Eligible examples in it.
    public var examples: Int
    /// Groups holding at least one of them.
    public var groups: Int
    /// Its examples per part.
    public var counts: [SplitPart: Int]
    /// The parts it is guaranteed a place in: train always; the held-out parts too when it spans enough groups.
    public var required: [SplitPart]

    /// Required parts it is absent from (empty unless mixed groups made the guarantee impossible).
    public var missing: [SplitPart] { required.filter { (counts[$0] ?? 0) == 0 } }
}

/// Examples of one label or training point in each part.
public struct PartCounts: Sendable, Equatable {
    /// The label or training point (nil: none).
    public var key: String?
    /// Examples per part.
    public var counts: [SplitPart: Int]
}

/// A finished split: every eligible example in exactly one part, every group whole.
public struct SplitPlan: Sendable, Equatable {
    /// The parameters it was made with.
    public var parameters: SplitParameters
    /// The groups, in order of their smallest member id.
    public var groups: [SplitGroup]
    /// The part of each group (same order as `groups`).
    public var groupParts: [SplitPart]
    /// The size each part aimed at.
    public var targets: [SplitPart: Int]
    /// Per stratum of `parameters.stratifyBy`, rarest first.
    public var coverage: [StratumCoverage]
    /// Examples per effective label and part, by label.
    public var labels: [PartCounts]
    /// Examples per effective training point and part, by training point.
    public var trainingPoints: [PartCounts]

    /// Eligible examples in the split.
    public var total: Int { groups.reduce(0) { $0 + $1.size } }

    /// The number of examples in `part`.
    public func size(of part: SplitPart) -> Int {
        zip(groups, groupParts).reduce(0) { $0 + ($1.1 == part ? $1.0.size : 0) }
    }

    /// The example ids of `part`, in id order.
    public func members(of part: SplitPart) -> [Int64] {
        zip(groups, groupParts).filter { $0.1 == part }.flatMap(\.0.members).sorted()
    }

    /// Every example with its part, in id order.
    public var assignments: [(exampleID: Int64, part: SplitPart)] {
        zip(groups, groupParts).flatMap { group, part in group.members.map { (exampleID: $0, part: part) } }
            .sorted { $0.exampleID < $1.exampleID }
    }

    /// The largest group's size (0 when empty).
    public var largestGroup: Int { groups.map(\.size).max() ?? 0 }

    /// Strata that could not be given every part they were guaranteed.
    public var uncovered: [StratumCoverage] { coverage.filter { !$0.missing.isEmpty } }
}
