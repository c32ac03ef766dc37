import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowExport
import WinnowStore

/// `winnow split`: a leak-free, stratified train/validation/test split, stored by name.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split the approved examples into train, validation and test, leak-free and stratified.",
        discussion: """
            Near-duplicate clusters (duplicate flags' representatives) and ticket threads (one ticket id within a \
            source) stay whole in one part. Every label (or training point) gets a place in train, and in test \
            and validation when it spans at least --min-test-groups groups. The same seed and data give the same \
            split. A split is stored by name and never changes: a new split needs a new name.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("val"), help: "Share for validation, in [0, 1).")
    var validation = 0.1

    @Option(help: "Share for test, in [0, 1).")
    var test = 0.1

    @Option(help: "The seed (same seed and data: same split).")
    var seed: UInt64 = 42

    @Option(help: "The name to store the split under (default: the next free split-N).")
    var name: String?

    @Option(help: "Stratify by label or training_point.")
    var stratify = "label"

    @ArgumentParser.Flag(help: "Also split pending examples that have no warning or error flag.")
    var includePending = false

    @Option(help: "Groups a label needs for a guaranteed place in test and validation.")
    var minTestGroups = 3

    @ArgumentParser.Flag(help: "List the stored splits instead of making one (as `winnow splits`).")
    var list = false

    func validate() throws {
        if SplitStratum(rawValue: stratify) == nil {
            throw ValidationError("--stratify must be label or training_point (got '\(stratify)')")
        }
        if let problem = parameters.problem { throw ValidationError(problem) }
    }

    var parameters: SplitParameters {
        SplitParameters(
            validationFraction: validation, testFraction: test, seed: seed,
            stratifyBy: SplitStratum(rawValue: stratify) ?? .label, includePending: includePending,
            minimumHeldOutGroups: minTestGroups)
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            if list {
                try SplitsCommand.emit(store.splits(), global: global)
                return
            }
            let report: SplitReport
            do {
                report = try SplitService().run(
                    store: store, parameters: parameters, name: name,
                    preferredModel: (try? ModelStore().locate())?.lastPathComponent)
            } catch let error as SplitServiceError {
                if case .nothingToSplit = error { throw Failure.blocking(error.description) }
                throw Failure.input(error.description)
            } catch let error as SplitStoreError {
                throw Failure.input(error.description)
            }
            global.emit(report.json) { SplitCommand.describe(report) }
        }
    }

    static func describe(_ report: SplitReport) -> String {
        let plan = report.plan
        var lines = [
            "Split \"\(report.split.name)\" (run \(report.split.runID.map(String.init) ?? "-")): \(plan.total) examples "
                + "in \(plan.groups.count) groups (largest \(plan.largestGroup)), seed \(plan.parameters.seed), "
                + "stratified by \(plan.parameters.stratifyBy.rawValue)",
            "",
            "\(TextTable.cell("PART", 12)) \(TextTable.cell("EXAMPLES", 9)) \(TextTable.cell("TARGET", 7)) SHARE",
        ]
        for part in SplitPart.allCases {
            let size = plan.size(of: part)
            let share = plan.total > 0 ? 100 * Double(size) / Double(plan.total) : 0
            lines.append(
                "\(TextTable.cell(part.rawValue, 12)) \(TextTable.cell(String(size), 9)) "
                    + "\(TextTable.cell(String(plan.targets[part] ?? 0), 7)) " + String(format: "%.1f%%", share))
        }
        let rows = plan.parameters.stratifyBy == .label ? plan.labels : plan.trainingPoints
        let heading = plan.parameters.stratifyBy == .label ? "LABEL" : "TRAINING POINT"
        let width = max(14, min(32, (rows.map { ($0.key ?? "(none)").count }.max() ?? 0) + 1))
        lines += [
            "",
            "\(TextTable.cell(heading, width)) \(TextTable.cell("TRAIN", 7)) \(TextTable.cell("VALIDATION", 11)) TEST",
        ]
        for row in rows {
            lines.append(
                "\(TextTable.cell(row.key ?? "(none)", width)) \(TextTable.cell(String(row.counts[.train] ?? 0), 7)) "
                    + "\(TextTable.cell(String(row.counts[.validation] ?? 0), 11)) \(row.counts[.test] ?? 0)")
        }
        lines.append("")
        let trainOnly = plan.coverage.filter { $0.required == [.train] }.map { $0.stratum ?? "(none)" }
        var coverage =
            "Every \(heading.lowercased()) is in train; from \(plan.parameters.minimumHeldOutGroups) groups on also in "
            + "the held-out parts"
        coverage += trainOnly.isEmpty ? "." : "; too few groups for that: \(trainOnly.joined(separator: ", "))."
        lines.append(coverage)
        for missing in plan.uncovered {
            lines.append(
                "warning: \(missing.stratum ?? "(none)") is missing from "
                    + missing.missing.map(\.rawValue).joined(separator: ", ") + " (its groups are shared with others)")
        }
        let excluded = report.exclusions
        lines.append(
            "Left out: \(excluded.rejected) rejected, \(excluded.pending) pending"
                + (plan.parameters.includePending ? "" : " (use --include-pending)")
                + ", \(excluded.pendingFlagged) pending with warning or error flags"
                + (excluded.testCases > 0 ? ", \(excluded.testCases) bound to test cases." : "."))
        let leakage = report.leakage
        if let pair = leakage.pair, let model = leakage.model {
            lines.append(
                "Highest train-to-test similarity: " + String(format: "%.3f", pair.score)
                    + " between #\(pair.firstID) (train) and #\(pair.secondID) (test) [\(model), "
                    + "\(leakage.embedded) of \(leakage.total) embedded]")
        } else if leakage.model == nil {
            lines.append("Train-to-test similarity: no embeddings in the store; run `winnow embed` to measure it.")
        } else {
            lines.append("Train-to-test similarity: train or test has no embedded example; run `winnow embed`.")
        }
        return lines.joined(separator: "\n")
    }
}
