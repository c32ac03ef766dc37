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
            SplitsCommand.self, CasesCommand.self,
            ExportCommand.self, TrainCommand.self, EvalCommand.self, PredictCommand.self, ReportCommand.self,
        ])

    /// Runs the command line; usage errors exit with status 2, as documented.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
