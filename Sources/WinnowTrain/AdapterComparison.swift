import Foundation

/// One case whose result changed between two adapters.
public struct FlippedCase: Sendable, Equatable {
    /// The case's text.
    public var text: String
    /// The right label.
    public var label: String
    /// What the earlier adapter predicted.
    public var before: String
    /// What the newer adapter predicted.
    public var after: String
    /// The example's id in the store, when the case is a split member.
    public var id: Int64?
}

/// Two adapters on the same cases for one training point (or all of them).
public struct PointComparison: Sendable, Equatable {
    /// The training point (nil: every case).
    public var trainingPoint: String?
    /// Cases.
    public var count: Int
    /// Right with the earlier adapter.
    public var correctBefore: Int
    /// Right with the newer adapter.
    public var correctAfter: Int
    /// `after − before` accuracy with its 95% interval.
    public var change: ProportionInterval
    /// Cases the newer adapter gets right and the earlier one wrong.
    public var gained: [FlippedCase]
    /// Cases the newer adapter gets wrong and the earlier one right.
    public var lost: [FlippedCase]
    /// One-sided exact test (McNemar's, as a binomial test on the discordant pairs) that the newer adapter is worse.
    public var regressionP: Double

    public var accuracyBefore: Double { count > 0 ? Double(correctBefore) / Double(count) : 0 }
    public var accuracyAfter: Double { count > 0 ? Double(correctAfter) / Double(count) : 0 }
}

/// Two adapters compared on the same cases, per training point, with a regression gate.
public struct AdapterComparison: Sendable, Equatable {
    /// Per training point, sorted by name.
    public var points: [PointComparison]
    /// Every case.
    public var overall: PointComparison
    /// The family-wise significance level of the gate.
    public var alpha: Double

    /// The points (and the whole, as a nil point) that got significantly worse, by Holm's step-down correction
    /// over every test (the points and the whole): the smallest p-value is held to `alpha / m`, the next to
    /// `alpha / (m − 1)`, and so on until one fails. An honest re-run trips the gate with probability at most
    /// `alpha`.
    public var regressions: [PointComparison] {
        let tests = (points + [overall]).sorted { $0.regressionP < $1.regressionP }
        var found: [PointComparison] = []
        for (rank, test) in tests.enumerated() {
            guard test.regressionP < alpha / Double(tests.count - rank) else { break }
            found.append(test)
        }
        return found
    }

    /// Compares the predicted labels of the earlier (`before`) and newer (`after`) adapter on `cases`.
    public static func compare(
        cases: [EvaluationExample], before: [String], after: [String], alpha: Double = 0.05
    ) -> AdapterComparison {
        precondition(before.count == cases.count && after.count == cases.count, "one prediction per case")
        func summarize(_ indices: [Int], point: String?) -> PointComparison {
            var both = 0
            var neither = 0
            var gained: [FlippedCase] = []
            var lost: [FlippedCase] = []
            for index in indices {
                let item = cases[index]
                let rightBefore = before[index] == item.label
                let rightAfter = after[index] == item.label
                let flip = FlippedCase(
                    text: item.text, label: item.label, before: before[index], after: after[index], id: item.id)
                switch (rightBefore, rightAfter) {
                case (true, true): both += 1
                case (false, false): neither += 1
                case (false, true): gained.append(flip)
                case (true, false): lost.append(flip)
                }
            }
            return PointComparison(
                trainingPoint: point, count: indices.count, correctBefore: both + lost.count,
                correctAfter: both + gained.count,
                change: .pairedDifference(both: both, gained: gained.count, lost: lost.count, neither: neither),
                gained: gained, lost: lost,
                regressionP: exactUpperTail(successes: lost.count, trials: gained.count + lost.count))
        }
        let grouped = Dictionary(grouping: cases.indices, by: { cases[$0].trainingPoint })
        return AdapterComparison(
            points: grouped.keys.sorted().map { summarize(grouped[$0] ?? [], point: $0) },
            overall: summarize(Array(cases.indices), point: nil), alpha: alpha)
    }

    /// P(X ≥ `successes`) for X ~ Binomial(`trials`, 1/2): the chance of at least that many losses among the
    /// discordant cases if neither adapter were better. 1 when there is nothing discordant.
    public static func exactUpperTail(successes: Int, trials: Int) -> Double {
        guard trials > 0, successes > 0 else { return 1 }
        guard successes <= trials else { return 0 }
        // Sum in log space: C(n, k) / 2^n for k = successes ... trials.
        let logHalf = -Double(trials) * log(2.0)
        var total = 0.0
        for k in successes...trials {
            total += exp(logChoose(trials, k) + logHalf)
        }
        return min(1, total)
    }

    private static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}
