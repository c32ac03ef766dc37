import Foundation
import GRDB
import Testing
import WinnowCore

@testable import WinnowStore

/// A store with six examples from two sources, some reviewed, one relabelled and one flagged.
///
/// | id | source             | input                    | label    | override | status   |
/// |----|--------------------|--------------------------|----------|----------|----------|
/// | 1  | /data/tickets.jsonl | Get 50% off now          | Billing  |          | pending  |
/// | 2  | /data/tickets.jsonl | 50 dollars off           | Billing  |          | pending  |
/// | 3  | /data/export.csv   | file_name here           | Shipping |          | pending  |
/// | 4  | /data/export.csv   | file-name here           | (none)   |          | pending  |
/// | 5  | /data/export.csv   | Path C:\temp\x           | Shipping | Billing  | approved |
/// | 6  | /data/tickets.jsonl | Ordinary question        | Account  |          | rejected |
private func makeQueryStore(_ kind: TestStore.Kind = .memory) throws -> TestStore {
    let test = try TestStore(kind)
    let tickets = try test.source("/data/tickets.jsonl")
    let export = try test.source("/data/export.csv", format: .csv)
    _ = try test.store.commitBatch(
        source: tickets,
        examples: [
            prepared("Get 50% off now", response: "Sure", label: "Billing", line: 1, trainingPoint: "discounts"),
            prepared("50 dollars off", label: "Billing", line: 2),
        ],
        failures: [], recordsDone: 2)
    _ = try test.store.commitBatch(
        source: export,
        examples: [
            prepared("file_name here", response: "Reply with x' OR '1'='1", label: "Shipping", line: 1),
            prepared("file-name here", line: 2),
            prepared("Path C:\\temp\\x", label: "Shipping", line: 3),
        ],
        failures: [failure(line: 9)], recordsDone: 4)
    _ = try test.store.commitBatch(
        source: tickets, examples: [prepared("Ordinary question", response: "", label: "Account", line: 3)],
        failures: [], recordsDone: 3)
    try test.execute("UPDATE examples SET label_override = 'Billing', status = 'approved' WHERE id = 5")
    try test.execute("UPDATE examples SET status = 'rejected' WHERE id = 6")
    try test.execute(
        """
        INSERT INTO flags (example_id, check_id, severity, message, created_at)
        VALUES (2, 'near-duplicate', 'warning', 'close to 1', CURRENT_TIMESTAMP)
        """)
    return test
}

@Suite("Store: queries")
struct StoreQueryTests {
    /// Ids of the examples `filter` selects, checked against `count`.
    private func ids(_ filter: ExampleFilter, in store: Store) throws -> [Int64] {
        let examples = try store.examples(filter)
        var unlimited = filter
        unlimited.limit = nil
        unlimited.offset = 0
        #expect(try store.count(filter) == store.examples(unlimited).count)
        return examples.map(\.id)
    }

    @Test(
        arguments: TestStore.Kind.allCases,
        [
            (ReviewStatus.pending, [1, 2, 3, 4] as [Int64]), (.approved, [5]), (.rejected, [6]),
        ])
    func filtersByStatus(kind: TestStore.Kind, case: (ReviewStatus, [Int64])) throws {
        let (status, expected) = `case`
        let test = try makeQueryStore(kind)
        #expect(try ids(ExampleFilter(status: status), in: test.store) == expected)
    }

    @Test(
        arguments: TestStore.Kind.allCases,
        [
            ("Billing", [1, 2, 5] as [Int64]), ("Shipping", [3]), ("Account", [6]), ("billing", []),
            ("x' OR '1'='1", []), ("Billing' --", []), ("%", []),
        ])
    func filtersByEffectiveLabel(kind: TestStore.Kind, case: (String, [Int64])) throws {
        let (label, expected) = `case`
        let test = try makeQueryStore(kind)
        #expect(try ids(ExampleFilter(label: label), in: test.store) == expected)
    }

    @Test(
        arguments: TestStore.Kind.allCases,
        [
            ("tickets.jsonl", [1, 2, 6] as [Int64]), ("/data/export.csv", [3, 4, 5]), (".csv", [3, 4, 5]),
            ("data", []), ("%", []), ("_xport.csv", []), ("export.csv' OR '1'='1", []),
        ])
    func filtersBySourceSuffix(kind: TestStore.Kind, case: (String, [Int64])) throws {
        let (source, expected) = `case`
        let test = try makeQueryStore(kind)
        #expect(try ids(ExampleFilter(source: source), in: test.store) == expected)
    }

    @Test(
        arguments: TestStore.Kind.allCases,
        [
            ("50% off", [1] as [Int64]),
            ("GET 50%", [1]),
            ("%", [1]),
            ("file_name", [3]),
            ("_", [3]),
            ("C:\\temp", [5]),
            ("\\", [5]),
            ("x' OR '1'='1", [3]),
            ("' OR 1=1 --", []),
            ("sure", [1]),
            ("off", [1, 2]),
            ("nothing like this", []),
        ])
    func searchesTextLiterally(kind: TestStore.Kind, case: (String, [Int64])) throws {
        let (text, expected) = `case`
        let test = try makeQueryStore(kind)
        #expect(try ids(ExampleFilter(text: text), in: test.store) == expected)
    }

    /// Text and source matches fold the case of ASCII letters only, as SQLite's LIKE does, on every store.
    @Test(arguments: TestStore.Kind.allCases)
    func foldsTheCaseOfASCIILettersOnly(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("/data/Ärger.JSONL")
        _ = try test.store.commitBatch(
            source: source, examples: [prepared("Ärger mit der KARTE", line: 1), prepared("ärger", line: 2)],
            failures: [], recordsDone: 2)
        #expect(try ids(ExampleFilter(text: "karte"), in: test.store) == [1])
        #expect(try ids(ExampleFilter(text: "ärger"), in: test.store) == [2])
        #expect(try ids(ExampleFilter(text: "ÄRGER"), in: test.store) == [1])
        #expect(try ids(ExampleFilter(source: "Ärger.jsonl"), in: test.store) == [1, 2])
        #expect(try ids(ExampleFilter(source: "ärger.jsonl"), in: test.store).isEmpty)
    }

    /// The label audit's findings are the flags whose check id starts with `label-`, exactly, on every store.
    @Test(arguments: TestStore.Kind.allCases)
    func labelFindingsAreTheLabelChecksExactly(kind: TestStore.Kind) throws {
        let test = try makeQueryStore(kind)
        try test.execute(
            """
            INSERT INTO flags (example_id, check_id, severity, message, created_at)
            VALUES (1, 'label-issue', 'warning', 'maybe', CURRENT_TIMESTAMP),
                   (3, 'LABEL-mine', 'warning', 'a rule of the user', CURRENT_TIMESTAMP)
            """)
        let findings = try test.store.labelFindings(limit: 10)
        #expect(findings.byCheck == ["label-issue": 1])
        #expect(findings.total == 1)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func combinesFiltersAndPages(kind: TestStore.Kind) throws {
        let test = try makeQueryStore(kind)
        let store = test.store
        #expect(try ids(ExampleFilter(status: .pending, label: "Billing"), in: store) == [1, 2])
        #expect(try ids(ExampleFilter(label: "Billing", source: "export.csv"), in: store) == [5])
        #expect(try ids(ExampleFilter(check: "near-duplicate"), in: store) == [2])
        #expect(try ids(ExampleFilter(check: "' OR 1=1 --"), in: store) == [])
        #expect(try ids(ExampleFilter(limit: 2), in: store) == [1, 2])
        #expect(try ids(ExampleFilter(limit: 2, offset: 2), in: store) == [3, 4])
        #expect(try ids(ExampleFilter(offset: 4), in: store) == [5, 6])
        #expect(try store.count(ExampleFilter(limit: 1)) == 6)
        #expect(try store.count() == 6)
        // The injection attempts above left the data alone.
        #expect(try store.examples().map(\.input).count == 6)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func exampleByIdAppliesTheOverride(kind: TestStore.Kind) throws {
        let test = try makeQueryStore(kind)
        let example = try test.store.example(id: 5)
        #expect(example.label == "Shipping")
        #expect(example.labelOverride == "Billing")
        #expect(example.effectiveLabel == "Billing")
        #expect(example.effectiveTrainingPoint == "Billing")
        #expect(example.status == .approved)
        #expect(example.sourcePath == "/data/export.csv")
        #expect(example.locator == .line(3))
    }

    @Test(arguments: TestStore.Kind.allCases)
    func missingExampleThrows(kind: TestStore.Kind) throws {
        let test = try makeQueryStore(kind)
        #expect(throws: StoreError.noSuchExample(999)) { try test.store.example(id: 999) }
    }

    @Test(arguments: TestStore.Kind.allCases)
    func statistics(kind: TestStore.Kind) throws {
        let test = try makeQueryStore(kind)
        let statistics = try test.store.statistics()
        #expect(statistics.examples == 6)
        #expect(statistics.byStatus == ["pending": 4, "approved": 1, "rejected": 1])
        #expect(statistics.byLabel.first?.label == "Billing")
        #expect(statistics.byLabel.first?.count == 3)
        #expect(Set(statistics.byLabel.dropFirst().map(\.label)) == ["Shipping", "Account", "(none)"])
        #expect(statistics.byLabel.dropFirst().allSatisfy { $0.count == 1 })
        #expect(statistics.byTrainingPoint.first?.label == "Billing")
        #expect(statistics.byTrainingPoint.first?.count == 2)
        #expect(statistics.byTrainingPoint.contains { $0.label == "discounts" && $0.count == 1 })
        #expect(statistics.withResponse == 2)
        #expect(statistics.quarantined == 1)
        #expect(statistics.flagsByCheck.map(\.label) == ["near-duplicate"])
        #expect(statistics.sources.map(\.info.path) == ["/data/tickets.jsonl", "/data/export.csv"])
        #expect(statistics.sources.map(\.imported) == [3, 3])
        #expect(statistics.sources.map(\.quarantined) == [0, 1])
    }

    @Test(arguments: TestStore.Kind.allCases)
    func emptyStoreStatistics(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let statistics = try test.store.statistics()
        #expect(statistics.examples == 0)
        #expect(statistics.byStatus == ["pending": 0, "approved": 0, "rejected": 0])
        #expect(statistics.byLabel.isEmpty)
        #expect(statistics.sources.isEmpty)
    }
}
