import Foundation
import WinnowCore
import WinnowReport
import WinnowStore

/// The sections about what was decided: review progress and the splits made from the approved examples.
extension ReportService {
    func review(statistics: StoreStatistics, store: Store) throws -> ReportSection {
        let activity = try store.reviewerActivity()
        let relabelled = try store.relabelledCount()
        let totals = try store.decisionTotals()
        let statuses = ReviewStatus.allCases.map(\.rawValue)
        var content: [HTMLFragment] = [
            .tiles(
                statuses.map { (ReportNumber.count(statistics.byStatus[$0] ?? 0), $0) }
                    + [(ReportNumber.count(relabelled), "relabelled")]),
            StackedBarChart(
                segments: statuses,
                rows: [.init(label: "examples", values: statuses.map { Double(statistics.byStatus[$0] ?? 0) })],
                normalised: true, colours: ReviewStatus.allCases.map(Self.colour)
            ).fragment(title: "Review status of all examples"),
        ]
        if !activity.isEmpty {
            let actions = Array(Set(activity.flatMap(\.byAction.keys))).sorted {
                (Self.actionOrder($0), $0) < (Self.actionOrder($1), $1)
            }
            content.append(.heading("Decisions by reviewer"))
            content.append(
                StackedBarChart(
                    segments: actions,
                    rows: activity.map { reviewer in
                        .init(label: reviewer.reviewer, values: actions.map { Double(reviewer.byAction[$0] ?? 0) })
                    }
                ).fragment(title: "Decisions by reviewer and action"))
        }
        let decisions = totals.byAction.values.reduce(0, +)
        return ReportSection(
            id: "review", title: "Review",
            lead:
                "\(ReportNumber.counted(decisions, "decision")) recorded by "
                + "\(ReportNumber.counted(activity.count, "reviewer or policy", "reviewers and policies")); "
                + "nothing is deleted, and exports apply the decisions.",
            provenance: ["table decisions" + (totals.lastID.map { " (up to decision #\($0))" } ?? "")],
            content: content)
    }

    /// The chart colour of a review status: grey pending, green approved, vermillion rejected.
    static func colour(_ status: ReviewStatus) -> Int {
        switch status {
        case .pending: return 8
        case .approved: return 2
        case .rejected: return 3
        }
    }

    private static func actionOrder(_ action: String) -> Int {
        ["approve": 0, "reject": 1, "relabel": 2, "accept": 3, "edit": 4, "reset": 5, "undo": 6][action] ?? 7
    }

    func splits(store: Store) throws -> ReportSection {
        let splits = try store.splits()
        guard !splits.isEmpty else {
            return ReportSection(
                id: "splits", title: "Splits",
                lead: "No split yet: `winnow split` makes a leak-free train/validation/test split.", content: [])
        }
        var content: [HTMLFragment] = [
            .table(
                ReportTable(
                    columns: [
                        .init("split"), .init("train", numeric: true), .init("validation", numeric: true),
                        .init("test", numeric: true), .init("stratified by"),
                        .init("highest train–test cosine", numeric: true),
                        .init("made"),
                    ],
                    rows: splits.map { split in
                        let similarity = split.summary["highest_train_test_similarity"]?.objectValue
                        return [
                            split.name, ReportNumber.count(split.counts[.train] ?? 0),
                            ReportNumber.count(split.counts[.validation] ?? 0),
                            ReportNumber.count(split.counts[.test] ?? 0),
                            split.parameters["stratify"]?.scalarText ?? "",
                            Self.number(similarity?["score"]).map { ReportNumber.value($0) } ?? "not measured",
                            ISO8601DateFormatter().string(from: split.createdAt),
                        ]
                    },
                    maximumRows: tableRows))
        ]
        if let latest = splits.first {
            let counts = try store.splitLabelCounts(splitID: latest.id)
            var byLabel: [String: [SplitPart: Int]] = [:]
            for entry in counts { byLabel[entry.label ?? "(none)", default: [:]][entry.part] = entry.count }
            let parts = SplitPart.allCases
            let rows = byLabel.map { label, values in
                StackedBarChart.Row(label: label, values: parts.map { Double(values[$0] ?? 0) })
            }.sorted { ($0.total, $1.label) > ($1.total, $0.label) }
            content.append(.heading("Label balance in \(latest.name)"))
            content.append(
                StackedBarChart(segments: parts.map(\.rawValue), rows: rows, normalised: true)
                    .fragment(title: "Share of each label's examples per part of \(latest.name)"))
        }
        return ReportSection(
            id: "splits", title: "Splits",
            lead:
                "Splits are made from approved examples, keep every duplicate cluster and ticket thread in one part, "
                + "and never change once made.",
            provenance: ["tables splits, split_members"]
                + splits.prefix(3).compactMap { split in
                    split.runID.map { "split \(split.name): run #\($0)" }
                }, content: content)
    }

    /// The training section: the newest complete `eval` run (and the `train` run that made its adapter), or a
    /// note that none ran yet.
    func training(store: Store, runs: [RunInfo]) throws -> [ReportSection] {
        guard let evalRun = Self.latest("eval", in: runs),
            let evaluation = evalRun.summary["evaluation"]?.objectValue
        else {
            return [
                ReportSection(
                    id: "training", title: "Training",
                    lead:
                        "No evaluation yet: `winnow train` fine-tunes the encoder on a split, `winnow eval` tests it.",
                    content: [])
            ]
        }
        let trainRun = Self.number(evalRun.summary["train_run"]).flatMap { id in
            runs.first { $0.id == Int64(id) }
        }
        return [
            ReportSection(
                id: "training", title: "Training",
                lead:
                    "Each training point's test cases, classified by the frozen encoder with a head fitted on the same "
                    + "training data (before) and by the adapter (after), on the test part of split "
                    + "`\(evalRun.summary["split"]?.scalarText ?? "?")`. Intervals are 95% (Wilson for each accuracy; "
                    + "Newcombe's paired interval for the change).",
                provenance: [Self.describe(evalRun)] + (trainRun.map { [Self.describe($0)] } ?? []),
                content: Self.trainingContent(evaluation: evaluation, trainRun: trainRun, tableRows: tableRows)
                    + Self.roundsContent(runs: runs, tableRows: tableRows))
        ]
    }

    /// The history over rounds: every complete `eval` run, oldest first, with each training point's accuracy after
    /// training (on the test part and the test cases together when there are cases), and the points that run's
    /// `--against` comparison found significantly worse marked. Nothing when there is only one round.
    static func roundsContent(runs: [RunInfo], tableRows: Int) -> [HTMLFragment] {
        let rounds = runs.filter { $0.command == "eval" && $0.status == "complete" }.sorted { $0.id < $1.id }
        guard rounds.count > 1 else { return [] }
        func evaluation(_ run: RunInfo) -> JSONObject? {
            (run.summary["together"] ?? run.summary["evaluation"])?.objectValue
        }
        var accuracy: [String: [Int64: Double]] = [:]
        var regressions: [Int64: Set<String>] = [:]
        var overall: [LineChart.Point] = []
        for (index, run) in rounds.enumerated() {
            guard let evaluation = evaluation(run) else { continue }
            if let value = number(evaluation["overall"]?.objectValue?["accuracy_after"]) {
                overall.append(LineChart.Point(x: Double(index + 1), y: value))
            }
            for point in evaluation["training_points"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                guard let name = point["training_point"]?.scalarText, let value = number(point["accuracy_after"])
                else { continue }
                accuracy[name, default: [:]][run.id] = value
            }
            let found = run.summary["comparison"]?.objectValue?["regressions"]?.arrayValue?.compactMap(\.scalarText)
            regressions[run.id] = Set(found ?? [])
        }
        var content: [HTMLFragment] = [.heading("Rounds: accuracy per training point, round by round")]
        if overall.count > 1 {
            content.append(
                LineChart(
                    series: [LineChart.Series(name: "all cases", points: overall)], xTitle: "round",
                    yTitle: "accuracy", yRange: 0...1
                ).fragment(title: "Accuracy after training, all cases, by round"))
        }
        // Weakest points (in the newest round) first, where a reviewer's attention goes.
        let newest = rounds.last?.id ?? 0
        let points = accuracy.keys.sorted {
            (accuracy[$0]?[newest] ?? 2, $0) < (accuracy[$1]?[newest] ?? 2, $1)
        }
        content.append(
            .table(
                ReportTable(
                    columns: [.init("training point")]
                        + rounds.enumerated().map {
                            .init("round \($0.offset + 1) (run #\($0.element.id))", numeric: true)
                        },
                    rows: points.map { point in
                        [point]
                            + rounds.map { run in
                                guard let value = accuracy[point]?[run.id] else { return "" }
                                let marker = regressions[run.id]?.contains(point) == true ? " ▼ regression" : ""
                                return ReportNumber.percent(value) + marker
                            }
                    }, maximumRows: tableRows, omittedRows: max(0, points.count - tableRows))))
        let marked = regressions.values.reduce(0) { $0 + $1.subtracting(["(all cases)"]).count }
        content.append(
            .paragraph(
                marked == 0
                    ? "No round was found significantly worse than the one it was compared with "
                        + "(`winnow eval --against`)."
                    : "▼ marks a training point that round's `winnow eval --against` found significantly worse "
                        + "(one-sided exact test, Holm-corrected).",
                className: "muted"))
        return content
    }

    static func trainingContent(evaluation: JSONObject, trainRun: RunInfo?, tableRows: Int) -> [HTMLFragment] {
        func interval(_ value: JSONValue?) -> (estimate: Double, lower: Double, upper: Double) {
            let object = value?.objectValue
            let estimate = number(object?["estimate"]) ?? 0
            return (estimate, number(object?["lower"]) ?? estimate, number(object?["upper"]) ?? estimate)
        }
        func signed(_ value: Double) -> String { String(format: "%+.1f pt", 100 * value) }
        let overall = evaluation["overall"]?.objectValue ?? JSONObject()
        let macro = evaluation["macro_f1"]?.objectValue
        var content: [HTMLFragment] = [
            .tiles([
                (ReportNumber.count(Int(number(overall["test_cases"]) ?? 0)), "test cases"),
                (ReportNumber.percent(number(overall["accuracy_before"]) ?? 0), "accuracy before"),
                (ReportNumber.percent(number(overall["accuracy_after"]) ?? 0), "accuracy after"),
                (signed(interval(overall["change"]).estimate), "change"),
                (ReportNumber.value(number(macro?["after"]) ?? 0), "macro-F1 after"),
            ])
        ]
        let points = evaluation["training_points"]?.arrayValue?.compactMap(\.objectValue) ?? []
        if !points.isEmpty {
            content.append(.heading("Before and after, per training point"))
            content.append(
                IntervalChart(
                    series: ["before", "after"],
                    rows: points.map { point in
                        IntervalChart.Row(
                            label: point["training_point"]?.scalarText ?? "",
                            cases: Int(number(point["test_cases"]) ?? 0),
                            estimates: ["accuracy_before_interval", "accuracy_after_interval"].map { key in
                                let value = interval(point[key])
                                return .init(value: value.estimate, lower: value.lower, upper: value.upper)
                            })
                    }
                ).fragment(title: "Test accuracy per training point before and after training, with 95% intervals"))
            content.append(
                .table(
                    ReportTable(
                        columns: [
                            .init("training point"), .init("test cases", numeric: true), .init("before", numeric: true),
                            .init("after", numeric: true), .init("change", numeric: true), .init("95% interval"),
                            .init("failing", numeric: true),
                        ],
                        rows: points.map { point in
                            let change = interval(point["change"])
                            return [
                                point["training_point"]?.scalarText ?? "",
                                ReportNumber.count(Int(number(point["test_cases"]) ?? 0)),
                                ReportNumber.percent(number(point["accuracy_before"]) ?? 0),
                                ReportNumber.percent(number(point["accuracy_after"]) ?? 0), signed(change.estimate),
                                "\(signed(change.lower)) to \(signed(change.upper))",
                                ReportNumber.count(point["failures"]?.arrayValue?.count ?? 0),
                            ]
                        }, maximumRows: tableRows)))
        }
        if let confusion = evaluation["confusion"]?.objectValue,
            let labels = confusion["labels"]?.arrayValue?.compactMap(\.scalarText), !labels.isEmpty,
            let rows = confusion["after"]?.arrayValue
        {
            content.append(.heading("Confusion matrix with the adapter"))
            content.append(
                HeatMap(
                    labels: labels,
                    counts: rows.map { $0.arrayValue?.map { Int(number($0) ?? 0) } ?? [] }
                ).fragment(title: "Test cases by true label (rows) and predicted label (columns), with the adapter"))
        }
        if let history = trainRun?.summary["history"]?.arrayValue?.compactMap(\.objectValue), !history.isEmpty {
            func series(_ name: String, _ key: String) -> LineChart.Series? {
                let points = history.compactMap { record -> LineChart.Point? in
                    guard let epoch = number(record["epoch"]), let value = number(record[key]) else { return nil }
                    return LineChart.Point(x: epoch, y: value)
                }
                return points.isEmpty ? nil : LineChart.Series(name: name, points: points)
            }
            content.append(.heading("Training curve"))
            content.append(
                LineChart(
                    series: [series("training loss", "training_loss"), series("validation loss", "validation_loss")]
                        .compactMap { $0 }, xTitle: "epoch", yTitle: "cross-entropy"
                ).fragment(title: "Loss after each epoch"))
            content.append(
                LineChart(
                    series: [
                        series("training accuracy", "training_accuracy"),
                        series("validation accuracy", "validation_accuracy"),
                    ].compactMap { $0 }, xTitle: "epoch", yTitle: "accuracy", yRange: 0...1
                ).fragment(title: "Accuracy after each epoch"))
            if let kept = number(trainRun?.summary["kept_epoch"]) {
                content.append(
                    .paragraph(
                        "Epoch \(Int(kept)) was kept (\(trainRun?.summary["stop"]?.scalarText ?? "completed")).",
                        className: "muted"))
            }
        }
        let failures = points.flatMap { point in
            (point["failures"]?.arrayValue?.compactMap(\.objectValue) ?? []).map { (point, $0) }
        }
        if !failures.isEmpty {
            content.append(.heading("Failing test cases and the training examples nearest to them"))
            content.append(
                .table(
                    ReportTable(
                        columns: [
                            .init("test case"), .init("text"), .init("label"), .init("predicted"),
                            .init("nearest training example"),
                        ],
                        rows: failures.prefix(tableRows).map { _, failure in
                            let nearest = failure["nearest_training_examples"]?.arrayValue?.first?.objectValue
                            return [
                                number(failure["id"]).map { "#\(Int($0))" } ?? "",
                                ReportText.clip(failure["text"]?.scalarText ?? "", 160),
                                failure["label"]?.scalarText ?? "",
                                (failure["predicted"]?.scalarText ?? "")
                                    + (failure["right_before"] == .bool(true) ? " (right before)" : ""),
                                nearest.map { example in
                                    (number(example["id"]).map { "#\(Int($0)) " } ?? "")
                                        + ReportText.clip(example["text"]?.scalarText ?? "", 100) + " ["
                                        + (example["label"]?.scalarText ?? "") + "]"
                                } ?? "",
                            ]
                        }, maximumRows: tableRows, omittedRows: max(0, failures.count - tableRows),
                        quotedColumns: [1, 4])))
        }
        return content
    }
}
