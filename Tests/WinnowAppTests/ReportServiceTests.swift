import Foundation
import GRDB
import Testing
import WinnowApp
import WinnowCore
import WinnowExport
import WinnowReport
import WinnowStore

@Suite("Report")
struct ReportServiceTests {
    static let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"

    /// The fixtures with a hostile ticket, planted duplicate and label findings, a few decisions and a split.
    static func curatedFixture() throws -> SplitFixture {
        let fixture = try SplitFixture()
        let source = try fixture.store.registerSource(
            path: "hostile.jsonl", sha256: SHA256.hex("hostile"), format: .jsonl, size: 10)
        _ = try fixture.store.commitBatch(
            source: source,
            examples: [
                PreparedExample(
                    ExampleDraft(
                        input: "My order \(hostile) never came", response: "Sorry \(hostile)", label: hostile,
                        locator: .line(1)))
            ], failures: [], recordsDone: 1)
        try fixture.plantDuplicate(fixture.id("T-1008"), of: fixture.id("T-1001"), cluster: 7)
        try fixture.store.replaceFlags(
            ofChecks: [], onExamples: [],
            with: [
                Flag(
                    exampleID: fixture.id("T-1008"), check: "label-issue", severity: .warning,
                    message: "confident learning: p(Billing) = 0.93",
                    evidence: JSONObject([("suggested_label", .string("Billing")), ("confidence", .number(0.93))]))
            ], runID: nil)
        try fixture.execute(
            """
            INSERT INTO decisions (example_id, reviewer, action, created_at) VALUES
              (?, 'ana', 'approve', datetime()), (?, 'ana', 'reject', datetime()), (?, 'policy:default', 'approve', datetime())
            """, [fixture.id("T-1001"), fixture.id("T-1003"), fixture.id("T-1002")])
        try fixture.approveAll()
        _ = try SplitService().run(store: fixture.store, parameters: SplitParameters(), name: "round-1")
        return fixture
    }

    @Test("the report has every section, names its sources, and escapes ticket text")
    func sectionsAndEscaping() throws {
        let fixture = try Self.curatedFixture()
        let page = try ReportService().page(store: fixture.store)
        #expect(
            page.sections.map(\.id) == [
                "overview", "sources", "distributions", "flags", "duplicates", "label-audit", "curation", "review",
                "splits", "training",
            ])
        let html = page.html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        // No external request: no URL the browser would fetch.
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"http"))
        #expect(html.contains("Content-Security-Policy"))
        // The planted findings and decisions are there, with where they came from.
        #expect(html.contains("Suggested relabels"))
        #expect(html.contains("confident learning: p(Billing) = 0.93"))
        #expect(html.contains("policy:default"))
        #expect(html.contains("Label balance in round-1"))
        let checkRun = try #require(try fixture.store.runs(command: "check").first?.id)
        #expect(html.contains("run #\(checkRun) <code>check</code>"))
    }

    @Test("a stored evaluation draws per-point intervals, the confusion heat map and the training curve")
    func trainingSection() throws {
        let fixture = try Self.curatedFixture()
        let store = fixture.store
        let train = try store.startRun(command: "train", parameters: JSONObject())
        func epoch(_ number: Double) -> JSONValue {
            let members: [(key: String, value: JSONValue)] = [
                ("epoch", .number(number)), ("training_loss", .number(1 / number)),
                ("training_accuracy", .number(0.6 + 0.1 * number)), ("validation_loss", .number(1.2 / number)),
                ("validation_accuracy", .number(0.5 + 0.1 * number)),
            ]
            return .object(JSONObject(members))
        }
        let epochs = [epoch(1), epoch(2), epoch(3)]
        try store.finishRun(
            train, summary: JSONObject([("history", .array(epochs)), ("kept_epoch", 3), ("stop", "completed")]))
        func interval(_ estimate: Double, _ lower: Double, _ upper: Double) -> JSONValue {
            ["estimate": .number(estimate), "lower": .number(lower), "upper": .number(upper)]
        }
        let failure: JSONValue = [
            "id": 3, "text": .string("Where is it \(Self.hostile)"), "label": "Shipping", "predicted": "Billing",
            "right_before": true,
            "nearest_training_examples": [["id": 5, "text": "Refund not received", "label": "Billing"]],
        ]
        let point: JSONValue = [
            "training_point": "Shipping", "test_cases": 4, "accuracy_before": 1, "accuracy_after": 0.75,
            "accuracy_before_interval": interval(1, 0.51, 1), "accuracy_after_interval": interval(0.75, 0.3, 0.95),
            "change": interval(-0.25, -0.7, 0.28), "failures": [failure],
        ]
        let evaluation: JSONValue = [
            "overall": [
                "test_cases": 4, "accuracy_before": 1, "accuracy_after": 0.75, "change": interval(-0.25, -0.7, 0.28),
            ],
            "macro_f1": ["before": 1, "after": 0.5], "training_points": [point],
            "confusion": ["labels": ["Billing", "Shipping"], "after": [[0, 0], [1, 3]]],
        ]
        let eval = try store.startRun(command: "eval", parameters: JSONObject())
        try store.finishRun(
            eval,
            summary: JSONObject([
                ("split", "round-1"), ("train_run", .number(Double(train))), ("evaluation", evaluation),
            ]))
        let page = try ReportService().page(store: store)
        let section = try #require(page.sections.first { $0.id == "training" })
        #expect(section.provenance.contains { $0.contains("run #\(eval) `eval`") })
        #expect(section.provenance.contains { $0.contains("run #\(train) `train`") })
        let html = page.html
        #expect(html.contains("Test accuracy per training point before and after training, with 95% intervals"))
        #expect(html.contains("true Shipping → predicted Billing: 1"))
        #expect(html.contains("Loss after each epoch"))
        #expect(html.contains("Epoch 3 was kept (completed)."))
        #expect(html.contains("Billing (right before)"))
        #expect(html.contains("-25.0 pt"))
        #expect(!html.contains("<script"))
        // One round: no history yet.
        #expect(!html.contains("Rounds: accuracy per training point"))

        // A second round compared with the first, which found Shipping worse: the history marks it.
        let worse: JSONValue = [
            "training_point": "Shipping", "test_cases": 4, "accuracy_before": 1, "accuracy_after": 0.25,
            "accuracy_before_interval": interval(1, 0.51, 1), "accuracy_after_interval": interval(0.25, 0.05, 0.7),
            "change": interval(-0.75, -0.95, -0.2), "failures": [],
        ]
        let second = try store.startRun(command: "eval", parameters: JSONObject([("against", "/adapters/round-1")]))
        try store.finishRun(
            second,
            summary: JSONObject([
                ("split", "round-1"),
                (
                    "evaluation",
                    [
                        "overall": ["test_cases": 4, "accuracy_before": 1, "accuracy_after": 0.25],
                        "training_points": [worse],
                    ]
                ),
                ("comparison", ["regressions": ["Shipping"]]),
            ]))
        let history = try ReportService().page(store: store).html
        #expect(history.contains("Rounds: accuracy per training point, round by round"))
        #expect(history.contains("round 1 (run #\(eval))"))
        #expect(history.contains("round 2 (run #\(second))"))
        #expect(history.contains("25.0% ▼ regression"))
        #expect(history.contains("Accuracy after training, all cases, by round"))
    }

    @Test("personal data and secrets flagged for redaction never reach the report")
    func redaction() throws {
        let fixture = try Self.curatedFixture()
        let html = try ReportService().page(store: fixture.store).html
        #expect(!html.contains("4111 1111 1111 1111"))
        #expect(!html.contains("jane.doe@example.com"))
        #expect(!html.contains("sk_live_"))
        #expect(html.contains("[CARD]"))
    }

    @Test("writing records a run and the file opens as one self-contained page")
    func write() throws {
        let fixture = try Self.curatedFixture()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-report-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("report.html")
        let outcome = try ReportService().write(store: fixture.store, to: url)
        let data = try Data(contentsOf: url)
        #expect(outcome.bytes == data.count)
        let run = try #require(try fixture.store.runs(command: "report").first)
        #expect(run.id == outcome.runID)
        #expect(run.status == "complete")
        #expect(run.summary["bytes"] == .number(Double(data.count)))
    }

    @Test("the report of a 100,000-example store stays under 2 MB")
    func size() throws {
        let store = try Store()
        try store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sources (path, sha256, format, size, status, created_at, updated_at)
                    VALUES ('big.jsonl', 'abc', 'jsonl', 1, 'complete', datetime(), datetime());
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                    INSERT INTO examples (content_hash, input, response, label, source_id, locator, status, created_at)
                    SELECT randomblob(32), 'Ticket ' || i || ': my card payment was declined twice today, why?',
                      'Sorry about that.', 'intent_' || (i % 77), 1, 'line:' || i,
                      CASE i % 3 WHEN 0 THEN 'approved' WHEN 1 THEN 'pending' ELSE 'rejected' END, datetime()
                    FROM n;
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                    INSERT INTO flags (example_id, check_id, severity, message, evidence, created_at)
                    SELECT i, 'rule-' || (i % 20), 'warning', 'finding ' || i, '{}', datetime() FROM n WHERE i % 2 = 0;
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                    INSERT INTO flags (example_id, check_id, severity, message, evidence, created_at)
                    SELECT i, 'near-duplicate', 'warning', 'duplicate',
                      json_object('representative', i - (i % 5), 'cluster', i / 5, 'similarity', 0.97, 'tier', 'semantic'),
                      datetime()
                    FROM n WHERE i % 5 != 0 AND i > 5;
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                    INSERT INTO flags (example_id, check_id, severity, message, evidence, created_at)
                    SELECT i, 'label-issue', 'warning', 'suspect', json_object('suggested_label', 'intent_1',
                      'confidence', (i % 100) / 100.0), datetime()
                    FROM n WHERE i % 10 = 3;
                    """)
        }
        let html = try ReportService().page(store: store).html
        #expect(html.utf8.count < 2_000_000)
        #expect(html.contains("100,000 examples"))
        #expect(html.contains("<strong>19,999</strong><span>clusters</span>"))
    }
}
