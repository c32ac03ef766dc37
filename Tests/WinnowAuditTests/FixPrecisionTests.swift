import Testing
import WinnowCore
import WinnowLinalg

@testable import WinnowAudit

@Suite("Measured precision of label fixes")
struct FixPrecisionTests {
    /// Overlapping classes with 10% of the labels flipped: the estimate, made without knowing which, is within a
    /// few points of the true precision of the audit's suggestions, overall and from the confidence it would
    /// relabel at.
    @Test("the estimate from planted flips matches the true precision on data with known flips")
    func estimateMatchesTruth() throws {
        let classes = 8
        let (vectors, truth) = Synthetic.clusters(
            classes: classes, perClass: 80, dimension: 12, spread: 0.55, seed: 11)
        var random = SeededRandom(seed: 12)
        var labels = truth.map { "intent-\($0)" }
        var flipped = Set<Int>()
        var rows = Array(truth.indices)
        rows.shuffle(using: &random)
        for row in rows.prefix(truth.count / 10) {
            let other = (truth[row] + 1 + Int(random.next() % UInt64(classes - 1))) % classes
            labels[row] = "intent-\(other)"
            flipped.insert(row)
        }
        let parameters = AuditParameters()
        let result = LabelAudit(parameters: parameters).run(vectors: vectors, labels: labels)
        let suggestions = result.issues.filter(\.isStrong)
        func truePrecision(from confidence: Double) -> Double {
            let kept = suggestions.filter { $0.confidence >= confidence }
            let correct = kept.filter { flipped.contains($0.row) && $0.suggestedLabel == "intent-\(truth[$0.row])" }
            return Double(correct.count) / Double(max(kept.count, 1))
        }
        let estimate = FixPrecisionEstimator(parameters: parameters, seeds: [1, 2, 3, 4]).estimate(
            vectors: vectors, labels: labels, clusters: [], result: result)
        #expect(estimate.runs == 4)
        #expect(estimate.plantedPerRun > 0)
        let overall = try #require(estimate.precision(from: 0))
        print("precision overall: estimated \(overall), true \(truePrecision(from: 0)); \(estimate.summary)")
        #expect(abs(overall - truePrecision(from: 0)) < 0.05)
        for confidence in [0.5, 0.7] {
            let estimated = try #require(estimate.precision(from: confidence))
            print("from \(confidence): estimated \(estimated), true \(truePrecision(from: confidence))")
            #expect(abs(estimated - truePrecision(from: confidence)) < 0.05)
        }
        // Precision rises with confidence, so a threshold exists for a reachable minimum.
        #expect(estimate.threshold(minimumPrecision: min(0.95, overall)) != nil)
    }
}
