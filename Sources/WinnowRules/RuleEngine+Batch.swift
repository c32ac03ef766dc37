import Dispatch

extension RuleEngine {
    /// The findings for each subject (same order), computed on all cores: the batch is cut into chunks that
    /// `DispatchQueue.concurrentPerform` spreads over the available threads.
    public func evaluate(batch subjects: [RuleSubject]) -> [[Finding]] {
        guard subjects.count > 1 else { return subjects.map { evaluate($0) } }
        var results = [[Finding]](repeating: [], count: subjects.count)
        let chunkSize = max(64, subjects.count / 256)
        let chunks = (subjects.count + chunkSize - 1) / chunkSize
        results.withUnsafeMutableBufferPointer { buffer in
            // Each chunk writes only its own slots, so the writes never overlap.
            let base = UnsafeMutableSendablePointer(buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * chunkSize
                let end = min(start + chunkSize, subjects.count)
                for index in start..<end { base.pointer?[index] = evaluate(subjects[index]) }
            }
        }
        return results
    }
}

/// A pointer handed to worker threads that write disjoint slots of one buffer.
///
/// `@unchecked Sendable`: callers guarantee that no two threads touch the same element.
private struct UnsafeMutableSendablePointer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>?
    init(_ pointer: UnsafeMutablePointer<Element>?) { self.pointer = pointer }
}
