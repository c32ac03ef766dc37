import Foundation
import WinnowCore
import WinnowEncoder
import WinnowLinalg
import WinnowStore
import WinnowTrain

/// What `winnow suggest` found: the pending examples worth labelling next, with why.
public struct SuggestReport: Sendable {
    /// The adapter whose uncertainty and failures drove the ranking.
    public var adapter: URL
    /// The suggestions, best first.
    public var suggestions: [Suggestion]
    /// Pending examples considered.
    public var candidates: Int
    /// Cases (the split's test part and the test cases) the adapter gets wrong.
    public var failingCases: Int
    /// One minus each training point's accuracy on those cases.
    public var weakness: [String: Double]

    public var json: JSONValue {
        func rounded(_ value: Double) -> JSONValue { .number((value * 1000).rounded() / 1000) }
        return .object(
            JSONObject([
                ("adapter", .string(adapter.path)), ("candidates", .number(Double(candidates))),
                ("failing_cases", .number(Double(failingCases))),
                (
                    "weakness",
                    .object(JSONObject(weakness.sorted { $0.key < $1.key }.map { ($0.key, rounded($0.value)) }))
                ),
                (
                    "suggestions",
                    .array(
                        suggestions.map { suggestion in
                            .object(
                                JSONObject([
                                    ("id", .number(Double(suggestion.id))), ("score", rounded(suggestion.score)),
                                    ("training_point", .string(suggestion.trainingPoint)),
                                    ("margin", rounded(suggestion.margin)),
                                    ("top_labels", .array(suggestion.topLabels.map(JSONValue.string))),
                                    ("closeness", rounded(suggestion.closeness)),
                                    ("reasons", .array(suggestion.reasons.map(JSONValue.string))),
                                ]))
                        })
                ),
            ]))
    }
}

extension TrainingService {
    /// Ranks the pending examples (not bound to a test case) for review with `adapter`: its uncertainty on each,
    /// their closeness to the cases it fails (the test part of the split it was trained on and the store's test
    /// cases), and how weak each training point is there; one per duplicate cluster, spread over the points in
    /// proportion to their weakness. With `point`, only suggestions for that training point.
    public func suggest(store: Store, adapter: TrainedAdapter, directory: URL, budget: Int, point: String? = nil)
        throws -> SuggestReport
    {
        let classifier = classifier(adapter)
        // The cases: the split's test part (when the adapter's split is in this store) and the test cases.
        var cases: [EvaluationExample] = []
        if let split = adapter.training.objectValue?["split"]?.scalarText,
            let data = try? TrainingData(store: store, splitName: split)
        {
            cases += data.test
        }
        cases += try store.testCases().map {
            EvaluationExample(text: $0.input, label: $0.expectedLabel, trainingPoint: $0.effectiveTrainingPoint)
        }
        let width = classifier.model.config.hiddenSize
        var caseVectors =
            cases.isEmpty ? Matrix(rows: 0, columns: width) : classifier.pooled(cases.map(\.text))
        let predicted: [String]
        if cases.isEmpty {
            predicted = []
        } else {
            let probabilities = classifier.head.probabilities(caseVectors)
            predicted = (0..<cases.count).map { row in
                let best = (0..<classifier.labels.count).max { probabilities[row, $0] < probabilities[row, $1] }
                return best.map { classifier.labels[$0] } ?? ""
            }
        }
        caseVectors.normalizeRows()
        var right: [String: (right: Int, total: Int)] = [:]
        var failingRows: [Int] = []
        for (index, item) in cases.enumerated() {
            let correct = predicted[index] == item.label
            right[item.trainingPoint, default: (0, 0)].total += 1
            if correct { right[item.trainingPoint, default: (0, 0)].right += 1 } else { failingRows.append(index) }
        }
        let weakness = right.mapValues { 1 - Double($0.right) / Double(max(1, $0.total)) }
        let failing = failingRows.map { FailingCase(text: cases[$0].text, trainingPoint: cases[$0].trainingPoint) }
        let failingVectors = Matrix(
            rows: failingRows.count, columns: caseVectors.columns,
            elements: failingRows.flatMap { caseVectors.row($0) })

        let bound = try store.examplesBoundToTestCases()
        var clusterOf: [Int64: Int64] = [:]
        for link in try store.duplicateLinks() {
            clusterOf[link.exampleID] = link.representative
            clusterOf[link.representative] = link.representative
        }
        var filter = ExampleFilter()
        filter.status = .pending
        let pending = try store.examples(filter).filter { !bound.contains($0.id) }
        guard !pending.isEmpty else {
            return SuggestReport(
                adapter: directory, suggestions: [], candidates: 0, failingCases: failingRows.count, weakness: weakness)
        }
        var vectors = classifier.pooled(pending.map(\.effectiveInput))
        let probabilities = classifier.head.probabilities(vectors)
        vectors.normalizeRows()
        let candidates = pending.map { example in
            SuggestionCandidate(
                id: example.id, trainingPoint: example.trainingPoint ?? example.effectiveLabel,
                cluster: clusterOf[example.id])
        }
        var suggestions = SuggestionRanker.rank(
            candidates: candidates, labels: classifier.labels, probabilities: probabilities, vectors: vectors,
            failing: failing, failingVectors: failingVectors, weakness: weakness,
            budget: point == nil ? budget : candidates.count)
        if let point { suggestions = Array(suggestions.filter { $0.trainingPoint == point }.prefix(budget)) }
        return SuggestReport(
            adapter: directory, suggestions: suggestions, candidates: candidates.count,
            failingCases: failing.count, weakness: weakness)
    }
}
