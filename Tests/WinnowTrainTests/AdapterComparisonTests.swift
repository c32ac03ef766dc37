import Foundation
import Testing

@testable import WinnowTrain

/// Two adapters on the same cases: flips counted per training point, and the regression gate.
@Suite("Adapter comparison and the regression gate")
struct AdapterComparisonTests {
    /// `count` cases of `point`, all labelled `point`.
    static func cases(_ point: String, _ count: Int) -> [EvaluationExample] {
        (0..<count).map { EvaluationExample(text: "\(point) \($0)", label: point) }
    }

    @Test("the exact tail is the binomial one")
    func exactTail() {
        #expect(AdapterComparison.exactUpperTail(successes: 5, trials: 5) == 1.0 / 32)
        #expect(abs(AdapterComparison.exactUpperTail(successes: 8, trials: 10) - 56.0 / 1024) < 1e-12)
        #expect(AdapterComparison.exactUpperTail(successes: 0, trials: 10) == 1)
        #expect(AdapterComparison.exactUpperTail(successes: 3, trials: 0) == 1)
    }

    @Test("flipped cases are counted per point, both ways, as counted by hand")
    func flips() {
        let cases = Self.cases("card", 4) + Self.cases("refund", 3)
        // card: case 0 right→wrong, case 1 wrong→right, cases 2 and 3 right in both; refund: case 0 wrong in both.
        let before = ["card", "x", "card", "card", "x", "refund", "refund"]
        let after = ["x", "card", "card", "card", "x", "refund", "refund"]
        let comparison = AdapterComparison.compare(cases: cases, before: before, after: after)
        let card = comparison.points[0]
        #expect(card.trainingPoint == "card")
        #expect(card.lost.map(\.text) == ["card 0"])
        #expect(card.gained.map(\.text) == ["card 1"])
        #expect(card.correctBefore == 3 && card.correctAfter == 3)
        #expect(card.change.estimate == 0)
        let refund = comparison.points[1]
        #expect(refund.gained.isEmpty && refund.lost.isEmpty && refund.regressionP == 1)
        #expect(comparison.overall.count == 7)
        #expect(comparison.regressions.isEmpty)
    }

    @Test("a round that broke two points fails the gate naming exactly those; an equal pair passes")
    func gate() {
        var cases: [EvaluationExample] = []
        var before: [String] = []
        var after: [String] = []
        for point in ["activate", "balance", "card", "refund", "transfer", "pin"] {
            let items = Self.cases(point, 30)
            cases += items
            before += items.map(\.label)
            // Damaged points: 12 of 30 now wrong. The others: two flips each way, as an honest re-run gives.
            let damaged = point == "card" || point == "pin"
            after += items.enumerated().map { index, item in
                if damaged { return index < 12 ? "other" : item.label }
                return index < 2 ? "other" : item.label
            }
            if !damaged {
                for index in (before.count - 30)..<(before.count - 28) { before[index + 2] = "other" }
            }
        }
        let comparison = AdapterComparison.compare(cases: cases, before: before, after: after)
        #expect(Set(comparison.regressions.compactMap(\.trainingPoint)) == ["card", "pin"])
        #expect(comparison.regressions.contains { $0.trainingPoint == nil })
        let same = AdapterComparison.compare(cases: cases, before: after, after: after)
        #expect(same.regressions.isEmpty)
        // Reversed, the damaged round is the earlier one: nothing got worse.
        let reversed = AdapterComparison.compare(cases: cases, before: after, after: before)
        #expect(reversed.regressions.isEmpty)
    }
}
