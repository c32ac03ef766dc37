import WinnowLinalg

/// A dense layer: `y = x · weightᵀ + bias`, with `weight` stored `[out, in]` as in PyTorch checkpoints.
public struct LinearWeights: Sendable, Equatable {
    /// `[out, in]`.
    public var weight: Matrix
    /// `[out]`.
    public var bias: [Float]

    /// A dense layer from its parts.
    public init(weight: Matrix, bias: [Float]) {
        precondition(bias.count == weight.rows, "bias of \(bias.count) for \(weight.rows) outputs")
        self.weight = weight
        self.bias = bias
    }

    /// Number of inputs.
    public var inputSize: Int { weight.columns }
    /// Number of outputs.
    public var outputSize: Int { weight.rows }
}

/// Layer-normalisation parameters: `gamma` (scale) and `beta` (shift), both `[hidden]`.
public struct LayerNormWeights: Sendable, Equatable {
    /// Per-feature scale.
    public var gamma: [Float]
    /// Per-feature shift.
    public var beta: [Float]

    /// Layer-norm parameters from their parts.
    public init(gamma: [Float], beta: [Float]) {
        precondition(gamma.count == beta.count, "gamma and beta differ in length")
        self.gamma = gamma
        self.beta = beta
    }
}

/// The embedding tables and their layer normalisation.
public struct BertEmbeddingWeights: Sendable, Equatable {
    /// `[vocabulary, hidden]`.
    public var words: Matrix
    /// `[positions, hidden]`.
    public var positions: Matrix
    /// `[token types, hidden]`.
    public var tokenTypes: Matrix
    /// Applied to the sum of the three embeddings.
    public var layerNorm: LayerNormWeights

    /// Embedding weights from their parts.
    public init(words: Matrix, positions: Matrix, tokenTypes: Matrix, layerNorm: LayerNormWeights) {
        precondition(words.columns == positions.columns && words.columns == tokenTypes.columns, "widths differ")
        self.words = words
        self.positions = positions
        self.tokenTypes = tokenTypes
        self.layerNorm = layerNorm
    }
}

/// One encoder layer (post-LayerNorm BERT).
///
/// The trainer adds LoRA deltas to `query` and `value` (or others) and builds a new ``BertModel`` from the result,
/// or runs its own forward pass over these weights.
public struct BertLayerWeights: Sendable, Equatable {
    /// Query projection `[hidden, hidden]`.
    public var query: LinearWeights
    /// Key projection `[hidden, hidden]`.
    public var key: LinearWeights
    /// Value projection `[hidden, hidden]`.
    public var value: LinearWeights
    /// Attention output projection `[hidden, hidden]`.
    public var attentionOutput: LinearWeights
    /// Normalisation after attention + residual.
    public var attentionLayerNorm: LayerNormWeights
    /// Feed-forward expansion `[intermediate, hidden]`, followed by GELU.
    public var intermediate: LinearWeights
    /// Feed-forward contraction `[hidden, intermediate]`.
    public var output: LinearWeights
    /// Normalisation after the feed-forward block + residual.
    public var outputLayerNorm: LayerNormWeights

    /// Layer weights from their parts.
    public init(
        query: LinearWeights, key: LinearWeights, value: LinearWeights, attentionOutput: LinearWeights,
        attentionLayerNorm: LayerNormWeights, intermediate: LinearWeights, output: LinearWeights,
        outputLayerNorm: LayerNormWeights
    ) {
        self.query = query
        self.key = key
        self.value = value
        self.attentionOutput = attentionOutput
        self.attentionLayerNorm = attentionLayerNorm
        self.intermediate = intermediate
        self.output = output
        self.outputLayerNorm = outputLayerNorm
    }
}

/// All weights of a BERT encoder.
public struct BertWeights: Sendable, Equatable {
    /// Embedding tables.
    public var embeddings: BertEmbeddingWeights
    /// Encoder layers, first to last.
    public var layers: [BertLayerWeights]

    /// Weights from their parts.
    public init(embeddings: BertEmbeddingWeights, layers: [BertLayerWeights]) {
        self.embeddings = embeddings
        self.layers = layers
    }
}
