import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowReview
import WinnowStore

/// Who decides and why: `--reviewer`, `--note`.
struct DecisionOptions: ParsableArguments {
    @Option(help: "Who decides (default: $USER, else the login name).")
    var reviewer: String?

    @Option(help: "Why (kept in the history).")
    var note: String?

    /// The reviewer name in effect.
    var reviewerName: String { Reviewer.resolve(reviewer) }
}

/// Flag-based selection for bulk decisions: `--check`, `--severity`, `--training-point`.
struct FlagSelectionOptions: ParsableArguments {
    @Option(help: "Only examples with a flag of this check (near-duplicate, label-issue, a rule id...).")
    var check: String?

    @Option(help: "Only examples with a flag of this severity: error, warning or info.")
    var severity: String?

    @Option(help: "Only examples of this training point.")
    var trainingPoint: String?

    @Option(help: "Only examples a label audit or rule suggests this label for.")
    var suggestion: String?

    @Option(help: "Only examples whose suggested label is at least this confident (0 to 1).")
    var minConfidence: Double?

    func validate() throws {
        if let severity, Severity(rawValue: severity) == nil {
            throw ValidationError("--severity must be error, warning or info (got '\(severity)')")
        }
        try Self.validate(minConfidence: minConfidence)
    }

    /// Refuses a `--min-confidence` outside 0 to 1.
    static func validate(minConfidence: Double?) throws {
        if let minConfidence, !(0...1).contains(minConfidence) {
            throw ValidationError("--min-confidence must be from 0 to 1 (got \(minConfidence))")
        }
    }

    var isEmpty: Bool {
        check == nil && severity == nil && trainingPoint == nil && suggestion == nil && minConfidence == nil
    }

    /// `filter` narrowed by these options.
    func narrowing(_ filter: ExampleFilter) -> ExampleFilter {
        var narrowed = filter
        narrowed.check = check
        narrowed.severity = severity.flatMap(Severity.init(rawValue:))
        narrowed.trainingPoint = trainingPoint
        narrowed.suggestion = suggestion
        narrowed.minimumConfidence = minConfidence
        return narrowed
    }
}

/// The shared body of `review approve|reject|relabel|reset|edit`: ids or a filter, a printed summary, exit 1 when
/// a decision was refused as stale.
enum DecisionRun {
    /// The policy `nameOrPath` names; a policy file with a mistake is bad input (exit 2).
    static func policy(_ nameOrPath: String) throws -> ReviewPolicy {
        do {
            return try ReviewPolicy.load(nameOrPath)
        } catch {
            throw Failure.input(error.description)
        }
    }

    /// What a decision command works on: named examples (with the version each was seen at), or a filter.
    enum Selection {
        case ids([Int64], versions: [Int64: Int])
        case filter(ExampleFilter)
    }

    /// The selection of `ids` or `filter` (a filter without a status takes pending examples); both, neither, or
    /// `--expect-version` with other than one id is bad input.
    static func selection(ids: [Int64], filter: ExampleFilter?, expectVersion: Int?) throws -> Selection {
        if !ids.isEmpty {
            if filter != nil { throw Failure.input("give example ids or a filter, not both") }
            if expectVersion != nil, ids.count != 1 {
                throw Failure.input("--expect-version goes with exactly one example id")
            }
            return .ids(ids, versions: expectVersion.map { [ids[0]: $0] } ?? [:])
        }
        guard var filter else { throw Failure.input(ReviewError.noSelection.description) }
        if filter.status == nil { filter.status = .pending }
        return .filter(filter)
    }

    /// Exit 1 when decisions were refused as stale.
    static func failIfRefused(_ count: Int) throws {
        if count > 0 { throw Failure.blocking("\(count) decision\(count == 1 ? " was" : "s were") refused") }
    }

    static func run(
        _ action: ReviewAction, ids: [Int64], filter: ExampleFilter?, expectVersion: Int?, decision: DecisionOptions,
        global: GlobalOptions
    ) throws {
        let service = ReviewService(store: try global.openStore())
        let reviewer = decision.reviewerName
        let report: DecisionReport
        do {
            switch try selection(ids: ids, filter: filter, expectVersion: expectVersion) {
            case .ids(let ids, let versions):
                report = try service.decide(
                    action, ids: ids, reviewer: reviewer, note: decision.note, versions: versions)
            case .filter(let filter):
                report = try service.decide(action, filter: filter, reviewer: reviewer, note: decision.note)
            }
        } catch let error as ReviewError {
            throw Failure.input(error.description)
        }
        global.emit(report.json) { report.summary(for: action) }
        try failIfRefused(report.stale.count)
    }
}
