import WinnowCore
import WinnowLinalg

/// Estimates how precise an audit's suggested labels are at each confidence, on the audited data itself.
///
/// The audit's suggestions in a confidence band are a mix of wrong labels found (correct fixes) and right labels
/// doubted. The estimator plants a flip on every row the model can learn, in turn, to every other learnable label
/// (weighted equally), and reads off from the audit's own probabilities what the audit would do with it: whether
/// confident learning would flag it (its self-confidence at or below the highest one the audit flagged, and the
/// model not agreeing with the flipped label) and whether the suggestion would be the row's own label, at which
/// confidence. No model is trained again: the out-of-fold probabilities of a row come from a model that never saw
/// that row's label, and its neighbours' vote leaves the row out, so one flipped label changes nothing the audit
/// scores that row with. The flips are measured at the data's own noise level, which a rerun with a few percent
/// more flips is not (measured: on a 2,000-row BANKING77 subset with 15% flips such reruns put half the restored
/// flips a band or two lower and estimated 51% where the true precision was 100%).
///
/// The share of flips restored in a band is taken over the rows whose label is right, estimated as the rows less
/// confident learning's estimated number of wrong labels ``AuditResult/estimatedIssues`` (a flip planted on a
/// wrong label cannot be restored to the truth, so counting those rows would make every band look too hard). The
/// expected correct fixes in a band are that share times the estimated number of wrong labels, and the band's
/// precision is that over the audit's suggestions there (at most 1). The policy reads the bands pooled from a
/// confidence up (``FixPrecisionEstimate/threshold(minimumPrecision:)``).
///
/// What it assumes: wrong labels are spread like the planted flips, over the rows and the other labels alike. Labels
/// confused mostly between a few similar intents are flagged less often than uniform flips, so on such data the
/// estimate of the lower bands can be high; the estimated number of wrong labels scales every band.
public struct FixPrecisionEstimator: Sendable {
    /// The audit's settings (the same as the run being estimated).
    public var parameters: AuditParameters

    /// An estimator.
    public init(parameters: AuditParameters) {
        self.parameters = parameters
    }

    /// The estimate for `result`, an audit.
    public func estimate(result: AuditResult) -> FixPrecisionEstimate {
        let bandCount = FixPrecisionEstimate.edges.count - 1
        var suggestions = [Int](repeating: 0, count: bandCount)
        var highestFlagged = -Double.infinity
        var flaggedByLearning = 0
        for issue in result.issues where issue.isStrong {
            suggestions[FixPrecisionEstimate.bandIndex(of: issue.confidence)] += 1
        }
        for issue in result.issues where issue.kinds.contains(.confidentLearning) {
            highestFlagged = max(highestFlagged, issue.selfConfidence)
            flaggedByLearning += 1
        }
        // Confident learning flags the estimated number of rows with the lowest self-confidence; when fewer rows
        // disagreed with their label than that, every disagreeing row is flagged.
        let cutoff = flaggedByLearning < result.estimatedIssues ? Double.infinity : highestFlagged
        let probabilities = result.probabilities
        let classCount = probabilities.columns
        var counts = [Int](repeating: 0, count: classCount)
        for label in result.labels { counts[label] += 1 }
        let learnable = (0..<classCount).filter { counts[$0] >= parameters.minimumExamples }
        let rows = result.labels.indices.filter { counts[result.labels[$0]] >= parameters.minimumExamples }
        guard learnable.count > 1, !rows.isEmpty else {
            return FixPrecisionEstimate(
                bands: Self.bands(suggestions, [Int](repeating: 0, count: bandCount)), planted: 0,
                estimatedWrongLabels: 0)
        }
        var restored = [Double](repeating: 0, count: bandCount)
        var plantedConfidences: [Float] = []
        plantedConfidences.reserveCapacity(rows.count * (learnable.count - 1))
        for row in rows {
            let given = result.labels[row]
            var highest = -Float.infinity
            for column in 0..<classCount { highest = max(highest, probabilities[row, column]) }
            // The two most probable learnable classes: the suggestion for any planted label but the first is the
            // first.
            var first = -1
            var second = -1
            for column in learnable {
                if first < 0 || probabilities[row, column] > probabilities[row, first] {
                    second = first
                    first = column
                } else if second < 0 || probabilities[row, column] > probabilities[row, second] {
                    second = column
                }
            }
            for planted in learnable where planted != given {
                let selfConfidence = probabilities[row, planted]
                plantedConfidences.append(selfConfidence)
                guard Double(selfConfidence) <= cutoff, selfConfidence + 1e-6 < highest else { continue }
                guard (planted == first ? second : first) == given else { continue }
                restored[FixPrecisionEstimate.bandIndex(of: Double(probabilities[row, given]))] += 1
            }
        }
        let wrong = Self.wrongLabels(
            selfConfidences: rows.map { probabilities[$0, result.labels[$0]] }, planted: plantedConfidences)
        let rightRows = Double(rows.count) - wrong
        let planted = Double(plantedConfidences.count)
        // Expected correct fixes, not capped at the band's suggestions: a cap would bias every sum of bands down.
        let correct = suggestions.indices.map { band in
            rightRows > 0
                ? Int((wrong * restored[band] / planted * Double(rows.count) / rightRows).rounded())
                : suggestions[band]
        }
        return FixPrecisionEstimate(
            bands: Self.bands(suggestions, correct), planted: plantedConfidences.count,
            estimatedWrongLabels: Int(wrong.rounded()))
    }

    /// The number of wrong labels among rows with these self-confidences (the probability of the given label),
    /// from the planted flips' self-confidences: below the median `s` of the planted flips' self-confidences lie
    /// half the wrong labels and the right labels the model doubts that much (few: on uniform flips `s` is a
    /// hundredth or less), so twice the rows at or below `s` is the number of wrong labels plus a small surplus.
    static func wrongLabels(selfConfidences: [Float], planted: [Float]) -> Double {
        guard !planted.isEmpty else { return 0 }
        let sorted = planted.sorted()
        let median = sorted[sorted.count / 2]
        return 2 * Double(selfConfidences.filter { $0 <= median }.count)
    }

    static func bands(_ suggestions: [Int], _ correct: [Int]) -> [FixPrecisionEstimate.Band] {
        let edges = FixPrecisionEstimate.edges
        return suggestions.indices.map { index in
            FixPrecisionEstimate.Band(
                lower: edges[index], upper: edges[index + 1], suggestions: suggestions[index], correct: correct[index])
        }
    }
}
