import Foundation
import GRDB
import PostgresNIO
import WinnowCore

@testable import WinnowStore

/// A store in a fresh temporary directory (removed when the value goes away), in memory, or in a new database on
/// the PostgreSQL server `make test` starts (`$WINNOW_TEST_POSTGRES`; dropped when the value goes away).
final class TestStore {
    enum Kind: String, CaseIterable, Sendable {
        case memory
        case file
        case postgres

        /// Every backend: PostgreSQL too when a server is given.
        static var allCases: [Kind] { TestStore.postgresServer == nil ? sqlite : sqlite + [.postgres] }
        /// The SQLite backends.
        static let sqlite: [Kind] = [.memory, .file]
    }

    /// The test server's address (a database to connect to for creating others), when there is one.
    static let postgresServer: String? = {
        guard let url = ProcessInfo.processInfo.environment["WINNOW_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }()

    let store: Store
    let directory: URL?
    /// The PostgreSQL database made for this store, and the server's own address.
    private let database: (name: String, server: PostgresAddress)?

    init(_ kind: Kind = .memory) throws {
        switch kind {
        case .memory:
            store = try Store()
            directory = nil
            database = nil
        case .file:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-store-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            self.directory = directory
            store = try Store(path: directory.appendingPathComponent("winnow.db").path)
            database = nil
        case .postgres:
            guard let server = TestStore.postgresServer else {
                throw StoreError.unreachable("$WINNOW_TEST_POSTGRES", "no test server (make test starts one)")
            }
            let address = try PostgresAddress(server)
            let name = "winnow_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            try PostgresLink(address).execute("CREATE DATABASE \(name)")
            var own = address
            own.database = name
            directory = nil
            store = try Store(postgres: own)
            database = (name, address)
        }
    }

    deinit {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        if let database {
            _ = try? PostgresLink(database.server).execute("DROP DATABASE \(database.name) WITH (FORCE)")
        }
    }

    /// Runs `sql` (no arguments; written to work on both SQLite and PostgreSQL) on the store, to set up a state.
    func execute(_ sql: String) throws {
        if let postgres = store.postgres {
            try postgres.execute(sql)
        } else {
            try store.writer.write { db in try db.execute(sql: sql) }
        }
    }

    /// The first column of `sql`'s rows as text (no arguments; written for both SQLite and PostgreSQL).
    func texts(_ sql: String) throws -> [String] {
        if let postgres = store.postgres { return try postgres.query(sql).map { try $0[0].decode(String.self) } }
        return try store.writer.read { db in try String.fetchAll(db, sql: sql) }
    }

    /// Registers a source with a sha256 made from `path`.
    func source(_ path: String, format: SourceFormat = .jsonl) throws -> SourceInfo {
        try store.registerSource(path: path, sha256: SHA256.hex(path), format: format, size: 100)
    }

    /// Commits `examples` as every record of a new source named `path`.
    func commit(_ examples: [PreparedExample], from path: String) throws {
        _ = try store.commitBatch(
            source: try source(path), examples: examples, failures: [], recordsDone: examples.count)
    }
}

/// A prepared example for `input` at JSONL line `line`, with ticket id `ticket` (by default `T-` and the line).
func prepared(
    _ input: String, response: String? = nil, label: String? = nil, line: Int = 1, ticket: String? = nil,
    trainingPoint: String? = nil, messages: [Message] = [], metadata: JSONObject = JSONObject()
) -> PreparedExample {
    PreparedExample(
        ExampleDraft(
            input: input, response: response, label: label, trainingPoint: trainingPoint,
            ticketID: ticket ?? "T-\(line)",
            messages: messages, metadata: metadata, locator: .line(line)))
}

/// A quarantined JSONL line.
func failure(line: Int?, kind: RecordFailure.Kind = .invalidJSON, column: Int? = nil) -> RecordFailure {
    RecordFailure(
        kind: kind, file: "in.jsonl", locator: line.map { Locator.line($0) }, column: column, message: "bad line",
        snippet: "{oops")
}
