/// Splits index ranges over ``ComputeThreads/count`` workers (the calling thread and the helpers of a fixed pool).
///
/// Work is cut into a few more chunks than workers and handed out as workers free up, so that a worker delayed
/// by another process on the machine does not hold the others at the barrier.
public enum Parallel {
    /// Chunks per worker when the work is large enough.
    public static let chunksPerWorker = 2

    /// Calls `body` with disjoint ranges that together cover `0..<count`, on up to ``ComputeThreads/count`` threads.
    ///
    /// No range is shorter than `minimumPerChunk` (except when `count` itself is); with a single chunk `body`
    /// runs on the calling thread. `body` must only write to memory that belongs to its range.
    public static func forEachRange(
        _ count: Int, minimumPerChunk: Int = 1, _ body: @Sendable (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let workers = ComputeThreads.count
        let chunks = workers == 1 ? 1 : min(workers * chunksPerWorker, max(1, count / max(1, minimumPerChunk)))
        if chunks == 1 {
            body(0..<count)
            return
        }
        WorkerPool.shared.run(chunks: chunks, threads: workers) { chunk in
            body(count * chunk / chunks..<count * (chunk + 1) / chunks)
        }
    }

    /// Like ``forEachRange(_:minimumPerChunk:_:)`` but with ranges of roughly equal total cost.
    ///
    /// `costs[i]` is the relative work of item `i`; each chunk is one contiguous run of items.
    public static func forEachBalancedRange(costs: [Int], _ body: @Sendable (Range<Int>) -> Void) {
        let workers = ComputeThreads.count
        let chunks = workers == 1 ? 1 : min(workers * chunksPerWorker, costs.count)
        guard chunks > 1 else {
            if !costs.isEmpty { body(0..<costs.count) }
            return
        }
        let total = costs.reduce(0, +)
        var bounds = [0]
        var running = 0
        for (index, cost) in costs.enumerated() {
            running += cost
            if bounds.count < chunks, running * chunks >= total * bounds.count, index + 1 < costs.count {
                bounds.append(index + 1)
            }
        }
        bounds.append(costs.count)
        let ranges = zip(bounds, bounds.dropFirst()).map { $0..<$1 }
        WorkerPool.shared.run(chunks: ranges.count, threads: workers) { chunk in
            body(ranges[chunk])
        }
    }
}
