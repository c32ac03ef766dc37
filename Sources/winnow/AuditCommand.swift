import ArgumentParser
import Foundation
import WinnowApp
import WinnowAudit
import WinnowCore

/// `winnow audit`: label-consistency flags with suggested labels.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Find examples whose label looks wrong, and problems in the label set itself.",
        discussion: """
            Needs embeddings (`winnow embed`); run `winnow dedup` first to check labels inside duplicate clusters.
            Evidence: confident learning on K-fold out-of-fold probabilities of a softmax regression on the
            embeddings, blended with the labels of the nearest neighbours; conflicting labels inside a duplicate
            cluster; neighbour disagreement. Flags: label-issue (with suggested_label and confidence),
            label-doubt (weaker evidence alone: neighbours disagree, or a paraphrase in the duplicate cluster is
            labelled differently; often an ambiguous example), label-taxonomy (labels
            differing only in case, spacing or punctuation; labels with too few examples; label pairs the data
            cannot tell apart). The effective label (a reviewer's relabel) is audited; nothing is changed. A
            re-run replaces the previous audit's flags.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Folds for the out-of-fold probabilities.")
    var folds = 5

    @Option(help: "Nearest labelled neighbours per example.")
    var neighbours = 10

    @Option(help: "L2 regularisation of the softmax regression.")
    var regularization = 0.01

    @Option(help: "L-BFGS iterations at most per fold.")
    var iterations = 50

    @Option(help: "How confident learning picks issues: self-confidence (default) or prune-by-noise-rate (cleanlab's).")
    var selection = "self-confidence"

    @Option(help: "Labels with fewer examples than this are reported as too few to learn.")
    var minExamples = 5

    @Option(
        help: "Label pairs whose examples overlap at least this much (0.5: indistinguishable) are merge candidates.")
    var mergeOverlap = 0.3

    @Option(help: "Seed of the folds.")
    var seed: UInt64 = 5

    @ArgumentParser.Flag(help: "Do not measure the precision of the suggested labels by confidence.")
    var noFixPrecision = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard neighbours >= 1 else { throw ValidationError("--neighbours must be at least 1") }
        guard regularization > 0 else { throw ValidationError("--regularization must be positive") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard ConfidentLearning.Selection(rawValue: selection) != nil else {
            throw ValidationError("--selection must be self-confidence or prune-by-noise-rate (got '\(selection)')")
        }
        guard minExamples >= 1 else { throw ValidationError("--min-examples must be at least 1") }
        guard (0...1).contains(mergeOverlap) else { throw ValidationError("--merge-overlap must be in [0, 1]") }
    }

    var parameters: AuditParameters {
        var parameters = AuditParameters()
        parameters.folds = folds
        parameters.neighbours = neighbours
        parameters.regularization = regularization
        parameters.maximumIterations = iterations
        parameters.selection = ConfidentLearning.Selection(rawValue: selection) ?? .lowestSelfConfidence
        parameters.minimumExamples = minExamples
        parameters.mergeOverlap = mergeOverlap
        parameters.seed = seed
        parameters.measuresFixPrecision = !noFixPrecision
        return parameters
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let line = ProgressLine(enabled: ProgressLine().isEnabled && !global.json)
            let stageClock = StageClock()
            let report: AuditReport
            do {
                report = try AuditService(parameters: parameters).run(store: store) { stage, done, total in
                    line.update(
                        "audit \(stage): "
                            + ProgressLine.describe(
                                done: Double(done), total: Double(total), elapsed: stageClock.elapsed(in: stage),
                                unit: stage == "model" ? "folds" : "examples"))
                }
            } catch let error as AuditError {
                throw Failure.input(error.description)
            }
            line.finish()
            global.emit(report.json) { AuditCommand.describe(report) }
        }
    }

    static func describe(_ report: AuditReport) -> String {
        let result = report.result
        var lines = [
            "Audited \(report.examples) labelled examples, \(report.result.classNames.count) "
                + (report.result.classNames.count == 1 ? "label " : "labels ")
                + "(out-of-fold model accuracy \(String(format: "%.3f", result.modelAccuracy)); confident learning "
                + "estimates \(result.estimatedIssues) wrong labels)"
        ]
        for (check, count) in report.flagsByCheck { lines.append("  \(TextTable.cell(check, 18)) \(count) flags") }
        let kinds = EvidenceKind.allCases.map { kind in
            "\(kind.rawValue) \(result.issues.filter { $0.kinds.contains(kind) }.count)"
        }
        lines.append("  evidence: " + kinds.joined(separator: ", "))
        let strong = result.issues.filter(\.isStrong)
        if !strong.isEmpty {
            lines.append("Most suspect labels:")
            for issue in strong.prefix(10) {
                lines.append(
                    "  #\(report.exampleIDs[issue.row]) '\(report.result.givenLabels[issue.row])' -> "
                        + "'\(issue.suggestedLabel)' "
                        + String(format: "(%.2f; ", issue.confidence)
                        + issue.kinds.map(\.rawValue).joined(separator: ", ")
                        + ")")
            }
        }
        for variant in result.variants {
            lines.append(
                "Label variant: '\(variant.label)' (\(variant.count)) looks like '\(variant.canonical)' (\(variant.canonicalCount))"
            )
        }
        for rare in result.rareLabels { lines.append("Too few examples: '\(rare.label)' (\(rare.count))") }
        for pair in result.mergeCandidates {
            lines.append(
                "Merge candidate: '\(report.result.classNames[pair.first])' and '\(report.result.classNames[pair.second])' "
                    + String(format: "(overlap %.2f)", pair.overlap))
        }
        if result.mergeCandidates.isEmpty, let top = result.confusablePairs.first {
            lines.append(
                "Most confused pair: '\(report.result.classNames[top.first])' and '\(report.result.classNames[top.second])' "
                    + String(format: "(overlap %.2f, below the merge threshold)", top.overlap))
        }
        if let estimate = report.fixPrecision, let unmeasured = estimate.unmeasured {
            lines.append("Precision of the suggested labels not measured: \(unmeasured)")
        } else if let estimate = report.fixPrecision {
            lines.append(
                "Measured precision of the suggested labels by confidence (\(estimate.provenance)): "
                    + estimate.summary)
            if let caution = estimate.caution { lines.append("Note: \(caution).") }
        }
        for note in report.notes { lines.append("note: \(note)") }
        lines.append(
            "Run \(report.runID), " + String(format: "%.1f s; see `winnow flags --check label-issue`", report.seconds))
        return lines.joined(separator: "\n")
    }
}
