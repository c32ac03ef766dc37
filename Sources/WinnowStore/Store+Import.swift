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

/// One example ready to insert: the draft plus what was computed off the writer (hash, JSON texts).
public struct PreparedExample: Sendable {
    /// The record.
    public var draft: ExampleDraft
    /// ``ExampleDraft/contentHash`` as 32 raw bytes.
    public var contentHash: Data
    /// Serialised `messages`.
    public var messagesJSON: String
    /// Serialised `metadata`.
    public var metadataJSON: String

    /// Computes hash and JSON texts for `draft`.
    public init(_ draft: ExampleDraft) {
        self.draft = draft
        contentHash = Data(ContentHash.digest(input: draft.input, response: draft.response, label: draft.label).bytes)
        messagesJSON = JSONValue.array(draft.messages.map(\.json)).serialized
        metadataJSON = JSONValue.object(draft.metadata).serialized
    }
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

    /// Writes one batch in one transaction: examples (a known content hash is skipped), quarantined records, and
    /// the source's progress. A crash between batches leaves every committed batch whole and the rest absent.
    public func commitBatch(
        source: SourceInfo, examples: [PreparedExample], failures: [ImportError], recordsDone: Int
    ) throws -> BatchOutcome {
        try writer.write { db in
            var outcome = BatchOutcome()
            let now = Date()
            let insertExample = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO examples
                    (content_hash, input, response, label, training_point, ticket_id, messages, metadata,
                     source_id, locator, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            // The hot loop binds through SQLite's own API on GRDB's prepared statement: no per-row argument
            // arrays or C-string copies (a million-row import spends its time in SQLite, not in binding).
            let created = now.databaseValue.storage.value as? String ?? ""
            let handle = insertExample.sqliteStatement
            for example in examples {
                let draft = example.draft
                sqlite3_reset(handle)
                example.contentHash.withUnsafeBytes { bytes in
                    _ = sqlite3_bind_blob(handle, 1, bytes.baseAddress, Int32(bytes.count), sqliteTransient)
                }
                bindText(handle, 2, draft.input)
                bindText(handle, 3, draft.response)
                bindText(handle, 4, draft.label)
                bindText(handle, 5, draft.trainingPoint)
                bindText(handle, 6, draft.ticketID)
                bindText(handle, 7, example.messagesJSON)
                bindText(handle, 8, example.metadataJSON)
                sqlite3_bind_int64(handle, 9, source.id)
                bindText(handle, 10, draft.locator.encoded)
                bindText(handle, 11, created)
                let code = sqlite3_step(handle)
                guard code == SQLITE_DONE else {
                    let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                    sqlite3_reset(handle)
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
                }
                if sqlite3_changes(db.sqliteConnection) > 0 { outcome.imported += 1 } else { outcome.duplicates += 1 }
            }
            sqlite3_reset(handle)
            let insertError = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO import_errors (source_id, locator, kind, message, snippet, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for failure in failures {
                let locator = failure.locator?.encoded ?? "file"
                try insertError.execute(arguments: [
                    source.id, locator, failure.kind.rawValue, failure.messageWithColumn, failure.snippet, now,
                ])
                if db.changesCount > 0 { outcome.quarantined += 1 }
            }
            try db.execute(
                sql: "UPDATE sources SET records_done = ?, updated_at = ? WHERE id = ?",
                arguments: [recordsDone, now, source.id])
            return outcome
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

/// SQLite copies bound values before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Binds `text` (or NULL) to parameter `index` of `statement` without an intermediate C string.
private func bindText(_ statement: OpaquePointer?, _ index: Int32, _ text: String?) {
    guard var text else {
        sqlite3_bind_null(statement, index)
        return
    }
    text.withUTF8 { bytes in
        _ = sqlite3_bind_text(
            statement, index,
            UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1))?
                .assumingMemoryBound(to: CChar.self), Int32(bytes.count), sqliteTransient)
    }
}
