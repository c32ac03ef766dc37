import Foundation
import WinnowLinalg

/// An example in an evaluation: its text, label and training point (the capability it teaches or tests).
public struct EvaluationExample: Sendable, Equatable {
    /// The text.
    public var text: String
    /// The right label.
    public var label: String
    /// The training point (defaults to the label where the data has none).
    public var trainingPoint: String
    /// The example's id in the store, when it came from one (reports name it).
    public var id: Int64?

    /// An example; `trainingPoint` defaults to the label.
    public init(text: String, label: String, trainingPoint: String? = nil, id: Int64? = nil) {
        self.text = text
        self.label = label
        self.trainingPoint = trainingPoint ?? label
        self.id = id
    }
}

/// A training example close to a failing test case.
public struct NearestExample: Sendable, Equatable {
    /// Position of the example in the training list.
    public var index: Int
    /// Its id in the store, if any.
    public var id: Int64?
    /// Its text.
    public var text: String
    /// Its label.
    public var label: String
    /// Cosine similarity of the adapted embeddings.
    public var similarity: Float
}

/// A test case the adapted model gets wrong.
public struct EvaluationFailure: Sendable, Equatable {
    /// Position of the case in the test list.
    public var index: Int
    /// Its id in the store, if any.
    public var id: Int64?
    /// Its text.
    public var text: String
    /// The right label.
    public var label: String
    /// What the adapted model predicted.
    public var predicted: String
    /// The predicted label's probability.
    public var probability: Float
    /// Whether the frozen baseline got it right (a regression of fine-tuning).
    public var rightBefore: Bool
    /// The closest training examples (cosine on the adapted embeddings), most similar first.
    public var nearest: [NearestExample]
}

/// Before-and-after figures of one training point (or of all test cases).
public struct PointEvaluation: Sendable, Equatable {
    /// The training point (`nil` in the overall summary).
    public var trainingPoint: String?
    /// Test cases.
    public var count: Int
    /// Cases right with the frozen encoder and a head fitted on the training data.
    public var correctBefore: Int
    /// Cases right with the adapter.
    public var correctAfter: Int
    /// `after − before` accuracy with its 95% interval (see ``ProportionInterval/pairedDifference``).
    public var change: ProportionInterval
    /// The cases the adapter gets wrong.
    public var failures: [EvaluationFailure]

    /// Accuracy before fine-tuning.
    public var accuracyBefore: Double { count > 0 ? Double(correctBefore) / Double(count) : 0 }
    /// Accuracy with the adapter.
    public var accuracyAfter: Double { count > 0 ? Double(correctAfter) / Double(count) : 0 }
}

/// What an evaluation found: per training point and overall.
public struct EvaluationReport: Sendable, Equatable {
    /// Every training point of the test cases, worst change first (then by name).
    public var points: [PointEvaluation]
    /// All test cases together (no failures listed: they are under their points).
    public var overall: PointEvaluation
    /// Macro-averaged F1 before (over the labels that occur as truth or prediction).
    public var macroF1Before: Double
    /// Macro-averaged F1 with the adapter.
    public var macroF1After: Double
    /// The labels of the confusion matrices: every true and predicted label, sorted.
    public var labels: [String] = []
    /// `confusionBefore[truth][predicted]`: test cases per true and predicted label, frozen baseline.
    public var confusionBefore: [[Int]] = []
    /// The same with the adapter.
    public var confusionAfter: [[Int]] = []
}

/// Compares a frozen baseline with an adapted classifier on test cases, per training point.
public enum ClassifierEvaluation {
    /// Evaluates `after` (the adapter) against `before` (the frozen encoder with a head fitted on the same
    /// training data) on `test`, and finds for each failure the `neighbours` closest `training` examples.
    public static func evaluate(
        before: TextClassifier, after: TextClassifier, training: [EvaluationExample], test: [EvaluationExample],
        neighbours: Int = 3
    ) -> EvaluationReport {
        let beforePredictions = before.predict(test.map(\.text), top: 1)
        let testPooled = after.pooled(test.map(\.text))
        let afterProbabilities = after.head.probabilities(testPooled)
        let afterPredictions = (0..<test.count).map { row -> (label: String, probability: Float) in
            var best = 0
            for column in 0..<after.labels.count where afterProbabilities[row, column] > afterProbabilities[row, best] {
                best = column
            }
            return (after.labels[best], afterProbabilities[row, best])
        }
        var testVectors = testPooled
        testVectors.normalizeRows()
        var trainingVectors = after.pooled(training.map(\.text))
        trainingVectors.normalizeRows()

        var groups: [String: [Int]] = [:]
        for (index, example) in test.enumerated() { groups[example.trainingPoint, default: []].append(index) }
        func summarize(_ indices: [Int], point: String?, listFailures: Bool) -> PointEvaluation {
            var counts = (both: 0, gained: 0, lost: 0, neither: 0)
            var failures: [EvaluationFailure] = []
            for index in indices {
                let rightBefore = beforePredictions[index].label == test[index].label
                let rightAfter = afterPredictions[index].label == test[index].label
                switch (rightBefore, rightAfter) {
                case (true, true): counts.both += 1
                case (false, true): counts.gained += 1
                case (true, false): counts.lost += 1
                case (false, false): counts.neither += 1
                }
                guard !rightAfter, listFailures else { continue }
                failures.append(
                    EvaluationFailure(
                        index: index, id: test[index].id, text: test[index].text, label: test[index].label,
                        predicted: afterPredictions[index].label, probability: afterPredictions[index].probability,
                        rightBefore: rightBefore,
                        nearest: nearest(
                            to: index, testVectors, trainingVectors, training: training, count: neighbours)))
            }
            return PointEvaluation(
                trainingPoint: point, count: indices.count, correctBefore: counts.both + counts.lost,
                correctAfter: counts.both + counts.gained,
                change: .pairedDifference(
                    both: counts.both, gained: counts.gained, lost: counts.lost, neither: counts.neither),
                failures: failures)
        }
        let points = groups.map { summarize($0.value, point: $0.key, listFailures: true) }
            .sorted { ($0.change.estimate, $0.trainingPoint ?? "") < ($1.change.estimate, $1.trainingPoint ?? "") }
        let truth = test.map(\.label)
        let labels = Set(truth).union(beforePredictions.map(\.label)).union(afterPredictions.map(\.label)).sorted()
        return EvaluationReport(
            points: points, overall: summarize(Array(test.indices), point: nil, listFailures: false),
            macroF1Before: macroF1(truth: truth, predicted: beforePredictions.map(\.label)),
            macroF1After: macroF1(truth: truth, predicted: afterPredictions.map(\.label)), labels: labels,
            confusionBefore: confusion(truth: truth, predicted: beforePredictions.map(\.label), labels: labels),
            confusionAfter: confusion(truth: truth, predicted: afterPredictions.map(\.label), labels: labels))
    }

    /// `matrix[truth][predicted]` counts over `labels` (which must hold every label that occurs).
    public static func confusion(truth: [String], predicted: [String], labels: [String]) -> [[Int]] {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var matrix = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        for (actual, guess) in zip(truth, predicted) {
            guard let row = index[actual], let column = index[guess] else { continue }
            matrix[row][column] += 1
        }
        return matrix
    }

    /// The `count` training examples whose unit vectors are closest to test case `index`'s.
    static func nearest(
        to index: Int, _ testVectors: Matrix, _ trainingVectors: Matrix, training: [EvaluationExample], count: Int
    ) -> [NearestExample] {
        guard count > 0, trainingVectors.rows > 0 else { return [] }
        let query = Matrix(rows: 1, columns: testVectors.columns, elements: testVectors.row(index))
        let similarities = Matrix.product(query, by: trainingVectors, .transposed)
        let best = (0..<trainingVectors.rows).sorted { similarities[0, $0] > similarities[0, $1] }.prefix(count)
        return best.map {
            NearestExample(
                index: $0, id: training[$0].id, text: training[$0].text, label: training[$0].label,
                similarity: similarities[0, $0])
        }
    }

    /// Macro-averaged F1 over the labels that occur in `truth` or `predicted` (as scikit-learn's
    /// `f1_score(average="macro")`); a label with no true positive scores 0.
    public static func macroF1(truth: [String], predicted: [String]) -> Double {
        precondition(truth.count == predicted.count, "one prediction per case is needed")
        let labels = Set(truth).union(predicted)
        guard !labels.isEmpty else { return 0 }
        var total = 0.0
        for label in labels {
            var truePositives = 0
            var falsePositives = 0
            var falseNegatives = 0
            for (actual, guess) in zip(truth, predicted) {
                if guess == label && actual == label {
                    truePositives += 1
                } else if guess == label {
                    falsePositives += 1
                } else if actual == label {
                    falseNegatives += 1
                }
            }
            let denominator = 2 * truePositives + falsePositives + falseNegatives
            total += denominator > 0 ? 2 * Double(truePositives) / Double(denominator) : 0
        }
        return total / Double(labels.count)
    }
}
