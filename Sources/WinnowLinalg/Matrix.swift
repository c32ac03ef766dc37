/// A dense, row-major matrix of `Float`.
///
/// Element `(row, column)` lives at `elements[row * columns + column]`. The storage is a plain array, so copies are
/// cheap until written (copy on write), and kernels reach the memory through `withUnsafe…` closures only.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns (the distance between consecutive rows).
    public private(set) var columns: Int
    /// The row-major elements; `count == rows * columns`.
    public private(set) var elements: [Float]

    /// A matrix of `rows × columns` filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over `elements` given row by row.
    public init(rows: Int, columns: Int, elements: [Float]) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        precondition(elements.count == rows * columns, "\(elements.count) elements for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix whose rows are `rows` (all of the same length).
    public init(stacking rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "rows of different lengths")
        self.init(rows: rows.count, columns: width, elements: rows.flatMap { $0 })
    }

    /// Gives the matrix the shape `rows × columns`, reusing the storage it already has; the elements keep
    /// whatever values were stored before (zeros where the matrix grows), so callers must overwrite them.
    ///
    /// Scratch matrices reshaped between batches avoid fresh large allocations, whose first touch costs page
    /// faults, and a pass of zeros that a product with `beta = 0` would overwrite anyway.
    public mutating func reshape(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        let count = rows * columns
        if count <= elements.count {
            elements.removeLast(elements.count - count)
        } else {
            elements.append(contentsOf: repeatElement(0, count: count - elements.count))
        }
    }

    /// Makes this matrix an exact copy of `other`, reusing its own storage (no new allocation once it is large
    /// enough), unlike an assignment, which shares `other`'s storage until the next write copies it.
    public mutating func copy(from other: Matrix) {
        reshape(rows: other.rows, columns: other.columns)
        other.elements.withUnsafeBufferPointer { source in
            elements.withUnsafeMutableBufferPointer { target in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                to.update(from: from, count: source.count)
            }
        }
    }

    /// The element at `(row, column)`.
    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            elements[row * columns + column] = newValue
        }
    }

    /// Row `index` as a fresh array.
    public func row(_ index: Int) -> [Float] {
        precondition(index >= 0 && index < rows, "row \(index) out of range 0..<\(rows)")
        return Array(elements[index * columns..<(index + 1) * columns])
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) out of range 0..<\(rows)")
        return Matrix(
            rows: range.count, columns: columns,
            elements: Array(elements[range.lowerBound * columns..<range.upperBound * columns]))
    }

    /// The rows at `indices`, in that order (repeats allowed), as a new matrix.
    public func rows(at indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        let width = columns
        elements.withUnsafeBufferPointer { source in
            result.elements.withUnsafeMutableBufferPointer { target in
                for (position, row) in indices.enumerated() {
                    precondition(row >= 0 && row < rows, "row \(row) out of range 0..<\(rows)")
                    for column in 0..<width { target[position * width + column] = source[row * width + column] }
                }
            }
        }
        return result
    }

    /// The rows of every matrix in `parts`, in order, as one matrix (all of the same width).
    public static func concatenatingRows(_ parts: [Matrix]) -> Matrix {
        let width = parts.first?.columns ?? 0
        precondition(parts.allSatisfy { $0.columns == width }, "matrices of different widths")
        return Matrix(rows: parts.reduce(0) { $0 + $1.rows }, columns: width, elements: parts.flatMap(\.elements))
    }

    /// The transpose, `columns × rows`.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        elements.withUnsafeBufferPointer { source in
            result.elements.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    for column in 0..<columns {
                        target[column * rows + row] = source[row * columns + column]
                    }
                }
            }
        }
        return result
    }

    /// Calls `body` with the elements, read only.
    public func withUnsafeBufferPointer<Result>(
        _ body: (UnsafeBufferPointer<Float>) throws -> Result
    ) rethrows -> Result {
        try elements.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the elements, writable in place.
    public mutating func withUnsafeMutableBufferPointer<Result>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> Result
    ) rethrows -> Result {
        try elements.withUnsafeMutableBufferPointer(body)
    }
}
