import WinnowLinalg

/// A BERT encoder's forward pass (inference), on OpenBLAS.
///
/// Sequences are packed one after another into a `[tokens, hidden]` matrix with no padding: every dense layer is
/// one `sgemm` over all tokens of the batch, and attention runs per sequence and head, so a sequence never sees
/// another's tokens and its result does not depend on what it is batched with.
///
/// Per layer: fused Q/K/V projection (one `sgemm`, weights concatenated at load) + bias; attention; output
/// projection accumulated onto the residual (`beta = 1`), bias + LayerNorm in one pass; feed-forward expansion with
/// bias + GELU in one pass; contraction accumulated onto the residual, bias + LayerNorm. Each bias, GELU and
/// LayerNorm runs as the epilogue of its product (``RowEpilogue``), on each worker's rows as soon as they are done.
public struct BertModel: Sendable {
    /// The sizes.
    public let config: BertConfig
    /// The weights as loaded (what a fine-tuner reads and modifies).
    public let weights: BertWeights
    /// Per layer, query, key and value projections stacked into one `[3 · hidden, hidden]` layer.
    private let projections: [LinearWeights]

    /// A model over `weights`, which must have the sizes of `config`.
    public init(config: BertConfig, weights: BertWeights) {
        precondition(weights.layers.count == config.layerCount, "layer count differs from the configuration")
        precondition(weights.embeddings.words.columns == config.hiddenSize, "hidden size differs")
        self.config = config
        self.weights = weights
        self.projections = weights.layers.map { layer in
            LinearWeights(
                weight: Matrix.concatenatingRows([layer.query.weight, layer.key.weight, layer.value.weight]),
                bias: layer.query.bias + layer.key.bias + layer.value.bias)
        }
    }

    /// Runs the encoder over `sequences` of token ids (each at most `maximumPositions` long, token type 0).
    ///
    /// With `recordingLayers`, the output also holds the embedding output and every layer's output.
    public func forward(_ sequences: [[Int]], recordingLayers: Bool = false) -> BertOutput {
        var workspace = BertWorkspace()
        return forward(sequences, recordingLayers: recordingLayers, workspace: &workspace)
    }

    /// ``forward(_:recordingLayers:)`` with scratch memory kept in `workspace` between calls.
    public func forward(
        _ sequences: [[Int]], recordingLayers: Bool = false, workspace: inout BertWorkspace
    ) -> BertOutput {
        let ranges = packedRanges(sequences)
        let tokens = ranges.last?.upperBound ?? 0
        var hidden = embed(sequences)
        var recorded: [Matrix] = recordingLayers ? [hidden] : []
        var qkv = workspace.take(\.queriesKeysValues, rows: tokens, columns: 3 * config.hiddenSize)
        var context = workspace.take(\.context, rows: tokens, columns: config.hiddenSize)
        var intermediate = workspace.take(\.intermediate, rows: tokens, columns: config.intermediateSize)
        defer {
            workspace.queriesKeysValues = qkv
            workspace.context = context
            workspace.intermediate = intermediate
        }
        let epsilon = config.layerNormEpsilon
        for (layer, projection) in zip(weights.layers, projections) where tokens > 0 {
            qkv.multiply(hidden, by: projection.weight, .transposed, then: .addBias(projection.bias))
            Attention.selfAttention(qkv: qkv, sequences: ranges, heads: config.attentionHeads, into: &context)
            hidden.multiply(
                context, by: layer.attentionOutput.weight, .transposed, beta: 1,
                then: .addBiasNormalizing(
                    bias: layer.attentionOutput.bias, gamma: layer.attentionLayerNorm.gamma,
                    beta: layer.attentionLayerNorm.beta, epsilon: epsilon))
            intermediate.multiply(
                hidden, by: layer.intermediate.weight, .transposed, then: .addBiasApplyingGELU(layer.intermediate.bias))
            hidden.multiply(
                intermediate, by: layer.output.weight, .transposed, beta: 1,
                then: .addBiasNormalizing(
                    bias: layer.output.bias, gamma: layer.outputLayerNorm.gamma, beta: layer.outputLayerNorm.beta,
                    epsilon: epsilon))
            if recordingLayers { recorded.append(hidden) }
        }
        return BertOutput(hiddenStates: hidden, sequences: ranges, layers: recorded)
    }

    /// The token rows of each of `sequences` when they are packed one after another (each at most
    /// `maximumPositions` long).
    public func packedRanges(_ sequences: [[Int]]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for sequence in sequences {
            precondition(sequence.count <= config.maximumPositions, "sequence longer than the position table")
            ranges.append(start..<start + sequence.count)
            start += sequence.count
        }
        return ranges
    }

    /// Word + position + token-type (0) embeddings of every token of `sequences` (packed one after another),
    /// layer-normalised: `[tokens, hidden]`, the input of the first encoder layer.
    public func embed(_ sequences: [[Int]]) -> Matrix {
        var result = Matrix(rows: 0, columns: 0)
        embed(sequences, into: &result)
        return result
    }

    /// ``embed(_:)`` into `result`, reusing its storage.
    public func embed(_ sequences: [[Int]], into result: inout Matrix) {
        let tokens = sequences.reduce(0) { $0 + $1.count }
        let width = config.hiddenSize
        let table = weights.embeddings
        result.reshape(rows: tokens, columns: width)
        result.withUnsafeMutableBufferPointer { output in
            table.words.withUnsafeBufferPointer { words in
                table.positions.withUnsafeBufferPointer { positions in
                    table.tokenTypes.withUnsafeBufferPointer { types in
                        var row = 0
                        for sequence in sequences {
                            for (position, id) in sequence.enumerated() {
                                precondition(id >= 0 && id < table.words.rows, "token id \(id) outside the vocabulary")
                                let target = row * width
                                for column in 0..<width {
                                    output[target + column] =
                                        words[id * width + column] + positions[position * width + column]
                                        + types[column]
                                }
                                row += 1
                            }
                        }
                    }
                }
            }
        }
        result.layerNormalizeRows(
            scale: table.layerNorm.gamma, shift: table.layerNorm.beta, epsilon: config.layerNormEpsilon)
    }

    /// Multiply-add operations ×2 done by the matrix products for sequences of `lengths` (what `forward` computes).
    ///
    /// Counts the four projections and two attention products per layer; element-wise work is not counted.
    public func matmulFLOPs(sequenceLengths lengths: [Int]) -> Double {
        let hidden = Double(config.hiddenSize)
        let intermediate = Double(config.intermediateSize)
        let tokens = Double(lengths.reduce(0, +))
        let dense = 2 * tokens * hidden * (3 * hidden + hidden + 2 * intermediate)
        let attention = lengths.reduce(0.0) { $0 + 4 * Double($1) * Double($1) * hidden }
        return Double(config.layerCount) * (dense + attention)
    }
}
