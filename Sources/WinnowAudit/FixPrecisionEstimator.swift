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
/// The share of flips restored in a band is taken over the rows whose label is right: the rows less the estimated
/// number of wrong labels (``wrongLabels(selfConfidences:planted:weights:)``; a flip planted on a wrong label cannot
/// be restored to the truth, so counting those rows would make every band look too hard). The expected correct
/// fixes in a band are that share times the estimated number of wrong labels, and the band's precision is that over
/// the audit's suggestions there (at most 1). The policy reads the bands pooled from a confidence up
/// (``FixPrecisionEstimate/threshold(minimumPrecision:)``).
///
/// What it assumes: wrong labels are spread like the planted flips. When they are mistakes between similar labels,
/// the rows doubt their label far less than a random flip would make them, and evenly planted flips find almost no
/// wrong labels (on BANKING77 with flips to one of the three nearest intents: 0 to 20 of 913 to 2,626) while
/// confident learning finds many. Then, when evenly planted flips explain less than a quarter of confident
/// learning's estimate, the flips are planted again, each true label's as the confident joint spreads its wrong
/// labels over the labels given; the number of wrong labels is read off those, at most confident learning's
/// estimate and at most what the most confident suggestions can hold (from the top band down, once at least
/// ``minimumPool`` suggestions are pooled, no more expected fixes than suggestions). On that BANKING77 data (20,
/// 40 and 80 examples per intent and the full set, 15% and 25% flips) the number came within 15% of the truth and
/// the precision pooled from a band up from 20 points under it to 9 over, mostly within 10: a guide for a
/// reviewer, not enough to relabel unattended (``FixPrecisionEstimate/plantedLikeConfusions``).
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
        let selfConfidences = rows.map { probabilities[$0, result.labels[$0]] }
        let uniform = plant(
            result: result, rows: rows, learnable: learnable, cutoff: cutoff, selfConfidences: selfConfidences,
            weights: nil)
        var chosen = uniform
        var wrong = uniform.wrong
        var shaped = false
        // The share of the right rows' planted flips restored in `band`: times the number of wrong labels, the
        // band's expected correct fixes.
        func share(_ band: Int, wrong: Double) -> Double {
            chosen.restored[band] / chosen.planted * Double(rows.count) / (Double(rows.count) - wrong)
        }
        if uniform.wrong * 4 < Double(result.estimatedIssues), result.estimatedIssues >= 20 {
            // Few rows doubt their label as much as a random flip would make them, yet confident learning finds
            // many wrong labels: mistakes between similar labels. Plant flips as its joint spreads them, and keep
            // the expected fixes within confident learning's estimate and what the most confident suggestions hold.
            let confused = plant(
                result: result, rows: rows, learnable: learnable, cutoff: cutoff, selfConfidences: selfConfidences,
                weights: plantWeights(result: result, learnable: learnable))
            chosen = confused
            shaped = true
            wrong = min(confused.wrong, Double(rows.count - 1), Double(result.estimatedIssues))
            let before = wrong
            var pooledSuggestions = 0
            var pooledShare = 0.0
            for band in (0..<bandCount).reversed() {
                pooledSuggestions += suggestions[band]
                pooledShare += share(band, wrong: before)
                guard pooledSuggestions >= Self.minimumPool, pooledShare > 0 else { continue }
                wrong = min(wrong, Double(pooledSuggestions) / pooledShare)
            }
        }
        // Expected correct fixes, not capped at the band's suggestions: a cap would bias every sum of bands down.
        let correct = suggestions.indices.map { band in
            Double(rows.count) > wrong ? Int((wrong * share(band, wrong: wrong)).rounded()) : suggestions[band]
        }
        return FixPrecisionEstimate(
            bands: Self.bands(suggestions, correct), planted: chosen.count,
            estimatedWrongLabels: Int(wrong.rounded()), plantedLikeConfusions: shaped)
    }

    /// Suggestions pooled from the top band down before they bound the number of wrong labels.
    static let minimumPool = 50

    /// What planting every flip on `rows` shows: the (weighted) planted flips restored per band, their total
    /// weight and count, and the number of wrong labels read off their self-confidences.
    func plant(
        result: AuditResult, rows: [Int], learnable: [Int], cutoff: Double, selfConfidences: [Float],
        weights: [[Double]]?
    ) -> (restored: [Double], planted: Double, count: Int, wrong: Double) {
        let probabilities = result.probabilities
        let classCount = probabilities.columns
        var restored = [Double](repeating: 0, count: FixPrecisionEstimate.edges.count - 1)
        var plantedConfidences: [Float] = []
        var plantedWeights: [Float] = []
        plantedConfidences.reserveCapacity(rows.count * (learnable.count - 1))
        if weights != nil { plantedWeights.reserveCapacity(rows.count * (learnable.count - 1)) }
        var total = 0.0
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
                let weight = weights?[given][planted] ?? 1
                plantedConfidences.append(selfConfidence)
                if weights != nil { plantedWeights.append(Float(weight)) }
                total += weight
                guard Double(selfConfidence) <= cutoff, selfConfidence + 1e-6 < highest else { continue }
                guard (planted == first ? second : first) == given else { continue }
                restored[FixPrecisionEstimate.bandIndex(of: Double(probabilities[row, given]))] += weight
            }
        }
        // Restorations are taken out of evenly planted flips only: planted like the confusions, the flip back to a
        // wrong label's truth carries that confusion's weight, which the count of wrong labels does not tell.
        let wrong = Self.wrongLabels(
            selfConfidences: selfConfidences, planted: plantedConfidences,
            weights: weights == nil ? nil : plantedWeights, labelCount: weights == nil ? learnable.count : nil)
        return (restored, total, plantedConfidences.count, wrong)
    }

    /// The number of wrong labels among rows with these self-confidences (the probability of the given label),
    /// from the planted flips' self-confidences: below the median `s` of the planted flips' self-confidences lie
    /// half the wrong labels and the right labels the model doubts that much (few: on uniform flips `s` is a
    /// hundredth or less), so twice the rows at or below `s` is the number of wrong labels plus a small surplus.
    /// With `weights` (one per planted flip), `s` is the weighted median.
    ///
    /// With `labelCount` (flips planted evenly over that many labels), the median is taken as if the flips planted
    /// on wrong labels back to their true label were not there. Such a flip is a restoration, not a flip: the model
    /// believes it, so its self-confidence is high, and they are a share (W / n) / (K − 1) of all planted flips for W
    /// wrong labels among n rows and K labels. With many labels that is nothing (0.3% at 77 labels and 25% wrong),
    /// with few it moves the median up the right rows' doubts (a quarter of all planted flips at two labels and 25%
    /// wrong), and twice the rows below it counted 17% and 35% more wrong labels than there were (BENCHMARKS.md,
    /// "Few labels"). Below the median of the other flips, which lies at `0.5 · (1 − c)` of them all for a share `c`
    /// of restorations, lie half the wrong labels; `c` is read off the count itself, a few rounds until it settles.
    static func wrongLabels(
        selfConfidences: [Float], planted: [Float], weights: [Float]? = nil, labelCount: Int? = nil
    ) -> Double {
        guard !planted.isEmpty else { return 0 }
        if let weights {
            let order = planted.indices.sorted { planted[$0] < planted[$1] }
            let half = weights.reduce(0, +) / 2
            var sum: Float = 0
            var median = planted[order[order.count - 1]]
            for index in order {
                sum += weights[index]
                if sum >= half {
                    median = planted[index]
                    break
                }
            }
            return 2 * Double(selfConfidences.filter { $0 <= median }.count)
        }
        let sorted = planted.sorted()
        let confidences = selfConfidences.sorted()
        // Twice the rows at or below the planted flips' `quantile`.
        func below(_ quantile: Double) -> Double {
            let index = min(sorted.count - 1, max(0, Int((quantile * Double(sorted.count)).rounded(.down))))
            let median = sorted[index]
            var low = 0
            var high = confidences.count
            while low < high {
                let middle = (low + high) / 2
                if confidences[middle] <= median { low = middle + 1 } else { high = middle }
            }
            return 2 * Double(low)
        }
        var wrong = below(0.5)
        guard let labelCount, labelCount > 1, !selfConfidences.isEmpty else { return wrong }
        for _ in 0..<8 {
            let restorations = min(0.5, wrong / Double(selfConfidences.count) / Double(labelCount - 1))
            let next = below(0.5 * (1 - restorations))
            if next == wrong { break }
            wrong = next
        }
        return wrong
    }

    /// How much each planted flip counts, `[true][planted]` by class, each true class's weights summing to 1: as
    /// confident learning's joint spreads the wrong labels of that true class over the labels given (which labels it
    /// is mistaken for on this data), evenly where the joint has none.
    func plantWeights(result: AuditResult, learnable: [Int]) -> [[Double]] {
        let classCount = result.probabilities.columns
        var weights = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)
        let joint = result.noiseJoint
        for truth in learnable {
            let others = learnable.filter { $0 != truth }
            guard !others.isEmpty else { continue }
            let mistaken = others.map { given in
                joint.indices.contains(given) && joint[given].indices.contains(truth) ? Double(joint[given][truth]) : 0
            }
            let total = mistaken.reduce(0, +)
            for (index, given) in others.enumerated() {
                let shaped = total > 0 ? mistaken[index] / total : 1 / Double(others.count)
                weights[truth][given] = shaped
            }
        }
        return weights
    }

    static func bands(_ suggestions: [Int], _ correct: [Int]) -> [FixPrecisionEstimate.Band] {
        let edges = FixPrecisionEstimate.edges
        return suggestions.indices.map { index in
            FixPrecisionEstimate.Band(
                lower: edges[index], upper: edges[index + 1], suggestions: suggestions[index], correct: correct[index])
        }
    }
}
