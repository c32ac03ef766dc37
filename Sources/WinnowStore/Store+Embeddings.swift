import Foundation
import GRDB
import WinnowCore

/// One text waiting to be embedded.
public struct PendingEmbedding: Sendable, Equatable {
    /// The example.
    public var exampleID: Int64
    /// The text to embed (the reviewer's edited input, else the input).
    public var text: String
    /// sha256 of `text`.
    public var textHash: Data
}

/// All stored embeddings of one model, as one row-major matrix.
public struct EmbeddingMatrix: Sendable {
    /// Example ids, one per row.
    public var exampleIDs: [Int64]
    /// Row-major values, `exampleIDs.count × dimension`.
    public var values: [Float]
    /// Vector length.
    public var dimension: Int

    /// The row of `index`.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * dimension)..<((index + 1) * dimension)]
    }
}

extension Store {
    /// Examples with no embedding for `model`, or whose text changed since it was embedded, in id order.
    public func pendingEmbeddings(model: String) throws -> [PendingEmbedding] {
        if let postgres { return try postgresPendingEmbeddings(postgres, model: model) }
        return try writer.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.id, COALESCE(e.edited_input, e.input) AS text, m.text_hash
                    FROM examples e LEFT JOIN embeddings m ON m.example_id = e.id AND m.model = ?
                    ORDER BY e.id
                    """,
                arguments: [model])
            var pending: [PendingEmbedding] = []
            while let row = try rows.next() {
                let text: String = row["text"]
                let hash = Data(Store.textDigest(text))
                let stored: Data? = row["text_hash"]
                if stored != hash { pending.append(PendingEmbedding(exampleID: row["id"], text: text, textHash: hash)) }
            }
            return pending
        }
    }

    /// The digest stored to detect changed texts.
    public static func textDigest(_ text: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(Array(text.utf8))
        return hasher.finalize().bytes
    }

    /// Stores (or replaces) embeddings in one transaction.
    public func saveEmbeddings(_ items: [(pending: PendingEmbedding, vector: [Float])], model: String) throws {
        if let postgres { return try postgresSaveEmbeddings(postgres, items, model: model) }
        try writer.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO embeddings (example_id, model, text_hash, dimension, vector, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            let now = Date()
            for item in items {
                let blob = item.vector.withUnsafeBytes { Data($0) }
                try statement.execute(arguments: [
                    item.pending.exampleID, model, item.pending.textHash, item.vector.count, blob, now,
                ])
            }
        }
    }

    /// Every stored embedding of `model` (optionally only these examples), in example id order.
    public func embeddings(model: String, exampleIDs: [Int64]? = nil) throws -> EmbeddingMatrix {
        if let postgres { return try postgresEmbeddings(postgres, model: model, exampleIDs: exampleIDs) }
        return try writer.read { db in
            var ids: [Int64] = []
            var values: [Float] = []
            var dimension = 0
            let wanted = exampleIDs.map(Set.init)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT example_id, dimension, vector FROM embeddings WHERE model = ? ORDER BY example_id",
                arguments: [model])
            while let row = try rows.next() {
                let id: Int64 = row[0]
                if let wanted, !wanted.contains(id) { continue }
                let size: Int = row[1]
                if dimension == 0 { dimension = size }
                guard size == dimension else { continue }
                let blob: Data = row[2]
                blob.withUnsafeBytes { raw in
                    values.append(contentsOf: raw.bindMemory(to: Float.self).prefix(size))
                }
                ids.append(id)
            }
            return EmbeddingMatrix(exampleIDs: ids, values: values, dimension: dimension)
        }
    }

    /// The number of stored embeddings of `model`.
    public func embeddingCount(model: String) throws -> Int {
        if let postgres {
            return Int(
                try postgres.scalar(Int64.self, "SELECT COUNT(*) FROM embeddings WHERE model = $1", [.text(model)]) ?? 0
            )
        }
        return try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM embeddings WHERE model = ?", arguments: [model]) ?? 0
        }
    }

    /// Whether several processes share this store's work through claims (a PostgreSQL store). A SQLite file has one
    /// writer at a time, so there one process embeds everything pending.
    public var sharesWork: Bool { postgres != nil }

    /// Queues every text of `model` without a current embedding for the workers; returns how many were queued now.
    public func queueEmbeddings(model: String) throws -> Int {
        try postgresQueueEmbeddings(try sharedLink(), model: model)
    }

    /// Claims up to `limit` queued texts for `worker` for `lease` seconds (`FOR UPDATE SKIP LOCKED`: workers never
    /// wait for each other and never get the same text while its lease holds).
    public func claimEmbeddings(model: String, worker: String, limit: Int, lease: TimeInterval) throws -> ClaimedWork {
        try postgresClaimEmbeddings(try sharedLink(), model: model, worker: worker, limit: limit, lease: lease)
    }

    /// Stores the vectors of claimed texts that `worker` still holds and marks them finished, in one transaction;
    /// returns how many were stored (the rest were taken over by another worker after the lease ran out).
    public func saveClaimedEmbeddings(
        _ items: [(pending: PendingEmbedding, vector: [Float])], model: String, worker: String
    ) throws -> Int {
        try postgresSaveClaimedEmbeddings(try sharedLink(), items, model: model, worker: worker)
    }

    /// Hands back the texts `worker` holds unfinished (a worker that stops early), for others to claim at once.
    public func releaseEmbeddingClaims(model: String, worker: String) throws {
        try releaseWork(task: Store.embeddingTask(model), worker: worker)
    }

    /// How much of `model`'s queue is open, and how much of that is held by workers.
    public func embeddingQueue(model: String) throws -> WorkQueueState {
        try postgresWorkQueue(try sharedLink(), task: Store.embeddingTask(model))
    }

    func sharedLink() throws -> PostgresLink {
        guard let postgres else { throw StoreError.sharedWorkNeedsPostgres }
        return postgres
    }
}
