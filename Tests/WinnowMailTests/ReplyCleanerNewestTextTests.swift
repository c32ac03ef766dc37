import Testing
import WinnowCore
import WinnowMail

/// The newest message is never dropped: when in doubt, text stays.
@Suite struct ReplyCleanerNewestTextTests {
    let cleaner = ReplyCleaner()

    @Test func aReplyThatSaysWroteInASentenceStays() {
        let text = "In your last e-mail you wrote:\nthe refund takes 5 days. It has been 12. What happened?"
        #expect(cleaner.clean(text: text) == CleanedReply(text: text))
        let second = "My husband wrote: \"never again\". But I still want the blender replaced."
        #expect(cleaner.clean(text: second).text == second)
    }

    @Test func aReplyThatIsOnlyASignatureStays() {
        let text = "-- \nDana Whitfield\nHead of Purchasing, Example Ltd"
        #expect(cleaner.clean(text: text) == CleanedReply(text: text))
        let footer = cleaner.clean(text: "Sent from my iPhone")
        #expect(footer.text == "Sent from my iPhone")
        #expect(footer.metadata["removed_signatures"] == nil)
    }

    @Test func aMessageThatIsAllQuoteSaysItWasKeptWhole() {
        let cleaned = cleaner.clean(text: "On Mon, 9 Mar 2026 at 18:22, Acme <help@acme.example> wrote:\n> Old text")
        #expect(cleaned.text == "On Mon, 9 Mar 2026 at 18:22, Acme <help@acme.example> wrote:\n> Old text")
        #expect(cleaned.keptWhole)
        #expect(cleaned.metadata["reply_kept_whole"] == .bool(true))
        #expect(cleaned.metadata["removed_quotes"] == nil)
    }

    @Test func topPostedReplyKeepsTheTop() {
        let cleaned = cleaner.clean(
            text: "The code worked, thanks.\n\nOn Mon, 9 Mar 2026 at 18:22, Acme <help@acme.example> wrote:\n"
                + "> Try code X12.\n> Regards")
        #expect(cleaned.text == "The code worked, thanks.")
    }

    @Test func bottomPostedReplyKeepsTheBottom() {
        let cleaned = cleaner.clean(
            text: "On Mon, 9 Mar 2026 at 18:22, Acme <help@acme.example> wrote:\n> Try code X12.\n\n"
                + "It did not work, the page says the code expired.")
        #expect(cleaned.text == "It did not work, the page says the code expired.")
        #expect(cleaned.quoted == ["On Mon, 9 Mar 2026 at 18:22, Acme <help@acme.example> wrote:\n> Try code X12."])
    }

    @Test func inlineRepliesBetweenQuotesStay() {
        let cleaned = cleaner.clean(
            text: "On 9 Mar 2026, at 18:22, Acme <help@acme.example> wrote:\n> What is your order number?\n"
                + "60117\n> And the size you need?\n44, please.\n>\n> Thanks")
        #expect(cleaned.text == "60117\n44, please.")
        #expect(cleaned.quoted.count == 3)
    }

    @Test func aHeaderAtTheTopRemovesOnlyItself() {
        let cleaned = cleaner.clean(
            text: "From: Kim <kim@example.org>\nSent: Friday, 13 March 2026 16:02\nTo: help@acme.example\n"
                + "Subject: Cancel\n\nPlease cancel order 7781.")
        #expect(cleaned.text == "Please cancel order 7781.")
        #expect(cleaned.quoted.first?.hasPrefix("From: Kim") == true)
    }

    @Test func onlyAQuoteIsKeptWhole() {
        let cleaned = cleaner.clean(text: "> Email with only quote.")
        #expect(cleaned.text == "> Email with only quote.")
        #expect(cleaned.keptWhole)
    }

    @Test func aForwardWithoutCommentKeepsTheForwardedText() {
        let cleaned = cleaner.clean(
            text: "---------- Forwarded message ---------\nFrom: Shop <no-reply@shop.example>\n"
                + "Date: Tue, 10 Mar 2026\nSubject: Your invoice\nTo: <kim@example.org>\n\nInvoice 7781 is attached.")
        #expect(cleaned.text == "Invoice 7781 is attached.")
        #expect(cleaned.forwarded.first?.hasPrefix("---------- Forwarded message") == true)
    }

    @Test func signatureDelimiterInsideALineStays() {
        let text = "Hi there!\n\nAnd here is a fix -- this is not a signature.\n\nkthxbai"
        #expect(cleaner.clean(text: text) == CleanedReply(text: text))
    }
}
