import WinnowCore
import WinnowReview
import WinnowStore

/// What accepting label suggestions did: the decisions, and the examples left alone because no flag suggests a
/// label for them.
public struct AcceptReport: Sendable {
    /// The decisions (action `accept`).
    public var decisions: DecisionReport
    /// Selected examples without a label suggestion, untouched.
    public var withoutSuggestion: [Int64] = []
    /// Examples a filter selected that someone had already given another label, untouched (a group's suggestion does
    /// not overwrite a person's relabel).
    public var keptRelabels: [Int64] = []

    /// `Accepted the suggested label of 12 examples: #3, #9, ... 2 have no suggestion (#4, #5).`
    public var summary: String {
        var sentences: [String] = []
        let count = decisions.applied.count
        sentences.append(
            "Accepted the suggested label of \(count) example\(count == 1 ? "" : "s")"
                + (count == 0 ? "" : ": " + DecisionReport.list(decisions.applied.map(\.exampleID))) + ".")
        if !decisions.unchanged.isEmpty {
            sentences.append(
                "\(decisions.unchanged.count) already approved with it (\(DecisionReport.list(decisions.unchanged))).")
        }
        if !withoutSuggestion.isEmpty {
            sentences.append(
                "\(withoutSuggestion.count) \(withoutSuggestion.count == 1 ? "has" : "have") no suggested label, "
                    + "left alone (\(DecisionReport.list(withoutSuggestion))).")
        }
        if !keptRelabels.isEmpty {
            sentences.append(
                "\(keptRelabels.count) already relabelled otherwise, left alone (\(DecisionReport.list(keptRelabels)))."
            )
        }
        for refused in decisions.stale { sentences.append("Refused: \(refused.description).") }
        return sentences.joined(separator: " ")
    }

    /// The decisions' JSON with `without_suggestion` added.
    public var json: JSONValue {
        var object = decisions.json.objectValue ?? JSONObject()
        object["without_suggestion"] = .array(withoutSuggestion.map { .number(Double($0)) })
        object["kept_relabels"] = .array(keptRelabels.map { .number(Double($0)) })
        return .object(object)
    }
}

/// Examples with one suggested label: a group a person can read and accept at once.
public struct SuggestionGroup: Sendable, Equatable {
    /// The suggested label.
    public var label: String
    /// Examples suggested it.
    public var examples: Int
    /// How many of them are suggested it with a confidence of at least 0.5.
    public var surer: Int

    /// A group.
    public init(label: String, examples: Int, surer: Int) {
        self.label = label
        self.examples = examples
        self.surer = surer
    }

    /// `[{"label": ..., "examples": ..., "confidence_0_5_up": ...}, ...]`.
    public static func json(_ groups: [SuggestionGroup]) -> JSONValue {
        .array(
            groups.map { group in
                [
                    "label": .string(group.label), "examples": .number(Double(group.examples)),
                    "confidence_0_5_up": .number(Double(group.surer)),
                ]
            })
    }
}

extension ReviewService {
    /// The examples of `status` (pending by default) grouped by the labels their `label-` flags suggest, largest
    /// group first, then by label: a group holds what `ExampleFilter.suggestion` selects, so an example suggested two
    /// labels is in both groups; `examples` counts each example once.
    public func suggestionGroups(status: ReviewStatus = .pending) throws -> (groups: [SuggestionGroup], examples: Int) {
        let checks = try store.flagCounts().map(\.check).filter { $0.hasPrefix("label-") }
        guard !checks.isEmpty else { return ([], 0) }
        var flags: [Int64: [Flag]] = [:]
        for check in checks {
            for flag in try store.flags(check: check) { flags[flag.exampleID, default: []].append(flag) }
        }
        let selected = Set(try store.exampleIDs(ExampleFilter(status: status)))
        var groups: [String: SuggestionGroup] = [:]
        var examples = 0
        for (id, exampleFlags) in flags where selected.contains(id) {
            let suggestions = exampleFlags.compactMap(LabelSuggestion.init)
            guard !suggestions.isEmpty else { continue }
            examples += 1
            for label in Set(suggestions.map(\.label)) {
                let surest = suggestions.filter { $0.label == label }.compactMap(\.confidence).max() ?? 0
                var group = groups[label] ?? SuggestionGroup(label: label, examples: 0, surer: 0)
                group.examples += 1
                if surest >= 0.5 { group.surer += 1 }
                groups[label] = group
            }
        }
        return (groups.values.sorted { ($1.examples, $0.label) < ($0.examples, $1.label) }, examples)
    }

    /// Accepts the label that each of the examples `ids` is suggested (the most confident `label-` flag's,
    /// ``LabelSuggestion/best(in:)``): relabels it to that label (no override when it is the imported one) and
    /// approves it, recorded as action `accept` with the suggestion in the note; with `label`, the suggestion naming
    /// it (an example without one is left alone). `versions` as in
    /// ``decide(_:ids:reviewer:note:versions:)``; unknown ids fail the whole request before anything is written.
    public func acceptSuggestions(
        ids: [Int64], naming label: String? = nil, reviewer: String, note: String? = nil,
        versions: [Int64: Int] = [:]
    ) throws -> AcceptReport {
        try Reviewer.validatePerson(reviewer)
        let examples = try store.examples(ids: ids)
        let found = Set(examples.map(\.id))
        if let missing = ids.first(where: { !found.contains($0) }) { throw StoreError.noSuchExample(missing) }
        let byID = Dictionary(uniqueKeysWithValues: examples.map { ($0.id, $0) })
        var seen = Set<Int64>()
        let ordered = ids.compactMap { id in seen.insert(id).inserted ? byID[id] : nil }
        var report = AcceptReport(decisions: DecisionReport(action: "accept", reviewer: reviewer))
        try accept(
            ordered, naming: label, keepingRelabels: false, reviewer: reviewer, note: note, versions: versions,
            notAfter: nil, into: &report)
        return report
    }

    /// Accepts the suggested label of every example matching `filter` (see
    /// ``acceptSuggestions(ids:naming:reviewer:note:versions:)``); when the filter names a suggestion
    /// (``ExampleFilter/suggestion``), that label, even where another flag suggests a different one more surely. An
    /// example already relabelled to another label is left alone (``AcceptReport/keptRelabels``): a person who
    /// relabelled the odd ones of a group and then accepts the group keeps those relabels.
    /// With `notAfter` (the newest decision id when the reviewer looked), an example decided on since is refused as
    /// stale instead of overwritten.
    public func acceptSuggestions(
        filter: ExampleFilter, reviewer: String, note: String? = nil, notAfter: Int64? = nil
    ) throws -> AcceptReport {
        try Reviewer.validatePerson(reviewer)
        let ids = try store.exampleIDs(filter)
        var report = AcceptReport(decisions: DecisionReport(action: "accept", reviewer: reviewer))
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let examples = try store.examples(ids: Array(ids[start..<min(start + 1000, ids.count)]))
            try accept(
                examples, naming: filter.suggestion, keepingRelabels: true, reviewer: reviewer, note: note,
                versions: [:], notAfter: notAfter, into: &report)
        }
        return report
    }

    private func accept(
        _ examples: [Example], naming label: String?, keepingRelabels: Bool, reviewer: String, note: String?,
        versions: [Int64: Int], notAfter: Int64?, into report: inout AcceptReport
    ) throws {
        let flags = try store.flags(ofExamples: examples.map(\.id))
        var requests: [DecisionRequest] = []
        for example in examples {
            guard let suggestion = LabelSuggestion.best(in: flags[example.id] ?? [], naming: label) else {
                report.withoutSuggestion.append(example.id)
                continue
            }
            if keepingRelabels, let override = example.labelOverride, override != suggestion.label {
                report.keptRelabels.append(example.id)
                continue
            }
            var state = ReviewState(of: example)
            state.labelOverride = suggestion.label == example.label ? nil : suggestion.label
            state.status = .approved
            let accepted = "accepted the suggested label \(suggestion.description)"
            requests.append(
                DecisionRequest(
                    exampleID: example.id, basedOn: versions[example.id] ?? example.version, action: "accept",
                    after: state, note: note.map { "\($0) (\(accepted))" } ?? accepted))
        }
        report.decisions.add(try store.record(requests, reviewer: reviewer, notAfter: notAfter))
    }
}
