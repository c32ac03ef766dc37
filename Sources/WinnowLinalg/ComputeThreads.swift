import CBLAS
import Dispatch
import Foundation
import Synchronization

/// How many threads the numeric kernels use, and the switch between OpenBLAS threading and our own.
///
/// Large matrix products run on OpenBLAS's own thread pool. Many small products (attention heads) run better one
/// per worker with OpenBLAS single-threaded; ``withSingleThreadedBLAS(_:)`` switches for the duration of a call.
/// OpenBLAS keeps the thread count as process-wide state, so the switch is process-wide too.
public enum ComputeThreads {
    private static let configured = Atomic<Int>(0)

    /// The number of threads kernels use: the configured count, or the machine's active processor count.
    public static var count: Int {
        let value = configured.load(ordering: .relaxed)
        return value > 0 ? value : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Sets the thread count for our kernels and for OpenBLAS; `nil` means one per processor.
    public static func configure(_ threads: Int?) {
        precondition(threads.map { $0 > 0 } ?? true, "thread count must be positive")
        configured.store(threads ?? 0, ordering: .relaxed)
        openblas_set_num_threads(Int32(count))
    }

    /// Runs `body` with OpenBLAS limited to one thread, then restores ``count``.
    ///
    /// Use it around work that calls BLAS from several workers at once (see ``Parallel``).
    public static func withSingleThreadedBLAS<Result>(_ body: () throws -> Result) rethrows -> Result {
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(Int32(count)) }
        return try body()
    }

    /// OpenBLAS's build configuration and the CPU kernel it picked (for benchmark reports).
    public static var blasDescription: String {
        let config = openblas_get_config().map { String(cString: $0) } ?? "unknown"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        return "\(config) (kernel: \(core))"
    }
}
