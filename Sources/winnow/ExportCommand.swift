import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowExport
import WinnowStore

/// `winnow export`: a split's training files and manifest.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a split as train, validation and test files plus manifest.json.",
        discussion: """
            Rejected examples are left out; label overrides, edited texts and redactions (the text `winnow show` \
            prints as exported) are applied. openai-chat files are checked as OpenAI's data-preparation guide \
            checks them, with estimated token counts; exits 1 when a format error would make the fine-tuning API \
            reject a file. The directory is written atomically; a non-empty one is replaced only with --force, \
            and only when it holds an earlier export (manifest.json).
            Chat target: auto answers with the response, or with the label when an example has none (intent data \
            such as BANKING77); response always answers with the response; label always with the label.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "openai-chat, jsonl or csv.")
    var format: String

    @Option(help: "The output directory.")
    var out: String

    @Option(help: "The split to export (default: the newest).")
    var split: String?

    @Option(help: "A system message put first in every chat example (replacing the thread's own).")
    var systemPrompt: String?

    @Option(help: "What chat examples answer with: auto, response or label.")
    var target = "auto"

    @ArgumentParser.Flag(help: "Add each example's metadata to JSONL and CSV rows (not scanned by the PII rules).")
    var includeMetadata = false

    @ArgumentParser.Flag(help: "Replace an earlier export in the output directory.")
    var force = false

    @ArgumentParser.Flag(
        help: """
            CSV only: put a ' before a cell a spreadsheet would run as a formula (one starting with =, +, -, @, a tab \
            or a carriage return), for files opened in Excel, LibreOffice or Sheets; such cells then differ from the \
            examples' text.
            """)
    var escapeFormulas = false

    func validate() throws {
        if ExportFormat(rawValue: format) == nil {
            throw ValidationError("--format must be openai-chat, jsonl or csv (got '\(format)')")
        }
        if ChatTarget(rawValue: target) == nil {
            throw ValidationError("--target must be auto, response or label (got '\(target)')")
        }
        if out.isEmpty { throw ValidationError("--out must name a directory") }
        if escapeFormulas, format != ExportFormat.csv.rawValue {
            throw ValidationError("--escape-formulas is for --format csv (a spreadsheet reads no JSONL)")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            var options = ExportOptions(
                format: ExportFormat(rawValue: format) ?? .jsonl, directory: URL(fileURLWithPath: out),
                splitName: split, systemPrompt: systemPrompt, target: ChatTarget(rawValue: target) ?? .auto,
                includeMetadata: includeMetadata, force: force)
            options.escapeFormulas = escapeFormulas
            let report: ExportReport
            do {
                report = try ExportService().run(
                    store: store, options: options, model: (try? ModelStore().locate())?.lastPathComponent)
            } catch let error as ExportError {
                throw Failure.input(error.description)
            } catch let error as SplitStoreError {
                throw Failure.input(error.description)
            }
            global.emit(report.json) { ExportCommand.describe(report) }
            if report.result.hasFormatErrors {
                throw Failure.blocking(
                    "a chat file has format errors the fine-tuning API would reject (see the checks above)")
            }
        }
    }

    static func describe(_ report: ExportReport) -> String {
        var lines = [
            "Exported split \"\(report.split.name)\" to \(report.directory.path):",
            "\(TextTable.cell("PART", 12)) \(TextTable.cell("EXAMPLES", 9)) \(TextTable.cell("FILE", 17)) SHA256",
        ]
        for file in report.result.files {
            lines.append(
                "\(TextTable.cell(file.part.rawValue, 12)) \(TextTable.cell(String(file.examples), 9)) "
                    + "\(TextTable.cell(file.name, 17)) \(file.sha256.prefix(16))…")
        }
        let rejected = report.leftOut["rejected"] ?? 0
        let cases = report.leftOut["test_cases"].map { ", \($0) from train and validation as test cases" } ?? ""
        lines.append(
            "Left out: \(rejected) rejected since the split was made\(cases). Redacted spans: \(report.redactedSpans).")
        lines.append("Manifest: \(report.directory.appendingPathComponent("manifest.json").path)")
        if !report.result.checks.isEmpty {
            lines += ["", "OpenAI data-preparation checks (token counts are estimates of cl100k_base):"]
            if report.result.labelAnswers > 0 {
                lines.append("  \(report.result.labelAnswers) examples answer with their label (no response).")
            }
            for check in report.result.checks { lines += describe(check) }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ check: ChatFileReport) -> [String] {
        var lines = ["\(check.file): \(check.examples) examples"]
        if check.hasFormatErrors {
            for error in ChatFormatError.allCases {
                guard let count = check.errorCounts[error] else { continue }
                let where_ = (check.errorLines[error] ?? []).map(String.init).joined(separator: ", ")
                lines.append("  format error \(error.rawValue): \(count) (lines \(where_))")
            }
        } else {
            lines.append("  no format errors")
        }
        guard check.examples > 0 else { return lines }
        lines.append("  missing system message: \(check.missingSystem); missing user message: \(check.missingUser)")
        func distribution(_ name: String, _ values: [Int]) {
            guard let stats = Distribution(values) else { return }
            func number(_ value: Double) -> String { String(format: value.rounded() == value ? "%.0f" : "%.1f", value) }
            lines.append(
                "  \(name): min \(number(stats.minimum)), max \(number(stats.maximum)), mean \(number(stats.mean)), "
                    + "median \(number(stats.median)), p5 \(number(stats.percentile5)), "
                    + "p95 \(number(stats.percentile95))")
        }
        distribution("messages per example", check.messageCounts)
        distribution("tokens per example", check.tokenCounts)
        distribution("assistant tokens per example", check.assistantTokenCounts)
        let limits = ChatFileCheck.tokenLimits.map { limit in
            "\(check.overLimit[limit] ?? 0) over \(TextTable.grouped(limit))"
        }
        lines.append("  examples over the token limit (truncated in training): " + limits.joined(separator: ", "))
        if check.file.hasPrefix("train") {
            lines.append(
                "  default epochs \(check.defaultEpochs); ~\(TextTable.grouped(check.billingTokens)) tokens billed per "
                    + "epoch, ~\(TextTable.grouped(check.billingTokens * check.defaultEpochs)) in all")
        }
        return lines
    }
}
