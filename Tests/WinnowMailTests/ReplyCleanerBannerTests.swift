import Testing
import WinnowCore
import WinnowMail

/// Mail gateways' banners (`CAUTION: This email originated from outside...`) are neither the customer's words nor
/// the agent's: they are taken out, and kept under `removed_banners`; text that only mentions "external" stays.
@Suite struct ReplyCleanerBannerTests {
    let cleaner = ReplyCleaner()

    @Test func aBannerOpeningTheMessageIsRemoved() {
        let banner =
            "CAUTION: This message came from outside Northwind Traders. Do not open attachments or follow links "
            + "unless you trust the sender."
        let cleaned = cleaner.clean(text: banner + "\n\nHi team,\nthe invoice for order 4471 is missing.\n\nPriya")
        #expect(cleaned.text == "Hi team,\nthe invoice for order 4471 is missing.\n\nPriya")
        #expect(cleaned.banners == [banner])
        #expect(cleaned.metadata["removed_banners"] == .array([.string(banner)]))
        #expect(cleaned.spans.map(\.part) == [.banner])
        #expect(cleaned.removedAnything)
    }

    @Test func aBannerWrappedOverLinesAndRunIntoTheGreetingIsRemoved() {
        let text = """
            EXTERNAL EMAIL: this e-mail was sent from outside of the company. Think twice before you
            click a link or open an attachment, and report anything suspicious.
            Hello,
            the tracking page for parcel 99812 shows nothing since Friday.
            """
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.text == "Hello,\nthe tracking page for parcel 99812 shows nothing since Friday.")
        #expect(cleaned.banners.count == 1)
    }

    @Test func stackedBannersWithTheirRulesAreRemoved() {
        let text = """
            [You don't often get email from kim@example.org. Learn why this is important at https://aka.ms/LearnAboutSenderIdentification ]

            !--------------------------------------------|
              This Message Is From an External Sender
              Be careful with links and attachments in it.
            |--------------------------------------------!

            Good morning,
            my card was charged twice for order 3310.
            """
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.text == "Good morning,\nmy card was charged twice for order 3310.")
        // Banners one under the other are one removed block.
        #expect(cleaned.banners.count == 1)
        #expect(cleaned.banners.first?.hasSuffix("|--------------------------------------------!") == true)
    }

    @Test(arguments: [
        "ACHTUNG: Diese E-Mail stammt von einem externen Absender. Öffnen Sie Links und Anhänge nur, wenn Sie dem "
            + "Absender vertrauen.",
        "Externe E-Mail",
        "ATTENTION : Ce courriel provient de l'extérieur de l'organisation. Ne cliquez pas sur les liens et "
            + "n'ouvrez pas les pièces jointes si vous ne connaissez pas l'expéditeur.",
        "PRECAUCIÓN: Este correo electrónico se originó fuera de la organización. No haga clic en enlaces ni abra "
            + "archivos adjuntos si no reconoce al remitente.",
        "LET OP: Deze e-mail is afkomstig van buiten de organisatie. Klik niet op links en open geen bijlagen als "
            + "u de afzender niet vertrouwt.",
        "ATTENZIONE: Questa email proviene da un mittente esterno. Non aprire allegati o link se non conosci il "
            + "mittente.",
        "[EXT]",
        "*** EXTERNAL SENDER *** Verify the sender before you open links or attachments.",
        "Caution: This is an external email. Please take care when clicking links or opening attachments.",
        "No suele recibir correos electrónicos de ana@example.es. Por qué esto es importante",
    ])
    func bannersInOtherWordingsAndLanguagesAreRemoved(banner: String) {
        let cleaned = cleaner.clean(text: banner + "\n\nBestellung 5512 ist nicht angekommen.")
        #expect(cleaned.text == "Bestellung 5512 ist nicht angekommen.")
        #expect(cleaned.banners == [banner])
    }

    @Test func aLabelOrRuleAloneAboveABannerGoesWithIt() {
        let text = """
            CAUTION:

            This Message Is From an External Sender
            This message came from outside your organization.
            ----------------------------------------------------

            Can you tell me when the store in Leeds opens again?
            """
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.text == "Can you tell me when the store in Leeds opens again?")
        #expect(cleaned.banners.first?.hasPrefix("CAUTION:\n\nThis Message") == true)
        #expect(cleaned.banners.first?.hasSuffix("-----") == true)
    }

    @Test func proofpointsPreviewOfTheFirstWordsGoesWithItsBanner() {
        let text = """
            Hello, the discount code from your newsletter is not accepted at...
            This Message Is From an External Sender
            This message came from outside your organization.

            Hello,
            the discount code from your newsletter is not accepted at checkout.
            """
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.text == "Hello,\nthe discount code from your newsletter is not accepted at checkout.")
        #expect(cleaned.banners.first?.hasPrefix("Hello, the discount code") == true)
        // A line with an ellipsis that is not how the message opens stays.
        let other =
            "Well...\nThis Message Is From an External Sender\nThis message came from outside your "
            + "organization.\n\nHello,\nthe code fails."
        #expect(cleaner.clean(text: other).banners.isEmpty)
    }

    @Test func aBannerClosingTheMessageIsRemoved() {
        let banner =
            "WARNING: This email was sent from an external source. Treat links and attachments in it with caution."
        let cleaned = cleaner.clean(text: "Please reset the password of account 8812.\n\n" + banner)
        #expect(cleaned.text == "Please reset the password of account 8812.")
        #expect(cleaned.banners == [banner])
        let signed = cleaner.clean(
            text: "Please reset the password of account 8812.\n\n-- \nJo Baker\nExample Ltd\n\n" + banner)
        #expect(signed.text == "Please reset the password of account 8812.")
        #expect(signed.signatures == ["-- \nJo Baker\nExample Ltd"])
        #expect(signed.banners == [banner])
    }

    @Test(arguments: [
        "Caution: the external drive stopped working after the firmware update.",
        "WARNING: external sender addresses are rejected by your filter since Monday. Can you check?",
        "External: monitor not detected after the update.",
        "This email is about the external hard drive I returned last week.",
        "We got an email from outside the company asking us to click a link and reset our password. Is it yours?",
        "Attention: this email is for the billing team. Our external auditor needs the March invoices.",
        "Important: I had a message that came from outside the organization, it said not to open attachments.",
        "Our gateway adds \"CAUTION: This email originated from outside of the organization\" to all your mails.",
        "Important: the link in your email about the external sender policy is broken.",
        "Attention: your e-mail to the external sender bounced. The link in it was not safe.",
        "Hinweis: Die externe E-Mail-Adresse ist falsch. Bitte prüfen Sie die Links.",
        "This email was sent from outside the app because the app crashed. The link is below.",
        "Attention. This message came from outside the company, so links may fail to open, right?",
        "EXTERNAL",
        "Extern",
        "\"CAUTION: This email originated from outside of the organization\" is on all your e-mails, why?",
        "CAUTION: This email originated from outside of the organization... why does your shop write this?",
    ])
    func textThatOnlyMentionsExternalStays(line: String) {
        let text = line + "\n\nOrder 7781, placed on 3 March."
        #expect(cleaner.clean(text: text) == CleanedReply(text: text))
    }

    @Test func aBannerInQuotedHistoryGoesWithTheHistory() {
        let banner = "CAUTION: This email originated from outside of the organization. Do not click links."
        let quoted = cleaner.clean(
            text: "Thanks, that fixed it.\n\nOn Tue, 3 Mar 2026 at 10:02, Acme Support <help@acme.example> wrote:\n"
                + "> " + banner + "\n>\n> Hi Priya, try restarting the router.")
        #expect(quoted.text == "Thanks, that fixed it.")
        #expect(quoted.banners.isEmpty)
        #expect(quoted.quoted.first?.contains(banner) == true)
        let outlook = cleaner.clean(
            text: "Thanks, that fixed it.\n\nFrom: Acme Support <help@acme.example>\n"
                + "Sent: Tuesday, March 3, 2026 10:02 AM\nTo: Priya\nSubject: RE: Router\n\n" + banner
                + "\n\nHi Priya, try restarting the router.")
        #expect(outlook.text == "Thanks, that fixed it.")
        #expect(outlook.banners.isEmpty)
        #expect(outlook.quoted.first?.contains(banner) == true)
    }

    @Test func aReplySentWithNothingTypedIsEmpty() {
        let history =
            "On Tue, 3 Mar 2026 at 10:02, Acme Support <help@acme.example> wrote:\n> Try restarting the router."
        let footer = cleaner.clean(text: "Sent from my iPhone\n\n" + history)
        #expect(footer.text.isEmpty)
        #expect(!footer.keptWhole)
        #expect(footer.signatures == ["Sent from my iPhone"])
        #expect(footer.quoted.count == 1)
        let banner = "[EXTERNAL] This message came from outside your organization. Be careful with links."
        let bannered = cleaner.clean(text: banner + "\n\n" + history)
        #expect(bannered.text.isEmpty)
        #expect(!bannered.keptWhole)
        #expect(bannered.banners == [banner])
        // Typed text under the history is the reply.
        let below = cleaner.clean(text: "Sent from my iPhone\n\n" + history + "\n\nIt did not help.")
        #expect(below.text == "It did not help.")
        #expect(below.signatures == ["Sent from my iPhone"])
        // Without history, what there is stays.
        #expect(cleaner.clean(text: "Sent from my iPhone").text == "Sent from my iPhone")
        let alone = cleaner.clean(text: banner)
        #expect(alone.text == banner)
        #expect(alone.keptWhole)
    }

    @Test func aForwardWithoutCommentUnderABannerOrFooterKeepsTheForwardedText() {
        let forward =
            "---------- Forwarded message ---------\nFrom: Shop <no-reply@shop.example>\nDate: Tue, 10 Mar 2026\n"
            + "Subject: Your invoice\nTo: <kim@example.org>\n\nInvoice 7781 is attached."
        let bannered = cleaner.clean(
            text: "EXTERNAL: This message was sent from outside the company. Do not open unexpected attachments.\n\n"
                + forward)
        #expect(bannered.text == "Invoice 7781 is attached.")
        #expect(bannered.banners.count == 1)
        let footer = cleaner.clean(text: "Sent from my iPad\n\n" + forward)
        #expect(footer.text == "Invoice 7781 is attached.")
        #expect(footer.signatures == ["Sent from my iPad"])
    }

    @Test func aBannerBlockInHTMLIsRemovedWhateverFollowsIt() {
        let html = """
            <html><body><div class="WordSection1">
            <table style="background:#FFEB9C"><tr><td>&#9888;</td><td><b>CAUTION:</b> This email originated from \
            outside of the organization. Do not click links or open attachments unless you recognize the sender.\
            </td></tr></table>
            <div>Hi Anna,</div><div>the replacement part has not arrived.</div>
            <div style="background-color:#fce8e6">EXTERNAL: This message was sent from outside the company. \
            Report suspicious links.</div>
            </div></body></html>
            """
        let cleaned = cleaner.clean(html: html)
        #expect(cleaned.text == "Hi Anna,\nthe replacement part has not arrived.")
        #expect(cleaned.banners.count == 2)
        #expect(cleaned.banners.first?.hasPrefix("⚠ CAUTION: This email originated") == true)
    }

    @Test func outlooksFirstContactTipInHTMLIsRemoved() {
        let html = """
            <table><tr><td><div>You don't often get email from kim@example.org. \
            <a href="https://aka.ms/LearnAboutSenderIdentification">Learn why this is important</a></div></td>\
            <td width="75"></td></tr></table>
            <div>Hello,</div><div>please cancel my subscription.</div>
            <div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Acme</div><div>Old text</div>
            """
        let cleaned = cleaner.clean(html: html)
        #expect(cleaned.text == "Hello,\nplease cancel my subscription.")
        #expect(cleaned.banners == ["You don't often get email from kim@example.org. Learn why this is important"])
    }

    @Test func anHTMLReplyOfABannerAndAQuoteIsEmpty() {
        let cleaned = cleaner.clean(
            html: "<div style=\"border:1px solid red\">[EXTERNAL] This message came from outside your organization. "
                + "Be careful with links.</div><blockquote type=\"cite\">Try restarting the router.</blockquote>")
        #expect(cleaned.text.isEmpty)
        #expect(!cleaned.keptWhole)
        #expect(cleaned.quoted == ["Try restarting the router."])
    }

    @Test func htmlThatOnlyMentionsExternalStays() {
        let cleaned = cleaner.clean(
            html: "<div>Caution: the external drive stopped working.</div><div>What should I do?</div>")
        #expect(cleaned.text == "Caution: the external drive stopped working.\nWhat should I do?")
        #expect(!cleaned.removedAnything)
    }

    @Test func theCheapFirstLookFindsABannerWithoutAColon() {
        #expect(cleaner.mayFindParts("[EXTERNAL] Be careful with links\n\nHello"))
        #expect(cleaner.mayFindParts("This Message Is From an External Sender\n\nHello"))
    }
}

/// A gateway's tag at the start of a subject (`[EXTERNAL]`, `EXT:`, `*EXTERNAL*`) is dropped as a reply prefix is,
/// so that the subject line of an example and threading by subject see the customer's subject.
@Suite struct GatewaySubjectTagTests {
    @Test(arguments: [
        ("RE: [EXTERNAL] Refund for order 88", "Refund for order 88"),
        ("[EXT] Fwd: Refund for order 88", "Refund for order 88"),
        ("*EXTERNAL* Re: Refund for order 88", "Refund for order 88"),
        ("EXTERNAL: RE: Refund for order 88", "Refund for order 88"),
        ("[External Email] Refund for order 88", "Refund for order 88"),
        ("AW: [Extern] Rückerstattung", "Rückerstattung"),
        ("(EXTERNAL) Refund", "Refund"),
        ("External: monitor not detected", "External: monitor not detected"),
        ("[#4411] Refund", "[#4411] Refund"),
        ("Externally hosted site is down", "Externally hosted site is down"),
    ])
    func tagsAreDroppedFromTheSubject(subject: String, expected: String) {
        #expect(MailThreader.withoutReplyPrefixes(subject) == expected)
    }

    @Test func taggedRepliesThreadWithTheirQuestion() {
        #expect(MailThreader.normalisedSubject("EXTERNAL: RE: Refund for order 88") == "refund for order 88")
        #expect(MailThreader.normalisedSubject("*EXT* Refund for order 88") == "refund for order 88")
        #expect(MailThreader.isReply("EXTERNAL: RE: Refund"))
        #expect(!MailThreader.isReply("[EXTERNAL] Refund"))
        let envelopes = [
            MailThreader.Envelope(
                number: 1, messageID: "a", parents: [], subject: "Refund for order 88",
                date: MailDate(secondsSince1970: 86_400), participants: ["kim@c", "help@s"]),
            MailThreader.Envelope(
                number: 2, messageID: "b", parents: [], subject: "*EXTERNAL* RE: Refund for order 88",
                date: MailDate(secondsSince1970: 2 * 86_400), participants: ["help@s", "kim@c"]),
        ]
        #expect(MailThreader().threads(envelopes) == [[1, 2]])
    }
}
