import Testing
import WinnowCore
import WinnowRules

@Suite("check summary")
struct CheckSummaryTests {
    @Test("counts examples and findings per rule and says when an error fired")
    func counts() throws {
        let engine = try TestSupport.defaultEngine()
        var summary = CheckSummary(engine: engine)
        summary.add(batch: engine.evaluate(batch: DefaultRulesTests.cleanTickets))
        #expect(summary.examplesChecked == DefaultRulesTests.cleanTickets.count)
        #expect(!summary.hasErrors)
        #expect(summary.rows.count == engine.runningRules.count)
        let twoEmails = RuleSubject(input: "a@b.co and c@d.co", label: "Account")
        summary.add(engine.evaluate(twoEmails))
        let email = try #require(summary.rows.first { $0.ruleID == "pii-email" })
        #expect(email.examples == 1)
        #expect(email.findings == 2)
        summary.add(engine.evaluate(RuleSubject(input: "card 4111 1111 1111 1111", label: "Payment")))
        #expect(summary.hasErrors)
    }
}

@Suite("rule subjects")
struct RuleSubjectTests {
    @Test("a stored example is checked with its effective label and source path")
    func storedExample() {
        let example = Example(
            id: 1, input: "Why was I charged twice?", response: nil, label: "billing ", trainingPoint: nil,
            ticketID: "T-1", messages: [], metadata: JSONObject(), sourcePath: "tickets.csv", locator: .row(1, line: 2),
            status: .pending, labelOverride: "Billing", contentHash: "")
        let subject = RuleSubject(example)
        #expect(subject.label == "Billing")
        #expect(subject.sourcePath == "tickets.csv")
    }
}
