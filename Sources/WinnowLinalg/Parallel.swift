import Dispatch

/// Splits index ranges over ``ComputeThreads/count`` workers.
public enum Parallel {
    /// Calls `body` with disjoint ranges that together cover `0..<count`, on up to ``ComputeThreads/count`` threads.
    ///
    /// Runs on the calling thread alone when `count < minimumPerWorker * 2` so that small jobs pay no hand-off.
    /// `body` must only write to memory that belongs to its range.
    public static func forEachRange(
        _ count: Int, minimumPerWorker: Int = 1, _ body: @Sendable (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let workers = min(ComputeThreads.count, max(1, count / max(1, minimumPerWorker)))
        if workers == 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            body(count * worker / workers..<count * (worker + 1) / workers)
        }
    }

    /// Like ``forEachRange(_:minimumPerWorker:_:)`` but with ranges of roughly equal total `cost`.
    ///
    /// `costs[i]` is the relative work of item `i`; each worker receives one contiguous run of items.
    public static func forEachBalancedRange(costs: [Int], _ body: @Sendable (Range<Int>) -> Void) {
        let workers = min(ComputeThreads.count, costs.count)
        guard workers > 1 else {
            if !costs.isEmpty { body(0..<costs.count) }
            return
        }
        let total = costs.reduce(0, +)
        var bounds = [0]
        var running = 0
        for (index, cost) in costs.enumerated() {
            running += cost
            if bounds.count < workers, running * workers >= total * bounds.count, index + 1 < costs.count {
                bounds.append(index + 1)
            }
        }
        bounds.append(costs.count)
        let ranges = zip(bounds, bounds.dropFirst()).map { $0..<$1 }
        DispatchQueue.concurrentPerform(iterations: ranges.count) { worker in
            body(ranges[worker])
        }
    }
}
