import WinnowCore

/// What a duplicate flag (`winnow dedup`) says about its example: the cluster's kept example and how close they are.
/// Every duplicate flag, of any tier, carries these in its evidence.
public struct DuplicateEvidence: Sendable, Equatable {
    /// The duplicate checks.
    public static let checks = ["exact-duplicate", "near-duplicate"]

    /// The id of the cluster's kept example.
    public var representative: Int64
    /// The cluster number, unique within one dedup run.
    public var cluster: Int64?
    /// How similar the two are (1 for exact copies).
    public var similarity: Double?
    /// `exact`, `lexical` or `semantic`.
    public var tier: String?
    /// The kept example it copies; nil for a paraphrase.
    public var copyOf: Int64?
    /// Whether it copies a kept example (same words but for case, punctuation, numbers, names, greetings,
    /// politeness words or a typo). Flags stored before copies were told from paraphrases say `kind` nowhere:
    /// exact duplicates are copies, the rest paraphrases.
    public var isCopy: Bool

    /// The evidence of `flag`; nil unless it is a duplicate flag with an integer `representative`.
    public init?(_ flag: Flag) {
        guard Self.checks.contains(flag.check), case .number(let representative)? = flag.evidence["representative"],
            representative.rounded() == representative, abs(representative) < 9e18
        else { return nil }
        self.representative = Int64(representative)
        if case .number(let cluster)? = flag.evidence["cluster"], cluster.rounded() == cluster, abs(cluster) < 9e18 {
            self.cluster = Int64(cluster)
        }
        if case .number(let similarity)? = flag.evidence["similarity"] { self.similarity = similarity }
        if case .string(let tier)? = flag.evidence["tier"] { self.tier = tier }
        if case .number(let copyOf)? = flag.evidence["copy_of"], copyOf.rounded() == copyOf, abs(copyOf) < 9e18 {
            self.copyOf = Int64(copyOf)
        }
        if case .string(let kind)? = flag.evidence["kind"] {
            isCopy = kind == "copy"
        } else {
            isCopy = flag.check == "exact-duplicate"
        }
        if isCopy, self.copyOf == nil { self.copyOf = self.representative }
    }

    /// A duplicate's evidence with the given values.
    public init(
        representative: Int64, cluster: Int64? = nil, similarity: Double? = nil, tier: String? = nil,
        copyOf: Int64? = nil
    ) {
        self.representative = representative
        self.cluster = cluster
        self.similarity = similarity
        self.tier = tier
        self.copyOf = copyOf
        self.isCopy = copyOf != nil
    }

    /// `near-duplicate of #3 (similarity 0.93, lexical, a copy of #3)`.
    public func describe(check: String) -> String {
        var details: [String] = []
        if let similarity { details.append("similarity " + Self.format(similarity)) }
        if let tier { details.append(tier) }
        if let copyOf { details.append("a copy of #\(copyOf)") }
        return "\(check) of #\(representative)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
