import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowReview
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

    @Option(help: "Only examples a label audit or rule suggests this label for (a SUGGESTED column is shown).")
    var suggestion: String?

    @Option(
        help: "Only examples whose suggested label is at least this confident, 0 to 1 (a SUGGESTED column is shown).")
    var minConfidence: Double?

    @Option(help: "At most this many (0: all).")
    var limit: Int = 50

    @Option(help: "Skip this many first.")
    var offset: Int = 0

    func validate() throws {
        if limit < 0 || offset < 0 { throw ValidationError("--limit and --offset must not be negative") }
        try FlagSelectionOptions.validate(minConfidence: minConfidence)
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            var filter = selection.filter
            filter.check = check
            filter.text = search
            filter.suggestion = suggestion
            filter.minimumConfidence = minConfidence
            filter.limit = limit == 0 ? nil : limit
            filter.offset = offset
            let examples = try store.examples(filter)
            filter.limit = nil
            let total = try store.count(filter)
            // With a suggestion filter, the suggestion each example is listed for.
            var suggested: [Int64: LabelSuggestion] = [:]
            if suggestion != nil || minConfidence != nil {
                for (id, flags) in try store.flags(ofExamples: examples.map(\.id)) {
                    suggested[id] = LabelSuggestion.best(in: flags, naming: suggestion)
                }
            }
            let json: [JSONValue] = examples.map { example in
                guard let best = suggested[example.id], var object = example.json.objectValue else {
                    return example.json
                }
                object["suggestion"] = .string(best.label)
                object["suggestion_confidence"] = best.confidence.map(JSONValue.number) ?? .null
                return .object(object)
            }
            global.emit(["total": .number(Double(total)), "examples": .array(json)]) {
                let showsSuggestion = suggestion != nil || minConfidence != nil
                var lines = [
                    "\(TextTable.cell("ID", 6)) \(TextTable.cell("STATUS", 9)) \(TextTable.cell("LABEL", 16)) "
                        + (showsSuggestion ? "\(TextTable.cell("SUGGESTED", 22)) " : "") + "INPUT"
                ]
                for example in examples {
                    var suggestionCell = ""
                    if showsSuggestion {
                        let best = suggested[example.id]
                        let text = best.map { $0.label + ($0.confidence.map { String(format: " %.2f", $0) } ?? "") }
                        suggestionCell = TextTable.cell(text ?? "-", 22) + " "
                    }
                    lines.append(
                        "\(TextTable.cell(String(example.id), 6)) \(TextTable.cell(example.status.rawValue, 9)) "
                            + "\(TextTable.cell(example.effectiveLabel ?? "-", 16)) \(suggestionCell)"
                            + TextTable.cell(example.input, 70))
                }
                lines.append("\(examples.count) of \(total) shown")
                return lines.joined(separator: "\n")
            }
        }
    }
}
