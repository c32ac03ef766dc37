import Foundation
import Testing
import WinnowMail

/// Messages as real clients and servers write them against the standards: HTML and plain parts side by side that
/// are not alternatives, header bytes written raw in the body's charset, ISO-2022-JP with NEC's characters or with
/// no charset named, a server's line above a saved message and its folds without their indent.
@Suite struct MailRealWorldTests {
    /// Bytes of a message written as lines (CRLF), with `raw` bytes put in place of `{RAW}`.
    static func message(_ lines: [String], raw: [UInt8] = []) -> [UInt8] {
        let text = lines.joined(separator: "\r\n")
        let parts = text.components(separatedBy: "{RAW}")
        var bytes: [UInt8] = Array(parts[0].utf8)
        for part in parts.dropFirst() { bytes += raw + Array(part.utf8) }
        return bytes
    }

    @Test func plainAndHTMLPartsSideBySideAreAllTheBody() throws {
        let bytes = Self.message([
            "From: ann@example.org", "Subject: A HTML email with text signature", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"b1\"", "", "--b1", "Content-Type: text/html; charset=utf-8", "",
            "<html><body><p>My order <b>1234</b> never came.</p></body></html>", "--b1",
            "Content-Type: text/plain; charset=utf-8", "", "Ann Lee, Lisbon", "--b1",
            "Content-Type: text/html; charset=utf-8", "", "<div>Sent from the <i>web</i></div>", "--b1--", "",
        ])
        let message = try MailMessage(bytes: bytes)
        #expect(!message.bodyIsHTML)
        #expect(message.body == "My order 1234 never came.\n\nAnn Lee, Lisbon\n\nSent from the web")
        // Alternatives stay alternatives: the plain one is the body.
        let alternative = Self.message([
            "From: ann@example.org", "Content-Type: multipart/alternative; boundary=\"b1\"", "", "--b1",
            "Content-Type: text/plain", "", "My order never came.", "--b1", "Content-Type: text/html", "",
            "<p>My order never came.</p>", "--b1--", "",
        ])
        #expect(try MailMessage(bytes: alternative).body == "My order never came.")
        // The same text sent twice in a mixed multipart is read once.
        let twice = Self.message([
            "From: ann@example.org", "Content-Type: multipart/mixed; boundary=\"b1\"", "", "--b1",
            "Content-Type: text/plain", "", "My order never came.", "--b1", "Content-Type: text/html", "",
            "<p>My order never came.</p>", "--b1--", "",
        ])
        #expect(try MailMessage(bytes: twice).body == "My order never came.")
    }

    @Test func rawHeaderBytesAreReadInTheCharsetThePartsDeclare() throws {
        // GB2312 bytes of 转发：整体提升 in the subject, the forwarded message's part declaring gb2312.
        let gb: [UInt8] = [0xD7, 0xAA, 0xB7, 0xA2, 0xA3, 0xBA, 0xD5, 0xFB, 0xCC, 0xE5, 0xCC, 0xE1, 0xC9, 0xFD]
        let chinese = Self.message(
            [
                "From: li@example.cn", "Subject: {RAW}", "Content-Type: multipart/mixed; boundary=\"b1\"", "", "--b1",
                "Content-Type: text/plain; charset=iso-8859-1", "", "Spam report", "--b1",
                "Content-Type: message/rfc822", "", "From: li@example.cn", "Subject: {RAW}",
                "Content-Type: text/plain; charset=gb2312", "", "hello", "--b1--", "",
            ], raw: gb)
        let message = try MailMessage(bytes: chinese)
        #expect(message.subject == "转发：整体提升")
        // Shift_JIS bytes of ツール in a message sent as ISO-2022-JP.
        let japanese = Self.message(
            ["From: a@example.jp", "Subject: {RAW}", "Content-Type: text/plain; charset=iso-2022-jp", "", "hello"],
            raw: [0x83, 0x63, 0x81, 0x5B, 0x83, 0x8B])
        #expect(try MailMessage(bytes: japanese).subject == "ツール")
        // Latin-1 bytes stay Latin-1 where the parts declare it, and where they declare nothing.
        let latin = Self.message(
            ["From: a@example.fr", "Subject: R{RAW}clamation", "Content-Type: text/plain; charset=gb2312", "", "x"],
            raw: [0xE9])
        #expect(try MailMessage(bytes: latin).subject == "Réclamation")
    }

    @Test func iso2022JPWithNECCharactersOrNoCharsetIsDecoded() throws {
        // ①１都 as CP50220 writes it: ① is NEC's row 13, which glibc's ISO-2022-JP refuses.
        let nec: [UInt8] = [0x1B, 0x24, 0x42, 0x2D, 0x21, 0x23, 0x31, 0x45, 0x54, 0x1B, 0x28, 0x42]
        let declared = Self.message(
            ["From: a@example.jp", "Subject: x", "Content-Type: text/plain; charset=ISO-2022-JP", "", "{RAW}", ""],
            raw: nec)
        #expect(try MailMessage(bytes: declared).body.hasPrefix("①１都"))
        // これは with no charset named: the escapes are 7-bit and would pass for text.
        let plain: [UInt8] = [0x1B, 0x24, 0x42, 0x24, 0x33, 0x24, 0x6C, 0x24, 0x4F, 0x1B, 0x28, 0x42]
        let undeclared = Self.message(
            ["From: a@example.jp", "Subject: x", "Content-Type: text/plain;", "", "{RAW}", ""], raw: plain)
        let message = try MailMessage(bytes: undeclared)
        #expect(message.body.hasPrefix("これは"))
        #expect(!message.body.contains("\u{1B}"))
    }

    @Test func aServersLineAboveTheMessageAndFoldsWithoutTheirIndent() throws {
        let bytes = Self.message([
            "---- Original email message ----", "Return-Path: xxxx@mail.example.cz",
            "Received: from mail.example.cz ([192.0.2.1])", "by mail.example.cz with ESMTP",
            "for helpdesk@example.cz;", "Thu, 2 Aug 2018 16:58:16 +0200", "To: helpdesk@example.cz",
            "Subject: Contact from Server", "From: peter@example.cz", "Content-Type: text/plain; charset=utf-8", "",
            "Contact form: the garage is not his.", "",
        ])
        let message = try MailMessage(bytes: bytes)
        #expect(message.subject == "Contact from Server")
        #expect(message.from.map(\.address) == ["peter@example.cz"])
        #expect(message.body.hasPrefix("Contact form: the garage is not his."))
        // A body line without a blank line above it is no header when no field follows.
        let (headers, start) = MailHeaders.parse(Self.message(["Subject: hi", "Hello there", "bye"])[...])
        #expect(headers.fields.count == 1 && start > 0)
    }

    @Test(arguments: [
        ("quoted printable", "Caf=C3=A9 ferm=C3=A9", "Café fermé"), ("Quoted_Printable", "a=3Db", "a=b"),
        ("8bits", "plain words", "plain words"), ("plain", "plain words", "plain words"),
        ("text/html", "plain words", "plain words"),
        ("7vladi.pimenovit", "a spammer's words here", "a spammer's words here"),
    ])
    func transferEncodingsAsClientsMisspellThem(encoding: String, body: String, expected: String) throws {
        let bytes = Self.message([
            "From: a@example.org", "Subject: x", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: \(encoding)", "", body, "",
        ])
        #expect(try MailMessage(bytes: bytes).body.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
        // uuencode is still refused, saying so.
        let uu = Self.message([
            "From: a@example.org", "Content-Type: text/plain", "Content-Transfer-Encoding: x-uuencode", "",
            "begin 644 note.txt", "M4E5,15-%5%])1#M.04U%.T%#5$E6.U)53E]-3T1%", "end", "",
        ])
        #expect(throws: MailError.self) { try MailMessage(bytes: uu) }
    }

    @Test func utf8WithACharacterCutInTwoStaysUTF8() throws {
        // 是 whole, then 是 cut after its first byte: one bad sequence among good ones.
        let bytes = Self.message(
            ["From: a@example.org", "Content-Type: text/plain; charset=utf-8", "", "Valid: {RAW}"],
            raw: [0xE6, 0x98, 0xAF, 0x20, 0x49, 0x6E, 0x76, 0x61, 0x6C, 0x69, 0x64, 0x3A, 0x20, 0xE6])
        let message = try MailMessage(bytes: bytes)
        #expect(message.body == "Valid: 是 Invalid: \u{FFFD}")
        #expect(message.notes.contains { $0.contains("1 sequence that is not UTF-8") })
        // Latin-1 labelled UTF-8 is still read as Windows-1252.
        let latin = Self.message(
            ["From: a@example.org", "Content-Type: text/plain; charset=utf-8", "", "Caf{RAW} ferm{RAW}"], raw: [0xE9])
        #expect(try MailMessage(bytes: latin).body == "Café fermé")
    }

    @Test func virusScannersFootersAreDisclaimers() {
        let cleaner = ReplyCleaner()
        for footer in [
            "This message has been scanned for viruses and\ndangerous content by MailScanner, and is\nbelieved to be clean.",
            "This email has been scanned by the Symantec Email Security.cloud service.",
            "This email has been checked for viruses by Avast antivirus software.",
        ] {
            let cleaned = cleaner.clean(text: "My parcel never came.\n\n\(footer)")
            #expect(cleaned.text == "My parcel never came.", "\(footer)")
        }
        let text = "This email has been scanned by me twice and the order number is right."
        #expect(cleaner.clean(text: text).text == text)
    }

    @Test func aDigestsPartsAreMessagesAndAMessageSentOnIsTheBody() throws {
        // A digest's parts without headers are messages: their headers are no body text.
        let digest = Self.message([
            "From: list@example.org", "Subject: Digest", "Content-Type: multipart/digest; boundary=\"d\"", "", "--d",
            "", "From: ann@example.org", "Subject: one", "", "hello", "--d--", "",
        ])
        let message = try MailMessage(bytes: digest)
        #expect(!message.body.contains("Subject: one"))
        #expect(message.forwarded.map(\.subject) == ["one"])
        // Nothing written, one message attached: its text is the body.
        let sentOn = Self.message([
            "From: kim@example.org", "Subject: Fwd: invoice", "Content-Type: multipart/mixed; boundary=\"m\"", "",
            "--m", "Content-Type: message/rfc822", "", "From: shop@example.com", "Subject: invoice", "",
            "Your invoice 88 is attached.", "--m--", "",
        ])
        let carried = try MailMessage(bytes: sentOn)
        #expect(carried.body.hasPrefix("Your invoice 88 is attached."))
        #expect(carried.notes.contains { $0.contains("sent on without a comment") })
    }

    @Test func headerFoldsWithoutIndentAboveASignatureField() throws {
        let bytes = Self.message([
            "Received: from mail.example.org (192.0.2.1)", "by localhost with SMTP; Wed, 19 Nov 2014 12:00:00 +0000",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;", "d=example.org; s=20120113;",
            "From: Ferenc <ferenc@example.org>", "Subject: Re: [RFC] Remove constructors", "", "+1 from me.", "",
        ])
        let message = try MailMessage(bytes: bytes)
        #expect(message.subject == "Re: [RFC] Remove constructors")
        #expect(message.body.hasPrefix("+1 from me."))
    }
}
