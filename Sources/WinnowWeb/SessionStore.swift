/// One browser's session: its CSRF token, the reviewer name it decides under and a message for the next page.
public struct WebSession: Sendable, Equatable {
    /// The cookie value (32 random bytes, hex).
    public var id: String
    /// The token every state-changing request must carry (32 random bytes, hex).
    public var csrfToken: String
    /// Who decides from this browser.
    public var reviewer: String
    /// Shown once on the next page (what the last action did).
    public var flash: String?
}

/// Sessions in memory (a restart asks browsers for a new session). At most `capacity` are kept; the oldest go first.
public actor SessionStore {
    private var sessions: [String: WebSession] = [:]
    private var order: [String] = []
    private let capacity: Int
    private let defaultReviewer: String

    /// A store whose new sessions decide as `defaultReviewer`.
    public init(defaultReviewer: String, capacity: Int = 1000) {
        self.defaultReviewer = defaultReviewer
        self.capacity = capacity
    }

    /// The session with this cookie value, or a new one (then `isNew` is true).
    public func session(for cookie: String?) -> (session: WebSession, isNew: Bool) {
        if let cookie, let session = sessions[cookie] { return (session, false) }
        let session = WebSession(
            id: Self.randomToken(), csrfToken: Self.randomToken(), reviewer: defaultReviewer, flash: nil)
        sessions[session.id] = session
        order.append(session.id)
        if order.count > capacity {
            sessions[order.removeFirst()] = nil
        }
        return (session, true)
    }

    /// Sets the message shown on the session's next page.
    public func setFlash(_ message: String?, for id: String) {
        sessions[id]?.flash = message
    }

    /// The message for the session's next page, removed once read.
    public func takeFlash(for id: String) -> String? {
        defer { sessions[id]?.flash = nil }
        return sessions[id]?.flash
    }

    /// Changes who decides from this session.
    public func setReviewer(_ name: String, for id: String) {
        sessions[id]?.reviewer = name
    }

    /// The current state of a session.
    public func current(_ id: String) -> WebSession? { sessions[id] }

    /// 32 bytes from the system's secure generator, as 64 hex digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
