/// Everything a training run is configured by, with the defaults `winnow train` uses.
public struct TrainingParameters: Sendable, Equatable {
    /// The adapter's shape (default: rank 16, alpha 32 on every dense layer, no dropout).
    public var lora = LoRAConfiguration()
    /// Passes over the training examples (3: on BANKING77 the third epoch reached 0.937 in under 7 minutes; see
    /// BENCHMARKS.md, "Training").
    public var epochs = 3
    /// Examples per optimiser step.
    public var batchSize = 32
    /// Peak learning rate of the LoRA matrices.
    public var learningRate: Float = 1e-3
    /// Peak learning rate of the head (`nil`: the same as ``learningRate``).
    public var headLearningRate: Float?
    /// AdamW's decoupled weight decay, applied to the LoRA matrices and the head's weight (not its bias).
    public var weightDecay: Float = 0.01
    /// Share of all steps spent warming the learning rate up.
    public var warmupFraction: Float = 0.1
    /// Largest global gradient norm; larger gradients are scaled down to it (`nil`: no clipping).
    public var maximumGradientNorm: Float? = 1
    /// Longest token sequence, `[CLS]` and `[SEP]` included; longer texts are cut.
    public var maximumLength = 128
    /// How examples are grouped into batches.
    public var batchOrder = BatchOrder.lengthSorted
    /// Whether the head reads the unit-length pooled vector (`false`: the mean-pooled vector as it is).
    public var headNormalizesInput = false
    /// The head's fixed logit scale (1 for a plain head).
    public var headLogitScale: Float = 1
    /// Whether the head is first fitted on the frozen encoder's vectors (linear probing), then fine-tuned with
    /// the adapter; otherwise it starts from random weights.
    public var linearProbe = true
    /// L2 penalty of the linear probe: the larger of this and `1 / examples` (scikit-learn's `C = 1`; `nil`: that
    /// alone). The default, 0.003, leaves the head short of fitting a large training set, so fine-tuning still has a
    /// gradient to follow: at `1 / n` (1e-4 on BANKING77) the probe fits it and LoRA added 0.0016 of test accuracy;
    /// at 0.003, 0.0078. Small sets keep `1 / n`, which is then the larger.
    public var probeRegularization: Float? = 0.003
    /// Whether, when only upper layers are adapted, the frozen lower layers' output is computed once and reused
    /// every epoch (``FrozenLayerCache``) instead of being recomputed at every step.
    public var cacheFrozenLayers = true
    /// Epochs without a better validation result before training stops (`nil`: never stop early).
    public var earlyStoppingPatience: Int? = 2
    /// Seeds the adapter's and head's initial weights, the batch order and dropout.
    public var seed: UInt64 = 42

    /// The defaults.
    public init() {}

    /// Throws when a value is out of range.
    public func validate() throws(TrainingError) {
        func fail(_ message: String) -> TrainingError { TrainingError(.invalidParameters, message) }
        guard epochs > 0 else { throw fail("epochs must be at least 1") }
        guard batchSize > 0 else { throw fail("batch size must be at least 1") }
        guard learningRate > 0, (headLearningRate ?? 1) > 0 else { throw fail("learning rates must be positive") }
        guard weightDecay >= 0 else { throw fail("weight decay must not be negative") }
        guard warmupFraction >= 0, warmupFraction < 1 else { throw fail("warm-up fraction must be in [0, 1)") }
        guard (maximumGradientNorm ?? 1) > 0 else { throw fail("the gradient norm limit must be positive") }
        guard maximumLength >= 2 else { throw fail("maximum length must leave room for [CLS] and [SEP]") }
        guard headLogitScale > 0 else { throw fail("the head's logit scale must be positive") }
        guard (earlyStoppingPatience ?? 1) > 0 else { throw fail("early-stopping patience must be at least 1") }
    }
}
