import ArgumentParser
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow errors`: quarantined input records with file and line, row or element.
struct ErrorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors", abstract: "List quarantined input records with their file, position and reason.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this source file (path or its ending).")
    var source: String?

    func run() throws {
        try reportingFailures {
            let records = try global.openStore().quarantine(source: source)
            global.emit(["errors": .array(records.map(\.json))]) {
                guard !records.isEmpty else { return "No quarantined records." }
                var lines: [String] = []
                for record in records {
                    let place = record.locator.map { "\(record.file), \($0)" } ?? record.file
                    lines.append("\(place): [\(record.kind)] \(record.message)")
                    if !record.snippet.isEmpty { lines.append("    \(TextTable.clip(record.snippet, 100))") }
                }
                lines.append("\(records.count) quarantined records")
                return lines.joined(separator: "\n")
            }
        }
    }
}
