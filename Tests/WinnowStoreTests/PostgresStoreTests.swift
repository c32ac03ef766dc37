import Foundation
import GRDB
import Testing
import WinnowCore

@testable import WinnowStore

@Suite("Store on PostgreSQL", .enabled(if: TestStore.postgresServer != nil, "make test starts a PostgreSQL server"))
struct PostgresStoreTests {
    @Test func theSameMigrationsInTheSameOrderAsOnSQLite() throws {
        let test = try TestStore(.postgres)
        let link = try #require(test.store.postgres)
        let expected = Store.migrator.migrations
        #expect(try PostgresSchema.applied(link) == expected)
        #expect(PostgresSchema.migrations.map(\.name) == expected)
        #expect(test.store.isNew)
        // Opening again migrates nothing and finds the store.
        let again = try Store(postgres: link.address)
        #expect(!again.isNew)
        #expect(try PostgresSchema.applied(again.postgres!) == expected)
    }

    @Test func textsSurviveCopyExactly() throws {
        let test = try TestStore(.postgres)
        let source = try test.source("odd.jsonl")
        let texts = [
            "tab\there", "line\nbreak", "carriage\r\nreturn", #"back\slash \N and \\N"#, "quote ' and \"double\"",
            "ünïcödé — 日本語 🙂", "", "trailing backslash \\",
        ]
        let examples = texts.enumerated().map { index, text in
            prepared(
                "input " + text, response: text, label: text.isEmpty ? nil : "L\t\(index)", line: index + 1,
                metadata: JSONObject([(key: "note", value: .string(text))]))
        }
        let outcome = try test.store.commitBatch(
            source: source, examples: examples, failures: [], recordsDone: texts.count)
        #expect(outcome.imported == texts.count)
        let stored = try test.store.examples()
        #expect(stored.map(\.input) == texts.map { "input " + $0 })
        #expect(stored.map(\.response) == texts.map { Optional($0) })
        #expect(stored.map(\.metadata["note"]) == texts.map { JSONValue.string($0) })
        #expect(stored.map(\.contentHash) == examples.map { Hex.encode($0.hashBytes) })
    }

    @Test func aNULCharacterIsQuarantinedNotLost() throws {
        let test = try TestStore(.postgres)
        let source = try test.source("nul.jsonl")
        let outcome = try test.store.commitBatch(
            source: source,
            examples: [prepared("fine", line: 1), prepared("bad\u{0}byte", line: 2), prepared("also fine", line: 3)],
            failures: [], recordsDone: 3)
        #expect(outcome.imported == 2)
        #expect(outcome.quarantined == 1)
        let record = try #require(try test.store.quarantine().first)
        #expect(record.locator == .line(2))
        #expect(record.message.contains("NUL character"))
        #expect(record.snippet == "bad\\0byte")
        #expect(try test.store.examples().map(\.input) == ["fine", "also fine"])
    }

    @Test func flagsAndRuleRejections() throws {
        let test = try TestStore(.postgres)
        let source = try test.source("f.jsonl")
        _ = try test.store.commitBatch(
            source: source, examples: [prepared("one", line: 1), prepared("two", line: 2), prepared("three", line: 3)],
            failures: [], recordsDone: 3)
        let spanned = Flag(
            exampleID: 1, check: "a", severity: .warning, field: "input", message: "tab\there",
            span: TextSpan(start: 0, end: 3), evidence: JSONObject([(key: "cluster", value: .number(2))]))
        try test.store.replaceFlags(
            ofChecks: ["a"], with: [spanned, Flag(exampleID: 2, check: "a", severity: .warning, message: "x")],
            runID: nil)
        let stored = try test.store.flags(check: "a")
        #expect(stored.count == 2)
        #expect(stored.first?.span == TextSpan(start: 0, end: 3))
        #expect(stored.first?.message == "tab\there")
        #expect(stored.first?.field == "input")
        #expect(try test.store.flags(checks: ["a"], evidence: "cluster", equals: 2).map(\.exampleID) == [1])
        try test.store.replaceFlags(ofChecks: ["a"], onExamples: [1], with: [], runID: nil)
        #expect(try test.store.flags(check: "a").map(\.exampleID) == [2])
        #expect(try test.store.flagCounts().map(\.check) == ["a"])
        #expect(try test.store.applyRuleRejections([(1, "r"), (1, "r"), (2, "r")]) == 2)
        let example = try test.store.example(id: 1)
        #expect(example.status == .rejected)
        #expect(example.version == 1)
        let history = try test.store.decisions(exampleID: 1)
        #expect(history.map(\.reviewer) == ["rules"])
        #expect(history.first?.note == "rule r")
        #expect(history.first?.basedOn == 0)
        #expect(history.first?.version == 1)
    }

    @Test func theSQLiteConnectionIsRefusedOnPostgres() throws {
        // Every store operation has its PostgreSQL form; SQLite-only code (the WAL checkpointer, GRDB access in
        // tests) cannot run against nothing.
        let test = try TestStore(.postgres)
        #expect(throws: StoreError.notOnPostgres) { try test.store.writer }
        #expect(StoreError.notOnPostgres.description.contains("PostgreSQL"))
    }

    @Test func reviewersOnTwoConnectionsGetOneDecisionEachAndTheSameRefusal() throws {
        let test = try TestStore(.postgres)
        let source = try test.source("r.jsonl")
        _ = try test.store.commitBatch(
            source: source, examples: (1...40).map { prepared("text \($0)", line: $0) }, failures: [], recordsDone: 40)
        let other = try Store(postgres: try #require(test.store.postgres).address)
        let stores = [test.store, other]
        let outcomes = Gathered<[DecisionOutcome]>()
        // Both decide every example at version 0, in opposite orders (row locks are taken in id order: no
        // deadlock), one approving and one rejecting.
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let ids = index == 0 ? Array(1...40) : Array((1...40).reversed())
            let requests = ids.map { id in
                DecisionRequest(
                    exampleID: Int64(id), basedOn: 0, action: index == 0 ? "approve" : "reject",
                    after: ReviewState(status: index == 0 ? .approved : .rejected))
            }
            outcomes.add(Result { try stores[index].record(requests, reviewer: index == 0 ? "ada" : "bob") })
        }
        let all = try outcomes.all.flatMap { try $0.get() }
        let applied = all.filter { if case .applied = $0 { return true } else { return false } }
        let stale = all.compactMap { if case .stale(let refusal) = $0 { return refusal } else { return nil } }
        #expect(applied.count == 40)
        #expect(stale.count == 40)
        #expect(stale.allSatisfy { $0.basedOn == 0 && $0.currentVersion == 1 && $0.latest != nil })
        for id in Int64(1)...40 {
            let history = try test.store.decisions(exampleID: id)
            #expect(history.count == 1)
            #expect(try test.store.example(id: id).version == 1)
            #expect(history.first?.version == 1)
        }
        #expect(try test.store.lastDecisionID() == 40)
        #expect(try test.store.decisionCounts().map(\.count).reduce(0, +) == 40)
    }

    @Test func twoConnectionsImportIntoOneDatabase() throws {
        let test = try TestStore(.postgres)
        let other = try Store(postgres: try #require(test.store.postgres).address)
        let first = try test.store.registerSource(path: "a.csv", sha256: "a", format: .csv, size: 1)
        let second = try other.registerSource(path: "b.csv", sha256: "b", format: .csv, size: 1)
        let batches = [(test.store, first), (other, second)]
        let outcomes = Gathered<BatchOutcome>()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let (store, source) = batches[index]
            let examples = (1...200).map { prepared("same text \($0)", line: $0, ticket: "\(source.path)-\($0)") }
            outcomes.add(
                Result { try store.commitBatch(source: source, examples: examples, failures: [], recordsDone: 200) })
        }
        let results = try outcomes.all.map { try $0.get() }
        #expect(results.map(\.imported) == [200, 200])
        // Whichever committed second saw the other's texts.
        #expect(results.map(\.equalText).sorted() == [0, 200])
        #expect(try test.store.count() == 400)
        #expect(Set(try other.exampleIDs()).count == 400)
    }

    @Test func pipelinedBatchesCommitInOrderAndAFailedOneIsReportedAndUndone() throws {
        let test = try TestStore(.postgres)
        let link = try #require(test.store.postgres)
        let source = try test.source("p.jsonl")
        func progress() throws -> Int64? {
            try link.scalar(Int64.self, "SELECT records_done FROM sources WHERE id = $1", [.integer(source.id)])
        }
        // Two batches on their way at once: the second sees the first's texts.
        let first = try test.store.commitBatch(
            source: source, examples: (1...300).map { prepared("text \($0)", line: $0) }, failures: [],
            recordsDone: 300, pipelined: true)
        let second = try test.store.commitBatch(
            source: source, examples: (301...400).map { prepared("text \($0 - 300)", line: $0, ticket: "U-\($0)") },
            failures: [], recordsDone: 400, pipelined: true)
        try test.store.settleBatches()
        #expect(first.imported == 300)
        #expect(second.equalText == 100)
        #expect(try test.store.exampleIDs() == Array(1...400))
        #expect(try progress() == 400)
        // A batch the server refuses (a constraint that no input is "boom") is reported when it is settled and
        // leaves nothing behind: not its rows, not its progress, not its ids.
        try link.execute("ALTER TABLE examples ADD CONSTRAINT no_boom CHECK (input <> 'boom')")
        _ = try test.store.commitBatch(
            source: source, examples: [prepared("fine", line: 401), prepared("boom", line: 402)], failures: [],
            recordsDone: 402, pipelined: true)
        let error = #expect(throws: StoreError.self) { try test.store.settleBatches() }
        #expect("\(String(describing: error))".contains("no_boom"))
        #expect(try test.store.count() == 400)
        #expect(try progress() == 400)
        try link.execute("ALTER TABLE examples DROP CONSTRAINT no_boom")
        let again = try test.store.commitBatch(
            source: source, examples: [prepared("fine", line: 401), prepared("text 1", line: 402, ticket: "V")],
            failures: [], recordsDone: 402, pipelined: true)
        try test.store.settleBatches()
        #expect(again.imported == 2)
        #expect(again.equalText == 1)
        #expect(try test.store.exampleIDs() == Array(1...402))
    }
}

@Suite("PostgreSQL addresses")
struct PostgresAddressTests {
    @Test func parsesAndHidesThePassword() throws {
        let address = try PostgresAddress("postgresql://ada:s%40cret@db.example:6543/support")
        #expect(address.host == "db.example")
        #expect(address.port == 6543)
        #expect(address.user == "ada")
        #expect(address.password == "s@cret")
        #expect(address.database == "support")
        #expect(address.description == "postgresql://ada@db.example:6543/support")
        #expect(try PostgresAddress("postgres://h/d").port == 5432)
        #expect(PostgresAddress.isAddress("postgresql://h/d"))
        #expect(!PostgresAddress.isAddress("winnow.db"))
    }

    @Test func aBadAddressSaysWhatIsMissingWithoutThePassword() {
        #expect(throws: StoreError.badAddress("postgresql://ada:***@host", "no database name after the host")) {
            try PostgresAddress("postgresql://ada:secret@host")
        }
        #expect(throws: StoreError.badAddress("postgresql:///db", "no host")) {
            try PostgresAddress("postgresql:///db")
        }
    }

    @Test func anUnreachableServerIsNamed() throws {
        // A port nothing listens on: bind one, then let it go.
        let error = #expect(throws: StoreError.self) {
            try Store(postgres: PostgresAddress("postgresql://ada:secret@127.0.0.1:1/none"))
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.hasPrefix("cannot connect to postgresql://ada@127.0.0.1:1/none"))
        #expect(!text.contains("secret"))
    }
}

/// Results gathered from concurrent work.
private final class Gathered<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Value, any Error>] = []
    func add(_ result: Result<Value, any Error>) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }
    var all: [Result<Value, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
