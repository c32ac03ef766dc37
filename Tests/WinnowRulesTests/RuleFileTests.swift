import Foundation
import Testing
import WinnowCore
import WinnowRules

@Suite("rule files")
struct RuleFileTests {
    private func error(_ yaml: String) -> RuleError? {
        do {
            _ = try TestSupport.rules(yaml, file: "Rules/test.yml")
            return nil
        } catch {
            return error
        }
    }

    @Test("a full rule loads with every key")
    func fullRule() throws {
        let rules = try TestSupport.rules(
            """
            - id: order-ref
              description: Order references
              severity: info
              field: [input, metadata.customer.note]
              kind: regex
              pattern: 'ORD-\\d+'
              action: redact
              placeholder: ORDER
              when:
                has_response: true
                source: ["*.jsonl"]
                metadata:
                  channel: [email, chat]
            """)
        let rule = try #require(rules.rule(withID: "order-ref"))
        #expect(rule.kind == .regex)
        #expect(rule.fields == [.input, .metadata("customer.note")])
        #expect(rule.action == .redact)
        #expect(rule.conditions.sources == ["*.jsonl"])
        #expect(rule.origin == RuleOrigin(file: "test.yml", line: 1, column: 7))
    }

    @Test(
        "mistakes are refused with line, column and what is expected",
        arguments: [
            (
                """
                - id: a
                  description: d
                  severity: warning
                  field: input
                  kind: pi
                """, 5, 9, "unknown kind \"pi\"; expected one of regex, length"
            ),
            (
                """
                - id: a
                  description: d
                  severity: warning
                  field: input
                  kind: regex
                  pattern: '(unclosed'
                """, 6, 12, "invalid regular expression"
            ),
            (
                """
                - id: a
                  description: d
                  severity: warning
                  field: input
                  kind: length
                  min_chars: five
                """, 6, 14, "\"min_chars\" must be an integer; got \"five\""
            ),
            (
                """
                - id: a
                  description: d
                  severity: warning
                  field: input
                  kind: empty
                - id: a
                  description: d
                  severity: warning
                  field: input
                  kind: empty
                """, 6, 7, "duplicate rule id; first defined at Rules/test.yml:1:7"
            ),
            (
                """
                - id: a
                  description: d
                  severity: warning
                  field: input
                  kind: shouting
                  min_leters: 10
                """, 6, 3, "unknown key \"min_leters\" for kind shouting"
            ),
            (
                """
                - id: a
                  description: d
                  severity: critical
                  field: input
                  kind: empty
                """, 3, 13, "unknown severity \"critical\"; expected one of error, warning, info"
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: [input, body]
                  kind: empty
                """, 4, 18, "unknown field \"body\"; expected one of input, response"
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: input
                  kind: empty
                  action: delete
                """, 6, 11, "unknown action \"delete\"; expected one of flag, redact, reject"
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: input
                  kind: shouting
                  action: redact
                """, 6, 11, "action \"redact\" needs a kind that finds spans"
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: input
                  kind: pii
                  types: [email, ssn]
                """, 6, 18, "unknown PII type \"ssn\""
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: input
                  kind: empty
                  enabled: maybe
                """, 6, 12, "\"enabled\" must be true or false"
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: input
                  kind: empty
                  when:
                    has_reply: true
                """, 7, 5, "unknown condition \"has_reply\""
            ),
            (
                """
                - id: a
                  description: d
                  field: input
                  kind: empty
                """, 1, 7, "missing \"severity\""
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: input
                  kind: non_answer
                """, 4, 10, "kind non_answer reads the response"
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: input
                  kind: empty
                  kind: regex
                """, 5, 3, "duplicate key \"kind\""
            ),
            (
                """
                - id: a
                  description: [d
                """, 3, 1, "YAML syntax"
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: []
                  kind: empty
                """, 4, 10, "\"field\" needs at least one field"
            ),
            (
                """
                - id: a
                  description: d
                  severity: info
                  field: input
                  kind: pii
                  types: []
                """, 6, 10, "\"types\" needs at least one type"
            ),
            (
                """
                rules:
                  - id: a
                extra: 1
                """, 1, 1, "expected a list of rules"
            ),
            (
                """
                - id: Bad Id
                  description: d
                """, 1, 7, "\"id\" must be lower-case letters"
            ),
        ])
    func mistakes(yaml: String, line: Int, column: Int, message: String) throws {
        let error = try #require(self.error(yaml))
        #expect(error.file == "Rules/test.yml")
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.message.contains(message), "\(error)")
    }

    @Test("the description names file, line, column and rule")
    func description() {
        let error = RuleError(ruleID: "pii-email", file: "Rules/pii.yml", line: 12, column: 5, message: "unknown kind")
        #expect(error.description == "Rules/pii.yml:12:5: rule \"pii-email\": unknown kind")
    }

    private func labelsRule(file: String) -> String {
        """
        - id: labels
          description: d
          severity: warning
          field: label
          kind: label_allowed
          labels_file: \(file)
        """
    }

    @Test("a labels file is read relative to its rule file")
    func labelsFile() throws {
        let directory = try TestSupport.directory([
            "labels.yml": labelsRule(file: "allowed.txt"),
            "allowed.txt": "# comment\nBilling\n\nShipping\n",
        ])
        let engine = RuleEngine(ruleSet: try RuleSet.load(directories: [directory]))
        #expect(engine.evaluate(RuleSubject(input: "x", label: "Shipping")).isEmpty)
        #expect(engine.evaluate(RuleSubject(input: "x", label: "shipping")).first?.evidence["suggestion"] == "Shipping")
    }

    @Test("a missing labels file is refused at its value")
    func missingLabelsFile() throws {
        let directory = try TestSupport.directory([
            "labels.yml": labelsRule(file: "nowhere.txt")
        ])
        #expect {
            _ = try RuleSet.load(directories: [directory])
        } throws: { error in
            guard let error = error as? RuleError else { return false }
            return error.line == 6 && error.column == 16 && error.message.contains("cannot read labels file")
        }
    }

    @Test("a missing directory is refused")
    func missingDirectory() {
        #expect(throws: RuleError.self) {
            _ = try RuleSet.load(directories: [URL(fileURLWithPath: "/nonexistent/rules")])
        }
    }
}
