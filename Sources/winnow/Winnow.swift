import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore

/// The `winnow` command: turns raw support logs into a clean fine-tuning set.
@main
struct Winnow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Turn raw customer-support logs into a clean, leak-free fine-tuning set.",
        discussion: """
            Every command takes --db PATH (default ./winnow.db, or $WINNOW_DB) and --json.
            Exit status: 0 success, 1 the work ran but found blocking problems, 2 bad usage or unreadable input.
            """,
        version: WinnowVersion.current,
        subcommands: [
            InitCommand.self, ImportCommand.self, StatsCommand.self, ListCommand.self, ShowCommand.self,
            ErrorsCommand.self, CheckCommand.self, RulesCommand.self, FlagsCommand.self,
            ModelCommand.self, EmbedCommand.self, SimilarCommand.self, SearchCommand.self, DedupCommand.self,
            AuditCommand.self, CurateCommand.self, ReviewCommand.self, ServeCommand.self, SplitCommand.self,
            SplitsCommand.self, CasesCommand.self, RunsCommand.self, SuggestCommand.self, UsersCommand.self,
            ExportCommand.self, TrainCommand.self, EvalCommand.self, PredictCommand.self, ReportCommand.self,
        ])

    /// Runs the command line; usage errors exit with status 2, as documented.
    static func main() async {
        var parsed: (any ParsableCommand.Type)?
        do {
            var command = try parseAsRoot()
            parsed = type(of: command)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let text = parsed.flatMap { usageFailure(error, command: $0) } ?? fullMessage(for: error)
                FileHandle.standardError.write(Data(TerminalText.safe(text + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    /// A usage error a subcommand found while running (an option it parses only then), with that subcommand's
    /// usage, as parsing shows it.
    private static func usageFailure(_ error: any Error, command: any ParsableCommand.Type) -> String? {
        guard command != Winnow.self, let path = commandPath(to: command, from: Winnow.self) else { return nil }
        return "Error: \(message(for: error))\nUsage: \(usageString(for: command))\n"
            + "  See '\(path.joined(separator: " ")) --help' for more information."
    }

    /// The command names from `root` down to `command`.
    private static func commandPath(to command: any ParsableCommand.Type, from root: any ParsableCommand.Type)
        -> [String]?
    {
        let name = root._commandName
        if command == root { return [name] }
        for subcommand in root.configuration.subcommands {
            if let rest = commandPath(to: command, from: subcommand) { return [name] + rest }
        }
        return nil
    }
}
