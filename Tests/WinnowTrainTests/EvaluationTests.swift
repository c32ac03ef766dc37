import Foundation
import Testing
import WinnowCore
import WinnowLinalg

@testable import WinnowTrain

/// The statistics of an evaluation, and an evaluation of a tiny trained model.
@Suite("Evaluation")
struct EvaluationTests {
    @Test(arguments: [
        // successes, trials, lower, upper: scipy.stats.binomtest(k, n).proportion_ci(method="wilson")
        (81, 263, 0.255289, 0.36621), (15, 148, 0.062386, 0.160487), (0, 20, 0.0, 0.161125),
        (1, 29, 0.006113, 0.171755), (29, 29, 0.88303, 1.0), (7, 10, 0.396778, 0.892209),
    ])
    func wilsonInterval(successes: Int, trials: Int, lower: Double, upper: Double) {
        let interval = ProportionInterval.wilson(successes: successes, trials: trials)
        #expect(abs(interval.lower - lower) < 1e-6)
        #expect(abs(interval.upper - upper) < 1e-6)
        #expect(interval.estimate == Double(successes) / Double(trials))
    }

    @Test func pairedDifferenceMatchesThePublishedExample() {
        // Cavo et al. (2012), complete response before and after consolidation therapy, the worked example of
        // Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables", chapter 8 (table
        // [[59, 6], [16, 80]]): Newcombe square-and-add estimate -0.0621, 95% CI -0.1186 to -0.0046.
        let interval = ProportionInterval.pairedDifference(both: 59, gained: 6, lost: 16, neither: 80)
        #expect(abs(interval.estimate + 0.0621) < 5e-5)
        #expect(abs(interval.lower + 0.1186) < 5e-5)
        #expect(abs(interval.upper + 0.0046) < 5e-5)
        // Mirrored: gains and losses swapped give the mirrored interval.
        let mirrored = ProportionInterval.pairedDifference(both: 59, gained: 16, lost: 6, neither: 80)
        #expect(abs(mirrored.lower - 0.0046) < 5e-5 && abs(mirrored.upper - 0.1186) < 5e-5)
        // No change at all: the interval still has width, and contains 0.
        let same = ProportionInterval.pairedDifference(both: 10, gained: 0, lost: 0, neither: 5)
        #expect(same.estimate == 0 && same.lower < 0 && same.upper > 0)
        let empty = ProportionInterval.pairedDifference(both: 0, gained: 0, lost: 0, neither: 0)
        #expect(empty.lower == -1 && empty.upper == 1)
        let all = ProportionInterval.pairedDifference(both: 0, gained: 12, lost: 0, neither: 0)
        #expect(all.estimate == 1 && all.upper == 1 && all.lower > 0.6)
    }

    @Test func macroF1AsScikitLearnComputesIt() {
        // sklearn.metrics.f1_score(t, p, average="macro") = 0.41666…
        let value = ClassifierEvaluation.macroF1(
            truth: ["a", "a", "b", "c", "c", "c"], predicted: ["a", "b", "b", "c", "a", "d"])
        #expect(abs(value - 0.416_666_666_666_666_63) < 1e-12)
        #expect(ClassifierEvaluation.macroF1(truth: ["x", "y"], predicted: ["x", "y"]) == 1)
    }

    @Test func evaluationOfATinyModelPerTrainingPoint() throws {
        let training = TrainerTests.examples.map { EvaluationExample(text: $0.text, label: $0.label) }
        let result = try TrainerTests.trainer {
            $0.epochs = 8; $0.learningRate = 3e-2; $0.linearProbe = true
        }
        .train(TrainerTests.examples)
        let tokenizer = try TinyBert.tokenizer()
        let base = TinyBert.model()
        let probe = try #require(result.probeHead)
        let before = TextClassifier(tokenizer: tokenizer, base: base, adapter: nil, head: probe, labels: result.labels)
        let after = TextClassifier(
            tokenizer: tokenizer, base: base, adapter: result.adapter, head: result.head, labels: result.labels)
        let test = [
            EvaluationExample(text: "my card is stolen", label: "card", trainingPoint: "lost cards"),
            EvaluationExample(text: "card lost help", label: "card", trainingPoint: "lost cards"),
            EvaluationExample(text: "where is the parcel", label: "parcel"),
            EvaluationExample(text: "refund my order | <b>now</b>", label: "refund"),
            EvaluationExample(text: "password", label: "login"),
            EvaluationExample(text: "the parcel was stolen", label: "login", trainingPoint: "login"),
        ]
        let report = ClassifierEvaluation.evaluate(
            before: before, after: after, training: training, test: test, neighbours: 2)
        #expect(report.overall.count == 6)
        #expect(Set(report.points.compactMap(\.trainingPoint)) == ["lost cards", "parcel", "refund", "login"])
        #expect(report.points.map(\.count).reduce(0, +) == 6)
        #expect(report.points.first { $0.trainingPoint == "lost cards" }?.count == 2)
        // Counts agree with the classifiers' own predictions.
        let afterRight = zip(after.predict(test.map(\.text), top: 1), test).filter { $0.label == $1.label }.count
        let beforeRight = zip(before.predict(test.map(\.text), top: 1), test).filter { $0.label == $1.label }.count
        #expect(report.overall.correctAfter == afterRight)
        #expect(report.overall.correctBefore == beforeRight)
        let failures = report.points.flatMap(\.failures)
        #expect(failures.count == 6 - afterRight)
        #expect(failures.contains { $0.text == "the parcel was stolen" })
        for failure in failures {
            #expect(failure.predicted != failure.label)
            #expect(failure.nearest.count == 2)
            #expect(failure.nearest[0].similarity >= failure.nearest[1].similarity)
            #expect(training[failure.nearest[0].index].text == failure.nearest[0].text)
        }
        // Worst change first.
        #expect(report.points.map(\.change.estimate) == report.points.map(\.change.estimate).sorted())
        let markdown = report.markdown
        #expect(markdown.contains("| lost cards | 2 |"))
        #expect(!markdown.contains("<b>"))
        let json = report.json
        #expect(json.value(atPath: "overall.test_cases") == 6)
        #expect(json.value(atPath: "training_points")?.arrayValue?.count == 4)
        // The confusion matrices count every case once, the diagonal being the right ones.
        #expect(report.labels == report.labels.sorted())
        #expect(report.confusionAfter.flatMap { $0 }.reduce(0, +) == 6)
        #expect(report.labels.indices.map { report.confusionAfter[$0][$0] }.reduce(0, +) == afterRight)
        #expect(report.labels.indices.map { report.confusionBefore[$0][$0] }.reduce(0, +) == beforeRight)
        #expect(json.value(atPath: "confusion.labels")?.arrayValue?.count == report.labels.count)
    }

    @Test func markdownEscapesTicketText() {
        #expect(EvaluationReport.escape("a | b\n[link](x) <script>") == "a \\| b \\[link\\]\\(x\\) &lt;script&gt;")
    }
}
