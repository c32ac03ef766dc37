import Foundation
import Testing
import WinnowMail

/// Client forms the cleaner learnt from reply-parser fixtures it had not been tuned on: app footers, a header
/// with no time that is not one, header windows that must not reach up into the reply, Sparrow's forward marker
/// (headers and separators per language are in `ReplyCleanerLanguageTests`).
@Suite struct ReplyCleanerClientFormsTests {
    let cleaner = ReplyCleaner()
    static let reply = "The parcel came today, thank you."

    /// Mobile mail apps' footers: Outlook's in Dutch, German and French, iOS Mail's in Hungarian, Romanian and
    /// Arabic, mail apps' `Sent using ...`, and an app named with its link.
    @Test(arguments: [
        "Verzonden vanuit Outlook voor iOS", "Gesendet von Outlook für Android<https://aka.ms/xyz>",
        "Télécharger Outlook pour Android", "Az iPhone-omról küldve", "Trimis de pe iPhone-ul meu",
        "Trimis de pe Yahoo Mail pe Android", "أُرسلت من الـ iPhone", "Sent using the mobile mail app",
        "Sent from TypeApp<http://www.typeapp.example/r?b=1>", "Sent from AOL Mobile Mail",
        "Sent from Proton Mail Android",
        "Sent wirelessly from my BlackBerry device on the Bell network.",
        "Envoyé sans fil par mon terminal mobile BlackBerry sur le réseau de Bell.",
    ])
    func appFooters(footer: String) {
        let cleaned = cleaner.clean(text: "\(Self.reply)\n\n\(footer)")
        #expect(cleaned.text == Self.reply, "\(footer)")
        #expect(cleaned.signatures == [footer])
    }

    /// A footer line that is a sentence stays: no link after the app, no app word after `Sent using`.
    @Test(arguments: [
        "Sent from Lisbon <on Monday>", "Sent using the courier you suggested, it was quick.",
        "Sent from the post office by mail",
    ])
    func sentencesLikeFootersStay(line: String) {
        let text = "\(Self.reply)\n\n\(line)\nPlease confirm the invoice."
        #expect(cleaner.clean(text: text).text == text)
    }

    /// A footer above the rest of the thread takes the thread with it.
    /// A rule drawn right above a footer goes with it.
    @Test func aRuleAboveAFooterGoesWithIt() {
        let rule = String(repeating: "-", count: 64)
        let cleaned = cleaner.clean(
            text: "\(Self.reply)\n\n\(rule)\nSent via Bell Mobility's Text Messaging service.\n"
                + "Envoyé par le service de messagerie texte de Bell Mobilité.\n\(rule)")
        #expect(cleaned.text == Self.reply)
    }

    @Test func footerAboveAThreadCutsIt() {
        let cleaned = cleaner.clean(
            text: "\(Self.reply)\nVerzonden vanuit Outlook voor iOS\n\nshop@example.com wrote:\n\nDid it arrive?")
        #expect(cleaned.text == Self.reply)
    }

    /// A line opening with a date and ending in an address, without a time, is not such a header.
    @Test func datedLineWithoutATimeStays() {
        let text = "\(Self.reply)\n\n12.05.2025 is when I mailed <team@shop.example>:\n\nStill nothing."
        #expect(cleaner.clean(text: text).text == text)
    }

    /// A reply line just above a header is not the header's first line when the header opens on its own line with
    /// the language's "On" word and its date, even when the reply line opens with such a word too (`Il`).
    @Test(arguments: [
        "Il pacco è arrivato rotto\nLe mar. 13 mai 2025, 09:15, Shop Team a écrit :",
        "In the end 2025 09:15 was fine, see the tracking\n\nNothing else to add\n\n"
            + "Em 13 de mai. de 2025 09:15, team@shop.example escreveu:",
    ])
    func replyAboveAHeaderStays(text: String) {
        let header = text.split(separator: "\n").last.map(String.init) ?? ""
        let reply = String(text.dropLast(header.count)).trimmingCharacters(in: .whitespacesAndNewlines)
        let cleaned = cleaner.clean(text: "\(text)\n\nYour order has shipped.")
        #expect(cleaned.text == reply)
        #expect(cleaned.quoted.first?.hasPrefix(header) == true)
    }

    @Test func sparrowForwardMarker() {
        let cleaned = cleaner.clean(
            text: "\(Self.reply)\n\nForwarded message:\n\n> From: Shop <team@shop.example>\n> Subject: Order\n>\n"
                + "> Your order has shipped.")
        #expect(cleaned.text == Self.reply)
        #expect(cleaned.forwarded.count == 1)
    }

    /// A link the sender's client wrapped out of a quote stays with the quote: the rest of a link left open on the
    /// quoted line above, or a link alone in parentheses between quoted lines (talon's fixtures).
    @Test(arguments: [
        "> View ticket (http://example.com/action\n_nonce=3dd518)\n>",
        ">\n> Post a response by replying to this email\n>\n (http://example.com/c/YzOTYzMmE) >\n> life is short.",
    ])
    func linksWrappedOutOfAQuoteAreQuoted(quote: String) {
        let cleaned = cleaner.clean(
            text: "\(Self.reply)\n\nOn Monday, 24 September, 2012 at 3:46 PM, bob wrote:\n\n\(quote)")
        #expect(cleaned.text == Self.reply)
        #expect(cleaned.quoted.count == 1)
    }

    /// A reply between quoted lines stays, a bare link too; so does text between arrows, which opens as a quote does.
    @Test func inlineRepliesAndArrowsStay() {
        let inline =
            "On Mon, 3 Mar 2026 at 10:02, Acme <help@acme.example> wrote:\n> Which order?\nhttps://shop.example/o/1\n"
            + "> Anything else?\nNo, thanks."
        #expect(cleaner.clean(text: inline).text == "https://shop.example/o/1\nNo, thanks.")
        let arrows =
            "Visit us now for assistance...\n>>> >>>  http://www.domain.com <<<\nVisit our site by clicking the link above"
        #expect(cleaner.clean(text: arrows).text == arrows)
    }

    /// A date line over a `To:` line is no header block without a time, a year and an address.
    @Test func dateLabelsInTextStay() {
        let text = "\(Self.reply)\n\nDate: next Monday\nTo: the warehouse, please."
        #expect(cleaner.clean(text: text).text == text)
    }

    /// `---` over a name is a signature's delimiter; over more than names it is a rule inside the message.
    @Test func threeDashesOverANameAreADelimiter() {
        let signed = cleaner.clean(text: "Hey, how are you?\n---\nRoman")
        #expect(signed.text == "Hey, how are you?")
        #expect(signed.signatures == ["---\nRoman"])
        let ruled = "\(Self.reply)\n---\nUpdate: the box was crushed, what now?"
        #expect(cleaner.clean(text: ruled).text == ruled)
    }

    /// A line of the reply opening with "On" does not start a header that ends lines below it, under a header led
    /// by one dash (Zimbra's).
    @Test func aReplyLineOpeningWithOnStaysAboveAZimbraHeader() {
        let text =
            "Bonjour Toby,\n\nText paragraph 1\n\nOn this line is the issue\n\nText paragraph 2\n\nMichael Scott\n\n"
            + "- On 2021-04-09 23:25, Toby Flenderson a wrote:\n> BONJOUR Mike,\n> Vous venez de recevoir un message."
        #expect(
            cleaner.clean(text: text).text
                == "Bonjour Toby,\n\nText paragraph 1\n\nOn this line is the issue\n\nText paragraph 2\n\nMichael Scott"
        )
    }

    /// The end of a long quoted line wrapped without its `>` stays in the quote; a short answer between quoted
    /// lines is a reply.
    @Test func wrappedQuoteLinesStayQuoted() {
        let wrapped =
            "\(Self.reply)\n\nIl giovedì 8 dicembre 2016, Acme <help@acme.example>\nha scritto:\n> Ciao\n"
            + "> Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nullam pharetra d\nignissim odio?\n>\n> Grazie"
        #expect(cleaner.clean(text: wrapped).text == Self.reply)
        let inline =
            "On Mon, 3 Mar 2026 at 10:02, Acme <help@acme.example> wrote:\n> Which size?\nmedium please\n> Colour?"
        #expect(cleaner.clean(text: inline).text == "medium please")
    }

    /// History headers of other clients cut what follows them, the line over the header with it: a French webmail's
    /// `Message du :` block under its rule, `NAME <address> schrieb:` over unquoted text, a sender line whose value is
    /// an address standing alone between blank lines, Lotus Notes' title line over its header table.
    @Test(arguments: [
        ("\n\n========================================\n\nMessage du : 12/12/2016 13:20\nDe : \"Acme \" "
            + "<help@acme.example>\nA : kim@example.org\nCopie à : \nSujet :  Votre commande\n\nBonjour"),
        "\n\nTest user <test@example.com> schrieb:\n\nMeine vorige Nachricht",
        "\n\nFrom: somebody@example.com\n\n<http://email.example.com/c/dHJh\n>\n\nRequester: ",
        ("\n\nMartin Edenhofer via Znuny Team --- Installation [Ticket#11392] ---\n\nVon: \"Martin Edenhofer\" "
            + "<support@example.com>\nAn: eike@example.com\nDatum: Mi., 13.06.2012 14:30\n"
            + "Betreff: Installation [Ticket#11392]\n\nHi Eike,"),
    ])
    func otherClientsHeadersCutTheHistory(history: String) {
        #expect(cleaner.clean(text: Self.reply + history).text == Self.reply)
    }

    /// Without an address, the sender and the verb need a quote under them; a sender line in a sentence's lines
    /// stays.
    @Test(arguments: [
        "Vielen Dank.\n\nMein Kollege schrieb:\n\nDas Paket ist unterwegs.",
        "Please change my e-mail address\nFrom: old@example.com\nthe new one is below.",
    ])
    func senderLinesInTextStay(text: String) {
        #expect(cleaner.clean(text: text).text == text)
    }
}
