import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WinnowApp
import WinnowStore
import WinnowTestSupport
import WinnowWeb

/// A browser session against the router: its cookie and CSRF token, read from the first page like a browser would.
struct BrowserSession {
    let client: any TestClientProtocol
    var cookie = ""
    var token = ""

    init(client: any TestClientProtocol) {
        self.client = client
    }

    /// Opens a page and keeps the session cookie and token it hands out.
    @discardableResult
    mutating func get(_ uri: String) async throws -> (status: HTTPResponse.Status, body: String) {
        var headers = HTTPFields()
        if !cookie.isEmpty { headers[.cookie] = cookie }
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        if let setCookie = response.headers[.setCookie], let pair = setCookie.split(separator: ";").first {
            cookie = String(pair)
        }
        let body = String(buffer: response.body)
        if let range = body.range(of: "<meta name=\"csrf-token\" content=\"") {
            token = String(body[range.upperBound...].prefix { $0 != "\"" })
        }
        return (response.status, body)
    }

    /// Posts a form (with this session's token unless `csrf` overrides it; nil sends none).
    func post(_ uri: String, _ fields: [(String, String)], csrf: String?? = .some(nil), headerToken: String? = nil)
        async throws -> (status: HTTPResponse.Status, location: String?, body: String, cookie: String?)
    {
        var all = fields
        switch csrf {
        case .some(.none): all.append(("csrf", token))
        case .some(.some(let value)): all.append(("csrf", value))
        case .none: break
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if !cookie.isEmpty { headers[.cookie] = cookie }
        if let headerToken { headers[try #require(HTTPField.Name("X-CSRF-Token"))] = headerToken }
        let body = all.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        let cookie = response.headers[.setCookie].flatMap { $0.split(separator: ";").first.map(String.init) }
        return (response.status, response.headers[.location], String(buffer: response.body), cookie)
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// The review app over a fixture store, tested through the router (no sockets).
func withReviewApp(
    _ fixture: ReviewFixture, allowedHosts: Set<String>? = nil,
    _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let router = buildRouter(
        service: ReviewService(store: fixture.store),
        configuration: WebConfiguration(defaultReviewer: "tester", allowedHosts: allowedHosts))
    let app = Application(router: router)
    try await app.test(.router, test)
}
