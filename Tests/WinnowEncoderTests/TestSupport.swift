import Foundation
import Testing
import WinnowCore
import WinnowEncoder
import WinnowLinalg

/// Paths and loaders shared by the encoder tests.
enum Fixtures {
    /// `Fixtures/reference` at the repository root.
    static let reference = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/reference", isDirectory: true)

    /// The golden outputs of the Python implementation.
    static let minilm: Reference = {
        do {
            let data = try Data(contentsOf: reference.appendingPathComponent("minilm-reference.json"))
            return try JSONDecoder().decode(Reference.self, from: data)
        } catch {
            fatalError("cannot read Fixtures/reference/minilm-reference.json: \(error)")
        }
    }()

    /// The MiniLM vocabulary (a copy of the model's `vocab.txt`).
    static let vocabularyURL = reference.appendingPathComponent("minilm-vocab.txt")

    /// Where the tests' temporary directories go; runs older than an hour are removed on first use.
    static let temporaryRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-encoder-tests")
        let stale = Date().addingTimeInterval(-3600)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] {
            let url = root.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
            if let modified, modified < stale { try? FileManager.default.removeItem(at: url) }
        }
        return root.appendingPathComponent(UUID().uuidString, isDirectory: true)
    }()

    /// A fresh empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = temporaryRoot.appendingPathComponent(UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// `minilm-reference.json`.
struct Reference: Decodable {
    struct Case: Decodable {
        var text: String
        var input_ids: [Int]
        var tokens: [String]
        var embedding: [Float]
    }

    struct HiddenStatesCase: Decodable {
        var text: String
        var input_ids: [Int]
        var hidden_states: [[[Float]]]
    }

    var cases: [Case]
    var hidden_states_case: HiddenStatesCase
}

/// The installed MiniLM model, shared by the tests that need it (loaded once).
enum RealModel {
    /// The encoder, or the error explaining why the model is not there.
    static let encoder: Result<SentenceEncoder, any Error> = Result {
        try SentenceEncoder(modelDirectory: ModelStore().locate())
    }

    /// The encoder; records a clear failure (never a silent skip) when the model is missing.
    static func require() throws -> SentenceEncoder {
        switch encoder {
        case .success(let encoder): return encoder
        case .failure(let error):
            let message =
                "the MiniLM model is needed for this test and could not be loaded (`make test` fetches it; or run "
                + "`winnow model fetch`, or set WINNOW_HOME): \(error)"
            Issue.record("\(message)")
            throw error
        }
    }
}

/// A tiny random BERT written to a directory like a real model (config.json, vocab.txt, model.safetensors).
enum TinyModel {
    static let config = BertConfig(
        hiddenSize: 16, layerCount: 2, attentionHeads: 2, intermediateSize: 32, vocabularySize: 24,
        maximumPositions: 64, tokenTypeCount: 2, layerNormEpsilon: 1e-12, padTokenID: 0)

    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", "world", "the", "a", "long", "text", "with", "many",
        "words", "in", "it", ".", ",", "!", "re", "##fund", "##s", "card", "help", "me",
    ]

    static func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout SeededRandom) -> Matrix {
        Matrix(
            rows: rows, columns: columns,
            elements: (0..<rows * columns).map { _ in
                Float.random(in: -0.5...0.5, using: &generator)
            })
    }

    static func weights(seed: UInt64 = 7) -> BertWeights {
        var generator = SeededRandom(seed: seed)
        let hidden = config.hiddenSize
        func linear(_ out: Int, _ inputs: Int) -> LinearWeights {
            LinearWeights(
                weight: randomMatrix(out, inputs, &generator),
                bias: (0..<out).map { _ in Float.random(in: -0.1...0.1, using: &generator) })
        }
        func norm() -> LayerNormWeights {
            LayerNormWeights(
                gamma: (0..<hidden).map { _ in Float.random(in: 0.8...1.2, using: &generator) },
                beta: (0..<hidden).map { _ in Float.random(in: -0.1...0.1, using: &generator) })
        }
        let embeddings = BertEmbeddingWeights(
            words: randomMatrix(config.vocabularySize, hidden, &generator),
            positions: randomMatrix(config.maximumPositions, hidden, &generator),
            tokenTypes: randomMatrix(config.tokenTypeCount, hidden, &generator), layerNorm: norm())
        let layers = (0..<config.layerCount).map { _ in
            BertLayerWeights(
                query: linear(hidden, hidden), key: linear(hidden, hidden), value: linear(hidden, hidden),
                attentionOutput: linear(hidden, hidden), attentionLayerNorm: norm(),
                intermediate: linear(config.intermediateSize, hidden), output: linear(hidden, config.intermediateSize),
                outputLayerNorm: norm())
        }
        return BertWeights(embeddings: embeddings, layers: layers)
    }

    /// Writes the model into a new temporary directory and returns it.
    static func write() throws -> URL {
        let directory = try Fixtures.temporaryDirectory()
        let configJSON = """
            {"architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
             "hidden_size": \(config.hiddenSize), "num_hidden_layers": \(config.layerCount),
             "num_attention_heads": \(config.attentionHeads), "intermediate_size": \(config.intermediateSize),
             "vocab_size": \(config.vocabularySize), "max_position_embeddings": \(config.maximumPositions),
             "type_vocab_size": 2, "layer_norm_eps": 1e-12, "pad_token_id": 0}
            """
        try configJSON.write(to: directory.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try (vocabulary.joined(separator: "\n") + "\n")
            .write(to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try SafetensorsWriter.write(weights().tensors(), to: directory.appendingPathComponent("model.safetensors"))
        return directory
    }
}

/// Cosine similarity and largest absolute difference of two vectors.
func compare(_ a: [Float], _ b: [Float]) -> (cosine: Float, maxDifference: Float) {
    precondition(a.count == b.count)
    var dot: Float = 0
    var normA: Float = 0
    var normB: Float = 0
    var maximum: Float = 0
    for (x, y) in zip(a, b) {
        dot += x * y
        normA += x * x
        normB += y * y
        maximum = max(maximum, abs(x - y))
    }
    return (dot / (normA.squareRoot() * normB.squareRoot()), maximum)
}
