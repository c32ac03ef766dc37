import Foundation
import Testing
import WinnowMail

/// The `Fixtures/mail` directory at the package root.
let mailFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/mail")

func mailFixture(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: mailFixtures.appendingPathComponent(name)))
}

@Suite struct MailMessageTests {
    @Test func headersUnfoldAndAreFoundWithoutRegardToCase() {
        let bytes = Array("Subject: a long\r\n\tsubject line\r\nX-Empty:\r\nfrom: a@b.example\r\n\r\nbody\r\n".utf8)
        let (headers, start) = MailHeaders.parse(bytes[...])
        #expect(headers["SUBJECT"] == "a long subject line")
        #expect(headers["From"] == "a@b.example")
        #expect(headers["X-Empty"] == "")
        #expect(headers["x-empty"] == "" && headers["X-Empt"] == nil && headers["X-EmptY2"] == nil)
        #expect(headers.values("FROM") == ["a@b.example"])
        // Case folds for ASCII letters only: `[` is not `{`, though their codes lie 32 apart as letters' do.
        let brackets = MailHeaders(fields: [MailHeaderField(name: "X-[", value: "1")])
        #expect(brackets["x-{"] == nil && brackets["X-["] == "1")
        #expect(String(decoding: bytes[start...], as: UTF8.self) == "body\r\n")
    }

    @Test func encodedWordsInBothEncodingsAndAdjacentWordsJoin() {
        #expect(EncodedWords.decode("=?ISO-8859-1?Q?Caf=E9_ferm=E9?= today").text == "Café fermé today")
        #expect(EncodedWords.decode("=?utf-8?b?R3LDtsOfZQ==?=").text == "Größe")
        // "é" split over two words: the bytes are joined before decoding, the space between them dropped.
        #expect(EncodedWords.decode("=?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?=").text == "café")
        #expect(EncodedWords.decode("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=").text == "a b c")
        // Malformed words stay as they are.
        #expect(EncodedWords.decode("=?UTF-8?X?abc?=").text == "=?UTF-8?X?abc?=")
        #expect(EncodedWords.decode("=?UTF-8?Q?no end").text == "=?UTF-8?Q?no end")
    }

    @Test func encodedWordWithUnknownCharsetFallsBackWithANote() {
        let decoded = EncodedWords.decode("=?x-klingon?Q?hello?=")
        #expect(decoded.text == "hello")
        let latin = EncodedWords.decode("=?x-klingon?Q?caf=E9?=")
        #expect(latin.text == "café")
        #expect(latin.notes.first?.contains("unknown charset 'x-klingon'") == true)
    }

    @Test func addressListsGroupsAndComments() {
        let list = MailAddress.list(
            #""O'Brien, Pat" <Pat@Customer.example>, plain@x.example (Plain Person), Team: a@t.example, b@t.example;"#)
        #expect(list.map(\.address) == ["pat@customer.example", "plain@x.example", "a@t.example", "b@t.example"])
        #expect(list[0].name == "O'Brien, Pat")
        #expect(list[1].name == "Plain Person")
        #expect(MailAddress.list("=?UTF-8?Q?J=C3=BCrgen?= <j@x.example>").first?.name == "Jürgen")
    }

    @Test func helpdeskAddresses() {
        #expect(MailAddress.looksLikeHelpdesk("support@x.example"))
        #expect(MailAddress.looksLikeHelpdesk("help.desk@x.example"))
        #expect(MailAddress.looksLikeHelpdesk("no-reply@x.example"))
        #expect(MailAddress.looksLikeHelpdesk("customer-support@x.example"))
        #expect(!MailAddress.looksLikeHelpdesk("helpful.harry@x.example"))
        #expect(!MailAddress.looksLikeHelpdesk("kim@customer.example"))
    }

    @Test(arguments: [
        ("Thu, 3 Dec 2026 08:28:56 +0100", "2026-12-03T07:28:56Z"),
        ("3 Dec 2026 08:28:56 +0100", "2026-12-03T07:28:56Z"),
        ("Thu, 03 Dec 26 08:28 GMT", "2026-12-03T08:28:00Z"),
        ("Thu, 3 Dec 2026 08:28:56 -0800 (PST)", "2026-12-03T16:28:56Z"),
        ("Thu Dec  3 08:28:56 2026", "2026-12-03T08:28:56Z"),
        ("2026-12-03T08:28:56Z", "2026-12-03T08:28:56Z"),
        ("2026-12-03 08:28:56.123 +0200", "2026-12-03T06:28:56Z"),
        ("Thursday, December 3, 2026 8:28 AM EST", "2026-12-03T13:28:00Z"),
        ("Mon, 29 Feb 1999 23:59:59 +0000", "1999-03-01T23:59:59Z"),
    ])
    func datesInCommonAndBrokenForms(text: String, expected: String) throws {
        // 29 Feb 1999 does not exist: it rolls over as most readers do.
        let date = try #require(MailDate(parsing: text))
        #expect(date.iso8601 == expected)
    }

    @Test func unreadableDatesAreNil() {
        #expect(MailDate(parsing: "yesterday") == nil)
        #expect(MailDate(parsing: "") == nil)
    }

    @Test func quotedPrintableSoftBreaksEscapesAndBrokenEscapes() {
        let decoded = TransferEncoding.quotedPrintable(Array("a=3Db caf=c3=a9 so=  \r\nft =ZZ end=".utf8)[...])
        #expect(String(decoding: decoded, as: UTF8.self) == "a=b café soft =ZZ end")
    }

    @Test func base64WithLineBreaksAndJunk() throws {
        let decoded = try TransferEncoding.base64(Array("SGVs\r\nbG8g\n d29y*bGQ=\n".utf8)[...])
        #expect(String(decoding: decoded, as: UTF8.self) == "Hello world")
        #expect(throws: TransferEncoding.Failure.self) {
            try TransferEncoding.base64(Array("!!!! not ??? base64 ***".utf8)[...])
        }
    }

    @Test(arguments: [
        ("windows-1252", [0x93, 0x80, 0x31, 0x94] as [UInt8], "“€1”"),
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),
        ("iso-8859-2", [0xA3, 0xF3, 0x64, 0xBC], "Łódź"),
        ("gb2312", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
        ("big5", [0xA7, 0x41, 0xA6, 0x6E], "你好"),
        ("shift_jis", [0x82, 0xB1, 0x82, 0xF1], "こん"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x1B, 0x28, 0x42], "こん"),
        ("euc-kr", [0xBE, 0xC8, 0xB3, 0xE7], "안녕"),
        ("ks_c_5601-1987", [0xBE, 0xC8, 0xB3, 0xE7], "안녕"),
    ])
    func charsetsDecode(charset: String, bytes: [UInt8], expected: String) {
        let decoded = MailCharset.decode(bytes, charset: charset)
        #expect(decoded.text == expected)
        #expect(decoded.note == nil)
    }

    @Test func unknownCharsetFallsBackWithANote() {
        let valid = MailCharset.decode(Array("café".utf8), charset: "x-unheard-of")
        #expect(valid.text == "café")
        #expect(valid.note?.contains("decoded as UTF-8") == true)
        let invalid = MailCharset.decode([0x63, 0x61, 0x66, 0xE9], charset: "x-unheard-of")
        #expect(invalid.text == "café")
        #expect(invalid.note?.contains("decoded as Windows-1252") == true)
        let mislabelled = MailCharset.decode([0x63, 0x61, 0x66, 0xE9], charset: "utf-8")
        #expect(mislabelled.text == "café")
        #expect(mislabelled.note != nil)
    }

    @Test func quotedPrintableLatin1Message() throws {
        let message = try MailMessage(bytes: try mailFixture("qp-latin1.eml"))
        #expect(message.subject == "Café fermé and more")
        #expect(message.from.first?.name == "Renée Müller")
        #expect(message.messageID == "qp-1@customer.example")
        #expect(message.body.contains("le café est fermé depuis lundi et la formule a=b ne marche plus."))
        #expect(message.body.contains("Le code =ZZ reste tel quel."))
        #expect(message.charset == "iso-8859-1")
        #expect(message.date?.iso8601 == "2026-12-01T08:00:00Z")
    }

    @Test func flowedTextIsUnwrapped() throws {
        let message = try MailMessage(bytes: try mailFixture("flowed-thunderbird.eml"))
        let lines = message.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines.prefix(7) == [
                "Hello, ", "",
                "thank you for the quick answer. The parcel still has not arrived, and the tracking page has said "
                    + "\"in transit\" since Monday. Could you send a replacement instead of waiting for the carrier? "
                    + "From what I read on your site that should be possible.",
                "", "Best regards,", "Jane", "",
            ])
        // Quoted paragraphs keep their marks, joined at their own depth only; the signature separator stays.
        #expect(lines.contains("> Hello Jane, "))
        #expect(
            lines.contains(
                "> your order 55012 left our warehouse on Monday and should reach you within three working days. "))
        #expect(lines.contains(">> Where is my order? It was due last week."))
        #expect(lines.suffix(3) == ["-- ", "Jane Doe", ""])
        // The reply cleaner finds the quote and the signature as in any plain-text reply.
        let cleaned = ReplyCleaner().clean(text: message.body)
        #expect(cleaned.text.hasSuffix("should be possible.\n\nBest regards,\nJane"))
    }

    @Test func flowedTextWithDelSpAndItsEdges() throws {
        let header = "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n\r\n"
        func body(_ text: String) throws -> String {
            try MailMessage(bytes: Array((header + text).utf8)[...]).body
        }
        // delsp=yes (Apple Mail): the space before a soft break was added by the sender and goes; a space of the
        // text is a second one.
        #expect(try body("Bestell \r\nnummer 4711  \r\nfehlt.\r\n") == "Bestellnummer 4711 fehlt.\n")
        // A flowed line before another quote depth, before the signature separator, or at the end is fixed.
        #expect(try body("Reply \r\n> quoted \r\n>text\r\n-- \r\nSig") == "Reply\n> quotedtext\n-- \nSig")
        #expect(try body("last line ") == "last line")
        // Without format=flowed nothing is joined.
        let fixed = try MailMessage(bytes: Array("Content-Type: text/plain\r\n\r\na \r\nb\r\n".utf8)[...]).body
        #expect(fixed == "a \nb\n")
    }

    @Test func base64MessageWithSplitEncodedSubject() throws {
        let message = try MailMessage(bytes: try mailFixture("base64-utf8.eml"))
        #expect(message.subject == "Größe der Bestellung ändern")
        #expect(message.body.contains("ich möchte die Größe meiner Bestellung 4711 ändern"))
        #expect(!message.body.contains("\r"))
    }

    @Test func windows1252AndKOI8RBodies() throws {
        let cp1252 = try MailMessage(bytes: try mailFixture("windows-1252.eml"))
        #expect(cp1252.body.contains("The invoice says “€120” but I was quoted €100 – can you check?"))
        #expect(cp1252.subject == "Invoice € total")
        #expect(cp1252.from.first?.name == "O'Brien, Pat")
        let koi8 = try MailMessage(bytes: try mailFixture("koi8r.eml"))
        #expect(koi8.body.contains("Не могу войти в личный кабинет"))
        #expect(koi8.subject == "Не работает вход")
        #expect(koi8.from.first?.name == "Иван Петров")
        #expect(koi8.notes.isEmpty)
    }

    @Test func multipartWithAlternativeAttachmentAndForwardedMessage() throws {
        let message = try MailMessage(bytes: try mailFixture("forwarded-attachment.eml"))
        #expect(!message.bodyIsHTML)
        #expect(message.body.contains("the parcel never arrived and the receipt is attached."))
        #expect(!message.body.contains("HTML version"))
        #expect(!message.body.contains("preamble"))
        #expect(!message.body.contains("left our depot"))
        #expect(message.attachments.count == 1)
        #expect(message.attachments.first?.name == "recibo nº88.pdf")
        #expect(message.attachments.first?.contentType == "application/pdf")
        #expect(message.attachments.first?.size == 9 + 1024)
        #expect(message.forwarded.count == 1)
        #expect(message.forwarded.first?.subject == "Your parcel has shipped")
        #expect(message.forwarded.first?.text.contains("Your parcel 88 left our depot today.") == true)
    }

    @Test func htmlOnlyBodyIsMarkedHTML() throws {
        let message = try MailMessage(bytes: try mailFixture("html-only.eml"))
        #expect(message.bodyIsHTML)
        #expect(message.body.contains("<p>I would like a refund for order 12.</p>"))
    }

    @Test func undecodableBodyThrowsWithTheReason() throws {
        let error = #expect(throws: MailError.self) { try MailMessage(bytes: try mailFixture("undecodable.eml")) }
        #expect(error?.message.contains("x-uuencode") == true)
        #expect(throws: MailError.self) { try MailMessage(bytes: Array("just some words\nand more\n".utf8)) }
    }

    @Test func missingClosingBoundaryKeepsTheLastPart() throws {
        let text = """
            From: a@x.example
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            first part
            --b
            Content-Type: text/plain

            second part, never closed
            """
        let message = try MailMessage(bytes: Array(text.utf8))
        #expect(message.body == "first part\n\nsecond part, never closed")
        #expect(message.notes.contains { $0.contains("closing boundary is missing") })
    }

    /// MIME parts whose headers lost the multipart type or its boundary (list archives, exports): the parts are
    /// read by the boundary the body opens with, the plain text preferred and decoded, instead of the MIME lines
    /// standing in the text.
    @Test(arguments: [
        ("", "name no Content-Type"),
        ("Content-Type: text/plain; charset=us-ascii\n", "say text/plain"),
        ("Content-Type: multipart/alternative\n", "multipart/alternative without a boundary"),
        ("Content-Type: multipart/alternative; boundary=\"lost-in-export\"\n", "'lost-in-export' is not in the body"),
    ])
    func partsWithoutAUsableBoundaryAreReadByTheBodysOwn(header: String, note: String) throws {
        let text = """
            From: kim@customer.example
            Subject: Refund
            \(header)
            This is a multi-part message in MIME format.

            --0000000000008d1f2a05e3c4b7aa
            Content-Type: text/plain; charset="UTF-8"
            Content-Transfer-Encoding: quoted-printable

            Gr=C3=BC=C3=9Fe, the refund for order 4411 has not arrived.
            --0000000000008d1f2a05e3c4b7aa
            Content-Type: text/html; charset="UTF-8"
            Content-Transfer-Encoding: base64

            PHA+R3LDvMOfZSwgdGhlIHJlZnVuZDwvcD4=
            --0000000000008d1f2a05e3c4b7aa--
            """
        let message = try MailMessage(bytes: Array(text.utf8))
        #expect(message.body == "Grüße, the refund for order 4411 has not arrived.")
        #expect(!message.bodyIsHTML)
        #expect(message.charset == "utf-8")
        let expected =
            "\(note): the parts read by the boundary on the body's first line (--0000000000008d1f2a05e3c4b7aa)"
        #expect(message.notes.contains { $0.hasSuffix(expected) }, "\(message.notes)")
    }

    /// A message that declares parts and has none (its boundary nowhere in the body, nor one of its own) is read as
    /// its text, with a note; so is a message saved with blank lines above its header.
    @Test func declaredPartsThatAreNotThereAndBlankLinesAboveTheHeader() throws {
        let text = """


            From: kim@customer.example
            Subject: Refund
            Content-Type: multipart/alternative; boundary=Apple-Mail-2E8F

            Dit is een antwoord.

            Op 18 juli 2026 10:23 schreef Acme het volgende:

            Dit is de originele post.
            """
        let message = try MailMessage(bytes: Array(text.utf8))
        #expect(message.subject == "Refund")
        #expect(message.body.hasPrefix("Dit is een antwoord.\n\nOp 18 juli"))
        #expect(!message.bodyIsHTML)
        #expect(message.notes.contains("2 blank lines above the header skipped"), "\(message.notes)")
        #expect(
            message.notes.contains(
                "multipart/alternative boundary 'Apple-Mail-2E8F' is not in the body: read as plain text"),
            "\(message.notes)")
        // Blank lines alone are no message.
        #expect(throws: MailError.self) { try MailMessage(bytes: Array("\n\n \n".utf8)) }
    }

    /// HTML alone, an attachment and a part never closed are read as real multipart mail reads them.
    @Test func inferredPartsKeepAttachmentsAndAnUnclosedLastPart() throws {
        let text = """
            From: kim@customer.example

            --b1
            Content-Type: text/html; charset=utf-8

            <p>Where is my parcel?</p>
            --b1
            Content-Type: application/pdf; name="label.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            """
        let message = try MailMessage(bytes: Array(text.utf8))
        #expect(message.bodyIsHTML)
        #expect(message.body == "<p>Where is my parcel?</p>")
        #expect(message.attachments == [MailAttachment(name: "label.pdf", contentType: "application/pdf", size: 9)])
        #expect(message.notes.contains { $0.contains("closing boundary is missing") })
    }

    /// Text that only opens like MIME parts stays text: a command-line option over a sentence with a colon, a
    /// boundary line never repeated, a header block with no empty line under it.
    @Test(arguments: [
        "--output json\nContent-Type: application/json is missing from the reply\n\nand the export fails.\n",
        "--b1\nContent-Type: text/plain\n\nA part that never ends nor repeats its boundary.\n",
        "--b1\nContent-Type: text/plain\nis what the upload page says.\n--b1--\n",
    ])
    func textThatOnlyOpensLikeMIMEPartsStaysText(body: String) throws {
        let message = try MailMessage(bytes: Array("From: kim@customer.example\n\n\(body)".utf8))
        #expect(message.body == body)
        #expect(message.notes.isEmpty)
    }

    @Test func deeplyNestedMultipartsStopAtTheLimit() throws {
        var text = "From: a@x.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 0..<200 { text += "--b\(level)\nContent-Type: multipart/mixed; boundary=b\(level + 1)\n\n" }
        text += "--b200\nContent-Type: text/plain\n\ndeep\n"
        let message = try MailMessage(bytes: Array(text.utf8))
        #expect(message.notes.contains { $0.contains("nested deeper") })
    }
}
