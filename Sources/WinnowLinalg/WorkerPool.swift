import Foundation
import Synchronization

/// A fixed set of helper threads that run the chunks of one parallel job together with the calling thread.
///
/// Dispatch's `concurrentPerform` on Linux starts fewer workers when it sees the processors busy, which turns a
/// two-way split into a serial one whenever another process runs; this pool always has its threads. Chunks are
/// claimed one at a time, so a helper delayed by the scheduler does not hold the others back.
///
/// A class because the threads and their shared state have identity. `@unchecked Sendable`: all mutable state is
/// guarded by `condition`, and `body` is only called between the start and the end of ``run(chunks:_:)``.
final class WorkerPool: @unchecked Sendable {
    /// The pool used by ``Parallel``: one helper per processor beyond the first.
    static let shared = WorkerPool(helpers: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// Polls of ``published`` an idle helper makes before it sleeps (about 100 µs): a forward pass starts a new
    /// job every few hundred microseconds, and a helper that is still awake joins it without a wake-up delay.
    private static let spinLimit = 100_000

    /// ``generation``, readable without the lock, for the helpers' polling.
    private let published = Atomic<Int>(0)
    private let condition = NSCondition()
    private let jobLock = NSLock()
    private var body: ((Int) -> Void)?
    private var generation = 0
    private var nextChunk = 0
    private var chunkCount = 0
    private var finishedChunks = 0
    private var allowedHelpers = 0
    private var joinedHelpers = 0
    private var workingHelpers = 0
    /// Number of helper threads.
    let helpers: Int

    private init(helpers: Int) {
        self.helpers = helpers
        for index in 0..<helpers {
            let thread = Thread { [unowned self] in self.helperLoop() }
            thread.name = "winnow-linalg-\(index + 1)"
            thread.start()
        }
    }

    /// Calls `body(chunk)` for every chunk in `0..<chunks`, on the calling thread and up to `threads - 1` helpers;
    /// returns when all chunks are done.
    ///
    /// When the pool is busy with another job (another thread, or a nested call) the chunks run on the calling
    /// thread alone.
    func run(chunks: Int, threads: Int, _ body: (Int) -> Void) {
        guard chunks > 1, threads > 1, helpers > 0, jobLock.try() else {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        defer { jobLock.unlock() }
        withoutActuallyEscaping(body) { body in
            condition.lock()
            self.body = body
            nextChunk = 0
            chunkCount = chunks
            finishedChunks = 0
            joinedHelpers = 0
            allowedHelpers = min(helpers, threads - 1)
            generation += 1
            published.store(generation, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
            work(body)
            condition.lock()
            while finishedChunks < chunkCount || workingHelpers > 0 { condition.wait() }
            self.body = nil
            condition.unlock()
        }
    }

    /// Claims and runs chunks until none are left.
    private func work(_ body: (Int) -> Void) {
        while true {
            condition.lock()
            guard nextChunk < chunkCount else {
                condition.unlock()
                return
            }
            let chunk = nextChunk
            nextChunk += 1
            condition.unlock()
            body(chunk)
            condition.lock()
            finishedChunks += 1
            if finishedChunks == chunkCount { condition.broadcast() }
            condition.unlock()
        }
    }

    private func helperLoop() {
        var seen = 0
        while true {
            var polls = 0
            while published.load(ordering: .acquiring) == seen, polls < Self.spinLimit { polls += 1 }
            condition.lock()
            while generation == seen { condition.wait() }
            seen = generation
            condition.unlock()
            joinCurrentJob()
        }
    }

    /// Runs chunks of the current job, if it still wants helpers; the job's closure is released on return, before
    /// the job may end (`run` waits for `workingHelpers` to drop to zero).
    private func joinCurrentJob() {
        condition.lock()
        var job = joinedHelpers < allowedHelpers ? body : nil
        guard job != nil else {
            condition.unlock()
            return
        }
        joinedHelpers += 1
        workingHelpers += 1
        condition.unlock()
        if let job { work(job) }
        job = nil
        condition.lock()
        workingHelpers -= 1
        if workingHelpers == 0 { condition.broadcast() }
        condition.unlock()
    }
}
