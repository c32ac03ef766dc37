import Foundation
import Testing
import WinnowMail

/// HTML bodies as mail clients write them: their quote containers, reply headers and signatures.
@Suite struct ReplyCleanerHTMLTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/mail")

    /// Each fixture, the newest text it holds, and a word of its quoted history.
    @Test(arguments: [
        // Gmail and Apple Mail write an empty line as `<div><br></div>`: a blank line, as the client shows it.
        ("gmail-reply.html", "The replacement arrived today and it fits. Please close the ticket.\n\nKim", "warehouse"),
        (
            "apple-mail-reply.html",
            "Hallo,\n\ndie Rücksendung ist unterwegs, die Sendungsnummer lautet 00340434161.\n\nViele Grüße\nJonas",
            "Sendungsnummer."
        ),
        ("thunderbird-reply.html", "Bonjour,\n\nle colis n'est toujours pas arrivé. Pouvez-vous vérifier ?", "expédié"),
        (
            "outlook-reply.html", "Hola,\n\nla factura sigue mostrando el importe antiguo.\n\nSaludos,\nLucía",
            "corregido"
        ),
        (
            "outlook-border-reply.html",
            "Goedemiddag,\n\nHet pakket is nog niet bezorgd. Kunt u het nakijken?\n\nMet vriendelijke groet,\nSanne",
            "verzonden."
        ),
        ("outlook-mac-reply.html", "Yes, please go ahead with the refund.", "Shall we"),
        ("owa-appendonsend.html", "Die Adresse lautet Hauptstraße 5, 10115 Berlin.", "Lieferadresse?"),
        ("yahoo-reply.html", "Thanks, the code worked.", "SPRING26"),
        ("mailru-reply.html", "Спасибо, всё получил.\n\nИван", "отправлен"),
        ("hotmail-reply.html", "Sì, confermo l'indirizzo.\nGiulia", "confermare"),
        ("bold-header-reply.html", "Hej,\njag vill byta till storlek 44.\nErik", "storlek vill"),
    ])
    func clientReply(file: String, newest: String, quotedWord: String) throws {
        let html = try String(contentsOf: Self.fixtures.appendingPathComponent(file), encoding: .utf8)
        let cleaned = ReplyCleaner().clean(html: html)
        #expect(cleaned.text == newest)
        #expect(!cleaned.keptWhole)
        #expect(cleaned.quoted.contains { $0.contains(quotedWord) }, "\(cleaned.quoted)")
        #expect(!cleaned.text.contains(quotedWord))
    }

    @Test func markupSignatureTakesTheClosingLineAlong() {
        let cleaned = ReplyCleaner().clean(
            html: "<div>Please cancel my order.</div><div>Thanks,</div><div class=\"gmail_signature\">Kim Park<br>"
                + "Example Ltd</div>")
        #expect(cleaned.text == "Please cancel my order.")
        #expect(cleaned.signatures == ["Kim Park\nExample Ltd", "Thanks,"])
    }

    @Test func inlineRepliesBetweenBlockquotesStay() {
        let cleaned = ReplyCleaner().clean(
            html: "<blockquote type=\"cite\">Which size?</blockquote><div>44</div>"
                + "<blockquote type=\"cite\">Which colour?</blockquote><div>Black, please.</div>")
        #expect(cleaned.text == "44\nBlack, please.")
        #expect(cleaned.quoted == ["Which size?", "Which colour?"])
    }

    /// A blockquote citing a web page is the sender's text; one citing a message, or nothing, is a quote.
    @Test func aBlockquoteCitingAWebPageStays() {
        let page = ReplyCleaner().clean(
            html: "<p>Your terms say:</p><blockquote cite=\"https://acme.example/terms\"><p>Refunds within 30 days."
                + "</p></blockquote><p>So where is mine?</p>")
        #expect(page.text == "Your terms say:\n\nRefunds within 30 days.\n\nSo where is mine?")
        #expect(!page.removedAnything)
        let message = ReplyCleaner().clean(
            html: "<p>Thanks!</p><blockquote type=\"cite\" cite=\"mid:a1@acme.example\"><p>Refunded.</p></blockquote>")
        #expect(message.text == "Thanks!")
        #expect(message.quoted == ["Refunded."])
    }

    @Test func aBodyWithOnlyAQuoteIsKeptWhole() {
        let cleaned = ReplyCleaner().clean(html: "<blockquote>Only the old message.</blockquote>")
        #expect(cleaned.text == "Only the old message.")
        #expect(cleaned.keptWhole)
    }

    @Test func markedUpTextIsNeverReadAsMarkers() {
        let cleaned = ReplyCleaner().clean(html: "<p>\u{E000}0 is my code</p><p>\u{E001}</p><p>Is it valid?</p>")
        #expect(cleaned.text == "0 is my code\n\nIs it valid?")
        #expect(!cleaned.removedAnything)
        #expect(ReplyCleaner().clean(text: "\u{E000}0 is my code").text == "\u{E000}0 is my code")
    }
}
