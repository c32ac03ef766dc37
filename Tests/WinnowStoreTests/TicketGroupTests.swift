import Foundation
import Testing
import WinnowCore

@testable import WinnowStore

/// The examples that share a ticket id with an example added after a point: what an import settles as versions.
@Suite("Ticket groups")
struct TicketGroupTests {
    @Test(arguments: TestStore.Kind.allCases)
    func theGroupsAreTheTicketIdsHeldTwiceWithANewMember(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        #expect(try test.store.lastExampleID() == 0)
        try test.commit(
            [
                prepared("one", line: 1, ticket: "A"), prepared("two", line: 2, ticket: "B"),
                prepared("three", line: 3, ticket: "C"), prepared("no ticket", line: 4),
            ], from: "first.jsonl")
        let before = try test.store.lastExampleID()
        #expect(before == 4)
        // Nothing added since: nothing to settle.
        #expect(try test.store.ticketGroups(touchedAfter: before).groups.isEmpty)
        try test.commit(
            [
                prepared("one again", line: 1, ticket: "A"), prepared("four", line: 2, ticket: "D"),
                prepared("four again", line: 3, ticket: "D"), prepared("three again", line: 4, ticket: "C"),
            ], from: "second.jsonl")
        #expect(try test.store.lastExampleID() == 8)
        // A (1 and 5), C (3 and 8) and D (6 and 7, both new); B was not touched, T-4 is held once.
        #expect(try test.store.ticketGroups(touchedAfter: before).groups == [[1, 5], [3, 8], [6, 7]])
        // From a later point only the groups with a member after it.
        #expect(try test.store.ticketGroups(touchedAfter: 7).groups == [[3, 8]])
        // A ticket id held by more examples than the limit is left out.
        try test.commit(
            [prepared("four once more", line: 1, ticket: "D"), prepared("one once more", line: 2, ticket: "A")],
            from: "third.jsonl")
        let crowded = try test.store.ticketGroups(touchedAfter: 8, atMost: 2)
        #expect(crowded.groups.isEmpty)
        #expect(crowded.crowded == [.init(ticket: "A", examples: 3), .init(ticket: "D", examples: 3)])
        #expect(try test.store.ticketGroups(touchedAfter: 8, atMost: 3).groups == [[1, 5, 10], [6, 7, 9]])
    }

    @Test(arguments: TestStore.Kind.allCases)
    func statisticsCountTheVersionsImportRejectedLast(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        try test.commit(
            [prepared("one", line: 1, ticket: "A"), prepared("one, longer", line: 2, ticket: "A")], from: "a.jsonl")
        #expect(try test.store.firstExampleID(source: 1) == 1)
        #expect(try test.store.hasTicketIDs(through: 2))
        let rejected = ReviewState(status: .rejected)
        _ = try test.store.record(
            [DecisionRequest(exampleID: 1, basedOn: 0, action: "reject", after: rejected, note: "superseded by #2")],
            reviewer: "import")
        #expect(try test.store.statistics().superseded == 1)
        // Approved again by a person, it is no longer counted; nor are examples decided by people alone.
        _ = try test.store.record(
            [DecisionRequest(exampleID: 1, basedOn: 1, action: "approve", after: ReviewState(status: .approved))],
            reviewer: "ann")
        _ = try test.store.record(
            [DecisionRequest(exampleID: 2, basedOn: 0, action: "reject", after: rejected)], reviewer: "ann")
        #expect(try test.store.statistics().superseded == 0)
        #expect(try test.store.examplesDecidedByPeople() == [1, 2])
    }

    @Test(arguments: TestStore.Kind.allCases)
    func storedTicketIDsAreFoundAmongTheGivenOnes(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        #expect(try test.store.storedTicketIDs(among: ["A"]).isEmpty)
        try test.commit(
            [
                prepared("one", line: 1, ticket: "A"), prepared("two", line: 2, ticket: "B"),
                prepared("one again", line: 3, ticket: "A"), prepared("no ticket", line: 4),
            ], from: "first.jsonl")
        #expect(try test.store.storedTicketIDs(among: ["A", "C", "b"]) == ["A"])
        #expect(try test.store.storedTicketIDs(among: ["B", "A"]) == ["A", "B"])
        #expect(try test.store.storedTicketIDs(among: []).isEmpty)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func examplesWithoutTicketsAreNeverGrouped(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let plain = [1, 2].map { PreparedExample(ExampleDraft(input: "one", locator: .line($0))) }
        try test.commit(plain, from: "plain.jsonl")
        #expect(try test.store.ticketGroups(touchedAfter: 0).groups.isEmpty)
    }
}
