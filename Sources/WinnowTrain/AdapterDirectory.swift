import Foundation
import WinnowCore
import WinnowEncoder
import WinnowLinalg

/// Reads and writes adapter directories, the layout of DESIGN.md "Adapters".
///
/// - `adapter_config.json` and `adapter_model.safetensors`: what peft's `save_pretrained` writes for a LoRA
///   adapter on Hugging Face's `BertModel` (keys `base_model.model.encoder.layer.N.<module>.lora_A.weight`,
///   `lora_A` `[r, in]`, `lora_B` `[out, r]`), so `PeftModel.from_pretrained` loads it on the base model.
/// - `head.safetensors`: `weight` `[classes, hidden]` and `bias` `[classes]`; its metadata says whether the
///   mean-pooled vector is normalised first (`normalize`) and the logit scale (`logit_scale`).
/// - `labels.json`: the class names in class order. `training.json`, `metrics.json`: how it was made.
public enum AdapterDirectory {
    /// `adapter_config.json`.
    public static let configFile = "adapter_config.json"
    /// `adapter_model.safetensors`.
    public static let weightsFile = "adapter_model.safetensors"
    /// `head.safetensors`.
    public static let headFile = "head.safetensors"
    /// `labels.json`.
    public static let labelsFile = "labels.json"
    /// `training.json`.
    public static let trainingFile = "training.json"
    /// `metrics.json`.
    public static let metricsFile = "metrics.json"

    /// The prefix peft gives every key of a model wrapped by `get_peft_model`.
    static let keyPrefix = "base_model.model."

    // MARK: Writing

    /// Writes `trained` into `directory` (created when missing; the six files are replaced).
    public static func write(_ trained: TrainedAdapter, to directory: URL) throws(TrainingError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try writeText(configuration(trained).prettyPrinted + "\n", to: directory.appendingPathComponent(configFile))
            var tensors: [SafetensorsWriter.Tensor] = []
            for key in trained.adapter.orderedKeys {
                guard let module = trained.adapter.modules[key] else { continue }
                let name = keyPrefix + key.modulePath
                tensors.append(
                    .init(
                        name: name + ".lora_A.weight", shape: [module.a.rows, module.a.columns],
                        values: module.a.elements))
                tensors.append(
                    .init(
                        name: name + ".lora_B.weight", shape: [module.b.rows, module.b.columns],
                        values: module.b.elements))
            }
            try SafetensorsWriter.write(
                tensors, metadata: ["format": "pt"], to: directory.appendingPathComponent(weightsFile))
            let head = trained.head
            try SafetensorsWriter.write(
                [
                    .init(
                        name: "weight", shape: [head.weight.rows, head.weight.columns], values: head.weight.elements),
                    .init(name: "bias", shape: [head.bias.count], values: head.bias),
                ],
                metadata: [
                    "format": "pt", "pooling": "mean", "normalize": head.normalizesInput ? "true" : "false",
                    "logit_scale": "\(head.logitScale)", "classes": "\(head.classCount)",
                ], to: directory.appendingPathComponent(headFile))
            try writeText(
                JSONValue.array(trained.labels.map { .string($0) }).prettyPrinted + "\n",
                to: directory.appendingPathComponent(labelsFile))
            try writeText(trained.training.prettyPrinted + "\n", to: directory.appendingPathComponent(trainingFile))
            try writeText(trained.metrics.prettyPrinted + "\n", to: directory.appendingPathComponent(metricsFile))
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError(.invalidAdapter, "cannot write the adapter to \(directory.path): \(error)")
        }
    }

    private static func writeText(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    /// `adapter_config.json` with every key peft 0.21 writes for a LoRA adapter on a `BertModel` (no task type).
    static func configuration(_ trained: TrainedAdapter) -> JSONValue {
        let configuration = trained.adapter.configuration
        let layers: JSONValue = configuration.layers.map { .array($0.map { .number(Double($0)) }) } ?? .null
        return [
            "alora_invocation_tokens": nil, "alpha_pattern": [:], "arrow_config": nil,
            "auto_mapping": [
                "base_model_class": "BertModel", "parent_library": "transformers.models.bert.modeling_bert",
            ],
            "base_model_name_or_path": .string(trained.baseModel), "bias": "none", "corda_config": nil,
            "ensure_weight_tying": false, "eva_config": nil, "exclude_modules": nil, "fan_in_fan_out": false,
            "inference_mode": true, "init_lora_weights": true, "kasa_config": nil, "layer_replication": nil,
            "layers_pattern": nil, "layers_to_transform": layers, "loftq_config": [:],
            "lora_alpha": .number(JSONValue.shortest(configuration.alpha)), "lora_bias": false,
            "lora_dropout": .number(JSONValue.shortest(configuration.dropout)), "lora_ga_config": nil,
            "megatron_config": nil, "megatron_core": "megatron.core", "modules_to_save": nil,
            "monteclora_config": nil, "peft_type": "LORA", "peft_version": "0.21.2", "qalora_group_size": 16,
            "r": .number(Double(configuration.rank)), "rank_pattern": [:], "revision": nil,
            "target_modules": .array(configuration.targets.map { .string($0.rawValue) }),
            "target_parameters": nil, "task_type": nil, "trainable_token_indices": nil, "use_bdlora": nil,
            "use_dora": false, "use_qalora": false, "use_rslora": false, "velora_config": nil,
        ]
    }

    // MARK: Reading

    /// Reads a whole adapter directory written by ``write(_:to:)`` for a model of `config`.
    public static func read(from directory: URL, model config: BertConfig) throws(TrainingError) -> TrainedAdapter {
        let (adapter, baseModel) = try readLoRA(from: directory, model: config)
        let headURL = directory.appendingPathComponent(headFile)
        let head: ClassificationHead
        do {
            let file = try SafetensorsFile(url: headURL)
            guard let shape = file.tensors["weight"]?.shape, shape.count == 2, shape[1] == config.hiddenSize else {
                throw TrainingError(
                    .invalidAdapter, "\(headURL.path): `weight` must be [classes, \(config.hiddenSize)]")
            }
            let normalize = file.metadata["normalize"]
            guard normalize == "true" || normalize == "false" else {
                throw TrainingError(.invalidAdapter, "\(headURL.path): metadata `normalize` must be true or false")
            }
            guard let scale = Float(file.metadata["logit_scale"] ?? "1"), scale > 0 else {
                throw TrainingError(.invalidAdapter, "\(headURL.path): metadata `logit_scale` is not a positive number")
            }
            head = ClassificationHead(
                weight: try file.matrix("weight", rows: shape[0], columns: shape[1]),
                bias: try file.floats("bias", shape: [shape[0]]), normalizesInput: normalize == "true",
                logitScale: scale)
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError(.invalidAdapter, "\(headURL.path): \(error)")
        }
        let labelsURL = directory.appendingPathComponent(labelsFile)
        let labels = try readJSON(labelsURL).arrayValue?.compactMap { value -> String? in
            if case .string(let text) = value { return text }
            return nil
        }
        guard let labels, labels.count == head.classCount else {
            throw TrainingError(
                .invalidAdapter, "\(labelsURL.path): expected a list of \(head.classCount) label strings")
        }
        let training = (try? readJSON(directory.appendingPathComponent(trainingFile))) ?? [:]
        let metrics = (try? readJSON(directory.appendingPathComponent(metricsFile))) ?? [:]
        return TrainedAdapter(
            adapter: adapter, head: head, labels: labels, baseModel: baseModel, training: training, metrics: metrics)
    }

    private static func readJSON(_ url: URL) throws(TrainingError) -> JSONValue {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw TrainingError(.invalidAdapter, "\(url.path): cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw TrainingError(.invalidAdapter, "\(url.path): \(error)")
        }
    }

    /// Reads the LoRA part of a peft adapter directory (`adapter_config.json`, `adapter_model.safetensors`) saved
    /// for Hugging Face's `BertModel`, and returns it with its `base_model_name_or_path`.
    ///
    /// Any rank, alpha, `rank_pattern`, `alpha_pattern`, `use_rslora`, and targets among the query, key, value
    /// and dense layers of the encoder are understood; tensors may be F32, F16 or BF16. Updates of the pooler
    /// (`pooler.dense`) are ignored: mean pooling does not use it. Anything that would change the output in a way
    /// not applied here (DoRA, trained biases, embedding updates, extra saved modules) is refused.
    public static func readLoRA(
        from directory: URL, model config: BertConfig
    ) throws(TrainingError) -> (adapter: LoRAAdapter, baseModel: String) {
        let configURL = directory.appendingPathComponent(configFile)
        guard let object = try readJSON(configURL).objectValue else {
            throw TrainingError(.invalidAdapter, "\(configURL.path): not a JSON object")
        }
        func fail(_ message: String) -> TrainingError {
            TrainingError(.invalidAdapter, "\(configURL.path): \(message)")
        }
        guard object["peft_type"]?.scalarText == "LORA" else { throw fail("peft_type is not LORA") }
        guard case .number(let rankNumber) = object["r"], rankNumber >= 1 else {
            throw fail("r is not a positive number")
        }
        guard case .number(let alpha) = object["lora_alpha"] else { throw fail("lora_alpha is not a number") }
        let rslora = object["use_rslora"] == .bool(true)
        if object["use_dora"] == .bool(true) { throw fail("DoRA adapters (use_dora) are not supported") }
        if let bias = object["bias"]?.scalarText, bias != "none" {
            throw fail("bias '\(bias)' is not supported (only 'none')")
        }
        if object["lora_bias"] == .bool(true) { throw fail("lora_bias is not supported") }
        if object["fan_in_fan_out"] == .bool(true) { throw fail("fan_in_fan_out is not supported for BERT") }
        if let saved = object["modules_to_save"]?.arrayValue, !saved.isEmpty {
            throw fail("modules_to_save is not supported")
        }
        var dropout: Float = 0
        if case .number(let value) = object["lora_dropout"] { dropout = Float(value) }
        var alphaPattern: [(String, Double)] = []
        for (pattern, value) in object["alpha_pattern"]?.objectValue ?? JSONObject() {
            guard case .number(let number) = value else { throw fail("alpha_pattern '\(pattern)' is not a number") }
            alphaPattern.append((pattern, number))
        }
        let baseModel = object["base_model_name_or_path"]?.scalarText ?? TrainedAdapter.defaultBaseModel

        let weightsURL = directory.appendingPathComponent(weightsFile)
        let file: SafetensorsFile
        do {
            file = try SafetensorsFile(url: weightsURL)
        } catch {
            throw TrainingError(.invalidAdapter, "\(weightsURL.path): \(error)")
        }
        var parts: [LoRAModuleKey: (a: String?, b: String?)] = [:]
        for name in file.tensors.keys.sorted() {
            guard let (key, part) = try parseKey(name, file: weightsURL.path) else { continue }
            var entry = parts[key] ?? (nil, nil)
            if part == "lora_A" { entry.a = name } else { entry.b = name }
            parts[key] = entry
        }
        guard !parts.isEmpty else { throw TrainingError(.invalidAdapter, "\(weightsURL.path): no LoRA tensors") }
        var modules: [LoRAModuleKey: LoRAModule] = [:]
        for (key, names) in parts {
            guard let aName = names.a, let bName = names.b else {
                throw TrainingError(.invalidAdapter, "\(weightsURL.path): \(key) lacks lora_A or lora_B")
            }
            guard key.layer < config.layerCount else {
                throw TrainingError(
                    .invalidAdapter, "\(weightsURL.path): \(key) is beyond the model's \(config.layerCount) layers")
            }
            let (inputs, outputs) = key.target.shape(in: config)
            let rank = file.tensors[aName]?.shape.first ?? 0
            do {
                let a = try file.matrix(aName, rows: rank, columns: inputs)
                let b = try file.matrix(bName, rows: outputs, columns: rank)
                let moduleAlpha = matchingAlpha(alphaPattern, key.modulePath) ?? alpha
                let scaling = Float(moduleAlpha / (rslora ? Double(rank).squareRoot() : Double(rank)))
                modules[key] = LoRAModule(a: a, b: b, scaling: scaling)
            } catch {
                throw TrainingError(.invalidAdapter, "\(weightsURL.path): \(error)")
            }
        }
        let targets = Array(Set(modules.keys.map(\.target))).sorted()
        let layers = Array(Set(modules.keys.map(\.layer))).sorted()
        let configuration = LoRAConfiguration(
            rank: Int(rankNumber), alpha: Float(alpha), dropout: min(max(dropout, 0), 0.99), targets: targets,
            layers: layers.count == config.layerCount ? nil : layers)
        return (LoRAAdapter(configuration: configuration, modules: modules), baseModel)
    }

    /// The module and part (`lora_A` or `lora_B`) a tensor name refers to; `nil` for pooler updates, which mean
    /// pooling does not use.
    static func parseKey(_ name: String, file: String) throws(TrainingError) -> (LoRAModuleKey, String)? {
        func fail(_ message: String) -> TrainingError {
            TrainingError(.invalidAdapter, "\(file): tensor '\(name)' \(message)")
        }
        var path = name.hasPrefix(keyPrefix) ? String(name.dropFirst(keyPrefix.count)) : name
        for adapterName in [".default"] {
            path = path.replacingOccurrences(of: ".lora_A\(adapterName).weight", with: ".lora_A.weight")
            path = path.replacingOccurrences(of: ".lora_B\(adapterName).weight", with: ".lora_B.weight")
        }
        let part: String
        if path.hasSuffix(".lora_A.weight") {
            part = "lora_A"
        } else if path.hasSuffix(".lora_B.weight") {
            part = "lora_B"
        } else {
            throw fail("is not a LoRA weight this encoder can apply")
        }
        let module = String(path.dropLast(".lora_A.weight".count))
        if module == "pooler.dense" || module.hasSuffix(".pooler.dense") { return nil }
        guard let range = module.range(of: "encoder.layer.") else { throw fail("is not in an encoder layer") }
        let rest = module[range.upperBound...]
        guard let dot = rest.firstIndex(of: "."), let layer = Int(rest[..<dot]),
            let target = LoRATarget(modulePath: String(rest[rest.index(after: dot)...]))
        else { throw fail("names a module this encoder cannot adapt") }
        return (LoRAModuleKey(layer: layer, target: target), part)
    }

    /// peft's `alpha_pattern` lookup: the first pattern `p` with `(.*\.)?(p)$` matching the module path.
    static func matchingAlpha(_ patterns: [(String, Double)], _ modulePath: String) -> Double? {
        for (pattern, value) in patterns {
            guard let expression = try? NSRegularExpression(pattern: "^(.*\\.)?(\(pattern))$") else { continue }
            let range = NSRange(modulePath.startIndex..., in: modulePath)
            if expression.firstMatch(in: modulePath, range: range) != nil { return value }
        }
        return nil
    }
}

extension JSONValue {
    /// The shortest decimal that reads back as `value` (so 0.001 is written as 0.001, not 0.0010000000474…).
    static func shortest(_ value: Float) -> Double {
        Double("\(value)") ?? Double(value)
    }
}
