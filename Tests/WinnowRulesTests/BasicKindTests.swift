import Testing
import WinnowCore
import WinnowRules

@Suite("regex, length, token_length, empty")
struct BasicKindTests {
    @Test("regex finds every match, with its text")
    func regexMatches() throws {
        let text = "Ticket TCK-123 and TCK-456"
        let findings = try TestSupport.findings(kind: "regex", "pattern: 'TCK-\\d+'", text: text)
        #expect(TestSupport.matched(findings, in: text) == ["TCK-123", "TCK-456"])
        #expect(findings.first?.evidence["matched"] == "TCK-123")
    }

    @Test("regex is case-sensitive unless case_insensitive is set")
    func regexCase() throws {
        let text = "URGENT: refund"
        #expect(try TestSupport.findings(kind: "regex", "pattern: urgent", text: text).isEmpty)
        let found = try TestSupport.findings(kind: "regex", "pattern: urgent\ncase_insensitive: true", text: text)
        #expect(found.count == 1)
    }

    @Test("regex anchors match lines only with multiline")
    func regexMultiline() throws {
        let text = "Hello\n> quoted reply\nThanks"
        #expect(try TestSupport.findings(kind: "regex", "pattern: '^> .*$'", text: text).isEmpty)
        let found = try TestSupport.findings(kind: "regex", "pattern: '^> .*$'\nmultiline: true", text: text)
        #expect(TestSupport.matched(found, in: text) == ["> quoted reply"])
    }

    @Test("a regex prefilter skips texts without its literals")
    func regexPrefilter() throws {
        let parameters = "pattern: 'ORD-\\d+'\nprefilter: [ord-]"
        #expect(try TestSupport.findings(kind: "regex", parameters, text: "see ORD-991").count == 1)
        #expect(try TestSupport.findings(kind: "regex", parameters, text: "see order 991").isEmpty)
    }

    @Test("regex spans count characters in non-ASCII text")
    func regexSpans() throws {
        let text = "Grüße 👋🏽, Bestellung B-77"
        let found = try TestSupport.findings(kind: "regex", "pattern: 'B-\\d+'", text: text)
        #expect(TestSupport.matched(found, in: text) == ["B-77"])
    }

    @Test(
        "length leaves short real tickets alone",
        arguments: ["Where is my order?", "Refund?", "Help!", "Cancel my subscription"])
    func shortTicketsPass(text: String) throws {
        #expect(try TestSupport.findings(kind: "length", "min_chars: 5", text: text).isEmpty)
    }

    @Test("length catches what is too short or too long", arguments: ["?", "hi", "test"])
    func tooShort(text: String) throws {
        let found = try TestSupport.findings(kind: "length", "min_chars: 5", text: text)
        #expect(found.count == 1)
        #expect(found.first?.span == nil)
    }

    @Test("length counts words and characters")
    func wordsAndCharacters() throws {
        #expect(try TestSupport.findings(kind: "length", "max_words: 3", text: "one two three four").count == 1)
        #expect(try TestSupport.findings(kind: "length", "max_words: 4", text: "one  two\nthree four").isEmpty)
        #expect(try TestSupport.findings(kind: "length", "min_words: 2", field: "response", text: "Done.").count == 1)
        #expect(try TestSupport.findings(kind: "length", "max_chars: 5", text: "ééééé").isEmpty)
        #expect(try TestSupport.findings(kind: "length", "max_chars: 4", text: "ééééé").count == 1)
    }

    @Test("token_length compares the tokenizer's count plus special tokens with the limit")
    func tokenLength() throws {
        let long = Array(repeating: "word", count: 300).joined(separator: " ")
        let found = try TestSupport.findings(kind: "token_length", "max_tokens: 256", text: long)
        #expect(found.count == 1)
        #expect(found.first?.evidence["tokens"] == 300)
        let fits = Array(repeating: "word", count: 254).joined(separator: " ")
        #expect(try TestSupport.findings(kind: "token_length", "max_tokens: 256", text: fits).isEmpty)
        #expect(try TestSupport.findings(kind: "token_length", "max_tokens: 256", text: "Where is my order?").isEmpty)
    }

    @Test("token_length without a tokenizer is reported unavailable, not passed")
    func tokenLengthUnavailable() throws {
        let rules = try TestSupport.rules(
            """
            - id: too-many-tokens
              description: d
              severity: info
              field: input
              kind: token_length
            """)
        let engine = RuleEngine(ruleSet: rules)
        #expect(engine.unavailableRules.map(\.ruleID) == ["too-many-tokens"])
        #expect(engine.runningRules.isEmpty)
    }

    @Test("empty catches missing and blank fields", arguments: [nil, "", "  \n\t", "\u{00A0}"] as [String?])
    func empty(response: String?) throws {
        let rules = try TestSupport.rules(
            """
            - id: response-empty
              description: d
              severity: warning
              field: response
              kind: empty
            """)
        let findings = RuleEngine(ruleSet: rules).evaluate(RuleSubject(input: "Hi", response: response))
        #expect(findings.count == 1)
        #expect(findings.first?.field == "response")
    }

    @Test("empty leaves text alone, and missing fields when told to")
    func notEmpty() throws {
        #expect(try TestSupport.findings(kind: "empty", text: "x").isEmpty)
        let rules = try TestSupport.rules(
            """
            - id: response-blank
              description: d
              severity: warning
              field: response
              kind: empty
              missing: false
            """)
        let engine = RuleEngine(ruleSet: rules)
        #expect(engine.evaluate(RuleSubject(input: "Hi")).isEmpty)
        #expect(engine.evaluate(RuleSubject(input: "Hi", response: " ")).count == 1)
    }
}
