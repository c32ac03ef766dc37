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
                try keys.mergeIfDue(db)
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

    /// Inserts the examples whose content hash is new, in order.
    private func insert(
        _ examples: [PreparedExample], source: SourceInfo, keys: inout ContentKeyState, outcome: inout BatchOutcome,
        _ db: Database
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO examples
                (content_hash, input, response, label, training_point, ticket_id, messages, metadata,
                 source_id, locator, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        // The hot loop binds through SQLite's own API on GRDB's prepared statement, with pointers into each
        // example's packed bytes (SQLITE_STATIC: valid until the statement is reset, which happens before they go).
        var created = Date().databaseValue.storage.value as? String ?? ""
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try created.withUTF8 { createdText in
            for example in examples {
                let digest = example.contentDigest
                if try keys.contains(digest, db) {
                    outcome.duplicates += 1
                    continue
                }
                try example.withColumns { hash, text in
                    sqlite3_reset(handle)
                    sqlite3_bind_blob(handle, 1, hash.baseAddress, Int32(hash.count), sqliteStatic)
                    bindText(handle, 2, text(.input))
                    bindText(handle, 3, text(.response))
                    bindText(handle, 4, text(.label))
                    bindText(handle, 5, text(.trainingPoint))
                    bindText(handle, 6, text(.ticketID))
                    bindText(handle, 7, text(.messages))
                    bindText(handle, 8, text(.metadata))
                    sqlite3_bind_int64(handle, 9, source.id)
                    bindText(handle, 10, text(.locator))
                    bindText(handle, 11, UnsafeRawBufferPointer(createdText))
                    let code = sqlite3_step(handle)
                    sqlite3_reset(handle)
                    guard code == SQLITE_DONE else {
                        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
                    }
                }
                keys.add(digest, id: db.lastInsertedRowID)
                outcome.imported += 1
            }
        }
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
