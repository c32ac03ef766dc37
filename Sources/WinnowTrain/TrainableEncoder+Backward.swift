import WinnowEncoder
import WinnowLinalg

/// The gradient of the loss with respect to one update's `A` (`[rank, inputs]`) and `B` (`[outputs, rank]`).
struct LoRAGradient: Sendable, Equatable {
    /// With respect to `A`.
    var a: Matrix
    /// With respect to `B`.
    var b: Matrix
}

/// Scratch matrices of the backward pass, reused from step to step.
struct BackwardWorkspace: Sendable {
    /// The gradient with respect to the hidden states at the current point, `[tokens, hidden]`.
    var hidden = Matrix(rows: 0, columns: 0)
    /// With respect to the feed-forward activations (then pre-activations), `[tokens, intermediate]`.
    var activation = Matrix(rows: 0, columns: 0)
    /// With respect to the attention context, `[tokens, hidden]`.
    var context = Matrix(rows: 0, columns: 0)
    /// With respect to queries, keys and values, `[tokens, 3 · hidden]`.
    var queriesKeysValues = Matrix(rows: 0, columns: 0)
    /// `upstream · B`, `[tokens, rank]`.
    var branch = Matrix(rows: 0, columns: 0)
    /// A LoRA branch's contribution to its input's gradient (with dropout), `[tokens, inputs]`.
    var branchInput = Matrix(rows: 0, columns: 0)
}

extension TrainableEncoder {
    /// Zero gradients for every update, aligned with ``keys``.
    func makeGradients() -> [LoRAGradient] {
        modules.map {
            LoRAGradient(
                a: Matrix(rows: $0.a.rows, columns: $0.a.columns), b: Matrix(rows: $0.b.rows, columns: $0.b.columns))
        }
    }

    /// The backward pass: from the gradient with respect to the last layer's output (`[tokens, hidden]`) to the
    /// gradients of every update, written to `gradients` (overwritten, aligned with ``keys``).
    ///
    /// The frozen weights get no gradient; below ``lowestLayer`` nothing is computed.
    func backward(
        _ tape: ForwardTape, outputGradient: Matrix, into gradients: inout [LoRAGradient],
        workspace: inout BackwardWorkspace
    ) {
        workspace.hidden.copy(from: outputGradient)
        backward(tape, into: &gradients, workspace: &workspace)
    }

    /// ``backward(_:outputGradient:into:workspace:)`` with the output gradient already in `workspace.hidden`.
    func backward(_ tape: ForwardTape, into gradients: inout [LoRAGradient], workspace: inout BackwardWorkspace) {
        precondition(gradients.count == modules.count, "one gradient per update is needed")
        precondition(workspace.hidden.rows == tape.tokenCount, "gradient rows differ from the batch's tokens")
        guard tape.tokenCount > 0 else {
            gradients = makeGradients()
            return
        }
        for layer in stride(from: config.layerCount - 1, through: lowestLayer, by: -1) {
            backwardLayer(
                layer, tape: tape.layers[layer], sequences: tape.sequences, gradients: &gradients, workspace: &workspace
            )
        }
    }

    /// One layer of the backward pass: `workspace.hidden` goes from the gradient with respect to the layer's
    /// output to the gradient with respect to its input (not computed for ``lowestLayer``).
    private func backwardLayer(
        _ index: Int, tape: LayerTape, sequences: [Range<Int>], gradients: inout [LoRAGradient],
        workspace: inout BackwardWorkspace
    ) {
        let weights = base.weights.layers[index]
        let layer = merged[index]
        let tokens = tape.input.rows
        let separate = usesSeparateBranch
        // Output LayerNorm, then the contraction.
        workspace.hidden.layerNormBackward(
            normalized: tape.outputNormalized, inverseDeviations: tape.outputDeviations,
            scale: weights.outputLayerNorm.gamma)
        let outputModule = module(layer: index, .output)
        if let (slot, _) = outputModule {
            branchGradients(
                layer: index, .output, upstream: Submatrix(workspace.hidden), tape: tape, input: tape.activation,
                into: &gradients[slot], branch: &workspace.branch)
        }
        workspace.activation.reshape(rows: tokens, columns: config.intermediateSize)
        let fuseGELU = !separate || outputModule == nil
        workspace.activation.multiply(
            workspace.hidden, by: layer.output,
            then: fuseGELU ? .multiplyByGELUDerivative(of: tape.preActivation) : .none)
        if !fuseGELU {
            addBranchInputGradient(
                layer: index, .output, tape: tape, branch: workspace.branch, scratch: &workspace.branchInput,
                into: &workspace.activation)
            workspace.activation.multiplyByGELUDerivative(of: tape.preActivation)
        }
        // The expansion, then the residual and the attention LayerNorm.
        if let (slot, _) = module(layer: index, .intermediate) {
            branchGradients(
                layer: index, .intermediate, upstream: Submatrix(workspace.activation), tape: tape,
                input: tape.attentionOutput, into: &gradients[slot], branch: &workspace.branch)
        }
        workspace.hidden.multiply(workspace.activation, by: layer.intermediate, beta: 1)
        if separate {
            addBranchInputGradient(
                layer: index, .intermediate, tape: tape, branch: workspace.branch, scratch: &workspace.branchInput,
                into: &workspace.hidden)
        }
        workspace.hidden.layerNormBackward(
            normalized: tape.attentionNormalized, inverseDeviations: tape.attentionDeviations,
            scale: weights.attentionLayerNorm.gamma)
        // Attention output projection.
        if let (slot, _) = module(layer: index, .attentionOutput) {
            branchGradients(
                layer: index, .attentionOutput, upstream: Submatrix(workspace.hidden), tape: tape, input: tape.context,
                into: &gradients[slot], branch: &workspace.branch)
        }
        workspace.context.reshape(rows: tokens, columns: config.hiddenSize)
        workspace.context.multiply(workspace.hidden, by: layer.attentionOutput)
        if separate {
            addBranchInputGradient(
                layer: index, .attentionOutput, tape: tape, branch: workspace.branch, scratch: &workspace.branchInput,
                into: &workspace.context)
        }
        // Attention, then the query, key and value projections.
        workspace.queriesKeysValues.reshape(rows: tokens, columns: 3 * config.hiddenSize)
        Attention.selfAttentionBackward(
            qkv: tape.queriesKeysValues, contextGradient: workspace.context, sequences: sequences,
            heads: config.attentionHeads, into: &workspace.queriesKeysValues)
        let needsInputGradient = index > lowestLayer
        for target in [LoRATarget.query, .key, .value] {
            guard let (slot, _) = module(layer: index, target) else { continue }
            branchGradients(
                layer: index, target,
                upstream: Submatrix(workspace.queriesKeysValues, columns: projectionColumns(target)), tape: tape,
                input: tape.input, into: &gradients[slot], branch: &workspace.branch)
            if separate && needsInputGradient {
                addBranchInputGradient(
                    layer: index, target, tape: tape, branch: workspace.branch, scratch: &workspace.branchInput,
                    into: &workspace.hidden)
            }
        }
        if needsInputGradient {
            workspace.hidden.multiply(workspace.queriesKeysValues, by: layer.projection, beta: 1)
        }
    }

    /// `B`'s and `A`'s gradients of `target`'s update from the gradient `upstream` with respect to its output:
    /// `dB = scaling · upstreamᵀ (x̃ Aᵀ)`, `dA = scaling · (upstream B)ᵀ x̃`, with `x̃` the (dropped-out) input.
    /// Leaves `upstream · B` in `branch`.
    private func branchGradients(
        layer: Int, _ target: LoRATarget, upstream: Submatrix, tape: LayerTape, input: Matrix,
        into gradient: inout LoRAGradient, branch: inout Matrix
    ) {
        guard let (_, module) = module(layer: layer, target), let projection = tape.projections[target] else { return }
        let source = usesSeparateBranch ? (tape.droppedInputs[target] ?? input) : input
        let tokens = upstream.rows.count
        branch.reshape(rows: tokens, columns: module.rank)
        branch.multiply(upstream, by: Submatrix(module.b), intoRows: 0..<tokens, columns: 0..<module.rank)
        gradient.b.multiply(
            upstream, .transposed, by: Submatrix(projection), intoRows: 0..<module.b.rows,
            columns: 0..<module.rank, alpha: module.scaling)
        gradient.a.multiply(branch, .transposed, by: source, alpha: module.scaling)
    }

    /// With dropout: adds `scaling · (branch A) ⊙ mask`, the LoRA branch's part of its input's gradient, to
    /// `gradient` (`branch` is `upstream · B`, left by ``branchGradients``).
    private func addBranchInputGradient(
        layer: Int, _ target: LoRATarget, tape: LayerTape, branch: Matrix, scratch: inout Matrix,
        into gradient: inout Matrix
    ) {
        guard usesSeparateBranch, let (_, module) = module(layer: layer, target), let mask = tape.dropoutMasks[target]
        else { return }
        scratch.reshape(rows: branch.rows, columns: module.a.columns)
        scratch.multiply(branch, by: module.a, alpha: module.scaling)
        gradient.add(scratch, multipliedBy: mask)
    }
}
