import Foundation
import WinnowCore
import WinnowStore

/// A small in-memory store for review tests: examples added one by one, flags planted through the Store API the
/// way `check`, `dedup` and `audit` store them.
public final class ReviewFixture: Sendable {
    /// The store.
    public let store: Store
    private let source: SourceInfo

    /// An empty store with one source, `fixture.jsonl`: in memory, or in a file at `path`.
    public init(path: String? = nil) throws {
        store = try path.map { try Store(path: $0) } ?? Store()
        source = try store.registerSource(
            path: "fixture.jsonl", sha256: String(repeating: "ab", count: 32), format: .jsonl, size: 1)
    }

    /// Adds an example and returns its id.
    @discardableResult
    public func add(
        _ input: String, response: String? = nil, label: String? = nil, line: Int? = nil,
        messages: [Message] = []
    ) throws -> Int64 {
        let position = try line ?? (store.count() + 1)
        let draft = ExampleDraft(
            input: input, response: response, label: label, ticketID: "T-\(position)", messages: messages,
            locator: .line(position))
        _ = try store.commitBatch(
            source: source, examples: [PreparedExample(draft)], failures: [], recordsDone: position)
        guard let id = try store.exampleIDs().last else { throw StoreError.noSuchExample(0) }
        return id
    }

    /// Plants a flag on `exampleID` (keeping the example's other flags of the same check).
    public func flag(
        _ exampleID: Int64, check: String, severity: Severity = .warning, message: String? = nil,
        field: String? = nil, span: TextSpan? = nil, evidence: JSONObject = JSONObject()
    ) throws {
        let existing = try store.flags(check: check, exampleID: exampleID)
        let flag = Flag(
            exampleID: exampleID, check: check, severity: severity, field: field, message: message ?? check,
            span: span, evidence: evidence)
        try store.replaceFlags(ofChecks: [check], onExamples: [exampleID], with: existing + [flag], runID: nil)
    }

    /// Plants a duplicate flag as `winnow dedup` stores it (representative, cluster, similarity, tier, and whether
    /// it copies the representative or is a paraphrase: a copy is a warning, a paraphrase information).
    public func duplicate(
        _ exampleID: Int64, of representative: Int64, check: String = "near-duplicate", similarity: Double = 0.93,
        tier: String = "lexical", cluster: Int = 1, copy: Bool = true
    ) throws {
        var evidence = JSONObject([
            ("representative", .number(Double(representative))), ("cluster", .number(Double(cluster))),
            ("similarity", .number(similarity)), ("tier", .string(tier)),
            ("kind", .string(copy ? "copy" : "paraphrase")),
        ])
        if copy { evidence["copy_of"] = .number(Double(representative)) }
        try flag(
            exampleID, check: check, severity: copy ? .warning : .info, message: "\(check) of #\(representative)",
            evidence: evidence)
    }

    /// Stores an audit run whose measured fix precision is `precision` in every confidence band from `from` up
    /// (100 suggestions each) and 0.5 below, as `winnow audit` stores its estimate.
    public func auditRun(precision: Double, from: Double) throws {
        let edges = FixPrecisionEstimate.edges
        let bands = (0..<(edges.count - 1)).map { index in
            FixPrecisionEstimate.Band(
                lower: edges[index], upper: edges[index + 1], suggestions: 100,
                correct: edges[index] >= from ? Int((precision * 100).rounded()) : 50)
        }
        let run = try store.startRun(command: "audit", parameters: JSONObject())
        try store.finishRun(
            run,
            summary: JSONObject([
                ("fix_precision", FixPrecisionEstimate(bands: bands, planted: 30, estimatedWrongLabels: 10).json)
            ]))
    }

    /// Plants a label-issue flag as `winnow audit` stores it (suggested_label, confidence).
    public func labelIssue(_ exampleID: Int64, suggested: String, confidence: Double) throws {
        try flag(
            exampleID, check: "label-issue", severity: .warning, message: "label looks wrong; suggested \(suggested)",
            field: "label",
            evidence: JSONObject([("suggested_label", .string(suggested)), ("confidence", .number(confidence))]))
    }

    /// The example as stored now.
    public func example(_ id: Int64) throws -> Example { try store.example(id: id) }
}
