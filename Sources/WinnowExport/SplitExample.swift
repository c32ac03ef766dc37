/// What the split needs to know about one example: its strata, its ticket thread and whether it takes part.
///
/// Examples that do not take part (rejected, or pending without `--include-pending`) are still given to the
/// planner: a duplicate link or a thread through one of them ties the examples on either side together.
public struct SplitExample: Sendable, Equatable {
    /// The example id.
    public var id: Int64
    /// The effective label (nil when unlabelled).
    public var label: String?
    /// The effective training point (nil when neither a training point nor a label is known).
    public var trainingPoint: String?
    /// Identifies the ticket thread within its source (nil when the example has no ticket id).
    public var threadKey: String?
    /// Whether the example is put in a part.
    public var isEligible: Bool

    /// An example for the planner.
    public init(id: Int64, label: String?, trainingPoint: String?, threadKey: String?, isEligible: Bool) {
        self.id = id
        self.label = label
        self.trainingPoint = trainingPoint
        self.threadKey = threadKey
        self.isEligible = isEligible
    }

    /// The stratum this example counts in under `stratum`.
    public func stratum(_ stratum: SplitStratum) -> String? {
        switch stratum {
        case .label: return label
        case .trainingPoint: return trainingPoint
        }
    }
}

/// Two examples that must sit in the same part: a duplicate and its cluster's representative.
public struct SplitLink: Sendable, Equatable, Hashable {
    /// One example.
    public var from: Int64
    /// The other.
    public var to: Int64

    /// A link between `from` and `to`.
    public init(_ from: Int64, _ to: Int64) {
        self.from = from
        self.to = to
    }
}
