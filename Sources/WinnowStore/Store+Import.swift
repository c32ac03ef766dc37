import Foundation
import GRDB
import GRDBSQLite
import WinnowCore

/// A source file as the store knows it.
public struct SourceInfo: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Path as given at import.
    public var path: String
    /// sha256 of the file's bytes: the source's identity.
    public var sha256: String
    /// `jsonl`, `csv` or `html`.
    public var format: String
    /// Size in bytes.
    public var size: Int64
    /// Whether the last import pass over it finished.
    public var isComplete: Bool
    /// Records (imported, duplicate or quarantined) committed so far, in file order.
    public var recordsDone: Int
}

/// What one committed batch did.
public struct BatchOutcome: Sendable, Equatable {
    /// New examples.
    public var imported = 0
    /// Records whose content hash was already in the store.
    public var duplicates = 0
    /// New quarantined records (a record quarantined by an earlier pass is not counted again).
    public var quarantined = 0

    /// A zero outcome.
    public init() {}
}

extension Store {
    /// Finds the source with this content hash, or registers it. A known source keeps its progress.
    public func registerSource(path: String, sha256: String, format: String, size: Int64) throws -> SourceInfo {
        try writer.write { db in
            let now = Date()
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM sources WHERE sha256 = ?", arguments: [sha256]) {
                let complete = (row["status"] as String) == "complete"
                if complete {
                    try db.execute(
                        sql: "UPDATE sources SET status = 'importing', records_done = 0, updated_at = ? WHERE id = ?",
                        arguments: [now, row["id"] as Int64])
                }
                return SourceInfo(
                    id: row["id"], path: row["path"], sha256: sha256, format: row["format"], size: row["size"],
                    isComplete: complete, recordsDone: complete ? 0 : row["records_done"])
            }
            try db.execute(
                sql: """
                    INSERT INTO sources (path, sha256, format, size, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'importing', ?, ?)
                    """,
                arguments: [path, sha256, format, size, now, now])
            return SourceInfo(
                id: db.lastInsertedRowID, path: path, sha256: sha256, format: format, size: size, isComplete: false,
                recordsDone: 0)
        }
    }

    /// Writes one batch in one transaction: examples (a content hash already stored, or met earlier in the batch, is
    /// skipped as a duplicate), quarantined records, and the source's progress. A crash between batches leaves every
    /// committed batch whole and the rest absent.
    public func commitBatch(
        source: SourceInfo, examples: [PreparedExample], failures: [ImportError], recordsDone: Int
    ) throws -> BatchOutcome {
        do {
            return try writer.write { db in
                var keys = try contentKeys.take(db)
                var outcome = BatchOutcome()
                try insert(examples, source: source, keys: &keys, outcome: &outcome, db)
                try keys.mergeIfDue(db, threshold: contentKeys.mergeThreshold)
                try quarantine(failures, source: source, outcome: &outcome, db)
                try db.execute(
                    sql: "UPDATE sources SET records_done = ?, updated_at = ? WHERE id = ?",
                    arguments: [recordsDone, Date(), source.id])
                contentKeys.keep(keys)
                return outcome
            }
        } catch {
            // The transaction rolled back: what the index learnt in it is wrong now.
            writer.writeWithoutTransaction { _ in contentKeys.reset() }
            throw error
        }
    }

    /// Inserts the examples whose content hash is new, in order, 16 to an INSERT statement (a statement's own
    /// cost, including the autoincrement counter's update, is a third of a one-row insert).
    private func insert(
        _ examples: [PreparedExample], source: SourceInfo, keys: inout ContentKeyState, outcome: inout BatchOutcome,
        _ db: Database
    ) throws {
        var inserter = try RowInserter(db, source: source)
        defer { inserter.finish() }
        // Ask the filter about every example first, so that the lookups' cache misses overlap instead of waiting in
        // turn. The loop asks again for the others (a key this batch added is not in `inFilter`), finding the words
        // in the cache by then.
        let inFilter = examples.map { keys.filter.mayContain($0.contentDigest.key) }
        var group = InsertGroup()
        for (index, example) in examples.enumerated() {
            let digest = example.contentDigest
            let mayBeStored = inFilter[index] || keys.filter.mayContain(digest.key)
            let isKnown = try group.digests.contains(digest) || (mayBeStored && keys.contains(digest, db))
            if isKnown {
                outcome.duplicates += 1
                continue
            }
            outcome.imported += 1
            group.append(example, digest: digest)
            if group.digests.count == InsertGroup.rowsPerStatement {
                try inserter.insert(group, keys: &keys, db)
                group.removeAll()
            }
        }
        // The last few one by one.
        for index in group.digests.indices { try inserter.insert(group.row(index), keys: &keys, db) }
    }

    /// Stores quarantined records; a locator quarantined by an earlier pass is not stored or counted again.
    private func quarantine(
        _ failures: [ImportError], source: SourceInfo, outcome: inout BatchOutcome, _ db: Database
    ) throws {
        guard !failures.isEmpty else { return }
        let insertError = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO import_errors (source_id, locator, kind, message, snippet, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        let now = Date()
        for failure in failures {
            let locator = failure.locator?.encoded ?? "file"
            try insertError.execute(arguments: [
                source.id, locator, failure.kind.rawValue, failure.messageWithColumn, failure.snippet, now,
            ])
            if db.changesCount > 0 { outcome.quarantined += 1 }
        }
    }

    /// Marks the source's import pass finished and records file-level notes (such as an encoding conversion).
    public func completeSource(_ source: SourceInfo, notes: [String]) throws {
        try writer.write { db in
            try db.execute(
                sql: """
                    UPDATE sources SET status = 'complete', records_read = records_done, notes = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [JSONValue.array(notes.map(JSONValue.string)).serialized, Date(), source.id])
        }
    }
}

extension ImportError {
    /// The message with the column folded in, as quarantine stores it.
    public var messageWithColumn: String {
        guard let column else { return message }
        return "column \(column): \(message)"
    }
}

/// The batch's INSERT statements (16 rows and 1 row), bound through SQLite's API with pointers into the rows'
/// packed bytes (SQLITE_STATIC: valid while the statement runs, which is all SQLite needs them for).
private struct RowInserter {
    static let columns = """
        INSERT INTO examples
        (content_hash, input, response, label, training_point, ticket_id, messages, metadata, source_id, locator,
         created_at)
        VALUES
        """
    static let oneRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let manyRowsSQL =
        columns + " " + Array(repeating: oneRow, count: InsertGroup.rowsPerStatement).joined(separator: ", ")
    static let oneRowSQL = columns + " " + oneRow

    /// The statements (kept, so that their SQLite handles stay valid) and their handles.
    private let statements: [Statement]
    private let many: OpaquePointer
    private let one: OpaquePointer
    private let sourceID: Int64
    /// The batch's creation time, as GRDB stores dates.
    private var created: String

    init(_ db: Database, source: SourceInfo) throws {
        statements = [
            try db.cachedStatement(sql: RowInserter.manyRowsSQL), try db.cachedStatement(sql: RowInserter.oneRowSQL),
        ]
        many = statements[0].sqliteStatement
        one = statements[1].sqliteStatement
        sourceID = source.id
        created = Date().databaseValue.storage.value as? String ?? ""
    }

    /// Inserts `group`'s rows with one statement, and records their ids.
    mutating func insert(_ group: InsertGroup, keys: inout ContentKeyState, _ db: Database) throws {
        let rows = group.digests.count
        precondition(rows == 1 || rows == InsertGroup.rowsPerStatement, "a group is full or one row")
        let handle = rows == 1 ? one : many
        let sourceID = sourceID
        try created.withUTF8 { createdText in
            try group.bytes.withUnsafeBytes { raw in
                sqlite3_reset(handle)
                for row in 0..<rows {
                    let columns = PackedColumns(raw: UnsafeRawBufferPointer(rebasing: raw[group.range(of: row)]))
                    let first = Int32(row * 11)
                    let hash = columns.hash
                    sqlite3_bind_blob(handle, first + 1, hash.baseAddress, Int32(hash.count), sqliteStatic)
                    bindText(handle, first + 2, columns.text(.input))
                    bindText(handle, first + 3, columns.text(.response))
                    bindText(handle, first + 4, columns.text(.label))
                    bindText(handle, first + 5, columns.text(.trainingPoint))
                    bindText(handle, first + 6, columns.text(.ticketID))
                    bindText(handle, first + 7, columns.text(.messages))
                    bindText(handle, first + 8, columns.text(.metadata))
                    sqlite3_bind_int64(handle, first + 9, sourceID)
                    bindText(handle, first + 10, columns.text(.locator))
                    bindText(handle, first + 11, UnsafeRawBufferPointer(createdText))
                }
                let code = sqlite3_step(handle)
                sqlite3_reset(handle)
                guard code == SQLITE_DONE else {
                    let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
                }
            }
        }
        // One statement's rows take consecutive ids, the last one's is the connection's last inserted id.
        let firstID = db.lastInsertedRowID - Int64(rows) + 1
        for (offset, digest) in group.digests.enumerated() { keys.add(digest, id: firstID + Int64(offset)) }
    }

    /// Unbinds the pointers, which are about to go (the statements stay in GRDB's cache).
    func finish() {
        sqlite3_clear_bindings(many)
        sqlite3_clear_bindings(one)
    }
}

/// Examples waiting to be inserted by one statement: their packed bytes one after another, and their hashes.
private struct InsertGroup {
    static let rowsPerStatement = 16

    private(set) var bytes: [UInt8] = []
    private(set) var digests: [ContentDigest] = []
    private var starts: [Int] = []

    init() {
        bytes.reserveCapacity(InsertGroup.rowsPerStatement * 1024)
        digests.reserveCapacity(InsertGroup.rowsPerStatement)
        starts.reserveCapacity(InsertGroup.rowsPerStatement)
    }

    mutating func append(_ example: PreparedExample, digest: ContentDigest) {
        starts.append(bytes.count)
        bytes.append(contentsOf: example.storage)
        digests.append(digest)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        digests.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }

    /// Where row `index`'s packed bytes are in `bytes`.
    func range(of index: Int) -> Range<Int> {
        starts[index]..<(index + 1 < starts.count ? starts[index + 1] : bytes.count)
    }

    /// Row `index` alone, as a group of one.
    func row(_ index: Int) -> InsertGroup {
        var single = InsertGroup()
        single.starts = [0]
        single.bytes = Array(bytes[range(of: index)])
        single.digests = [digests[index]]
        return single
    }
}

/// SQLite uses bound values where they are, until the statement is reset.
private let sqliteStatic: sqlite3_destructor_type? = nil

/// Binds `bytes` as UTF-8 text (or NULL when nil) to parameter `index` of `statement`, without copying them.
private func bindText(_ statement: OpaquePointer?, _ index: Int32, _ bytes: UnsafeRawBufferPointer?) {
    guard let bytes else {
        sqlite3_bind_null(statement, index)
        return
    }
    // An empty text needs a non-null pointer, or SQLite binds NULL.
    let base = bytes.baseAddress ?? UnsafeRawPointer(StaticString("").utf8Start)
    sqlite3_bind_text(statement, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), sqliteStatic)
}
