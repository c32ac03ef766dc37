import Foundation
import WinnowCore
import WinnowExport
import WinnowStore
import WinnowTrain

/// A stored split's examples as the trainer reads them: the texts exactly as an export writes them (redactions,
/// edits and relabels applied, rejected members left out), by part.
public struct TrainingData: Sendable {
    /// The split they come from.
    public var split: SplitInfo
    /// The train part.
    public var training: [EvaluationExample]
    /// The validation part (early stopping and the kept epoch).
    public var validation: [EvaluationExample]
    /// The test part (`winnow eval`).
    public var test: [EvaluationExample]
    /// Members left out because they have no label to learn.
    public var unlabelled: Int

    /// Reads the split named `splitName` (nil: the newest) from `store`.
    public init(store: Store, splitName: String?) throws {
        split = try splitName.map { try store.split(named: $0) } ?? store.latestSplit()
        var parts: [SplitPart: [EvaluationExample]] = [:]
        var unlabelled = 0
        for record in try ExportService().records(splitName: split.name, store: store) {
            guard let label = record.label?.trimmingCharacters(in: .whitespacesAndNewlines), !label.isEmpty else {
                unlabelled += 1
                continue
            }
            let point = record.trainingPoint?.trimmingCharacters(in: .whitespacesAndNewlines)
            parts[record.part, default: []].append(
                EvaluationExample(
                    text: record.input, label: label, trainingPoint: point?.isEmpty == false ? point : nil,
                    id: record.id))
        }
        training = parts[.train] ?? []
        validation = parts[.validation] ?? []
        test = parts[.test] ?? []
        self.unlabelled = unlabelled
    }
}

/// What `winnow train` did: the adapter directory, the run and its record.
public struct StoredTraining: Sendable {
    /// The `train` run.
    public var runID: Int64
    /// Where the adapter was written.
    public var directory: URL
    /// The split trained on.
    public var split: String
    /// The training outcome.
    public var outcome: TrainingOutcome
    /// Examples per part and left out.
    public var counts: (training: Int, validation: Int, test: Int, unlabelled: Int)

    /// The run's summary, also printed by `--json`.
    public var json: JSONValue {
        let result = outcome.result
        return [
            "run": .number(Double(runID)), "adapter": .string(directory.path), "split": .string(split),
            "examples": [
                "train": .number(Double(counts.training)), "validation": .number(Double(counts.validation)),
                "test": .number(Double(counts.test)), "without_label": .number(Double(counts.unlabelled)),
            ],
            "labels": .array(result.labels.map { .string($0) }),
            "history": .array(result.history.map(\.json)), "kept_epoch": .number(Double(result.keptEpoch)),
            "stop": .string(result.stop.rawValue), "seconds": .number((result.seconds * 10).rounded() / 10),
            "parameters": result.parameters.json,
        ]
    }
}

/// What `winnow eval` found, with the run it was stored as.
public struct StoredEvaluation: Sendable {
    /// The `eval` run.
    public var runID: Int64
    /// The adapter evaluated.
    public var adapter: URL
    /// The split whose test part was used.
    public var split: String
    /// The `train` run that wrote the adapter, when it is in this store.
    public var trainRun: Int64?
    /// The evaluation on the split's test part (empty when the part has no labelled example).
    public var report: EvaluationReport
    /// The evaluation on the store's active test cases (nil when there are none).
    public var cases: EvaluationReport?
    /// The test part and the test cases together (nil without test cases).
    public var together: EvaluationReport?
    /// The comparison with an earlier adapter (`--against`).
    public var comparison: StoredComparison?

    /// The run's summary, also printed by `--json`.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("run", .number(Double(runID))), ("adapter", .string(adapter.path)), ("split", .string(split)),
        ]
        if let trainRun { members.append(("train_run", .number(Double(trainRun)))) }
        members.append(("evaluation", report.json))
        if let cases { members.append(("test_cases", cases.json)) }
        if let together { members.append(("together", together.json)) }
        if let comparison { members.append(("comparison", comparison.json)) }
        return .object(JSONObject(members))
    }

    /// The evaluation in Markdown: the split's test part, then the test cases and both together when there are
    /// cases.
    public var markdown: String {
        let evaluation = evaluationMarkdown
        guard let comparison else { return evaluation }
        return evaluation + "\n\n" + comparison.markdown
    }

    private var evaluationMarkdown: String {
        guard let cases, let together else { return report.markdown }
        var sections: [String] = []
        if report.overall.count > 0 {
            sections.append("## The test part of split \"\(split)\"\n\n" + report.markdown)
        }
        sections.append("## Test cases (`winnow cases`)\n\n" + cases.markdown)
        if report.overall.count > 0 { sections.append("## Test part and test cases together\n\n" + together.markdown) }
        return sections.joined(separator: "\n\n")
    }
}

/// Why training or evaluation on a store could not start.
public struct StoredTrainingError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, for the user.
    public var description: String
}

extension TrainingService {
    /// Trains on the train part of a stored split, validates on its validation part, writes the adapter into
    /// `directory` (refused when it holds anything unless `force`, and then only an earlier adapter is replaced)
    /// and records a `train` run with the epoch history.
    public func train(
        store: Store, data: TrainingData, parameters: TrainingParameters, directory: URL, force: Bool = false,
        progress: ((TrainingProgress) -> Bool)? = nil
    ) throws -> StoredTraining {
        guard Set(data.training.map(\.label)).count >= 2 else {
            throw StoredTrainingError(
                description:
                    "split \(data.split.name): its train part has \(data.training.count) labelled examples in "
                    + "\(Set(data.training.map(\.label)).count) label(s); training needs at least two labels")
        }
        try Self.prepare(directory, force: force)
        let runID = try store.startRun(
            command: "train",
            parameters: JSONObject([
                ("split", .string(data.split.name)), ("adapter", .string(directory.path)),
                ("parameters", parameters.json),
            ]))
        do {
            var outcome = try train(
                training: data.training, validation: data.validation, parameters: parameters, split: data.split.name,
                progress: progress)
            if case .object(var record) = outcome.adapter.training {
                record["run"] = .number(Double(runID))
                outcome.adapter.training = .object(record)
            }
            try AdapterDirectory.write(outcome.adapter, to: directory)
            let stored = StoredTraining(
                runID: runID, directory: directory, split: data.split.name, outcome: outcome,
                counts: (data.training.count, data.validation.count, data.test.count, data.unlabelled))
            try store.finishRun(runID, summary: stored.json.objectValue ?? JSONObject())
            return stored
        } catch {
            try? store.finishRun(runID, summary: JSONObject([("error", .string("\(error)"))]), status: "failed")
            throw error
        }
    }

    /// Evaluates `adapter` (read from `directory`) on the test part of `data`'s split, against the frozen baseline
    /// fitted on its train part, and records an `eval` run with the whole evaluation.
    public func evaluate(
        store: Store, adapter: TrainedAdapter, directory: URL, data: TrainingData, against: URL? = nil
    ) throws -> StoredEvaluation {
        let cases = try store.testCases().map { testCase in
            EvaluationExample(
                text: testCase.input, label: testCase.expectedLabel, trainingPoint: testCase.effectiveTrainingPoint)
        }
        guard !data.test.isEmpty || !cases.isEmpty else {
            throw StoredTrainingError(
                description: "split \(data.split.name) has no labelled test examples to evaluate on, and the store"
                    + " has no test cases (`winnow cases`)")
        }
        let trainRun = adapter.training.objectValue?["run"].flatMap { $0.scalarText.flatMap { Int64($0) } }
        // Read the earlier adapter before the run starts, so that a bad --against records nothing.
        let comparison = try against.map { try compare(store: store, adapter: adapter, against: $0, data: data) }
        var parameters = JSONObject([("split", .string(data.split.name)), ("adapter", .string(directory.path))])
        if let against { parameters["against"] = .string(against.path) }
        let runID = try store.startRun(command: "eval", parameters: parameters)
        // One baseline and one adapted classifier for every set: the baseline's fit embeds the whole train part.
        let before = baseline(for: adapter, training: data.training)
        let after = classifier(adapter)
        func evaluation(_ test: [EvaluationExample]) -> EvaluationReport {
            ClassifierEvaluation.evaluate(before: before, after: after, training: data.training, test: test)
        }
        let report = evaluation(data.test)
        let casesReport = cases.isEmpty ? nil : evaluation(cases)
        let together = cases.isEmpty || data.test.isEmpty ? casesReport : evaluation(data.test + cases)
        let stored = StoredEvaluation(
            runID: runID, adapter: directory, split: data.split.name,
            trainRun: try trainRun.flatMap { id in try store.runs(command: "train", limit: 1000).first { $0.id == id } }
                .map(\.id), report: report, cases: casesReport, together: together, comparison: comparison)
        try store.finishRun(runID, summary: stored.json.objectValue ?? JSONObject())
        return stored
    }

    /// The newest adapter a complete `train` run of this store wrote.
    public static func latestAdapter(in store: Store) throws -> URL? {
        try store.runs(command: "train", limit: 1000).first { $0.status == "complete" }
            .flatMap { $0.summary["adapter"]?.scalarText }.map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    /// Makes `directory` ready for an adapter: created when missing; a non-empty one is refused unless `force`,
    /// and even then only when it holds an adapter (an `adapter_config.json`).
    static func prepare(_ directory: URL, force: Bool) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoredTrainingError(description: "\(directory.path) exists and is not a directory")
            }
            let contents = try manager.contentsOfDirectory(atPath: directory.path)
            if !contents.isEmpty {
                guard force else {
                    throw StoredTrainingError(
                        description: "\(directory.path) is not empty; use --force to replace the adapter in it")
                }
                guard contents.contains(AdapterDirectory.configFile) else {
                    throw StoredTrainingError(
                        description: "\(directory.path) holds files that are not an adapter; not replacing them")
                }
            }
        } else {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        }
    }
}

/// Two adapters compared on the same cases, as `winnow eval --against` records it.
public struct StoredComparison: Sendable {
    /// The earlier adapter.
    public var against: URL
    /// The comparison over the split's test part and the test cases.
    public var comparison: AdapterComparison

    /// The comparison as JSON: per training point both accuracies, the paired change with its interval, the
    /// one-sided exact p-value of a regression, and the flipped cases either way; then the regressions.
    public var json: JSONValue {
        func rounded(_ value: Double) -> JSONValue { .number((value * 10000).rounded() / 10000) }
        func flips(_ cases: [FlippedCase]) -> JSONValue {
            .array(
                cases.map { flip in
                    .object(
                        JSONObject([
                            ("id", flip.id.map { .number(Double($0)) } ?? .null), ("text", .string(flip.text)),
                            ("label", .string(flip.label)), ("before", .string(flip.before)),
                            ("after", .string(flip.after)),
                        ]))
                })
        }
        func point(_ point: PointComparison) -> JSONValue {
            .object(
                JSONObject([
                    ("training_point", point.trainingPoint.map(JSONValue.string) ?? .null),
                    ("cases", .number(Double(point.count))), ("accuracy_before", rounded(point.accuracyBefore)),
                    ("accuracy_after", rounded(point.accuracyAfter)), ("change", rounded(point.change.estimate)),
                    ("change_lower", rounded(point.change.lower)), ("change_upper", rounded(point.change.upper)),
                    ("regression_p", rounded(point.regressionP)), ("gained", flips(point.gained)),
                    ("lost", flips(point.lost)),
                ]))
        }
        return .object(
            JSONObject([
                ("against", .string(against.path)), ("alpha", .number(comparison.alpha)),
                ("overall", point(comparison.overall)), ("points", .array(comparison.points.map(point))),
                (
                    "regressions",
                    .array(comparison.regressions.map { .string($0.trainingPoint ?? "(all cases)") })
                ),
            ]))
    }

    /// The comparison in Markdown: a table per training point, then the regressions with their lost cases.
    public var markdown: String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        func points(_ value: Double) -> String { String(format: "%+.1f", value * 100) }
        var lines = [
            "## Against \(against.path)", "",
            "| training point | cases | before | after | change (95% interval) | gained | lost | p (worse) |",
            "|---|---:|---:|---:|---|---:|---:|---:|",
        ]
        for item in comparison.points + [comparison.overall] {
            lines.append(
                "| \(item.trainingPoint.map(EvaluationReport.escape) ?? "**all cases**") | \(item.count) | "
                    + "\(percent(item.accuracyBefore)) | \(percent(item.accuracyAfter)) | "
                    + "\(points(item.change.estimate)) (\(points(item.change.lower)) to \(points(item.change.upper))) | "
                    + "\(item.gained.count) | \(item.lost.count) | \(String(format: "%.4f", item.regressionP)) |")
        }
        let regressions = comparison.regressions
        lines.append("")
        if regressions.isEmpty {
            lines.append(
                "No training point got significantly worse (one-sided exact test, Holm-corrected over "
                    + "\(comparison.points.count + 1) tests at \(comparison.alpha)).")
        } else {
            for item in regressions {
                lines.append(
                    "**Regression: \(item.trainingPoint.map(EvaluationReport.escape) ?? "all cases")** "
                        + "(p \(String(format: "%.4f", item.regressionP))), cases now wrong:")
                for flip in item.lost.prefix(20) {
                    lines.append(
                        "- \(flip.id.map { "#\($0) " } ?? "")\(EvaluationReport.escape(String(flip.text.prefix(100)))): "
                            + "\(EvaluationReport.escape(flip.label)), now \(EvaluationReport.escape(flip.after))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension TrainingService {
    /// The adapter directory `reference` names: an `eval` or `train` run id of `store`, or a directory.
    public static func adapterDirectory(_ reference: String, store: Store) throws -> URL {
        if let id = Int64(reference) {
            guard let run = try store.runs(limit: 100_000).first(where: { $0.id == id }) else {
                throw StoredTrainingError(description: "no run \(id) in this store")
            }
            let path =
                run.command == "eval" ? run.parameters["adapter"]?.scalarText : run.summary["adapter"]?.scalarText
            guard let path, ["eval", "train"].contains(run.command) else {
                throw StoredTrainingError(description: "run \(id) is a \(run.command) run, not a train or eval run")
            }
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return URL(fileURLWithPath: reference, isDirectory: true)
    }

    /// Compares `adapter` with the adapter in `against` on `data`'s test part and the store's test cases.
    public func compare(
        store: Store, adapter: TrainedAdapter, against: URL, data: TrainingData, alpha: Double = 0.05
    ) throws -> StoredComparison {
        let earlier: TrainedAdapter
        do {
            earlier = try loadAdapter(at: against)
        } catch {
            throw StoredTrainingError(description: "cannot read the adapter at \(against.path): \(error)")
        }
        let cases =
            data.test
            + (try store.testCases().map { testCase in
                EvaluationExample(
                    text: testCase.input, label: testCase.expectedLabel, trainingPoint: testCase.effectiveTrainingPoint)
            })
        guard !cases.isEmpty else {
            throw StoredTrainingError(description: "nothing to compare on: no test part and no test cases")
        }
        let texts = cases.map(\.text)
        let after = classifier(adapter).predict(texts, top: 1).map(\.label)
        let before = classifier(earlier).predict(texts, top: 1).map(\.label)
        return StoredComparison(
            against: against, comparison: .compare(cases: cases, before: before, after: after, alpha: alpha))
    }
}
