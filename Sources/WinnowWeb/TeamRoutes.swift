import Foundation
import HTTPTypes
import Hummingbird
import WinnowApp
import WinnowCore
import WinnowStore

/// The routes a team server adds: signing in and out, replacing a one-time password, and the admin's users page
/// (add, reset, remove, change a role, undo someone's last decision). Every POST is CSRF-checked by the middleware,
/// which also keeps visitors out of everything but the sign-in page.
struct TeamRoutes: Sendable {
    let review: ReviewRoutes
    let sessions: StoredSessions
    let users: UserService

    func add(to router: Router<WebContext>) {
        router.get("/signin") { request, context in try await signInPage(request, context) }
        router.post("/signin") { request, context in try await signIn(request, context) }
        router.post("/signout") { request, context in try await signOut(request, context) }
        router.get("/password") { request, context in try await passwordPage(request, context) }
        router.post("/password") { request, context in try await changePassword(request, context) }
        router.get("/users") { request, context in try await usersPage(request, context) }
        router.post("/users/add") { request, context in try await addUser(request, context) }
        router.post("/users/reset") { request, context in try await resetUser(request, context) }
        router.post("/users/remove") { request, context in try await removeUser(request, context) }
        router.post("/users/role") { request, context in try await setRole(request, context) }
        router.post("/users/undo") { request, context in try await undoFor(request, context) }
    }

    // MARK: Signing in

    func signInPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try review.session(context)
        if session.account != nil { return Pages.redirect(to: "/queue") }
        return Self.plainPage(
            title: "Sign in", token: session.csrfToken, error: nil,
            body: Self.signInForm(name: "", token: session.csrfToken))
    }

    func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try review.session(context)
        let name = (context.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = context.form["password"] ?? ""
        let account: UserAccount
        do {
            account = try users.signIn(name: name, password: password, client: context.client)
        } catch let error {
            var status: HTTPResponse.Status = .unauthorized
            var retry: Int?
            if case .rateLimited(let seconds) = error {
                status = .tooManyRequests
                retry = seconds
            }
            var response = Self.plainPage(
                title: "Sign in", token: session.csrfToken, error: "Not signed in: \(error.description).",
                body: Self.signInForm(name: name, token: session.csrfToken), status: status)
            if let retry { response.headers[.retryAfter] = String(retry) }
            return response
        }
        let signedIn = sessions.signIn(account, replacing: session.id)
        var response = Pages.redirect(to: account.mustChangePassword ? "/password" : "/queue")
        response.setCookie(SessionMiddleware.cookie(signedIn, secure: context.secureCookies))
        return response
    }

    func signOut(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try review.session(context)
        sessions.signOut(session.id)
        var response = Pages.redirect(to: "/signin")
        response.setCookie(
            Cookie(
                name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: context.secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: Passwords

    func passwordPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try review.session(context)
        return Self.plainPage(
            title: "Choose a password", token: session.csrfToken, error: nil,
            body: Self.passwordForm(oneTime: session.account?.mustChangePassword == true, token: session.csrfToken))
    }

    func changePassword(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try review.session(context)
        guard let account = session.account else { throw HTTPError(.unauthorized, message: "sign in first") }
        let password = context.form["password"] ?? ""
        var problem: String?
        if password != context.form["repeat"] {
            problem = "the two passwords differ"
        } else {
            do {
                try users.changePassword(
                    name: account.name, current: context.form["current"] ?? "", to: password,
                    client: context.client, keepingSession: session.id)
            } catch {
                problem = error.description
            }
        }
        if let problem {
            return Self.plainPage(
                title: "Choose a password", token: session.csrfToken, error: "Not changed: \(problem).",
                body: Self.passwordForm(oneTime: account.mustChangePassword, token: session.csrfToken),
                status: .badRequest)
        }
        await sessions.setFlash("Password changed; your other sessions were signed out.", for: session.id)
        return Pages.redirect(to: "/queue")
    }

    // MARK: Users (admins only)

    /// The signed-in admin; a reviewer is refused.
    private func admin(_ context: WebContext) throws -> UserAccount {
        guard let account = try review.session(context).account, account.role == .admin else {
            throw HTTPError(.forbidden, message: "Only an admin manages users and undoes others' decisions.")
        }
        return account
    }

    func usersPage(_ request: Request, _ context: WebContext) async throws -> Response {
        _ = try admin(context)
        return try await usersDocument(context, created: nil)
    }

    private func usersDocument(
        _ context: WebContext, created: (name: String, password: String)?, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let chrome = try await review.chrome(context, query: QueueQuery(), error: error)
        let token = chrome.csrfToken
        let rows = try users.list().map { user -> HTML in
            let roleOptions = Pages.options(
                UserRole.allCases.map { ($0.rawValue, $0.rawValue) }, selected: user.role.rawValue)
            let pending: HTML = user.mustChangePassword ? " <span class=\"sev sev-info\">one-time password</span>" : ""
            return """
                <tr data-user="\(user.name)"><td>\(user.name)\(pending)</td>
                <td><form method="post" action="/users/role">\(Pages.hidden("csrf", token))\(Pages.hidden("name", user.name))\
                <select name="role" aria-label="Role of \(user.name)">\(roleOptions)</select> <button>Set</button></form></td>
                <td><form method="post" action="/users/undo">\(Pages.hidden("csrf", token))\(Pages.hidden("name", user.name))\
                <button>Undo their last decision</button></form>
                <form method="post" action="/users/reset">\(Pages.hidden("csrf", token))\(Pages.hidden("name", user.name))\
                <button>New one-time password</button></form>
                <form method="post" action="/users/remove">\(Pages.hidden("csrf", token))\(Pages.hidden("name", user.name))\
                <button>Remove</button></form></td></tr>
                """
        }
        var shown: HTML = ""
        if let created {
            shown = """
                <div class="notice" role="status" id="one-time-password">One-time password for <strong>\(created.name)\
                </strong>: <code>\(created.password)</code>. It is shown once; \(created.name) chooses their own \
                at the first sign-in.</div>
                """
        }
        let body: HTML = """
            <h1>Users</h1>
            \(shown)
            <table class="users"><thead><tr><th>Name</th><th>Role</th><th></th></tr></thead>
            <tbody>\(HTML.join(rows))</tbody></table>
            <h2>Add a user</h2>
            <form method="post" action="/users/add">\(Pages.hidden("csrf", token))
            <label>Name <input name="name" required maxlength="64"></label>
            <label>Role <select name="role">\(Pages.options([("reviewer", "reviewer"), ("admin", "admin")], selected: "reviewer"))</select></label>
            <button type="submit">Add</button></form>
            """
        return Pages.document(title: "Users", kind: "users", chrome: chrome, body: body, status: status)
    }

    /// Runs an admin's change on user `name` from the form and shows the users page with its outcome.
    private func change(
        _ context: WebContext, _ body: (String) throws -> (message: String?, created: (String, String)?)
    ) async throws -> Response {
        _ = try admin(context)
        let name = (context.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let outcome = try body(name)
            if let created = outcome.created {
                // The password goes straight into this response: never into a stored message.
                return try await usersDocument(context, created: created)
            }
            await sessions.setFlash(outcome.message, for: try review.session(context).id)
            return Pages.redirect(to: "/users")
        } catch let error as UserServiceError {
            return try await usersDocument(
                context, created: nil, error: "Not done: \(error.description).", status: .badRequest)
        } catch let error as ReviewError {
            return try await usersDocument(
                context, created: nil, error: "Not undone: \(error.description).", status: .conflict)
        }
    }

    func addUser(_ request: Request, _ context: WebContext) async throws -> Response {
        let role = UserRole(rawValue: context.form["role"] ?? "") ?? .reviewer
        return try await change(context) { name in
            (nil, (name, try users.add(name: name, role: role)))
        }
    }

    func resetUser(_ request: Request, _ context: WebContext) async throws -> Response {
        try await change(context) { name in (nil, (name, try users.reset(name: name))) }
    }

    func removeUser(_ request: Request, _ context: WebContext) async throws -> Response {
        try await change(context) { name in
            try users.remove(name: name)
            return ("Removed \(name); their decisions stay under their name.", nil)
        }
    }

    func setRole(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let role = UserRole(rawValue: context.form["role"] ?? "") else {
            throw HTTPError(.badRequest, message: "roles are reviewer and admin")
        }
        return try await change(context) { name in
            try users.setRole(name: name, role: role)
            return ("\(name) is now \(role == .admin ? "an admin" : "a reviewer").", nil)
        }
    }

    func undoFor(_ request: Request, _ context: WebContext) async throws -> Response {
        let admin = try admin(context)
        return try await change(context) { name in
            let report = try review.service.undo(reviewer: name, by: admin.name)
            return (report.undoSummary, nil)
        }
    }

    // MARK: Plain pages (no navigation: before sign-in, or before the password is chosen)

    static func signInForm(name: String, token: String) -> HTML {
        """
        <form method="post" action="/signin" class="signin">\(Pages.hidden("csrf", token))
        <label>Name <input name="name" value="\(name)" autocomplete="username" required maxlength="64" autofocus></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>
        """
    }

    static func passwordForm(oneTime: Bool, token: String) -> HTML {
        let why: HTML =
            oneTime
            ? """
            <p>You signed in with a one-time password: choose your own (at least 12 characters) to go on. The \
            current password is the one-time password.</p>
            """ : ""
        return """
            \(why)
            <form method="post" action="/password" class="signin">\(Pages.hidden("csrf", token))
            <label>Current password <input name="current" type="password" autocomplete="current-password" required>\
            </label>
            <label>New password <input name="password" type="password" autocomplete="new-password" required \
            minlength="12"></label>
            <label>Again <input name="repeat" type="password" autocomplete="new-password" required minlength="12"></label>
            <button type="submit">Save</button>
            </form>
            <form method="post" action="/signout" class="signin" id="signout-form">\(Pages.hidden("csrf", token))<button type="submit">Sign out\
            </button></form>
            """
    }

    static func plainPage(
        title: String, token: String, error: String?, body: HTML, status: HTTPResponse.Status = .ok
    ) -> Response {
        let notice: HTML = error.map { "<div class=\"notice error\" role=\"alert\">\($0)</div>" } ?? ""
        let page: HTML = """
            \(Pages.head(title: title, token: token, script: false))
            <body data-page="signin">
            <main class="narrow">
            <h1>\(title)</h1>
            \(notice)
            \(body)
            </main>
            </body>
            </html>

            """
        var response = Pages.response(page, status: status)
        // The forms carry the session's token: the page must not be reused from a cache.
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
