import Testing
import WinnowCore
import WinnowRules

@Suite("support-specific kinds")
struct SupportKindTests {
    @Test(
        "auto_reply catches automatic mail",
        arguments: [
            "Automatic reply: I am out of the office until Monday with limited access to email.",
            "Thank you for your email. This is an automated response.",
            "We have received your request and will get back to you within 24 hours.",
            "Mail Delivery Failed: returning message to sender",
            "Delivery Status Notification (Failure)",
            "From: no-reply@shop.example.com",
        ])
    func autoReplies(text: String) throws {
        #expect(try !TestSupport.findings(kind: "auto_reply", text: text).isEmpty)
    }

    @Test(
        "auto_reply leaves real messages alone",
        arguments: [
            "I have received my order but the box was damaged.",
            "We received your return and issued a refund of $20 today.",
            "Please reply with your order number.",
            "The office chair I bought is broken.",
        ])
    func realMessages(text: String) throws {
        #expect(try TestSupport.findings(kind: "auto_reply", text: text).isEmpty)
    }

    @Test("auto_reply categories restrict what is reported")
    func autoReplyCategories() throws {
        let text = "I am out of the office"
        #expect(try TestSupport.findings(kind: "auto_reply", "categories: [delivery_failure]", text: text).isEmpty)
        let found = try TestSupport.findings(kind: "auto_reply", "categories: [out_of_office]", text: text)
        #expect(found.first?.evidence["category"] == "out_of_office")
    }

    @Test(
        "html_remnants catches markup that survived import",
        arguments: [
            ("Hello<br/>world", "<br/>"), ("Thanks&nbsp;a lot", "&nbsp;"), ("</div>Your order", "</div>"),
            ("It&#39;s late", "&#39;"), ("p.MsoNormal {font-family: Calibri}", "MsoNormal"),
            ("<p class=\"x\">Hi</p>", "<p class=\"x\">"), ("<!-- tracking pixel -->", "<!--"),
        ])
    func htmlRemnants(text: String, expected: String) throws {
        let found = try TestSupport.findings(kind: "html_remnants", text: text)
        #expect(TestSupport.matched(found, in: text).first == expected)
    }

    @Test(
        "html_remnants leaves plain text alone",
        arguments: ["I <3 your product", "a < b and c > d", "R&D team", "AT&T bill", "Contact <jane@example.com>"])
    func notHTML(text: String) throws {
        #expect(try TestSupport.findings(kind: "html_remnants", text: text).isEmpty)
    }

    @Test(
        "template_leftover catches unfilled placeholders",
        arguments: [
            ("I bought {product_purchased} last week", "{product_purchased}"), ("Hi {{name}},", "{{name}}"),
            ("Dear [Customer Name],", "[Customer Name]"), ("Hello [NAME]", "[NAME]"),
            ("Hi %FIRST_NAME%!", "%FIRST_NAME%"), ("Thanks, <<agent name>>", "<<agent name>>"),
            ("Lorem ipsum dolor sit amet", "Lorem ipsum"),
            ("Hi {{ customer.first_name }}", "{{ customer.first_name }}"),
            ("Dear <name>,", "<name>"), ("Call us at <tel_num>.", "<tel_num>"),
        ])
    func templates(text: String, expected: String) throws {
        let found = try TestSupport.findings(kind: "template_leftover", text: text)
        #expect(TestSupport.matched(found, in: text) == [expected])
    }

    @Test func templateLeftoverFindsPlaceholdersAndFillerApart() throws {
        let text = "Lorem ipsum: my {{Order Number}} is late"
        let placeholders = try TestSupport.findings(kind: "template_leftover", "filler: false", text: text)
        #expect(TestSupport.matched(placeholders, in: text) == ["{{Order Number}}"])
        let filler = try TestSupport.findings(kind: "template_leftover", "placeholders: false", text: text)
        #expect(TestSupport.matched(filler, in: text) == ["Lorem ipsum"])
        #expect(throws: RuleError.self) {
            try TestSupport.findings(kind: "template_leftover", "placeholders: false\nfiller: false", text: text)
        }
    }

    @Test(
        "template_leftover leaves JSON, CSS, tags and redaction placeholders alone",
        arguments: [
            "[EXTERNAL] Re: order", "[URGENT] refund", "{\"order\": 1}", "{margin:0}", "50% off, then 20%",
            "Call [EMAIL_1] or [PHONE_2]", "see [1] and [2]", "{x}", "#include <iostream>", "std::vector<int> v",
            "a <b>bold</b> word", "Use <Ctrl> and <Alt>",
        ])
    func notTemplates(text: String) throws {
        #expect(try TestSupport.findings(kind: "template_leftover", text: text).isEmpty)
    }

    @Test(
        "mojibake catches mis-decoded text and suggests the original",
        arguments: [
            ("CafÃ© order", "Ã©", "é"), ("I donâ€™t know", "â€™", "’"), ("Price Â£5", "Â£", "£"),
            ("â€œQuotedâ€", "â€œ", "“"),
        ])
    func mojibake(text: String, matched: String, suggestion: String) throws {
        let found = try TestSupport.findings(kind: "mojibake", text: text)
        #expect(TestSupport.matched(found, in: text).first == matched)
        #expect(found.first?.evidence["suggestion"] == .string(suggestion))
    }

    @Test("mojibake finds replacement characters")
    func replacementCharacter() throws {
        #expect(try TestSupport.findings(kind: "mojibake", text: "caf\u{FFFD} au lait").count == 1)
    }

    @Test(
        "mojibake leaves real accented text alone",
        arguments: [
            "Café crème, naïve façade", "SÃO PAULO", "Grüße aus Köln", "日本語のテキスト", "£5 and €10 — “quoted”",
        ])
    func notMojibake(text: String) throws {
        #expect(try TestSupport.findings(kind: "mojibake", text: text).isEmpty)
    }

    @Test(
        "non_answer catches responses that say nothing",
        arguments: [
            ("We apologize for the inconvenience.", "apology"),
            ("Hi Sam,\n\nSorry for the trouble caused.\n\nBest regards,\nAnna", "apology"),
            ("Your ticket has been escalated to the relevant team.", "escalation"),
            ("Please see attached.", "attachment"),
            ("Hello, please find the attached document. Kind regards, Support Team", "attachment"),
            ("Noted, thanks.", "acknowledgement"),
        ])
    func nonAnswers(text: String, category: String) throws {
        let found = try TestSupport.findings(kind: "non_answer", field: "response", text: text)
        #expect(found.count == 1)
        #expect(found.first?.evidence["category"] == .string(category))
    }

    @Test("non_answer catches a response that repeats the input")
    func repeatsInput() throws {
        let input = "My package arrived damaged and I want a replacement."
        let found = try TestSupport.findings(
            kind: "non_answer", field: "response", text: "my package arrived damaged and I want a replacement",
            response: input)
        #expect(found.first?.evidence["category"] == "repeats_input")
    }

    @Test(
        "non_answer leaves real answers alone",
        arguments: [
            "Sorry for the delay! I've issued a refund of $20 to your card.",
            "Apologies for the trouble. Your replacement ships tomorrow with tracking 1Z999AA10123456784.",
            "I've escalated this and our engineers fixed the login bug; please try again now.",
            "You can reset your password from Settings > Security.",
            "Thanks!",
        ])
    func answers(text: String) throws {
        #expect(try TestSupport.findings(kind: "non_answer", field: "response", text: text).isEmpty)
    }

    @Test(
        "internal_note_leak catches agent notes",
        arguments: [
            "Internal note: customer is a chargeback risk", "@here can someone check this?",
            "Do not share with the customer: we overcharged them", "The customer is angry, offer 10%.",
        ])
    func internalNotes(text: String) throws {
        #expect(try !TestSupport.findings(kind: "internal_note_leak", field: "response", text: text).isEmpty)
    }

    @Test(
        "internal_note_leak leaves customer-facing text alone",
        arguments: [
            "Our customer service team is here to help.", "Your note was added to the order.",
            "Thanks, internally we fixed it.",
        ])
    func customerFacing(text: String) throws {
        #expect(try TestSupport.findings(kind: "internal_note_leak", field: "response", text: text).isEmpty)
    }

    @Test("shouting catches mostly-capital text and leaves acronyms alone")
    func shouting() throws {
        #expect(
            try TestSupport.findings(kind: "shouting", text: "WHERE IS MY ORDER I HAVE BEEN WAITING FOR WEEKS").count
                == 1)
        #expect(try TestSupport.findings(kind: "shouting", text: "WHERE IS IT").isEmpty)
        #expect(try TestSupport.findings(kind: "shouting", text: "My USB-C cable from the UK store is broken").isEmpty)
    }

    @Test("repeated_chars catches runs and ignores digits, spaces and listed characters")
    func repeatedCharacters() throws {
        let text = "Heeeeelp!!!!!!"
        let found = try TestSupport.findings(kind: "repeated_chars", "min_run: 5", text: text)
        #expect(TestSupport.matched(found, in: text) == ["eeeee", "!!!!!!"])
        #expect(try TestSupport.findings(kind: "repeated_chars", text: "Total 1000000 ok").isEmpty)
        #expect(
            try TestSupport.findings(kind: "repeated_chars", "ignore: \"-*\"", text: "----------\n**** 1234").isEmpty)
        #expect(try TestSupport.findings(kind: "repeated_chars", text: "Hello  world, good book").isEmpty)
    }

    @Test(
        "label_allowed suggests the label that was meant",
        arguments: [
            ("billing ", "Billing"), ("BILLING", "Billing"), ("Shiping", "Shipping"), ("order-status", "Order Status"),
        ])
    func nearMisses(label: String, suggestion: String) throws {
        let found = try TestSupport.findings(
            kind: "label_allowed", "labels: [Billing, Shipping, Order Status]", field: "label", text: label)
        #expect(found.first?.evidence["suggestion"] == .string(suggestion))
    }

    @Test("label_allowed accepts listed labels and gives no suggestion for unrelated ones")
    func allowedLabels() throws {
        let parameters = "labels: [Billing, Shipping]"
        #expect(try TestSupport.findings(kind: "label_allowed", parameters, field: "label", text: "Billing").isEmpty)
        let found = try TestSupport.findings(kind: "label_allowed", parameters, field: "label", text: "Warranty")
        #expect(found.count == 1)
        #expect(found.first?.evidence["suggestion"] == nil)
    }
}
