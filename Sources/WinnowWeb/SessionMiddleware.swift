import Foundation
import HTTPTypes
import Hummingbird
import WinnowCore
import WinnowStore

/// Runs before every route: refuses unexpected Host headers (DNS rebinding), finds or starts the browser's session
/// (an HttpOnly, SameSite=Strict cookie), and lets a state-changing request through only with the session's CSRF
/// token, in the `X-CSRF-Token` header or the form's `csrf` field. With a team (``WebConfiguration/team``) every page
/// and every POST but the sign-in page and its style sheet and script needs a signed-in user, and one with a
/// one-time password is sent to change it first. Adds the security headers to every response.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext

    static let cookieName = "winnow_session"
    static let tokenHeader = HTTPField.Name.named("X-CSRF-Token")
    /// What a visitor who has not signed in may reach.
    static let publicPaths: Set<String> = ["/signin", "/static/app.css", "/static/app.js"]
    /// What a user with a one-time password may reach besides those.
    static let passwordPaths: Set<String> = ["/password", "/signout"]

    let sessions: any WebSessions
    /// Host names the Host header may carry (its port is not compared); nil accepts any.
    let allowedHosts: Set<String>?
    /// Sign-in settings; nil for one person on loopback.
    let team: TeamOptions?

    func handle(
        _ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response
    ) async throws -> Response {
        var request = request
        var context = context
        if let allowedHosts, let authority = request.head.authority?.lowercased(),
            !allowedHosts.contains(Self.hostName(of: authority))
        {
            return Self.secured(
                Pages.message(
                    status: .misdirectedRequest, title: "Unexpected host",
                    text: "This server answers for \(allowedHosts.sorted().joined(separator: ", ")) only."))
        }
        if let team {
            context.client = team.client(of: request, remoteAddress: context.remoteAddress)
            context.secureCookies = team.isSecure(request)
        }
        let (session, isNew) = await sessions.session(for: request.cookies[Self.cookieName]?.value)
        context.session = session
        let secure = context.secureCookies
        if request.method != .get, request.method != .head {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            context.form = FormFields.parse(String(buffer: body))
            let token = request.headers[Self.tokenHeader] ?? context.form["csrf"]
            guard !isNew, let token, Self.constantTimeEqual(token, session.csrfToken) else {
                var refused = Pages.message(
                    status: .forbidden, title: "Refused: missing or wrong CSRF token",
                    text: "Nothing was changed. Reload the page and try again; changes need the token of this "
                        + "browser's session.")
                if isNew { refused.setCookie(Self.cookie(session, secure: secure)) }
                return Self.secured(refused)
            }
        }
        var response: Response
        if let refusal = team.flatMap({ _ in Self.signInNeeded(request, session: session) }) {
            response = refusal
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError {
                response = Pages.message(
                    status: error.status, title: error.status.reasonPhrase, text: error.body ?? "")
            }
        }
        if isNew, response.headers[.setCookie] == nil { response.setCookie(Self.cookie(session, secure: secure)) }
        return Self.secured(response)
    }

    /// The answer for a request a team server does not serve to this session: to the sign-in page for a visitor, to
    /// the password page for a one-time password; nil when the request may go on.
    static func signInNeeded(_ request: Request, session: WebSession) -> Response? {
        let path = request.uri.path
        if publicPaths.contains(path) { return nil }
        guard let account = session.account else {
            if request.method == .get || request.method == .head {
                return Pages.redirect(to: "/signin")
            }
            return Pages.message(
                status: .unauthorized, title: "Sign in first", text: "Nothing was changed: this server needs a sign-in."
            )
        }
        if account.mustChangePassword, !passwordPaths.contains(path) {
            if request.method == .get || request.method == .head { return Pages.redirect(to: "/password") }
            return Pages.message(
                status: .forbidden, title: "Choose a password first",
                text: "Nothing was changed: replace the one-time password before reviewing.")
        }
        return nil
    }

    /// `localhost` from `localhost:8080`, `[::1]` from `[::1]:8080`.
    static func hostName(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") { return String(authority[...end]) }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    static func cookie(_ session: WebSession, secure: Bool = false) -> Cookie {
        Cookie(name: cookieName, value: session.id, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Adds the headers that keep pages from running anything but the app's own script.
    static func secured(_ response: Response) -> Response {
        var response = response
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name.named("Referrer-Policy")] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// Compares two tokens in time independent of where they differ.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        PasswordHash.constantTimeEqual(Array(lhs.utf8), Array(rhs.utf8))
    }
}

extension HTTPField.Name {
    /// A header name written in this file (a valid token, so never nil).
    static func named(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("\(name) is not a header name") }
        return field
    }
}
