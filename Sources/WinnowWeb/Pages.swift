import HTTPTypes
import Hummingbird
import WinnowCore
import WinnowStore

/// The page frame shared by every page, and plain message pages.
enum Pages {
    /// What a page needs from the session: the token for its forms, who is reviewing, the message to show.
    struct Chrome {
        var csrfToken: String
        var reviewer: String
        var flash: String?
        var error: String?
        /// The queue the page belongs to (undo and the reviewer form come back to it).
        var query: QueueQuery
        /// The signed-in user on a team server (the header then names them instead of asking for a name).
        var account: UserAccount? = nil
    }

    /// A full page: header with navigation, reviewer and undo, the message, `body`, the key help.
    static func document(title: String, kind: String, chrome: Chrome, body: HTML, status: HTTPResponse.Status = .ok)
        -> Response
    {
        let token = chrome.csrfToken
        var notices: [HTML] = []
        if let error = chrome.error { notices.append("<div class=\"notice error\" role=\"alert\">\(error)</div>") }
        if let flash = chrome.flash { notices.append("<div class=\"notice\" role=\"status\">\(flash)</div>") }
        let html: HTML = """
            \(head(title: title, token: token, script: true))
            <body data-page="\(kind)">
            <header class="top">
            <a class="brand" href="/queue">Winnow review</a>
            <nav><a href="\(chrome.query.queueURL)">Queue</a> <a href="/summary">Summary</a>\(adminLink(chrome))</nav>
            \(identity(chrome))
            <form method="post" action="/undo" id="undo-form" class="undo">
            <input type="hidden" name="csrf" value="\(token)">
            <input type="hidden" name="q" value="\(chrome.query.queryString(includingPage: false))">
            <button type="submit" title="Undo your last decision (u)">Undo <kbd>u</kbd></button>
            </form>
            <button type="button" class="help-button" data-help title="Keyboard shortcuts (?)">Keys <kbd>?</kbd></button>
            </header>
            \(notices)
            <main>
            \(body)
            </main>
            \(help)
            </body>
            </html>

            """
        return response(html, status: status)
    }

    /// The document's start up to `</head>`: the session's token for scripts, the style sheet and (for pages with
    /// keys) the app's script.
    static func head(title: String, token: String, script: Bool) -> HTML {
        let scriptTag: HTML = script ? "\n<script src=\"/static/app.js\" defer></script>" : ""
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="\(token)">
            <title>\(title) · Winnow review</title>
            <link rel="stylesheet" href="/static/app.css">\(scriptTag)
            </head>
            """
    }

    /// Who decides from this page: the signed-in user with a sign-out button, or a name field on a one-person
    /// server.
    static func identity(_ chrome: Chrome) -> HTML {
        let token = chrome.csrfToken
        if let account = chrome.account {
            return """
                <form method="post" action="/signout" class="reviewer">
                <input type="hidden" name="csrf" value="\(token)">
                <span class="signed-in">Signed in as <strong>\(account.name)</strong> (\(account.role.rawValue))</span>
                <button type="submit">Sign out</button>
                </form>
                """
        }
        return """
            <form method="post" action="/reviewer" class="reviewer">
            <input type="hidden" name="csrf" value="\(token)">
            <input type="hidden" name="q" value="\(chrome.query.queryString())">
            <label>Reviewing as <input name="reviewer" value="\(chrome.reviewer)" size="14" maxlength="64"></label>
            <button type="submit">Change</button>
            </form>
            """
    }

    static func adminLink(_ chrome: Chrome) -> HTML {
        chrome.account?.role == .admin ? " <a href=\"/users\">Users</a>" : ""
    }

    static let help: HTML = """
        <div id="help" class="help" hidden>
        <h2>Keyboard</h2>
        <table>
        <tr><th><kbd>j</kbd> / <kbd>k</kbd></th><td>next / previous example (queue: move the selection)</td></tr>
        <tr><th><kbd>Enter</kbd> or <kbd>o</kbd></th><td>open the selected example</td></tr>
        <tr><th><kbd>a</kbd></th><td>approve</td></tr>
        <tr><th><kbd>r</kbd></th><td>reject</td></tr>
        <tr><th><kbd>l</kbd></th><td>relabel (the suggested label is filled in)</td></tr>
        <tr><th><kbd>g</kbd></th><td>accept the suggested label: relabel to it and approve</td></tr>
        <tr><th><kbd>e</kbd></th><td>edit the input or response (example page)</td></tr>
        <tr><th><kbd>x</kbd></th><td>reset to pending</td></tr>
        <tr><th><kbd>t</kbd></th><td>make the example a test case expecting its label (example page; it never \
        trains from then on)</td></tr>
        <tr><th><kbd>A</kbd> / <kbd>R</kbd> / <kbd>X</kbd> / <kbd>G</kbd></th><td>approve / reject / reset / \
        accept the suggested label of every example matching the queue's filters (asks first)</td></tr>
        <tr><th><kbd>u</kbd></th><td>undo your last decision</td></tr>
        <tr><th><kbd>/</kbd></th><td>go to the filters</td></tr>
        <tr><th><kbd>q</kbd></th><td>back to the queue</td></tr>
        <tr><th><kbd>?</kbd></th><td>show or hide this help (<kbd>Esc</kbd> hides it)</td></tr>
        </table>
        </div>
        """

    /// A page with only a title and a message (errors, refusals).
    static func message(status: HTTPResponse.Status, title: String, text: String) -> Response {
        let html: HTML = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(title) · Winnow review</title>
            <link rel="stylesheet" href="/static/app.css"></head>
            <body data-page="message">
            <main><h1>\(title)</h1><p class="notice error" role="alert">\(text)</p>
            <p><a href="/queue">Back to the queue</a></p></main>
            </body>
            </html>

            """
        return response(html, status: status)
    }

    static func response(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        let buffer = ByteBuffer(string: html.rendered)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// `303 See Other` to a path of this app.
    static func redirect(to path: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = path
        return Response(status: .seeOther, headers: headers)
    }

    /// A hidden form field.
    static func hidden(_ name: String, _ value: String) -> HTML {
        "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">"
    }

    /// A severity badge.
    static func severity(_ severity: Severity?) -> HTML {
        guard let severity else { return "<span class=\"sev sev-none\">none</span>" }
        return "<span class=\"sev sev-\(severity.rawValue)\">\(severity.rawValue)</span>"
    }

    /// A status badge.
    static func status(_ status: ReviewStatus) -> HTML {
        "<span class=\"status status-\(status.rawValue)\">\(status.rawValue)</span>"
    }

    /// `<option>`s for a select, the current value selected.
    static func options(_ values: [(value: String, label: String)], selected: String?) -> HTML {
        HTML.join(
            values.map { option in
                let mark: HTML = option.value == (selected ?? "") ? " selected" : ""
                return "<option value=\"\(option.value)\"\(mark)>\(option.label)</option>"
            })
    }
}
