import Testing
import WinnowMail

/// Signatures written without a `-- ` delimiter: a block of contact details ending the message, and names above a
/// device footer. Customers' messages (the default options) are cleaned here: closing lines stay, blocks go.
@Suite struct SignatureBlockTests {
    let cleaner = ReplyCleaner()

    @Test func aBlockOfContactDetailsEndingTheMessageIsTheSignature() {
        let cleaned = cleaner.clean(
            text: """
                The invoice for March is missing the VAT number, could you send it again?

                Gina Moreau
                gina@moreau.example
                (555) 346-9947
                www.moreau.example
                """)
        #expect(cleaned.text == "The invoice for March is missing the VAT number, could you send it again?")
        #expect(cleaned.signatures == ["Gina Moreau\ngina@moreau.example\n(555) 346-9947\nwww.moreau.example"])
    }

    @Test func theClosingLineAboveTheBlockGoesWithIt() {
        let cleaned = cleaner.clean(
            text:
                "My parcel never came.\n\nBest regards,\nJohn E. Doe, Ph.D.\nPresident\nDoe Research\nTel: +44 20 7946 0958"
        )
        #expect(cleaned.text == "My parcel never came.")
        #expect(
            cleaned.signatures == ["Best regards,\nJohn E. Doe, Ph.D.\nPresident\nDoe Research\nTel: +44 20 7946 0958"])
    }

    @Test func aBlockOpeningWithARuleAndSpreadOverParagraphs() {
        let text =
            "Please close my account.\n\n----------------\n\nME Jean Roy\n\nXxxxxxx du Québec\n\nt. 555-931-0702\n\n"
            + "skype: jeanroy\n\nhttp://roy.example/"
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.text == "Please close my account.")
        #expect(cleaned.signatures.count == 1)
        #expect(cleaned.signatures.first?.hasPrefix("----------------") == true)
    }

    @Test func aLogoLeftAsTextIsPartOfTheBlock() {
        let cleaned = cleaner.clean(
            text: "Thanks for the quick help.\n\nJohn Smith\nHead of Operations\n[image: Acme]\nwww.acme.example\n"
                + "+1 555 123 4567")
        #expect(cleaned.text == "Thanks for the quick help.")
        #expect(cleaned.signatures.first?.hasPrefix("John Smith") == true)
    }

    @Test func namesRightAboveADeviceFooterGoWithIt() {
        let cleaned = cleaner.clean(text: "I can't go any higher than that.\n\nStavros Doe\nvia mobile")
        #expect(cleaned.text == "I can't go any higher than that.")
        #expect(cleaned.signatures == ["Stavros Doe\nvia mobile"])
    }

    @Test(arguments: [
        // What a line ending in a colon introduces is the message.
        "You can reach our billing team here:\n\nBilling Department\nbilling@acme.example\n+1 800 555 0100",
        // No contact details: a name and a company stay, as a customer wrote them.
        "The app crashes on start.\n\nAnna Smith\nAcme Corp",
        // Nothing above the block: the whole message is the details.
        "Anna Smith\nanna@acme.example\n555-123-4567",
        // A sentence in lower case stops the block; the address it asks for is the message.
        "I changed jobs.\n\nplease update my email to\nanna.smith@newjob.example",
        // The number is the message.
        "Hi,\n\nCall me back on\n555 123 4567",
        // A single contact line under the text is no block.
        "Where is my refund?\n\nanna@acme.example",
        // An order number is no phone: the name and number stay.
        "My parcel has not arrived.\n\nJohn Smith\nOrder 55120931",
        "My parcel has not arrived.\n\nJohn Smith\n55120931",
    ])
    func textThatOnlyLooksLikeASignatureStays(text: String) {
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.text == text)
        #expect(cleaned.signatures.isEmpty)
    }

    @Test func theCheapTestSendsContactDetailsToTheCleaner() {
        #expect(cleaner.mayFindParts("Thanks\n\nGina Moreau\ngina at moreau dot example\nwww.moreau.example"))
        #expect(cleaner.mayFindParts("Thanks\n\nGina Moreau\ngina@moreau.example"))
        #expect(cleaner.mayFindParts("Thanks\n\nGina Moreau\n(555) 346 9947"))
        #expect(!cleaner.mayFindParts("Thanks\n\nGina Moreau\nOrder 12345"))
    }
}
