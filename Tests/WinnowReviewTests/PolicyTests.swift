import Foundation
import Testing
import WinnowCore

@testable import WinnowReview

@Suite("Review policies")
struct PolicyTests {
    static func example(_ id: Int64, label: String? = "Billing", status: ReviewStatus = .pending) -> Example {
        Example(
            id: id, input: "input \(id)", response: nil, label: label, trainingPoint: nil, ticketID: nil, messages: [],
            metadata: JSONObject(), sourcePath: "f.jsonl", locator: .line(Int(id)), status: status,
            labelOverride: nil, contentHash: "", version: 2)
    }

    static func duplicate(_ id: Int64, representative: Int64, check: String = "near-duplicate") -> Flag {
        Flag(
            exampleID: id, check: check, severity: .warning, message: "dup",
            evidence: JSONObject([
                ("representative", .number(Double(representative))), ("cluster", 4), ("similarity", 0.91),
                ("tier", "semantic"),
            ]))
    }

    static func labelIssue(_ id: Int64, _ label: String, _ confidence: Double) -> Flag {
        Flag(
            exampleID: id, check: "label-issue", severity: .warning, message: "label",
            evidence: JSONObject([("suggested_label", .string(label)), ("confidence", .number(confidence))]))
    }

    @Test("the built-in default policy reads and lists its three rules in order")
    func defaultPolicy() throws {
        let policy = try ReviewPolicy.load("default")
        #expect(policy.name == "default")
        #expect(policy.reviewer == "policy:default")
        #expect(
            policy.rules.map(\.id) == ["reject-duplicate-copies", "relabel-confident-label-issues", "approve-clean"])
        #expect(policy.rules[1].confidenceAbove == 0.9)
        #expect(policy.rules[2].maxSeverity == .info)
    }

    @Test("the printed default, saved as a file, reads back as the same policy")
    func roundTrip() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID()).yml")
        try ReviewPolicy.defaultYAML.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try ReviewPolicy.load(file.path)
        #expect(fromFile.rules == (try ReviewPolicy.load("default")).rules)
        #expect(fromFile.origin == file.path)
        #expect(throws: PolicyError.self) { try ReviewPolicy.load("no-such-policy") }
    }

    @Test("duplicates that are not the representative are rejected; the representative is not")
    func duplicates() throws {
        let policy = try ReviewPolicy.load("default")
        let copy = policy.proposal(
            for: PolicyCandidate(example: Self.example(8), flags: [Self.duplicate(8, representative: 1)]))
        #expect(copy?.action == .reject)
        #expect(copy?.ruleID == "reject-duplicate-copies")
        #expect(copy?.reason == "near-duplicate of #1 (similarity 0.91, semantic)")
        #expect(copy?.version == 2)
        let exact = policy.proposal(
            for: PolicyCandidate(
                example: Self.example(9), flags: [Self.duplicate(9, representative: 2, check: "exact-duplicate")]))
        #expect(exact?.action == .reject)
        // The representative carries a warning flag naming itself: neither rejected nor approved.
        let kept = policy.proposal(
            for: PolicyCandidate(example: Self.example(1), flags: [Self.duplicate(1, representative: 1)]))
        #expect(kept == nil)
        // A duplicate flag without the contract's representative is left for a person.
        var broken = Self.duplicate(7, representative: 1)
        broken.evidence["representative"] = nil
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(7), flags: [broken])) == nil)
    }

    @Test("label issues are relabelled only above the confidence, to the most confident suggestion")
    func relabels() throws {
        let policy = try ReviewPolicy.load("default")
        let sure = policy.proposal(
            for: PolicyCandidate(
                example: Self.example(3),
                flags: [Self.labelIssue(3, "Account", 0.95), Self.labelIssue(3, "Shipping", 0.97)]))
        #expect(sure?.action == .relabel)
        #expect(sure?.toLabel == "Shipping")
        #expect(sure?.change == "Billing -> Shipping")
        #expect(
            policy.proposal(for: PolicyCandidate(example: Self.example(4), flags: [Self.labelIssue(4, "Account", 0.9)]))
                == nil)
        // A suggestion equal to the current label changes nothing.
        #expect(
            policy.proposal(
                for: PolicyCandidate(example: Self.example(5), flags: [Self.labelIssue(5, "Billing", 0.99)])) == nil)
    }

    @Test("clean and info-only examples are approved; warnings and decided examples are left")
    func approvals() throws {
        let policy = try ReviewPolicy.load("default")
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(1), flags: []))?.action == .approve)
        let info = Flag(exampleID: 2, check: "pii-email", severity: .info, message: "e-mail")
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(2), flags: [info]))?.action == .approve)
        let warning = Flag(exampleID: 3, check: "non-answer", severity: .warning, message: "non-answer")
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(3), flags: [warning])) == nil)
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(4, status: .approved), flags: [])) == nil)
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(5, status: .rejected), flags: [])) == nil)
    }

    @Test("a policy file with a mistake is refused with its line and column")
    func errors() {
        func failure(_ yaml: String) -> PolicyError? {
            do {
                _ = try ReviewPolicy.parse(yaml, file: "p.yml", origin: "p.yml")
                return nil
            } catch {
                return error
            }
        }
        let unknownAction = failure("name: p\nrules:\n  - id: one\n    action: aprove\n")
        #expect(unknownAction?.description.hasPrefix("p.yml:4:13: rule \"one\": unknown action \"aprove\"") == true)
        let unknownKey = failure("name: p\nrules:\n  - id: one\n    action: approve\n    max_severty: info\n")
        #expect(unknownKey?.line == 5)
        #expect(unknownKey?.message.contains("unknown key \"max_severty\"") == true)
        #expect(
            failure("name: p\nrules:\n  - id: one\n    action: relabel\n")?.message.contains("needs \"checks\"") == true
        )
        #expect(failure("name: p\nrules: []\n")?.message.contains("non-empty") == true)
        #expect(
            failure("rules:\n  - id: a\n    action: approve\n  - id: a\n    action: reject\n")?.message.contains(
                "twice") == true)
        #expect(failure("name: p\nrules:\n  - id: one\n    action: approve\n    confidence_above: 2\n")?.line == 5)
        #expect(failure("name: [p\n")?.message.hasPrefix("not valid YAML") == true)
    }

    @Test("a custom policy: status scopes, check prefixes, unflagged")
    func custom() throws {
        let policy = try ReviewPolicy.parse(
            """
            name: strict
            rules:
              - id: reject-label-problems
                action: reject
                status: [pending, approved]
                checks: ["label-*"]
              - id: approve-unflagged
                action: approve
                unflagged: true
            """, file: "strict.yml", origin: "strict.yml")
        let approved = Self.example(1, status: .approved)
        #expect(
            policy.proposal(for: PolicyCandidate(example: approved, flags: [Self.labelIssue(1, "X", 0.1)]))?.action
                == .reject)
        let info = Flag(exampleID: 2, check: "pii-email", severity: .info, message: "e-mail")
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(2), flags: [info])) == nil)
        #expect(
            policy.proposal(for: PolicyCandidate(example: Self.example(3), flags: []))?.ruleID == "approve-unflagged")
    }
}
