import WinnowCore

/// A trained adapter as kept on disk: the LoRA updates, the head, the class names and the records of how it was
/// made (see ``AdapterDirectory``).
public struct TrainedAdapter: Sendable {
    /// The LoRA updates.
    public var adapter: LoRAAdapter
    /// The classification head.
    public var head: ClassificationHead
    /// Class names by class index.
    public var labels: [String]
    /// `base_model_name_or_path` of `adapter_config.json`.
    public var baseModel: String
    /// `training.json`: hyper-parameters, data hashes, seed, split.
    public var training: JSONValue
    /// `metrics.json`: per-epoch history and results.
    public var metrics: JSONValue

    /// The name written as `base_model_name_or_path` for MiniLM.
    public static let defaultBaseModel = "sentence-transformers/all-MiniLM-L6-v2"

    /// An adapter record from its parts.
    public init(
        adapter: LoRAAdapter, head: ClassificationHead, labels: [String], baseModel: String = defaultBaseModel,
        training: JSONValue = [:], metrics: JSONValue = [:]
    ) {
        precondition(head.classCount == labels.count, "\(labels.count) labels for a head of \(head.classCount)")
        self.adapter = adapter
        self.head = head
        self.labels = labels
        self.baseModel = baseModel
        self.training = training
        self.metrics = metrics
    }
}
