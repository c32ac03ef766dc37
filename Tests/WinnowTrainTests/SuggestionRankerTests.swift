import Foundation
import Testing
import WinnowLinalg

@testable import WinnowTrain

/// The ranking of pending examples on hand-made probabilities and vectors where the right order is known.
@Suite("Suggestions: what to label next")
struct SuggestionRankerTests {
    static let labels = ["card", "refund", "transfer"]

    /// Unit vectors in 3 dimensions.
    static func unit(_ rows: [[Float]]) -> Matrix {
        var matrix = Matrix(rows: rows.count, columns: 3, elements: rows.flatMap { $0 })
        matrix.normalizeRows()
        return matrix
    }

    @Test("an uncertain example near a failing case of a weak point ranks first; one per duplicate cluster")
    func order() {
        let candidates = [
            // 1: confident, far from the failing case.
            SuggestionCandidate(id: 1, trainingPoint: nil, cluster: nil),
            // 2: uncertain and right next to the failing refund case.
            SuggestionCandidate(id: 2, trainingPoint: nil, cluster: 9),
            // 3: a copy of 2 (same cluster): never suggested beside it.
            SuggestionCandidate(id: 3, trainingPoint: nil, cluster: 9),
            // 4: uncertain but far from any failure, of a strong point.
            SuggestionCandidate(id: 4, trainingPoint: "transfer", cluster: nil),
        ]
        let probabilities = Matrix(
            rows: 4, columns: 3,
            elements: [
                0.96, 0.02, 0.02,
                0.45, 0.44, 0.11,
                0.45, 0.44, 0.11,
                0.05, 0.47, 0.48,
            ])
        let vectors = Self.unit([[1, 0, 0], [0.1, 1, 0], [0.1, 1, 0], [0, 0, 1]])
        let failing = [FailingCase(text: "where is my refund", trainingPoint: "refund")]
        let failingVectors = Self.unit([[0, 1, 0]])
        let weakness = ["card": 0.1, "refund": 0.6, "transfer": 0.0]
        let ranked = SuggestionRanker.rank(
            candidates: candidates, labels: Self.labels, probabilities: probabilities, vectors: vectors,
            failing: failing, failingVectors: failingVectors, weakness: weakness, budget: 3)
        #expect(ranked.map(\.id) == [2, 4, 1])
        #expect(ranked[0].nearestFailing == 0)
        #expect(ranked[0].closeness > 0.99)
        #expect(ranked[0].topLabels == ["card", "refund"])
        #expect(ranked[0].reasons.contains { $0.contains("close to a failing test case of 'refund'") })
        #expect(ranked[0].reasons.first?.hasPrefix("uncertain: 'card' 0.45 vs 'refund' 0.44") == true)
        #expect(!ranked.contains { $0.id == 3 })
        // A budget larger than the candidates still never takes both copies.
        let all = SuggestionRanker.rank(
            candidates: candidates, labels: Self.labels, probabilities: probabilities, vectors: vectors,
            failing: failing, failingVectors: failingVectors, weakness: weakness, budget: 10)
        #expect(all.count == 3)
    }

    @Test("a candidate that says nearly what a picked one says waits until the budget needs it")
    func apartInMeaning() {
        let candidates = (1...3).map { SuggestionCandidate(id: Int64($0), trainingPoint: "card", cluster: nil) }
        // 1 and 2 are the two most uncertain and nearly the same (cosine above 0.99); 3 is less uncertain, apart.
        let probabilities = Matrix(
            rows: 3, columns: 3,
            elements: [
                0.40, 0.39, 0.21,
                0.41, 0.39, 0.20,
                0.60, 0.30, 0.10,
            ])
        let vectors = Self.unit([[1, 0.05, 0], [1, 0.06, 0], [0, 1, 0.2]])
        func ranked(_ budget: Int) -> [Int64] {
            SuggestionRanker.rank(
                candidates: candidates, labels: Self.labels, probabilities: probabilities, vectors: vectors,
                failing: [], failingVectors: Matrix(rows: 0, columns: 3), weakness: ["card": 0.5], budget: budget
            ).map(\.id)
        }
        #expect(ranked(2) == [1, 3])
        #expect(Set(ranked(3)) == [1, 2, 3])
    }

    @Test("the budget is spread over points in proportion to weakness")
    func spread() {
        // Ten equally uncertain candidates of each point, no failures: only weakness separates them.
        var candidates: [SuggestionCandidate] = []
        var elements: [Float] = []
        for (pointIndex, point) in ["card", "refund"].enumerated() {
            for index in 0..<10 {
                candidates.append(
                    SuggestionCandidate(id: Int64(pointIndex * 100 + index), trainingPoint: point, cluster: nil))
                elements += [0.4, 0.35, 0.25]
            }
        }
        let probabilities = Matrix(rows: 20, columns: 3, elements: elements)
        let vectors = Self.unit(Array(repeating: [1, 0, 0], count: 20))
        let ranked = SuggestionRanker.rank(
            candidates: candidates, labels: Self.labels, probabilities: probabilities, vectors: vectors, failing: [],
            failingVectors: Matrix(rows: 0, columns: 3), weakness: ["card": 0.75, "refund": 0.15], budget: 6)
        #expect(ranked.count == 6)
        let card = ranked.filter { $0.trainingPoint == "card" }.count
        #expect(card == 5)
        #expect(ranked.count - card == 1)
    }
}
