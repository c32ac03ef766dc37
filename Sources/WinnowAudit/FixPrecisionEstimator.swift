import WinnowCore
import WinnowLinalg

/// Estimates how precise an audit's suggested labels are at each confidence, on the audited data itself.
///
/// The audit's own findings are taken as fixed first (every `label-issue` relabelled to its suggestion), so the
/// copy is as clean as the audit can make it; then, for each seed, labels are flipped on a share of the rows
/// (uniformly, to another label) and the audit runs again with the same settings. Each suggestion it makes is a
/// correct fix when the row was planted and the suggestion is its label before the flip, and a false fix
/// otherwise. The share flipped follows the share the audit found wrong (between ``minimumRate`` and
/// ``maximumRate``), because precision depends on how common wrong labels are: planted at 3% on data that has
/// 15%, the same model would look far less precise than it is.
public struct FixPrecisionEstimator: Sendable {
    /// The audit's settings (the same as the run being estimated).
    public var parameters: AuditParameters
    /// Planted runs.
    public var seeds: [UInt64]
    /// The smallest share of rows flipped.
    public static let minimumRate = 0.03
    /// The largest share of rows flipped.
    public static let maximumRate = 0.2

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
        var cleaned = labels
        var wrong = 0
        for issue in result.issues where issue.isStrong {
            cleaned[issue.row] = issue.suggestedLabel
            wrong += 1
        }
        var counts: [String: Int] = [:]
        for label in cleaned { counts[label, default: 0] += 1 }
        let learnable = counts.filter { $0.value >= parameters.minimumExamples }.keys.sorted()
        let rows = cleaned.indices.filter { counts[cleaned[$0], default: 0] >= parameters.minimumExamples }
        let rate = min(Self.maximumRate, max(Self.minimumRate, Double(wrong) / Double(max(labels.count, 1))))
        let planted = learnable.count > 1 ? Int((Double(rows.count) * rate).rounded()) : 0
        let edges = FixPrecisionEstimate.edges
        var suggestions = [Int](repeating: 0, count: edges.count - 1)
        var correct = suggestions
        guard planted > 0 else {
            return FixPrecisionEstimate(bands: Self.bands(suggestions, correct), runs: 0, plantedPerRun: 0)
        }
        for (run, seed) in seeds.enumerated() {
            progress?(run, seeds.count)
            var random = SeededRandom(seed: seed)
            var noisy = cleaned
            var shuffled = rows
            shuffled.shuffle(using: &random)
            var flipped: [Int: String] = [:]
            for row in shuffled.prefix(planted) {
                let others = learnable.filter { $0 != cleaned[row] }
                noisy[row] = others[Int(random.next() % UInt64(others.count))]
                flipped[row] = cleaned[row]
            }
            let rerun = LabelAudit(parameters: parameters).run(vectors: vectors, labels: noisy, clusters: clusters)
            for issue in rerun.issues where issue.isStrong {
                let band = FixPrecisionEstimate.bandIndex(of: issue.confidence)
                suggestions[band] += 1
                if flipped[issue.row] == issue.suggestedLabel { correct[band] += 1 }
            }
        }
        progress?(seeds.count, seeds.count)
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
