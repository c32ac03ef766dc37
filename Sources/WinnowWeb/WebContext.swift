import Hummingbird

/// The request context of the review UI: the browser's session and, for a POST, its decoded form fields.
public struct WebContext: RequestContext {
    /// Hummingbird's own storage.
    public var coreContext: CoreRequestContextStorage
    /// Set by ``SessionMiddleware`` on every request.
    public var session: WebSession?
    /// The form of a POST (checked for its CSRF token before any handler runs).
    public var form: [String: String] = [:]

    /// A context for one request.
    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Forms are small; anything larger is refused.
    public var maxUploadSize: Int { 1 << 20 }
}
