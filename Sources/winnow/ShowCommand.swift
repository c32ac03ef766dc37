import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowRules
import WinnowStore

/// `winnow show ID`: one example in full.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one example: fields, thread, provenance and review state.",
        discussion: """
            When the example is in a duplicate cluster (`winnow dedup`), the cluster follows: each member side by
            side with the kept example, differing words in colour on a terminal, else marked [-removed-] and
            {+added+}; --json gives the word diff as a list of equal/removed/added segments.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The example id.")
    var id: Int64

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let example = try store.example(id: id)
            let flags = try store.flags(exampleID: id)
            let history = try store.decisions(exampleID: id)
            var json = example.json.objectValue ?? JSONObject()
            json["flags"] = .array(flags.map(\.json))
            json["history"] = .array(history.map(\.json))
            let redacted = ShowCommand.redactedTexts(of: example, flags: flags)
            if !redacted.isEmpty {
                json["redacted"] = .object(
                    JSONObject(redacted.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            }
            let cluster = try ClusterComparison.of(exampleID: id, store: store)
            if let cluster { json["duplicates"] = cluster.json }
            global.emit(.object(json)) {
                var text = ShowCommand.describe(example, flags: flags, history: history, redacted: redacted)
                if let cluster {
                    let terminal = isatty(STDOUT_FILENO) == 1
                    let width = ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 120
                    text += "\n\n" + cluster.text(width: width, colour: terminal)
                }
                return text
            }
        }
    }

    /// The texts as exports will write them, redacted by the flags of `redact` rules (empty when no such flag
    /// exists): input and response always, thread turns and metadata values only where a redaction changed them.
    static func redactedTexts(of example: Example, flags: [WinnowCore.Flag]) -> [String: String] {
        guard !ExampleRedaction.spans(in: flags).isEmpty else { return [:] }
        let originals = ExampleRedaction.texts(of: example, flags: [])
        return ExampleRedaction.texts(of: example, flags: flags).filter { field, text in
            field == "input" || field == "response" || originals[field] != text
        }
    }

    static func describe(
        _ example: Example, flags: [WinnowCore.Flag], history: [DecisionRecord], redacted: [String: String]
    ) -> String {
        var lines = [
            "Example \(example.id) [\(example.status.rawValue), version \(example.version)]",
            "Source: \(example.sourcePath), \(example.locator)",
        ]
        if let ticket = example.ticketID { lines.append("Ticket: \(ticket)") }
        var label = example.label ?? "-"
        if let override = example.labelOverride { label += " -> \(override) (relabelled)" }
        lines.append("Label: \(label)")
        if let point = example.trainingPoint { lines.append("Training point: \(point)") }
        lines += ["", "Input:", indent(example.input)]
        if let edited = example.editedInput { lines += ["", "Input as edited (exports use it):", indent(edited)] }
        lines += ["", "Response:", indent(example.response ?? "(none)")]
        if let edited = example.editedResponse {
            lines += ["", "Response as edited (exports use it):", indent(edited)]
        }
        if !example.messages.isEmpty {
            lines += ["", "Thread:"]
            for message in example.messages {
                lines += ["  [\(message.role.rawValue)]", indent(message.shownText, by: 4)]
            }
        }
        let removedKeys = removedPartTitles.map(\.key)
        let metadata = example.metadata.filter { !removedKeys.contains($0.key) }
        if !metadata.isEmpty {
            lines += ["", "Metadata:"]
            for member in metadata {
                lines.append("  \(member.key): \(member.value.scalarText ?? member.value.serialized)")
            }
        }
        lines += removedParts(of: example)
        if !flags.isEmpty {
            lines += ["", "Flags:"]
            for flag in flags {
                lines.append(
                    "  [\(flag.severity.rawValue)] \(flag.check)\(flag.field.map { " (\($0))" } ?? ""): \(flag.message)"
                )
                if let span = flag.span, let field = flag.field, let text = FlagContext.text(of: field, in: example) {
                    lines.append("    " + FlagContext.excerpt(text, span: span))
                }
            }
        }
        if !redacted.isEmpty {
            lines += ["", "As exported (redacted; the original above stays in the store):"]
            let originals = ExampleRedaction.texts(of: example, flags: [])
            for (field, text) in redacted.sorted(by: { $0.key < $1.key }) where originals[field] != text {
                lines += ["  \(field):", indent(text, by: 4)]
            }
        }
        if !history.isEmpty {
            lines += ["", "History:"]
            for decision in history {
                var line = "  \(decision.createdAt) \(decision.reviewer): \(decision.action)"
                let change = decision.changeSummary
                if !change.isEmpty { line += " (\(change))" }
                if let note = decision.note { line += ": \(note)" }
                if let version = decision.version { line += " [version \(version)]" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The metadata keys under which importers keep what reply cleaning removed, with their section titles.
    static let removedPartTitles: [(key: String, title: String)] = [
        ("removed_quotes", "Quoted history"), ("removed_forwarded", "Forwarded"),
        ("removed_signatures", "Signatures"), ("removed_disclaimers", "Disclaimers"),
        ("removed_banners", "Mail gateway banners"),
        ("removed_archive_notices", "Mailing-list archive notices"),
    ]

    /// A section showing what reply cleaning took out of the example's text, one indented block per part.
    static func removedParts(of example: Example) -> [String] {
        var lines: [String] = []
        for (key, title) in removedPartTitles {
            guard case .array(let values)? = example.metadata[key] else { continue }
            let texts = values.compactMap(\.scalarText).filter { !$0.isEmpty }
            guard !texts.isEmpty else { continue }
            lines.append("  \(title) (\(key)):")
            for text in texts { lines.append(indent(text, by: 4)) }
        }
        return lines.isEmpty ? [] : ["", "Removed by reply cleaning (kept as evidence):"] + lines
    }

    static func indent(_ text: String, by count: Int = 2) -> String {
        let prefix = String(repeating: " ", count: count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n")
    }
}
