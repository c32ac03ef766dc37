import WinnowLinalg
import WinnowStore

/// The most similar pair of examples across two parts of a split: what leaks from train into test.
public struct SimilarPair: Sendable, Equatable {
    /// Cosine similarity of their embeddings.
    public var score: Float
    /// The example in the first part (train).
    public var firstID: Int64
    /// The example in the second part (test).
    public var secondID: Int64
}

/// Finds the highest cosine similarity between the embeddings of two sets of examples, block by block: a block
/// of first-part rows times a block of second-part rows, one `sgemm` each, so memory stays at two blocks and
/// their product however many examples there are (never an N×N matrix).
public enum TrainTestSimilarity {
    /// Rows per block.
    public static let blockRows = 1024

    /// The most similar pair between `first` and `second` among the examples `embeddings` holds (unit vectors,
    /// so the dot product is the cosine); nil when either side has no embedding.
    public static func highest(
        between first: [Int64], and second: [Int64], in embeddings: EmbeddingMatrix, blockRows: Int = blockRows
    ) -> SimilarPair? {
        var row: [Int64: Int] = [:]
        for (index, id) in embeddings.exampleIDs.enumerated() { row[id] = index }
        let left = first.filter { row[$0] != nil }
        let right = second.filter { row[$0] != nil }
        guard !left.isEmpty, !right.isEmpty, embeddings.dimension > 0 else { return nil }
        func block(_ ids: ArraySlice<Int64>) -> Matrix {
            var values: [Float] = []
            values.reserveCapacity(ids.count * embeddings.dimension)
            for id in ids { if let index = row[id] { values.append(contentsOf: embeddings.row(index)) } }
            return Matrix(rows: ids.count, columns: embeddings.dimension, elements: values)
        }
        var best = SimilarPair(score: -.infinity, firstID: 0, secondID: 0)
        var product = Matrix(rows: 0, columns: 0)
        for rightStart in stride(from: 0, to: right.count, by: blockRows) {
            let rightIDs = right[rightStart..<min(rightStart + blockRows, right.count)]
            let rightBlock = block(rightIDs)
            for leftStart in stride(from: 0, to: left.count, by: blockRows) {
                let leftIDs = left[leftStart..<min(leftStart + blockRows, left.count)]
                let leftBlock = block(leftIDs)
                product.reshape(rows: leftIDs.count, columns: rightIDs.count)
                product.multiply(leftBlock, by: rightBlock, .transposed)
                product.withUnsafeBufferPointer { scores in
                    for index in scores.indices where scores[index] > best.score {
                        best = SimilarPair(
                            score: scores[index], firstID: leftIDs[leftStart + index / rightIDs.count],
                            secondID: rightIDs[rightStart + index % rightIDs.count])
                    }
                }
            }
        }
        return best
    }
}
