import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowReview
import WinnowStore
import WinnowTestSupport

@Suite("Review decisions, history and undo")
struct ReviewServiceTests {
    @Test("each decision is appended with reviewer, before, after, note and versions")
    func history() throws {
        let fixture = try ReviewFixture()
        let id = try fixture.add("I was charged twice", response: "Refunded.", label: "Billing")
        let service = ReviewService(store: fixture.store)
        _ = try service.decide(.approve, ids: [id], reviewer: "ana", note: "looks right")
        _ = try service.decide(.relabel("Payments"), ids: [id], reviewer: "ana")
        _ = try service.decide(.edit(input: "I was charged two times", response: nil), ids: [id], reviewer: "ben")
        let example = try fixture.example(id)
        #expect(example.status == .approved)
        #expect(example.label == "Billing")
        #expect(example.labelOverride == "Payments")
        #expect(example.input == "I was charged twice")
        #expect(example.editedInput == "I was charged two times")
        #expect(example.version == 3)
        let history = try fixture.store.decisions(exampleID: id)
        #expect(history.map(\.action) == ["approve", "relabel", "edit"])
        #expect(history.map(\.reviewer) == ["ana", "ana", "ben"])
        #expect(history.map(\.basedOn) == [0, 1, 2])
        #expect(history.map(\.version) == [1, 2, 3])
        #expect(history[0].note == "looks right")
        #expect(history[0].before["status"] == "pending")
        #expect(history[0].after["status"] == "approved")
        #expect(history[1].after["label_override"] == "Payments")
        #expect(history[2].after["edited_input"] == "I was charged two times")

        // Relabelling to the imported label removes the override; a decision that changes nothing is not recorded.
        _ = try service.decide(.relabel("Billing"), ids: [id], reviewer: "ana")
        #expect(try fixture.example(id).labelOverride == nil)
        let again = try service.decide(.approve, ids: [id], reviewer: "ana")
        #expect(again.unchanged == [id])
        #expect(again.applied.isEmpty)
        #expect(try fixture.store.decisions(exampleID: id).count == 4)
        // Reset goes back to the imported state; the history keeps everything.
        _ = try service.decide(.reset, ids: [id], reviewer: "ana")
        let reset = try fixture.example(id)
        #expect(reset.status == .pending && reset.labelOverride == nil && reset.editedInput == nil)
        #expect(try fixture.store.decisions(exampleID: id).count == 5)
    }

    @Test("accepting suggestions relabels each example to its own most confident suggestion and approves it")
    func acceptSuggestions() throws {
        let fixture = try ReviewFixture()
        let card = try fixture.add("My card has not arrived", label: "Billing")
        let refund = try fixture.add("Where is my refund?", label: "Shipping")
        let plain = try fixture.add("Hello", label: "Account")
        let allowed = try fixture.add("I was charged twice", label: "billing")
        let same = try fixture.add("Parcel lost", label: "Shipping")
        try fixture.labelIssue(card, suggested: "Cards", confidence: 0.93)
        try fixture.labelIssue(refund, suggested: "Refunds", confidence: 0.55)
        // Two suggestions: the audit's, with a confidence, outranks the rule's.
        try fixture.labelIssue(allowed, suggested: "Payments", confidence: 0.8)
        try fixture.flag(
            allowed, check: "label-allowed", evidence: JSONObject([("suggestion", .string("Billing"))]))
        // Suggesting the imported label back leaves no override.
        try fixture.labelIssue(same, suggested: "Shipping", confidence: 0.6)
        let service = ReviewService(store: fixture.store)
        // Grouped by each label suggested (as the suggestion filter selects), largest group first, then by label; the
        // example suggested two labels is in both groups and counted once.
        let grouped = try service.suggestionGroups()
        #expect(
            grouped.groups == [
                SuggestionGroup(label: "Billing", examples: 1, surer: 0),
                SuggestionGroup(label: "Cards", examples: 1, surer: 1),
                SuggestionGroup(label: "Payments", examples: 1, surer: 1),
                SuggestionGroup(label: "Refunds", examples: 1, surer: 1),
                SuggestionGroup(label: "Shipping", examples: 1, surer: 1),
            ])
        #expect(grouped.examples == 4)
        for group in grouped.groups {
            #expect(try fixture.store.count(ExampleFilter(status: .pending, suggestion: group.label)) == group.examples)
        }
        #expect(try service.summary().bySuggestion.count == 5)
        // By filter naming a suggestion: that label, although the audit suggests another one more surely.
        let named = try service.acceptSuggestions(
            filter: ExampleFilter(status: .pending, suggestion: "Billing"), reviewer: "ana")
        #expect(named.decisions.applied.map(\.exampleID) == [allowed])
        #expect(try fixture.example(allowed).labelOverride == "Billing")
        _ = try service.undo(reviewer: "ana")
        #expect(try fixture.example(allowed).status == .pending)
        // A person relabelled one of a group otherwise: accepting the group leaves that relabel alone.
        _ = try service.decide(.relabel("Account"), ids: [refund], reviewer: "cy")
        let group = try service.acceptSuggestions(
            filter: ExampleFilter(status: .pending, suggestion: "Refunds"), reviewer: "ana")
        #expect(group.decisions.applied.isEmpty)
        #expect(group.keptRelabels == [refund])
        #expect(group.summary.contains("1 already relabelled otherwise, left alone (#\(refund))"))
        #expect(try fixture.example(refund).labelOverride == "Account")
        _ = try service.decide(.reset, ids: [refund], reviewer: "cy")
        // By filter: only the surer ones.
        let surer = try service.acceptSuggestions(
            filter: ExampleFilter(status: .pending, minimumConfidence: 0.9), reviewer: "ana")
        #expect(surer.decisions.applied.map(\.exampleID) == [card])
        #expect(try fixture.example(card).labelOverride == "Cards")
        #expect(try fixture.example(card).status == .approved)
        #expect(try fixture.example(refund).status == .pending)
        // By ids: one without a suggestion is left alone and named.
        let report = try service.acceptSuggestions(
            ids: [refund, plain, allowed, same, card], reviewer: "ben", note: "checked the group")
        #expect(report.decisions.applied.map(\.exampleID) == [refund, allowed, same])
        #expect(report.decisions.unchanged == [card])
        #expect(report.withoutSuggestion == [plain])
        #expect(try fixture.example(refund).labelOverride == "Refunds")
        #expect(try fixture.example(allowed).labelOverride == "Payments")
        #expect(try fixture.example(same).labelOverride == nil)
        #expect(try fixture.example(same).status == .approved)
        #expect(try fixture.example(plain).status == .pending)
        #expect(try service.suggestionGroups().examples == 0)
        #expect(try service.suggestionGroups(status: .approved).examples == 4)
        let history = try fixture.store.decisions(exampleID: refund)
        #expect(history.map(\.action) == ["relabel", "reset", "accept"])
        #expect(
            history.last?.note
                == "checked the group (accepted the suggested label Refunds (label-issue, confidence 0.55))")
        #expect(report.summary.contains("Accepted the suggested label of 3 examples"))
        #expect(report.summary.contains("1 has no suggested label, left alone (#\(plain))"))
        // Undo goes back to the state before, as for any decision.
        _ = try service.undo(reviewer: "ben")
        #expect(try fixture.example(same).status == .pending)
        #expect(throws: StoreError.self) { try service.acceptSuggestions(ids: [999], reviewer: "ana") }
    }

    @Test("two reviewers deciding on the same version: the second is refused, nothing is lost")
    func staleDecision() throws {
        let fixture = try ReviewFixture()
        let id = try fixture.add("Where is my parcel?", label: "Shipping")
        let service = ReviewService(store: fixture.store)
        let seen = try fixture.example(id).version
        let first = try service.decide(.approve, ids: [id], reviewer: "ana", versions: [id: seen])
        #expect(first.applied.count == 1)
        let second = try service.decide(.reject, ids: [id], reviewer: "ben", versions: [id: seen])
        #expect(second.applied.isEmpty)
        let stale = try #require(second.stale.first)
        #expect(stale.currentVersion == seen + 1)
        #expect(stale.latest?.reviewer == "ana")
        #expect(stale.description.contains("changed after you saw it"))
        #expect(stale.description.contains("approve by ana"))
        #expect(try fixture.example(id).status == .approved)
        #expect(try fixture.store.decisions(exampleID: id).map(\.reviewer) == ["ana"])
        // The same decision as the one already made is not an error.
        #expect(try service.decide(.approve, ids: [id], reviewer: "ben", versions: [id: seen]).unchanged == [id])
    }

    @Test("undo reverts the reviewer's last decision; twice goes further back; others' later decisions are kept")
    func undo() throws {
        let fixture = try ReviewFixture()
        let first = try fixture.add("one", label: "A")
        let second = try fixture.add("two", label: "A")
        let service = ReviewService(store: fixture.store)
        _ = try service.decide(.approve, ids: [first], reviewer: "ana")
        _ = try service.decide(.relabel("B"), ids: [first], reviewer: "ana")
        _ = try service.decide(.reject, ids: [second], reviewer: "ana")

        let undone = try service.undo(reviewer: "ana")
        #expect(undone.applied.map(\.exampleID) == [second])
        #expect(try fixture.example(second).status == .pending)
        _ = try service.undo(reviewer: "ana")
        #expect(try fixture.example(first).labelOverride == nil)
        #expect(try fixture.example(first).status == .approved)
        _ = try service.undo(reviewer: "ana")
        #expect(try fixture.example(first).status == .pending)
        #expect(throws: ReviewError.nothingToUndo(reviewer: "ana")) { try service.undo(reviewer: "ana") }
        // Undos are decisions of their own, naming what they revert.
        let history = try fixture.store.decisions(exampleID: first)
        #expect(history.map(\.action) == ["approve", "relabel", "undo", "undo"])
        #expect(history[2].reverts == history[1].id)
        #expect(history[3].reverts == history[0].id)

        // ana rejects, ben approves afterwards: ana's undo would overwrite ben's decision and is refused.
        _ = try service.decide(.reject, ids: [second], reviewer: "ana")
        _ = try service.decide(.approve, ids: [second], reviewer: "ben")
        do {
            _ = try service.undo(reviewer: "ana")
            Issue.record("the undo should have been refused")
        } catch let error as ReviewError {
            #expect(error.description.contains("ben decided on it afterwards"))
        }
        #expect(try fixture.example(second).status == .approved)
        // --count goes back several decisions at once.
        _ = try service.decide(.reject, ids: [first], reviewer: "cy")
        _ = try service.decide(.relabel("C"), ids: [first], reviewer: "cy")
        #expect(try service.undo(reviewer: "cy", count: 2).applied.count == 2)
        #expect(try fixture.example(first).status == .pending && fixture.example(first).labelOverride == nil)
    }

    @Test("bulk decisions by filter: check, severity, label, source, status; newer decisions are left alone")
    func bulk() throws {
        let fixture = try ReviewFixture()
        let representative = try fixture.add("Charged twice for one order", label: "Billing")
        let copy = try fixture.add("Charged twice for one order!", label: "Billing")
        let other = try fixture.add("Where is my parcel", label: "Shipping")
        let clean = try fixture.add("Reset my password", label: "Account")
        try fixture.duplicate(copy, of: representative)
        try fixture.flag(other, check: "non-answer", severity: .error)
        let service = ReviewService(store: fixture.store)

        let byCheck = try service.decide(.reject, filter: ExampleFilter(check: "near-duplicate"), reviewer: "ana")
        #expect(byCheck.applied.map(\.exampleID) == [copy])
        let bySeverity = try service.decide(.reject, filter: ExampleFilter(severity: .error), reviewer: "ana")
        #expect(bySeverity.applied.map(\.exampleID) == [other])
        let byLabel = try service.decide(
            .approve, filter: ExampleFilter(status: .pending, label: "Account"), reviewer: "ana")
        #expect(byLabel.applied.map(\.exampleID) == [clean])
        let bySource = try service.decide(
            .approve, filter: ExampleFilter(status: .pending, source: "fixture.jsonl"), reviewer: "ana")
        #expect(bySource.applied.map(\.exampleID) == [representative])
        #expect(try service.decide(.approve, filter: ExampleFilter(status: .pending), reviewer: "ana").applied.isEmpty)

        // A page drawn before ben's decision: the bulk reset leaves ben's example alone.
        let asOf = try fixture.store.lastDecisionID()
        _ = try service.decide(.approve, ids: [other], reviewer: "ben")
        let reset = try service.decide(
            .reset, filter: ExampleFilter(status: .rejected), reviewer: "ana", notAfter: asOf)
        #expect(reset.applied.map(\.exampleID) == [copy])
        #expect(reset.stale.isEmpty)
        let again = try service.decide(
            .reset, filter: ExampleFilter(status: .approved), reviewer: "ana", notAfter: asOf)
        #expect(again.stale.map(\.exampleID) == [other])
        #expect(try fixture.example(other).status == .approved)
    }

    @Test("unknown ids fail before anything is written; people cannot decide as rules or policy:")
    func refusals() throws {
        let fixture = try ReviewFixture()
        let id = try fixture.add("text", label: "A")
        let service = ReviewService(store: fixture.store)
        #expect(throws: StoreError.noSuchExample(99)) { try service.decide(.approve, ids: [id, 99], reviewer: "ana") }
        #expect(try fixture.example(id).status == .pending)
        #expect(throws: ReviewError.self) { try service.decide(.approve, ids: [id], reviewer: "policy:default") }
        #expect(throws: ReviewError.self) { try service.decide(.approve, ids: [id], reviewer: "rules") }
        #expect(throws: ReviewError.emptyLabel) { try service.decide(.relabel("  "), ids: [id], reviewer: "ana") }
        #expect(throws: ReviewError.emptyInput) {
            try service.decide(.edit(input: "", response: nil), ids: [id], reviewer: "ana")
        }
    }

    @Test("the queue ranks by severity, then number of flags; filters by check, severity, training point")
    func queue() throws {
        let fixture = try ReviewFixture()
        let unflagged = try fixture.add("a", label: "A")
        let oneWarning = try fixture.add("b", label: "A")
        let twoWarnings = try fixture.add("c", label: "B")
        let error = try fixture.add("d", label: "B")
        try fixture.flag(oneWarning, check: "shouting-input")
        try fixture.flag(twoWarnings, check: "shouting-input")
        try fixture.flag(twoWarnings, check: "non-answer")
        try fixture.flag(error, check: "pii-card", severity: .error)
        let service = ReviewService(store: fixture.store)
        let page = try service.queue(ExampleFilter(status: .pending))
        #expect(page.entries.map(\.example.id) == [error, twoWarnings, oneWarning, unflagged])
        #expect(page.entries[1].checks == ["non-answer", "shouting-input"])
        #expect(page.entries[1].flagCount == 2)
        #expect(page.entries[0].maxSeverity == .error)
        #expect(page.entries[3].maxSeverity == nil)
        #expect(try service.queue(ExampleFilter(check: "shouting-input", severity: .warning)).total == 2)
        #expect(try service.queue(ExampleFilter(check: "shouting-input", severity: .error)).total == 0)
        #expect(try service.queue(ExampleFilter(trainingPoint: "B")).entries.map(\.example.id) == [error, twoWarnings])
        #expect(try service.queue(ExampleFilter(flagged: false)).entries.map(\.example.id) == [unflagged])
        let paged = try service.queue(ExampleFilter(limit: 2, offset: 2))
        #expect(paged.entries.map(\.example.id) == [oneWarning, unflagged])
        #expect(paged.total == 4)
        #expect(try service.neighbours(of: twoWarnings, in: ExampleFilter()) == (error, oneWarning))
    }

    @Test("an example's detail: its representative with word differences, its copies, the suggested label")
    func detail() throws {
        let fixture = try ReviewFixture()
        let kept = try fixture.add("I was charged twice for order 1234", response: "Refunded", label: "Billing")
        let copy = try fixture.add("I was billed twice for order 1234", response: "Refunded", label: "billing")
        try fixture.duplicate(copy, of: kept, similarity: 0.88, tier: "semantic")
        try fixture.labelIssue(copy, suggested: "Billing", confidence: 0.97)
        let service = ReviewService(store: fixture.store)
        let detail = try service.detail(id: copy)
        let comparison = try #require(detail.duplicates.first)
        #expect(comparison.role == .representative)
        #expect(comparison.other.id == kept)
        #expect(comparison.evidence.similarity == 0.88)
        #expect(comparison.inputDiff.filter { $0.kind == .removed }.map(\.text) == ["charged"])
        #expect(comparison.inputDiff.filter { $0.kind == .inserted }.map(\.text) == ["billed"])
        #expect(detail.suggestion?.label == "Billing")
        #expect(detail.suggestion?.confidence == 0.97)
        let representative = try service.detail(id: kept)
        #expect(representative.duplicates.map(\.other.id) == [copy])
        #expect(representative.duplicates.first?.role == .member)
    }
}
