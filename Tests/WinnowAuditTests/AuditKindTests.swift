import Foundation
import Testing
import WinnowCore
import WinnowLinalg

@testable import WinnowAudit

/// Small synthetic embeddings: `classes` well-separated clusters in `dimension` dimensions.
enum Synthetic {
    static func clusters(classes: Int, perClass: Int, dimension: Int, spread: Float, seed: UInt64)
        -> (vectors: Matrix, labels: [Int])
    {
        var random = SeededRandom(seed: seed)
        var centres = Matrix(
            rows: classes, columns: dimension,
            elements: (0..<classes * dimension).map { _ in Float.random(in: -1...1, using: &random) })
        centres.normalizeRows()
        var vectors = Matrix(rows: classes * perClass, columns: dimension)
        var labels: [Int] = []
        for label in 0..<classes {
            for index in 0..<perClass {
                let row = label * perClass + index
                for column in 0..<dimension {
                    vectors[row, column] = centres[label, column] + spread * Float.random(in: -1...1, using: &random)
                }
                labels.append(label)
            }
        }
        vectors.normalizeRows()
        return (vectors, labels)
    }
}

@Suite("Label audits")
struct AuditKindTests {
    @Test("L-BFGS finds the minimum of the Rosenbrock function")
    func lbfgs() {
        var solver = LBFGS()
        solver.maximumIterations = 500
        solver.gradientTolerance = 1e-6
        let outcome = solver.minimize(from: [-1.2, 1]) { point, gradient in
            let (x, y) = (Double(point[0]), Double(point[1]))
            gradient[0] = Float(-2 * (1 - x) - 400 * x * (y - x * x))
            gradient[1] = Float(200 * (y - x * x))
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        }
        #expect(abs(outcome.point[0] - 1) < 1e-2 && abs(outcome.point[1] - 1) < 2e-2)
    }

    @Test("the softmax regression's gradient matches finite differences")
    func gradient() {
        let (vectors, labels) = Synthetic.clusters(classes: 3, perClass: 6, dimension: 4, spread: 0.5, seed: 2)
        var objective = SoftmaxRegression.Objective(
            features: vectors, labels: labels, classCount: 3, regularization: 0.1)
        var random = SeededRandom(seed: 4)
        let point = (0..<(4 * 3 + 3)).map { _ in Float.random(in: -0.5...0.5, using: &random) }
        var gradient = [Float](repeating: 0, count: point.count)
        _ = objective.evaluate(point, gradient: &gradient)
        var scratch = gradient
        for index in point.indices {
            var plus = point
            var minus = point
            plus[index] += 1e-2
            minus[index] -= 1e-2
            let numeric =
                (objective.evaluate(plus, gradient: &scratch) - objective.evaluate(minus, gradient: &scratch)) / 2e-2
            #expect(abs(numeric - Double(gradient[index])) < 2e-3)
        }
    }

    @Test("confident learning matches cleanlab's prune_by_noise_rate on its reference output")
    func cleanlabReference() throws {
        struct Reference: Decodable {
            var labels: [Int]
            var probabilities: [[Float]]
            var issues: [Int]
            var joint: [[Int]]
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/reference/cleanlab-reference.json")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        let probabilities = Matrix(stacking: reference.probabilities)
        let result = ConfidentLearning.findIssues(
            probabilities: probabilities, labels: reference.labels, selection: .pruneByNoiseRate)
        #expect(result.joint == reference.joint)
        #expect(result.issues.map(\.row).sorted() == reference.issues)
        // Issues are ranked by self-confidence, lowest first, each with a better other label.
        let confidences = result.issues.map(\.selfConfidence)
        #expect(confidences == confidences.sorted())
        #expect(result.issues.allSatisfy { $0.suggestedProbability > $0.selfConfidence })
    }

    @Test("flipped labels are found with the right suggestion, and neighbours agree")
    func flippedLabels() {
        var (vectors, labels) = Synthetic.clusters(classes: 4, perClass: 40, dimension: 12, spread: 0.35, seed: 8)
        let names = ["alpha", "beta", "gamma", "delta"]
        let flipped = [3, 50, 97, 140, 155]
        var truth: [Int: Int] = [:]
        for row in flipped {
            truth[row] = labels[row]
            labels[row] = (labels[row] + 1) % 4
        }
        let result = LabelAudit().run(vectors: vectors, labels: labels.map { names[$0] })
        let strong = result.issues.filter(\.isStrong)
        let found = Set(strong.map(\.row))
        #expect(found.isSuperset(of: flipped))
        #expect(found.count <= flipped.count + 2)
        for issue in strong where truth[issue.row] != nil {
            #expect(issue.suggestedLabel == names[truth[issue.row] ?? 0])
            #expect(issue.kinds.contains(.confidentLearning))
            #expect(issue.kinds.contains(.neighbours))
            #expect(issue.confidence > 0.5 && issue.confidence <= 1)
        }
        _ = vectors
    }

    @Test("neighbour votes: an example inside another label's cluster")
    func neighbours() {
        var (vectors, labels) = Synthetic.clusters(classes: 2, perClass: 15, dimension: 6, spread: 0.2, seed: 3)
        labels[4] = 1
        let votes = NeighbourVotes(vectors: vectors, labels: labels, classCount: 2, k: 5)
        #expect(votes.votes[4].topOther == 0)
        #expect(votes.votes[4].topOtherCount == 5)
        #expect(votes.votes[4].givenShare < 0.01)
        #expect(votes.votes[0].givenShare > 0.7)
        _ = vectors
    }

    @Test("taxonomy: spelling variants, rare labels, and labels the data cannot tell apart")
    func taxonomy() {
        let variants = LabelTaxonomy.spellingVariants(counts: [
            "Billing": 14, "billing": 1, "BILLING ": 2, "Shipping": 9,
        ])
        #expect(variants.map(\.label) == ["BILLING ", "billing"])
        #expect(variants.allSatisfy { $0.canonical == "Billing" && $0.canonicalCount == 14 })
        #expect(LabelTaxonomy.rareLabels(counts: ["a": 2, "b": 30, "c": 4], minimum: 5).map(\.label) == ["a", "c"])

        // Labels 0 and 1 are given at random inside one cluster; label 2 is its own cluster.
        let (vectors, clusterOf) = Synthetic.clusters(classes: 2, perClass: 40, dimension: 8, spread: 0.3, seed: 6)
        let labels = clusterOf.enumerated().map { row, cluster in cluster == 0 ? row % 2 : 2 }
        let result = LabelAudit().run(
            vectors: vectors, labels: labels.map { ["card", "cards delivery", "refund"][$0] })
        #expect(result.mergeCandidates.count == 1)
        let pair = result.mergeCandidates.first
        #expect(
            pair.map { Set([result.classNames[$0.first], result.classNames[$0.second]]) } == ["card", "cards delivery"])
        #expect((pair?.overlap ?? 0) > 0.35)
    }

    @Test("taxonomy: wrong labels between two labels the data tells apart do not make them merge candidates")
    func noisyLabelsAreNotOverlap() {
        // Two separate clusters, a quarter of each one's labels flipped to the other.
        let (vectors, truth) = Synthetic.clusters(classes: 2, perClass: 200, dimension: 8, spread: 0.3, seed: 9)
        var random = SeededRandom(seed: 4)
        let labels = truth.map { label in random.next() % 4 == 0 ? 1 - label : label }
        let result = LabelAudit().run(vectors: vectors, labels: labels.map { ["billing", "shipping"][$0] })
        #expect(result.mergeCandidates.isEmpty)
        let doubted = Set(result.issues.filter { $0.kinds.contains(.confidentLearning) }.map(\.row))
        let counted = LabelTaxonomy.overlappingPairs(
            probabilities: result.modelProbabilities, labels: result.labels, vectors: vectors, minimumOverlap: 0,
            doubted: doubted)
        let all = LabelTaxonomy.overlappingPairs(
            probabilities: result.modelProbabilities, labels: result.labels, vectors: vectors, minimumOverlap: 0)
        let clean = LabelTaxonomy.overlappingPairs(
            probabilities: LabelAudit().run(vectors: vectors, labels: truth.map { ["billing", "shipping"][$0] })
                .modelProbabilities, labels: truth, vectors: vectors, minimumOverlap: 0)
        // Measured: 0.34 over every example, 0.23 without the doubted ones, 0.01 with the true labels.
        #expect((all.first?.overlap ?? 0) >= 0.3)
        #expect((counted.first?.overlap ?? 1) < 0.3)
        #expect((clean.first?.overlap ?? 1) < 0.05)
        #expect(result.confusablePairs.first?.overlap == counted.first?.overlap)
    }

    @Test("cluster conflicts: the best-supported label, then the majority, then the representative's")
    func clusterConflicts() {
        let clusters = [
            ClusterConflicts.Cluster(number: 1, rows: [0, 1, 2]),
            ClusterConflicts.Cluster(number: 2, rows: [3, 4]),
            ClusterConflicts.Cluster(number: 3, rows: [5, 6]),
        ]
        let labels: [Int?] = [0, 0, 1, 2, 1, 1, 1]
        let conflicts = ClusterConflicts.find(clusters: clusters, labels: labels)
        #expect(conflicts.map(\.row) == [2, 4])
        #expect(conflicts[0].majorityLabel == 0 && abs(conflicts[0].majorityShare - 2.0 / 3) < 1e-9)
        #expect(conflicts[1].majorityLabel == 2)
        // With support (the model's belief), the copy whose label the text supports wins even when outnumbered.
        let supported = ClusterConflicts.find(clusters: clusters, labels: labels) { _, label in label == 1 ? 0.9 : 0.05
        }
        #expect(supported.map(\.row) == [0, 1, 3])
        #expect(supported.allSatisfy { $0.majorityLabel == 1 })
    }
}
