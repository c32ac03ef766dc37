/// A row found by ``Matrix/nearestRows(of:count:excludingSameIndex:)``: its index and its dot product.
public struct ScoredRow: Sendable, Equatable {
    /// Row index in the searched matrix.
    public var index: Int
    /// Dot product with the query row (the cosine, for unit vectors).
    public var score: Float

    /// A scored row.
    public init(index: Int, score: Float) {
        self.index = index
        self.score = score
    }
}

extension Matrix {
    /// For each row of `self`, the `count` rows of `other` with the largest dot products, best first (ties: the
    /// lower index first).
    ///
    /// Computed block by block (``blockedProduct(withTransposeOf:blockSize:upperTriangle:makeState:consume:)``):
    /// memory is the result plus one scratch block per worker. With `excludingSameIndex` (for `other` equal to
    /// `self`) a row never finds itself.
    public func nearestRows(of other: Matrix, count: Int, excludingSameIndex: Bool = false) -> [[ScoredRow]] {
        precondition(count > 0, "count must be positive")
        let states = blockedProduct(
            withTransposeOf: other, blockSize: 512,
            makeState: { rows in TopRows(rows: rows, count: count) },
            consume: { block, top in
                for row in block.rows {
                    block.forEachValue(inRow: row, atLeast: top.floor(row)) { column, value in
                        if !(excludingSameIndex && column == row) { top.offer(row: row, column: column, score: value) }
                    }
                }
            })
        return states.flatMap { $0.results() }
    }
}

/// The `count` best columns seen so far for each row of a block of rows (a small sorted list per row).
struct TopRows: Sendable {
    let rows: Range<Int>
    let count: Int
    private var columns: [Int32]
    private var scores: [Float]

    init(rows: Range<Int>, count: Int) {
        self.rows = rows
        self.count = count
        columns = Array(repeating: -1, count: rows.count * count)
        scores = Array(repeating: -.infinity, count: rows.count * count)
    }

    /// The score a column must reach to be considered for row `row`'s list.
    func floor(_ row: Int) -> Float {
        scores[(row - rows.lowerBound) * count + count - 1]
    }

    /// Puts `column` into row `row`'s list if it beats the last entry (an equal score keeps the earlier column).
    mutating func offer(row: Int, column: Int, score: Float) {
        let base = (row - rows.lowerBound) * count
        guard score > scores[base + count - 1] || columns[base + count - 1] < 0 else { return }
        var position = count - 1
        while position > 0 && (scores[base + position - 1] < score || columns[base + position - 1] < 0) {
            scores[base + position] = scores[base + position - 1]
            columns[base + position] = columns[base + position - 1]
            position -= 1
        }
        scores[base + position] = score
        columns[base + position] = Int32(column)
    }

    func results() -> [[ScoredRow]] {
        (0..<rows.count).map { local in
            (0..<count).compactMap { slot in
                let column = columns[local * count + slot]
                return column < 0 ? nil : ScoredRow(index: Int(column), score: scores[local * count + slot])
            }
        }
    }
}
