import Foundation
import Testing
import WinnowCore
import WinnowRules

/// The shipped rules over realistic tickets: planted problems are found, clean tickets get no flag.
@Suite("default rules")
struct DefaultRulesTests {
    static let cleanTickets: [RuleSubject] = [
        // Code printing "\n", with real line breaks around it, is no escaped text.
        RuleSubject(
            input: "How do I print two lines?",
            response: "Use this:\n\n    printf(\"first\\n\");\n    printf(\"second\\n\");\n\nIt prints both lines.",
            label: "Technical"),
        RuleSubject(
            input: "Where is my order?",
            response: "Hi Maria, your order shipped yesterday and should arrive by Friday. You can follow it from "
                + "the Orders page.",
            label: "Order Status"),
        RuleSubject(
            input: "Hello,\n\nI was charged twice for order #4532015112830367 on 2024-03-15 ($1,299.00). Can you "
                + "refund the second charge?\n\nThanks,\nTom",
            response: "Hi Tom,\n\nSorry about that! I've refunded the duplicate charge of $1,299.00; it will show "
                + "on your statement within 5 business days.\n\nBest regards,\nAnna",
            label: "Billing"),
        RuleSubject(
            input: "The app crashes on launch since updating to v2.14.3 on my Pixel 7.",
            response: "Thanks for the report. Version 2.14.4 fixes this crash; please update from the Play Store "
                + "and let us know if it happens again.",
            label: "Technical Support"),
        RuleSubject(
            input: "Tracking 1Z999AA10123456784 hasn't moved in a week. Order number 12345678.",
            response: "I checked with the carrier: the parcel was delayed at the depot and is out for delivery "
                + "today.",
            label: "Shipping"),
        RuleSubject(
            input: "Refund?",
            response: "Refunds go back to the original payment method within 3 to 5 days of us receiving the "
                + "return.",
            label: "Refund"),
        RuleSubject(input: "Can I change the delivery address for my order?", label: "Delivery"),
        RuleSubject(
            input: "Je n'ai pas reçu ma commande, pouvez-vous vérifier ?",
            response: "Bonjour, votre colis a été livré au point relais ce matin. Bonne journée !",
            label: "Delivery"),
        RuleSubject(
            input: "I'm sorry to bother you, but the zipper on my jacket broke after two days.",
            response: "So sorry to hear that! I've started a free replacement; you'll get a prepaid return label "
                + "by email within the hour.",
            label: "Returns"),
        // Chinese and Thai write no spaces between words: a sentence is no single word.
        RuleSubject(input: "我的银行卡还没有收到，请问什么时候能到？", response: "您好，您的卡已寄出，三天内到达。", label: "Delivery"),
        RuleSubject(input: "บัตรของฉันยังไม่มาถึง", response: "บัตรของคุณถูกส่งแล้วและจะมาถึงภายในสามวัน", label: "Delivery"),
    ]

    /// Tickets with one planted problem each, and the rule that must find it.
    static let plantedTickets: [(rule: String, subject: RuleSubject)] = [
        (
            "helpdesk-spam",
            RuleSubject(
                input: "Buy replica watches at the best prices.", label: "Other",
                metadata: JSONObject([(key: "status", value: "spam")]))
        ),
        (
            "helpdesk-spam",
            RuleSubject(
                input: "Please delete all my personal data.", label: "Account",
                metadata: JSONObject([(key: "spam", value: false), (key: "deleted", value: true)]))
        ),
        (
            "quoted-history",
            RuleSubject(
                input:
                    "Any news on this?\n\nOn Tue, 4 Jun 2024 at 10:02, Support <help@example.com> wrote:\n> We are on it.",
                label: "Account")
        ),
        (
            "quoted-history",
            RuleSubject(input: "See below.\n\n-----Original Message-----\nFrom: Support", label: "Account")
        ),
        (
            "quoted-history",
            RuleSubject(
                input: "Danke!\n\nAm 04.06.2024 um 10:02 schrieb Support <help@example.com>:\n\n> Wir kümmern uns.",
                label: "Account")
        ),
        (
            "quoted-history",
            RuleSubject(
                input:
                    "Still broken.\n\n*From:* Support\n*Sent:* Tuesday, June 4, 2024 10:02\n*Subject:* Login\n\nFixed?",
                label: "Account")
        ),
        (
            "quoted-history",
            RuleSubject(
                input:
                    "Any news?\n\nOn Tue, 4 Jun 2024 at 10:02, Support Team\n<help@example.com> wrote:\n\nWe are on it.",
                label: "Account")
        ),
        (
            "mailing-list-footer",
            RuleSubject(
                input:
                    "How do I clear a bucket?\n\n_______________________________________________\nriak-users mailing list",
                label: "Technical")
        ),
        ("signature-block", RuleSubject(input: "Where is my order?\n\nSent from my iPhone", label: "Delivery")),
        ("signature-block", RuleSubject(input: "Where is my order?\n\nVon meinem iPhone gesendet", label: "Delivery")),
        (
            "signature-block",
            RuleSubject(
                input: "Where is my order?\n\nCONFIDENTIALITY NOTICE: this e-mail is confidential.", label: "Delivery")
        ),
        ("signature-block", RuleSubject(input: "Where is my order?\n-- \nJane", label: "Delivery")),
        (
            "gateway-banner",
            RuleSubject(
                input:
                    "CAUTION: This email originated from outside of the organization. Do not click links or open"
                    + " attachments unless you recognize the sender.\n\nWhere is my order?",
                label: "Delivery")
        ),
        (
            "pii-email",
            RuleSubject(input: "Please write to me at jane.doe@example.com about my order.", label: "Account")
        ),
        ("pii-phone", RuleSubject(input: "Call me back on +44 20 7946 0958 please.", label: "Account")),
        ("pii-card", RuleSubject(input: "My card 4111 1111 1111 1111 was declined.", label: "Payment")),
        ("pii-iban", RuleSubject(input: "Refund to DE89 3704 0044 0532 0130 00 please.", label: "Refund")),
        ("pii-ip", RuleSubject(input: "I can't log in from 203.0.113.42 at work.", label: "Account")),
        (
            "pii-handle",
            RuleSubject(
                input: "@acmehelp my parcel never came", response: "@jane_d1 Sorry! Please DM us your order number.",
                label: "Shipping")
        ),
        (
            "pii-address",
            RuleSubject(input: "Please send it here.\n\nJane Doe\n221B Baker Street\nLondon", label: "Delivery")
        ),
        ("secrets", RuleSubject(input: "I can't log in, my password is Hunter2024!", label: "Account")),
        ("input-empty", RuleSubject(input: "   ", label: "Account")),
        ("response-blank", RuleSubject(input: "Where is my order?", response: " ", label: "Order Status")),
        ("label-missing", RuleSubject(input: "Where is my order?")),
        ("answer-missing", RuleSubject(input: "Is the store open on Sunday?")),
        ("input-too-short", RuleSubject(input: "hi", label: "Account")),
        ("input-too-long", RuleSubject(input: String(repeating: "log line 42 ok\n", count: 1500), label: "Account")),
        ("response-too-short", RuleSubject(input: "Cancel my order please.", response: "Done.", label: "Cancellation")),
        (
            "input-token-length",
            RuleSubject(input: Array(repeating: "word", count: 400).joined(separator: " "), label: "Feedback")
        ),
        ("label-allowed", RuleSubject(input: "Why was I charged twice?", label: "billing ")),
        (
            "shouting-input",
            RuleSubject(input: "WHERE IS MY ORDER I HAVE BEEN WAITING FOR THREE WEEKS", label: "Shipping")
        ),
        (
            "shouting-response",
            RuleSubject(
                input: "Where is my order?", response: "YOUR ORDER HAS SHIPPED, PLEASE WAIT.", label: "Shipping")
        ),
        ("repeated-chars-input", RuleSubject(input: "Refund me now!!!!!!!", label: "Refund")),
        (
            "repeated-chars-response",
            RuleSubject(input: "Did it ship?", response: "Yes it did!!!!!!! Enjoy.", label: "Shipping")
        ),
        (
            "response-too-long",
            RuleSubject(
                input: "Tell me everything about your returns policy.",
                response: String(repeating: "Our returns policy covers this case too. ", count: 300), label: "Returns")
        ),
        ("bounce", RuleSubject(input: "Mail Delivery Failed: returning message to sender", label: "Account")),
        (
            "bounce",
            RuleSubject(
                input: "Your weekly digest is ready", label: "Feedback",
                metadata: JSONObject([(key: "from", value: "no-reply@news.example.com")]))
        ),
        (
            "auto-reply-input",
            RuleSubject(input: "Automatic reply: I am out of the office until Monday.", label: "Account")
        ),
        (
            "auto-reply-response",
            RuleSubject(
                input: "My invoice is wrong.",
                response: "We have received your request and will get back to you within 48 hours.", label: "Billing")
        ),
        (
            "html-remnants",
            RuleSubject(input: "<div>My order&nbsp;is late</div>", label: "Shipping")
        ),
        (
            "template-leftover-response",
            RuleSubject(
                input: "Is this in stock?", response: "Hi {{name}}, yes it is in stock.", label: "Product Question")
        ),
        (
            "template-leftover-input",
            RuleSubject(
                input: "I'm having an issue with the {product_purchased}. Please assist.", label: "Technical Support")
        ),
        (
            "filler-text-input",
            RuleSubject(input: "Lorem ipsum dolor sit amet, my order is late.", label: "Shipping")
        ),
        ("mojibake", RuleSubject(input: "I donâ€™t have my receipt", label: "Returns")),
        (
            "media-left-out",
            RuleSubject(
                input: "What do these lights mean?", response: "The red one means no uplink.", label: "Network",
                metadata: JSONObject([(key: "left_out_parts", value: ["image_url"])]))
        ),
        (
            "escaped-line-breaks",
            RuleSubject(
                input: "Account locked", response: #"Dear customer,\n\nwe have unlocked your account.\nRegards"#,
                label: "Account")
        ),
        (
            "non-answer",
            RuleSubject(
                input: "My refund never arrived.", response: "We apologize for the inconvenience.", label: "Refund")
        ),
        (
            "internal-note-leak",
            RuleSubject(
                input: "Can I get a discount?",
                response: "Internal note: customer threatened a chargeback. Offer 10% max.", label: "Billing")
        ),
        (
            "agent-speak",
            RuleSubject(
                input: "This is the third time I ask.",
                response: "The customer is upset about the delay, refund shipping.", label: "Complaint")
        ),
    ]

    @Test("every default rule file loads and every kind is used")
    func loads() throws {
        let rules = try RuleSet.load(directories: [TestSupport.defaultRulesDirectory])
        #expect(Set(rules.rules.map(\.kind)) == Set(RuleKind.allCases))
        #expect(rules.rules.allSatisfy { $0.origin.file.hasPrefix("/") || $0.origin.file.hasPrefix("Rules/") })
    }

    @Test("clean tickets get no finding", arguments: cleanTickets)
    func cleanTicketsPass(subject: RuleSubject) throws {
        let findings = try TestSupport.defaultEngine().evaluate(subject)
        #expect(findings.isEmpty, "\(findings.map { "\($0.ruleID): \($0.message)" })")
    }

    @Test("planted problems are found by the rule meant for them", arguments: plantedTickets)
    func plantedProblemsFound(rule: String, subject: RuleSubject) throws {
        let findings = try TestSupport.defaultEngine().evaluate(subject)
        #expect(findings.contains { $0.ruleID == rule }, "\(findings.map { "\($0.ruleID): \($0.message)" })")
    }

    @Test("a helpdesk export's columns in metadata: contact details are found, dates, ids and amounts are not")
    func metadataColumns() throws {
        let subject = RuleSubject(
            input: "Where is my parcel?", label: "Shipping",
            metadata: JSONObject([
                (key: "created", value: "2024-05-02 14:02:11"), (key: "updated", value: "2024-05-02T14:05:00Z"),
                (key: "opened", value: "05/02/2024 2:02 PM"), (key: "epoch", value: "1714658531"),
                (key: "order_id", value: "732201349959"), (key: "amazon_order", value: "100-2038474-1234567"),
                (key: "tracking", value: "1Z999AA10123456784"), (key: "usps", value: "9400111899223344556677"),
                (key: "zip", value: "94107"), (key: "postcode", value: "SW1A 1AA"), (key: "amount", value: "1234.56"),
                (key: "price", value: "€12.99"), (key: "card_last4", value: "4242"), (key: "agent", value: "Anna"),
                (key: "tags", value: .array(["refund", "vip", "2024-Q2"])),
                (key: "customer_phone", value: "+1 415 555 0134"), (key: "customer_email", value: "sam.r@example.org"),
                (key: "ip", value: "10.0.0.12"), (key: "iban", value: "GB82WEST12345698765432"),
                (key: "message_ids", value: .array(["a-5521@shop.example", "CAH7x=9Kq@mail.gmail.com"])),
                // A helpdesk export's own message-id columns name messages, not people.
                (key: "Message-ID", value: "<CAH7x=9Kq@mail.gmail.com>"),
                (key: "In-Reply-To", value: "<a-5521@shop.example>"),
                (key: "internetMessageId", value: "<DB7PR0@eurprd04.prod.outlook.com>"),
            ]))
        let findings = try TestSupport.defaultEngine().evaluate(subject)
        #expect(
            findings.map { "\($0.ruleID) \($0.field)" }.sorted() == [
                "pii-email metadata.customer_email", "pii-iban metadata.iban", "pii-ip metadata.ip",
                "pii-phone metadata.customer_phone",
            ])
    }

    @Test("a reply quoting a no-reply header is not a bounce; findings point at the quoted span")
    func bounceIgnoresQuotedHeaders() throws {
        let input =
            "Thanks, the new password works.\n\nOn Tue, 4 Jun 2024 at 10:02, Acme <no-reply@acme.example> wrote:\n"
            + "> Your password was reset."
        let findings = try TestSupport.defaultEngine().evaluate(RuleSubject(input: input, label: "Account"))
        #expect(!findings.contains { $0.ruleID == "bounce" }, "\(findings.map(\.ruleID))")
        let quoted = try #require(findings.first { $0.ruleID == "quoted-history" })
        let span = try #require(quoted.span)
        #expect(span.start == "Thanks, the new password works.\n\n".count)
        #expect(span.end == input.count)
        let sender = RuleSubject(
            input: input, label: "Account", metadata: JSONObject([(key: "from", value: "no-reply@acme.example")]))
        #expect(try TestSupport.defaultEngine().evaluate(sender).contains { $0.ruleID == "bounce" })
        let newest = RuleSubject(input: "Mail delivery failed: no-reply@acme.example\n\n> old text", label: "Account")
        #expect(try TestSupport.defaultEngine().evaluate(newest).contains { $0.ruleID == "bounce" })
    }

    @Test("a ticket the helpdesk left in play is no spam: open, closed, numbered states, flags not set")
    func helpdeskStatesInPlay() throws {
        for metadata in [
            [(key: "status", value: JSONValue.string("closed")), (key: "spam", value: false)],
            // ServiceNow numbers its states (1 is New), Freshdesk its statuses.
            [(key: "state", value: 1), (key: "status", value: 2)],
            [(key: "deleted", value: false), (key: "is_spam", value: "no")],
            [(key: "status", value: "Spam reported by customer")],
        ] {
            let subject = RuleSubject(
                input: "Where is my parcel?", label: "Shipping", metadata: JSONObject(metadata))
            let findings = try TestSupport.defaultEngine().evaluate(subject)
            #expect(!findings.contains { $0.ruleID == "helpdesk-spam" }, "\(metadata)")
        }
    }

    @Test("every default rule has a planted ticket")
    func everyRuleCovered() throws {
        let rules = try RuleSet.load(directories: [TestSupport.defaultRulesDirectory])
        let covered = Set(DefaultRulesTests.plantedTickets.map(\.rule))
        let uncovered = rules.activeRules.map(\.id).filter { !covered.contains($0) }
        #expect(uncovered.isEmpty, "\(uncovered)")
    }

    @Test("a batch gives the same findings as one at a time")
    func batch() throws {
        let engine = try TestSupport.defaultEngine()
        let subjects = Array(
            repeating: DefaultRulesTests.cleanTickets + DefaultRulesTests.plantedTickets.map(\.subject), count: 20
        ).flatMap { $0 }
        let batched = engine.evaluate(batch: subjects)
        #expect(batched == subjects.map { engine.evaluate($0) })
    }
}

extension RuleSubject: CustomTestStringConvertible {
    public var testDescription: String { String(input.prefix(50)) }
}

extension DefaultRulesTests {
    @Test("label-allowed runs only when the project has a label list, and names the list in its message")
    func labelAllowedNeedsAProjectList() throws {
        let withoutList = try TestSupport.defaultEngine(projectLabels: nil)
        #expect(!withoutList.runningRules.contains { $0.id == "label-allowed" })
        let reason = try #require(withoutList.unavailableRules.first { $0.ruleID == "label-allowed" }?.reason)
        #expect(reason.contains("winnow init --labels"))
        #expect(withoutList.evaluate(RuleSubject(input: "My card never came", label: "card_arrival")).isEmpty)

        let withList = try TestSupport.defaultEngine()
        let finding = try #require(
            withList.evaluate(RuleSubject(input: "My card never came", label: "billing ")).first {
                $0.ruleID == "label-allowed"
            })
        #expect(finding.message.contains("team-labels.txt"))
        #expect(finding.evidence["suggestion"] == "Billing")
    }
}

extension DefaultRulesTests {
    @Test("a rule about a field being missing stays silent on a data set where no example has that field")
    func missingFieldRulesStaySilentOnDataWithoutTheField() throws {
        let rules = try RuleSet.load(directories: [TestSupport.defaultRulesDirectory])
        let unlabelled = RuleEngine(ruleSet: rules, absentFields: [.label])
        #expect(unlabelled.unavailableRules.contains { $0.ruleID == "label-missing" })
        #expect(
            !unlabelled.evaluate(RuleSubject(input: "Where is my parcel?")).contains { $0.ruleID == "label-missing" })
        let labelled = RuleEngine(ruleSet: rules)
        #expect(labelled.evaluate(RuleSubject(input: "Where is my parcel?")).contains { $0.ruleID == "label-missing" })
    }

    @Test("answers' placeholders are slots, at info, where the customers' messages hold placeholders on purpose")
    func placeholdersWrittenOnPurposeAreSlots() throws {
        // A templated data set: a fifth of its requests hold a placeholder.
        let templated = (0..<100).map {
            $0 % 5 == 0 ? "cancel order {{Order Number}} (\($0))" : "reset my password \($0)"
        }
        let slots = try #require(RuleEngine.placeholderSlots(inputs: templated))
        #expect(slots == "20 of 100 sampled messages hold one")
        // Real tickets: a leftover or two is no convention.
        let tickets = (0..<100).map { $0 < 3 ? "my {product_purchased} broke" : "my parcel \($0) is late" }
        #expect(RuleEngine.placeholderSlots(inputs: tickets) == nil)
        let rules = try RuleSet.load(directories: [TestSupport.defaultRulesDirectory])
        let engine = RuleEngine(ruleSet: rules, placeholderSlots: slots)
        #expect(engine.softenedRules.map(\.ruleID) == ["template-leftover-response"])
        let subject = RuleSubject(
            input: "cancel order {{Order Number}}", response: "I have cancelled {{Order Number}}.", label: "cancel")
        let finding = try #require(engine.evaluate(subject).first { $0.ruleID == "template-leftover-response" })
        #expect(finding.severity == .info)
        let plain = RuleEngine(ruleSet: rules)
        #expect(plain.evaluate(subject).first { $0.ruleID == "template-leftover-response" }?.severity == .error)
    }
}
