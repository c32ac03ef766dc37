/// Multi-head scaled dot-product self-attention over sequences packed one after another (no padding).
///
/// Each sequence attends only to its own tokens, which is what an additive padding mask achieves in a padded batch
/// (masked scores become exactly zero after softmax), without computing the masked part at all. The softmax
/// division is applied to the `[tokens, head size]` output rather than to the `[tokens, tokens]` probabilities.
public enum Attention {
    /// Computes the attention context of every token.
    ///
    /// - Parameters:
    ///   - qkv: `[tokens, 3 · hidden]`: queries, keys and values side by side per token (one fused projection).
    ///   - sequences: disjoint token ranges, one per sequence.
    ///   - heads: number of heads; `hidden` must divide evenly.
    ///   - context: `[tokens, hidden]`, overwritten for every token inside a sequence.
    public static func selfAttention(qkv: Matrix, sequences: [Range<Int>], heads: Int, into context: inout Matrix) {
        let hidden = context.columns
        precondition(qkv.rows == context.rows, "qkv and context differ in token count")
        let (headSize, scale, longest, costs) = plan(qkv: qkv, hidden: hidden, sequences: sequences, heads: heads)
        qkv.withUnsafeBufferPointer { qkvBuffer in
            context.withUnsafeMutableBufferPointer { contextBuffer in
                let input = SharedPointer(qkvBuffer.baseAddress)
                let output = SharedMutablePointer(contextBuffer.baseAddress)
                Parallel.forEachBalancedRange(costs: costs) { items in
                    let scores = UnsafeMutablePointer<Float>.allocate(capacity: longest * longest + longest)
                    defer { scores.deallocate() }
                    let inverseSums = scores + longest * longest
                    for item in items {
                        let sequence = sequences[item / heads]
                        let head = item % heads
                        let length = sequence.count
                        let row = sequence.lowerBound
                        let queries = input.advanced(by: row * 3 * hidden + head * headSize)
                        guard length > 0, let target = output.advanced(by: row * hidden + head * headSize) else {
                            continue
                        }
                        BLAS.gemm(
                            .none, .transposed, m: length, n: length, k: headSize, alpha: scale,
                            a: queries, lda: 3 * hidden, b: queries.map { $0 + hidden }, ldb: 3 * hidden,
                            beta: 0, c: scores, ldc: length)
                        for query in 0..<length {
                            inverseSums[query] = 1 / RowKernels.exponentiateShifted(scores + query * length, length)
                        }
                        BLAS.gemm(
                            .none, .none, m: length, n: headSize, k: length, alpha: 1,
                            a: scores, lda: length, b: queries.map { $0 + 2 * hidden }, ldb: 3 * hidden,
                            beta: 0, c: target, ldc: hidden)
                        for query in 0..<length {
                            let inverse = inverseSums[query]
                            let outputRow = target + query * hidden
                            for column in 0..<headSize { outputRow[column] *= inverse }
                        }
                    }
                }
            }
        }
    }

    /// Checks the shapes and returns the head size, the score scale `1/√headSize`, the longest sequence and the
    /// relative cost of every (sequence, head) pair, for splitting the pairs over the workers.
    static func plan(
        qkv: Matrix, hidden: Int, sequences: [Range<Int>], heads: Int
    ) -> (headSize: Int, scale: Float, longest: Int, costs: [Int]) {
        precondition(qkv.columns == 3 * hidden && heads > 0 && hidden % heads == 0, "attention shapes do not fit")
        precondition(sequences.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= qkv.rows }, "sequence out of range")
        let headSize = hidden / heads
        let costs = sequences.flatMap { sequence in
            repeatElement(sequence.count * sequence.count * headSize + sequence.count * 16, count: heads)
        }
        return (headSize, 1 / Float(headSize).squareRoot(), sequences.map(\.count).max() ?? 0, costs)
    }
}
