import Foundation
import WinnowCore
import WinnowEncoder
import WinnowLinalg
import WinnowStore

/// Progress of an embedding run.
public struct EmbeddingProgress: Sendable {
    /// Texts embedded so far in this run.
    public var done: Int
    /// Texts to embed in this run.
    public var total: Int
    /// Seconds since the run started.
    public var elapsed: Double
}

/// What `winnow embed` did.
public struct EmbeddingReport: Sendable, Equatable {
    /// The model id vectors are stored under.
    public var model: String
    /// Texts embedded in this run.
    public var embedded: Int
    /// Examples that already had a current embedding.
    public var upToDate: Int
    /// Seconds spent embedding.
    public var seconds: Double
    /// Whether the run was stopped before the end (committed chunks are kept; a re-run resumes).
    public var interrupted: Bool
    /// The worker's name in the shared queue (a PostgreSQL store), else nil.
    public var worker: String? = nil
    /// Texts this worker took over from a worker whose lease ran out.
    public var reclaimed = 0
    /// Texts this worker embedded but did not store: its lease ran out and another worker took them over.
    public var lost = 0
    /// Seconds this worker spent queueing, claiming and storing (the cost of sharing the work), waits excluded.
    public var queueSeconds = 0.0

    /// The report as JSON.
    public var json: JSONValue {
        [
            "model": .string(model), "embedded": .number(Double(embedded)), "up_to_date": .number(Double(upToDate)),
            "seconds": .number((seconds * 100).rounded() / 100), "interrupted": .bool(interrupted),
            "texts_per_second": .number(seconds > 0 ? (Double(embedded) / seconds).rounded() : 0),
            "worker": worker.map(JSONValue.string) ?? .null, "reclaimed": .number(Double(reclaimed)),
            "lost": .number(Double(lost)), "queue_seconds": .number((queueSeconds * 1000).rounded() / 1000),
        ]
    }
}

/// A neighbour found by cosine similarity.
public struct Neighbour: Sendable, Equatable {
    /// The example.
    public var exampleID: Int64
    /// Cosine similarity (vectors are unit length, so the dot product).
    public var score: Float
}

/// Embeds examples with the sentence encoder and finds neighbours by cosine.
public struct EmbeddingService: Sendable {
    /// The encoder.
    public let encoder: SentenceEncoder
    /// The id vectors are stored under (the model directory's name).
    public let modelID: String

    /// Loads the installed model (`winnow model fetch`), or the one in `modelDirectory`.
    public init(modelDirectory: URL? = nil, threads: Int? = nil) throws {
        let directory = try modelDirectory ?? ModelStore().locate()
        encoder = try SentenceEncoder(modelDirectory: directory, threads: threads)
        modelID = directory.lastPathComponent
    }

    /// Embeds every example without a current embedding, committing every `chunkSize` texts so an interrupted
    /// run keeps its work. `progress` returns false to stop.
    public func embedPending(
        store: Store, chunkSize: Int = 512, batchSize: Int = 32, worker: String? = nil, lease: TimeInterval = 300,
        progress: ((EmbeddingProgress) -> Bool)? = nil
    ) throws -> EmbeddingReport {
        if store.sharesWork {
            return try embedShared(
                store: store, worker: worker ?? EmbeddingService.defaultWorkerName, chunkSize: chunkSize,
                batchSize: batchSize, lease: lease, progress: progress)
        }
        let pending = try store.pendingEmbeddings(model: modelID)
        let total = try store.count()
        let started = Date()
        var done = 0
        var interrupted = false
        for start in stride(from: 0, to: pending.count, by: chunkSize) {
            let chunk = Array(pending[start..<min(start + chunkSize, pending.count)])
            let vectors: [[Float]]
            do {
                vectors = try encoder.embed(chunk.map(\.text), batchSize: batchSize) { chunkDone, _ in
                    progress?(
                        EmbeddingProgress(
                            done: done + chunkDone, total: pending.count, elapsed: Date().timeIntervalSince(started)))
                        ?? true
                }
            } catch is CancellationError {
                interrupted = true
                break
            }
            try store.saveEmbeddings(Array(zip(chunk, vectors)).map { ($0.0, $0.1) }, model: modelID)
            done += chunk.count
        }
        return EmbeddingReport(
            model: modelID, embedded: done, upToDate: total - pending.count, seconds: Date().timeIntervalSince(started),
            interrupted: interrupted)
    }

    /// This process's name as a worker: host and process id.
    public static var defaultWorkerName: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Embeds texts from the store's shared queue (a PostgreSQL store) alongside any other workers: queues what is
    /// pending, then claims `chunkSize` texts at a time for `lease` seconds, embeds them and stores them with their
    /// claim finished. When the queue is empty but other workers still hold texts, it waits: a holder that died
    /// loses its batch when the lease ends, and this worker takes it over. Returns when nothing is left.
    public func embedShared(
        store: Store, worker: String, chunkSize: Int = 512, batchSize: Int = 32, lease: TimeInterval = 300,
        progress: ((EmbeddingProgress) -> Bool)? = nil
    ) throws -> EmbeddingReport {
        let started = Date()
        var queueSeconds = 0.0
        func timed<T>(_ body: () throws -> T) rethrows -> T {
            let start = Date()
            defer { queueSeconds += Date().timeIntervalSince(start) }
            return try body()
        }
        _ = try timed { try store.queueEmbeddings(model: modelID) }
        var total = try timed { try store.embeddingQueue(model: modelID).open }
        let upToDate = max(0, try store.count() - total)
        var report = EmbeddingReport(
            model: modelID, embedded: 0, upToDate: upToDate, seconds: 0, interrupted: false, worker: worker)
        var queuedAgain = false
        while true {
            let claim = try timed {
                try store.claimEmbeddings(model: modelID, worker: worker, limit: chunkSize, lease: lease)
            }
            if claim.items.isEmpty {
                if !queuedAgain {
                    // Texts imported or edited since this worker started are queued once more before it stops.
                    queuedAgain = true
                    total += try timed { try store.queueEmbeddings(model: modelID) }
                    continue
                }
                let queue = try timed { try store.embeddingQueue(model: modelID) }
                guard queue.open > 0 else { break }
                // Others hold what is left: wait for them to finish, or for a dead holder's lease to end.
                let wait = min(1, max(0.05, (queue.nextExpiry ?? Date()).timeIntervalSinceNow))
                if progress?(
                    EmbeddingProgress(done: report.embedded, total: total, elapsed: Date().timeIntervalSince(started)))
                    == false
                {
                    report.interrupted = true
                    break
                }
                Thread.sleep(forTimeInterval: wait)
                continue
            }
            report.reclaimed += claim.reclaimed
            let done = report.embedded
            let vectors: [[Float]]
            do {
                vectors = try encoder.embed(claim.items.map(\.text), batchSize: batchSize) { chunkDone, _ in
                    progress?(
                        EmbeddingProgress(
                            done: done + chunkDone, total: total, elapsed: Date().timeIntervalSince(started)))
                        ?? true
                }
            } catch is CancellationError {
                // Handed back at once rather than left to its lease.
                try store.releaseEmbeddingClaims(model: modelID, worker: worker)
                report.interrupted = true
                break
            }
            let stored = try timed {
                try store.saveClaimedEmbeddings(
                    Array(zip(claim.items, vectors)).map { ($0.0, $0.1) }, model: modelID, worker: worker)
            }
            report.embedded += stored
            report.lost += claim.items.count - stored
        }
        report.seconds = Date().timeIntervalSince(started)
        report.queueSeconds = queueSeconds
        return report
    }

    /// The `k` stored examples most similar to `query` (a unit vector), best first, skipping `excluding`.
    public static func nearest(
        to query: [Float], in matrix: EmbeddingMatrix, k: Int, excluding: Int64? = nil
    ) -> [Neighbour] {
        guard matrix.dimension == query.count, !matrix.exampleIDs.isEmpty else { return [] }
        let scores = Matrix.product(
            Matrix(rows: matrix.exampleIDs.count, columns: matrix.dimension, elements: matrix.values),
            by: Matrix(rows: query.count, columns: 1, elements: query)
        ).elements
        let order = scores.indices.filter { matrix.exampleIDs[$0] != excluding }
            .sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        return order.prefix(k).map { Neighbour(exampleID: matrix.exampleIDs[$0], score: scores[$0]) }
    }

    /// A note when some of `embedded` were edited after they were embedded (their stored vectors are stale).
    static func staleNote(store: Store, model: String, embedded: [Int64]) throws -> String? {
        let ids = Set(embedded)
        let stale = try store.pendingEmbeddings(model: model).filter { ids.contains($0.exampleID) }.count
        guard stale > 0 else { return nil }
        return "\(stale) examples were edited after they were embedded; their old embeddings were used "
            + "(run `winnow embed`)"
    }
}
