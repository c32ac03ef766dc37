import Foundation
import Testing
import WinnowCore
import WinnowEncoder
import WinnowLinalg

@testable import WinnowTrain

/// Adapter directories: peft's files read by Winnow, Winnow's files in peft's layout.
@Suite("Adapter files")
struct AdapterFileTests {
    static let peftFixture = TrainFixtures.root.appendingPathComponent("peft-lora-minilm", isDirectory: true)

    struct Expected: Decodable {
        struct Case: Decodable {
            var text: String
            var embedding_with_adapter: [Float]
        }
        var cases: [Case]
    }

    @Test func peftAdapterReproducesPeftsEmbeddings() throws {
        let encoder = try InstalledModel.require()
        let (adapter, baseModel) = try AdapterDirectory.readLoRA(from: Self.peftFixture, model: encoder.model.config)
        #expect(baseModel == "sentence-transformers/all-MiniLM-L6-v2")
        #expect(adapter.modules.count == 12)
        #expect(adapter.configuration.targets == [.query, .value])
        #expect(adapter.modules.values.allSatisfy { $0.rank == 8 && $0.scaling == 2 })
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.peftFixture.appendingPathComponent("expected-embeddings.json")))
        let adapted = SentenceEncoder(
            tokenizer: encoder.tokenizer,
            model: BertModel(config: encoder.model.config, weights: adapter.merged(into: encoder.model.weights)))
        let vectors = try adapted.embed(expected.cases.map(\.text))
        let plain = try encoder.embed(expected.cases.map(\.text))
        for (index, reference) in expected.cases.enumerated() {
            let (cosine, difference) = compare(vectors[index], reference.embedding_with_adapter)
            #expect(cosine >= 0.99999, "\(reference.text)")
            #expect(difference <= 1e-4, "\(reference.text)")
            // The adapter does change the embedding: the test would fail without it.
            #expect(compare(plain[index], reference.embedding_with_adapter).maxDifference > 1e-3)
        }
    }

    static func trained(targets: [LoRATarget] = LoRATarget.allCases, layers: [Int]? = nil) -> TrainedAdapter {
        let configuration = LoRAConfiguration(rank: 4, alpha: 8, targets: targets, layers: layers)
        let adapter = TinyBert.randomAdapter(configuration)
        var generator = SeededRandom(seed: 3)
        let head = ClassificationHead(
            weight: TinyBert.matrix(3, 16, 1, &generator), bias: [0.5, -0.25, 0], normalizesInput: true,
            logitScale: 20)
        return TrainedAdapter(
            adapter: adapter, head: head, labels: ["card", "parcel", "refund"], training: ["seed": 42],
            metrics: ["test_accuracy": 0.5])
    }

    @Test func writtenAdapterHasPeftsLayout() throws {
        let directory = try TrainFixtures.temporaryDirectory()
        try AdapterDirectory.write(Self.trained(), to: directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(
            names == [
                "adapter_config.json", "adapter_model.safetensors", "head.safetensors", "labels.json", "metrics.json",
                "training.json",
            ])
        let config = try JSONParser.parse(
            String(contentsOf: directory.appendingPathComponent("adapter_config.json"), encoding: .utf8))
        #expect(config.value(atPath: "peft_type") == "LORA")
        #expect(config.value(atPath: "r") == 4)
        #expect(config.value(atPath: "lora_alpha") == 8)
        #expect(config.value(atPath: "lora_dropout") == 0)
        #expect(config.value(atPath: "bias") == "none")
        #expect(config.value(atPath: "task_type") == .null)
        #expect(config.value(atPath: "base_model_name_or_path") == "sentence-transformers/all-MiniLM-L6-v2")
        #expect(config.value(atPath: "auto_mapping.base_model_class") == "BertModel")
        #expect(
            config.value(atPath: "target_modules")
                == [
                    "query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense",
                ])
        let file = try SafetensorsFile(url: directory.appendingPathComponent("adapter_model.safetensors"))
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors.count == 2 * 6 * 2)
        let paths = [
            "attention.self.query": (16, 16), "attention.self.key": (16, 16), "attention.self.value": (16, 16),
            "attention.output.dense": (16, 16), "intermediate.dense": (16, 32), "output.dense": (32, 16),
        ]
        for layer in 0..<2 {
            for (path, (inputs, outputs)) in paths {
                let name = "base_model.model.encoder.layer.\(layer).\(path)"
                #expect(file.tensors[name + ".lora_A.weight"]?.shape == [4, inputs], "\(name)")
                #expect(file.tensors[name + ".lora_B.weight"]?.shape == [outputs, 4], "\(name)")
                #expect(file.tensors[name + ".lora_A.weight"]?.dtype == .f32)
                #expect(file.tensors[name + ".lora_B.weight"]?.dtype == .f32)
            }
        }
        let head = try SafetensorsFile(url: directory.appendingPathComponent("head.safetensors"))
        #expect(head.tensors["weight"]?.shape == [3, 16])
        #expect(head.tensors["bias"]?.shape == [3])
        #expect(head.metadata["normalize"] == "true")
        #expect(head.metadata["logit_scale"] == "20.0")
        let labels = try JSONParser.parse(
            String(contentsOf: directory.appendingPathComponent("labels.json"), encoding: .utf8))
        #expect(labels == ["card", "parcel", "refund"])
    }

    @Test func writtenAdapterReadsBackUnchanged() throws {
        for (targets, layers) in [(LoRATarget.allCases, nil), ([LoRATarget.key, .output], [1])] {
            let directory = try TrainFixtures.temporaryDirectory()
            let original = Self.trained(targets: targets, layers: layers)
            try AdapterDirectory.write(original, to: directory)
            let read = try AdapterDirectory.read(from: directory, model: TinyBert.config)
            #expect(read.adapter == original.adapter)
            #expect(read.head == original.head)
            #expect(read.labels == original.labels)
            #expect(read.training == original.training)
            #expect(read.metrics == original.metrics)
        }
    }

    /// Writes a peft-style directory with the given config JSON and tensors.
    static func peftDirectory(config: String, tensors: [SafetensorsWriter.Tensor]) throws -> URL {
        let directory = try TrainFixtures.temporaryDirectory()
        try config.write(to: directory.appendingPathComponent("adapter_config.json"), atomically: true, encoding: .utf8)
        try SafetensorsWriter.write(tensors, to: directory.appendingPathComponent("adapter_model.safetensors"))
        return directory
    }

    static func halfBits(_ value: Float) -> UInt16 {
        // Round-to-nearest binary16 for the moderate values used here (normal range, no infinities).
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        let mantissa = bits & 0x7F_FFFF
        guard exponent > 0 else { return sign }
        let rounded = (mantissa + 0x1000) >> 13
        return sign | UInt16(exponent << 10) + UInt16(rounded)
    }

    @Test func halfPrecisionAndPatternsAreUnderstood() throws {
        var generator = SeededRandom(seed: 8)
        let a = TinyBert.matrix(2, 16, 0.5, &generator)
        let b = TinyBert.matrix(16, 2, 0.5, &generator)
        let aBits = a.elements.flatMap { value -> [UInt8] in
            let half = Self.halfBits(value)
            return [UInt8(half & 0xFF), UInt8(half >> 8)]
        }
        let bBits = b.elements.flatMap { value -> [UInt8] in
            let bits = value.bitPattern >> 16
            return [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF)]
        }
        let prefix = "base_model.model.encoder.layer.1.attention.self."
        let directory = try Self.peftDirectory(
            config: """
                {"peft_type": "LORA", "r": 8, "lora_alpha": 16, "bias": "none", "use_rslora": true,
                 "rank_pattern": {"value": 2}, "alpha_pattern": {"layer.1.attention.self.value": 6},
                 "target_modules": ["query", "value", "dense"]}
                """,
            tensors: [
                .init(name: prefix + "value.lora_A.weight", dtype: .f16, shape: [2, 16], bytes: aBits),
                .init(name: prefix + "value.lora_B.weight", dtype: .bf16, shape: [16, 2], bytes: bBits),
                .init(
                    name: "base_model.model.pooler.dense.lora_A.weight", shape: [8, 16],
                    values: .init(repeating: 1, count: 128)),
                .init(
                    name: "base_model.model.pooler.dense.lora_B.weight", shape: [16, 8],
                    values: .init(repeating: 1, count: 128)),
            ])
        let (adapter, _) = try AdapterDirectory.readLoRA(from: directory, model: TinyBert.config)
        let module = try #require(adapter.modules[LoRAModuleKey(layer: 1, target: .value)])
        #expect(adapter.modules.count == 1)
        #expect(module.rank == 2)
        #expect(abs(module.scaling - 6 / Float(2).squareRoot()) < 1e-6)
        #expect(zip(module.a.elements, a.elements).allSatisfy { abs($0 - $1) <= 1e-3 })
        #expect(zip(module.b.elements, b.elements).allSatisfy { abs($0 - $1) <= 4e-3 })
    }

    @Test func whatCannotBeAppliedIsRefused() throws {
        let tensor = SafetensorsWriter.Tensor(
            name: "base_model.model.encoder.layer.0.attention.self.query.lora_A.weight", shape: [2, 16],
            values: .init(repeating: 0, count: 32))
        let dora = try Self.peftDirectory(
            config: #"{"peft_type": "LORA", "r": 2, "lora_alpha": 2, "use_dora": true}"#, tensors: [tensor])
        let doraError = #expect(throws: TrainingError.self) {
            try AdapterDirectory.readLoRA(from: dora, model: TinyBert.config)
        }
        #expect(doraError?.message.contains("DoRA") == true)
        let embedding = try Self.peftDirectory(
            config: #"{"peft_type": "LORA", "r": 2, "lora_alpha": 2}"#,
            tensors: [
                .init(
                    name: "base_model.model.embeddings.word_embeddings.lora_embedding_A", shape: [2, 40],
                    values: .init(repeating: 0, count: 80))
            ])
        let embeddingError = #expect(throws: TrainingError.self) {
            try AdapterDirectory.readLoRA(from: embedding, model: TinyBert.config)
        }
        #expect(embeddingError?.message.contains("lora_embedding_A") == true)
        let lonely = try Self.peftDirectory(
            config: #"{"peft_type": "LORA", "r": 2, "lora_alpha": 2}"#, tensors: [tensor])
        let lonelyError = #expect(throws: TrainingError.self) {
            try AdapterDirectory.readLoRA(from: lonely, model: TinyBert.config)
        }
        #expect(lonelyError?.message.contains("lacks lora_A or lora_B") == true)
        let prefix = try Self.peftDirectory(config: #"{"peft_type": "PREFIX_TUNING"}"#, tensors: [tensor])
        #expect(throws: TrainingError.self) { try AdapterDirectory.readLoRA(from: prefix, model: TinyBert.config) }
        let missing = try TrainFixtures.temporaryDirectory()
        let missingError = #expect(throws: TrainingError.self) {
            try AdapterDirectory.read(from: missing, model: TinyBert.config)
        }
        #expect(missingError?.message.contains("adapter_config.json") == true)
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
