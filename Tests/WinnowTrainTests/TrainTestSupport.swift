import Foundation
import Testing
import WinnowCore
import WinnowEncoder
import WinnowLinalg

@testable import WinnowTrain

/// A tiny random BERT (hidden 16, 2 layers, 2 heads) for gradient checks and quick training runs.
enum TinyBert {
    static let config = BertConfig(
        hiddenSize: 16, layerCount: 2, attentionHeads: 2, intermediateSize: 32, vocabularySize: 40,
        maximumPositions: 64, tokenTypeCount: 2, layerNormEpsilon: 1e-12, padTokenID: 0)

    static let vocabulary =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
        + "card lost stolen parcel late refund money back password reset login account order arrived delivery where is my i want to the a was not can you help please how do change when"
        .split(separator: " ").map(String.init)

    static func matrix(_ rows: Int, _ columns: Int, _ scale: Float, _ generator: inout SeededRandom) -> Matrix {
        Matrix(
            rows: rows, columns: columns,
            elements: (0..<rows * columns).map { _ in Float.random(in: -scale...scale, using: &generator) })
    }

    static func model(seed: UInt64 = 11) -> BertModel {
        var generator = SeededRandom(seed: seed)
        let hidden = config.hiddenSize
        func linear(_ out: Int, _ inputs: Int) -> LinearWeights {
            LinearWeights(
                weight: matrix(out, inputs, 0.5, &generator),
                bias: (0..<out).map { _ in Float.random(in: -0.1...0.1, using: &generator) })
        }
        func norm() -> LayerNormWeights {
            LayerNormWeights(
                gamma: (0..<hidden).map { _ in Float.random(in: 0.8...1.2, using: &generator) },
                beta: (0..<hidden).map { _ in Float.random(in: -0.1...0.1, using: &generator) })
        }
        let embeddings = BertEmbeddingWeights(
            words: matrix(config.vocabularySize, hidden, 0.5, &generator),
            positions: matrix(config.maximumPositions, hidden, 0.5, &generator),
            tokenTypes: matrix(config.tokenTypeCount, hidden, 0.5, &generator), layerNorm: norm())
        let layers = (0..<config.layerCount).map { _ in
            BertLayerWeights(
                query: linear(hidden, hidden), key: linear(hidden, hidden), value: linear(hidden, hidden),
                attentionOutput: linear(hidden, hidden), attentionLayerNorm: norm(),
                intermediate: linear(config.intermediateSize, hidden), output: linear(hidden, config.intermediateSize),
                outputLayerNorm: norm())
        }
        return BertModel(config: config, weights: BertWeights(embeddings: embeddings, layers: layers))
    }

    static func tokenizer() throws -> WordPieceTokenizer {
        try WordPieceTokenizer(pieces: vocabulary, maximumLength: 32)
    }

    /// An adapter whose `B` is random too (a fresh one has `B = 0`, which hides `A`'s gradient).
    static func randomAdapter(_ configuration: LoRAConfiguration, seed: UInt64 = 5) -> LoRAAdapter {
        var adapter = LoRAAdapter(configuration: configuration, model: config, seed: seed)
        var generator = SeededRandom(seed: seed &+ 1)
        for key in adapter.orderedKeys {
            guard var module = adapter.modules[key] else { continue }
            module.b = matrix(module.b.rows, module.b.columns, 0.3, &generator)
            module.a = matrix(module.a.rows, module.a.columns, 0.3, &generator)
            adapter.modules[key] = module
        }
        return adapter
    }
}

/// Temporary directories for the trainer tests.
enum TrainFixtures {
    /// The repository's `Fixtures` directory.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// A fresh empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "winnow-train-tests/\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A random direction with elements in [-1, 1], shaped like `matrix`.
func randomDirection(like matrix: Matrix, _ generator: inout SeededRandom) -> Matrix {
    TinyBert.matrix(matrix.rows, matrix.columns, 1, &generator)
}

/// `Σ a ⊙ b` in Double.
func dot(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.elements.count == b.elements.count)
    return zip(a.elements, b.elements).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// `a + scale · b`.
func adding(_ a: Matrix, _ b: Matrix, times scale: Float) -> Matrix {
    Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 + scale * $1 })
}

/// The central difference `(f(+h) − f(−h)) / 2h` of `f` along a direction (`f` takes the signed step).
func centralDifference(step: Float = 3e-3, _ f: (Float) -> Double) -> Double {
    (f(step) - f(-step)) / (2 * Double(step))
}

/// Whether an analytic directional derivative agrees with a finite difference.
func agrees(_ analytic: Double, _ numeric: Double, tolerance: Double = 1e-2) -> Bool {
    abs(analytic - numeric) <= tolerance * max(abs(analytic), abs(numeric), 1e-3)
}

/// The installed MiniLM model, for the tests that need real weights (loaded once).
enum InstalledModel {
    /// The encoder, or the error explaining why the model is not there.
    static let encoder: Result<SentenceEncoder, any Error> = Result {
        try SentenceEncoder(modelDirectory: ModelStore().locate())
    }

    /// The encoder; records a clear failure (as the encoder's reference tests do) when the model is missing.
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
