import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow runs`: the recorded runs (imports, checks, audits, splits, training rounds, evaluations), newest first.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the recorded runs, newest first (training rounds and evaluations too).",
        discussion: """
            Every command that changes derived data records a run with its parameters and what it found. --kind
            train lists the training rounds (split, adapter, examples), --kind eval the evaluations (overall
            accuracy before and after, test cases, and the adapter an evaluation was compared against).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only runs of this command: import, check, embed, dedup, audit, split, train, eval, ...")
    var kind: String?

    @Option(help: "At most this many runs.")
    var limit = 50

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let runs = try store.runs(command: kind, limit: limit)
            global.emit(.object(JSONObject([("runs", .array(runs.map(RunsCommand.json)))]))) {
                guard !runs.isEmpty else { return kind.map { "No \($0) runs." } ?? "No runs." }
                var lines = [
                    "\(TextTable.cell("RUN", 6)) \(TextTable.cell("KIND", 8)) \(TextTable.cell("STATUS", 9)) "
                        + "\(TextTable.cell("STARTED", 20)) WHAT"
                ]
                for run in runs {
                    lines.append(
                        "\(TextTable.cell(String(run.id), 6)) \(TextTable.cell(run.command, 8)) "
                            + "\(TextTable.cell(run.status, 9)) \(TextTable.cell(RunsCommand.time(run.startedAt), 20)) "
                            + TextTable.clip(RunsCommand.describe(run), 100))
                }
                return lines.joined(separator: "\n")
            }
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date)
    }

    static func json(_ run: RunInfo) -> JSONValue {
        .object(
            JSONObject([
                ("id", .number(Double(run.id))), ("kind", .string(run.command)), ("status", .string(run.status)),
                ("started_at", .string(ISO8601DateFormatter().string(from: run.startedAt))),
                ("finished_at", run.finishedAt.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null),
                ("parameters", .object(run.parameters)), ("summary", .object(run.summary)),
            ]))
    }

    /// One line on what the run did, from its parameters and summary.
    static func describe(_ run: RunInfo) -> String {
        let summary = JSONValue.object(run.summary)
        func text(_ path: String) -> String? { summary.value(atPath: path)?.scalarText }
        func percent(_ path: String) -> String? {
            guard case .number(let value)? = summary.value(atPath: path) else { return nil }
            return String(format: "%.1f%%", value * 100)
        }
        switch run.command {
        case "train":
            var words = "split \(text("split") ?? run.parameters["split"]?.scalarText ?? "?")"
            if let adapter = text("adapter") { words += ", adapter \(adapter)" }
            return words
        case "eval":
            var words = "split \(text("split") ?? "?")"
            if let before = percent("evaluation.overall.accuracy_before"),
                let after = percent("evaluation.overall.accuracy_after")
            {
                words += ": test part \(before) -> \(after)"
            }
            if let cases = percent("test_cases.overall.accuracy_after") {
                words += ", test cases \(cases)"
            }
            if let against = run.parameters["against"]?.scalarText {
                let regressions = summary.value(atPath: "comparison.regressions")?.arrayValue?.count ?? 0
                words += "; against \(against): \(regressions) regression\(regressions == 1 ? "" : "s")"
            }
            return words
        default:
            let parameters = run.parameters.map { "\($0.key)=\($0.value.scalarText ?? $0.value.serialized)" }
            return parameters.joined(separator: " ")
        }
    }
}
