/// One example as dedup sees it.
///
/// The exact and lexical tiers compare the input followed by the response (when there is one): for intent data
/// that is the input alone, for tickets the whole exchange, so two tickets are lexical duplicates only when both
/// question and answer match. The semantic tier compares the stored input embeddings (`winnow embed` embeds the
/// input), so it also finds the same question answered differently.
public struct DedupItem: Sendable, Equatable {
    /// The customer text (a reviewer's edit applied).
    public var input: String
    /// The agent's answer (a reviewer's edit applied), if any.
    public var response: String?
    /// What decides the representative.
    public var facts: RepresentativeFacts

    /// An item.
    public init(input: String, response: String?, facts: RepresentativeFacts) {
        self.input = input
        self.response = response
        self.facts = facts
    }

    /// The example id.
    public var id: Int64 { facts.id }
}

/// Where a dedup run is: the stage and its progress.
public struct DedupProgress: Sendable, Equatable {
    /// `normalise`, `lexical`, `semantic`, `clusters`.
    public var stage: String
    /// Units done in this stage.
    public var done: Int
    /// Units in this stage.
    public var total: Int
}
