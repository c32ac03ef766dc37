import Testing
import WinnowCore
import WinnowRules

/// Ticket text is untrusted: no input may trap a scanner, and every span must lie inside its field.
@Suite("robustness")
struct RobustnessTests {
    private static let pieces: [String] = [
        "a", "Z", "0", "7", "9", " ", "\n", "\t", "-", ".", "(", ")", "+", "@", "#", "$", "<", ">", "/", "&", ";", "{",
        "}", "[", "]", "%", ":", "=", "_", "'", "\"", "*", "!", "é", "Ã", "©", "â€", "™", "\u{FFFD}", "👋🏽", "日",
        "\u{0301}", "DE89", "sk_live_", "password is ", "<div>", "&nbsp;", "{{", "}}", "http://", ".com", "Street",
        "+44 ", "4111", "::", "192.168.", "sorry", "escalated", "internal note", "out of office", "-----BEGIN",
    ]

    @Test("random text never traps and spans stay inside their field")
    func randomText() throws {
        let engine = try TestSupport.defaultEngine()
        var state: UInt64 = 0x1234_5678
        func random(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<3000 {
            let input = (0..<random(60)).map { _ in RobustnessTests.pieces[random(RobustnessTests.pieces.count)] }
                .joined()
            let response = (0..<random(60)).map { _ in RobustnessTests.pieces[random(RobustnessTests.pieces.count)] }
                .joined()
            let subject = RuleSubject(input: input, response: response, label: response.isEmpty ? nil : "Billing")
            let findings = engine.evaluate(subject)
            for finding in findings {
                guard let span = finding.span else { continue }
                let length = (finding.field == "input" ? input : response).count
                #expect(span.start >= 0 && span.start <= span.end && span.end <= length, "\(finding) in \(input)")
            }
            _ = Redactor.redact(subject, findings: findings)
        }
    }
}
