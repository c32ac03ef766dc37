import Testing
import WinnowCore
import WinnowExport

/// Examples `first..<first+count` with `label`, each alone in its thread.
private func examples(_ label: String?, count: Int, from first: Int64, eligible: Bool = true) -> [SplitExample] {
    (0..<Int64(count)).map {
        SplitExample(
            id: first + $0, label: label, trainingPoint: label, threadKey: nil, isEligible: eligible)
    }
}

/// The part of every example of the plan.
private func partOf(_ plan: SplitPlan) -> [Int64: SplitPart] {
    Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.exampleID, $0.part) })
}

@Suite("Split planner")
struct SplitPlannerTests {
    /// Four labels of 250, 150, 80 and 20 singletons.
    let balanced =
        examples("A", count: 250, from: 1) + examples("B", count: 150, from: 1001)
        + examples("C", count: 80, from: 2001)
        + examples("D", count: 20, from: 3001)

    @Test("the same seed and data give the same split; another seed another one")
    func determinism() {
        let parameters = SplitParameters(seed: 42)
        let first = SplitPlanner.plan(examples: balanced, links: [], parameters: parameters)
        let again = SplitPlanner.plan(examples: balanced.reversed(), links: [], parameters: parameters)
        #expect(first.assignments.map(\.part) == again.assignments.map(\.part))
        var other = parameters
        other.seed = 7
        let different = SplitPlanner.plan(examples: balanced, links: [], parameters: other)
        #expect(first.assignments.map(\.part) != different.assignments.map(\.part))
        #expect(first.size(of: .test) == different.size(of: .test))
    }

    @Test("fractions are met to within one example, and so is every label's share")
    func fractionsAndBalance() {
        let plan = SplitPlanner.plan(examples: balanced, links: [], parameters: SplitParameters())
        #expect(plan.total == 500)
        #expect(abs(plan.size(of: .test) - 50) <= 1)
        #expect(abs(plan.size(of: .validation) - 50) <= 1)
        for (label, total) in [("A", 250), ("B", 150), ("C", 80), ("D", 20)] {
            let counts = plan.labels.first { $0.key == label }?.counts ?? [:]
            #expect(abs((counts[.test] ?? 0) - total / 10) <= 1, "test share of \(label)")
            #expect(abs((counts[.validation] ?? 0) - total / 10) <= 1, "validation share of \(label)")
        }
        #expect(plan.uncovered.isEmpty)
    }

    @Test("duplicate clusters and ticket threads stay whole, also when joined through an ineligible example")
    func groupsStayWhole() {
        var all = balanced
        // A thread of three examples (ids 1, 2, 3) and a cluster 10-11-12 around representative 10.
        for id in [1, 2, 3] { all[id - 1].threadKey = "source-1/T-9" }
        // 20 and 21 are duplicates of 4000, which is rejected; 4000 shares a thread with 22.
        all.append(SplitExample(id: 4000, label: "A", trainingPoint: "A", threadKey: "source-1/T-7", isEligible: false))
        all[21].threadKey = "source-1/T-7"
        let links = [SplitLink(11, 10), SplitLink(12, 10), SplitLink(20, 4000), SplitLink(21, 4000)]
        let plan = SplitPlanner.plan(examples: all, links: links, parameters: SplitParameters(seed: 3))
        let parts = partOf(plan)
        #expect(parts[4000] == nil)
        for group: [Int64] in [[1, 2, 3], [10, 11, 12], [20, 21, 22]] {
            #expect(Set(group.map { parts[$0] }).count == 1, "group \(group) is cut")
        }
        #expect(plan.groups.contains { $0.members == [20, 21, 22] })
        // Across many seeds, no group is ever cut.
        for seed in 0..<20 as Range<UInt64> {
            let parts = partOf(SplitPlanner.plan(examples: all, links: links, parameters: SplitParameters(seed: seed)))
            #expect(Set([10, 11, 12].map { parts[$0] }).count == 1)
        }
    }

    @Test("one giant cluster stays whole in train; the rest still fills the held-out parts")
    func giantCluster() {
        let all = examples("A", count: 60, from: 1) + examples("B", count: 40, from: 101)
        let links = (2...60).map { SplitLink(Int64($0), 1) }
        let plan = SplitPlanner.plan(examples: all, links: links, parameters: SplitParameters())
        let parts = partOf(plan)
        #expect(Set((1...60).map { parts[Int64($0)] }) == [.train])
        #expect(plan.largestGroup == 60)
        // A is in a single group: train only, and no guarantee broken.
        #expect(plan.coverage.first { $0.stratum == "A" }?.required == [.train])
        #expect(plan.size(of: .test) == 10)
        #expect(plan.size(of: .validation) == 10)
        #expect(plan.uncovered.isEmpty)
    }

    @Test("a label of 1 or 2 examples stays in train; from 3 groups on it reaches test and validation")
    func rareLabels() {
        let all =
            examples("common", count: 100, from: 1) + examples("one", count: 1, from: 201)
            + examples("two", count: 2, from: 301) + examples("three", count: 3, from: 401)
        for seed in 0..<10 as Range<UInt64> {
            let plan = SplitPlanner.plan(examples: all, links: [], parameters: SplitParameters(seed: seed))
            func counts(_ label: String) -> [SplitPart: Int] {
                plan.labels.first { $0.key == label }?.counts ?? [:]
            }
            #expect(counts("one") == [.train: 1])
            #expect((counts("two")[.train] ?? 0) >= 1)
            #expect(counts("three") == [.train: 1, .validation: 1, .test: 1])
            #expect((counts("common")[.test] ?? 0) >= 9)
            #expect(plan.uncovered.isEmpty)
        }
    }

    @Test("labels that only occur inside clusters still reach every part, clusters whole")
    func labelsInsideClusters() {
        // Label X: four clusters of 5; label Y: 80 singletons.
        var all = examples("Y", count: 80, from: 1)
        var links: [SplitLink] = []
        for cluster in 0..<4 {
            let first = Int64(1000 + cluster * 10)
            all += examples("X", count: 5, from: first)
            links += (1..<5).map { SplitLink(first + Int64($0), first) }
        }
        let plan = SplitPlanner.plan(examples: all, links: links, parameters: SplitParameters())
        let x = plan.labels.first { $0.key == "X" }?.counts ?? [:]
        #expect((x[.train] ?? 0) >= 5)
        #expect(x[.test] == 5)
        #expect(x[.validation] == 5)
        let parts = partOf(plan)
        for cluster in 0..<4 {
            let first = Int64(1000 + cluster * 10)
            #expect(Set((0..<5).map { parts[first + Int64($0)] }).count == 1)
        }
    }

    @Test("a zero fraction leaves its part empty", arguments: [(0.0, 0.2), (0.2, 0.0)])
    func zeroFraction(validation: Double, test: Double) {
        let parameters = SplitParameters(validationFraction: validation, testFraction: test)
        let plan = SplitPlanner.plan(examples: balanced, links: [], parameters: parameters)
        #expect(plan.size(of: validation == 0 ? .validation : .test) == 0)
        #expect(abs(plan.size(of: validation == 0 ? .test : .validation) - 100) <= 1)
        // The held-out part that exists is guaranteed to every label, D (20 examples) included.
        let heldOut: SplitPart = validation == 0 ? .test : .validation
        #expect(plan.labels.allSatisfy { ($0.counts[heldOut] ?? 0) >= 1 })
        #expect(plan.uncovered.isEmpty)
    }

    @Test("stratifying by training point guarantees training points, not labels")
    func trainingPoints() {
        var all = examples("A", count: 60, from: 1)
        for index in 0..<3 { all[index].trainingPoint = "refund-edge-case" }
        let parameters = SplitParameters(stratifyBy: .trainingPoint)
        let plan = SplitPlanner.plan(examples: all, links: [], parameters: parameters)
        let point = plan.trainingPoints.first { $0.key == "refund-edge-case" }?.counts ?? [:]
        #expect(point == [.train: 1, .validation: 1, .test: 1])
    }

    @Test("only eligible examples are placed")
    func eligibility() {
        let all = examples("A", count: 10, from: 1) + examples("A", count: 5, from: 100, eligible: false)
        let plan = SplitPlanner.plan(examples: all, links: [], parameters: SplitParameters())
        #expect(plan.total == 10)
        #expect(plan.assignments.allSatisfy { $0.exampleID < 100 })
    }

    @Test("bad fractions are refused with the option named")
    func badParameters() {
        #expect(SplitParameters(validationFraction: 0.5, testFraction: 0.5).problem?.contains("train") == true)
        #expect(SplitParameters(validationFraction: -0.1).problem?.contains("--val") == true)
        #expect(SplitParameters(testFraction: 1).problem?.contains("--test") == true)
        #expect(SplitParameters().problem == nil)
    }
}
