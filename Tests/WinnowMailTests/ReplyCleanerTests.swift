import Foundation
import Testing
import WinnowMail

/// Plain-text cleaning: quotes, reply headers, signatures, sign-offs; what is removed is kept.
@Suite struct ReplyCleanerTests {
    /// Closing lines go too here, as they do for agent replies.
    let cleaner = ReplyCleaner(options: ReplyCleaner.Options(removesClosingLines: true))

    @Test func quotedHistoryAndSignatureAreTakenOutAndKept() {
        let cleaned = ReplyCleaner().clean(
            text:
                "Yes, please cancel it.\n\n-- \nDana\n\nOn Tue, 3 Mar 2026, Acme <help@acme.example> wrote:\n> Shall we?"
        )
        #expect(cleaned.text == "Yes, please cancel it.")
        #expect(cleaned.quoted == ["On Tue, 3 Mar 2026, Acme <help@acme.example> wrote:\n> Shall we?"])
        #expect(cleaned.signatures == ["-- \nDana"])
    }

    @Test func plainTextIsUntouched() {
        let text = "Hi,\n\nFrom: my account page I can't see the invoice.\n\nThanks"
        #expect(cleaner.clean(text: text) == CleanedReply(text: text))
    }

    @Test func outlookHeaderBlockInAsterisksWithAWrappedSenderCutsTheRest() {
        let text = """
            Hi

              *From:* bob@example.com [mailto:
              bob@example.com]
              *Sent:* Wednesday, June 27, 2012 3:05 PM
              *To:* travis@example.com
              *Subject:* Hello

            Blah quoted
            """
        let cleaned = ReplyCleaner().clean(text: text)
        #expect(cleaned.text == "Hi")
        #expect(
            cleaned.quoted == [
                "  *From:* bob@example.com [mailto:\n  bob@example.com]\n  *Sent:* Wednesday, June 27, 2012 3:05 PM\n"
                    + "  *To:* travis@example.com\n  *Subject:* Hello\n\nBlah quoted"
            ])
    }

    @Test func wrappedAttributionLineCutsTheRest() {
        let cleaned = cleaner.clean(
            text: "Yes, that works.\n\nOn Tue, 3 Mar 2026 at 10:02, Acme Support <support@acme.example>\nwrote:\n> Old")
        #expect(cleaned.text == "Yes, that works.")
        #expect(cleaned.quoted == ["On Tue, 3 Mar 2026 at 10:02, Acme Support <support@acme.example>\nwrote:\n> Old"])
    }

    @Test func aHeaderEndingInTheSendersAddressAndTheVerbWithoutAColon() {
        // The quoted message under it has no `>` marks.
        let cleaned = cleaner.clean(
            text: "It works now, thanks.\n\nOn Wed, 14 Nov 2018 08:14:43 -0200 Acme <help@acme.example> wrote\n\n"
                + "When are you available?")
        #expect(cleaned.text == "It works now, thanks.")
        #expect(cleaned.quoted.first?.hasSuffix("When are you available?") == true)
        // A sentence telling what someone wrote, with no address, stays.
        let sentence = "On Monday the courier wrote\n\nthat the parcel is at the depot."
        #expect(cleaner.clean(text: sentence).text == sentence)
        // A short rule right above a quoted header block goes with the quote.
        let ruled = cleaner.clean(
            text: "Please cancel it.\n\n====\n\nFrom: Acme <help@acme.example>\nSent: Monday, 3 March 2026 10:02\n"
                + "To: ann@example.com\nSubject: Your order\n\nYour order has shipped.")
        #expect(ruled.text == "Please cancel it.")
    }

    @Test func gmailHeaderWithoutColonAndPipeQuote() {
        let text =
            "If I do that, the group is gone after a refresh.\n\n\n2013/7/20 sam via Acme Forum <info@acme.example>"
            + "\n\n| sam replied to your post:\n| ----------\n|\n| Does it persist?\n|"
        let cleaned = ReplyCleaner().clean(text: text)
        #expect(cleaned.text == "If I do that, the group is gone after a refresh.")
        #expect(cleaned.quoted.count == 1)
        #expect(cleaned.quoted.first?.hasPrefix("2013/7/20 sam via Acme Forum") == true)
        #expect(cleaned.quoted.first?.hasSuffix("| Does it persist?\n|") == true)
        // The same header above `>` lines, with a time; a pipe run under an `On ... wrote:` header.
        let angled = ReplyCleaner().clean(text: "Done.\n\n2026-03-03 10:02 Acme <help@acme.example>\n> Shall we?")
        #expect(angled.text == "Done.")
        #expect(angled.quoted == ["2026-03-03 10:02 Acme <help@acme.example>\n> Shall we?"])
        let piped = ReplyCleaner().clean(
            text: "On Tue, 3 Mar 2026, Acme <help@acme.example> wrote:\n| Shall we?\n\nYes.")
        #expect(piped.text == "Yes.")
    }

    @Test(arguments: [
        // A table after a line ending in a colon with a date is the customer's own text.
        "My orders from 2024-05-02:\n| order | amount |\n|---|---|\n| 55012 | 12.99 |",
        // A dated line with an address and no quote under it is text too.
        "2024/05/02 Sam Reyes <sam@example.com>\nplease send the invoice to this address.",
    ])
    func pipeLinesAndDatedAddressesAloneStay(text: String) {
        #expect(ReplyCleaner().clean(text: text) == CleanedReply(text: text))
    }

    @Test func inlineQuotesAreRemovedEachRunOnce() {
        let cleaned = cleaner.clean(text: "> Can you refund?\nYes, done.\n> And the fee?\n> Thanks\nAlso refunded.")
        #expect(cleaned.text == "Yes, done.\nAlso refunded.")
        #expect(cleaned.quoted == ["> Can you refund?", "> And the fee?\n> Thanks"])
    }

    @Test func signatureBeforeQuotedHistory() {
        let cleaned = cleaner.clean(
            text:
                "Thanks!\n-- \nAna\nAcme\n\n-----Original Message-----\nFrom: Bo\nSent: Monday\nSubject: Hi\n\nOld text"
        )
        #expect(cleaned.text == "Thanks!")
        #expect(cleaned.signatures == ["-- \nAna\nAcme"])
        #expect(cleaned.quoted.first?.hasPrefix("-----Original Message-----\nFrom: Bo") == true)
    }

    @Test(arguments: [
        ("Refund issued today.\n\nKind regards,\n-- \nTom Becker\nAcme", "Kind regards,\n-- \nTom Becker\nAcme"),
        (
            "Refund issued today.\n\nBest regards,\nMarta Silva\nAcme Shop Customer Care",
            "Best regards,\nMarta Silva\nAcme Shop Customer Care"
        ),
        ("Can you check my order?\nThanks,\nPriya", "Thanks,\nPriya"),
        ("Done.\nMany thanks again!\nSent from my iPhone", "Many thanks again!\nSent from my iPhone"),
    ])
    func signOffGoesWithTheSignature(text: String, signature: String) {
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.signatures == [signature])
        #expect(!cleaned.text.contains("regards") && !cleaned.text.hasSuffix("Thanks,"))
    }

    @Test(arguments: [
        // The closing line is the whole message, or its last line with nothing after it.
        "Thanks!", "Can you check my order?\nThanks", "Kind regards,\nTom",
        // What follows the closing line is text, not a name.
        "Thanks\nI will wait for the courier then.", "Thank you\nIs the refund on its way?",
        "Best\nquality shoes I ever bought, but the size is wrong and I would like to swap them for a 44",
    ])
    func textThatOnlyLooksLikeASignOffStays(text: String) {
        #expect(cleaner.clean(text: text) == CleanedReply(text: text))
    }

    @Test func closingLinesWithoutASignatureStayByDefault() {
        let cleaned = ReplyCleaner().clean(text: "Can you check my order?\n\nThanks,\nPriya")
        #expect(cleaned.text == "Can you check my order?\n\nThanks,\nPriya")
        #expect(cleaned.signatures.isEmpty)
    }

    @Test func outlookHeaderWithoutSeparator() {
        let cleaned = cleaner.clean(text: "See attached.\n\nFrom: Bo <bo@example.com>\nSent: Monday\nTo: Ana\n\nOld")
        #expect(cleaned.text == "See attached.")
        #expect(cleaned.quoted.count == 1)
    }

    @Test(arguments: [
        "Sent from my iPhone", "Sent from my Galaxy", "Get Outlook for Android", "sent from my phone",
        "Sent from my TI-85",
        "Sent from my iPad. Please excuse typos.", "Sent from my iMac",
    ])
    func deviceFooters(footer: String) {
        let cleaned = cleaner.clean(text: "Where is my parcel?\n\n\(footer)")
        #expect(cleaned.text == "Where is my parcel?")
        #expect(cleaned.signatures == [footer])
    }

    /// A notification's title over the earlier replies it quotes (Discourse's `*Previous Replies*`), under a rule,
    /// cuts from the rule; the words alone, or under no rule, are the customer's.
    @Test(arguments: ["*Previous Replies*", "*Vorherige Antworten*", "Previous replies:"])
    func previousRepliesUnderARuleAreHistory(title: String) {
        let history =
            "---\n\(title)\n\nThis is previous reply #1.\n\nPosted by kim on 01/15/2026\n\n---\n[Visit the Topic]"
        let cleaned = cleaner.clean(text: "The refund is still missing.\n\n\(history)")
        #expect(cleaned.text == "The refund is still missing.")
        #expect(cleaned.quoted == [history])
        let own = "The refund is still missing.\n\nPrevious replies:\n\nyou said five days."
        #expect(cleaner.clean(text: own) == CleanedReply(text: own))
    }

    @Test func aSentenceOpeningLikeAFooterStays() {
        let text = "Here is another email\n\nSent from my desk, is much easier than my mobile phone."
        #expect(ReplyCleaner().clean(text: text) == CleanedReply(text: text))
    }

    @Test func spansPointAtTheRemovedBytesAndCarriageReturnsAreKeptOut() throws {
        let text = "Größe 44, bitte.\r\n\r\nAm 3. März 2026 um 10:02 schrieb Acme <help@acme.example>:\r\n> Welche?\r\n"
        let cleaned = ReplyCleaner().clean(text: text)
        #expect(cleaned.text == "Größe 44, bitte.")
        let span = try #require(cleaned.spans.first)
        #expect(span.part == .quoted)
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[span.bytes], as: UTF8.self).hasPrefix("Am 3. März 2026"))
        #expect(String(decoding: bytes[span.bytes], as: UTF8.self).hasSuffix("> Welche?"))
    }

    @Test func quotedMessagesAreCountedThroughTheWholeHistory() {
        // Outlook's header blocks, one per earlier message, each under the text it answers.
        let outlook = """
            Thanks, that works.

            From: Sam <sam@shop.example>
            Sent: Monday, November 2, 2026 2:40 PM
            To: Lena <lena@example.de>
            Subject: RE: Lamp

            Please send a photo.

            -----Original Message-----
            From: Lena <lena@example.de>
            Sent: Monday, November 2, 2026 9:12 AM
            Subject: Lamp

            The shade is cracked.
            """
        #expect(ReplyCleaner.quotedMessageCount(text: outlook) == 2)
        // Nested `>` quotes: as many as the deepest nesting, even under one header.
        let nested = """
            Done.

            On Mon, Nov 2, 2026 at 2:40 PM Sam <sam@shop.example> wrote:
            > Please send a photo.
            >
            > > The shade is cracked.
            """
        #expect(ReplyCleaner.quotedMessageCount(text: nested) == 2)
        #expect(ReplyCleaner.quotedMessageCount(text: "The shade is cracked.\n\nLena") == 0)
        let html = """
            <html><body><div>Thanks.</div><div style="border:none;border-top:solid #E1E1E1 1.0pt">
            <p><b>From:</b> Sam &lt;sam@shop.example&gt;<br><b>Sent:</b> Monday, November 2, 2026 2:40 PM<br>
            <b>To:</b> Lena<br><b>Subject:</b> RE: Lamp</p></div><p>Please send a photo.</p></body></html>
            """
        #expect(ReplyCleaner.quotedMessageCount(html: html) == 1)
        // Two levels, as Outlook nests a reply to a reply; Gmail's quote inside a quote.
        let twice = html.replacingOccurrences(
            of: "<p>Please send a photo.</p>",
            with: "<p>Please send a photo.</p><div style=\"border:none;border-top:solid #E1E1E1 1.0pt\"><p><b>From:</b>"
                + " Lena &lt;lena@example.de&gt;<br><b>Sent:</b> Monday, November 2, 2026 9:12 AM<br><b>Subject:</b>"
                + " Lamp</p></div><p>The shade is cracked.</p>")
        #expect(ReplyCleaner.quotedMessageCount(html: twice) == 2)
        let gmail = """
            <div>Done.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, Nov 2, 2026 at 2:40 PM Sam \
            &lt;sam@shop.example&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Please send a photo.</div>\
            <div class="gmail_quote"><div class="gmail_attr">On Mon, Nov 2, 2026 at 9:12 AM Lena \
            &lt;lena@example.de&gt; wrote:<br></div><blockquote class="gmail_quote">The shade is cracked.</blockquote>\
            </div></blockquote></div>
            """
        #expect(ReplyCleaner.quotedMessageCount(html: gmail) == 2)
    }
}
