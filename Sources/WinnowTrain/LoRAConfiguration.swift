/// The shape of a LoRA adapter: rank, scaling, dropout, and which layers carry it.
///
/// Follows peft's `LoraConfig`: each targeted layer computes `y = x Wᵀ + b + scaling · (dropout(x) Aᵀ) Bᵀ` with
/// `A` of `[rank, inputs]`, `B` of `[outputs, rank]` and `scaling = alpha / rank`.
public struct LoRAConfiguration: Sendable, Equatable, Codable {
    /// The rank `r` of every update.
    public var rank: Int
    /// `lora_alpha`; the update is scaled by `alpha / rank`.
    public var alpha: Float
    /// Probability of zeroing an input element of the LoRA branch during training (peft's default is 0).
    public var dropout: Float
    /// The dense layers that carry an update, in forward order.
    public var targets: [LoRATarget]
    /// The encoder layers that carry updates (`nil`: all of them), peft's `layers_to_transform`.
    public var layers: [Int]?

    /// The targets used by default: every dense layer of attention and feed-forward.
    public static let defaultTargets: [LoRATarget] = LoRATarget.allCases

    /// A configuration; the defaults are rank 16, alpha 32, no dropout, every dense layer of every layer.
    public init(
        rank: Int = 16, alpha: Float = 32, dropout: Float = 0, targets: [LoRATarget] = defaultTargets,
        layers: [Int]? = nil
    ) {
        precondition(rank > 0, "rank must be positive")
        precondition(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)")
        precondition(!targets.isEmpty, "at least one target is needed")
        self.rank = rank
        self.alpha = alpha
        self.dropout = dropout
        self.targets = Array(Set(targets)).sorted()
        self.layers = layers.map { Array(Set($0)).sorted() }
    }

    /// `alpha / rank`.
    public var scaling: Float { alpha / Float(rank) }

    /// Whether encoder layer `index` carries updates.
    public func includes(layer index: Int) -> Bool { layers?.contains(index) ?? true }
}
