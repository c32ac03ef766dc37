import Foundation
import Testing
import WinnowCore

@Suite("OrderedWorkQueue")
struct OrderedWorkQueueTests {
    /// Jobs that finish out of order (later jobs sleep less) come back in submission order.
    @Test(arguments: [1, 2, 5])
    func resultsComeBackInSubmissionOrder(workers: Int) {
        let queue = OrderedWorkQueue<Int>(workers: workers)
        defer { queue.close() }
        var results: [Int] = []
        for index in 0..<60 {
            // Keep at most eight jobs in flight, as the import does.
            if queue.pending >= 8, let result = queue.next() { results.append(result) }
            queue.submit {
                usleep(UInt32((60 - index) % 7) * 300)
                return index * index
            }
        }
        #expect(queue.pending > 0)
        while let result = queue.next() { results.append(result) }
        #expect(results == (0..<60).map { $0 * $0 })
        #expect(queue.pending == 0)
        #expect(queue.next() == nil)
    }

    /// One job at a time runs on the taking thread: no threads are started for a file of one chunk.
    @Test func oneJobRunsWithoutThreads() {
        let queue = OrderedWorkQueue<String>(workers: 4)
        defer { queue.close() }
        let taker = pthread_self()
        for round in 0..<3 {
            queue.submit { pthread_equal(pthread_self(), taker) != 0 ? "here \(round)" : "elsewhere" }
            #expect(queue.next() == "here \(round)")
        }
        #expect(queue.next() == nil)
        #expect(!queue.startedWorkers)
        // A second job waiting starts them.
        queue.submit { "a" }
        queue.submit { "b" }
        #expect(queue.startedWorkers)
        #expect(queue.next() == "a")
        #expect(queue.next() == "b")
    }

    /// Three jobs on three workers wait for each other: they finish only if they run at the same time.
    @Test func jobsRunOnSeveralThreadsAtOnce() {
        let queue = OrderedWorkQueue<Bool>(workers: 3)
        defer { queue.close() }
        let barrier = Barrier(parties: 3)
        for _ in 0..<3 { queue.submit { barrier.arriveAndWait(timeout: 10) } }
        var met: [Bool] = []
        while let result = queue.next() { met.append(result) }
        #expect(met == [true, true, true])
    }
}

/// Lets a number of threads wait until all of them have arrived.
private final class Barrier: @unchecked Sendable {
    // @unchecked: `arrived` is only touched with `condition` locked.
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0

    init(parties: Int) { self.parties = parties }

    /// Whether every party arrived within `timeout` seconds.
    func arriveAndWait(timeout: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeout)
        while arrived < parties {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }
}
