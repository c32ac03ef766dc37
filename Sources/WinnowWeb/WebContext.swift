import Hummingbird

/// The request context of the review UI: the browser's session and, for a POST, its decoded form fields.
public struct WebContext: RequestContext {
    /// Hummingbird's own storage.
    public var coreContext: CoreRequestContextStorage
    /// Set by ``SessionMiddleware`` on every request.
    public var session: WebSession?
    /// The form of a POST (checked for its CSRF token before any handler runs).
    public var form: [String: String] = [:]
    /// The peer's IP address, nil when not connected through a socket.
    public var remoteAddress: String?
    /// The client's address as a team server sees it (through a trusted proxy: the address the proxy names), for
    /// the sign-in limit.
    public var client = "unknown"
    /// Whether cookies are marked Secure (the browser reached the server over TLS).
    public var secureCookies = false

    /// A context for one request.
    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Forms are small; anything larger is refused.
    public var maxUploadSize: Int { 1 << 20 }
}
