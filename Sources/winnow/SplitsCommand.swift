import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow splits`: the stored splits.
struct SplitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "splits", abstract: "List the stored splits, newest first.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            try SplitsCommand.emit(global.openStore().splits(), global: global)
        }
    }

    /// Prints `splits` as a table or JSON.
    static func emit(_ splits: [SplitInfo], global: GlobalOptions) {
        let json = JSONValue.array(
            splits.map { split in
                .object(
                    JSONObject([
                        ("name", .string(split.name)), ("id", .number(Double(split.id))),
                        ("created_at", .string(ISO8601DateFormatter().string(from: split.createdAt))),
                        ("parameters", .object(split.parameters)),
                        (
                            "counts",
                            .object(
                                JSONObject(
                                    SplitPart.allCases.map { ($0.rawValue, .number(Double(split.counts[$0] ?? 0))) }))
                        ),
                    ]))
            })
        global.emit(["splits": json]) {
            guard !splits.isEmpty else { return "No splits yet: run `winnow split`." }
            let header =
                "\(TextTable.cell("NAME", 16)) \(TextTable.cell("CREATED", 20)) \(TextTable.cell("TRAIN", 7)) "
                + "\(TextTable.cell("VAL", 6)) \(TextTable.cell("TEST", 6)) PARAMETERS"
            return
                ([header]
                + splits.map { split in
                    let parameters = ["validation", "test", "seed", "stratify", "include_pending"].compactMap { key in
                        split.parameters[key].map { "\(key)=\($0.scalarText ?? $0.serialized)" }
                    }
                    return "\(TextTable.cell(split.name, 16)) "
                        + "\(TextTable.cell(ISO8601DateFormatter().string(from: split.createdAt), 20)) "
                        + "\(TextTable.cell(String(split.counts[.train] ?? 0), 7)) "
                        + "\(TextTable.cell(String(split.counts[.validation] ?? 0), 6)) "
                        + "\(TextTable.cell(String(split.counts[.test] ?? 0), 6)) " + parameters.joined(separator: " ")
                }).joined(separator: "\n")
        }
    }
}
