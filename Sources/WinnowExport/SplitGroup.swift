import WinnowCore

/// Examples that must share a part: the union of duplicate clusters and ticket threads that touch each other.
public struct SplitGroup: Sendable, Equatable {
    /// The eligible members, in id order.
    public var members: [Int64]
    /// Members per stratum (nil: unlabelled).
    public var strata: [String?: Int]

    /// Number of members.
    public var size: Int { members.count }
}

extension SplitGroup {
    /// Groups the eligible examples: two examples share a group when a chain of links and shared threads joins
    /// them, through any example, eligible or not. Groups are returned in order of their smallest member id.
    public static func groups(
        of examples: [SplitExample], links: [SplitLink], stratifyBy: SplitStratum
    ) -> [SplitGroup] {
        var index: [Int64: Int] = [:]
        index.reserveCapacity(examples.count)
        for (position, example) in examples.enumerated() { index[example.id] = position }
        var sets = UnionFind(count: examples.count)
        var threadOwner: [String: Int] = [:]
        for (position, example) in examples.enumerated() {
            guard let key = example.threadKey else { continue }
            if let owner = threadOwner[key] {
                sets.union(owner, position)
            } else {
                threadOwner[key] = position
            }
        }
        // A link to an id the planner was not given (an example the store no longer has) joins nothing.
        for link in links {
            guard let from = index[link.from], let to = index[link.to] else { continue }
            sets.union(from, to)
        }
        var byRoot: [Int: Int] = [:]
        var groups: [SplitGroup] = []
        let ordered = examples.indices.filter { examples[$0].isEligible }.sorted { examples[$0].id < examples[$1].id }
        for position in ordered {
            let root = sets.find(position)
            let example = examples[position]
            if let group = byRoot[root] {
                groups[group].members.append(example.id)
                groups[group].strata[example.stratum(stratifyBy), default: 0] += 1
            } else {
                byRoot[root] = groups.count
                groups.append(SplitGroup(members: [example.id], strata: [example.stratum(stratifyBy): 1]))
            }
        }
        return groups
    }
}
