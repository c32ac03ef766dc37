import WinnowCore
import WinnowEncoder
import WinnowLinalg

/// A BERT encoder with frozen weights and trainable LoRA updates: the training forward pass, which records what
/// the backward pass (``backward(_:outputGradient:into:workspace:)``) needs.
///
/// Sequences are packed as in ``BertModel``: every dense layer is one product over all tokens of the batch and
/// attention runs per sequence and head, so a sequence's result and gradients do not depend on its batch.
///
/// Without dropout, each adapted weight is merged (`W + scaling · B A`) once per optimiser step
/// (``refreshMergedWeights()``), and the forward pass and the input-gradient products use the merged weights:
/// one product per dense layer, as in inference. With dropout, the LoRA branch sees a different input from the
/// base layer, so it runs beside the base weights (`x Wᵀ + scaling · (dropout(x) Aᵀ) Bᵀ`).
struct TrainableEncoder: Sendable {
    /// A layer's weights as the products use them.
    struct MergedLayer: Sendable {
        /// Query, key and value weights stacked, `[3 · hidden, hidden]`.
        var projection: Matrix
        /// `[hidden, hidden]`.
        var attentionOutput: Matrix
        /// `[intermediate, hidden]`.
        var intermediate: Matrix
        /// `[hidden, intermediate]`.
        var output: Matrix
    }

    /// The sizes.
    let config: BertConfig
    /// The frozen weights.
    let base: BertModel
    /// Rank, alpha, dropout, targets.
    let configuration: LoRAConfiguration
    /// The adapted modules, in order.
    let keys: [LoRAModuleKey]
    /// The updates, aligned with ``keys`` (what the optimiser changes).
    var modules: [LoRAModule]
    /// Module index by layer and target.
    private let moduleIndex: [LoRAModuleKey: Int]
    /// The stacked query/key/value biases of every layer.
    private let projectionBiases: [[Float]]
    /// The weights the products use (merged with the updates unless dropout is on).
    private(set) var merged: [MergedLayer]
    /// The lowest layer with an update: the backward pass stops there.
    let lowestLayer: Int

    /// An encoder over `base` with the updates of `adapter` (which must fit `base`'s sizes).
    init(base: BertModel, adapter: LoRAAdapter) {
        let config = base.config
        self.config = config
        self.base = base
        self.configuration = adapter.configuration
        keys = adapter.orderedKeys
        modules = keys.compactMap { adapter.modules[$0] }
        moduleIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        for (key, module) in zip(keys, modules) {
            let (inputs, outputs) = key.target.shape(in: config)
            precondition(
                key.layer < config.layerCount && module.a.columns == inputs && module.b.rows == outputs,
                "the adapter's \(key) does not fit the model")
        }
        projectionBiases = base.weights.layers.map { $0.query.bias + $0.key.bias + $0.value.bias }
        merged = base.weights.layers.map { layer in
            MergedLayer(
                projection: Matrix.concatenatingRows([layer.query.weight, layer.key.weight, layer.value.weight]),
                attentionOutput: layer.attentionOutput.weight,
                intermediate: layer.intermediate.weight, output: layer.output.weight)
        }
        lowestLayer = keys.map(\.layer).min() ?? config.layerCount
        refreshMergedWeights()
    }

    /// The adapter with the current updates.
    var adapter: LoRAAdapter {
        LoRAAdapter(configuration: configuration, modules: Dictionary(uniqueKeysWithValues: zip(keys, modules)))
    }

    /// Whether the LoRA branch runs beside the base weights (dropout) rather than merged into them.
    var usesSeparateBranch: Bool { configuration.dropout > 0 }

    /// The update of `target` in `layer`, if adapted.
    func module(layer: Int, _ target: LoRATarget) -> (index: Int, module: LoRAModule)? {
        guard let index = moduleIndex[LoRAModuleKey(layer: layer, target: target)] else { return nil }
        return (index, modules[index])
    }

    /// The columns of the stacked projection that belong to `target` (query, key or value).
    func projectionColumns(_ target: LoRATarget) -> Range<Int> {
        let hidden = config.hiddenSize
        switch target {
        case .query: return 0..<hidden
        case .key: return hidden..<2 * hidden
        default: return 2 * hidden..<3 * hidden
        }
    }

    /// Recomputes the merged weights from the current updates (after each optimiser step; nothing to do when the
    /// LoRA branch runs separately).
    mutating func refreshMergedWeights() {
        guard !usesSeparateBranch else { return }
        for layer in Set(keys.map(\.layer)) {
            let weights = base.weights.layers[layer]
            // Each merged matrix is overwritten in place (`merged[layer].…`), so no copy-on-write copy is made.
            // Rows of unadapted projections keep the base weights they were built with.
            for target in [LoRATarget.query, .key, .value] {
                guard let (_, module) = module(layer: layer, target) else { continue }
                merged[layer].projection.setSum(
                    target.weights(in: weights).weight, plus: module.scaling, module.b, times: module.a,
                    intoRows: projectionColumns(target))
            }
            if let (_, module) = module(layer: layer, .attentionOutput) {
                merged[layer].attentionOutput.setSum(
                    weights.attentionOutput.weight, plus: module.scaling, module.b, times: module.a)
            }
            if let (_, module) = module(layer: layer, .intermediate) {
                merged[layer].intermediate.setSum(
                    weights.intermediate.weight, plus: module.scaling, module.b, times: module.a)
            }
            if let (_, module) = module(layer: layer, .output) {
                merged[layer].output.setSum(weights.output.weight, plus: module.scaling, module.b, times: module.a)
            }
        }
    }

    /// The training forward pass over `sequences` of token ids, recorded in `tape` (whose matrices are reused).
    ///
    /// `generator` draws the dropout masks (unused without dropout).
    ///
    /// With `cached`, the hidden states entering layer `firstLayer` (`[tokens, hidden]`, packed in the order of
    /// `sequences`), the layers below are skipped: they are frozen and carry no update, so their output is the
    /// same every epoch (``FrozenLayerCache``).
    func forward(
        _ sequences: [[Int]], cached: Matrix? = nil, firstLayer: Int = 0, tape: inout ForwardTape,
        generator: inout SeededRandom
    ) {
        precondition(cached == nil || firstLayer <= lowestLayer, "cached layers must not carry updates")
        let ranges = base.packedRanges(sequences)
        let start = ranges.last?.upperBound ?? 0
        tape.sequences = ranges
        if tape.layers.count != config.layerCount {
            tape.layers = Array(repeating: LayerTape(), count: config.layerCount)
        }
        if let cached {
            precondition(cached.rows == start && firstLayer < config.layerCount, "cached states do not fit the batch")
            tape.layers[firstLayer].input.copy(from: cached)
        } else {
            base.embed(sequences, into: &tape.layers[0].input)
        }
        for layer in (cached == nil ? 0 : firstLayer)..<config.layerCount {
            var output = Matrix(rows: 0, columns: 0)
            if layer + 1 < config.layerCount {
                swap(&output, &tape.layers[layer + 1].input)
            } else {
                swap(&output, &tape.output)
            }
            forwardLayer(layer, tape: &tape.layers[layer], sequences: ranges, output: &output, generator: &generator)
            if layer + 1 < config.layerCount {
                swap(&output, &tape.layers[layer + 1].input)
            } else {
                swap(&output, &tape.output)
            }
        }
    }

    /// One encoder layer of the training forward pass: reads `tape.input`, fills `tape` and `output`.
    private func forwardLayer(
        _ index: Int, tape: inout LayerTape, sequences: [Range<Int>], output: inout Matrix,
        generator: inout SeededRandom
    ) {
        let weights = base.weights.layers[index]
        let layer = merged[index]
        let tokens = tape.input.rows
        let epsilon = config.layerNormEpsilon
        let separate = usesSeparateBranch
        guard tokens > 0 else {
            output.reshape(rows: 0, columns: config.hiddenSize)
            return
        }
        // Queries, keys, values.
        for target in [LoRATarget.query, .key, .value] {
            project(layer: index, target, input: tape.input, tape: &tape, generator: &generator)
        }
        tape.queriesKeysValues.reshape(rows: tokens, columns: 3 * config.hiddenSize)
        tape.queriesKeysValues.multiply(
            tape.input, by: layer.projection, .transposed, then: separate ? .none : .addBias(projectionBiases[index]))
        if separate {
            for target in [LoRATarget.query, .key, .value] {
                addBranch(
                    layer: index, target, projection: tape.projections[target], into: &tape.queriesKeysValues,
                    columns: projectionColumns(target))
            }
            tape.queriesKeysValues.addRowVector(projectionBiases[index])
        }
        tape.context.reshape(rows: tokens, columns: config.hiddenSize)
        Attention.selfAttention(
            qkv: tape.queriesKeysValues, sequences: sequences, heads: config.attentionHeads, into: &tape.context)
        // Attention output + residual + LayerNorm.
        project(layer: index, .attentionOutput, input: tape.context, tape: &tape, generator: &generator)
        tape.attentionOutput.copy(from: tape.input)
        tape.attentionOutput.multiply(
            tape.context, by: layer.attentionOutput, .transposed, beta: 1,
            then: separate ? .none : .addBias(weights.attentionOutput.bias))
        if separate {
            addBranch(
                layer: index, .attentionOutput, projection: tape.projections[.attentionOutput],
                into: &tape.attentionOutput)
            tape.attentionOutput.addRowVector(weights.attentionOutput.bias)
        }
        tape.attentionOutput.layerNormalizeRows(
            scale: weights.attentionLayerNorm.gamma, shift: weights.attentionLayerNorm.beta, epsilon: epsilon,
            recordingNormalized: &tape.attentionNormalized, inverseDeviations: &tape.attentionDeviations)
        // Feed-forward expansion + GELU.
        project(layer: index, .intermediate, input: tape.attentionOutput, tape: &tape, generator: &generator)
        tape.preActivation.reshape(rows: tokens, columns: config.intermediateSize)
        tape.preActivation.multiply(
            tape.attentionOutput, by: layer.intermediate, .transposed,
            then: separate ? .none : .addBias(weights.intermediate.bias))
        if separate {
            addBranch(
                layer: index, .intermediate, projection: tape.projections[.intermediate], into: &tape.preActivation)
            tape.preActivation.addRowVector(weights.intermediate.bias)
        }
        tape.activation.setGELU(of: tape.preActivation)
        // Contraction + residual + LayerNorm.
        project(layer: index, .output, input: tape.activation, tape: &tape, generator: &generator)
        output.copy(from: tape.attentionOutput)
        output.multiply(
            tape.activation, by: layer.output, .transposed, beta: 1,
            then: separate ? .none : .addBias(weights.output.bias))
        if separate {
            addBranch(layer: index, .output, projection: tape.projections[.output], into: &output)
            output.addRowVector(weights.output.bias)
        }
        output.layerNormalizeRows(
            scale: weights.outputLayerNorm.gamma, shift: weights.outputLayerNorm.beta, epsilon: epsilon,
            recordingNormalized: &tape.outputNormalized, inverseDeviations: &tape.outputDeviations)
    }

    /// Records `dropout(input) Aᵀ` for `target`'s update (and, with dropout, the mask and the dropped input).
    private func project(
        layer: Int, _ target: LoRATarget, input: Matrix, tape: inout LayerTape, generator: inout SeededRandom
    ) {
        guard let (_, module) = module(layer: layer, target) else { return }
        var projection = tape.projections.removeValue(forKey: target) ?? Matrix(rows: 0, columns: 0)
        projection.reshape(rows: input.rows, columns: module.rank)
        if usesSeparateBranch {
            var mask = tape.dropoutMasks.removeValue(forKey: target) ?? Matrix(rows: 0, columns: 0)
            var dropped = tape.droppedInputs.removeValue(forKey: target) ?? Matrix(rows: 0, columns: 0)
            Self.drawMask(&mask, rows: input.rows, columns: input.columns, dropout: configuration.dropout, &generator)
            dropped.copy(from: input)
            dropped.multiplyElements(by: mask)
            projection.multiply(dropped, by: module.a, .transposed)
            tape.dropoutMasks[target] = mask
            tape.droppedInputs[target] = dropped
        } else {
            projection.multiply(input, by: module.a, .transposed)
        }
        tape.projections[target] = projection
    }

    /// Adds `scaling · (dropout(x) Aᵀ) Bᵀ` of `target` to `columns` of `output` (the separate branch).
    private func addBranch(
        layer: Int, _ target: LoRATarget, projection: Matrix?, into output: inout Matrix, columns: Range<Int>? = nil
    ) {
        guard let (_, module) = module(layer: layer, target), let projection else { return }
        output.multiply(
            Submatrix(projection), by: Submatrix(module.b), .transposed, intoRows: 0..<output.rows,
            columns: columns ?? 0..<output.columns, alpha: module.scaling, beta: 1)
    }

    /// Fills `mask` with `1 / (1 − dropout)` or 0 (probability `dropout`) per element.
    static func drawMask(
        _ mask: inout Matrix, rows: Int, columns: Int, dropout: Float, _ generator: inout SeededRandom
    ) {
        mask.reshape(rows: rows, columns: columns)
        let keep = 1 / (1 - dropout)
        let threshold = UInt64(Double(dropout) * Double(UInt64.max))
        mask.withUnsafeMutableBufferPointer { values in
            for index in values.indices { values[index] = generator.next() < threshold ? 0 : keep }
        }
    }
}
