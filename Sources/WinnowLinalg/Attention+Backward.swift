extension Attention {
    /// The backward pass of ``selfAttention(qkv:sequences:heads:into:)``: the gradient with respect to the fused
    /// queries, keys and values, from the gradient with respect to the context.
    ///
    /// Per sequence and head, the probabilities `P = softmax(scale · Q Kᵀ)` are computed again from `qkv` (cheaper
    /// than keeping `tokens²` values per head), then `dV = Pᵀ dC`, `dP = dC Vᵀ`, `dS = P ⊙ (dP − rowsum(dP ⊙ P))`,
    /// `dQ = scale · dS K` and `dK = scale · dSᵀ Q`. As in the forward pass a sequence only sees its own tokens.
    ///
    /// - Parameters:
    ///   - qkv: `[tokens, 3 · hidden]`, what the forward pass read.
    ///   - contextGradient: `[tokens, hidden]`, the gradient with respect to its output.
    ///   - sequences: the same disjoint token ranges as in the forward pass.
    ///   - heads: number of heads.
    ///   - qkvGradient: `[tokens, 3 · hidden]`, overwritten for every token inside a sequence.
    public static func selfAttentionBackward(
        qkv: Matrix, contextGradient: Matrix, sequences: [Range<Int>], heads: Int, into qkvGradient: inout Matrix
    ) {
        let hidden = contextGradient.columns
        precondition(
            qkv.rows == contextGradient.rows && qkvGradient.rows == qkv.rows && qkvGradient.columns == qkv.columns,
            "attention gradients do not fit")
        let (headSize, scale, longest, costs) = plan(qkv: qkv, hidden: hidden, sequences: sequences, heads: heads)
        let stride = 3 * hidden
        qkv.withUnsafeBufferPointer { qkvBuffer in
            contextGradient.withUnsafeBufferPointer { contextBuffer in
                qkvGradient.withUnsafeMutableBufferPointer { gradientBuffer in
                    let input = SharedPointer(qkvBuffer.baseAddress)
                    let upstream = SharedPointer(contextBuffer.baseAddress)
                    let output = SharedMutablePointer(gradientBuffer.baseAddress)
                    Parallel.forEachBalancedRange(costs: costs) { items in
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * longest * longest)
                        defer { scratch.deallocate() }
                        let probabilities = scratch
                        let scores = scratch + longest * longest
                        for item in items {
                            let sequence = sequences[item / heads]
                            let head = item % heads
                            let length = sequence.count
                            let row = sequence.lowerBound
                            let offset = row * stride + head * headSize
                            guard length > 0, let queries = input.advanced(by: offset),
                                let target = output.advanced(by: offset),
                                let contextRows = upstream.advanced(by: row * hidden + head * headSize)
                            else { continue }
                            let keys = queries + hidden
                            let values = queries + 2 * hidden
                            BLAS.gemm(
                                .none, .transposed, m: length, n: length, k: headSize, alpha: scale,
                                a: queries, lda: stride, b: keys, ldb: stride, beta: 0, c: probabilities, ldc: length)
                            for query in 0..<length { RowKernels.softmax(probabilities + query * length, length) }
                            // dV = Pᵀ dC
                            BLAS.gemm(
                                .transposed, .none, m: length, n: headSize, k: length, alpha: 1,
                                a: probabilities, lda: length, b: contextRows, ldb: hidden, beta: 0,
                                c: target + 2 * hidden, ldc: stride)
                            // dP = dC Vᵀ, then dS = P ⊙ (dP − rowsum(dP ⊙ P)), in `scores`.
                            BLAS.gemm(
                                .none, .transposed, m: length, n: length, k: headSize, alpha: 1,
                                a: contextRows, lda: hidden, b: values, ldb: stride, beta: 0, c: scores, ldc: length)
                            for query in 0..<length {
                                let p = probabilities + query * length
                                let d = scores + query * length
                                var dot: Float = 0
                                for key in 0..<length { dot += p[key] * d[key] }
                                for key in 0..<length { d[key] = p[key] * (d[key] - dot) }
                            }
                            // dQ = scale · dS K, dK = scale · dSᵀ Q
                            BLAS.gemm(
                                .none, .none, m: length, n: headSize, k: length, alpha: scale,
                                a: scores, lda: length, b: keys, ldb: stride, beta: 0, c: target, ldc: stride)
                            BLAS.gemm(
                                .transposed, .none, m: length, n: headSize, k: length, alpha: scale,
                                a: scores, lda: length, b: queries, ldb: stride, beta: 0, c: target + hidden,
                                ldc: stride)
                        }
                    }
                }
            }
        }
    }
}
