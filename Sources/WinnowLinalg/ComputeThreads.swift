import CBLAS
import Foundation
import Synchronization

/// How many threads the numeric kernels use.
///
/// OpenBLAS is kept single-threaded and our own workers split the work (``Parallel``): a large product is cut
/// into blocks of rows, attention into groups of (sequence, head) pairs, element-wise kernels into row ranges.
/// One pool of threads then does everything, instead of OpenBLAS's spinning thread pool competing with ours.
public enum ComputeThreads {
    private static let configured = Atomic<Int>(0)

    /// The number of worker threads: the configured count, or the machine's active processor count.
    public static var count: Int {
        let value = configured.load(ordering: .relaxed)
        return value > 0 ? value : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Sets the worker count (`nil`: one per processor) and pins OpenBLAS to one thread per call.
    public static func configure(_ threads: Int?) {
        precondition(threads.map { $0 > 0 } ?? true, "thread count must be positive")
        configured.store(threads ?? 0, ordering: .relaxed)
        singleThreadedBLAS
    }

    /// Set once, on first use of any product: OpenBLAS runs each call on the calling thread.
    static let singleThreadedBLAS: Void = openblas_set_num_threads(1)

    /// OpenBLAS's build configuration and the CPU kernel it picked (for benchmark reports).
    public static var blasDescription: String {
        let config = openblas_get_config().map { String(cString: $0) } ?? "unknown"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        return "\(config) (kernel: \(core))"
    }
}
