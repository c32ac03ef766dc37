import Foundation
import WinnowCore
import WinnowRules

/// Helpers shared by the rule tests.
enum TestSupport {
    /// The package root (two levels above this file's folder).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped default rules.
    static let defaultRulesDirectory = packageRoot.appendingPathComponent("Rules")

    /// An engine over the default rules (token counting by whitespace words, enough for tests).
    static func defaultEngine(projectLabels: LabelList? = TestSupport.projectLabels) throws -> RuleEngine {
        let rules = try RuleSet.load(directories: [defaultRulesDirectory])
        return RuleEngine(
            ruleSet: rules, tokenCounter: { $0.split(separator: " ").count }, projectLabels: projectLabels)
    }

    /// A project's label list, as `winnow init --labels` stores it.
    static let projectLabels = LabelList(
        labels: [
            "Account", "Billing", "Cancellation", "Complaint", "Delivery", "Feedback", "Order Status", "Payment",
            "Product Question", "Refund", "Returns", "Shipping", "Technical", "Technical Support",
        ], origin: "team-labels.txt")

    /// A rule set parsed from `yaml`.
    static func rules(_ yaml: String, file: String = "test.yml") throws(RuleError) -> RuleSet {
        try RuleSet.parse(yaml: yaml, file: file, directory: URL(fileURLWithPath: NSTemporaryDirectory()))
    }

    /// The findings of one rule of `kind` with `parameters` (YAML lines) over `text` in `field`.
    static func findings(
        kind: String, _ parameters: String = "", field: String = "input", action: String = "flag", text: String,
        response: String? = nil, label: String? = nil
    ) throws -> [Finding] {
        let yaml = """
            - id: under-test
              description: rule under test
              severity: warning
              field: \(field)
              kind: \(kind)
              action: \(action)
            \(parameters.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """
        let engine = RuleEngine(ruleSet: try rules(yaml), tokenCounter: { $0.split(separator: " ").count })
        let subject: RuleSubject
        switch field {
        case "response": subject = RuleSubject(input: response ?? "Hello, I need help with my order.", response: text)
        case "label": subject = RuleSubject(input: "Where is my order?", label: text)
        default: subject = RuleSubject(input: text, response: response, label: label)
        }
        return engine.evaluate(subject)
    }

    /// The text each finding's span covers.
    static func matched(_ findings: [Finding], in text: String) -> [String] {
        let characters = Array(text)
        return findings.compactMap { finding in
            finding.span.map { String(characters[$0.start..<$0.end]) }
        }
    }

    /// A temporary directory holding `files` (name → contents).
    static func directory(_ files: [String: String]) throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "winnow-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, contents) in files {
            try contents.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url
    }
}
