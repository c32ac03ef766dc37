import Synchronization

/// One block of a product `A · Bᵀ`, as ``Matrix/blockedProduct(withTransposeOf:blockSize:upperTriangle:makeState:consume:)``
/// hands it to its consumer: rows `rows` of `A` against rows `columns` of `B`.
///
/// The values live in a scratch buffer that the next block overwrites; read them inside the consumer only.
public struct ProductBlock {
    /// The rows of `A` this block covers.
    public let rows: Range<Int>
    /// The rows of `B` (columns of the product) this block covers.
    public let columns: Range<Int>
    private let values: UnsafePointer<Float>

    init(rows: Range<Int>, columns: Range<Int>, values: UnsafePointer<Float>) {
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The product's value at global row `row` and global column `column` (both inside the block).
    public subscript(row: Int, column: Int) -> Float {
        precondition(rows.contains(row) && columns.contains(column), "(\(row), \(column)) is outside the block")
        return values[(row - rows.lowerBound) * columns.count + column - columns.lowerBound]
    }

    /// Calls `body(column, value)` for every value of global row `row` that is at least `threshold`, from column
    /// `from` (global) on, in column order. Sixteen values are compared at a time, so a row with nothing above the
    /// threshold costs a few vector compares.
    public func forEachValue(
        inRow row: Int, atLeast threshold: Float, fromColumn from: Int? = nil, _ body: (Int, Float) -> Void
    ) {
        precondition(rows.contains(row), "row \(row) is outside the block")
        let start = max(from ?? columns.lowerBound, columns.lowerBound) - columns.lowerBound
        let count = columns.count
        guard start < count else { return }
        let base = values + (row - rows.lowerBound) * count
        let limit = SIMD16<Float>(repeating: threshold)
        var index = start
        while index + 16 <= count {
            let lanes = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<Float>.self)
            if any(lanes .>= limit) {
                for lane in 0..<16 where lanes[lane] >= threshold {
                    body(columns.lowerBound + index + lane, lanes[lane])
                }
            }
            index += 16
        }
        while index < count {
            if base[index] >= threshold { body(columns.lowerBound + index, base[index]) }
            index += 1
        }
    }
}

extension Matrix {
    /// Computes `self · otherᵀ` block by block, never holding the whole product, and hands every block to `consume`.
    ///
    /// The rows of `self` are cut into blocks of `blockSize`; each row block is taken by one worker (of
    /// ``ComputeThreads/count``), which multiplies it with the blocks of `other` in column order, one
    /// single-threaded `sgemm` per block into a scratch buffer of `blockSize²` floats, and passes each block to
    /// `consume` together with the row block's own state (made by `makeState` from the row range). Memory is
    /// bounded by one scratch block per worker whatever the sizes. Row blocks are claimed one at a time as workers
    /// free up.
    ///
    /// With `upperTriangle` (only for `other` equal to `self`, a Gram matrix) row block `i` visits column blocks
    /// `i...` only: the block on the diagonal is computed whole, and the consumer skips what it has seen.
    ///
    /// - Returns: the state of every row block, in row order.
    public func blockedProduct<State: Sendable>(
        withTransposeOf other: Matrix, blockSize: Int = 512, upperTriangle: Bool = false,
        makeState: @Sendable (Range<Int>) -> State, consume: @Sendable (ProductBlock, inout State) -> Void
    ) -> [State] {
        precondition(columns == other.columns, "row lengths differ: \(columns) vs \(other.columns)")
        precondition(blockSize > 0, "block size must be positive")
        precondition(!upperTriangle || rows == other.rows, "upperTriangle needs a square (Gram) product")
        let rowBlocks = (rows + blockSize - 1) / blockSize
        let columnBlocks = (other.rows + blockSize - 1) / blockSize
        guard rowBlocks > 0 else { return [] }
        let results = Mutex<[State?]>(Array(repeating: nil, count: rowBlocks))
        let (rowCount, otherRows, width) = (rows, other.rows, columns)
        withUnsafeBufferPointer { aBuffer in
            other.withUnsafeBufferPointer { bBuffer in
                let a = SharedPointer(aBuffer.baseAddress)
                let b = SharedPointer(bBuffer.baseAddress)
                WorkerPool.shared.run(chunks: rowBlocks, threads: ComputeThreads.count) { rowBlock in
                    let rowRange = rowBlock * blockSize..<min(rowCount, (rowBlock + 1) * blockSize)
                    var state = makeState(rowRange)
                    if columnBlocks > 0 {
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: blockSize * blockSize)
                        defer { scratch.deallocate() }
                        for columnBlock in (upperTriangle ? rowBlock : 0)..<columnBlocks {
                            let columnRange = columnBlock * blockSize..<min(otherRows, (columnBlock + 1) * blockSize)
                            if width == 0 {
                                scratch.initialize(repeating: 0, count: rowRange.count * columnRange.count)
                            } else {
                                BLAS.gemm(
                                    .none, .transposed, m: rowRange.count, n: columnRange.count, k: width, alpha: 1,
                                    a: a.advanced(by: rowRange.lowerBound * width), lda: width,
                                    b: b.advanced(by: columnRange.lowerBound * width), ldb: width, beta: 0,
                                    c: scratch, ldc: columnRange.count)
                            }
                            consume(
                                ProductBlock(rows: rowRange, columns: columnRange, values: UnsafePointer(scratch)),
                                &state)
                        }
                    }
                    results.withLock { $0[rowBlock] = state }
                }
            }
        }
        let states = results.withLock { stored in stored.compactMap { $0 } }
        precondition(states.count == rowBlocks, "a row block was not computed")
        return states
    }
}
