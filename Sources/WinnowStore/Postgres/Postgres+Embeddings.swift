import Foundation
import PostgresNIO
import WinnowCore

/// A batch of texts one worker claimed.
public struct ClaimedWork: Sendable, Equatable {
    /// The texts to work on, in example order.
    public var items: [PendingEmbedding]
    /// How many of them were taken over from a worker whose lease ran out.
    public var reclaimed: Int
}

/// The state of a task's shared queue.
public struct WorkQueueState: Sendable, Equatable {
    /// Queued texts not finished yet (claimed or not).
    public var open: Int
    /// Of those, the ones a worker holds now.
    public var held: Int
    /// When the first held lease ends.
    public var nextExpiry: Date?
}

/// Embeddings on PostgreSQL, and the queue through which several workers share the embedding of one database:
/// texts are queued once (with the hash of the text), claimed in batches with `FOR UPDATE SKIP LOCKED` for a lease,
/// and finished in the same transaction that stores their vectors, so no text is embedded twice and the batch of a
/// worker that died is taken over once its lease ends.
extension Store {
    /// The queue's name for `model`'s embeddings.
    static func embeddingTask(_ model: String) -> String { "embed " + model }

    /// The SQL digest equal to ``Store/textDigest(_:)`` of an example's current text.
    private static let currentTextDigest = "sha256(convert_to(COALESCE(e.edited_input, e.input), 'UTF8'))"

    func postgresPendingEmbeddings(_ link: PostgresLink, model: String) throws -> [PendingEmbedding] {
        try link.query(
            """
            SELECT e.id, COALESCE(e.edited_input, e.input) FROM examples e
            LEFT JOIN embeddings m ON m.example_id = e.id AND m.model = $1
            WHERE m.text_hash IS DISTINCT FROM \(Store.currentTextDigest)
            ORDER BY e.id
            """, [.text(model)]
        ).map { row in
            let text = try row[1].decode(String.self)
            return PendingEmbedding(
                exampleID: try row[0].decode(Int64.self), text: text, textHash: Data(Store.textDigest(text)))
        }
    }

    func postgresSaveEmbeddings(
        _ link: PostgresLink, _ items: [(pending: PendingEmbedding, vector: [Float])], model: String
    )
        throws
    {
        guard let dimension = items.first?.vector.count else { return }
        try link.execute(
            """
            INSERT INTO embeddings (example_id, model, text_hash, dimension, vector, created_at)
            SELECT v.id, $4, v.hash, $5, v.vector, now() FROM unnest($1::int8[], $2::bytea[], $3::bytea[]) AS v(id, hash, vector)
            ON CONFLICT (example_id, model) DO UPDATE SET text_hash = EXCLUDED.text_hash,
              dimension = EXCLUDED.dimension, vector = EXCLUDED.vector, created_at = EXCLUDED.created_at
            """,
            [
                .integers(items.map(\.pending.exampleID)), .blobs(items.map { [UInt8]($0.pending.textHash) }),
                .blobs(items.map { Store.vectorBytes($0.vector) }), .text(model), .integer(Int64(dimension)),
            ])
    }

    func postgresEmbeddings(_ link: PostgresLink, model: String, exampleIDs: [Int64]?) throws -> EmbeddingMatrix {
        var sql = "SELECT example_id, dimension, vector FROM embeddings WHERE model = $1"
        var values: [SQLValue] = [.text(model)]
        if let exampleIDs {
            sql += " AND example_id = ANY($2::int8[])"
            values.append(.integers(exampleIDs))
        }
        var ids: [Int64] = []
        var floats: [Float] = []
        var dimension = 0
        for row in try link.query(sql + " ORDER BY example_id", values) {
            let size = Int(try row[1].decode(Int64.self))
            if dimension == 0 { dimension = size }
            guard size == dimension else { continue }
            let blob = try row[2].decode(ByteBuffer.self)
            blob.withUnsafeReadableBytes { raw in
                floats.append(contentsOf: raw.loadUnalignedFloats(count: size))
            }
            ids.append(try row[0].decode(Int64.self))
        }
        return EmbeddingMatrix(exampleIDs: ids, values: floats, dimension: dimension)
    }

    /// A vector's bytes as stored (little-endian floats, as on SQLite).
    static func vectorBytes(_ vector: [Float]) -> [UInt8] {
        vector.withUnsafeBytes { Array($0) }
    }

    // MARK: The shared queue

    func postgresQueueEmbeddings(_ link: PostgresLink, model: String) throws -> Int {
        let task = Store.embeddingTask(model)
        return try link.transaction {
            // One queuer per task at a time: the others wait, then find the texts already queued.
            try link.execute("SELECT pg_advisory_xact_lock(7072699, hashtext($1))", [.text(task)])
            // A text is (re)queued when it has no current vector and is not queued with the same hash already: a
            // finished row with the same hash means another worker stored it since this statement began.
            return try link.execute(
                """
                INSERT INTO work_claims (task, example_id, text_hash)
                SELECT $1, e.id, d.hash FROM examples e
                CROSS JOIN LATERAL (SELECT \(Store.currentTextDigest) AS hash) d
                LEFT JOIN embeddings m ON m.example_id = e.id AND m.model = $2
                WHERE m.text_hash IS DISTINCT FROM d.hash
                ON CONFLICT (task, example_id) DO UPDATE SET text_hash = EXCLUDED.text_hash, worker = NULL,
                  claimed_at = NULL, lease_until = NULL, finished_at = NULL, attempts = 0
                WHERE work_claims.text_hash <> EXCLUDED.text_hash
                """, [.text(task), .text(model)])
        }
    }

    func postgresClaimEmbeddings(
        _ link: PostgresLink, model: String, worker: String, limit: Int, lease: TimeInterval
    ) throws -> ClaimedWork {
        let claim = try postgresClaimWork(
            link, task: Store.embeddingTask(model), worker: worker, limit: limit, lease: lease)
        guard !claim.ids.isEmpty else { return ClaimedWork(items: [], reclaimed: 0) }
        let items = try link.query(
            "SELECT id, COALESCE(edited_input, input) FROM examples WHERE id = ANY($1::int8[]) ORDER BY id",
            [.integers(claim.ids)]
        ).map { row in
            let text = try row[1].decode(String.self)
            return PendingEmbedding(
                exampleID: try row[0].decode(Int64.self), text: text, textHash: Data(Store.textDigest(text)))
        }
        return ClaimedWork(items: items, reclaimed: claim.reclaimed)
    }

    func postgresSaveClaimedEmbeddings(
        _ link: PostgresLink, _ items: [(pending: PendingEmbedding, vector: [Float])], model: String, worker: String
    ) throws -> Int {
        guard let dimension = items.first?.vector.count else { return 0 }
        // Only the rows this worker still holds are finished and stored: a batch whose lease ran out and which
        // another worker took over is left to that worker.
        return try link.execute(
            """
            WITH held AS (
              UPDATE work_claims c SET finished_at = now(), text_hash = h.hash
              FROM unnest($3::int8[], $4::bytea[]) AS h(id, hash)
              WHERE c.task = $1 AND c.example_id = h.id AND c.worker = $2 AND c.finished_at IS NULL
              RETURNING c.example_id)
            INSERT INTO embeddings (example_id, model, text_hash, dimension, vector, created_at)
            SELECT v.id, $6, v.hash, $7, v.vector, now()
            FROM unnest($3::int8[], $4::bytea[], $5::bytea[]) AS v(id, hash, vector)
            JOIN held ON held.example_id = v.id
            ON CONFLICT (example_id, model) DO UPDATE SET text_hash = EXCLUDED.text_hash,
              dimension = EXCLUDED.dimension, vector = EXCLUDED.vector, created_at = EXCLUDED.created_at
            """,
            [
                .text(Store.embeddingTask(model)), .text(worker), .integers(items.map(\.pending.exampleID)),
                .blobs(items.map { [UInt8]($0.pending.textHash) }), .blobs(items.map { Store.vectorBytes($0.vector) }),
                .text(model), .integer(Int64(dimension)),
            ])
    }

}

extension UnsafeRawBufferPointer {
    /// The first `count` floats, read without assuming alignment.
    func loadUnalignedFloats(count: Int) -> [Float] {
        (0..<Swift.min(count, self.count / MemoryLayout<Float>.size)).map {
            loadUnaligned(fromByteOffset: $0 * MemoryLayout<Float>.size, as: Float.self)
        }
    }
}
