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

    static func duplicate(_ id: Int64, representative: Int64, check: String = "near-duplicate", copy: Bool = true)
        -> Flag
    {
        var evidence = JSONObject([
            ("representative", .number(Double(representative))), ("cluster", 4), ("similarity", 0.91),
            ("tier", "semantic"), ("kind", .string(copy ? "copy" : "paraphrase")),
        ])
        if copy { evidence["copy_of"] = .number(Double(representative)) }
        return Flag(
            exampleID: id, check: check, severity: copy ? .warning : .info, message: "dup", evidence: evidence)
    }

    /// Measured precision: 0.98 from confidence 0.9, 0.96 from 0.8, 0.85 from 0.7, 0.5 below.
    static let estimate = FixPrecisionEstimate(
        bands: [
            .init(lower: 0, upper: 0.3, suggestions: 0, correct: 0),
            .init(lower: 0.3, upper: 0.4, suggestions: 0, correct: 0),
            .init(lower: 0.4, upper: 0.5, suggestions: 0, correct: 0),
            .init(lower: 0.5, upper: 0.6, suggestions: 200, correct: 100),
            .init(lower: 0.6, upper: 0.7, suggestions: 0, correct: 0),
            .init(lower: 0.7, upper: 0.8, suggestions: 400, correct: 340),
            .init(lower: 0.8, upper: 0.9, suggestions: 500, correct: 480),
            .init(lower: 0.9, upper: 1, suggestions: 1000, correct: 980),
        ], planted: 2100, estimatedWrongLabels: 2000)

    static func labelIssue(_ id: Int64, _ label: String, _ confidence: Double) -> Flag {
        Flag(
            exampleID: id, check: "label-issue", severity: .warning, message: "label",
            evidence: JSONObject([("suggested_label", .string(label)), ("confidence", .number(confidence))]))
    }

    @Test("the built-in default policy reads and lists its four rules in order")
    func defaultPolicy() throws {
        let policy = try ReviewPolicy.load("default")
        #expect(policy.name == "default")
        #expect(policy.reviewer == "policy:default")
        #expect(
            policy.rules.map(\.id) == [
                "reject-duplicate-copies", "cap-over-represented-meanings", "relabel-precise-label-issues",
                "approve-clean",
            ])
        #expect(policy.rules[0].copiesOnly)
        #expect(policy.rules[1].overRepresented == 30)
        #expect(policy.rules[2].minimumEstimatedPrecision == 0.95)
        #expect(policy.rules[2].approve)
        #expect(policy.rules[3].maxSeverity == .info)
    }

    @Test("a grossly over-represented meaning keeps a capped sample; the rest is rejected, saying why")
    func overRepresented() throws {
        let policy = try ReviewPolicy.load("default")
        // Label A: 100 texts of their own and one meaning said 60 times (#100 and 59 paraphrases of it), plus 5
        // copies of #100. Label B: 10 texts and a cluster of 3.
        var examples: [(id: Int64, label: String?)] = []
        var duplicates: [Int64: DuplicateEvidence] = [:]
        var flags: [Int64: [Flag]] = [:]
        for id in Array(Int64(1)...40) + Array(Int64(300)...359) { examples.append((id, "A")) }
        examples.append((100, "A"))
        for id in Int64(101)...159 {
            examples.append((id, "A"))
            flags[id] = [Self.duplicate(id, representative: 100, copy: false)]
        }
        for id in Int64(160)...164 {
            examples.append((id, "A"))
            flags[id] = [Self.duplicate(id, representative: 100)]
        }
        for id in Int64(200)...212 { examples.append((id, "B")) }
        for id in Int64(211)...212 { flags[id] = [Self.duplicate(id, representative: 210, copy: false)] }
        for (id, list) in flags { duplicates[id] = DuplicateEvidence(list[0]) }
        let standings = ClusterStanding.compute(examples: examples, duplicates: duplicates)
        // A: 160 examples in 101 groups (the copies left out), typical 160 / 101; cap 30 × that, rounded up.
        let big = try #require(standings[100])
        #expect(big.size == 60 && big.place == 0 && big.label == "A")
        #expect(abs(big.typicalSize - 160.0 / 101) < 1e-9)
        #expect(big.cap(factor: 30) == 48)
        #expect(standings[160] == nil)
        #expect(standings[1] == nil)
        #expect(Set((101...159).compactMap { standings[Int64($0)]?.place }) == Set(1...59))
        func decision(_ id: Int64) -> PolicyProposal? {
            let label = examples.first { $0.id == id }?.label
            return policy.proposal(
                for: PolicyCandidate(
                    example: Self.example(id, label: label), flags: flags[id] ?? [], standing: standings[id]))
        }
        let rejected = (101...159).map(Int64.init).filter { decision($0)?.action == .reject }
        #expect(rejected.count == 60 - 48)
        #expect(rejected.allSatisfy { (standings[$0]?.place ?? 0) >= 48 })
        let reason = try #require(decision(rejected[0])?.reason)
        #expect(reason.hasPrefix("near-duplicate of #100"))
        #expect(
            reason.hasSuffix(
                "its cluster holds 60 examples where a meaning of 'A' typically has 1.58: a sample of 48 is kept"))
        #expect(decision(rejected[0])?.ruleID == "cap-over-represented-meanings")
        // The sample is approved (a paraphrase flag is info); copies go by the copy rule; B's cluster of 3 is
        // not over-represented.
        #expect((101...159).map(Int64.init).filter { decision($0)?.action == .approve }.count == 48 - 1)
        #expect(decision(160)?.ruleID == "reject-duplicate-copies")
        #expect(decision(211)?.action == .approve)
        // Below the factor nothing is capped: a factor of 40 keeps all 60 (40 × 1.58 > 60).
        let rule = policy.rules[1]
        var relaxed = rule
        relaxed.overRepresented = 40
        #expect(
            (101...159).map(Int64.init).allSatisfy { id in
                relaxed.proposal(
                    for: PolicyCandidate(
                        example: Self.example(id, label: "A"), flags: flags[id] ?? [], standing: standings[id]))
                    == nil
            })
        // A paraphrase missing from the examples (deleted) is not counted; the cluster holds the rest.
        let after = ClusterStanding.compute(
            examples: examples.filter { !(101...120).contains($0.id) }, duplicates: duplicates)
        #expect(after[100]?.size == 40)
        #expect(after[105] == nil)
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

    @Test("copies are rejected; paraphrases and the representative are not")
    func duplicates() throws {
        let policy = try ReviewPolicy.load("default")
        let copy = policy.proposal(
            for: PolicyCandidate(example: Self.example(8), flags: [Self.duplicate(8, representative: 1)]))
        #expect(copy?.action == .reject)
        #expect(copy?.ruleID == "reject-duplicate-copies")
        #expect(copy?.reason == "near-duplicate of #1 (similarity 0.91, semantic, a copy of #1)")
        // A paraphrase is flagged at info: kept, and approved like any example without a warning.
        let paraphrase = policy.proposal(
            for: PolicyCandidate(
                example: Self.example(6), flags: [Self.duplicate(6, representative: 1, copy: false)]))
        #expect(paraphrase?.action == .approve)
        #expect(paraphrase?.ruleID == "approve-clean")
        // A flag stored before copies were told apart: exact duplicates are copies, near-duplicates are not.
        var old = Self.duplicate(5, representative: 1)
        old.evidence["kind"] = nil
        old.evidence["copy_of"] = nil
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(5), flags: [old]))?.action == nil)
        old.check = "exact-duplicate"
        #expect(policy.proposal(for: PolicyCandidate(example: Self.example(5), flags: [old]))?.action == .reject)
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

    @Test("label issues are relabelled, and approved, only where the measured precision reaches the minimum")
    func relabels() throws {
        let policy = try ReviewPolicy.load("default")
        #expect(Self.estimate.threshold(minimumPrecision: 0.95) == 0.8)
        #expect(Self.estimate.threshold(minimumPrecision: 0.99) == nil)
        // What curate and review auto print about the threshold: the pooled estimate and the one the policy reads.
        #expect(
            Self.estimate.describe(threshold: 0.8)
                == "estimated precision 0.973 there and above, 0.960 one standard error lower")
        // The bands are read pooled from a confidence up: a top band a little under the minimum on its own does not
        // stop relabelling when it and the bands below reach it together; a weak band is carried only as far as
        // the pool stays at the minimum.
        // Bands from `(suggestions, correct)` per band, lowest first (below 0.3, then steps of 0.1).
        func estimate(_ counts: [(Int, Int)], wrong: Int) -> FixPrecisionEstimate {
            let edges = FixPrecisionEstimate.edges
            return FixPrecisionEstimate(
                bands: counts.enumerated().map { index, count in
                    .init(lower: edges[index], upper: edges[index + 1], suggestions: count.0, correct: count.1)
                }, planted: 10000, estimatedWrongLabels: wrong)
        }
        let pooled = estimate(
            [(0, 0), (0, 0), (0, 0), (0, 0), (2500, 2000), (3800, 3600), (4370, 4280), (2200, 2050)], wrong: 15000)
        #expect(pooled.bands[7].precision ?? 1 < 0.95)
        #expect(pooled.threshold(minimumPrecision: 0.95) == 0.7)
        #expect((pooled.precision(from: 0.6) ?? 1) < 0.95)
        // A band the estimate puts above its suggestions does not carry a band well under the minimum: no band in
        // the pool may be more than three times as wrong as the pool is allowed (under 0.85 for 0.95).
        let shifted = estimate(
            [(0, 0), (40, 19), (0, 0), (0, 0), (0, 0), (300, 300), (500, 560), (300, 280)], wrong: 1600)
        #expect((shifted.cautiousPrecision(from: 0.3) ?? 0) >= 0.95)
        #expect(shifted.threshold(minimumPrecision: 0.95) == 0.7)
        #expect(shifted.threshold(minimumPrecision: 0.8) == 0.3)
        #expect(FixPrecisionEstimate.bandFloor(minimumPrecision: 0.95) == 0.85)
        #expect(FixPrecisionEstimate.bandFloor(minimumPrecision: 0.5) == 0)
        // An expected count above the suggestions reads as 1, alone and pooled.
        let over = FixPrecisionEstimate(
            bands: [.init(lower: 0.9, upper: 1, suggestions: 10, correct: 12)], planted: 10, estimatedWrongLabels: 12)
        #expect(over.bands[0].precision == 1)
        #expect(over.precision(from: 0.9) == 1)
        // The pool must reach the minimum one standard error below its estimate: the same shares, 97.5% of the
        // suggestions expected right, pass on 2,000 suggestions and not on 40 (the first threshold whose estimate
        // passes is where the estimate happens to run high, so a small pool's estimate alone overstates it).
        func top(_ suggestions: Int, _ correct: Int, wrong: Int) -> FixPrecisionEstimate {
            FixPrecisionEstimate(
                bands: [.init(lower: 0.9, upper: 1, suggestions: suggestions, correct: correct)], planted: 1,
                estimatedWrongLabels: wrong)
        }
        #expect(top(40, 39, wrong: 100).precision(from: 0.9) ?? 0 > 0.95)
        #expect(top(40, 39, wrong: 100).threshold(minimumPrecision: 0.95) == nil)
        #expect(
            abs((top(40, 39, wrong: 100).cautiousPrecision(from: 0.9) ?? 0) - (39 - (39 * 0.61).squareRoot()) / 40)
                < 1e-9)
        #expect(top(2000, 1950, wrong: 5000).threshold(minimumPrecision: 0.95) == 0.9)
        // An estimate stored without the number of wrong labels takes the wider error, √c.
        #expect(
            abs((top(2000, 1950, wrong: 0).cautiousPrecision(from: 0.9) ?? 0) - (1950 - 1950.0.squareRoot()) / 2000)
                < 1e-9)
        // A band whose expected count is its suggestions or more has no error left to take off.
        #expect(top(10, 12, wrong: 12).cautiousPrecision(from: 0.9) == 1)
        func candidate(_ id: Int64, _ flags: [Flag], estimate: FixPrecisionEstimate? = Self.estimate) -> PolicyCandidate
        {
            PolicyCandidate(example: Self.example(id), flags: flags, fixPrecision: estimate)
        }
        let sure = policy.proposal(
            for: candidate(3, [Self.labelIssue(3, "Account", 0.85), Self.labelIssue(3, "Shipping", 0.97)]))
        #expect(sure?.action == .relabel)
        #expect(sure?.toLabel == "Shipping")
        #expect(sure?.approves == true)
        #expect(sure?.change == "Billing -> Shipping, pending -> approved")
        #expect(
            sure?.reason.hasSuffix(
                "estimated precision 0.97 from confidence 0.80 up, 0.96 one standard error lower (0.98 at this confidence)"
            )
                == true
        )
        let measured = policy.proposal(for: candidate(4, [Self.labelIssue(4, "Account", 0.85)]))
        #expect(measured?.toLabel == "Account")
        // Below the measured threshold, or without a stored estimate: left for a person.
        #expect(policy.proposal(for: candidate(4, [Self.labelIssue(4, "Account", 0.75)])) == nil)
        #expect(policy.proposal(for: candidate(4, [Self.labelIssue(4, "Account", 0.99)], estimate: nil)) == nil)
        // Another warning keeps the relabelled example pending.
        let warning = Flag(exampleID: 4, check: "non-answer", severity: .warning, message: "non-answer")
        let held = policy.proposal(for: candidate(4, [Self.labelIssue(4, "Account", 0.95), warning]))
        #expect(held?.action == .relabel && held?.approves == false)
        // A suggestion equal to the current label changes nothing.
        #expect(policy.proposal(for: candidate(5, [Self.labelIssue(5, "Billing", 0.99)])) == nil)
        // An estimate planted like the audit's confusions guides review but relabels nothing unattended, and says
        // why.
        var confusions = Self.estimate
        confusions.plantedLikeConfusions = true
        #expect(confusions.threshold(minimumPrecision: 0.95) == nil)
        #expect(confusions.caution?.contains("mistakes between similar labels") == true)
        #expect(Self.estimate.caution == nil)
        #expect(confusions.provenance.contains("planted like the audit's confusions"))
        #expect(
            policy.proposal(for: candidate(3, [Self.labelIssue(3, "Shipping", 0.97)], estimate: confusions)) == nil)
    }

    @Test("the precision estimate reads back from the JSON stored with the audit run")
    func estimateJSON() throws {
        let read = try #require(FixPrecisionEstimate(json: Self.estimate.json))
        #expect(read == Self.estimate)
        var confusions = Self.estimate
        confusions.plantedLikeConfusions = true
        #expect(FixPrecisionEstimate(json: confusions.json) == confusions)
        #expect(FixPrecisionEstimate.bandIndex(of: 1) == 7)
        #expect(FixPrecisionEstimate.bandIndex(of: 0.9) == 7)
        #expect(FixPrecisionEstimate.bandIndex(of: 0.29) == 0)
        #expect(FixPrecisionEstimate.bandIndex(of: 0.55) == 3)
        #expect(Self.estimate.summary.hasPrefix("0.90-1.00: 98% of 1000; 0.80-0.90: 96% of 500"))
        #expect(Self.estimate.unmeasured == nil)
    }

    @Test("an estimate with nothing planted or nothing suggested says why instead of an empty list")
    func unmeasuredEstimates() throws {
        let empty = FixPrecisionEstimate.edges.indices.dropLast().map { index in
            FixPrecisionEstimate.Band(
                lower: FixPrecisionEstimate.edges[index], upper: FixPrecisionEstimate.edges[index + 1], suggestions: 0,
                correct: 0)
        }
        // Too few examples per label: no flip planted, whatever was suggested.
        var suggested = empty
        suggested[7].suggestions = 3
        let unplanted = FixPrecisionEstimate(bands: suggested, planted: 0, estimatedWrongLabels: 0)
        #expect(unplanted.unmeasured?.contains("fewer than two labels") == true)
        #expect(unplanted.summary.hasPrefix("not measured: "))
        #expect(unplanted.threshold(minimumPrecision: 0.95) == nil)
        let silent = FixPrecisionEstimate(bands: empty, planted: 1_200, estimatedWrongLabels: 0)
        #expect(silent.unmeasured == "the audit suggested no labels")
        #expect(silent.summary == "not measured: the audit suggested no labels")
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
        #expect(
            failure("name: p\nrules:\n  - id: one\n    action: reject\n    checks: [x]\n    over_represented: 0.5\n")?
                .line == 6)
        #expect(
            failure("name: p\nrules:\n  - id: one\n    action: reject\n    over_represented: 5\n")?.message.contains(
                "need \"checks\"") == true)
        #expect(failure("name: [p\n")?.message.hasPrefix("not valid YAML") == true)
        #expect(
            failure(
                "name: p\nrules:\n  - id: one\n    action: relabel\n    checks: [x]\n    min_estimated_precision: 1.5\n"
            )?
            .line == 6)
        #expect(
            failure("name: p\nrules:\n  - id: one\n    action: approve\n    approve: true\n")?.message.contains(
                "relabel rule") == true)
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
