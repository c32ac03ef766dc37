import WinnowCore
import WinnowEncoder
import WinnowLinalg

/// A LoRA adapter for a BERT encoder: one low-rank update per targeted dense layer.
public struct LoRAAdapter: Sendable, Equatable {
    /// Rank, alpha, dropout and targets (for an adapter read from disk: what its configuration says).
    public var configuration: LoRAConfiguration
    /// The updates by module.
    public var modules: [LoRAModuleKey: LoRAModule]

    /// An adapter from its parts.
    public init(configuration: LoRAConfiguration, modules: [LoRAModuleKey: LoRAModule]) {
        self.configuration = configuration
        self.modules = modules
    }

    /// A fresh adapter initialised as peft does: `A` from Kaiming-uniform with `a = √5` (uniform in
    /// `±1/√inputs`), `B` zero, so the adapted model starts as the base model.
    public init(configuration: LoRAConfiguration, model config: BertConfig, seed: UInt64) {
        var generator = SeededRandom(seed: seed)
        var modules: [LoRAModuleKey: LoRAModule] = [:]
        for layer in 0..<config.layerCount where configuration.includes(layer: layer) {
            for target in configuration.targets {
                let (inputs, outputs) = target.shape(in: config)
                let bound = 1 / Float(inputs).squareRoot()
                let a = Matrix(
                    rows: configuration.rank, columns: inputs,
                    elements: (0..<configuration.rank * inputs).map { _ in
                        Float.random(in: -bound..<bound, using: &generator)
                    })
                modules[LoRAModuleKey(layer: layer, target: target)] = LoRAModule(
                    a: a, b: Matrix(rows: outputs, columns: configuration.rank), scaling: configuration.scaling)
            }
        }
        self.init(configuration: configuration, modules: modules)
    }

    /// The modules in a fixed order (layer, then forward order).
    public var orderedKeys: [LoRAModuleKey] { modules.keys.sorted() }

    /// Number of trainable values.
    public var parameterCount: Int { modules.values.reduce(0) { $0 + $1.a.elements.count + $1.b.elements.count } }

    /// The lowest encoder layer with an update (`nil` when there is none).
    public var lowestLayer: Int? { modules.keys.map(\.layer).min() }

    /// `weights` with every update merged into its dense layer (the fused model used for inference).
    public func merged(into weights: BertWeights) -> BertWeights {
        var result = weights
        for (key, module) in modules {
            precondition(key.layer < result.layers.count, "adapter layer \(key.layer) beyond the model")
            var layer = result.layers[key.layer]
            switch key.target {
            case .query: layer.query.weight = module.merged(into: layer.query.weight)
            case .key: layer.key.weight = module.merged(into: layer.key.weight)
            case .value: layer.value.weight = module.merged(into: layer.value.weight)
            case .attentionOutput: layer.attentionOutput.weight = module.merged(into: layer.attentionOutput.weight)
            case .intermediate: layer.intermediate.weight = module.merged(into: layer.intermediate.weight)
            case .output: layer.output.weight = module.merged(into: layer.output.weight)
            }
            result.layers[key.layer] = layer
        }
        return result
    }
}
