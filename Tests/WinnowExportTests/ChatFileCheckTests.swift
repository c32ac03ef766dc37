import Testing
import WinnowCore
import WinnowExport

/// Runs the checks over `lines` (one example each).
private func check(_ lines: [String]) -> ChatFileReport {
    var check = ChatFileCheck(file: "train.jsonl")
    for (index, line) in lines.enumerated() { check.check(line: line, number: index + 1) }
    return check.result
}

private let good =
    #"{"messages":[{"role":"user","content":"Where is my parcel?"},{"role":"assistant","content":"It left the depot today."}]}"#

@Suite("OpenAI data-preparation checks")
struct ChatFileCheckTests {
    @Test(
        "each format error of the guide is caught, with its line",
        arguments: [
            (#"{"messages": [oops"#, ChatFormatError.invalidJSON),
            (#"["not", "an object"]"#, .dataType),
            (#"{"messages": ["a string, not a message"], "x": 1}"#, .dataType),
            (#"{"prompt": "old format", "completion": "x"}"#, .missingMessagesList),
            (#"{"messages": []}"#, .missingMessagesList),
            (#"{"messages": [{"role": "user"}, {"role": "assistant", "content": "x"}]}"#, .messageMissingKey),
            (
                #"{"messages": [{"role": "user", "content": "hi", "mood": "angry"}, {"role": "assistant", "content": "x"}]}"#,
                .messageUnrecognizedKey
            ),
            (
                #"{"messages": [{"role": "customer", "content": "hi"}, {"role": "assistant", "content": "x"}]}"#,
                .unrecognizedRole
            ),
            (
                #"{"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": "x"}]}"#,
                .missingContent
            ),
            (
                #"{"messages": [{"role": "user", "content": 42}, {"role": "assistant", "content": "x"}]}"#,
                .missingContent
            ),
            (
                #"{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "hi"}]}"#,
                .exampleMissingAssistantMessage
            ),
        ])
    func formatErrors(line: String, error: ChatFormatError) {
        let report = check([good, line, good])
        #expect(report.hasFormatErrors)
        #expect(report.errorCounts[error] != nil, "\(error.rawValue) not found in \(report.errorCounts)")
        #expect(report.errorLines[error] == [2])
        #expect(report.examples == 3)
    }

    @Test("a well-formed file has no errors; warnings, distributions and the epoch estimate follow the guide")
    func wellFormed() {
        let system =
            #"{"messages":[{"role":"system","content":"You are a support agent."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello! How can I help?"}]}"#
        let report = check(Array(repeating: good, count: 9) + [system])
        #expect(!report.hasFormatErrors)
        #expect(report.missingSystem == 9)
        #expect(report.missingUser == 0)
        #expect(report.messageCounts == Array(repeating: 2, count: 9) + [3])
        // 10 examples: 3 epochs would show 30 < 100 examples, so 100 / 10 = 10 epochs.
        #expect(report.defaultEpochs == 10)
        #expect(report.billingTokens == report.tokenCounts.reduce(0, +))
        let distribution = Distribution(report.messageCounts)
        #expect(distribution?.minimum == 2)
        #expect(distribution?.maximum == 3)
        #expect(distribution?.median == 2)
        #expect(abs((distribution?.percentile95 ?? 0) - 2.55) < 1e-9)
        // The guide's count: 3 per message + role + content, plus 3.
        let expected =
            3 + (3 + 1 + TokenEstimator.estimate("Where is my parcel?"))
            + (3 + 1 + TokenEstimator.estimate("It left the depot today."))
        #expect(report.tokenCounts[0] == expected)
        #expect(report.assistantTokenCounts[0] == TokenEstimator.estimate("It left the depot today."))
    }

    @Test("examples over the 16,385 and 65,536 token limits are counted, and billing is capped")
    func tokenLimits() {
        let long = String(repeating: "refund ", count: 20_000)
        let longer = String(repeating: "refund ", count: 70_000)
        let lines = [long, longer].map {
            #"{"messages":[{"role":"user","content":"\#($0)"},{"role":"assistant","content":"ok"}]}"#
        }
        let report = check(lines)
        #expect(report.overLimit[16_385] == 2)
        #expect(report.overLimit[65_536] == 1)
        #expect(report.billingTokens == 2 * 16_385)
    }

    @Test("large files train for fewer epochs")
    func epochsForLargeFiles() {
        var report = ChatFileReport(file: "train.jsonl")
        report.tokenCounts = Array(repeating: 10, count: 20_000)
        #expect(report.defaultEpochs == 1)
        report.tokenCounts = Array(repeating: 10, count: 10_000)
        #expect(report.defaultEpochs == 2)
        report.tokenCounts = Array(repeating: 10, count: 1_000)
        #expect(report.defaultEpochs == 3)
    }
}

@Suite("Token estimate")
struct TokenEstimatorTests {
    @Test(
        "close to cl100k_base on support text (counts from the real tokenizer)",
        arguments: [
            ("Hello world", 2),
            ("I was charged twice for my order #48213 placed yesterday. Can you refund one of the charges?", 21),
            ("My card hasn't arrived after 2 weeks", 9),
            ("Grüße aus München", 5),
            ("Tracking number 1Z999AA10123456784.", 12),
            ("  indented\n\nnew paragraph", 6),
            ("assistant", 1),
        ])
    func closeToTheTokenizer(text: String, tokens: Int) {
        let estimate = TokenEstimator.estimate(text)
        #expect(abs(estimate - tokens) <= max(1, tokens / 5), "\(text): estimated \(estimate), real \(tokens)")
    }

    @Test("the empty text has no tokens; every non-empty text has at least one")
    func bounds() {
        #expect(TokenEstimator.estimate("") == 0)
        #expect(TokenEstimator.estimate("?") == 1)
        #expect(TokenEstimator.estimate("😀") >= 1)
    }
}
