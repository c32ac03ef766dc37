import Testing
import WinnowMail

@Suite struct ThreadCleanerTests {
    @Test func quotedHistoryAndSignatureAreTakenOutAndKept() {
        let cleaned = ThreadCleaner().clean(
            "Yes, please cancel it.\n\n-- \nDana\n\nOn Tue, 3 Mar 2026, Acme <help@acme.example> wrote:\n> Shall we?")
        #expect(cleaned.text == "Yes, please cancel it.")
        #expect(cleaned.removedQuotes == ["On Tue, 3 Mar 2026, Acme <help@acme.example> wrote:\n> Shall we?"])
        #expect(cleaned.removedSignatures == ["-- \nDana"])
    }
}
