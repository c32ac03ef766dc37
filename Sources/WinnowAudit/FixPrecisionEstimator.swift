import WinnowCore
import WinnowLinalg

/// Estimates how precise an audit's suggested labels are at each confidence, on the audited data itself.
///
/// Each seeded run flips the labels of a share of the rows (``rate``, uniformly, to another label) and runs the
/// audit again with the same settings. The runs measure, per confidence band, how often a wrong label ends up
/// suggested back to its right label in that band (`correct fixes / flips planted`). The audit's own suggestions in
/// a band are then a mix of wrong labels found and right labels doubted; with the number of wrong labels that
/// confident learning estimates (``AuditResult/estimatedIssues``), the expected correct fixes in a band are that
/// number times the band's rate, and the band's precision is that over its suggestions (at most 1).
///
/// Relabelling the audit's findings first and planting on that cleaner copy was tried and measured: examples whose
/// text sits with another label (a right label the model doubts) then agree with the model, so their false fixes
/// disappear and the precision came out 20 points too high on data with known flips.
public struct FixPrecisionEstimator: Sendable {
    /// The audit's settings (the same as the run being estimated).
    public var parameters: AuditParameters
    /// Planted runs.
    public var seeds: [UInt64]
    /// The share of rows flipped in each run.
    public static let rate = 0.05

    /// An estimator.
    public init(parameters: AuditParameters, seeds: [UInt64]) {
        self.parameters = parameters
        self.seeds = seeds
    }

    /// The estimate for `result`, the audit of `labels` over `vectors`.
    public func estimate(
        vectors: Matrix, labels: [String], clusters: [ClusterConflicts.Cluster], result: AuditResult,
        progress: ((Int, Int) -> Void)? = nil
    ) -> FixPrecisionEstimate {
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        let learnable = counts.filter { $0.value >= parameters.minimumExamples }.keys.sorted()
        let rows = labels.indices.filter { counts[labels[$0], default: 0] >= parameters.minimumExamples }
        let planted = learnable.count > 1 ? max(1, Int((Double(rows.count) * Self.rate).rounded())) : 0
        let bandCount = FixPrecisionEstimate.edges.count - 1
        var suggestions = [Int](repeating: 0, count: bandCount)
        for issue in result.issues where issue.isStrong {
            suggestions[FixPrecisionEstimate.bandIndex(of: issue.confidence)] += 1
        }
        var restored = [Int](repeating: 0, count: bandCount)
        guard planted > 0, !rows.isEmpty else {
            return FixPrecisionEstimate(bands: Self.bands(suggestions, restored), runs: 0, plantedPerRun: 0)
        }
        for (run, seed) in seeds.enumerated() {
            progress?(run, seeds.count)
            var random = SeededRandom(seed: seed)
            var noisy = labels
            var shuffled = rows
            shuffled.shuffle(using: &random)
            var flipped: [Int: String] = [:]
            for row in shuffled.prefix(planted) {
                let others = learnable.filter { $0 != labels[row] }
                noisy[row] = others[Int(random.next() % UInt64(others.count))]
                flipped[row] = labels[row]
            }
            let rerun = LabelAudit(parameters: parameters).run(vectors: vectors, labels: noisy, clusters: clusters)
            for issue in rerun.issues where issue.isStrong && flipped[issue.row] == issue.suggestedLabel {
                restored[FixPrecisionEstimate.bandIndex(of: issue.confidence)] += 1
            }
        }
        progress?(seeds.count, seeds.count)
        // Expected correct fixes per band: the estimated wrong labels times the rate at which a planted one is
        // restored in that band.
        let wrong = Double(result.estimatedIssues)
        let trials = Double(planted * seeds.count)
        let correct = suggestions.indices.map { band in
            min(suggestions[band], Int((wrong * Double(restored[band]) / trials).rounded()))
        }
        return FixPrecisionEstimate(
            bands: Self.bands(suggestions, correct), runs: seeds.count, plantedPerRun: planted)
    }

    static func bands(_ suggestions: [Int], _ correct: [Int]) -> [FixPrecisionEstimate.Band] {
        let edges = FixPrecisionEstimate.edges
        return suggestions.indices.map { index in
            FixPrecisionEstimate.Band(
                lower: edges[index], upper: edges[index + 1], suggestions: suggestions[index], correct: correct[index])
        }
    }
}
