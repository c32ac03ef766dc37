import Foundation
import GRDB
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
            for example in examples {
                let draft = example.draft
                try insertExample.execute(arguments: [
                    example.contentHash, draft.input, draft.response, draft.label, draft.trainingPoint,
                    draft.ticketID, example.messagesJSON, example.metadataJSON, source.id, draft.locator.encoded, now,
                ])
                if db.changesCount > 0 { outcome.imported += 1 } else { outcome.duplicates += 1 }
            }
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
