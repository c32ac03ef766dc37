import Foundation
import WinnowCore
import WinnowStore

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
    /// The signed-in user (team mode); nil before sign-in and always on a one-person server.
    public var account: UserAccount?
}

/// Where the sessions of the review UI live: in memory for one person on loopback, in the store for a team.
protocol WebSessions: Sendable {
    /// The session with this cookie value, or a new one (then `isNew` is true).
    func session(for cookie: String?) async -> (session: WebSession, isNew: Bool)
    /// Sets the message shown on the session's next page.
    func setFlash(_ message: String?, for id: String) async
    /// The message for the session's next page, removed once read.
    func takeFlash(for id: String) async -> String?
    /// The current state of a session.
    func current(_ id: String) async -> WebSession?
}

/// Sessions in memory (a restart asks browsers for a new session). At most `capacity` are kept; the oldest go first.
public actor SessionStore: WebSessions {
    private var sessions: [String: WebSession] = [:]
    private var order: [String] = []
    private let capacity: Int
    private let defaultReviewer: String

    /// A store whose new sessions decide as `defaultReviewer`.
    public init(defaultReviewer: String, capacity: Int = 1000) {
        self.defaultReviewer = defaultReviewer
        self.capacity = capacity
    }

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

    public func setFlash(_ message: String?, for id: String) {
        sessions[id]?.flash = message
    }

    public func takeFlash(for id: String) -> String? {
        defer { sessions[id]?.flash = nil }
        return sessions[id]?.flash
    }

    /// Changes who decides from this session.
    public func setReviewer(_ name: String, for id: String) {
        sessions[id]?.reviewer = name
    }

    public func current(_ id: String) -> WebSession? { sessions[id] }

    /// What a team server's visitor cookies start with (stored sessions' cookies are plain hex).
    static let visitorPrefix = "v"

    /// Whether `token` has the shape of a visitor's cookie: the prefix and 64 lower-case hex digits.
    static func isVisitorToken(_ token: String) -> Bool {
        token.count == 65 && token.hasPrefix(visitorPrefix)
            && token.dropFirst().allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// 32 bytes from a cryptographically secure generator, as 64 hex digits.
    static func randomToken() -> String {
        Hex.encode(PasswordHash.randomBytes(32))
    }
}

/// Sessions in the store, for `serve --team`: every server over one store sees the same sessions, and a restart
/// keeps them. Only a hash of each cookie is stored. A visitor who has not signed in is not stored at all: their
/// cookie is `v` and 64 random hex digits, and its CSRF token an HMAC of it under the store's session key, which
/// every server can check (so requests without a cookie cost no write). Signing in replaces it with a stored session
/// bound to the user.
struct StoredSessions: WebSessions {
    let store: Store
    /// How long a signed-in session lasts.
    var signedInLifetime: TimeInterval = 12 * 3600
    /// Signs visitors' tokens (the store's key; a key of this process alone if the store cannot give one, when a
    /// visitor's form must come back to the same server).
    let key: [UInt8]

    init(store: Store) {
        self.store = store
        key = (try? store.sessionKey()) ?? PasswordHash.randomBytes(32)
    }

    func session(for cookie: String?) async -> (session: WebSession, isNew: Bool) {
        if let cookie, let session = current(cookie) { return (session, false) }
        return (visitor(SessionStore.visitorPrefix + SessionStore.randomToken()), true)
    }

    func setFlash(_ message: String?, for id: String) async {
        try? store.setSessionFlash(message, token: id)
    }

    func takeFlash(for id: String) async -> String? {
        (try? store.takeSessionFlash(token: id)) ?? nil
    }

    func current(_ id: String) -> WebSession? {
        if SessionStore.isVisitorToken(id) { return visitor(id) }
        guard let stored = (try? store.session(token: id)) ?? nil else { return nil }
        return WebSession(
            id: id, csrfToken: stored.csrfToken, reviewer: stored.user?.name ?? "", flash: nil, account: stored.user)
    }

    private func visitor(_ id: String) -> WebSession {
        WebSession(
            id: id, csrfToken: MessageAuthentication.hexTag(key: key, message: id), reviewer: "", flash: nil,
            account: nil)
    }

    /// Signs `user` in: the visitor's session `old` ends and a new stored one (new cookie, new token) begins.
    /// Should the store fail, the session exists for this request only, and the next request is a visitor's again.
    func signIn(_ user: UserAccount, replacing old: String) -> WebSession {
        try? store.deleteSession(token: old)
        let session = WebSession(
            id: SessionStore.randomToken(), csrfToken: SessionStore.randomToken(), reviewer: user.name, flash: nil,
            account: user)
        try? store.createSession(
            token: session.id, user: user.name, csrfToken: session.csrfToken,
            expiresAt: Date().addingTimeInterval(signedInLifetime))
        return session
    }

    /// Ends a session.
    func signOut(_ id: String) {
        try? store.deleteSession(token: id)
    }
}
