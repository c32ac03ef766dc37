import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowImport

/// `winnow import PATH...`: read support logs into the store.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import JSONL, CSV or HTML support logs into the store.",
        discussion: """
            Each record is imported or quarantined with its reason (see `winnow errors`). Importing the same file or
            the same ticket again adds nothing. An interrupted import resumes where it stopped.
            Fields are mapped automatically from common names (subject, body, text, question, message, response,
            answer, category, intent, label, queue, ticket_id, id...); --map overrides, for example
            --map input=subject+body --map label=ticket.queue (dotted paths reach into nested JSON).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files to import.")
    var paths: [String]

    @Option(help: "auto, jsonl, csv or html.")
    var format: String = "auto"

    @Option(name: .long, help: "FIELD=SOURCE[+SOURCE]: fill an example field from source fields.")
    var map: [String] = []

    @Option(help: "Text encoding of CSV files: auto (UTF-8, else Windows-1252), utf-8, windows-1252, latin1.")
    var encoding: String = "auto"

    @Option(name: .customLong("html-profile"), help: "A YAML file of XPath expressions for an HTML layout.")
    var htmlProfile: String?

    @OptionGroup(title: "Conversations (one message per row)") var conversation: ConversationArguments

    @ArgumentParser.Flag(name: .customLong("dry-run"), help: "Show the mapping and the first records without writing.")
    var dryRun = false

    func validate() throws {
        guard format == "auto" || SourceFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be auto, jsonl, csv or html (got '\(format)')")
        }
        guard TextEncodingChoice(name: encoding) != nil else {
            throw ValidationError("--encoding must be auto, utf-8, windows-1252 or latin1 (got '\(encoding)')")
        }
        do {
            _ = try FieldMapping(specifications: map)
        } catch {
            throw ValidationError(error.description)
        }
        if try conversation.options() != nil, let format = SourceFormat(rawValue: format), format == .html {
            throw ValidationError("--conversation-by and --reply-link read CSV and JSONL files, not html")
        }
    }

    func run() throws {
        try reportingFailures {
            var options = ImportOptions(
                format: SourceFormat(rawValue: format), mapping: try FieldMapping(specifications: map),
                encoding: TextEncodingChoice(name: encoding) ?? .automatic)
            options.conversations = try conversation.options()
            if let htmlProfile {
                options.htmlProfile = try HTMLProfile.load(from: URL(fileURLWithPath: htmlProfile))
            }
            for path in paths where !FileManager.default.isReadableFile(atPath: path) {
                throw Failure.input("\(path): no such file or not readable")
            }
            if dryRun {
                try runDry(options: options)
                return
            }
            let store = try global.openStore(create: true)
            let line = ProgressLine(enabled: ProgressLine().isEnabled && !global.json)
            let report = try ImportService().run(paths: paths, options: options, store: store) { progress in
                let fraction = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 0
                let rate = progress.elapsed > 0 ? Double(progress.records) / progress.elapsed : 0
                let left = fraction > 0 ? progress.elapsed * (1 - fraction) / fraction : 0
                line.update(
                    "\(progress.path): \(progress.records) records, \(Int(rate))/s, \(Int(fraction * 100))%, "
                        + "\(ProgressLine.formatDuration(left)) left")
            }
            line.finish()
            global.emit(report.json) { ImportCommand.describe(report) }
        }
    }

    static func describe(_ report: ImportReport) -> String {
        var lines: [String] = []
        for file in report.files {
            var line =
                "\(file.path) (\(file.format.rawValue)): \(file.records) read, \(file.imported) imported, "
                + "\(file.skippedDuplicates) skipped as duplicates, \(file.errors) quarantined"
            if file.resumedAfter > 0 { line += " (resumed after \(file.resumedAfter) records)" }
            lines.append(line)
            for note in file.notes { lines.append("  note: \(note)") }
        }
        lines.append(
            "Total: \(report.imported) imported, \(report.skippedDuplicates) skipped as duplicates, "
                + "\(report.errors) quarantined" + (report.errors > 0 ? " (see `winnow errors`)" : ""))
        return lines.joined(separator: "\n")
    }

    private func runDry(options: ImportOptions) throws {
        var files: [JSONValue] = []
        var lines: [String] = []
        for path in paths {
            let preview = try ImportService().preview(path: path, options: options)
            lines.append("\(path) (\(preview.format.rawValue)): \(preview.records) records, \(preview.errors) bad")
            for note in preview.notes { lines.append("  note: \(note)") }
            for mapping in preview.mappings {
                lines.append("  mapping:")
                for entry in mapping { lines.append("    \(entry)") }
            }
            for draft in preview.preview {
                lines.append("  \(draft.locator): label=\(draft.label ?? "-") input=\(TextTable.cell(draft.input, 60))")
            }
            for error in preview.previewErrors { lines.append("  quarantine: \(error)") }
            var object = preview.json.objectValue ?? JSONObject()
            object["preview"] = .array(preview.preview.map(\.json))
            object["mappings"] = .array(preview.mappings.map { .array($0.map(JSONValue.string)) })
            object["preview_errors"] = .array(preview.previewErrors.map { .string($0.description) })
            files.append(.object(object))
        }
        lines.append("Dry run: nothing was written.")
        global.emit(["dry_run": true, "files": .array(files)]) { lines.joined(separator: "\n") }
    }
}
