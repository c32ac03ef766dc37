import Testing
import WinnowCore
import WinnowRules

@Suite("redaction")
struct RedactionTests {
    private let rules = """
        - id: pii
          description: personal data
          severity: info
          field: [input, response, messages, metadata.from]
          kind: pii
          action: redact
        - id: order-ref
          description: order references
          severity: info
          field: [input, response]
          kind: regex
          pattern: 'ORD-\\d+'
          action: redact
          placeholder: ORDER
        - id: shout
          description: capitals
          severity: info
          field: input
          kind: shouting
          min_letters: 3
        """

    private func redact(_ subject: RuleSubject) throws -> RuleSubject {
        let engine = RuleEngine(ruleSet: try TestSupport.rules(rules))
        return Redactor.redact(subject, findings: engine.evaluate(subject))
    }

    @Test("the same value gets the same placeholder across fields; numbering is per type")
    func stablePlaceholders() throws {
        let subject = RuleSubject(
            input: "I'm jane@example.com, call +44 20 7946 0958. Or Jane@Example.com or bob@example.com. ORD-123",
            response: "Hi, we wrote to jane@example.com and phoned 020 7946 0958 about ORD-123.",
            messages: [Message(role: .user, content: "bob@example.com here")],
            metadata: JSONObject([(key: "from", value: "jane@example.com"), (key: "channel", value: "email")]))
        let redacted = try redact(subject)
        #expect(
            redacted.input == "I'm [EMAIL_1], call [PHONE_1]. Or [EMAIL_1] or [EMAIL_2]. [ORDER_1]")
        #expect(redacted.response == "Hi, we wrote to [EMAIL_1] and phoned [PHONE_2] about [ORDER_1].")
        #expect(redacted.messages.first?.content == "[EMAIL_2] here")
        #expect(redacted.metadata["from"] == "[EMAIL_1]")
        #expect(redacted.metadata["channel"] == "email")
    }

    @Test("`metadata` reads every text of the metadata, strings in lists too, and redaction writes them back")
    func metadataTexts() throws {
        let rules = """
            - id: pii
              description: personal data
              severity: info
              field: [input, metadata]
              kind: pii
              action: redact
            """
        let engine = RuleEngine(ruleSet: try TestSupport.rules(rules))
        let subject = RuleSubject(
            input: "Where is my order?",
            metadata: JSONObject([
                (key: "from", value: "Jane <jane@example.com>"),
                (key: "removed_signatures", value: .array([.number(3), "Jane\n+44 20 7946 0958", "jane@example.com"])),
                (key: "customer", value: ["email": "nested@example.com"]),
            ]))
        let findings = engine.evaluate(subject)
        #expect(
            findings.map(\.field) == [
                "metadata.from", "metadata.removed_signatures.1", "metadata.removed_signatures.2",
            ])
        let redacted = Redactor.redact(subject, findings: findings)
        #expect(redacted.metadata["from"] == "Jane <[EMAIL_1]>")
        #expect(redacted.metadata["removed_signatures"] == .array([.number(3), "Jane\n[PHONE_1]", "[EMAIL_1]"]))
        // A nested object is not a text of the metadata: a rule names its path (`metadata.customer.email`).
        #expect(redacted.metadata["customer"] == subject.metadata["customer"])
    }

    @Test("the same phone number written differently keeps one placeholder")
    func normalisedPhones() throws {
        let redacted = try redact(RuleSubject(input: "Call (555) 123-4567 or 555.123.4567"))
        #expect(redacted.input == "Call [PHONE_1] or [PHONE_1]")
    }

    @Test("flag-only findings change nothing; non-ASCII text keeps its characters")
    func onlyRedactions() throws {
        let subject = RuleSubject(input: "ÉCRIVEZ À zoë@exemple.fr SVP")
        let redacted = try redact(subject)
        #expect(redacted.input == "ÉCRIVEZ À [EMAIL_1] SVP")
    }

    @Test("stored flags rebuild the redaction")
    func fromFlags() throws {
        let subject = RuleSubject(input: "Mail a@b.co and a@b.co", response: "Sent to a@b.co")
        let engine = RuleEngine(ruleSet: try TestSupport.rules(rules))
        let flags = engine.evaluate(subject).map { $0.flag(exampleID: 7, runID: 1) }
        let spans = flags.compactMap(RedactionSpan.init)
        #expect(spans.count == 3)
        let texts = Redactor.redact(
            texts: ["input": subject.input, "response": subject.response ?? ""], spans: spans)
        #expect(texts["input"] == "Mail [EMAIL_1] and [EMAIL_1]")
        #expect(texts["response"] == "Sent to [EMAIL_1]")
    }

    @Test("overlapping spans keep the first, longest one")
    func overlaps() {
        let texts = Redactor.redact(
            texts: ["input": "abcdefghij"],
            spans: [
                RedactionSpan(field: "input", span: TextSpan(start: 2, end: 6), type: "A"),
                RedactionSpan(field: "input", span: TextSpan(start: 2, end: 4), type: "B"),
                RedactionSpan(field: "input", span: TextSpan(start: 5, end: 8), type: "C"),
                RedactionSpan(field: "input", span: TextSpan(start: 8, end: 40), type: "D"),
            ])
        #expect(texts["input"] == "ab[A_1]ghij")
    }
}
