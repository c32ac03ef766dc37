import Foundation

/// The sizes of a BERT encoder, read from a Hugging Face `config.json`.
public struct BertConfig: Decodable, Sendable, Equatable {
    /// Width of every hidden state.
    public var hiddenSize: Int
    /// Number of encoder layers.
    public var layerCount: Int
    /// Number of attention heads per layer (`hiddenSize` must be a multiple).
    public var attentionHeads: Int
    /// Width of the feed-forward layer.
    public var intermediateSize: Int
    /// Number of word-piece ids.
    public var vocabularySize: Int
    /// Number of learned positions.
    public var maximumPositions: Int
    /// Number of token types (segments).
    public var tokenTypeCount: Int
    /// Epsilon of every layer normalisation.
    public var layerNormEpsilon: Float
    /// Id of the padding token.
    public var padTokenID: Int
    /// `model_type`, `"bert"` for the models this package runs.
    public var modelType: String
    /// `hidden_act`; only `"gelu"` (the exact erf form) is supported.
    public var hiddenActivation: String

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case attentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case vocabularySize = "vocab_size"
        case maximumPositions = "max_position_embeddings"
        case tokenTypeCount = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case padTokenID = "pad_token_id"
        case modelType = "model_type"
        case hiddenActivation = "hidden_act"
    }

    /// A configuration with the given sizes (defaults are MiniLM-L6's).
    public init(
        hiddenSize: Int = 384, layerCount: Int = 6, attentionHeads: Int = 12, intermediateSize: Int = 1536,
        vocabularySize: Int = 30522, maximumPositions: Int = 512, tokenTypeCount: Int = 2,
        layerNormEpsilon: Float = 1e-12, padTokenID: Int = 0
    ) {
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.attentionHeads = attentionHeads
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.maximumPositions = maximumPositions
        self.tokenTypeCount = tokenTypeCount
        self.layerNormEpsilon = layerNormEpsilon
        self.padTokenID = padTokenID
        self.modelType = "bert"
        self.hiddenActivation = "gelu"
    }

    /// Decodes a `config.json`; optional keys take BERT's defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try container.decode(Int.self, forKey: .hiddenSize)
        layerCount = try container.decode(Int.self, forKey: .layerCount)
        attentionHeads = try container.decode(Int.self, forKey: .attentionHeads)
        intermediateSize = try container.decode(Int.self, forKey: .intermediateSize)
        vocabularySize = try container.decode(Int.self, forKey: .vocabularySize)
        maximumPositions = try container.decodeIfPresent(Int.self, forKey: .maximumPositions) ?? 512
        tokenTypeCount = try container.decodeIfPresent(Int.self, forKey: .tokenTypeCount) ?? 2
        layerNormEpsilon = try container.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-12
        padTokenID = try container.decodeIfPresent(Int.self, forKey: .padTokenID) ?? 0
        modelType = try container.decodeIfPresent(String.self, forKey: .modelType) ?? "bert"
        hiddenActivation = try container.decodeIfPresent(String.self, forKey: .hiddenActivation) ?? "gelu"
    }

    /// Reads and checks `config.json` at `url`.
    ///
    /// Refuses configurations this encoder cannot run: another model type, another activation, sizes that do not
    /// divide into heads, non-positive sizes.
    public static func load(from url: URL) throws -> BertConfig {
        let config = try JSONDecoder().decode(BertConfig.self, from: Data(contentsOf: url))
        try config.validate(file: url.path)
        return config
    }

    /// Throws a ``ModelError`` when the configuration is not a BERT encoder this package can run.
    public func validate(file: String) throws(ModelError) {
        func fail(_ message: String) -> ModelError { ModelError(.invalidModel, file: file, message) }
        guard modelType == "bert" else { throw fail("model_type is '\(modelType)', expected 'bert'") }
        guard hiddenActivation == "gelu" else { throw fail("hidden_act '\(hiddenActivation)' is not supported") }
        let sizes = [hiddenSize, layerCount, attentionHeads, intermediateSize, vocabularySize, maximumPositions]
        guard sizes.allSatisfy({ $0 > 0 }), tokenTypeCount > 0 else { throw fail("sizes must be positive") }
        guard hiddenSize % attentionHeads == 0 else {
            throw fail("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(attentionHeads)")
        }
    }

    /// Width of one attention head.
    public var headSize: Int { hiddenSize / attentionHeads }
}
