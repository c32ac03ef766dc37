import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowReview
import WinnowStore
import WinnowTestSupport

@Suite("review auto: policies over the store")
struct ReviewPolicyServiceTests {
    /// The planted examples.
    struct Planted {
        var kept: Int64 = 0
        var copy: Int64 = 0
        var exact: Int64 = 0
        var confident: Int64 = 0
        var unsure: Int64 = 0
        var warning: Int64 = 0
        var clean: Int64 = 0
        var person: Int64 = 0
    }

    /// Two duplicates of a kept example, a confident and an unsure label issue, a warning, a clean example, and a
    /// clean example a person rejected and reset.
    static func plant() throws -> (ReviewFixture, Planted) {
        let fixture = try ReviewFixture()
        var ids = Planted()
        ids.kept = try fixture.add("Charged twice for order 1", label: "Billing")
        ids.copy = try fixture.add("Charged twice for order 1!", label: "Billing")
        ids.exact = try fixture.add("charged twice for order 1", label: "Billing")
        ids.confident = try fixture.add("My parcel is lost", label: "Billing")
        ids.unsure = try fixture.add("Parcel or refund?", label: "Billing")
        ids.warning = try fixture.add("HELP ME NOW", label: "Account")
        ids.clean = try fixture.add("Reset my password please", label: "Account")
        ids.person = try fixture.add("Another clean one", label: "Account")
        try fixture.duplicate(ids.kept, of: ids.kept)
        try fixture.duplicate(ids.copy, of: ids.kept)
        try fixture.duplicate(ids.exact, of: ids.kept, check: "exact-duplicate", similarity: 1, tier: "exact")
        try fixture.labelIssue(ids.confident, suggested: "Shipping", confidence: 0.96)
        try fixture.labelIssue(ids.unsure, suggested: "Shipping", confidence: 0.6)
        try fixture.auditRun(precision: 0.97, from: 0.8)
        try fixture.flag(ids.warning, check: "shouting-input")
        try fixture.flag(ids.clean, check: "pii-email", severity: .info)
        _ = try ReviewService(store: fixture.store).decide(.reject, ids: [ids.person], reviewer: "ana")
        _ = try ReviewService(store: fixture.store).decide(.reset, ids: [ids.person], reviewer: "ana")
        return (fixture, ids)
    }

    @Test("the dry run says per rule exactly what would change, and changes nothing")
    func dryRun() throws {
        let (fixture, ids) = try Self.plant()
        let before = try fixture.store.lastDecisionID()
        let report = try ReviewService(store: fixture.store).apply(try ReviewPolicy.load("default"), dryRun: true)
        #expect(report.dryRun)
        #expect(report.proposals(of: report.policy.rules[0]).map(\.exampleID) == [ids.copy, ids.exact])
        // No cluster here is over-represented: the cap rejects nothing.
        #expect(report.proposals(of: report.policy.rules[1]).isEmpty)
        #expect(report.proposals(of: report.policy.rules[2]).map(\.exampleID) == [ids.confident])
        #expect(report.proposals(of: report.policy.rules[2]).first?.toLabel == "Shipping")
        #expect(report.proposals(of: report.policy.rules[3]).map(\.exampleID) == [ids.clean])
        #expect(report.decidedByPeople == 1)
        #expect(report.considered == 7)
        #expect(report.proposals(of: report.policy.rules[2]).first?.approves == true)
        #expect(report.fixThreshold == 0.8)
        // Pending now: 8; rejects, the relabel that approves and the approval move 4 out of pending.
        #expect(report.leftPending == 4)
        #expect(report.runID == nil)
        #expect(try fixture.store.lastDecisionID() == before)
        #expect(try fixture.store.count(ExampleFilter(status: .pending)) == 8)
    }

    @Test("the real run records decisions by policy:NAME, never touches a person's example, and is undoable")
    func run() throws {
        let (fixture, ids) = try Self.plant()
        let service = ReviewService(store: fixture.store)
        let dry = try service.apply(try ReviewPolicy.load("default"), dryRun: true)
        let report = try service.apply(try ReviewPolicy.load("default"), dryRun: false)
        #expect(report.allProposals == dry.allProposals)
        #expect(try fixture.example(ids.copy).status == .rejected)
        #expect(try fixture.example(ids.exact).status == .rejected)
        #expect(try fixture.example(ids.kept).status == .pending)
        #expect(try fixture.example(ids.confident).labelOverride == "Shipping")
        #expect(try fixture.example(ids.confident).status == .approved)
        #expect(try fixture.example(ids.unsure).labelOverride == nil)
        #expect(try fixture.example(ids.warning).status == .pending)
        #expect(try fixture.example(ids.clean).status == .approved)
        #expect(try fixture.example(ids.person).status == .pending)
        let decision = try #require(try fixture.store.decisions(exampleID: ids.copy).last)
        #expect(decision.reviewer == "policy:default")
        #expect(
            decision.note
                == "rule reject-duplicate-copies: near-duplicate of #\(ids.kept) (similarity 0.93, lexical, a copy of "
                + "#\(ids.kept))")
        // What holds the rest back, check by check (the person's example is not the policy's).
        #expect(report.heldBackBy == ["near-duplicate": 1, "label-issue": 1, "shouting-input": 1])
        let run = try #require(try fixture.store.runs(command: "review auto").first)
        #expect(run.id == report.runID)
        #expect(run.summary["changes"]?.objectValue?["approve-clean"] == 1)

        // A second run finds nothing more to do.
        #expect(try service.apply(try ReviewPolicy.load("default"), dryRun: false).allProposals.isEmpty)
        // Policy decisions are undone like anyone's, newest first.
        #expect(
            try service.undo(reviewer: "policy:default", count: 2).applied.map(\.exampleID) == [
                ids.clean, ids.confident,
            ])
        #expect(try fixture.example(ids.clean).status == .pending)
        #expect(try fixture.example(ids.confident).labelOverride == nil)
        #expect(try fixture.example(ids.confident).status == .pending)
        // A person's decision on a policy-decided example: the policy leaves it alone from then on, and the
        // policy's own undo does not overwrite the person.
        _ = try service.decide(.approve, ids: [ids.exact], reviewer: "ben")
        let next = try service.apply(try ReviewPolicy.load("default"), dryRun: true)
        #expect(!next.allProposals.map(\.exampleID).contains(ids.exact))
        #expect(throws: ReviewError.self) { try service.undo(reviewer: "policy:default") }
        #expect(try fixture.example(ids.exact).status == .approved)
    }

    /// The cap reads clusters from the stored duplicate flags: one meaning said 45 times among 10 texts of their
    /// own (typical size 55 / 11 = 5) keeps a sample of 3 × 5 under `over_represented: 3` and rejects the rest.
    @Test("over_represented caps a cluster read from the store, and says so in each decision")
    func capFromStore() throws {
        let fixture = try ReviewFixture()
        for index in 0..<10 { try fixture.add("Own question \(index)", label: "Card") }
        let representative = try fixture.add("How do I activate my card?", label: "Card")
        try fixture.duplicate(representative, of: representative, copy: false)
        var paraphrases: [Int64] = []
        for index in 0..<44 {
            let id = try fixture.add("Activating my card, way \(index)?", label: "Card")
            try fixture.duplicate(id, of: representative, tier: "semantic", copy: false)
            paraphrases.append(id)
        }
        let policy = try ReviewPolicy.parse(
            """
            name: cap
            rules:
              - id: cap
                action: reject
                checks: [near-duplicate]
                over_represented: 3
            """, file: "cap.yml", origin: "cap.yml")
        let report = try ReviewService(store: fixture.store).apply(policy, dryRun: false)
        let rejected = report.proposals(of: policy.rules[0]).map(\.exampleID)
        #expect(rejected.count == 45 - 15)
        #expect(!rejected.contains(representative))
        #expect(Set(rejected).isSubset(of: Set(paraphrases)))
        let note = try #require(try fixture.store.decisions(exampleID: rejected[0]).last?.note)
        #expect(
            note.hasSuffix(
                "its cluster holds 45 examples where a meaning of 'Card' typically has 5.00: a sample of 15 is kept"))
        // Once capped, the cluster holds 15: a second run rejects nothing more.
        #expect(try ReviewService(store: fixture.store).apply(policy, dryRun: false).allProposals.isEmpty)
    }
}
