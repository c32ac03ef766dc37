import Testing
import WinnowMail

/// Reply headers where they are not alone on their line above a `>` quote: a reply typed on the header's own line,
/// and headers without a verb above history that is not `>`-quoted.
@Suite struct ReplyHeaderPlacementTests {
    let cleaner = ReplyCleaner()

    /// A reply typed on the header's line keeps its words; the header and the quote under it go.
    @Test(arguments: [
        (
            "sounds good On Tue, Mar 3, 2026 at 10:02 AM, help@acme.example wrote:\n> Shall we ship it?",
            "sounds good", "On Tue, Mar 3, 2026 at 10:02 AM, help@acme.example wrote:\n> Shall we ship it?"
        ),
        // Yahoo puts dashes before its header, right after the reply.
        (
            "sounds good--- On Tue, 3/3/26, Acme <help@acme.example> wrote:\n> Shall we ship it?", "sounds good",
            "--- On Tue, 3/3/26, Acme <help@acme.example> wrote:\n> Shall we ship it?"
        ),
        // Dashes inside the reply are the reply's.
        (
            "ok\nsize 44 - not 42 - please--- On Tue, Mar 3, 2026 at 10:02 AM, help@acme.example wrote:\n> 42?",
            "ok\nsize 44 - not 42 - please", "--- On Tue, Mar 3, 2026 at 10:02 AM, help@acme.example wrote:\n> 42?"
        ),
        // Text above, and a header wrapped over three lines.
        (
            "Hi,\n\nit works now. On Tue, Mar 3, 2026 at 10:02 AM, Acme Support <\nhelp@acme.example>\nwrote:\n\n> Ok?",
            "Hi,\n\nit works now.",
            "On Tue, Mar 3, 2026 at 10:02 AM, Acme Support <\nhelp@acme.example>\nwrote:\n\n> Ok?"
        ),
        (
            "Danke! Am 03.03.2026 um 10:02 schrieb Acme <help@acme.example>:\n> Passt die Größe?", "Danke!",
            "Am 03.03.2026 um 10:02 schrieb Acme <help@acme.example>:\n> Passt die Größe?"
        ),
        (
            "Merci Le mar. 3 mars 2026 à 10:02, Acme <help@acme.example> a écrit :\n> La taille ?", "Merci",
            "Le mar. 3 mars 2026 à 10:02, Acme <help@acme.example> a écrit :\n> La taille ?"
        ),
        (
            "Gracias El mar, 3 mar 2026 a las 10:02, Acme (<help@acme.example>) escribió:\n> ¿Talla?", "Gracias",
            "El mar, 3 mar 2026 a las 10:02, Acme (<help@acme.example>) escribió:\n> ¿Talla?"
        ),
        (
            "Bedankt Op di 3 mrt. 2026 om 10:02 schreef Acme <help@acme.example>:\n> Maat?", "Bedankt",
            "Op di 3 mrt. 2026 om 10:02 schreef Acme <help@acme.example>:\n> Maat?"
        ),
        (
            "Dzięki W dniu 3.03.2026 o 10:02, Acme <help@acme.example> pisze:\n> Rozmiar?", "Dzięki",
            "W dniu 3.03.2026 o 10:02, Acme <help@acme.example> pisze:\n> Rozmiar?"
        ),
        (
            "Tack Den tis 3 mars 2026 kl 10:02 skrev Acme <help@acme.example>:\n> Storlek?", "Tack",
            "Den tis 3 mars 2026 kl 10:02 skrev Acme <help@acme.example>:\n> Storlek?"
        ),
        // A sentence's end right before the header, as flattened markup leaves it.
        (
            "Works.On Tue, Mar 3, 2026 at 10:02 AM, Acme <help@acme.example> wrote:\n> Ok?", "Works.",
            "On Tue, Mar 3, 2026 at 10:02 AM, Acme <help@acme.example> wrote:\n> Ok?"
        ),
        // The header cuts unquoted history too, the reply before it kept.
        (
            "Thanks! On Tue, Mar 3, 2026 at 10:02 AM, Acme <help@acme.example> wrote:\n\nShall we ship it?\nAcme",
            "Thanks!", "On Tue, Mar 3, 2026 at 10:02 AM, Acme <help@acme.example> wrote:\n\nShall we ship it?\nAcme"
        ),
        // A message an export flattened into one line: the header a mail client wrote cuts the rest of the line.
        (
            "Thanks, that fixed it! On Mon, Jan 5, 2015 at 10:00 AM, Acme <help@acme.example> wrote: > Hi Ann, > "
                + "please restart the router. > Acme",
            "Thanks, that fixed it!",
            "On Mon, Jan 5, 2015 at 10:00 AM, Acme <help@acme.example> wrote:\n"
                + "> Hi Ann, > please restart the router. > Acme"
        ),
        (
            "Hello. On 01/12/13, Tristan <tristan@acme.example> wrote: Reply ABOVE THIS LINE or visit the site.",
            "Hello.", "On 01/12/13, Tristan <tristan@acme.example> wrote:\nReply ABOVE THIS LINE or visit the site."
        ),
        (
            "Immer noch kaputt.Am 05.01.2015 um 10:00 schrieb Acme <help@acme.example>: Hallo Ann, bitte neu starten.",
            "Immer noch kaputt.",
            "Am 05.01.2015 um 10:00 schrieb Acme <help@acme.example>:\nHallo Ann, bitte neu starten."
        ),
        // After text that ends no sentence, a header with the address before the verb, a dated year and a time.
        (
            "thanks for the help On Mon, Jan 5, 2015 at 10:00 AM, Acme <help@acme.example> wrote: > Hi Ann",
            "thanks for the help", "On Mon, Jan 5, 2015 at 10:00 AM, Acme <help@acme.example> wrote:\n> Hi Ann"
        ),
        // A date with its year, a time and an address, the address not in brackets.
        (
            "Hi,\n\nstill waiting. On Jan 5, 2015, at 10:00, help@acme.example wrote: We will refund you.",
            "Hi,\n\nstill waiting.", "On Jan 5, 2015, at 10:00, help@acme.example wrote:\nWe will refund you."
        ),
    ])
    func replyOnTheHeaderLineIsKept(text: String, reply: String, quote: String) {
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.text == reply)
        #expect(cleaned.quoted == [quote])
        #expect(!cleaned.keptWhole)
    }

    /// A sentence that tells what someone wrote, inside a line, stays: no address before the verb with a date, a
    /// lower-case "on", or after text ending no sentence less than the address before the verb, a year and a time.
    @Test(arguments: [
        "On Monday your agent wrote: we will refund you. It has been ten days, write to ann@example.com.",
        "On 3 March, John <john@acme.example> promised a refund: I am still waiting.",
        "Still broken. On 3 March John <john@acme.example> wrote: \"restart it\". I did, twice.",
        "Still broken. on Jan 5, 2015 at 10:00 AM, Acme <help@acme.example> wrote: restart it",
        "still broken On 5 Jan 2015 Acme <help@acme.example> wrote: restart it",
        "still broken On Jan 5, 2015 at 10:00, help@acme.example wrote: restart it",
    ])
    func sentencesTellingWhatSomeoneWroteStayWhole(text: String) {
        #expect(cleaner.clean(text: text) == CleanedReply(text: text))
    }

    /// The removed span starts where the header does, not at the start of its line.
    @Test func spanOfAHeaderAfterAReplyStartsAtTheHeader() throws {
        let text = "Größe 44. Am 03.03.2026 um 10:02 schrieb Acme <help@acme.example>:\r\n> Welche?"
        let cleaned = cleaner.clean(text: text)
        let span = try #require(cleaned.spans.first)
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[..<span.bytes.lowerBound], as: UTF8.self) == "Größe 44. ")
        #expect(String(decoding: bytes[span.bytes], as: UTF8.self).hasSuffix("> Welche?"))
    }

    /// Text before a lead word that is the header's own start (a date, a time), a lower-case "on" in a sentence,
    /// and a sentence with a capital "On" but nothing dating or addressing it are not split.
    @Test(arguments: [
        // A Vietnamese header whose sender is called Le: "Le" is French's lead word, the date before it the header's.
        (
            "Vào Th 3, 3 thg 3, 2026 vào lúc 10:02 Le Van Minh <minh@acme.example> đã viết:\n> Cỡ nào?",
            "Vào Th 3, 3 thg 3, 2026 vào lúc 10:02 Le Van Minh <minh@acme.example> đã viết:\n> Cỡ nào?"
        ),
        (
            "3 марта 2026 г., в 10:02, Acme Support <help@acme.example> написал(а):\n> Размер?",
            "3 марта 2026 г., в 10:02, Acme Support <help@acme.example> написал(а):\n> Размер?"
        ),
    ])
    func headersWhoseLineOpensWithTheirDateStayWhole(text: String, quote: String) {
        let cleaned = cleaner.clean(text: "Ok.\n\n\(text)")
        #expect(cleaned.text == "Ok.")
        #expect(cleaned.quoted == [quote])
    }

    @Test func sentencesWithOnAndAColonAreNotCut() {
        let sentence = "The refund arrived. On Tuesday our bank wrote:\n> Payment received"
        let cleaned = cleaner.clean(text: sentence)
        #expect(cleaned.text == "The refund arrived. On Tuesday our bank wrote:")
        #expect(cleaned.quoted == ["> Payment received"])
        let plain = "I sent it on Monday. On the form it says:\n\nname, address, phone"
        #expect(cleaner.clean(text: plain) == CleanedReply(text: plain))
        // Naming who wrote the quote in a finished sentence or a long one is the customer's text too.
        for line in [
            "We called them yesterday. Then Bob wrote:",
            "As I already explained to your colleague on the phone last week, Bob wrote:",
        ] {
            let cleaned = cleaner.clean(text: "Hi,\n\n\(line)\n> Payment received")
            #expect(cleaned.text == "Hi,\n\n\(line)")
            #expect(cleaned.quoted == ["> Payment received"])
        }
    }

    /// A sentence opening like a header, without an address or a date with its year, is the header of the history
    /// right under it: a quote, or the quoted message's own header block.
    @Test func headerWithLessAboveHistoryIsTheHeader() {
        let quoted = cleaner.clean(text: "Hi,\n\nOn Monday at 10:30 Bob wrote:\n> Is it jammed?")
        #expect(quoted.text == "Hi,")
        #expect(quoted.quoted == ["On Monday at 10:30 Bob wrote:\n> Is it jammed?"])
        let block =
            "On Monday at 10:30 Bob wrote:\n\nFrom: Bob <bob@acme.example>\nSent: Monday 10:30\nSubject: Printer"
        let cleaned = cleaner.clean(text: "Hi,\n\n\(block)\n\nIs it jammed?")
        #expect(cleaned.text == "Hi,")
        #expect(cleaned.quoted == ["\(block)\n\nIs it jammed?"])
        // A line with no reply verb introducing the block is the customer's.
        let own = cleaner.clean(text: "Hi,\n\nMy order from 03.03.2026:\n\n\(block.drop { $0 != "F" })")
        #expect(own.text == "Hi,\n\nMy order from 03.03.2026:")
    }

    /// A header with no verb that opens with its date and ends in the sender's address cuts the history below it
    /// when that is not `>`-quoted (a client that quotes in markup, a thread copied out of a web mailer), and so do
    /// Hebrew headers with their verb.
    @Test(arguments: [
        "2026年3月3日(火) 10:02 Acme Support <help@acme.example>:",
        "בתאריך יום ג׳, 3 במרץ 2026 ב-10:02 מאת Acme Support <help@acme.example>:",
        // As Gmail writes it in plain text: in direction marks, the address wrapped.
        "\u{202B}בתאריך יום ג׳, 3 במרץ 2026 ב-10:02 מאת \u{202A}Acme Support\u{202C} <\nhelp@acme.example>:\u{202C}",
        "בתאריך יום ג׳, 3 במרץ 2026 ב-10:02 מאת Acme Support <help@acme.example> כתב/ה:",
        "ב-3 במרץ 2026, בשעה 10:02, Acme Support <help@acme.example> כתב/ה:",
        "вт, 3 мар. 2026 г. в 10:02, Acme Support <help@acme.example>:",
        "03.03.2026, 10:02, \"Acme Support\" <help@acme.example>:",
        "Tue, 3 Mar 2026 10:02:41 +0300 от Acme Support <help@acme.example>:",
        "2026-03-03 10:02 GMT+03:00 Acme Support <\nhelp@acme.example>:",
        // Above the quoted message's own header block, the header goes with it.
        "2026年3月3日(火) 10:02 Acme <help@acme.example>:\n\nFrom: Kim <kim@example.com>\nSent: 2 March 2026 9:00\n"
            + "To: Acme\nSubject: Size",
    ])
    func verblessHeaderAboveUnquotedHistory(header: String) {
        let reply = "Danke, das hat geholfen."
        let cleaned = cleaner.clean(text: "\(reply)\n\n\(header)\n\nHat es geklappt?\n\nAcme")
        #expect(cleaned.text == reply, "\(header)")
        #expect(cleaned.quoted.count == 1)
        #expect(cleaned.quoted.first?.hasPrefix(String(header.prefix(6))) == true)
        #expect(cleaned.quoted.first?.hasSuffix("Acme") == true)
    }

    /// Lines that only look like a header stay above unquoted text: ending in a colon with less than a date, a time
    /// and the sender's address last; with the verb after the sender and less than a date, a time and an address;
    /// opening with the language's "On" word without an address or a date with its year (a customer's "On Monday at
    /// 10:30 Bob wrote:", with or without a reply before it on the line).
    @Test(arguments: [
        "Please forward this to Acme Support <help@acme.example>:\n\nOrder 4411, two pairs.",
        "My order from 03.03.2026 10:02:\n\nTwo pairs, size 44.",
        "Booked on 3 March 2026 at 10:02, the confirmation went to Kim <kim@example.com>:\n\nRoom 12, two nights.",
        "2026-03-03: Acme Support <help@acme.example>:\n\nThe parcel left.",
        "Acme Support wrote on 03/03/2026 10:02:\n\nthe printer is jammed again.",
        "At 10:30 the technician wrote:\n\nthe printer is jammed again.",
        "I forwarded it to help@acme.example and Bob wrote:\n\nthe printer is jammed again.",
        "Acme Support wrote:\n\nthe printer is jammed again.", "Acme Support rašė:\n\nspausdintuvas vėl užstrigo.",
        "On Monday at 10:30 Bob wrote:\nthe printer is jammed again and nothing prints.",
        "Thanks! On Monday at 10:30 Bob wrote:\n\nthe printer is jammed again.",
        "Am Montag um 10:30 schrieb Bob:\nder Drucker klemmt wieder.",
        "Le lundi à 10h30, Bob a écrit :\nl'imprimante est encore bloquée.",
    ])
    func linesThatOnlyLookLikeAHeaderStay(text: String) {
        let message = "Hi,\n\n\(text)"
        #expect(cleaner.clean(text: message) == CleanedReply(text: message))
    }
}
