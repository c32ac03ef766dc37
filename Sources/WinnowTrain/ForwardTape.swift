import WinnowLinalg

/// What the training forward pass keeps of one encoder layer for the backward pass (all `[tokens, …]`, packed
/// like the inference forward pass). The matrices are reused from step to step.
struct LayerTape: Sendable {
    /// The layer's input, `[tokens, hidden]`.
    var input = Matrix(rows: 0, columns: 0)
    /// Queries, keys and values side by side, `[tokens, 3 · hidden]` (attention's input).
    var queriesKeysValues = Matrix(rows: 0, columns: 0)
    /// Attention's output, `[tokens, hidden]` (the attention output projection's input).
    var context = Matrix(rows: 0, columns: 0)
    /// `x̂` of the layer normalisation after attention.
    var attentionNormalized = Matrix(rows: 0, columns: 0)
    /// Inverse deviations of the layer normalisation after attention, one per token.
    var attentionDeviations: [Float] = []
    /// The normalised attention block output, `[tokens, hidden]` (the feed-forward block's input).
    var attentionOutput = Matrix(rows: 0, columns: 0)
    /// The feed-forward expansion before GELU, `[tokens, intermediate]`.
    var preActivation = Matrix(rows: 0, columns: 0)
    /// GELU of it (the contraction's input).
    var activation = Matrix(rows: 0, columns: 0)
    /// `x̂` of the layer normalisation at the end of the layer.
    var outputNormalized = Matrix(rows: 0, columns: 0)
    /// Its inverse deviations.
    var outputDeviations: [Float] = []
    /// Per adapted dense layer, `dropout(x) Aᵀ` (`[tokens, rank]`), needed for `B`'s gradient.
    var projections: [LoRATarget: Matrix] = [:]
    /// Per adapted dense layer, with dropout: the mask scaled by `1 / (1 − p)` (`[tokens, inputs]`).
    var dropoutMasks: [LoRATarget: Matrix] = [:]
    /// Per adapted dense layer, with dropout: the dropped-out input (`A`'s gradient reads it).
    var droppedInputs: [LoRATarget: Matrix] = [:]
}

/// The activations of a training forward pass over one batch.
struct ForwardTape: Sendable {
    /// Token rows of each sequence.
    var sequences: [Range<Int>] = []
    /// Every encoder layer's record (index = layer).
    var layers: [LayerTape] = []
    /// The last layer's output, `[tokens, hidden]`.
    var output = Matrix(rows: 0, columns: 0)

    /// Total tokens in the batch.
    var tokenCount: Int { sequences.last?.upperBound ?? 0 }

    /// Mean of each sequence's output rows: `[sequences, hidden]` (not normalised).
    func meanPooled() -> Matrix {
        let width = output.columns
        var pooled = Matrix(rows: sequences.count, columns: width)
        pooled.withUnsafeMutableBufferPointer { target in
            output.withUnsafeBufferPointer { source in
                for (index, range) in sequences.enumerated() where !range.isEmpty {
                    let row = index * width
                    for token in range {
                        for column in 0..<width { target[row + column] += source[token * width + column] }
                    }
                    let scale = 1 / Float(range.count)
                    for column in 0..<width { target[row + column] *= scale }
                }
            }
        }
        return pooled
    }

    /// Writes into `result` the gradient with respect to the output rows, from the gradient with respect to the
    /// mean-pooled vectors: each token gets its sequence's gradient divided by the sequence's length.
    func unpool(_ gradient: Matrix, into result: inout Matrix) {
        let width = gradient.columns
        result.reshape(rows: tokenCount, columns: width)
        result.withUnsafeMutableBufferPointer { target in
            gradient.withUnsafeBufferPointer { source in
                for (index, range) in sequences.enumerated() where !range.isEmpty {
                    let scale = 1 / Float(range.count)
                    for token in range {
                        for column in 0..<width {
                            target[token * width + column] = source[index * width + column] * scale
                        }
                    }
                }
            }
        }
    }

    /// ``unpool(_:into:)`` into a new matrix.
    func unpooled(_ gradient: Matrix) -> Matrix {
        var result = Matrix(rows: 0, columns: 0)
        unpool(gradient, into: &result)
        return result
    }
}
