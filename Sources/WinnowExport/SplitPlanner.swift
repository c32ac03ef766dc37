import WinnowCore

/// Assigns groups of examples to train, validation and test.
///
/// 1. **Group.** Duplicate links and shared ticket threads join examples into groups (``SplitGroup``); a group is
///    never cut.
/// 2. **Cover.** Strata are visited rarest first (fewest groups). Each gets a place in train (its largest free
///    group); one that spans at least ``SplitParameters/minimumHeldOutGroups`` groups also gets a place in test and
///    then validation (its smallest free groups), so that the held-out parts represent every stratum that has
///    enough examples to spare one group per part.
/// 3. **Balance.** The remaining groups, largest first, each go to the part where they reduce most the squared
///    distance of part sizes to their targets plus the squared distance of every stratum's counts to its share
///    (iterative stratification over groups). A stratum's share of a part is what it already has there plus its
///    unplaced examples in proportion to the room the part has left, so label targets never fight the sizes.
/// 4. **Repair.** A stratum left out of train (possible only when mixed groups took all its groups elsewhere)
///    gets its smallest group moved to train.
///
/// Ties are broken by a rank drawn from ``SeededRandom`` with the parameters' seed, so the same seed and data give
/// the same split everywhere. Parts with a zero fraction receive nothing.
public enum SplitPlanner {
    /// The split of `examples` (eligible ones are placed; the others only carry links and threads).
    public static func plan(
        examples: [SplitExample], links: [SplitLink], parameters: SplitParameters
    ) -> SplitPlan {
        let groups = SplitGroup.groups(of: examples, links: links, stratifyBy: parameters.stratifyBy)
        var state = Assignment(groups: groups, parameters: parameters)
        state.cover()
        state.balance()
        state.repairTrain()
        return state.finish(examples: examples)
    }
}

/// The planner's working state.
private struct Assignment {
    let groups: [SplitGroup]
    let parameters: SplitParameters
    let rank: [UInt64]
    let targets: [SplitPart: Int]
    /// Parts that may receive groups: train, and held-out parts with a fraction above zero.
    let active: [SplitPart]
    /// Held-out parts in the order their coverage is guaranteed: test, then validation.
    let heldOut: [SplitPart]
    let groupsOfStratum: [String?: [Int]]
    let strataOrder: [String?]
    let totals: [String?: Int]
    var parts: [SplitPart?]
    var sizes = [0, 0, 0]
    var counts: [String?: [Int]] = [:]

    init(groups: [SplitGroup], parameters: SplitParameters) {
        self.groups = groups
        self.parameters = parameters
        var random = SeededRandom(seed: parameters.seed)
        rank = groups.map { _ in random.next() }
        let total = groups.reduce(0) { $0 + $1.size }
        let test = Int((Double(total) * parameters.testFraction).rounded())
        let validation = min(total - test, Int((Double(total) * parameters.validationFraction).rounded()))
        targets = [.train: total - test - validation, .validation: validation, .test: test]
        heldOut = [SplitPart.test, .validation].filter { parameters.fraction(of: $0) > 0 }
        active = [.train] + heldOut
        var groupsOfStratum: [String?: [Int]] = [:]
        var totals: [String?: Int] = [:]
        for (index, group) in groups.enumerated() {
            for (stratum, count) in group.strata {
                groupsOfStratum[stratum, default: []].append(index)
                totals[stratum, default: 0] += count
            }
        }
        self.groupsOfStratum = groupsOfStratum
        strataOrder = groupsOfStratum.keys.sorted { lhs, rhs in
            let left = (groupsOfStratum[lhs]?.count ?? 0, lhs == nil ? 0 : 1, lhs ?? "")
            let right = (groupsOfStratum[rhs]?.count ?? 0, rhs == nil ? 0 : 1, rhs ?? "")
            return left < right
        }
        self.totals = totals
        for stratum in groupsOfStratum.keys { counts[stratum] = [0, 0, 0] }
        parts = Array(repeating: nil, count: groups.count)
    }

    /// The parts `stratum` is guaranteed: train, then as many held-out parts as it has groups to spare, when it
    /// has at least the minimum number of groups.
    func required(_ stratum: String?) -> [SplitPart] {
        let groupCount = groupsOfStratum[stratum]?.count ?? 0
        guard groupCount >= parameters.minimumHeldOutGroups else { return [.train] }
        return Array(([SplitPart.train] + heldOut).prefix(groupCount))
    }

    /// Smaller first; equal sizes in seeded order.
    func smaller(_ lhs: Int, _ rhs: Int) -> Bool {
        (groups[lhs].size, rank[lhs], lhs) < (groups[rhs].size, rank[rhs], rhs)
    }

    mutating func assign(_ group: Int, to part: SplitPart, sign: Int = 1) {
        parts[group] = sign > 0 ? part : nil
        sizes[part.order] += sign * groups[group].size
        for (stratum, count) in groups[group].strata {
            counts[stratum, default: [0, 0, 0]][part.order] += sign * count
        }
    }

    mutating func cover() {
        for stratum in strataOrder {
            let own = groupsOfStratum[stratum] ?? []
            let present = Set(own.compactMap { parts[$0] })
            var free = own.filter { parts[$0] == nil }.sorted(by: smaller)
            for part in required(stratum) where !present.contains(part) {
                guard !free.isEmpty else { break }
                let group = part == .train ? free.removeLast() : free.removeFirst()
                assign(group, to: part)
            }
        }
    }

    /// Each stratum's wanted count per part: what it has, plus its unplaced examples spread over the parts in
    /// proportion to the room each part has left. Targets for strata then agree with the part sizes even when
    /// coverage or a large group has already filled a part.
    func desiredCounts() -> [String?: [Double]] {
        let room = SplitPart.allCases.map { part in
            active.contains(part) ? Double(max(0, (targets[part] ?? 0) - sizes[part.order])) : 0
        }
        let totalRoom = room.reduce(0, +)
        let shares =
            totalRoom > 0
            ? room.map { $0 / totalRoom } : SplitPart.allCases.map { parameters.fraction(of: $0) }
        var desired: [String?: [Double]] = [:]
        for (stratum, total) in totals {
            let current = counts[stratum] ?? [0, 0, 0]
            let unplaced = Double(total - current.reduce(0, +))
            desired[stratum] = (0..<3).map { Double(current[$0]) + unplaced * shares[$0] }
        }
        return desired
    }

    mutating func balance() {
        let desired = desiredCounts()
        let remaining = groups.indices.filter { parts[$0] == nil }.sorted { smaller($1, $0) }
        for group in remaining {
            let size = Double(groups[group].size)
            var best = SplitPart.train
            var bestCost = Double.infinity
            for part in active {
                let slot = part.order
                var cost = size * (2 * (Double(sizes[slot]) - Double(targets[part] ?? 0)) + size)
                for (stratum, count) in groups[group].strata {
                    let added = Double(count)
                    let current = Double(counts[stratum]?[slot] ?? 0)
                    cost += added * (2 * (current - (desired[stratum]?[slot] ?? 0)) + added)
                }
                if cost < bestCost {
                    bestCost = cost
                    best = part
                }
            }
            assign(group, to: best)
        }
    }

    mutating func repairTrain() {
        for stratum in strataOrder where (counts[stratum]?[SplitPart.train.order] ?? 0) == 0 {
            let candidates = (groupsOfStratum[stratum] ?? []).filter { parts[$0] != nil && parts[$0] != .train }
            guard let group = candidates.min(by: smaller), let from = parts[group] else { continue }
            assign(group, to: from, sign: -1)
            assign(group, to: .train)
        }
    }

    func finish(examples: [SplitExample]) -> SplitPlan {
        let groupParts = parts.map { $0 ?? .train }
        let coverage = strataOrder.map { stratum in
            let slots = counts[stratum] ?? [0, 0, 0]
            return StratumCoverage(
                stratum: stratum, examples: slots.reduce(0, +), groups: groupsOfStratum[stratum]?.count ?? 0,
                counts: Dictionary(uniqueKeysWithValues: SplitPart.allCases.map { ($0, slots[$0.order]) }),
                required: required(stratum))
        }
        var partOf: [Int64: SplitPart] = [:]
        for (group, part) in zip(groups, groupParts) { for id in group.members { partOf[id] = part } }
        func balance(_ key: (SplitExample) -> String?) -> [PartCounts] {
            var table: [String?: [SplitPart: Int]] = [:]
            for example in examples {
                guard let part = partOf[example.id] else { continue }
                table[key(example), default: [:]][part, default: 0] += 1
            }
            return table.map { PartCounts(key: $0.key, counts: $0.value) }
                .sorted { ($0.key == nil ? 0 : 1, $0.key ?? "") < ($1.key == nil ? 0 : 1, $1.key ?? "") }
        }
        return SplitPlan(
            parameters: parameters, groups: groups, groupParts: groupParts, targets: targets, coverage: coverage,
            labels: balance(\.label), trainingPoints: balance(\.trainingPoint))
    }
}
