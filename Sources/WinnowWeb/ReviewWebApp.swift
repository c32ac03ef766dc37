import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import WinnowApp
import WinnowCore
import WinnowReport
import WinnowStore

/// How `winnow serve` listens.
public struct WebConfiguration: Sendable {
    /// The address to bind (loopback by default: the UI shows ticket text).
    public var host: String
    /// The port (0: any free port).
    public var port: Int
    /// Who new sessions decide as, until they pick a name.
    public var defaultReviewer: String
    /// Host names accepted in the Host header (the port is not compared); nil accepts any. Set from `host` by
    /// ``buildApplication(service:configuration:onServerRunning:)``.
    public var allowedHosts: Set<String>?
    /// Signed-in users (sessions in the store); nil: one person on loopback, deciding under `defaultReviewer`.
    public var team: TeamOptions?

    /// A configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, defaultReviewer: String, allowedHosts: Set<String>? = nil,
        team: TeamOptions? = nil
    ) {
        self.host = host
        self.port = port
        self.defaultReviewer = defaultReviewer
        self.allowedHosts = allowedHosts
        self.team = team
    }
}

/// How a team server reaches its users: directly over TLS, or behind a trusted proxy that terminates TLS and names
/// the client in a header.
public struct TeamOptions: Sendable {
    /// PEM files of the certificate chain and its private key; nil when not serving TLS.
    public var tls: (certificate: String, key: String)?
    /// The header the trusted proxy sets to the client's address (`X-Forwarded-For`, `X-Real-IP`); nil when not
    /// behind a proxy.
    public var proxyHeader: String?

    /// Options for a team server.
    public init(tls: (certificate: String, key: String)? = nil, proxyHeader: String? = nil) {
        self.tls = tls
        self.proxyHeader = proxyHeader
    }

    /// The client's address: behind a proxy, the last address in its header (the one the proxy itself added;
    /// earlier ones come from the client and prove nothing), else the peer's.
    func client(of request: Request, remoteAddress: String?) -> String {
        if let proxyHeader, let name = HTTPField.Name(proxyHeader) {
            let values = request.headers[values: name].flatMap { $0.split(separator: ",") }
            if let last = values.last?.trimmingCharacters(in: .whitespaces), !last.isEmpty { return last }
            return "no-\(proxyHeader.lowercased())@\(remoteAddress ?? "unknown")"
        }
        return remoteAddress ?? "unknown"
    }

    /// Whether the browser reached the server over TLS (directly, or at the proxy by its `X-Forwarded-Proto`).
    func isSecure(_ request: Request) -> Bool {
        if tls != nil { return true }
        if proxyHeader != nil, let proto = HTTPField.Name("X-Forwarded-Proto") {
            return request.headers[proto]?.lowercased() == "https"
        }
        return false
    }
}

/// The review UI's routes over one ``ReviewService``: every decision goes through the same service as the command
/// line. Pages are GETs that change nothing; changes are POSTs checked for the session's CSRF token.
public func buildRouter(service: ReviewService, configuration: WebConfiguration) -> Router<WebContext> {
    let router = Router(context: WebContext.self)
    let stored = configuration.team.map { _ in StoredSessions(store: service.store) }
    let sessions: any WebSessions = stored ?? SessionStore(defaultReviewer: configuration.defaultReviewer)
    router.add(
        middleware: SessionMiddleware(
            sessions: sessions, allowedHosts: configuration.allowedHosts, team: configuration.team))
    let routes = ReviewRoutes(service: service, sessions: sessions)

    router.get("/") { _, _ in Pages.redirect(to: "/queue") }
    router.get("/static/app.css") { _, _ in
        Assets.response(Assets.css + ReportStyle.chartCSS, type: "text/css; charset=utf-8")
    }
    router.get("/static/app.js") { _, _ in Assets.response(Assets.javascript, type: "text/javascript; charset=utf-8") }
    router.get("/queue") { request, context in try await routes.queue(request, context) }
    router.get("/summary") { request, context in try await routes.summary(request, context) }
    router.get("/examples/:id") { request, context in try await routes.example(request, context) }
    router.post("/examples/:id/decide") { request, context in try await routes.decide(request, context) }
    router.post("/bulk") { request, context in try await routes.bulk(request, context) }
    router.post("/undo") { request, context in try await routes.undo(request, context) }
    router.post("/reviewer") { request, context in try await routes.reviewer(request, context) }
    if let stored {
        TeamRoutes(review: routes, sessions: stored, users: UserService(store: service.store)).add(to: router)
    }
    return router
}

/// The application `winnow serve` runs: the router on `configuration.host:port`, over TLS when the team options name
/// a certificate (unreadable PEM files throw). `onServerRunning` gets the bound port (useful with port 0).
public func buildApplication(
    service: ReviewService, configuration: WebConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void
) throws -> some ApplicationProtocol {
    var configuration = configuration
    // Behind a proxy the Host header carries the public name, which the proxy has already checked.
    if configuration.allowedHosts == nil, configuration.team?.proxyHeader == nil {
        configuration.allowedHosts = WebConfiguration.hosts(for: configuration.host)
    }
    var logger = Logger(label: "winnow.serve")
    logger.logLevel = .warning
    let requestedPort = configuration.port
    var server: HTTPServerBuilder = .http1()
    if let tls = configuration.team?.tls {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
            server = try .tls(
                .http1(),
                tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        } catch {
            throw TLSFilesError(certificate: tls.certificate, key: tls.key, reason: "\(error)")
        }
    }
    return Application(
        router: buildRouter(service: service, configuration: configuration), server: server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "winnow"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? requestedPort) },
        logger: logger)
}

/// The TLS certificate or key of a team server cannot be read.
public struct TLSFilesError: Error, CustomStringConvertible {
    public var certificate: String
    public var key: String
    public var reason: String

    public var description: String {
        "cannot read the TLS certificate \(certificate) or its key \(key) as PEM: \(reason)"
    }
}

extension WebConfiguration {
    /// The host names a browser sends in the Host header for `host` (loopback names are interchangeable); nil for
    /// the wildcard addresses, where the names the machine is reached by are not known.
    public static func hosts(for host: String) -> Set<String>? {
        let name = host.lowercased()
        if ["0.0.0.0", "::", "[::]"].contains(name) { return nil }
        var names: Set<String> = [name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name]
        if ["127.0.0.1", "localhost", "::1", "[::1]"].contains(name) {
            names.formUnion(["127.0.0.1", "localhost", "[::1]"])
        }
        return names
    }
}

extension Assets {
    static func response(_ text: String, type: String) -> Response {
        let buffer = ByteBuffer(string: text)
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentLength] = String(buffer.readableBytes)
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }
}
