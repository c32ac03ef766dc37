import Foundation
import Testing
import WinnowCore
import WinnowMail

@testable import WinnowImport

/// Mail files in the shapes archives and mail clients leave them: a list archive's monthly `.txt`, an `.eml` with a
/// forwarded message carrying its envelope line or a quoted `>From`, an empty file.
@Suite struct MailArchiveImportTests {
    static let mail = fixturesDirectory.appendingPathComponent("mail")

    @Test func listArchiveTextIsAnMboxWithItsHiddenAddressesAndWithoutScrubbedNotices() throws {
        let url = MailArchiveImportTests.mail.appendingPathComponent("pipermail-archive.txt")
        let prefix = [UInt8](try Data(contentsOf: url).prefix(512))
        #expect(SourceFormat.detect(path: "2016-January.txt", prefix: prefix) == .mbox)
        #expect(SourceFormat.detect(path: "2016-January", prefix: prefix) == .mbox)

        let run = try ImportRun(MboxImporter(), file: url, options: ImportOptions(agentDomains: ["shop.example"]))
        #expect(run.failures.isEmpty)
        let draft = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(draft.messages.map(\.role) == [.user, .assistant])
        // The list's tag is left out of the input (the subject as written stays in metadata).
        #expect(
            draft.input
                == "The dimmer flickers at low brightness\n\nHello,\n\nsince the last firmware update "
                + "my dimmer flickers below 20 percent.\nIs there a fix?\n\nKim")
        #expect(draft.metadata["subject"] == "[lamp-users] The dimmer flickers at low brightness")
        #expect(draft.response == "Firmware 2.4.1 fixes the flicker; install it from the app's settings page.")
        #expect(draft.metadata["from"] == "Kim Lee <kim@customer.example>")
        #expect(draft.metadata["message_ids"] == ["CAK1dimmer@mail.customer.example", "5E2Areply@shop.example"])
        let notices = try #require(draft.metadata["removed_archive_notices"]?.arrayValue)
        #expect(notices.count == 2)
        #expect(notices.first?.scalarText?.hasPrefix("-------------- next part --------------\nAn HTML") == true)
        #expect(notices.last?.scalarText?.contains("Name: release-notes.pdf") == true)

        // By address too.
        let byAddress = try ImportRun(
            MboxImporter(), file: url, options: ImportOptions(agentAddresses: ["sam@shop.example"]))
        #expect(byAddress.records.first?.messages.map(\.role) == [.user, .assistant])
    }

    @Test func aListsTagLeavesTheSubjectOnlyOfMailThroughThatList() throws {
        func input(_ headers: String) throws -> String? {
            let text = headers + "\nFrom: Kim <kim@customer.example>\nMessage-ID: <k@c>\n\nThe lamp flickers.\n"
            return try ImportRun(EMLImporter(), name: "list.eml", text: text).records.first?.input
        }
        #expect(
            try input("Subject: Re: [Lamp-Users] Flicker\nList-Id: Lamp users <lamp-users.lists.example.org>")
                == "Flicker\n\nThe lamp flickers.")
        #expect(
            try input("Subject: [lamp-users] Flicker\nX-BeenThere: lamp-users@lists.example.org")
                == "Flicker\n\nThe lamp flickers.")
        // Another list's tag, a tag of words, or mail that came through no list: the subject stays whole.
        #expect(
            try input("Subject: [URGENT] Flicker\nList-Id: <lamp-users.lists.example.org>")
                == "[URGENT] Flicker\n\nThe lamp flickers.")
        #expect(try input("Subject: [URGENT] Flicker") == "[URGENT] Flicker\n\nThe lamp flickers.")
        #expect(
            try input("Subject: [order 55] Flicker\nX-BeenThere: lamp-users@lists.example.org")
                == "[order 55] Flicker\n\nThe lamp flickers.")
        // A tag of words that spells the list's name is the list's.
        #expect(
            try input("Subject: [Lamp Users] Flicker\nList-Id: Lamp users <lamp-users.lists.example.org>")
                == "Flicker\n\nThe lamp flickers.")
        #expect(
            try input("Subject: Re: [Lamp Users] Flicker\nList-Post: <mailto:lamp_users@lists.example.org>")
                == "Flicker\n\nThe lamp flickers.")
        #expect(
            try input("Subject: [Lamp Fans] Flicker\nList-Id: <lamp-users.lists.example.org>")
                == "[Lamp Fans] Flicker\n\nThe lamp flickers.")
    }

    @Test func envelopeLineWithADateAndAHeaderMakesAnMbox() {
        let detect = { (text: String) in SourceFormat.detect(path: "archive.txt", prefix: Array(text.utf8)) }
        #expect(detect("From kim at c.example  Mon Jan 25 02:59:50 2016\nFrom: x\nReferences: <a@b>\n<c@d>\n") == .mbox)
        // A `From ` line without a date still needs mail's own fields below it.
        #expect(detect("From me to you\nNote: hi\n<c@d>\n") != .mbox)
    }

    @Test func emlWithAnAttachedMessageAndItsEnvelopeLineIsOneMessage() throws {
        let run = try ImportRun(
            EMLImporter(), file: MailArchiveImportTests.mail.appendingPathComponent("forwarded-envelope.eml"))
        #expect(run.failures.isEmpty)
        let draft = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(
            draft.input
                == "the courier's message\n\nThe courier says the parcel went back to you. Can you send it again?")
        let forwarded = try #require(draft.metadata["forwarded_messages"]?.arrayValue)
        #expect(forwarded.count == 1)
        #expect(forwarded.first?.value(atPath: "subject") == "Delivery failed")
        #expect(forwarded.first?.value(atPath: "from") == "Courier <courier@post.example>")
    }

    @Test func emlKeepsAQuotedFromLineQuoted() throws {
        let text = """
            From: Kim Customer <kim@customer.example>
            To: support@shop.example
            Subject: Re: Order 1234 never arrived
            Message-ID: <abc125@customer.example>

            Still nothing here, please refund.

            On Mon, 9 May 2005, Shop Support wrote:
            >Hello Kim,
            >
            >From our side the parcel left the warehouse on Friday.
            >It should arrive within 3 days.
            """
        let run = try ImportRun(EMLImporter(), name: "quoted.eml", text: text)
        let draft = try #require(run.records.first)
        #expect(draft.input == "Order 1234 never arrived\n\nStill nothing here, please refund.")
        let quoted = try #require(draft.metadata["removed_quotes"]?.arrayValue?.first?.scalarText)
        #expect(quoted.contains(">From our side the parcel left the warehouse on Friday."))
    }

    @Test func emptyMailFilesAreReported() throws {
        for (importer, name) in [(EMLImporter() as any Importer, "empty.eml"), (MboxImporter(), "empty.mbox")] {
            let run = try ImportRun(importer, name: name, bytes: [])
            #expect(run.records.isEmpty)
            let failure = try #require(run.failures.first)
            #expect(run.failures.count == 1)
            #expect(failure.kind == .unreadableFile)
            #expect(failure.file == name)
            #expect(failure.message.hasPrefix("empty file"))
        }
        // In a group of files given together too.
        let scratch = try ScratchDirectory()
        let empty = try scratch.file("empty.eml", bytes: [])
        let question = MailArchiveImportTests.mail.appendingPathComponent("pair-question.eml")
        var options = ImportOptions()
        options.mailFiles = try MailFileGroup.read([
            (url: empty, displayPath: "empty.eml"), (url: question, displayPath: "pair-question.eml"),
        ])
        let run = try ImportRun(EMLImporter(), file: empty, options: options)
        #expect(run.failures.map(\.message) == ["empty file: no mail message in it"])
    }

    /// An archive that kept a message's MIME body but dropped its Content-Type: the parts are read by the boundary
    /// the body opens with, the note names the message, and a part that cannot be decoded quarantines its message
    /// with the file and number.
    @Test func archivedMessageWithoutItsMultipartHeaderIsReadByItsParts() throws {
        let text = """
            From kim@customer.example  Mon Mar  2 09:00:00 2026
            From: Kim Lee <kim@customer.example>
            Subject: Refund for order 4411
            Date: Mon, 2 Mar 2026 09:00:00 +0000
            Message-ID: <refund-1@customer.example>

            --Apple-Mail=_5B1C2D3E
            Content-Transfer-Encoding: quoted-printable
            Content-Type: text/plain; charset=utf-8

            Gr=C3=BC=C3=9Fe, the refund for order 4411 has not arrived.
            --Apple-Mail=_5B1C2D3E
            Content-Transfer-Encoding: 7bit
            Content-Type: text/html; charset=utf-8

            <p>the refund for order 4411 has not arrived.</p>
            --Apple-Mail=_5B1C2D3E--

            From sam@shop.example  Mon Mar  2 10:00:00 2026
            From: Sam <sam@shop.example>
            Subject: Re: Refund for order 4411
            Date: Mon, 2 Mar 2026 10:00:00 +0000
            Message-ID: <refund-2@shop.example>
            In-Reply-To: <refund-1@customer.example>

            The refund left us today; allow three working days.

            From kim@customer.example  Tue Mar  3 09:00:00 2026
            From: Kim Lee <kim@customer.example>
            Subject: Another order
            Message-ID: <other-1@customer.example>

            --b7
            Content-Type: text/plain
            Content-Transfer-Encoding: x-uuencode

            begin 644 note.txt
            --b7--

            """
        let run = try ImportRun(
            MboxImporter(), name: "list.mbox", text: text, options: ImportOptions(agentDomains: ["shop.example"]))
        let draft = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(draft.input == "Refund for order 4411\n\nGrüße, the refund for order 4411 has not arrived.")
        #expect(draft.response == "The refund left us today; allow three working days.")
        #expect(
            draft.metadata["mail_notes"]?.arrayValue?.compactMap(\.scalarText) == [
                "message 1: the body is MIME parts though its headers name no Content-Type: the parts read by the "
                    + "boundary on the body's first line (--Apple-Mail=_5B1C2D3E)"
            ])
        run.expectOneInvalidMessage(file: "list.mbox", number: 3, reason: "x-uuencode")
    }
}
