import ArgumentParser
import Foundation
import WinnowApp
import WinnowAudit
import WinnowCore
import WinnowEncoder
import WinnowReview
import WinnowStore

/// `winnow curate`: check, embed, dedup, audit and review auto in one go.
struct CurateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curate",
        abstract: "Run the whole curation pipeline: check, embed, dedup, audit, review auto.",
        discussion: """
            The same work as `winnow check`, `winnow embed`, `winnow dedup`, `winnow audit` and `winnow review
            auto --policy POLICY` in turn, with their default settings. The default policy rejects copies (not
            paraphrases), relabels where the audit's measured precision is at least 95% (and approves those), and
            approves examples with no warning or error flag; everything else is left for a person, and the closing
            summary says which checks hold it back. Examples a person decided are never changed.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "A built-in policy name or a policy file.")
    var policy = "default"

    @Option(name: .customLong("rules"), help: "A directory of extra rule files (adds rules or overrides by id).")
    var ruleDirectories: [String] = []

    @ArgumentParser.Flag(help: "Skip the rule files (keep the flags of an earlier `winnow check`).")
    var noCheck = false

    @ArgumentParser.Flag(help: "Do not measure the audit's fix precision (and so relabel nothing by precision).")
    var noFixPrecision = false

    @Option(help: "Compute threads for embedding.")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            var options = CurationOptions(policy: try DecisionRun.policy(policy))
            options.ruleDirectories = ruleDirectories.map { URL(fileURLWithPath: $0) }
            options.check = !noCheck
            options.audit.measuresFixPrecision = !noFixPrecision
            let embedding: EmbeddingService
            do {
                embedding = try EmbeddingService(threads: threads)
            } catch let error as ModelError {
                throw Failure.input(error.description)
            }
            let store = try global.openStore()
            guard try store.count() > 0 else {
                throw Failure.input("the store holds no examples: import support logs first (`winnow import PATH`)")
            }
            let line = ProgressLine(enabled: ProgressLine().isEnabled && !global.json)
            let clock = StageClock()
            let report = try CurationService(options: options).run(
                store: store, embedding: embedding,
                progress: { stage, done, total, unit in
                    line.update(
                        "\(stage.rawValue): "
                            + ProgressLine.describe(
                                done: Double(done), total: Double(total),
                                elapsed: clock.elapsed(in: stage.rawValue + unit), unit: unit))
                },
                finished: { stage, text in
                    line.finish()
                    guard !global.json else { return }
                    FileHandle.standardError.write(Data(TerminalText.safe("\(stage.rawValue): \(text)\n").utf8))
                })
            line.finish()
            global.emit(report.json) { CurateCommand.describe(report) }
        }
    }

    static func describe(_ report: CurationReport) -> String {
        let decided = report.decided
        let review = report.review
        var lines = [
            "Curated with policy \(review.policy.name) (run \(review.runID.map(String.init) ?? "-")) in "
                + String(format: "%.1f s:", report.seconds)
        ]
        for rule in review.policy.rules {
            let changes = review.proposals(of: rule)
            lines.append("  \(TextTable.cell(rule.id, 30)) \(changes.count) (\(rule.action.rawValue))")
        }
        if let estimate = review.fixPrecision, let unmeasured = estimate.unmeasured {
            lines.append("  nothing relabelled: the audit's fix precision was not measured: \(unmeasured)")
        } else if let estimate = review.fixPrecision {
            lines.append("  audit's measured fix precision by confidence: \(estimate.summary)")
            lines.append(
                review.fixThreshold.map { threshold in
                    String(format: "  relabelled from confidence %.2f up (", threshold)
                        + estimate.describe(threshold: threshold) + ")"
                }
                    ?? "  nothing relabelled: "
                    + (estimate.caution ?? "no confidence reached the policy's precision"))
        }
        lines.append(
            "Approved \(decided.approved), rejected \(decided.rejected), relabelled \(decided.relabelled); "
                + "\(review.leftPending) left for a person.")
        let heldBack = review.heldBack
        if !heldBack.isEmpty {
            lines.append(
                "Held back by: " + heldBack.prefix(8).map { "\($0.check) \($0.examples)" }.joined(separator: ", ")
                    + " (`winnow review next` or `winnow serve` to decide them)")
        }
        let groups = report.leftBySuggestion
        if !groups.isEmpty {
            let suggested = report.leftWithSuggestion
            lines.append(
                "Of those, \(suggested) have a suggested label, in \(groups.count) group\(groups.count == 1 ? "" : "s") ("
                    + groups.prefix(3).map { "\($0.label) \($0.examples)" }.joined(separator: ", ")
                    + (groups.count > 3 ? ", ..." : "") + "): read one with `winnow list --suggestion LABEL`, "
                    + "accept it with `winnow review accept --suggestion LABEL`, or in `winnow serve` (queue filter "
                    + "Suggested, then G)")
        }
        for note in report.notes { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }
}
