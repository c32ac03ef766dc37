import ArgumentParser
import Foundation
import Hummingbird
import WinnowApp
import WinnowStore
import WinnowWeb

/// `winnow serve`: the review web UI.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the review web UI (queue, examples, summary) on 127.0.0.1.",
        discussion: """
            Open the printed address in a browser. Every decision is recorded like one made with `winnow review`;
            press ? on any page for the keys. Ctrl-C stops the server.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The address to listen on (the UI shows ticket text: keep it on loopback unless you mean it).")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port; the address is printed).")
    var port = 8080

    @Option(help: "Who decisions from a new browser session are recorded as (default: $USER).")
    var reviewer: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let store: Store
        do {
            store = try global.openStore()
        } catch let failure as Failure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw ExitCode(2)
        }
        let name = Reviewer.resolve(reviewer)
        if WebConfiguration.hosts(for: host) == nil {
            FileHandle.standardError.write(
                Data(
                    "warning: listening on every interface: anyone who can reach this machine can read the tickets\n"
                        .utf8))
        }
        let app = buildApplication(
            service: ReviewService(store: store),
            configuration: WebConfiguration(host: host, port: port, defaultReviewer: name)
        ) { [host] bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            let line = "Serving \(global.storePath) at http://\(shown):\(bound)/ (reviewer \(name)); Ctrl-C stops.\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        do {
            try await app.runService()
        } catch {
            FileHandle.standardError.write(Data("error: cannot serve on \(host):\(port): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
