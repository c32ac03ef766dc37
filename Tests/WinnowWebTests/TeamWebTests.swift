import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import WinnowApp
import WinnowCore
import WinnowStore
import WinnowTestSupport
import WinnowWeb

/// A team over a store file: an admin and a reviewer who have both chosen their passwords, one flagged example.
struct TeamFixture {
    let directory: URL
    let fixture: ReviewFixture
    let example: Int64
    static let adminPassword = "admin-password-1234"
    static let reviewerPassword = "reviewer-password-1234"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-team-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fixture = try ReviewFixture(path: directory.appendingPathComponent("team.db").path)
        example = try fixture.add("My card has not arrived", response: "It is on its way.", label: "card_arrival")
        let users = UserService(store: fixture.store)
        let adminOneTime = try users.add(name: "ada", role: .admin)
        try users.changePassword(
            name: "ada", current: adminOneTime, to: Self.adminPassword, client: "setup", keepingSession: nil)
        let reviewerOneTime = try users.add(name: "rex", role: .reviewer)
        try users.changePassword(
            name: "rex", current: reviewerOneTime, to: Self.reviewerPassword, client: "setup", keepingSession: nil)
    }

    /// A second server over the same file: its own connection, as another `serve` process would have.
    func secondStore() throws -> Store { try Store(path: directory.appendingPathComponent("team.db").path) }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// The review app with sign-in over `store`, tested through the router.
func withTeamApp(
    _ store: Store, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let router = buildRouter(
        service: ReviewService(store: store),
        configuration: WebConfiguration(defaultReviewer: "", team: TeamOptions()))
    try await Application(router: router).test(.router, test)
}

extension BrowserSession {
    /// Signs in through the sign-in page; returns the status and where it redirects.
    mutating func signIn(_ name: String, _ password: String) async throws -> (
        status: HTTPResponse.Status, location: String?
    ) {
        try await get("/signin")
        let answer = try await post("/signin", [("name", name), ("password", password)])
        // The sign-in starts a new session: keep its cookie and read its token from the next page, as a browser
        // would.
        if let cookie = answer.cookie { self.cookie = cookie }
        if let location = answer.location { try await get(location) }
        return (answer.status, answer.location)
    }
}

@Suite("Team review UI: sign-in, roles, shared sessions")
struct TeamWebTests {
    @Test("every page and every POST needs a sign-in; the sign-in page and its assets do not")
    func signInRequired() async throws {
        let team = try TeamFixture()
        defer { team.remove() }
        let example = team.example
        try await withTeamApp(team.fixture.store) { client in
            var visitor = BrowserSession(client: client)
            for path in ["/", "/queue", "/summary", "/examples/\(example)", "/users", "/password", "/queue?status=any"]
            {
                let response = try await client.execute(uri: path, method: .get)
                // "/" redirects to the queue before anything else only for a signed-in user.
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location] == "/signin", "\(path)")
            }
            let page = try await visitor.get("/signin")
            #expect(page.status == .ok)
            #expect(page.body.contains("name=\"password\" type=\"password\""))
            #expect(try await visitor.get("/static/app.css").status == .ok)
            let posts: [(String, [(String, String)])] = [
                ("/examples/\(example)/decide", [("action", "approve"), ("version", "0")]),
                ("/bulk", [("action", "approve"), ("as_of", "999")]), ("/undo", []), ("/reviewer", [("reviewer", "x")]),
                ("/users/add", [("name", "mallory"), ("role", "admin")]), ("/users/remove", [("name", "ada")]),
                ("/users/reset", [("name", "ada")]), ("/users/role", [("name", "rex"), ("role", "admin")]),
                ("/users/undo", [("name", "ada")]),
                ("/password", [("current", "x"), ("password", "x"), ("repeat", "x")]),
            ]
            for (path, fields) in posts {
                // With the visitor's valid CSRF token, so that only the missing sign-in refuses it.
                let answer = try await visitor.post(path, fields)
                #expect(answer.status == .unauthorized, "\(path)")
            }
        }
        #expect(try team.fixture.store.users().map(\.name) == ["ada", "rex"])
        #expect(try team.fixture.store.example(id: example).status == .pending)
    }

    @Test("a one-time password leads to the password page; the decision carries the signed-in name")
    func oneTimePasswordThenDecide() async throws {
        let team = try TeamFixture()
        defer { team.remove() }
        let oneTime = try UserService(store: team.fixture.store).add(name: "newcomer", role: .reviewer)
        let example = team.example
        try await withTeamApp(team.fixture.store) { client in
            var browser = BrowserSession(client: client)
            let visitorCookie = browser.cookie
            let signedIn = try await browser.signIn("newcomer", oneTime)
            #expect(signedIn.location == "/password")
            #expect(browser.cookie != visitorCookie)
            let queue = try await client.execute(uri: "/queue", method: .get, headers: [.cookie: browser.cookie])
            #expect(queue.headers[.location] == "/password")
            try await browser.get("/password")
            let same = try await browser.post(
                "/password", [("current", oneTime), ("password", oneTime), ("repeat", oneTime)])
            #expect(same.status == .badRequest)
            let short = try await browser.post(
                "/password", [("current", oneTime), ("password", "short"), ("repeat", "short")])
            #expect(short.body.contains("at least 12 characters"))
            let wrongCurrent = try await browser.post(
                "/password",
                [("current", "not-it"), ("password", "a-new-password-99"), ("repeat", "a-new-password-99")])
            #expect(wrongCurrent.body.contains("wrong name or password"))
            let changed = try await browser.post(
                "/password", [("current", oneTime), ("password", "a-new-password-99"), ("repeat", "a-new-password-99")])
            #expect(changed.location == "/queue")
            let page = try await browser.get("/examples/\(example)")
            #expect(page.body.contains("Signed in as <strong>newcomer</strong> (reviewer)"))
            #expect(!page.body.contains("action=\"/reviewer\""))
            #expect(!page.body.contains("href=\"/users\""))
            let decided = try await browser.post(
                "/examples/\(example)/decide", [("action", "approve"), ("version", "0")])
            #expect(decided.status == .seeOther)
            // Decisions carry the signed-in name; the name cannot be changed from the browser.
            #expect(try await browser.post("/reviewer", [("reviewer", "ada")]).status == .forbidden)
        }
        let decisions = try team.fixture.store.decisions(exampleID: example)
        #expect(decisions.map(\.reviewer) == ["newcomer"])
        #expect(try team.fixture.store.user(named: "newcomer")?.account.mustChangePassword == false)
    }

    @Test("wrong passwords are refused and then limited, even with the right one; the right one works after the window")
    func rateLimited() async throws {
        let team = try TeamFixture()
        defer { team.remove() }
        try await withTeamApp(team.fixture.store) { client in
            var browser = BrowserSession(client: client)
            try await browser.get("/signin")
            for attempt in 1...5 {
                let wrong = try await browser.post("/signin", [("name", "rex"), ("password", "guess-\(attempt)")])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.body.contains("wrong name or password"))
            }
            let right = try await client.execute(
                uri: "/signin", method: .post,
                headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(
                    string: "csrf=\(browser.token)&name=rex&password=\(TeamFixture.reviewerPassword)"))
            #expect(right.status == .tooManyRequests)
            let retry = try #require(right.headers[.retryAfter].flatMap(Int.init))
            #expect(retry > 0 && retry <= 15 * 60)
            // Another user is not locked out by rex's failures.
            var other = BrowserSession(client: client)
            #expect(try await other.signIn("ada", TeamFixture.adminPassword).location == "/queue")
        }
        // The limit is kept in the store, so another server over it refuses too, and it lifts after its window.
        let users = UserService(store: try team.secondStore())
        let refusal = #expect(throws: UserServiceError.self) {
            _ = try users.signIn(name: "rex", password: TeamFixture.reviewerPassword, client: "elsewhere")
        }
        guard case .rateLimited(let seconds)? = refusal else {
            Issue.record("expected the rate limit, got \(String(describing: refusal))")
            return
        }
        #expect(seconds > 800 && seconds <= 900)
        let later = Date().addingTimeInterval(16 * 60)
        #expect(
            try users.signIn(name: "rex", password: TeamFixture.reviewerPassword, client: "x", at: later).name == "rex")
    }

    @Test("a reviewer is refused admin actions; an admin adds users and undoes a reviewer's decision")
    func roles() async throws {
        let team = try TeamFixture()
        defer { team.remove() }
        let example = team.example
        try await withTeamApp(team.fixture.store) { client in
            var reviewer = BrowserSession(client: client)
            _ = try await reviewer.signIn("rex", TeamFixture.reviewerPassword)
            #expect(try await reviewer.get("/users").status == .forbidden)
            let rejected = try await reviewer.post(
                "/examples/\(example)/decide", [("action", "reject"), ("version", "0")])
            #expect(rejected.status == .seeOther, "\(rejected.body)")
            for (path, fields) in [
                ("/users/add", [("name", "mallory"), ("role", "admin")]),
                ("/users/role", [("name", "rex"), ("role", "admin")]),
                ("/users/remove", [("name", "ada")]), ("/users/reset", [("name", "ada")]),
                ("/users/undo", [("name", "ada")]),
            ] {
                #expect(try await reviewer.post(path, fields).status == .forbidden, "\(path)")
            }

            var admin = BrowserSession(client: client)
            _ = try await admin.signIn("ada", TeamFixture.adminPassword)
            let users = try await admin.get("/users")
            #expect(users.status == .ok)
            #expect(users.body.contains("data-user=\"rex\""))
            let added = try await admin.post("/users/add", [("name", "<b>eve</b>"), ("role", "reviewer")])
            #expect(added.status == .ok)
            #expect(added.body.contains("&lt;b&gt;eve&lt;/b&gt;"))
            #expect(!added.body.contains("<b>eve</b>"))
            let undone = try await admin.post("/users/undo", [("name", "rex")])
            #expect(undone.location == "/users", "\(undone.body)")
        }
        #expect(try team.fixture.store.users().map(\.name).contains("<b>eve</b>"))
        let decisions = try team.fixture.store.decisions(exampleID: example)
        #expect(decisions.map(\.reviewer) == ["rex", "ada"])
        #expect(decisions.last?.action == "undo")
        #expect(try team.fixture.store.example(id: example).status == .pending)
    }

    @Test("a session started on one server is valid on another over the same store, and signing out ends it on both")
    func sharedSessions() async throws {
        let team = try TeamFixture()
        defer { team.remove() }
        let second = try team.secondStore()
        let example = team.example
        let signedIn = Mutex<BrowserSession?>(nil)
        try await withTeamApp(team.fixture.store) { client in
            var browser = BrowserSession(client: client)
            _ = try await browser.signIn("rex", TeamFixture.reviewerPassword)
            #expect(try await browser.get("/queue").status == .ok)
            signedIn.withLock { $0 = browser }
        }
        let session = try #require(signedIn.withLock { $0 })
        try await withTeamApp(second) { client in
            var browser = BrowserSession(client: client)
            browser.cookie = session.cookie
            browser.token = session.token
            let page = try await browser.get("/examples/\(example)")
            #expect(page.status == .ok)
            #expect(page.body.contains("Signed in as <strong>rex</strong>"))
            #expect(browser.token == session.token)
            let decided = try await browser.post(
                "/examples/\(example)/decide", [("action", "approve"), ("version", "0")])
            #expect(decided.status == .seeOther)
            #expect(try await browser.post("/signout", []).location == "/signin")
        }
        try await withTeamApp(team.fixture.store) { client in
            let response = try await client.execute(uri: "/queue", method: .get, headers: [.cookie: session.cookie])
            #expect(response.headers[.location] == "/signin")
        }
        #expect(try team.fixture.store.decisions(exampleID: example).map(\.reviewer) == ["rex"])
    }

    @Test(
        "a visitor's session is not stored: its token is an HMAC of the cookie that every server over the store checks")
    func visitorsAreNotStored() async throws {
        let team = try TeamFixture()
        defer { team.remove() }
        let visitor = Mutex<BrowserSession?>(nil)
        try await withTeamApp(team.fixture.store) { client in
            var browser = BrowserSession(client: client)
            try await browser.get("/signin")
            visitor.withLock { $0 = browser }
        }
        let first = try #require(visitor.withLock { $0 })
        let cookie = String(first.cookie.dropFirst("winnow_session=".count))
        #expect(cookie.hasPrefix("v") && cookie.count == 65)
        #expect(try team.fixture.store.session(token: cookie) == nil)
        try await withTeamApp(try team.secondStore()) { client in
            // The visitor's form, posted to another server, is accepted: both derive its token from the store's key.
            var browser = BrowserSession(client: client)
            browser.cookie = first.cookie
            browser.token = first.token
            #expect(try await browser.signIn("rex", TeamFixture.reviewerPassword).location == "/queue")
            // A made-up visitor cookie with a made-up token is refused before anything is looked at.
            var forger = BrowserSession(client: client)
            forger.cookie = "winnow_session=v" + String(repeating: "ab", count: 32)
            forger.token = String(repeating: "cd", count: 32)
            let forged = try await forger.post(
                "/signin", [("name", "rex"), ("password", TeamFixture.reviewerPassword)])
            #expect(forged.status == .forbidden)
        }
    }

    @Test("a team server over TLS: HTTPS with a Secure session cookie")
    func tls() async throws {
        let team = try TeamFixture()
        defer { team.remove() }
        let certificate = team.directory.appendingPathComponent("cert.pem").path
        let key = team.directory.appendingPathComponent("key.pem").path
        try Data(Self.certificatePEM.utf8).write(to: URL(fileURLWithPath: certificate))
        try Data(Self.keyPEM.utf8).write(to: URL(fileURLWithPath: key))
        let app = try buildApplication(
            service: ReviewService(store: team.fixture.store),
            configuration: WebConfiguration(
                host: "127.0.0.1", port: 0, defaultReviewer: "",
                team: TeamOptions(tls: (certificate, key)))
        ) { _ in }
        try await app.test(.ahc(.https)) { client in
            let page = try await client.execute(uri: "/signin", method: .get)
            #expect(page.status == .ok)
            let cookie = try #require(page.headers[.setCookie])
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
        }
        #expect(throws: TLSFilesError.self) {
            _ = try buildApplication(
                service: ReviewService(store: team.fixture.store),
                configuration: WebConfiguration(
                    defaultReviewer: "", team: TeamOptions(tls: (key, certificate)))
            ) { _ in }
        }
    }

    /// A self-signed certificate for localhost and its key, for the TLS test only.
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBmjCCAUGgAwIBAgIUTDNkL+r+kV51G0M278CT/5CBqYEwCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMzE3MjYwMloYDzIxMjYxMTA5
        MTcyNjAyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAAQYjN0qSRQ5tISBHCxlt+g95Zbnnjs4PK5HzznoSBws0QCRHZV8nw3C
        DYP5MDrkFsai5E8tb9KE7Nic2eedKXlKo28wbTAdBgNVHQ4EFgQULvj/37YN1sOY
        J7kQgtd8r0TVHfkwHwYDVR0jBBgwFoAULvj/37YN1sOYJ7kQgtd8r0TVHfkwDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
        zj0EAwIDRwAwRAIgPNk1M5zkpx+6QylU9lbFF/9+xpwsBYoqaZsdQQPqLwUCICP+
        7m4w5F7+QvfAyNa0nDHqXS79O2OhNKr+OMkSSW1w
        -----END CERTIFICATE-----
        """

    static let keyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/LwoKoST7jAzZ2/6
        0kyS8+WWvJOWUjSl6rci5XnefnWhRANCAAQYjN0qSRQ5tISBHCxlt+g95Zbnnjs4
        PK5HzznoSBws0QCRHZV8nw3CDYP5MDrkFsai5E8tb9KE7Nic2eedKXlK
        -----END PRIVATE KEY-----
        """
}
