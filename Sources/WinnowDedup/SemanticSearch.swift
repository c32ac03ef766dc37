import Foundation
import WinnowLinalg

/// Semantic near-duplicates by exact search: every pair of unit vectors with cosine at or above a threshold.
///
/// The Gram matrix is computed in blocks of `blockSize × blockSize` (one `sgemm` each, upper triangle only) and
/// scanned while it is in cache; only the pairs above the threshold are kept, at most `maximumPerRow` per row (the
/// most similar), so memory stays bounded for any number of vectors.
public struct SemanticSearch: Sendable {
    /// Pairs at or above this cosine are reported.
    public var threshold: Float
    /// Rows and columns per block.
    public var blockSize: Int
    /// At most this many partners are kept per row (towards later rows); a group of identical vectors stays
    /// connected through its chain of rows.
    public var maximumPerRow: Int

    /// A search at `threshold`.
    public init(threshold: Float = 0.95, blockSize: Int = 512, maximumPerRow: Int = 64) {
        self.threshold = threshold
        self.blockSize = blockSize
        self.maximumPerRow = maximumPerRow
    }

    /// All pairs of rows of `vectors` (unit length) with cosine at or above the threshold.
    public func pairs(_ vectors: Matrix, progress: ((Int, Int) -> Void)? = nil) -> [SimilarPair] {
        let threshold = threshold
        let limit = maximumPerRow
        let rowBlocks = (vectors.rows + blockSize - 1) / blockSize
        let finished = ProgressCounter(total: rowBlocks * (rowBlocks + 1) / 2, report: progress)
        let states = vectors.blockedProduct(
            withTransposeOf: vectors, blockSize: blockSize, upperTriangle: true,
            makeState: { rows in CandidateLists(rows: rows, limit: limit) },
            consume: { block, lists in
                for row in block.rows {
                    block.forEachValue(inRow: row, atLeast: threshold, fromColumn: row + 1) { column, value in
                        lists.add(row: row, column: column, score: value)
                    }
                }
                finished.advance()
            })
        return states.flatMap { $0.pairs() }
    }
}

/// The best partners found so far for each row of one row block.
struct CandidateLists: Sendable {
    let rows: Range<Int>
    let limit: Int
    private var partners: [[(column: Int32, score: Float)]]

    init(rows: Range<Int>, limit: Int) {
        self.rows = rows
        self.limit = limit
        partners = Array(repeating: [], count: rows.count)
    }

    mutating func add(row: Int, column: Int, score: Float) {
        let local = row - rows.lowerBound
        partners[local].append((Int32(column), score))
        if partners[local].count >= 2 * limit { trim(local) }
    }

    private mutating func trim(_ local: Int) {
        partners[local].sort { $0.score > $1.score || ($0.score == $1.score && $0.column < $1.column) }
        partners[local].removeLast(max(0, partners[local].count - limit))
    }

    func pairs() -> [SimilarPair] {
        var result: [SimilarPair] = []
        for local in partners.indices {
            let best = partners[local].sorted { $0.score > $1.score || ($0.score == $1.score && $0.column < $1.column) }
            for partner in best.prefix(limit) {
                result.append(
                    SimilarPair(rows.lowerBound + local, Int(partner.column), similarity: Double(partner.score)))
            }
        }
        return result
    }
}

/// Counts finished pieces of parallel work and reports them (from any worker) as `(done, total)`.
///
/// A class because workers share one count. `@unchecked Sendable`: the count is guarded by `lock`.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let report: ((Int, Int) -> Void)?

    init(total: Int, report: ((Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    func advance() {
        guard let report else { return }
        lock.lock()
        done += 1
        let value = done
        lock.unlock()
        // About a thousand reports over the whole run, whatever its size.
        if value == total || value % max(1, total / 1000) == 0 { report(value, total) }
    }
}
