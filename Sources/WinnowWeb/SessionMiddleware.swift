import Foundation
import HTTPTypes
import Hummingbird

/// Runs before every route: refuses unexpected Host headers (DNS rebinding), finds or starts the browser's session
/// (an HttpOnly, SameSite=Strict cookie), and lets a state-changing request through only with the session's CSRF
/// token, in the `X-CSRF-Token` header or the form's `csrf` field. Adds the security headers to every response.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext

    static let cookieName = "winnow_session"
    static let tokenHeader = HTTPField.Name.named("X-CSRF-Token")

    let sessions: SessionStore
    /// Host names the Host header may carry (its port is not compared); nil accepts any.
    let allowedHosts: Set<String>?

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
        let (session, isNew) = await sessions.session(for: request.cookies[Self.cookieName]?.value)
        context.session = session
        if request.method != .get, request.method != .head {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            context.form = FormFields.parse(String(buffer: body))
            let token = request.headers[Self.tokenHeader] ?? context.form["csrf"]
            guard !isNew, let token, Self.constantTimeEqual(token, session.csrfToken) else {
                var refused = Pages.message(
                    status: .forbidden, title: "Refused: missing or wrong CSRF token",
                    text: "Nothing was changed. Reload the page and try again; changes need the token of this "
                        + "browser's session.")
                if isNew { refused.setCookie(Self.cookie(session)) }
                return Self.secured(refused)
            }
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Pages.message(status: error.status, title: error.status.reasonPhrase, text: error.body ?? "")
        }
        if isNew { response.setCookie(Self.cookie(session)) }
        return Self.secured(response)
    }

    /// `localhost` from `localhost:8080`, `[::1]` from `[::1]:8080`.
    static func hostName(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") { return String(authority[...end]) }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    static func cookie(_ session: WebSession) -> Cookie {
        Cookie(name: cookieName, value: session.id, path: "/", httpOnly: true, sameSite: .strict)
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
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

extension HTTPField.Name {
    /// A header name written in this file (a valid token, so never nil).
    static func named(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("\(name) is not a header name") }
        return field
    }
}
