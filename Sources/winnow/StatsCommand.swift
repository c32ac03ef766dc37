import ArgumentParser
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow stats`: counts over the store.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show counts: examples by status and label, sources, quarantine, flags.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let statistics = try global.openStore().statistics()
            global.emit(statistics.json) { StatsCommand.describe(statistics) }
        }
    }

    static func describe(_ statistics: StoreStatistics) -> String {
        var lines = ["Examples: \(statistics.examples) (\(statistics.withResponse) with a response)"]
        lines.append(
            "Status: "
                + ["pending", "approved", "rejected"].map { "\($0) \(statistics.byStatus[$0] ?? 0)" }
                .joined(separator: ", ")
                + (statistics.superseded > 0
                    ? " (\(statistics.superseded) of them earlier versions of tickets imported again, superseded)" : "")
        )
        lines.append("Quarantined records: \(statistics.quarantined)")
        lines.append("Labels:")
        for entry in statistics.byLabel.prefix(30) {
            lines.append("  \(TextTable.cell(entry.label, 30)) \(entry.count)")
        }
        if statistics.byLabel.count > 30 { lines.append("  ... \(statistics.byLabel.count - 30) more") }
        if !statistics.flagsByCheck.isEmpty {
            lines.append("Flags:")
            for entry in statistics.flagsByCheck { lines.append("  \(TextTable.cell(entry.label, 30)) \(entry.count)") }
        }
        lines.append("Sources:")
        for source in statistics.sources {
            let state = source.info.isComplete ? "" : " (import interrupted: re-run `winnow import` to resume)"
            lines.append(
                "  \(source.info.path) [\(source.info.format.rawValue)]: \(source.imported) examples, "
                    + "\(source.quarantined) quarantined\(state)")
            for note in source.notes { lines.append("    note: \(note)") }
        }
        return lines.joined(separator: "\n")
    }
}
