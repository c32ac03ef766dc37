import WinnowCore

extension TrainingParameters {
    /// The parameters as recorded in `training.json`.
    public var json: JSONValue {
        func number(_ value: Float) -> JSONValue { .number(JSONValue.shortest(value)) }
        func optional(_ value: Float?) -> JSONValue { value.map(number) ?? .null }
        return [
            "lora": [
                "r": .number(Double(lora.rank)), "lora_alpha": number(lora.alpha),
                "lora_dropout": number(lora.dropout),
                "target_modules": .array(lora.targets.map { .string($0.rawValue) }),
                "layers": lora.layers.map { .array($0.map { .number(Double($0)) }) } ?? .null,
            ],
            "epochs": .number(Double(epochs)), "batch_size": .number(Double(batchSize)),
            "learning_rate": number(learningRate), "head_learning_rate": optional(headLearningRate),
            "weight_decay": number(weightDecay), "warmup_fraction": number(warmupFraction),
            "maximum_gradient_norm": optional(maximumGradientNorm),
            "maximum_length": .number(Double(maximumLength)), "batch_order": .string(batchOrder.rawValue),
            "head_normalizes_input": .bool(headNormalizesInput), "head_logit_scale": number(headLogitScale),
            "linear_probe": .bool(linearProbe), "cache_frozen_layers": .bool(cacheFrozenLayers),
            "probe_regularization": optional(probeRegularization),
            "early_stopping_patience": earlyStoppingPatience.map { .number(Double($0)) } ?? .null,
            "seed": .number(Double(seed)), "optimizer": "AdamW (beta1 0.9, beta2 0.999, epsilon 1e-8)",
            "schedule": "linear warm-up, then linear decay to 0",
        ]
    }
}

extension EpochRecord {
    /// The record as kept in `metrics.json`.
    public var json: JSONValue {
        func number(_ value: Float?) -> JSONValue { value.map { .number(JSONValue.shortest($0)) } ?? .null }
        return [
            "epoch": .number(Double(epoch)), "training_loss": number(trainingLoss),
            "training_accuracy": number(trainingAccuracy), "validation_loss": number(validationLoss),
            "validation_accuracy": number(validationAccuracy), "seconds": .number((seconds * 100).rounded() / 100),
            "examples_per_second": .number(examplesPerSecond.rounded()), "learning_rate": number(learningRate),
        ]
    }
}
