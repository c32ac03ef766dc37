import WinnowEncoder

/// A dense layer of a BERT encoder layer that can carry a LoRA update.
///
/// The raw value is the name peft's `target_modules` uses for it (peft matches a name against the end of a
/// module's path, so `output.dense` covers the feed-forward contraction and `attention.output.dense` the
/// attention output projection).
public enum LoRATarget: String, CaseIterable, Sendable, Codable, Comparable {
    /// `attention.self.query`.
    case query
    /// `attention.self.key`.
    case key
    /// `attention.self.value`.
    case value
    /// `attention.output.dense`.
    case attentionOutput = "attention.output.dense"
    /// `intermediate.dense`, the feed-forward expansion.
    case intermediate = "intermediate.dense"
    /// `output.dense`, the feed-forward contraction.
    case output = "output.dense"

    /// The module's path inside an encoder layer (`encoder.layer.N.` + this).
    public var modulePath: String {
        switch self {
        case .query: "attention.self.query"
        case .key: "attention.self.key"
        case .value: "attention.self.value"
        case .attentionOutput: "attention.output.dense"
        case .intermediate: "intermediate.dense"
        case .output: "output.dense"
        }
    }

    /// The target whose module path is `path`, if any.
    public init?(modulePath path: String) {
        guard let target = Self.allCases.first(where: { $0.modulePath == path }) else { return nil }
        self = target
    }

    /// `(inputs, outputs)` of the layer in a model of `config`.
    public func shape(in config: BertConfig) -> (inputs: Int, outputs: Int) {
        switch self {
        case .query, .key, .value, .attentionOutput: (config.hiddenSize, config.hiddenSize)
        case .intermediate: (config.hiddenSize, config.intermediateSize)
        case .output: (config.intermediateSize, config.hiddenSize)
        }
    }

    /// The layer's frozen weights in `layer`.
    public func weights(in layer: BertLayerWeights) -> LinearWeights {
        switch self {
        case .query: layer.query
        case .key: layer.key
        case .value: layer.value
        case .attentionOutput: layer.attentionOutput
        case .intermediate: layer.intermediate
        case .output: layer.output
        }
    }

    /// Position in the order of the forward pass (query first, feed-forward contraction last).
    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Orders targets as the forward pass meets them.
    public static func < (left: LoRATarget, right: LoRATarget) -> Bool { left.order < right.order }
}
