import ArgumentParser
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow list`: examples matching filters.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List examples.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var selection: SelectionOptions

    @Option(help: "Only examples with a flag of this check.")
    var check: String?

    @Option(help: "Only examples whose input or response contains this text.")
    var search: String?

    @Option(help: "At most this many (0: all).")
    var limit: Int = 50

    @Option(help: "Skip this many first.")
    var offset: Int = 0

    func validate() throws {
        if limit < 0 || offset < 0 { throw ValidationError("--limit and --offset must not be negative") }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            var filter = selection.filter
            filter.check = check
            filter.text = search
            filter.limit = limit == 0 ? nil : limit
            filter.offset = offset
            let examples = try store.examples(filter)
            filter.limit = nil
            let total = try store.count(filter)
            global.emit(["total": .number(Double(total)), "examples": .array(examples.map(\.json))]) {
                var lines = [
                    "\(TextTable.cell("ID", 6)) \(TextTable.cell("STATUS", 9)) \(TextTable.cell("LABEL", 16)) INPUT"
                ]
                for example in examples {
                    lines.append(
                        "\(TextTable.cell(String(example.id), 6)) \(TextTable.cell(example.status.rawValue, 9)) "
                            + "\(TextTable.cell(example.effectiveLabel ?? "-", 16)) \(TextTable.cell(example.input, 70))"
                    )
                }
                lines.append("\(examples.count) of \(total) shown")
                return lines.joined(separator: "\n")
            }
        }
    }
}
