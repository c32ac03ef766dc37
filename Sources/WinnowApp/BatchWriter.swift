import Foundation
import WinnowCore
import WinnowStore

/// Commits import batches on a background queue while the caller gathers the next ones. At most two batches wait;
/// the first write error is rethrown to the caller. A file store's WAL is copied into the database by the run's
/// ``BackgroundCheckpointer`` meanwhile (one for all the files of a run, so that a folder of small files does not
/// open a connection and wait for a full checkpoint per file), so that commits do not wait for checkpoints.
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

    init(store: Store, source: SourceInfo, identity: ImportIdentity, checkpointer: BackgroundCheckpointer?) {
        self.store = store
        self.source = source
        self.identity = identity
        self.checkpointer = checkpointer
    }

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

    /// Waits for every queued batch and returns the totals (the run's checkpointer copies the last of them).
    func finish() throws -> BatchOutcome {
        try queue.sync {
            if let failure = firstFailure { throw failure }
            try store.settleBatches()
            return outcome
        }
    }

    private var firstFailure: (any Error)? { lock.withLock { failure } }
}
