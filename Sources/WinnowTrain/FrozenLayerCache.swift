import WinnowEncoder
import WinnowLinalg

/// The hidden states entering the lowest adapted layer, for every training example, computed once.
///
/// When only upper layers carry LoRA updates, the layers below are frozen and see the same input every epoch,
/// so their output is computed once and each training step starts at the first adapted layer.
struct FrozenLayerCache: Sendable {
    /// The layer whose input is kept.
    let layer: Int
    /// Every example's states, packed in example order: `[all tokens, hidden]`.
    private let states: Matrix
    /// First row of each example in ``states``.
    private let offsets: [Int]

    /// Runs the frozen `base` over `sequences` up to (not including) `layer`.
    init(base: BertModel, sequences: [[Int]], layer: Int, batchSize: Int = 64) {
        precondition(layer > 0 && layer < base.config.layerCount, "nothing to cache below layer \(layer)")
        self.layer = layer
        var offsets: [Int] = []
        var total = 0
        for sequence in sequences {
            offsets.append(total)
            total += sequence.count
        }
        let width = base.config.hiddenSize
        var states = Matrix(rows: total, columns: width)
        var workspace = BertWorkspace()
        for start in stride(from: 0, to: sequences.count, by: batchSize) {
            let batch = Array(start..<min(start + batchSize, sequences.count))
            let output = base.forward(batch.map { sequences[$0] }, recordingLayers: true, workspace: &workspace)
            let input = output.layers[layer]
            states.withUnsafeMutableBufferPointer { target in
                input.withUnsafeBufferPointer { source in
                    for (position, example) in batch.enumerated() {
                        let rows = output.sequences[position]
                        for (offset, row) in rows.enumerated() {
                            for column in 0..<width {
                                target[(offsets[example] + offset) * width + column] = source[row * width + column]
                            }
                        }
                    }
                }
            }
        }
        self.states = states
        self.offsets = offsets
    }

    /// The cached states of `examples` (lengths `lengths`), packed in that order, into `result`.
    func gather(_ examples: [Int], lengths: [Int], into result: inout Matrix) {
        let width = states.columns
        let total = examples.reduce(0) { $0 + lengths[$1] }
        result.reshape(rows: total, columns: width)
        result.withUnsafeMutableBufferPointer { target in
            states.withUnsafeBufferPointer { source in
                var row = 0
                for example in examples {
                    let count = lengths[example] * width
                    let from = offsets[example] * width
                    for index in 0..<count { target[row * width + index] = source[from + index] }
                    row += lengths[example]
                }
            }
        }
    }
}
