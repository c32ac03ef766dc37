import Foundation
import HTTPTypes
import Hummingbird
import Logging
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

    /// A configuration.
    public init(host: String = "127.0.0.1", port: Int = 8080, defaultReviewer: String, allowedHosts: Set<String>? = nil)
    {
        self.host = host
        self.port = port
        self.defaultReviewer = defaultReviewer
        self.allowedHosts = allowedHosts
    }
}

/// The review UI's routes over one ``ReviewService``: every decision goes through the same service as the command
/// line. Pages are GETs that change nothing; changes are POSTs checked for the session's CSRF token.
public func buildRouter(service: ReviewService, configuration: WebConfiguration) -> Router<WebContext> {
    let router = Router(context: WebContext.self)
    let sessions = SessionStore(defaultReviewer: configuration.defaultReviewer)
    router.add(middleware: SessionMiddleware(sessions: sessions, allowedHosts: configuration.allowedHosts))
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
    return router
}

/// The application `winnow serve` runs: the router on `configuration.host:port`. `onServerRunning` gets the bound
/// port (useful with port 0).
public func buildApplication(
    service: ReviewService, configuration: WebConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    var configuration = configuration
    if configuration.allowedHosts == nil {
        configuration.allowedHosts = WebConfiguration.hosts(for: configuration.host)
    }
    var logger = Logger(label: "winnow.serve")
    logger.logLevel = .warning
    let requestedPort = configuration.port
    return Application(
        router: buildRouter(service: service, configuration: configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "winnow"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? requestedPort) },
        logger: logger)
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
