import Foundation
import WinnowAudit
import WinnowCore
import WinnowDedup
import WinnowReview
import WinnowStore

/// The stages of `winnow curate`, in order.
public enum CurationStage: String, Sendable, CaseIterable {
    /// The rule files (`winnow check`).
    case check
    /// Embeddings of every example without one (`winnow embed`).
    case embed
    /// Duplicate clusters (`winnow dedup`).
    case dedup
    /// Label audit with its measured fix precision (`winnow audit`).
    case audit
    /// The review policy (`winnow review auto`).
    case review
}

/// What `winnow curate` runs, and with which settings.
public struct CurationOptions: Sendable {
    /// Extra rule directories for the check stage (the shipped rules always run).
    public var ruleDirectories: [URL] = []
    /// The policy applied last.
    public var policy: ReviewPolicy
    /// The dedup settings.
    public var dedup = DedupParameters()
    /// The audit settings.
    public var audit = AuditParameters()
    /// Whether the rule files run (off: flags of an earlier `winnow check` stay as they are).
    public var check = true

    /// Options applying `policy`, defaults elsewhere.
    public init(policy: ReviewPolicy) {
        self.policy = policy
    }
}

/// What `winnow curate` did, stage by stage.
public struct CurationReport: Sendable {
    /// The rule run (nil when the check stage was off).
    public var check: CheckReport?
    /// The embedding run.
    public var embedding: EmbeddingReport
    /// The dedup run.
    public var dedup: DedupReport
    /// The audit run (nil when there was nothing to audit; `notes` says why).
    public var audit: AuditReport?
    /// The policy run.
    public var review: PolicyReport
    /// What is left pending, grouped by suggested label (largest group first): what a person can settle a group
    /// at a time (an example suggested two labels is in both groups).
    public var leftBySuggestion: [SuggestionGroup] = []
    /// Pending examples with a suggested label, each counted once.
    public var leftWithSuggestion = 0
    /// Things the user should know.
    public var notes: [String]
    /// Seconds for the whole run.
    public var seconds: Double

    /// The policy's changes by action: approved, rejected, relabelled (a relabel that approves counts in both).
    public var decided: (approved: Int, rejected: Int, relabelled: Int) {
        let changes = review.allProposals
        return (
            changes.filter { $0.action == .approve || $0.approves }.count,
            changes.filter { $0.action == .reject }.count, changes.filter { $0.action == .relabel }.count
        )
    }

    /// The report as JSON (`curate --json`).
    public var json: JSONValue {
        var object = JSONObject()
        object["check"] = check?.json ?? .null
        object["embed"] = embedding.json
        object["dedup"] = dedup.json
        object["audit"] = audit?.json ?? .null
        object["review"] = review.json
        let decided = decided
        object["approved"] = .number(Double(decided.approved))
        object["rejected"] = .number(Double(decided.rejected))
        object["relabelled"] = .number(Double(decided.relabelled))
        object["left_for_a_person"] = .number(Double(review.leftPending))
        object["left_by_suggestion"] = SuggestionGroup.json(leftBySuggestion)
        object["left_with_suggestion"] = .number(Double(leftWithSuggestion))
        object["notes"] = .array(notes.map(JSONValue.string))
        object["seconds"] = .number((seconds * 1000).rounded() / 1000)
        return .object(object)
    }
}

/// The whole default pipeline over a store: check, embed, dedup, audit and the review policy, through the same
/// services the single commands use.
public struct CurationService: Sendable {
    /// The settings.
    public var options: CurationOptions

    /// A service with `options`.
    public init(options: CurationOptions) {
        self.options = options
    }

    /// Runs every stage in order; `progress` hears each stage's work (stage, done, total, unit) and
    /// `finished` one line per stage done.
    public func run(
        store: Store, embedding: EmbeddingService,
        progress: ((CurationStage, Int, Int, String) -> Void)? = nil,
        finished: ((CurationStage, String) -> Void)? = nil
    ) throws -> CurationReport {
        let started = Date()
        var notes: [String] = []
        var check: CheckReport?
        if options.check {
            let report = try CheckService(extra: options.ruleDirectories).run(
                store: store, tokenCounter: CheckService.installedTokenCounter()
            ) { done, total in progress?(.check, done, total, "examples") }
            let fired = report.rules.filter { $0.hits > 0 }.map { "\($0.ruleID) \($0.examples)" }
            finished?(
                .check,
                "\(report.examples) examples checked, \(report.rejected) rejected by rules"
                    + (fired.isEmpty ? "" : "; flagged: " + fired.joined(separator: ", "))
                    + report.softened.map { "; \($0.ruleID) \($0.reason)" }.joined())
            check = report
        }
        let embedded = try embedding.embedPending(store: store) { step in
            progress?(.embed, step.done, step.total, "texts")
            return true
        }
        finished?(.embed, "\(embedded.embedded) texts embedded, \(embedded.upToDate) already up to date")
        let dedup = try DedupService(parameters: options.dedup).run(store: store, modelID: embedding.modelID) { step in
            progress?(.dedup, step.done, step.total, step.stage)
        }
        finished?(
            .dedup,
            "\(dedup.result.clusters.count) clusters: \(dedup.copies) copies, "
                + "\(dedup.result.flaggedCount - dedup.copies) paraphrases")
        var audit: AuditReport?
        do {
            let report = try AuditService(parameters: options.audit).run(store: store, modelID: embedding.modelID) {
                stage, done, total in progress?(.audit, done, total, stage)
            }
            let issues = report.flagsByCheck.first { $0.check == "label-issue" }?.count ?? 0
            finished?(
                .audit,
                "\(issues) label issues"
                    + (report.fixPrecision.map { estimate in
                        estimate.unmeasured.map { "; fix precision not measured: " + $0 }
                            ?? "; measured fix precision by confidence: " + estimate.summary
                    } ?? ""))
            audit = report
        } catch let error as AuditError {
            notes.append("audit skipped: \(error.description)")
            finished?(.audit, "skipped: \(error.description)")
        }
        let service = ReviewService(store: store)
        let review = try service.apply(options.policy, dryRun: false)
        let left = try service.suggestionGroups()
        finished?(.review, "\(review.allProposals.count) decisions by \(options.policy.reviewer)")
        notes += dedup.notes + (audit?.notes ?? [])
        return CurationReport(
            check: check, embedding: embedded, dedup: dedup, audit: audit, review: review,
            leftBySuggestion: left.groups, leftWithSuggestion: left.examples, notes: notes,
            seconds: Date().timeIntervalSince(started))
    }
}
