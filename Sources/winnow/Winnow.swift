import ArgumentParser
import Foundation
import WinnowApp

/// The `winnow` command: turns raw support logs into a clean fine-tuning set.
@main
struct Winnow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Turn raw customer-support logs into a clean, leak-free fine-tuning set.",
        discussion: """
            Every command takes --db PATH (default ./winnow.db, or $WINNOW_DB) and --json.
            Exit status: 0 success, 1 the work ran but found blocking problems, 2 bad usage or unreadable input.
            """,
        subcommands: [
            InitCommand.self, ImportCommand.self, StatsCommand.self, ListCommand.self, ShowCommand.self,
            ErrorsCommand.self, CheckCommand.self, RulesCommand.self, FlagsCommand.self,
            ModelCommand.self, EmbedCommand.self, SimilarCommand.self, SearchCommand.self, PredictCommand.self,
        ])

    /// Runs the command line; usage errors exit with status 2, as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
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
