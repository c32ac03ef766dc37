import CBLAS

/// Whether a matrix operand of a product is used as stored or transposed.
public enum Transpose: Sendable {
    /// Use the matrix as stored.
    case none
    /// Use the transpose of the stored matrix.
    case transposed

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// A family of equally spaced row-major blocks inside one matrix's storage: block `i` starts at
/// `offset + i * batchStride` and has `rows × columns` elements with rows `leadingDimension` apart.
///
/// Attention heads are such blocks: the columns `h * 32 ..< (h + 1) * 32` of a `[tokens, 384]` matrix are a block
/// with leading dimension 384.
public struct StridedBlocks: Sendable, Equatable {
    /// Index of block 0's first element.
    public var offset: Int
    /// Rows per block.
    public var rows: Int
    /// Columns per block.
    public var columns: Int
    /// Distance between consecutive rows of a block.
    public var leadingDimension: Int
    /// Distance between the first elements of consecutive blocks.
    public var batchStride: Int

    /// Describes the blocks; `leadingDimension` defaults to `columns` (dense blocks).
    public init(offset: Int = 0, rows: Int, columns: Int, leadingDimension: Int? = nil, batchStride: Int) {
        self.offset = offset
        self.rows = rows
        self.columns = columns
        self.leadingDimension = leadingDimension ?? columns
        self.batchStride = batchStride
    }

    /// One block covering all of `matrix`.
    public init(wholeOf matrix: Matrix) {
        self.init(rows: matrix.rows, columns: matrix.columns, batchStride: matrix.rows * matrix.columns)
    }

    func validate(count: Int, storage: Int) {
        precondition(rows >= 0 && columns >= 0 && offset >= 0 && leadingDimension >= max(1, columns))
        guard count > 0, rows > 0, columns > 0 else { return }
        let lastElement = offset + (count - 1) * batchStride + (rows - 1) * leadingDimension + columns
        precondition(lastElement <= storage, "strided blocks reach element \(lastElement) of \(storage)")
    }
}

extension Matrix {
    /// `self = epilogue(alpha · op(a) · op(b) + beta · self)`.
    ///
    /// Shapes: `op(a)` is `[rows, k]`, `op(b)` is `[k, columns]`. With `beta = 1` the product accumulates into
    /// `self`, which the encoder uses to add residuals without a copy. Large products are cut into blocks of rows
    /// (or columns, for wide and short products) for the workers, each block a single-threaded `sgemm` (see
    /// ``ComputeThreads``). When cut by rows, each worker applies `epilogue` to its rows right after its product;
    /// otherwise the epilogue is one more pass over the rows.
    public mutating func multiply(
        _ a: Matrix, _ transposeA: Transpose = .none, by b: Matrix, _ transposeB: Transpose = .none,
        alpha: Float = 1, beta: Float = 0, then epilogue: RowEpilogue = .none
    ) {
        multiply(
            Submatrix(a), transposeA, by: Submatrix(b), transposeB, intoRows: 0..<rows, columns: 0..<columns,
            alpha: alpha, beta: beta, then: epilogue)
    }

    /// `self[rows, columns] = alpha · op(a) · op(b) + beta · self[rows, columns]` over parts of matrices.
    ///
    /// `a` and `b` are rectangular parts of their matrices (``Submatrix``), and the result goes to the part of
    /// `self` at `rows` × `columns`; nothing outside it is touched. This is how one head's or one projection's
    /// columns of a fused `[tokens, 3 · hidden]` matrix take part in a product without a copy. Work is split over
    /// the workers as in ``multiply(_:_:by:_:alpha:beta:then:)``; an `epilogue` needs whole rows of `self`.
    public mutating func multiply(
        _ a: Submatrix, _ transposeA: Transpose = .none, by b: Submatrix, _ transposeB: Transpose = .none,
        intoRows targetRows: Range<Int>, columns targetColumns: Range<Int>, alpha: Float = 1, beta: Float = 0,
        then epilogue: RowEpilogue = .none
    ) {
        let (m, k) = transposeA == .none ? (a.rows.count, a.columns.count) : (a.columns.count, a.rows.count)
        let (kB, n) = transposeB == .none ? (b.rows.count, b.columns.count) : (b.columns.count, b.rows.count)
        precondition(k == kB, "inner dimensions differ: \(k) vs \(kB)")
        precondition(
            targetRows.lowerBound >= 0 && targetRows.upperBound <= rows && targetColumns.lowerBound >= 0
                && targetColumns.upperBound <= columns, "target part out of range")
        precondition(
            m == targetRows.count && n == targetColumns.count,
            "product is \(m)×\(n), target is \(targetRows.count)×\(targetColumns.count)")
        guard m > 0, n > 0 else { return }
        precondition(epilogue.isNone || targetColumns == 0..<columns, "an epilogue needs whole rows of the target")
        epilogue.validate(width: n)
        let (lda, ldb, ldc) = (a.matrix.columns, b.matrix.columns, columns)
        let aStart = a.rows.lowerBound * lda + a.columns.lowerBound
        let bStart = b.rows.lowerBound * ldb + b.columns.lowerBound
        let cStart = targetRows.lowerBound * ldc + targetColumns.lowerBound
        let splitRows = m >= n
        let extent = splitRows ? m : n
        let minimumPerChunk = max(64, extent * Self.minimumWork / (m * n * max(k, 1)))
        withOperands(a.matrix, b.matrix) { aBase, bBase, cBase in
            Parallel.forEachRange(extent, minimumPerChunk: minimumPerChunk) { range in
                if splitRows {
                    BLAS.gemm(
                        transposeA, transposeB, m: range.count, n: n, k: k, alpha: alpha,
                        a: aBase.advanced(
                            by: aStart + (transposeA == .none ? range.lowerBound * lda : range.lowerBound)),
                        lda: lda, b: bBase.advanced(by: bStart), ldb: ldb, beta: beta,
                        c: cBase.advanced(by: cStart + range.lowerBound * ldc), ldc: ldc)
                    if let c = cBase.base {
                        let rows = targetRows.lowerBound + range.lowerBound..<targetRows.lowerBound + range.upperBound
                        epilogue.apply(c, rows: rows, width: ldc)
                    }
                } else {
                    BLAS.gemm(
                        transposeA, transposeB, m: m, n: range.count, k: k, alpha: alpha,
                        a: aBase.advanced(by: aStart), lda: lda,
                        b: bBase.advanced(
                            by: bStart + (transposeB == .none ? range.lowerBound : range.lowerBound * ldb)),
                        ldb: ldb, beta: beta, c: cBase.advanced(by: cStart + range.lowerBound), ldc: ldc)
                }
            }
        }
        if !splitRows, !epilogue.isNone {
            forEachRowBlock(targetRows) { base, rows, width in epilogue.apply(base, rows: rows, width: width) }
        }
    }

    /// Calls `body` with the base addresses of `a`, `b` and `self`, in forms that parallel workers may share.
    mutating func withOperands(
        _ a: Matrix, _ b: Matrix, _ body: (SharedPointer, SharedPointer, SharedMutablePointer) -> Void
    ) {
        a.withUnsafeBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                withUnsafeMutableBufferPointer { cBuffer in
                    body(
                        SharedPointer(aBuffer.baseAddress), SharedPointer(bBuffer.baseAddress),
                        SharedMutablePointer(cBuffer.baseAddress))
                }
            }
        }
    }

    /// Multiply-adds below which a piece of a product is not worth handing to another worker.
    static let minimumWork = 1 << 22

    /// The product `op(a) · op(b)` as a new matrix.
    public static func product(
        _ a: Matrix, _ transposeA: Transpose = .none, by b: Matrix, _ transposeB: Transpose = .none
    ) -> Matrix {
        let m = transposeA == .none ? a.rows : a.columns
        let n = transposeB == .none ? b.columns : b.rows
        var result = Matrix(rows: m, columns: n)
        result.multiply(a, transposeA, by: b, transposeB)
        return result
    }

    /// `count` products over strided blocks: `C_i = alpha · op(A_i) · op(B_i) + beta · C_i`.
    ///
    /// `self` holds the `C` blocks. Products are spread over ``ComputeThreads/count`` workers, each calling a
    /// single-threaded `sgemm`, which suits many small products (attention heads).
    public mutating func multiplyBatched(
        count: Int, _ a: Matrix, _ aBlocks: StridedBlocks, _ transposeA: Transpose,
        _ b: Matrix, _ bBlocks: StridedBlocks, _ transposeB: Transpose,
        into cBlocks: StridedBlocks, alpha: Float = 1, beta: Float = 0
    ) {
        let (m, k) = transposeA == .none ? (aBlocks.rows, aBlocks.columns) : (aBlocks.columns, aBlocks.rows)
        let (kB, n) = transposeB == .none ? (bBlocks.rows, bBlocks.columns) : (bBlocks.columns, bBlocks.rows)
        precondition(k == kB && m == cBlocks.rows && n == cBlocks.columns, "block shapes do not multiply")
        aBlocks.validate(count: count, storage: a.elements.count)
        bBlocks.validate(count: count, storage: b.elements.count)
        cBlocks.validate(count: count, storage: elements.count)
        guard count > 0, m > 0, n > 0 else { return }
        withOperands(a, b) { aBase, bBase, cBase in
            Parallel.forEachRange(count) { range in
                for index in range {
                    BLAS.gemm(
                        transposeA, transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: aBase.advanced(by: aBlocks.offset + index * aBlocks.batchStride),
                        lda: aBlocks.leadingDimension,
                        b: bBase.advanced(by: bBlocks.offset + index * bBlocks.batchStride),
                        ldb: bBlocks.leadingDimension, beta: beta,
                        c: cBase.advanced(by: cBlocks.offset + index * cBlocks.batchStride),
                        ldc: cBlocks.leadingDimension)
                }
            }
        }
    }
}

/// A rectangular part of a matrix (a window of its rows and columns), an operand of
/// ``Matrix/multiply(_:_:by:_:intoRows:columns:alpha:beta:then:)``.
///
/// It holds the matrix itself (storage is shared until written, so this costs no copy).
public struct Submatrix: Sendable {
    /// The whole matrix.
    public var matrix: Matrix
    /// The rows taken.
    public var rows: Range<Int>
    /// The columns taken.
    public var columns: Range<Int>

    /// The part of `matrix` at `rows` × `columns` (all of it by default).
    public init(_ matrix: Matrix, rows: Range<Int>? = nil, columns: Range<Int>? = nil) {
        let rows = rows ?? 0..<matrix.rows
        let columns = columns ?? 0..<matrix.columns
        precondition(
            rows.lowerBound >= 0 && rows.upperBound <= matrix.rows && columns.lowerBound >= 0
                && columns.upperBound <= matrix.columns, "part \(rows) × \(columns) outside the matrix")
        self.matrix = matrix
        self.rows = rows
        self.columns = columns
    }
}

/// The one place that calls `cblas_sgemm`; internal so that no pointer API leaves the module.
enum BLAS {
    static func gemm(
        _ transposeA: Transpose, _ transposeB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>?, lda: Int, b: UnsafePointer<Float>?, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>?, ldc: Int
    ) {
        ComputeThreads.singleThreadedBLAS
        cblas_sgemm(
            CblasRowMajor, transposeA.cblas, transposeB.cblas, Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// A read-only base address handed to parallel workers that read disjoint or shared, unchanging memory.
///
/// `@unchecked Sendable`: it only carries the address; the caller keeps the buffer alive and unmodified for the
/// duration of the parallel call.
struct SharedPointer: @unchecked Sendable {
    let base: UnsafePointer<Float>?
    init(_ base: UnsafePointer<Float>?) { self.base = base }
    func advanced(by offset: Int) -> UnsafePointer<Float>? { base.map { $0 + offset } }
}

/// A writable base address handed to parallel workers that each write a disjoint part.
///
/// `@unchecked Sendable`: workers never write the same elements; the caller keeps the buffer alive.
struct SharedMutablePointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>?
    init(_ base: UnsafeMutablePointer<Float>?) { self.base = base }
    func advanced(by offset: Int) -> UnsafeMutablePointer<Float>? { base.map { $0 + offset } }
}

extension Matrix {
    /// `self[rows] = base + alpha · b · a` in one pass split over the workers by rows: each worker copies its
    /// rows of `base` and adds its rows of the product right away (a LoRA update merged into a dense weight).
    ///
    /// Shapes: `base` is `[rows.count, columns]`, `b` is `[rows.count, k]`, `a` is `[k, columns]`.
    public mutating func setSum(
        _ base: Matrix, plus alpha: Float, _ b: Matrix, times a: Matrix, intoRows: Range<Int>? = nil
    ) {
        let target = intoRows ?? 0..<rows
        precondition(target.lowerBound >= 0 && target.upperBound <= rows, "rows \(target) out of range")
        precondition(base.rows == target.count && base.columns == columns, "base does not fit the target rows")
        precondition(b.rows == target.count && a.columns == columns && b.columns == a.rows, "product does not fit")
        guard !target.isEmpty, columns > 0 else { return }
        let (width, inner) = (columns, b.columns)
        let minimumPerChunk = max(
            16, target.count * Self.minimumWork / 4 / max(1, target.count * width * max(inner, 1)))
        base.withUnsafeBufferPointer { baseBuffer in
            withOperands(b, a) { bBase, aBase, cBase in
                let source = SharedPointer(baseBuffer.baseAddress)
                Parallel.forEachRange(target.count, minimumPerChunk: minimumPerChunk) { range in
                    guard let from = source.advanced(by: range.lowerBound * width),
                        let to = cBase.advanced(by: (target.lowerBound + range.lowerBound) * width)
                    else { return }
                    to.update(from: from, count: range.count * width)
                    BLAS.gemm(
                        .none, .none, m: range.count, n: width, k: inner, alpha: alpha,
                        a: bBase.advanced(by: range.lowerBound * inner), lda: inner, b: aBase.base, ldb: width,
                        beta: 1, c: to, ldc: width)
                }
            }
        }
    }
}
