import Foundation

/// Runs jobs on a fixed number of worker threads and hands their results back in the order the jobs were submitted.
///
/// One thread submits and takes (the import's reading thread); the workers run jobs oldest first. ``pending`` counts
/// jobs submitted and not yet taken, so the submitter keeps the work in flight bounded by taking the next result
/// before submitting more. ``close()``, also run when the queue goes away, lets the workers finish their current job
/// and stop; results not taken are dropped.
///
/// The threads start when a second job is submitted while the first is still waiting: a file of one chunk or one
/// batch of messages (a folder of thousands of one-message files) runs its job on the taking thread, without
/// starting and stopping threads for it.
public final class OrderedWorkQueue<Output: Sendable>: Sendable {
    private let shared: Shared

    /// A queue with `workers` threads (at least one), started when there are two jobs to run.
    public init(workers: Int) {
        shared = Shared(workers: max(1, workers))
    }

    deinit { shared.close() }

    /// Jobs submitted whose results have not been taken yet.
    public var pending: Int { shared.locked { $0.submitted - $0.taken } }

    /// Queues `job` to run on a worker.
    public func submit(_ job: @escaping @Sendable () -> Output) {
        let start = shared.locked { state in
            state.jobs.append((state.submitted, job))
            state.submitted += 1
            guard !state.started, state.submitted - state.taken > 1 else { return false }
            state.started = true
            return true
        }
        if start { shared.startWorkers() }
    }

    /// Whether the worker threads were started.
    public var startedWorkers: Bool { shared.locked { $0.started } }

    /// The result of the oldest job not taken yet, waiting for it to finish; nil when every result has been taken.
    public func next() -> Output? { shared.next() }

    /// Stops the workers once their current job is done.
    public func close() { shared.close() }

    /// What the queue and its threads share.
    private final class Shared: @unchecked Sendable {
        // @unchecked: `state` is only touched with `condition` locked.
        struct State {
            var jobs: [(sequence: Int, job: @Sendable () -> Output)] = []
            var results: [Int: Output] = [:]
            var submitted = 0
            var taken = 0
            var isClosed = false
            /// Whether the threads run (else the taking thread runs each job when it takes its result).
            var started = false
        }

        private let condition = NSCondition()
        private var state = State()
        private let workers: Int

        init(workers: Int) { self.workers = workers }

        func startWorkers() {
            for index in 0..<workers {
                let thread = Thread { [self] in work() }
                thread.name = "winnow.worker.\(index)"
                thread.start()
            }
        }

        /// Runs `body` on the state with the lock held, then wakes every waiting thread.
        func locked<T>(_ body: (inout State) -> T) -> T {
            condition.lock()
            defer {
                condition.broadcast()
                condition.unlock()
            }
            return body(&state)
        }

        func next() -> Output? {
            condition.lock()
            defer { condition.unlock() }
            guard state.taken < state.submitted else { return nil }
            if !state.started, let first = state.jobs.first, first.sequence == state.taken {
                // No threads: the job runs here.
                state.jobs.removeFirst()
                condition.unlock()
                let output = first.job()
                condition.lock()
                state.taken += 1
                return output
            }
            while state.results[state.taken] == nil { condition.wait() }
            let result = state.results.removeValue(forKey: state.taken)
            state.taken += 1
            return result
        }

        func close() {
            locked { state in
                state.isClosed = true
                state.jobs.removeAll()
            }
        }

        /// A worker's loop: the oldest job, until the queue closes.
        func work() {
            while true {
                condition.lock()
                while state.jobs.isEmpty, !state.isClosed { condition.wait() }
                if state.isClosed {
                    condition.unlock()
                    return
                }
                let (sequence, job) = state.jobs.removeFirst()
                condition.unlock()
                let output = job()
                locked { $0.results[sequence] = output }
            }
        }
    }
}
