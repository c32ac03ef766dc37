import Foundation
import Testing
import WinnowCore
import WinnowRules

@Suite("rule directories and overrides")
struct OverrideTests {
    private let base = """
        - id: shouting-input
          description: Capitals
          severity: info
          field: input
          kind: shouting
        - id: input-short
          description: Short
          severity: warning
          field: input
          kind: length
          min_chars: 5
        """

    @Test("a later directory adds rules and overrides by id, keeping what it does not say")
    func overrides() throws {
        let defaults = try TestSupport.directory(["base.yml": base])
        let custom = try TestSupport.directory([
            "team.yml": """
            - id: input-short
              severity: error
              min_chars: 10
            - id: order-ref
              description: Order refs
              severity: info
              field: input
              kind: regex
              pattern: 'ORD-\\d+'
            """
        ])
        let rules = try RuleSet.load(directories: [defaults, custom])
        #expect(rules.rules.map(\.id) == ["shouting-input", "input-short", "order-ref"])
        let short = try #require(rules.rule(withID: "input-short"))
        #expect(short.severity == .error)
        #expect(short.description == "Short")
        #expect(short.origin.file.hasSuffix("team.yml"))
        #expect(short.overrides.count == 1)
        #expect(short.overrides.first?.file.hasSuffix("base.yml") == true)
        let findings = RuleEngine(ruleSet: rules).evaluate(RuleSubject(input: "Help me"))
        #expect(findings.map(\.ruleID) == ["input-short"])
        #expect(findings.first?.severity == .error)
    }

    @Test("enabled: false switches a rule off")
    func disable() throws {
        let defaults = try TestSupport.directory(["base.yml": base])
        let custom = try TestSupport.directory(["off.yml": "- id: shouting-input\n  enabled: false\n"])
        let rules = try RuleSet.load(directories: [defaults, custom])
        #expect(rules.rule(withID: "shouting-input")?.enabled == false)
        #expect(rules.activeRules.map(\.id) == ["input-short"])
        let findings = RuleEngine(ruleSet: rules).evaluate(RuleSubject(input: "WHERE IS MY ORDER I WANT IT NOW"))
        #expect(findings.isEmpty)
    }

    @Test("an override that changes the kind drops the old kind's parameters")
    func kindChange() throws {
        let defaults = try TestSupport.directory(["base.yml": base])
        let custom = try TestSupport.directory(["k.yml": "- id: input-short\n  kind: empty\n"])
        let rule = try #require(try RuleSet.load(directories: [defaults, custom]).rule(withID: "input-short"))
        #expect(rule.kind == .empty)
    }

    @Test("an override with a mistake is refused at the overriding file")
    func badOverride() throws {
        let defaults = try TestSupport.directory(["base.yml": base])
        let custom = try TestSupport.directory(["bad.yml": "- id: input-short\n  min_chars: many\n"])
        #expect {
            _ = try RuleSet.load(directories: [defaults, custom])
        } throws: { error in
            guard let error = error as? RuleError else { return false }
            return error.file.hasSuffix("bad.yml") && error.line == 2 && error.column == 14
        }
    }

    @Test("duplicate ids across files of one directory are refused")
    func duplicateAcrossFiles() throws {
        let directory = try TestSupport.directory(["a.yml": base, "b.yml": base])
        #expect {
            _ = try RuleSet.load(directories: [directory])
        } throws: { error in
            guard let error = error as? RuleError else { return false }
            return error.file.hasSuffix("b.yml") && error.message.contains("duplicate rule id")
        }
    }

    @Test("conditions limit where a rule applies")
    func conditions() throws {
        let rules = try TestSupport.rules(
            """
            - id: short-reply
              description: d
              severity: info
              field: response
              kind: length
              min_words: 3
              when:
                has_response: true
                source: ["*.csv"]
                label: [Billing]
            """)
        let engine = RuleEngine(ruleSet: rules)
        let matching = RuleSubject(input: "x", response: "Done.", label: "Billing", sourcePath: "data/export.csv")
        #expect(engine.evaluate(matching).count == 1)
        var otherSource = matching
        otherSource.sourcePath = "tickets.jsonl"
        #expect(engine.evaluate(otherSource).isEmpty)
        var otherLabel = matching
        otherLabel.label = "Shipping"
        #expect(engine.evaluate(otherLabel).isEmpty)
        var noResponse = matching
        noResponse.response = nil
        #expect(engine.evaluate(noResponse).isEmpty)
    }

    @Test("metadata fields and messages are checked, each message on its own")
    func otherFields() throws {
        let rules = try TestSupport.rules(
            """
            - id: pii
              description: d
              severity: info
              field: [messages, metadata.customer.email]
              kind: pii
              types: [email]
            """)
        let subject = RuleSubject(
            input: "x",
            messages: [Message(role: .user, content: "I'm a@b.com"), Message(role: .assistant, content: "ok c@d.org")],
            metadata: JSONObject([(key: "customer", value: ["email": "e@f.net"])]))
        let findings = RuleEngine(ruleSet: rules).evaluate(subject)
        #expect(findings.map(\.field) == ["messages.0", "messages.1", "metadata.customer.email"])
        #expect(
            findings.map(\.span) == [
                TextSpan(start: 4, end: 11), TextSpan(start: 3, end: 10), TextSpan(start: 0, end: 7),
            ])
    }
}
