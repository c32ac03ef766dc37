import Foundation
import WinnowCore
import WinnowStore

/// Commits import batches on a background queue while the caller gathers the next ones. At most two batches wait;
/// the first write error is rethrown to the caller. A file store's WAL is copied into the database by a
/// ``BackgroundCheckpointer`` meanwhile, so that commits do not wait for checkpoints.
final class BatchWriter: @unchecked Sendable {
    // @unchecked: `outcome` is only touched on `queue` (and read after `queue.sync` in `finish`); `failure` is
    // guarded by `lock`, so that `submit` never waits for the batch being written.
    private let store: Store
    private let source: SourceInfo
    private let identity: ImportIdentity
    private let checkpointer: BackgroundCheckpointer?
    private let queue = DispatchQueue(label: "winnow.import.writer")
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var outcome = BatchOutcome()
    private var failure: (any Error)?

    init(store: Store, source: SourceInfo, identity: ImportIdentity) throws {
        self.store = store
        self.source = source
        self.identity = identity
        checkpointer = try BackgroundCheckpointer(store: store)
    }

    deinit { try? checkpointer?.finish() }

    /// Queues one batch for writing; blocks while two batches are already waiting.
    func submit(examples: [PreparedExample], failures: [RecordFailure], recordsDone: Int) throws {
        if let failure = firstFailure { throw failure }
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.firstFailure == nil else { return }
            do {
                let result = try self.store.commitBatch(
                    source: self.source, examples: examples, failures: failures, recordsDone: recordsDone,
                    identity: self.identity, pipelined: true)
                self.outcome.add(result)
                self.checkpointer?.committed()
            } catch {
                self.lock.withLock { self.failure = error }
            }
        }
    }

    /// Waits for every queued batch and the last checkpoint, and returns the totals.
    func finish() throws -> BatchOutcome {
        let totals = try queue.sync {
            if let failure = firstFailure { throw failure }
            try store.settleBatches()
            return outcome
        }
        try checkpointer?.finish()
        return totals
    }

    private var firstFailure: (any Error)? { lock.withLock { failure } }
}
