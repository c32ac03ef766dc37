import Testing
import WinnowCore
import WinnowMail

/// `mayFindParts` lets the rules skip the cleaner; it must never say "nothing" where the cleaner finds something.
@Suite struct ReplyCleanerFirstLookTests {
    let cleaner = ReplyCleaner()

    /// Pieces of support mail: plain sentences, closings, names, and every kind of part the cleaner removes.
    static let pieces = [
        "Hi,", "Hello team", "My order never arrived and I would like a refund.", "Thanks,", "Thank you!", "Alex",
        "Best regards,", "Sam Taylor", "Kind regards", "Acme Support", "Cheers, Jo", "Please help me with my invoice.",
        "I tried twice", "It works now", "-- ", "--", "Sent from my iPhone", "sent from my Galaxy",
        "Get Outlook for iOS",
        "Von meinem iPhone gesendet", "Enviado desde mi iPhone", "> Did that help?", "> Acme",
        "On Tue, Mar 3, 2026 at 10:02 AM Acme <help@acme.example> wrote:", "From: Acme", "Sent: Tuesday",
        "To: Kim", "Subject: Order", "-----Original Message-----", "Begin forwarded message:", "________________",
        "This email is confidential and intended only for the recipient.", "CONFIDENTIALITY NOTICE",
        "Disclaimer", "Legal notice", "The information in this message is private", "Order 48213 is late",
        "Am 03.03.2026 schrieb Acme", "Le 3 mars, Acme a écrit :", "Acme wrote ----", "Tel 555 0100",
        "Regards", "J", "Team Lead, Acme Inc.", "",
    ]

    @Test("where it says nothing can be found, the cleaner finds nothing (2,000 generated messages)")
    func neverMissesAPart() {
        var random = SeededRandom(seed: 42)
        var skipped = 0
        for _ in 0..<2000 {
            let count = 2 + Int.random(in: 0..<8, using: &random)
            let lines = (0..<count).map { _ in Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &random)] }
            let text = lines.joined(separator: Int.random(in: 0..<3, using: &random) == 0 ? "\n\n" : "\n")
            guard !cleaner.mayFindParts(text) else { continue }
            skipped += 1
            #expect(cleaner.clean(text: text).spans.isEmpty, "\(text)")
        }
        // The check is useful only if it skips a fair share.
        #expect(skipped > 50)
    }

    @Test("plain tickets are skipped; quotes, headers, delimiters, footers and disclaimers are not")
    func examples() {
        #expect(!cleaner.mayFindParts("Hi,\n\nMy parcel never arrived.\n\nThanks,\nAlex"))
        #expect(!cleaner.mayFindParts("Best regards,\nSam Taylor\nAcme Inc."))
        for text in [
            "Yes\n\n> Did it work?", "Thanks\n--\nAlex", "Thanks\n\nSent from my iPhone",
            "Thanks\nOn Tue, Acme wrote:\nHi", "Hi\nThis message is confidential.", "Merci\nEnvoyé de mon iPhone",
        ] {
            #expect(cleaner.mayFindParts(text), "\(text)")
        }
        #expect(ReplyCleaner(options: .init(removesClosingLines: true)).mayFindParts("Hi\nThanks,\nAlex"))
    }
}
