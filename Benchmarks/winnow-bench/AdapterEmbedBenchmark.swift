import ArgumentParser
import Foundation
import WinnowCore
import WinnowEncoder
import WinnowTrain

/// `winnow-bench adapter-embed`: the embeddings of texts with an adapter merged, as JSON, for checking an adapter
/// against Python's peft (`Benchmarks/python/check_peft_load.py`).
struct AdapterEmbedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapter-embed",
        abstract: "Print mean-pooled, normalised embeddings of texts with an adapter applied (JSON).")

    @Option(help: "The adapter directory.")
    var adapter: String

    @Option(help: "Model directory (default: the installed model).")
    var model: String?

    @Argument(help: "The texts.")
    var texts: [String]

    func run() throws {
        let directory = try model.map { URL(fileURLWithPath: $0) } ?? ModelStore().locate()
        let encoder = try SentenceEncoder(modelDirectory: directory, threads: 2)
        let (lora, _) = try AdapterDirectory.readLoRA(
            from: URL(fileURLWithPath: adapter, isDirectory: true), model: encoder.model.config)
        let adapted = SentenceEncoder(
            tokenizer: encoder.tokenizer,
            model: BertModel(config: encoder.model.config, weights: lora.merged(into: encoder.model.weights)))
        let vectors = try adapted.embed(texts)
        let json: JSONValue = .array(vectors.map { .array($0.map { .number(Double($0)) }) })
        print(json.serialized)
    }
}
