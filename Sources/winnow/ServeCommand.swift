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

            With --team every page needs a sign-in (accounts from `winnow users add`), decisions are recorded under
            the signed-in name, and sessions live in the store, so several servers over one store share them. Only
            a team server listens beyond loopback, and only over TLS (--tls-cert and --tls-key) or behind a proxy
            that terminates TLS and names the client in a header (--behind-proxy X-Forwarded-For). On a PostgreSQL
            store the server is always a team server.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The address to listen on (beyond loopback only with --team and TLS or --behind-proxy).")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port; the address is printed).")
    var port = 8080

    @Option(help: "Who decisions from a new browser session are recorded as (default: $USER; not with --team).")
    var reviewer: String?

    @ArgumentParser.Flag(
        name: .customLong("team"),
        help:
            "Require a sign-in for every page; decisions are recorded under the signed-in user (always on PostgreSQL).")
    var teamFlag = false

    /// A store on a PostgreSQL server is shared by a team: its server always asks for a sign-in.
    var team: Bool { teamFlag || PostgresAddress.isAddress(global.storePath) }

    @Option(help: "A PEM certificate chain: serve HTTPS (with --tls-key).")
    var tlsCert: String?

    @Option(help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(
        help: ArgumentHelp(
            "Trust this header for the client's address: the server sits behind a proxy that sets it.",
            valueName: "header"))
    var behindProxy: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if !team, tlsCert != nil || behindProxy != nil {
            throw ValidationError("--tls-cert, --tls-key and --behind-proxy are for a team server: add --team")
        }
        if team, reviewer != nil {
            throw ValidationError("--reviewer is not for a team server: decisions carry the signed-in name")
        }
        if let behindProxy, behindProxy.isEmpty || behindProxy.contains(where: { !$0.isLetter && $0 != "-" }) {
            throw ValidationError("--behind-proxy takes a header name, such as X-Forwarded-For")
        }
        if !Self.isLoopback(host) {
            guard team else {
                throw ValidationError(
                    "serving on \(host) would show tickets to anyone who reaches it: beyond loopback, serve with "
                        + "--team (sign-in) and TLS or --behind-proxy")
            }
            guard tlsCert != nil || behindProxy != nil else {
                throw ValidationError(
                    "a team server on \(host) needs TLS (--tls-cert and --tls-key) or --behind-proxy HEADER: "
                        + "passwords must not cross the network in the clear")
            }
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        return name == "localhost" || name == "::1" || name == "[::1]" || name.hasPrefix("127.")
    }

    func run() async throws {
        let store: Store
        do {
            store = try global.openStore()
        } catch let failure as Failure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw ExitCode(2)
        }
        var options: TeamOptions?
        if team {
            let admins = (try? store.users().filter { $0.role == .admin }.count) ?? 0
            guard admins > 0 else {
                FileHandle.standardError.write(
                    Data(
                        "error: a team server needs an admin first: winnow users add NAME --role admin --db \(store.location)\n"
                            .utf8))
                throw ExitCode(2)
            }
            options = TeamOptions(
                tls: tlsCert.flatMap { cert in tlsKey.map { (cert, $0) } }, proxyHeader: behindProxy)
        }
        let name = team ? "" : Reviewer.resolve(reviewer)
        let scheme = tlsCert == nil ? "http" : "https"
        do {
            let app = try buildApplication(
                service: ReviewService(store: store),
                configuration: WebConfiguration(host: host, port: port, defaultReviewer: name, team: options)
            ) { [host, team] bound in
                let shown = host.contains(":") ? "[\(host)]" : host
                let who = team ? "sign-in required" : "reviewer \(name)"
                let line = "Serving \(store.location) at \(scheme)://\(shown):\(bound)/ (\(who)); Ctrl-C stops.\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            try await app.runService()
        } catch let error as TLSFilesError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("error: cannot serve on \(host):\(port): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
