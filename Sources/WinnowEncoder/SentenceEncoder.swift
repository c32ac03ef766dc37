import Foundation
import WinnowLinalg

/// Sentence embeddings from a sentence-transformers BERT model directory: tokenize, encode, mean-pool, normalise.
///
/// ``embed(_:batchSize:progress:)`` sorts texts by token count so that each batch holds texts of similar length,
/// runs the batches, and returns the vectors in input order.
public struct SentenceEncoder: Sendable {
    /// The tokenizer (truncating at the model's maximum sequence length).
    public let tokenizer: WordPieceTokenizer
    /// The encoder.
    public let model: BertModel

    /// An encoder from its parts.
    public init(tokenizer: WordPieceTokenizer, model: BertModel) {
        precondition(tokenizer.maximumLength <= model.config.maximumPositions, "tokenizer longer than the model")
        self.tokenizer = tokenizer
        self.model = model
    }

    /// Loads `config.json`, `vocab.txt` and `model.safetensors` from `modelDirectory`.
    ///
    /// The maximum sequence length is `max_seq_length` from `sentence_bert_config.json` when present, else 256
    /// (never more than the position table). `threads`, when given, sets ``ComputeThreads`` for the whole process
    /// (otherwise the current setting stays: one thread per processor unless configured).
    public init(modelDirectory: URL, threads: Int? = nil) throws(ModelError) {
        if let threads { ComputeThreads.configure(threads) }
        let configURL = modelDirectory.appendingPathComponent("config.json")
        let config: BertConfig
        do {
            config = try BertConfig.load(from: configURL)
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError(.invalidModel, file: configURL.path, "cannot read the configuration: \(error)")
        }
        let length = min(Self.maximumSequenceLength(in: modelDirectory) ?? 256, config.maximumPositions)
        let tokenizer = try WordPieceTokenizer(
            vocabularyURL: modelDirectory.appendingPathComponent("vocab.txt"), maximumLength: length)
        let weightsURL = modelDirectory.appendingPathComponent("model.safetensors")
        let weights: BertWeights
        do {
            weights = try BertWeights(file: SafetensorsFile(url: weightsURL), config: config)
        } catch {
            throw ModelError(.invalidModel, file: weightsURL.path, error.description)
        }
        self.init(tokenizer: tokenizer, model: BertModel(config: config, weights: weights))
    }

    private static func maximumSequenceLength(in directory: URL) -> Int? {
        struct SentenceBertConfig: Decodable {
            var maximumSequenceLength: Int?
            enum CodingKeys: String, CodingKey { case maximumSequenceLength = "max_seq_length" }
        }
        let url = directory.appendingPathComponent("sentence_bert_config.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (try? JSONDecoder().decode(SentenceBertConfig.self, from: data))?.maximumSequenceLength
    }

    /// Length of every embedding (the hidden size).
    public var dimension: Int { model.config.hiddenSize }

    /// How many token ids `text` needs, `[CLS]` and `[SEP]` included, before truncation.
    public func tokenCount(_ text: String) -> Int { tokenizer.tokenCount(text) }

    /// Unit-length embeddings of `texts`, in input order.
    ///
    /// - Parameters:
    ///   - batchSize: texts per forward pass.
    ///   - progress: called after each batch with (texts done, total); return `false` to stop, which throws
    ///     `CancellationError`.
    public func embed(
        _ texts: [String], batchSize: Int = 32, progress: ((Int, Int) -> Bool)? = nil
    ) throws -> [[Float]] {
        precondition(batchSize > 0, "batch size must be positive")
        let ids = texts.map(tokenizer.encode)
        // Longest first: the first batch sizes the workspace, later ones fit in it.
        let order = ids.indices.sorted { ids[$0].count > ids[$1].count }
        var result = [[Float]](repeating: [], count: texts.count)
        var workspace = BertWorkspace()
        var done = 0
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let batch = Array(order[start..<min(start + batchSize, order.count)])
            let pooled = model.forward(batch.map { ids[$0] }, workspace: &workspace).meanPooled()
            for (row, index) in batch.enumerated() { result[index] = pooled.row(row) }
            done += batch.count
            if let progress, !progress(done, texts.count) { throw CancellationError() }
        }
        return result
    }

    /// The hidden states of `text` after the embeddings and after every layer: `layers + 1` matrices of
    /// `[tokens, hidden]`.
    public func hiddenStates(for text: String) -> [Matrix] {
        model.forward([tokenizer.encode(text)], recordingLayers: true).layers
    }
}
