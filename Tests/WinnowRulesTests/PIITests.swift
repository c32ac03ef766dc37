import Testing
import WinnowCore
import WinnowRules

@Suite("pii")
struct PIITests {
    private func found(_ type: String, _ text: String) throws -> [String] {
        let findings = try TestSupport.findings(kind: "pii", "types: [\(type)]", text: text)
        return TestSupport.matched(findings, in: text)
    }

    @Test(
        "finds e-mail addresses",
        arguments: [
            ("Contact me at jane.doe+orders@example.co.uk please", "jane.doe+orders@example.co.uk"),
            ("mail: JOHN_SMITH@Mail.Example.COM.", "JOHN_SMITH@Mail.Example.COM"),
            ("<anna@shop.io>", "anna@shop.io"),
        ])
    func emails(text: String, expected: String) throws {
        #expect(try found("email", text) == [expected])
    }

    @Test(
        "leaves non-addresses alone",
        arguments: ["Meet @ 5pm", "user@localhost", "price @ $5.00", "twitter handle @winnow_support", "a@b.c"])
    func notEmails(text: String) throws {
        #expect(try found("email", text).isEmpty)
    }

    @Test(
        "finds the handles a social media reply opens with",
        arguments: [
            ("@sprintcare is the worst customer service", ["@sprintcare"]),
            ("@AppleSupport @115712 Which iOS version are you on? DM us.", ["@AppleSupport", "@115712"]),
            ("@ann@social.example: thanks, fixed", ["@ann@social.example"]),
            // The turns joined into an input open paragraphs.
            ("@sprintcare no signal\n\n@sprintcare still nothing", ["@sprintcare", "@sprintcare"]),
        ])
    func handles(text: String, expected: [String]) throws {
        #expect(try found("handle", text) == expected)
    }

    @Test(
        "leaves handles inside sentences, alone, or in code annotations alone",
        arguments: [
            "Thanks to @jane for the help", "ask @support", "@Override\npublic void run() {}",
            "@Test(arguments: [1])", "@sprintcare", "Meet @ 5pm",
            "Hello\n@ann please look",
        ])
    func notHandles(text: String) throws {
        #expect(try found("handle", text).isEmpty)
    }

    @Test(
        "finds phone numbers in international and national formats",
        arguments: [
            ("Call me on +44 20 7946 0958 after 5", "+44 20 7946 0958"),
            ("My number is (555) 123-4567.", "(555) 123-4567"),
            ("ring 020 7946 0958 any time", "020 7946 0958"),
            ("555-123-4567", "555-123-4567"),
            ("+1 (555) 123-4567 ext", "+1 (555) 123-4567"),
            ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
            ("mobile: 07911 123456", "07911 123456"),
            ("tel 5551234567", "5551234567"),
            ("01 23 45 67 89 is my landline", "01 23 45 67 89"),
            ("+4915112345678", "+4915112345678"),
            ("my number is 555-123-4567", "555-123-4567"),
            ("call 07700900123 please", "07700900123"),
        ])
    func phones(text: String, expected: String) throws {
        #expect(try found("phone", text) == [expected])
    }

    @Test(
        "does not report order, tracking, date, price or version numbers as phones",
        arguments: [
            "Order #4532015112830367 has not arrived", "tracking 1Z999AA10123456784", "Updated to v2.14.3 today",
            "Delivered on 2024-03-15 at 10:30", "It cost $1,299.00", "order number 12345678",
            "Order 123-456-7890 is late", "invoice 0203 4567 8901", "15.03.2024", "ISBN 978-3-16-148410-0",
            "from 2019-2024", "card 4111 1111 1111 1111", "IBAN DE89 3704 0044 0532 0130 00", "Server 192.168.1.10",
            "ticket 10000234", "I paid 1299.00 on 03/15/2024", "version 10.15.7 (build 19H2)",
            "my purchase number 732201349959 was charged twice", "payment 4402118834 failed",
            "my number is 732201349959", "contact 22334455667788", "account number: 55512345678",
            "the transfer reference 20240315 0001 is missing", "Am 03.02.2016 3:35 nachm. schrieb Max",
        ])
    func notPhones(text: String) throws {
        #expect(try found("phone", text).isEmpty)
    }

    @Test(
        "finds card numbers that pass Luhn",
        arguments: [
            ("card 4111 1111 1111 1111 expires", "4111 1111 1111 1111"),
            ("4532015112830366", "4532015112830366"),
            ("amex 3782-822463-10005", "3782-822463-10005"),
            ("5555555555554444.", "5555555555554444"),
        ])
    func cards(text: String, expected: String) throws {
        #expect(try found("card", text) == [expected])
    }

    @Test(
        "leaves numbers that are not cards alone",
        arguments: [
            "Order #4532015112830367", "order 1234567812345678", "tracking 9400111899223197428490",
            "ref 0000000000000000", "12345678901234567890123",
        ])
    func notCards(text: String) throws {
        #expect(try found("card", text).isEmpty)
    }

    @Test(
        "finds IBANs that pass mod-97",
        arguments: [
            ("Please refund to DE89 3704 0044 0532 0130 00 thanks", "DE89 3704 0044 0532 0130 00"),
            ("IBAN: GB82WEST12345698765432.", "GB82WEST12345698765432"),
            ("GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
        ])
    func ibans(text: String, expected: String) throws {
        #expect(try found("iban", text) == [expected])
    }

    @Test(
        "leaves invalid IBANs alone", arguments: ["DE89 3704 0044 0532 0130 01", "GB82WEST12345698765433", "AB12 CD"])
    func notIBANs(text: String) throws {
        #expect(try found("iban", text).isEmpty)
    }

    @Test(
        "finds IP addresses",
        arguments: [
            ("from 192.168.1.10 yesterday", "192.168.1.10"), ("ip=10.0.0.255", "10.0.0.255"),
            ("v6 2001:db8::8a2e:370:7334 here", "2001:db8::8a2e:370:7334"),
        ])
    func ipAddresses(text: String, expected: String) throws {
        #expect(try found("ip", text) == [expected])
    }

    @Test(
        "leaves versions and times alone", arguments: ["v1.2.3.4", "1.2.3.4.5", "256.1.1.1", "at 10:30:45", "2.14.3"])
    func notIPAddresses(text: String) throws {
        #expect(try found("ip", text).isEmpty)
    }

    @Test(
        "finds street addresses in signatures",
        arguments: [
            ("Best,\nJane Doe\n221B Baker Street\nLondon", "221B Baker Street"),
            ("Ship to 1600 Amphitheatre Pkwy, Mountain View", "1600 Amphitheatre Pkwy"),
            ("12 High St.", "12 High St"),
        ])
    func addresses(text: String, expected: String) throws {
        #expect(try found("address", text) == [expected])
    }

    @Test(
        "leaves other numbers and streets alone",
        arguments: ["I live on Baker Street", "3 items arrived", "Order 5 way"])
    func notAddresses(text: String) throws {
        #expect(try found("address", text).isEmpty)
    }

    @Test(
        "finds secrets",
        arguments: [
            ("my password is hunter2 btw", "hunter2"),
            ("Password: Summer2024!", "Summer2024!"),
            ("key sk_live_51HxYzAbCdEfGhIjKlMnOpQr in config", "sk_live_51HxYzAbCdEfGhIjKlMnOpQr"),
            ("AWS AKIAIOSFODNN7EXAMPLE leaked", "AKIAIOSFODNN7EXAMPLE"),
            ("api_key=9f8e7d6c5b4a39281706", "9f8e7d6c5b4a39281706"),
            (
                "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc"
            ),
            ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        ])
    func secrets(text: String, expected: String) throws {
        #expect(try found("secret", text) == [expected])
    }

    @Test(
        "leaves talk about passwords alone",
        arguments: [
            "I forgot my password", "How do I reset my password?", "The password is incorrect", "password: ********",
            "Your API key settings page", "task-force meeting", "My PIN is blocked?", "my pin was denied!",
        ])
    func notSecrets(text: String) throws {
        #expect(try found("secret", text).isEmpty)
    }

    @Test("spans are in characters, not bytes")
    func characterOffsets() throws {
        let text = "Café ☕️ naïve: write to zoë@example.com"
        let findings = try TestSupport.findings(kind: "pii", "types: [email]", text: text)
        #expect(TestSupport.matched(findings, in: text) == ["zoë@example.com"])
        let span = try #require(findings.first?.span)
        #expect(span == TextSpan(start: 23, end: 38))
    }

    @Test("evidence names the type but never holds the found text")
    func evidence() throws {
        let findings = try TestSupport.findings(kind: "pii", "types: [email]", action: "redact", text: "jo@x.org")
        let finding = try #require(findings.first)
        #expect(finding.evidence["type"] == "email")
        #expect(finding.evidence["redact_as"] == "EMAIL")
        #expect(finding.evidence["matched"] == nil)
        #expect(finding.message == "e-mail address")
    }
}
