import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WinnowApp
import WinnowCore
import WinnowStore
import WinnowTestSupport
import WinnowWeb

@Suite("Review web UI through the router")
struct WebReviewTests {
    static func fixture() throws -> (ReviewFixture, kept: Int64, copy: Int64) {
        let fixture = try ReviewFixture()
        let kept = try fixture.add("I was charged twice for order 1234", response: "Refunded.", label: "Billing")
        let copy = try fixture.add("I was billed twice for order 1234", response: "Refunded.", label: "billing")
        try fixture.duplicate(copy, of: kept)
        try fixture.labelIssue(copy, suggested: "Billing", confidence: 0.97)
        return (fixture, kept, copy)
    }

    @Test("the queue ranks flagged examples first and every page has a session token")
    func queue() async throws {
        let (fixture, kept, copy) = try Self.fixture()
        try await withReviewApp(fixture) { client in
            var browser = BrowserSession(client: client)
            let page = try await browser.get("/queue")
            #expect(page.status == .ok)
            #expect(browser.cookie.hasPrefix("winnow_session="))
            #expect(browser.token.count == 64)
            let copyRow = try #require(page.body.range(of: "data-id=\"\(copy)\""))
            let keptRow = try #require(page.body.range(of: "data-id=\"\(kept)\""))
            #expect(copyRow.lowerBound < keptRow.lowerBound)
            #expect(page.body.contains("label-issue, near-duplicate"))
            #expect(page.body.contains("data-suggested=\"Billing\""))
            let filtered = try await browser.get("/queue?check=near-duplicate&status=any")
            #expect(!filtered.body.contains("data-id=\"\(kept)\""))
            #expect(try await browser.get("/queue?severity=bogus").status == .badRequest)
            let summary = try await browser.get("/summary").body
            #expect(summary.contains("By check"))
            // The report's charts, drawn live from the store.
            #expect(summary.contains("<svg class=\"chart\""))
            #expect(summary.contains("Flags per check and severity"))
            #expect(summary.contains("<section id=\"duplicates\">"))
            #expect(try await browser.get("/static/app.js").body.contains("keydown"))
        }
    }

    @Test("ticket text with <script> and onerror= shows as text on every page")
    func escaping() async throws {
        let fixture = try ReviewFixture()
        let hostile = try fixture.add(
            "<script>alert('x')</script><img src=x onerror=\"alert(1)\">", response: "\"><b>bold</b>",
            label: "<i>label</i>")
        try fixture.flag(
            hostile, check: "html-remnants", message: "<svg onload=alert(2)>", field: "input",
            span: TextSpan(start: 0, end: 8), evidence: JSONObject([("matched", "<script>")]))
        try await withReviewApp(fixture) { client in
            var browser = BrowserSession(client: client)
            for uri in ["/queue", "/examples/\(hostile)", "/summary"] {
                let page = try await browser.get(uri)
                #expect(page.status == .ok)
                #expect(!page.body.contains("<script>alert"), "\(uri) has a live script element")
                #expect(!page.body.contains("<img src=x"), "\(uri) has a live img element")
                #expect(!page.body.contains("<svg onload"), "\(uri) has a live svg element from ticket text")
                #expect(!page.body.contains("<i>label</i>"), "\(uri) has live markup from the label")
                #expect(!page.body.contains("\"><b>"), "\(uri) lets a quote end an attribute")
            }
            let example = try await browser.get("/examples/\(hostile)")
            #expect(example.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(example.body.contains("onerror=&quot;alert(1)&quot;"))
            #expect(
                example.body.contains(
                    "<mark class=\"sev-warning\" title=\"html-remnants: &lt;svg onload=alert(2)&gt;\">&lt;script&gt;</mark>"
                ))
            // The only scripts are the app's own file, and the policy forbids inline ones.
            let response = try await client.execute(uri: "/examples/\(hostile)", method: .get)
            #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(example.body.components(separatedBy: "<script").count == 2)
        }
    }

    @Test("a POST without the token, with a wrong token or without a session is refused and changes nothing")
    func csrf() async throws {
        let (fixture, _, copy) = try Self.fixture()
        try await withReviewApp(fixture) { client in
            var browser = BrowserSession(client: client)
            try await browser.get("/examples/\(copy)")
            let form = [("action", "approve"), ("version", "0")]
            #expect(try await browser.post("/examples/\(copy)/decide", form, csrf: .none).status == .forbidden)
            let wrong = (browser.token.first == "0" ? "1" : "0") + browser.token.dropFirst()
            #expect(try await browser.post("/examples/\(copy)/decide", form, csrf: wrong).status == .forbidden)
            var stranger = BrowserSession(client: client)
            stranger.token = browser.token
            let noSession = try await stranger.post("/examples/\(copy)/decide", form)
            #expect(noSession.status == .forbidden)
            #expect(noSession.body.contains("CSRF"))
            #expect(try await browser.post("/undo", [], csrf: "wrong").status == .forbidden)
            #expect(
                try await browser.post("/bulk", [("action", "approve"), ("as_of", "0")], csrf: .none).status
                    == .forbidden)
            #expect(try fixture.example(copy).status == .pending)
            #expect(try fixture.store.lastDecisionID() == 0)
            // GET never changes anything, even with action fields in the query.
            #expect(try await browser.get("/examples/\(copy)/decide?action=approve&version=0").status == .notFound)
            #expect(try fixture.example(copy).status == .pending)
            // With the token (form field or header) it goes through.
            let done = try await browser.post("/examples/\(copy)/decide", form)
            #expect(done.status == .seeOther)
            #expect(try fixture.example(copy).status == .approved)
            let viaHeader = try await browser.post(
                "/examples/\(copy)/decide", [("action", "reject"), ("version", "1")], csrf: .none,
                headerToken: browser.token)
            #expect(viaHeader.status == .seeOther)
            #expect(try fixture.example(copy).status == .rejected)
        }
    }

    @Test("two reviewers decide on the same version: the second sees a clear refusal and the first decision stays")
    func concurrentReviewers() async throws {
        let (fixture, _, copy) = try Self.fixture()
        try await withReviewApp(fixture) { client in
            var ana = BrowserSession(client: client)
            var ben = BrowserSession(client: client)
            try await ana.get("/queue")
            try await ben.get("/queue")
            #expect(try await ana.post("/reviewer", [("reviewer", "ana")]).status == .seeOther)
            #expect(try await ben.post("/reviewer", [("reviewer", "ben")]).status == .seeOther)
            // Both open the example at version 0.
            #expect(try await ana.get("/examples/\(copy)").body.contains("data-version=\"0\""))
            #expect(try await ben.get("/examples/\(copy)").body.contains("data-version=\"0\""))
            let first = try await ana.post("/examples/\(copy)/decide", [("action", "reject"), ("version", "0")])
            #expect(first.status == .seeOther)
            let second = try await ben.post(
                "/examples/\(copy)/decide", [("action", "relabel"), ("label", "Shipping"), ("version", "0")])
            #expect(second.status == .conflict)
            #expect(second.body.contains("Not saved: example \(copy) changed after you saw it"))
            #expect(second.body.contains("reject by ana"))
            #expect(second.body.contains("data-version=\"1\""))
            let stored = try fixture.example(copy)
            #expect(stored.status == .rejected)
            #expect(stored.labelOverride == nil)
            #expect(try fixture.store.decisions(exampleID: copy).map(\.reviewer) == ["ana"])
            // ben decides again against the version he now sees.
            let retry = try await ben.post(
                "/examples/\(copy)/decide", [("action", "relabel"), ("label", "Shipping"), ("version", "1")])
            #expect(retry.status == .seeOther)
            #expect(try fixture.example(copy).labelOverride == "Shipping")
            #expect(try await ben.get(retry.location ?? "/").body.contains("Relabelled 1 example as Shipping"))
        }
    }

    @Test("t on the example page makes the example a test case for the signed-in reviewer; twice is refused")
    func promoteToTestCase() async throws {
        let (fixture, _, copy) = try Self.fixture()
        try await withReviewApp(fixture) { client in
            var ana = BrowserSession(client: client)
            try await ana.get("/queue")
            #expect(try await ana.post("/reviewer", [("reviewer", "ana")]).status == .seeOther)
            let page = try await ana.get("/examples/\(copy)").body
            #expect(page.contains("data-action=\"testcase\""))
            #expect(page.contains("data-key=\"t\""))
            let done = try await ana.post("/examples/\(copy)/decide", [("action", "testcase"), ("version", "0")])
            #expect(done.status == .seeOther)
            let cases = try fixture.store.testCases()
            #expect(cases.map(\.exampleID) == [copy])
            #expect(try fixture.store.testCaseEvents(caseID: cases[0].id).map(\.actor) == ["ana"])
            #expect(try await ana.get(done.location ?? "/").body.contains("is test case #\(cases[0].id)"))
            let again = try await ana.post("/examples/\(copy)/decide", [("action", "testcase"), ("version", "0")])
            #expect(again.status == .conflict)
            #expect(again.body.contains("Not a test case: example #\(copy) is test case #\(cases[0].id) already"))
        }
    }

    @Test("the example page shows the duplicate side by side with differences, the suggestion and the history")
    func examplePage() async throws {
        let (fixture, kept, copy) = try Self.fixture()
        _ = try ReviewService(store: fixture.store).decide(
            .relabel("Billing"), ids: [copy], reviewer: "ana", note: "case")
        try await withReviewApp(fixture) { client in
            var browser = BrowserSession(client: client)
            let page = try await browser.get("/examples/\(copy)").body
            #expect(page.contains("Resembles <a href=\"/examples/\(kept)\">#\(kept)</a>"))
            #expect(page.contains("<del>charged</del>"))
            #expect(page.contains("<ins>billed</ins>"))
            #expect(page.contains("near-duplicate of #\(kept) (similarity 0.93, lexical, a copy of #\(kept))"))
            #expect(page.contains("<td>ana</td><td>relabel</td><td>label override none → Billing</td><td>case</td>"))
            #expect(try await browser.get("/examples/999").status == .notFound)
            #expect(try await browser.get("/examples/abc").status == .notFound)
            #expect(try await browser.get("/examples/1%20OR%201=1").status == .notFound)
        }
    }

    @Test("the queue filters by suggested label and confidence, and accepts a group's suggestions in bulk")
    func acceptSuggestions() async throws {
        let fixture = try ReviewFixture()
        let sure = try fixture.add("My card has not arrived", label: "Billing")
        let unsure = try fixture.add("Is my card on its way?", label: "Billing")
        let other = try fixture.add("Refund please", label: "Billing")
        try fixture.labelIssue(sure, suggested: "Cards <b>", confidence: 0.95)
        try fixture.labelIssue(unsure, suggested: "Cards <b>", confidence: 0.4)
        try fixture.labelIssue(other, suggested: "Refunds", confidence: 0.9)
        // Two suggestions: the audit's surer one, and a rule's naming the group's label.
        let mixed = try fixture.add("Card or refund?", label: "Billing")
        try fixture.labelIssue(mixed, suggested: "Refunds", confidence: 0.9)
        try fixture.flag(mixed, check: "label-allowed", evidence: JSONObject([("suggestion", .string("Cards <b>"))]))
        try await withReviewApp(fixture) { client in
            var browser = BrowserSession(client: client)
            let summary = try await browser.get("/summary").body
            #expect(summary.contains("Pending by suggested label"))
            #expect(
                summary.contains(
                    "<a href=\"/queue?suggestion=Cards%20%3Cb%3E\">Cards &lt;b&gt;</a></th><td>3</td><td>1</td>"))
            let query = "suggestion=Cards+%3Cb%3E&confidence=0.9"
            let queue = try await browser.get("/queue?" + query)
            #expect(queue.status == .ok)
            #expect(queue.body.contains("#\(sure)</a>"))
            #expect(!queue.body.contains("#\(unsure)</a>"))
            #expect(!queue.body.contains("#\(other)</a>"))
            // The suggested label is ticket text: escaped in the filter's value.
            #expect(queue.body.contains("name=\"suggestion\" list=\"labels\" value=\"Cards &lt;b&gt;\""))
            #expect(queue.body.contains("Accept the suggested labels of all 1 example"))
            #expect(queue.body.contains("<td>Cards &lt;b&gt; <span class=\"count\">0.95</span></td>"))
            #expect(try await browser.get("/queue?confidence=2").status == .badRequest)
            let asOf = try #require(queue.body.range(of: "name=\"as_of\" value=\"")).upperBound
            let asOfValue = String(queue.body[asOf...].prefix { $0 != "\"" })
            let bulk = try await browser.post("/bulk", [("action", "accept"), ("as_of", asOfValue), ("q", query)])
            #expect(bulk.status == .seeOther)
            #expect(try fixture.example(sure).labelOverride == "Cards <b>")
            #expect(try fixture.example(sure).status == .approved)
            #expect(try fixture.example(unsure).status == .pending)
            #expect(try fixture.example(other).status == .pending)
            #expect(
                try await browser.get("/queue").body.contains("Accepted the suggested label of 1 example: #\(sure)."))
            #expect(try fixture.store.decisions(exampleID: sure).map(\.action) == ["accept"])
            // One example from its page: the button names the suggestion; an example without one is told so.
            let page = try await browser.get("/examples/\(other)")
            #expect(page.body.contains("Accept Refunds <kbd>g</kbd>"))
            let version = String(try fixture.example(other).version)
            let one = try await browser.post(
                "/examples/\(other)/decide", [("action", "accept"), ("version", version), ("q", "")])
            #expect(one.status == .seeOther)
            #expect(try fixture.example(other).labelOverride == "Refunds")
            #expect(try fixture.example(other).status == .approved)
            // The same decision again, from the page as it was, is no error and changes nothing.
            let again = try await browser.post(
                "/examples/\(other)/decide", [("action", "accept"), ("version", version), ("q", "")])
            #expect(again.status == .seeOther)
            #expect(try await browser.get("/queue").body.contains("1 already approved with it"))
            #expect(try fixture.store.decisions(exampleID: other).count == 1)
            let plain = try fixture.add("Hello there", label: "Billing")
            #expect(!(try await browser.get("/examples/\(plain)").body.contains("data-action=\"accept\"")))
            _ = try await browser.post(
                "/examples/\(plain)/decide", [("action", "accept"), ("version", "0"), ("q", ""), ("from", "queue")])
            #expect(try await browser.get("/queue").body.contains("#\(plain) has no suggested label to accept."))
            #expect(try fixture.example(plain).status == .pending)
            // Reached from the queue filtered by a suggestion, the page accepts that one, not the surer other one.
            let group = "suggestion=Cards+%3Cb%3E"
            #expect(try await browser.get("/examples/\(mixed)").body.contains("Accept Refunds <kbd>g</kbd>"))
            #expect(
                try await browser.get("/examples/\(mixed)?" + group).body.contains(
                    "Accept Cards &lt;b&gt; <kbd>g</kbd>"))
            _ = try await browser.post(
                "/examples/\(mixed)/decide", [("action", "accept"), ("version", "0"), ("q", group)])
            #expect(try fixture.example(mixed).labelOverride == "Cards <b>")
            #expect(try fixture.example(mixed).status == .approved)
        }
    }

    @Test("bulk actions on the filter, undo, and the Host check")
    func bulkAndUndo() async throws {
        let (fixture, kept, copy) = try Self.fixture()
        try await withReviewApp(fixture) { client in
            var browser = BrowserSession(client: client)
            let queue = try await browser.get("/queue?check=near-duplicate")
            let asOf = try #require(queue.body.range(of: "name=\"as_of\" value=\"")).upperBound
            let asOfValue = String(queue.body[asOf...].prefix { $0 != "\"" })
            let bulk = try await browser.post(
                "/bulk", [("action", "reject"), ("as_of", asOfValue), ("q", "check=near-duplicate")])
            #expect(bulk.status == .seeOther)
            #expect(bulk.location == "/queue?check=near-duplicate")
            #expect(try fixture.example(copy).status == .rejected)
            #expect(try fixture.example(kept).status == .pending)
            #expect(try await browser.get("/queue").body.contains("Rejected 1 example: #\(copy)."))
            let undo = try await browser.post("/undo", [("q", "")])
            #expect(undo.location == "/examples/\(copy)")
            #expect(try fixture.example(copy).status == .pending)
        }
        // The router's test requests come with the authority "localhost": refused unless it is an expected host
        // (a page reached through another name, as with DNS rebinding, gets nothing).
        try await withReviewApp(fixture, allowedHosts: WebConfiguration.hosts(for: "10.0.0.5")) { client in
            let response = try await client.execute(uri: "/queue", method: .get)
            #expect(response.status == .misdirectedRequest)
        }
        try await withReviewApp(fixture, allowedHosts: WebConfiguration.hosts(for: "127.0.0.1")) { client in
            let response = try await client.execute(uri: "/queue", method: .get)
            #expect(response.status == .ok)
        }
    }
}
