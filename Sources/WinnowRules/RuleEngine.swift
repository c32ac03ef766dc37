import WinnowCore

/// Runs a rule set over examples. Pure and synchronous; one engine can serve many threads at once.
public struct RuleEngine: Sendable {
    /// A rule that cannot run with this engine, and why.
    public struct UnavailableRule: Sendable, Equatable {
        /// The rule's id.
        public var ruleID: String
        /// Why it cannot run.
        public var reason: String
    }

    /// At most this many findings per rule and field (a redacting rule reports every span it replaces).
    public static let maxFindingsPerField = 25

    /// The rules loaded.
    public let ruleSet: RuleSet
    /// Active rules skipped because something they need is missing (a `token_length` rule without a tokenizer).
    public let unavailableRules: [UnavailableRule]
    /// Active rules that run at `info` for this data set, and why (placeholders written on purpose).
    public let softenedRules: [UnavailableRule]
    /// The rules that run, in order.
    public var runningRules: [Rule] { compiled.map(\.rule) }
    private let compiled: [CompiledRule]
    private let tokenCounter: (@Sendable (String) -> Int)?

    /// An engine for the active rules of `ruleSet`. `tokenCounter` returns the number of WordPiece tokens of a text
    /// without the special tokens; without it, `token_length` rules are listed in ``unavailableRules`` and skipped.
    /// `projectLabels` is the project's label list, for `label_allowed` rules without a list of their own; without
    /// it they are listed in ``unavailableRules`` and skipped.
    ///
    /// `absentFields` are fields no example of the data set has (an unlabelled set, tickets without responses): a
    /// rule that only reports such a field as missing cannot tell anything about this data and is listed in
    /// ``unavailableRules``.
    ///
    /// `placeholderSlots` says the data set writes template placeholders in its customers' messages on purpose
    /// (``placeholderSlots(inputs:)``): its answers' placeholders are then slots too, filled when an answer is sent,
    /// and `template_leftover` rules on responses run at `info` (listed in ``softenedRules``).
    public init(
        ruleSet: RuleSet, tokenCounter: (@Sendable (String) -> Int)? = nil, projectLabels: LabelList? = nil,
        absentFields: Set<RuleField> = [], placeholderSlots: String? = nil
    ) {
        self.ruleSet = ruleSet
        self.tokenCounter = tokenCounter
        var running: [CompiledRule] = []
        var unavailable: [UnavailableRule] = []
        var softened: [UnavailableRule] = []
        for var rule in ruleSet.activeRules {
            if let placeholderSlots, rule.kind == .templateLeftover, rule.fields == [.response],
                rule.severity > .info
            {
                rule = rule.replacingSeverity(.info)
                softened.append(
                    UnavailableRule(
                        ruleID: rule.id,
                        reason: "runs at info: the data set writes placeholders in its customers' messages on purpose"
                            + " (\(placeholderSlots)), so its answers' placeholders are slots too"))
            }
            if rule.check.checksMissingFields, !rule.fields.isEmpty, rule.fields.allSatisfy(absentFields.contains) {
                let names = rule.fields.map(\.description).joined(separator: ", ")
                unavailable.append(
                    UnavailableRule(ruleID: rule.id, reason: "no example of this data set has a \(names)"))
            } else if rule.check.needsTokenCounter, tokenCounter == nil {
                unavailable.append(
                    UnavailableRule(ruleID: rule.id, reason: "no WordPiece tokenizer is available to count tokens"))
            } else if rule.check.needsProjectLabels {
                if let projectLabels, !projectLabels.labels.isEmpty {
                    let check = LabelAllowedCheck(labels: projectLabels.labels, origin: projectLabels.origin)
                    running.append(CompiledRule(rule.replacingCheck(check)))
                } else {
                    unavailable.append(
                        UnavailableRule(
                            ruleID: rule.id,
                            reason: "the project has no label list (`winnow init --labels FILE`, or labels/labels_file"
                                + " on the rule in a --rules file)"))
                }
            } else {
                running.append(CompiledRule(rule))
            }
        }
        self.compiled = running
        self.unavailableRules = unavailable
        self.softenedRules = softened
    }

    /// Whether customers' messages hold template placeholders on purpose, as data sets built from templates write
    /// them (`{{Order Number}}` in a third of Bitext's requests): at least 10 of `inputs` and 5% of them hold one.
    /// A customer never types a placeholder, so in real tickets they are rare leftovers. Returns the count as words
    /// for the reason (`312 of 2,000 sampled messages`), or nil.
    public static func placeholderSlots(inputs: [String]) -> String? {
        let check = TemplateLeftoverCheck(findsPlaceholders: true, findsFiller: false)
        let context = CheckContext(input: FieldText(""), tokenCounter: nil)
        let holding = inputs.filter { !check.hits(in: FieldText($0), context: context).isEmpty }.count
        guard holding >= 10, holding * 20 >= inputs.count else { return nil }
        return "\(holding) of \(inputs.count) sampled messages hold one"
    }

    /// The findings of every running rule on `subject`, in rule order, then field order, then position.
    public func evaluate(_ subject: RuleSubject) -> [Finding] {
        var findings: [Finding] = []
        var cache = FieldCache(subject: subject)
        let context = CheckContext(input: cache.input, tokenCounter: tokenCounter)
        for rule in compiled {
            if rule.hasConditions, !rule.rule.conditions.holds(for: subject) { continue }
            // Hits per distinct text for this rule: a thread turn that repeats the input is checked once.
            var done: [(text: ObjectIdentifier, hits: [Hit])] = []
            func run(_ name: String, _ text: String?) {
                let prepared: FieldText
                if let text {
                    prepared = cache.text(name, text)
                } else if rule.check.checksMissingFields {
                    prepared = .missing
                } else {
                    return
                }
                let identity = ObjectIdentifier(prepared)
                var hits: [Hit]
                if let previous = done.first(where: { $0.text == identity }) {
                    hits = previous.hits
                } else {
                    hits = rule.check.hits(in: prepared, context: context)
                    done.append((identity, hits))
                }
                if rule.rule.action != .redact, hits.count > RuleEngine.maxFindingsPerField {
                    hits.removeLast(hits.count - RuleEngine.maxFindingsPerField)
                }
                for hit in hits { findings.append(rule.finding(hit, field: name, text: prepared)) }
            }
            for (field, name) in zip(rule.rule.fields, rule.fieldNames) {
                switch field {
                case .input: run(name, subject.input)
                case .response: run(name, subject.response)
                case .label: run(name, subject.label)
                case .messages:
                    for (index, message) in subject.messages.enumerated() {
                        for (name, text) in message.texts(at: index) { run(name, text) }
                    }
                case .metadataTexts:
                    for (name, text) in MetadataTexts.texts(of: subject.metadata) { run(name, text) }
                case .subject, .metadata: run(name, subject.text(of: field))
                }
            }
        }
        return findings
    }
}

/// A running rule with what evaluation needs at hand. A class: the engine's loop reads it without copying the
/// rule's fields.
private final class CompiledRule: Sendable {
    let rule: Rule
    let check: any RuleCheck
    let hasConditions: Bool
    /// The name findings use for each field (`metadata.from`); `messages` is named per turn.
    let fieldNames: [String]

    init(_ rule: Rule) {
        self.rule = rule
        self.check = rule.check
        self.hasConditions = !rule.conditions.isEmpty
        self.fieldNames = rule.fields.map(\.description)
    }

    func finding(_ hit: Hit, field: String, text: FieldText) -> Finding {
        var evidence: JSONObject = .evidence([
            "kind": .string(rule.kind.rawValue), "action": .string(rule.action.rawValue),
        ])
        for (key, value) in hit.evidence { evidence[key] = value }
        if rule.action == .redact {
            evidence["matched"] = nil
            evidence["redact_as"] = .string(hit.redactAs ?? rule.id.uppercased())
        }
        return Finding(
            ruleID: rule.id, severity: rule.severity, field: field, span: hit.range.map(text.span),
            message: hit.message, evidence: evidence, action: rule.action)
    }
}

/// Field texts prepared once per example and shared by every rule that reads them; equal texts share one copy.
private struct FieldCache {
    let input: FieldText
    private var others: [(name: String, text: FieldText)] = []

    init(subject: RuleSubject) {
        input = FieldText(subject.input)
    }

    mutating func text(_ name: String, _ text: String) -> FieldText {
        if name == "input" { return input }
        if let cached = others.first(where: { $0.name == name }) { return cached.text }
        let prepared: FieldText
        if text == input.text {
            prepared = input
        } else if let same = others.first(where: { $0.text.text == text }) {
            prepared = same.text
        } else {
            prepared = FieldText(text)
        }
        others.append((name, prepared))
        return prepared
    }
}
