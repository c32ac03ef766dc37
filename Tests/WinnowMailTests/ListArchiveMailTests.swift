import Testing
import WinnowMail

/// Mail as mailing-list archives and unusual mailers write it: hidden addresses, scrubbed parts, padded base64
/// chunks, stray characters, folded encoded words, single-message files.
@Suite struct ListArchiveMailTests {
    @Test func archiveAddressesAreReadWhenTheHeaderHasNoAt() {
        #expect(
            MailAddress.list("jgb at gsyc.es (Jesus M. Gonzalez-Barahona)")
                == [MailAddress(name: "Jesus M. Gonzalez-Barahona", address: "jgb@gsyc.es")])
        #expect(MailAddress.list("andy at example.com") == [MailAddress(name: "", address: "andy@example.com")])
        #expect(
            MailAddress.list("Kim <kim at customer.example>") == [
                MailAddress(name: "Kim", address: "kim@customer.example")
            ])
        // Only in that shape: a name with "at" in it, or a header with a real address, stays as it is.
        #expect(MailAddress.list("Meet at noon") == [MailAddress(name: "Meet at noon", address: "")])
        #expect(MailAddress.list("Lab at home") == [MailAddress(name: "Lab at home", address: "")])
        #expect(
            MailAddress.list("a@b.example (Kim at work)") == [MailAddress(name: "Kim at work", address: "a@b.example")])
    }

    @Test func pipermailScrubbedPartNoticesLeaveTheBody() throws {
        let text = """
            From: sam at shop.example (Sam Ortiz)
            Subject: Re: dimmer

            Firmware 2.4.1 fixes the flicker.
            -------------- next part --------------
            An HTML attachment was scrubbed...
            URL: <http://lists.shop.example/attachments/20260302/1a2b/attachment.htm>
            -------------- next part --------------
            A non-text attachment was scrubbed...
            Name: release-notes.pdf
            Type: application/pdf
            Size: 48211 bytes
            Desc: not available
            URL: <http://lists.shop.example/attachments/20260302/5e2a/attachment.pdf>

            """
        let message = try MailMessage(bytes: Array(text.utf8))
        #expect(message.body == "Firmware 2.4.1 fixes the flicker.")
        #expect(message.from == [MailAddress(name: "Sam Ortiz", address: "sam@shop.example")])
        #expect(
            message.archiveNotices == [
                "-------------- next part --------------\nAn HTML attachment was scrubbed...\n"
                    + "URL: <http://lists.shop.example/attachments/20260302/1a2b/attachment.htm>",
                "-------------- next part --------------\nA non-text attachment was scrubbed...\n"
                    + "Name: release-notes.pdf\nType: application/pdf\nSize: 48211 bytes\nDesc: not available\n"
                    + "URL: <http://lists.shop.example/attachments/20260302/5e2a/attachment.pdf>",
            ])
        // A separator above the sender's own text goes alone; the text stays.
        let kept = ArchiveNotices.remove(from: "Hi\n\n-------------- next part --------------\nsecond part\n")
        #expect(kept.text == "Hi\n\nsecond part")
        #expect(kept.notices == ["-------------- next part --------------"])
        #expect(ArchiveNotices.remove(from: "No notice here.\n").text == "No notice here.\n")
    }

    @Test func base64OfSeparatelyPaddedChunksDecodesEveryChunk() throws {
        let decoded = try TransferEncoding.base64(Array("SGVsbG8=\nIHdvcmxkIQ==\n".utf8)[...])
        #expect(String(decoding: decoded, as: UTF8.self) == "Hello world!")
        #expect(
            String(decoding: try TransferEncoding.base64(Array("SGVsbG8=IHdvcmxkIQ==".utf8)[...]), as: UTF8.self)
                == "Hello world!")
        // Text after the last padding that is not base64 lines is not read as base64.
        let footer = try TransferEncoding.base64(Array("SGVsbG8=\n\nSent by Mailer 2.0\n".utf8)[...])
        #expect(String(decoding: footer, as: UTF8.self) == "Hello")
        let message = try MailMessage(
            bytes: Array(
                ("From: a@b.example\nSubject: padded chunks\nContent-Type: text/plain; charset=utf-8\n"
                    + "Content-Transfer-Encoding: base64\n\nSGVsbG8=\nIHdvcmxkIQ==\n").utf8))
        #expect(message.body == "Hello world!")
        #expect(message.notes.isEmpty)
    }

    @Test func base64WithAFewStrayCharactersIsDecodedWithANote() throws {
        let message = try MailMessage(
            bytes: Array(
                ("From: a@b.example\nSubject: bad b64\nContent-Type: text/plain; charset=utf-8\n"
                    + "Content-Transfer-Encoding: base64\n\nSGVsbG8gd29y%%bGQh!!\n").utf8))
        #expect(message.body == "Hello world!")
        #expect(message.notes == ["base64 body: 4 characters that are not base64 skipped"])
        // A body that is mostly not base64 is still refused.
        #expect(throws: MailError.self) {
            try MailMessage(
                bytes: Array(
                    ("From: a@b.example\nContent-Transfer-Encoding: base64\n\n"
                        + "!!!! this is not base64 at all !!!! ??? ***\n").utf8))
        }
    }

    @Test func foldedEncodedWordsUnfoldToOneSpace() throws {
        let bytes = Array(
            ("Subject: Re: TEST\r\n \r\n\t=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\n  =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\n"
                + "From: a@b.example\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\nHello\r\n").utf8)
        let message = try MailMessage(bytes: bytes)
        #expect(message.subject == "Re: TEST テストテスト")
        let (headers, _) = MailHeaders.parse(Array("Subject: a  \r\n   b\r\n\r\n".utf8)[...])
        #expect(headers["Subject"] == "a b")
    }

    @Test func foldsThatLostTheirIndentAreFollowedInTheHeaders() throws {
        let text = """
            From: kim at customer.example (Kim Lee)
            Subject: How to express an optional is always not nil under
            certain conditions
            In-Reply-To: <b@x.example>
            References: <a@x.example>
            <b@x.example>
            Message-ID: <c@x.example>

            Body.
            """
        let message = try MailMessage(bytes: Array(text.utf8))
        #expect(message.subject == "How to express an optional is always not nil under certain conditions")
        #expect(message.references == ["a@x.example", "b@x.example"])
        #expect(message.messageID == "c@x.example")
        #expect(message.body == "Body.")
        // A message whose body follows the headers without an empty line still starts its body there.
        let (_, start) = MailHeaders.parse(Array("From: a@b.example\nHello there\nSee you\n".utf8)[...])
        #expect(start == 18)
    }

    @Test func singleMessageFileIsNeitherSplitNorUnescaped() {
        let text = """
            From: kim@customer.example
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            See below.
            >From our side it left on Friday.

            --b
            Content-Type: message/rfc822

            From courier@post.example Thu Dec  3 11:28:07 2026
            From: courier@post.example
            Subject: Delivery failed

            Returned.
            --b--
            """
        let entries = MboxReader.single(Array(text.utf8))
        #expect(entries.count == 1)
        #expect(entries.first?.bytes == Array(text.utf8))
        #expect(MboxReader.single([]).isEmpty)
        // The same bytes as an mbox are two messages, the quote marker taken off.
        #expect(MboxReader.entries(Array(text.utf8)).count == 2)
    }

    @Test func attachedMessageWithItsEnvelopeLineIsForwarded() throws {
        let message = try MailMessage(bytes: try mailFixture("forwarded-envelope.eml"))
        #expect(message.body == "The courier says the parcel went back to you. Can you send it again?\n")
        #expect(message.forwarded.count == 1)
        #expect(message.forwarded.first?.subject == "Delivery failed")
        #expect(message.forwarded.first?.from == "Courier <courier@post.example>")
        #expect(
            message.forwarded.first?.text == "We could not deliver your parcel; it is on its way back to the sender.\n")
    }
}
