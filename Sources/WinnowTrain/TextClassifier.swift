import Foundation
import WinnowEncoder
import WinnowLinalg

/// One prediction: class probabilities of a text, best first.
public struct Prediction: Sendable, Equatable {
    /// `(label, probability)` pairs, most probable first.
    public var ranked: [(label: String, probability: Float)]

    /// The most probable label.
    public var label: String { ranked.first?.label ?? "" }

    /// Its probability.
    public var probability: Float { ranked.first?.probability ?? 0 }

    public static func == (left: Prediction, right: Prediction) -> Bool {
        left.ranked.count == right.ranked.count
            && zip(left.ranked, right.ranked).allSatisfy { $0.label == $1.label && $0.probability == $1.probability }
    }
}

/// The inference path of a trained adapter: the base encoder with the adapter merged into its weights (one
/// dense product per layer, as fast as the plain encoder), mean pooling, and the classification head.
public struct TextClassifier: Sendable {
    /// The tokenizer.
    public let tokenizer: WordPieceTokenizer
    /// The fused encoder (base weights with the updates merged).
    public let model: BertModel
    /// The head.
    public let head: ClassificationHead
    /// Class names, by class index.
    public let labels: [String]

    /// A classifier from the base encoder's parts, an adapter (merged here) and a head.
    public init(
        tokenizer: WordPieceTokenizer, base: BertModel, adapter: LoRAAdapter?, head: ClassificationHead,
        labels: [String]
    ) {
        precondition(head.classCount == labels.count, "\(labels.count) labels for a head of \(head.classCount)")
        precondition(head.inputSize == base.config.hiddenSize, "head width differs from the encoder's")
        self.tokenizer = tokenizer
        self.model = adapter.map { BertModel(config: base.config, weights: $0.merged(into: base.weights)) } ?? base
        self.head = head
        self.labels = labels
    }

    /// Mean-pooled vectors of `texts` (not normalised), `[texts, hidden]`, in input order.
    public func pooled(_ texts: [String], batchSize: Int = 64) -> Matrix {
        pooled(tokenIDs: texts.map(tokenizer.encode), batchSize: batchSize)
    }

    /// Mean-pooled vectors of already tokenized sequences.
    public func pooled(tokenIDs ids: [[Int]], batchSize: Int = 64) -> Matrix {
        Self.pooled(model: model, tokenIDs: ids, batchSize: batchSize)
    }

    /// Mean-pooled vectors (not normalised) of `ids` through `model`, batched longest first, rows in input order.
    public static func pooled(model: BertModel, tokenIDs ids: [[Int]], batchSize: Int = 64) -> Matrix {
        let width = model.config.hiddenSize
        var result = Matrix(rows: ids.count, columns: width)
        let order = ids.indices.sorted { ids[$0].count > ids[$1].count }
        var workspace = BertWorkspace()
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let batch = Array(order[start..<min(start + batchSize, order.count)])
            let pooled = model.forward(batch.map { ids[$0] }, workspace: &workspace).meanPooled(normalized: false)
            for (row, index) in batch.enumerated() {
                for column in 0..<width { result[index, column] = pooled[row, column] }
            }
        }
        return result
    }

    /// Class probabilities of every text, `[texts, classes]`.
    public func probabilities(_ texts: [String]) -> Matrix {
        head.probabilities(pooled(texts))
    }

    /// The `top` most probable labels of every text, with their probabilities.
    public func predict(_ texts: [String], top: Int = 3) -> [Prediction] {
        let probabilities = probabilities(texts)
        return (0..<texts.count).map { row in
            let ranked = (0..<labels.count).sorted { probabilities[row, $0] > probabilities[row, $1] }
            return Prediction(ranked: ranked.prefix(max(1, top)).map { (labels[$0], probabilities[row, $0]) })
        }
    }
}
