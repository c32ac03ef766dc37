import WinnowCore

/// When a rule applies (its `when:` block). Every condition given must hold; an empty block always holds.
public struct RuleConditions: Sendable, Equatable {
    /// `has_response`: whether the example must (true) or must not (false) have a non-blank response.
    public var hasResponse: Bool?
    /// `has_label`: whether the example must (true) or must not (false) have a non-blank label.
    public var hasLabel: Bool?
    /// `source`: glob patterns (`*`, `?`) of which the source path or its file name must match one.
    public var sources: [String]
    /// `label`: labels of which the example's label must be one.
    public var labels: [String]
    /// `metadata`: dotted paths and the values (any of a list) they must hold.
    public var metadata: [(path: String, values: [String])]

    /// Conditions; the defaults always hold.
    public init(
        hasResponse: Bool? = nil, hasLabel: Bool? = nil, sources: [String] = [], labels: [String] = [],
        metadata: [(path: String, values: [String])] = []
    ) {
        self.hasResponse = hasResponse
        self.hasLabel = hasLabel
        self.sources = sources
        self.labels = labels
        self.metadata = metadata
    }

    /// Whether the conditions hold for `subject`.
    public func holds(for subject: RuleSubject) -> Bool {
        if let hasResponse, hasResponse != !isBlank(subject.response) { return false }
        if let hasLabel, hasLabel != !isBlank(subject.label) { return false }
        if !labels.isEmpty {
            guard let label = subject.label, labels.contains(label) else { return false }
        }
        if !sources.isEmpty {
            guard let path = subject.sourcePath else { return false }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard sources.contains(where: { Glob.matches($0, path) || Glob.matches($0, name) }) else { return false }
        }
        for condition in metadata {
            let value = JSONValue.object(subject.metadata).value(atPath: condition.path)?.fieldText
            guard let value, condition.values.contains(value) else { return false }
        }
        return true
    }

    /// Whether no condition is set.
    public var isEmpty: Bool {
        hasResponse == nil && hasLabel == nil && sources.isEmpty && labels.isEmpty && metadata.isEmpty
    }

    private func isBlank(_ text: String?) -> Bool {
        text?.allSatisfy(\.isWhitespace) ?? true
    }

    /// Whether both hold the same conditions.
    public static func == (lhs: RuleConditions, rhs: RuleConditions) -> Bool {
        lhs.hasResponse == rhs.hasResponse && lhs.hasLabel == rhs.hasLabel && lhs.sources == rhs.sources
            && lhs.labels == rhs.labels && lhs.metadata.map(\.path) == rhs.metadata.map(\.path)
            && lhs.metadata.map(\.values) == rhs.metadata.map(\.values)
    }
}
