import ArgumentParser
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow errors`: quarantined input records with file and line, row or element.
struct ErrorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors", abstract: "List quarantined input records with their file, position and reason.",
        discussion: """
            Importing a path again replaces the entries of earlier attempts at it; --clear drops entries by hand.
            --skipped lists the records an import did not store because the same ticket (or, with
            --skip-duplicate-text, the same text) was stored already, with the example each duplicates.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this source file (path or its ending).")
    var source: String?

    @ArgumentParser.Flag(help: "List the records skipped as the same ticket or text as a stored example instead.")
    var skipped = false

    @ArgumentParser.Flag(help: "Drop the quarantine entries and skipped records (of --source, else all).")
    var clear = false

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            if clear {
                let cleared = try store.clearQuarantine(source: source)
                global.emit(["cleared": .number(Double(cleared))]) {
                    "Dropped \(cleared) quarantine entr\(cleared == 1 ? "y" : "ies")"
                        + (source.map { " of \($0)" } ?? "") + "."
                }
                return
            }
            if skipped {
                let skips = try store.skippedRecords(source: source)
                let json: [JSONValue] = skips.map { skip in
                    [
                        "source": .string(skip.file), "locator": .string(skip.record.locator.encoded),
                        "reason": .string(skip.record.reason.rawValue),
                        "duplicate_of": .number(Double(skip.record.duplicateOf)),
                    ]
                }
                global.emit(["skipped": .array(json)]) {
                    guard !skips.isEmpty else { return "No skipped records." }
                    var lines = skips.map { skip in
                        let reason = skip.record.reason == .sameTicket ? "same ticket as" : "same text as"
                        return "\(skip.file), \(skip.record.locator): \(reason) #\(skip.record.duplicateOf)"
                    }
                    lines.append("\(skips.count) skipped records")
                    return lines.joined(separator: "\n")
                }
                return
            }
            let records = try store.quarantine(source: source)
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
