import WinnowLinalg

/// Reading and writing ``BertWeights`` under the checkpoint key names of Hugging Face's `BertModel`.
///
/// This is the only place that knows the key names (no `bert.` prefix, as in sentence-transformers' files).
extension BertWeights {
    /// The tensor key of a parameter, `[layer index]` filled in for layer parameters.
    enum Key {
        static let words = "embeddings.word_embeddings.weight"
        static let positions = "embeddings.position_embeddings.weight"
        static let tokenTypes = "embeddings.token_type_embeddings.weight"
        static let embeddingNorm = "embeddings.LayerNorm"
        static func layer(_ index: Int, _ part: String) -> String { "encoder.layer.\(index).\(part)" }
        static let query = "attention.self.query"
        static let key = "attention.self.key"
        static let value = "attention.self.value"
        static let attentionOutput = "attention.output.dense"
        static let attentionNorm = "attention.output.LayerNorm"
        static let intermediate = "intermediate.dense"
        static let output = "output.dense"
        static let outputNorm = "output.LayerNorm"
    }

    /// Loads every weight from `file`, checking each tensor's shape against `config`.
    public init(file: SafetensorsFile, config: BertConfig) throws(SafetensorsError) {
        let hidden = config.hiddenSize
        func linear(_ name: String, out: Int, in inputs: Int) throws(SafetensorsError) -> LinearWeights {
            LinearWeights(
                weight: try file.matrix(name + ".weight", rows: out, columns: inputs),
                bias: try file.floats(name + ".bias", shape: [out]))
        }
        func norm(_ name: String) throws(SafetensorsError) -> LayerNormWeights {
            LayerNormWeights(
                gamma: try file.floats(name + ".weight", shape: [hidden]),
                beta: try file.floats(name + ".bias", shape: [hidden]))
        }
        embeddings = BertEmbeddingWeights(
            words: try file.matrix(Key.words, rows: config.vocabularySize, columns: hidden),
            positions: try file.matrix(Key.positions, rows: config.maximumPositions, columns: hidden),
            tokenTypes: try file.matrix(Key.tokenTypes, rows: config.tokenTypeCount, columns: hidden),
            layerNorm: try norm(Key.embeddingNorm))
        var layers: [BertLayerWeights] = []
        for index in 0..<config.layerCount {
            let intermediate = config.intermediateSize
            layers.append(
                BertLayerWeights(
                    query: try linear(Key.layer(index, Key.query), out: hidden, in: hidden),
                    key: try linear(Key.layer(index, Key.key), out: hidden, in: hidden),
                    value: try linear(Key.layer(index, Key.value), out: hidden, in: hidden),
                    attentionOutput: try linear(Key.layer(index, Key.attentionOutput), out: hidden, in: hidden),
                    attentionLayerNorm: try norm(Key.layer(index, Key.attentionNorm)),
                    intermediate: try linear(Key.layer(index, Key.intermediate), out: intermediate, in: hidden),
                    output: try linear(Key.layer(index, Key.output), out: hidden, in: intermediate),
                    outputLayerNorm: try norm(Key.layer(index, Key.outputNorm))))
        }
        self.layers = layers
    }

    /// The weights as F32 safetensors tensors under the checkpoint key names.
    public func tensors() -> [SafetensorsWriter.Tensor] {
        var result: [SafetensorsWriter.Tensor] = []
        func add(_ name: String, _ matrix: Matrix) {
            result.append(.init(name: name, shape: [matrix.rows, matrix.columns], values: matrix.elements))
        }
        func add(_ name: String, _ vector: [Float]) {
            result.append(.init(name: name, shape: [vector.count], values: vector))
        }
        func add(_ name: String, _ linear: LinearWeights) {
            add(name + ".weight", linear.weight)
            add(name + ".bias", linear.bias)
        }
        func add(_ name: String, _ norm: LayerNormWeights) {
            add(name + ".weight", norm.gamma)
            add(name + ".bias", norm.beta)
        }
        add(Key.words, embeddings.words)
        add(Key.positions, embeddings.positions)
        add(Key.tokenTypes, embeddings.tokenTypes)
        add(Key.embeddingNorm, embeddings.layerNorm)
        for (index, layer) in layers.enumerated() {
            add(Key.layer(index, Key.query), layer.query)
            add(Key.layer(index, Key.key), layer.key)
            add(Key.layer(index, Key.value), layer.value)
            add(Key.layer(index, Key.attentionOutput), layer.attentionOutput)
            add(Key.layer(index, Key.attentionNorm), layer.attentionLayerNorm)
            add(Key.layer(index, Key.intermediate), layer.intermediate)
            add(Key.layer(index, Key.output), layer.output)
            add(Key.layer(index, Key.outputNorm), layer.outputLayerNorm)
        }
        return result
    }
}
