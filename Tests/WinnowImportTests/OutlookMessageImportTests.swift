import Foundation
import Testing
import WinnowCore

@testable import WinnowImport
@testable import WinnowMail

@Suite struct OutlookMessageImportTests {
    static let mail = fixturesDirectory.appendingPathComponent("mail")

    func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: OutlookMessageImportTests.mail.appendingPathComponent(name)))
    }

    @Test func anOutlookMessageIsReadAsTheMIMEMessageItStandsFor() throws {
        let received = try MailMessage(bytes: try OutlookMessage(bytes: try bytes("outlook-received.msg")).mime)
        // Its transport headers as delivered: the quoted display name holding a comma, the encoded subject.
        #expect(received.from == [MailAddress(name: "Lopez, Ana", address: "ana.lopez@kunde.example")])
        #expect(received.subject == "Pedido 4471: devolución")
        #expect(received.messageID == "CAK4471question@mail.kunde.example")
        // Its HTML body alone, and the attached Outlook message as a forwarded one.
        #expect(received.bodyIsHTML)
        #expect(received.body.contains("devolví el pedido 4471"))
        #expect(received.forwarded.first?.subject == "Your parcel was delivered")
        #expect(received.forwarded.first?.text.contains("delivered to the shop's depot") == true)

        let reply = try MailMessage(bytes: try OutlookMessage(bytes: try bytes("outlook-sent-reply.msg")).mime)
        // Built from its properties: the SMTP address, not the Exchange name; recipients by kind; the date.
        #expect(reply.from == [MailAddress(name: "Berg, Tom", address: "tom.berg@shop.example")])
        #expect(reply.to.map(\.address) == ["ana.lopez@kunde.example"])
        #expect(reply.cc.map(\.address) == ["returns@shop.example"])
        #expect(reply.date?.iso8601 == "2026-11-03T14:02:00Z")
        #expect(reply.headers["Date"] == "Tue, 03 Nov 2026 14:02:00 +0000")
        #expect(MailDate(secondsSince1970: -86_400).rfc5322 == "Wed, 31 Dec 1969 00:00:00 +0000")
        #expect(reply.headers["In-Reply-To"] == "<CAK4471question@mail.kunde.example>")
        #expect(reply.headers["Thread-Index"]?.isEmpty == false)
        #expect(!reply.bodyIsHTML && reply.body.hasPrefix("Hola Ana,"))
        // The 6 KiB attachment lies in regular sectors: read whole.
        #expect(reply.attachments.map(\.name) == ["return-label-4471.pdf"])
        #expect(reply.attachments.first?.size == 6144)
        #expect(reply.attachments.first?.contentType == "application/pdf")
    }

    @Test func outlookMessagesGivenTogetherThreadAsEMLFilesDo() throws {
        let files = ["outlook-received.msg", "outlook-sent-reply.msg"].map {
            OutlookMessageImportTests.mail.appendingPathComponent($0)
        }
        #expect(
            files.allSatisfy {
                SourceFormat.detect(
                    path: $0.path, prefix: Array((try? Data(contentsOf: $0)) ?? Data()).prefix(512).map { $0 })
                    == .eml
            })
        var options = ImportOptions()
        options.mailFiles = try MailFileGroup.read(files.map { ($0, $0.lastPathComponent) })
        let question = try ImportRun(EMLImporter(), file: files[0], options: options)
        let example = try #require(question.records.first)
        #expect(example.input.hasPrefix("Pedido 4471: devolución\n\nHola,\n\ndevolví el pedido 4471"))
        #expect(
            example.response == "Hola Ana,\n\nel reembolso se ha enviado hoy; lo verás en tu tarjeta en 3 a 5 días.")
        #expect(example.metadata["removed_signatures"] == ["Un saludo,\nTom"])
        #expect(example.response?.contains("From: Lopez, Ana") == false)
        #expect(example.metadata["message_files"] == ["outlook-received.msg", "outlook-sent-reply.msg"])
        #expect(example.metadata["forwarded_messages"]?.arrayValue?.count == 1)
        let answer = try ImportRun(EMLImporter(), file: files[1], options: options)
        #expect(answer.records.isEmpty && answer.failures.isEmpty)
    }

    @Test func aDamagedOutlookMessageIsQuarantinedWithWhatIsWrong() throws {
        let whole = try bytes("outlook-sent-reply.msg")
        let run = try ImportRun(EMLImporter(), name: "cut.msg", bytes: Array(whole.prefix(3000)))
        let failure = try #require(run.failures.first)
        #expect(run.records.isEmpty)
        #expect(failure.kind == .invalidMail && failure.file == "cut.msg")
        #expect(failure.message.hasPrefix("not a readable Outlook message: compound file"))
        // Any other compound file (a Word document) is still named and refused.
        let document = CompoundFile.signature + Array(repeating: 0, count: 600)
        #expect(SourceFormat.detect(path: "letter.doc", prefix: document) == nil)
        #expect(SourceFormat.unreadableKind(path: "letter.doc", prefix: document)?.contains("Office file") == true)
    }

    @Test func outlookItemsThatAreNotAPersonsMailAreLeftOutWithWhatTheyAre() throws {
        // A contact saved beside the mail is not mail: left out, named.
        #expect(throws: OutlookMessage.NotMail(messageClass: "IPM.Contact", kind: "an Outlook contact")) {
            try OutlookMessage(bytes: try bytes("outlook-contact.msg"))
        }
        let contact = try ImportRun(
            EMLImporter(), file: OutlookMessageImportTests.mail.appendingPathComponent("outlook-contact.msg"))
        #expect(contact.records.isEmpty)
        #expect(contact.failures.first?.kind == .discardedMail)
        #expect(
            contact.failures.first?.message
                == "an Outlook contact (IPM.Contact), not mail: left out of the conversations")
        // A meeting request is mail the calendar wrote: its class goes with it, and it is nobody's words.
        let meeting = try MailMessage(bytes: try OutlookMessage(bytes: try bytes("outlook-meeting-request.msg")).mime)
        #expect(meeting.headers["X-Outlook-Message-Class"] == "IPM.Schedule.Meeting.Request")
        let run = try ImportRun(
            EMLImporter(), file: OutlookMessageImportTests.mail.appendingPathComponent("outlook-meeting-request.msg"))
        #expect(run.records.isEmpty)
        #expect(
            run.failures.first?.message.contains(
                "a calendar invitation or answer (Outlook's message class IPM.Schedule.Meeting.Request)") == true)
        // Plain mail carries no class field.
        let received = try MailMessage(bytes: try OutlookMessage(bytes: try bytes("outlook-received.msg")).mime)
        #expect(received.headers["X-Outlook-Message-Class"] == nil)
    }

    @Test func damagedCompoundFilesAreRefusedNeverReadOutOfBounds() throws {
        // Bytes changed at random (a fixed seed), sectors cut, links looped: every outcome is a message or an error.
        var generator = SeededRandom(seed: 42)
        for name in ["outlook-received.msg", "outlook-sent-reply.msg", "outlook-rtf-html.msg"] {
            let original = try bytes(name)
            for round in 0..<300 {
                var damaged = original
                for _ in 0..<(1 + round % 8) {
                    let at = Int.random(in: 0..<damaged.count, using: &generator)
                    damaged[at] = UInt8.random(in: 0...255, using: &generator)
                }
                if round % 10 == 0 {
                    damaged = Array(damaged.prefix(Int.random(in: 512..<damaged.count, using: &generator)))
                }
                _ = try? OutlookMessage(bytes: damaged)
            }
        }
    }

    @Test func propertiesNeverAddHeaderLinesOfTheirOwn() {
        // A value holding a line break (a damaged or hostile file) stays one header's value.
        #expect(
            OutlookMessage.mailbox(name: "Berg, Tom", address: "t@shop.example>\r\nBcc: x@y")
                == "\"Berg, Tom\" <t@shop.example Bcc: x@y>")
        #expect(OutlookMessage.mailbox(name: "Núñez\nX-Evil: 1", address: nil)?.contains("\n") == false)
        #expect(OutlookMessage.oneLine("<a@b>\r\nReferences: <c@d>") == "<a@b> References: <c@d>")
        let headers = OutlookMessage.headerLines(
            "From: a@b\r\nContent-Type: multipart/mixed;\r\n\tboundary=x\r\nSubject: Hi\r\n there\r\n\r\nbody")
        #expect(headers == ["From: a@b", "Subject: Hi", " there"])
    }

    @Test func compressedRTFIsReadAsSpecified() throws {
        #expect(CompressedRTF.preset.count == 207)
        // [MS-OXRTFCP]'s first example: literals and references into the preset ring.
        let hex = "2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af32068656c090020627705b06c647d0a800fa0"
        let example = stride(from: 0, to: hex.count, by: 2).map {
            UInt8(hex.dropFirst($0).prefix(2), radix: 16)!
        }
        #expect(
            String(decoding: try CompressedRTF.decompress(example), as: UTF8.self)
                == "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n")
        // Stored uncompressed ("MELA").
        let stored = Array("{\\rtf1 hi}".utf8)
        let mela = [
            UInt8(stored.count + 12), 0, 0, 0, UInt8(stored.count), 0, 0, 0, 0x4D, 0x45, 0x4C, 0x41, 0, 0, 0, 0,
        ]
        #expect(try CompressedRTF.decompress(mela + stored) == stored)
        // Cut before its end marker, or compressed some other way: an error saying so, never a guess.
        #expect(throws: MailError("compressed RTF body ends before its end marker")) {
            try CompressedRTF.decompress(Array(example.prefix(30)))
        }
        var unknown = example
        unknown[8] = 0x41
        #expect(throws: MailError("RTF body compressed in an unknown way")) { try CompressedRTF.decompress(unknown) }
    }

    @Test func anRTFOnlyBodyIsTheHTMLOrTextItHolds() throws {
        // HTML Outlook encapsulated in RTF: the page itself, its Windows-1251 text decoded by its font's charset.
        let html = try MailMessage(bytes: try OutlookMessage(bytes: try bytes("outlook-rtf-html.msg")).mime)
        #expect(html.bodyIsHTML)
        #expect(html.subject == "RE: Заказ 5120 отправлен ✓")
        #expect(html.body.contains("<p class=\"MsoNormal\">Здравствуйте,</p>"))
        #expect(html.body.contains("<b>From:</b> Shop Support &lt;support@shop.example&gt;<br>"))
        #expect(html.body.contains("Заказ 5120 отправлен ✓</p>"))
        #expect(!html.body.contains("Courier New") && !html.body.contains("htmlrtf"))
        // Plain RTF: its text, without the font table, the picture or the link's field code.
        let plain = try MailMessage(bytes: try OutlookMessage(bytes: try bytes("outlook-rtf-plain.msg")).mime)
        #expect(!plain.bodyIsHTML)
        #expect(
            plain.body
                == "Guten Tag,\ndie Rücksendung für Bestellung 3308 ist seit zwei Wochen unterwegs. Können Sie mir "
                + "die 49,90 €\u{00A0}erstatten? Die Sendung: Sendungsverfolgung\n\nMit freundlichen Grüßen\n"
                + "Jana Vogel\n")

        // Imported as any message: the newest text kept, the quoted history removed as evidence.
        let run = try ImportRun(
            EMLImporter(), file: OutlookMessageImportTests.mail.appendingPathComponent("outlook-rtf-html.msg"))
        let example = try #require(run.records.first)
        #expect(
            example.input
                == "Заказ 5120 отправлен ✓\n\nЗдравствуйте,\n\nпосылка по заказу 5120 так и не пришла: трек-номер не "
                + "обновляется со 2 ноября. Что делать?\n\nС уважением,\nИван")
        #expect(
            example.metadata["removed_quotes"]?.arrayValue?.first?.scalarText?.hasPrefix("From: Shop Support") == true)

        // An RTF body whose end marker is lost: the message is quarantined with what is wrong.
        let whole = try bytes("outlook-rtf-plain.msg")
        let rtf = try #require(try CompoundFile(bytes: whole).stream(["__substg1.0_10090102"]))
        let at = try #require(
            (0...(whole.count - rtf.count)).first { whole[$0..<($0 + rtf.count)].elementsEqual(rtf) })
        var damaged = whole
        for index in (at + rtf.count - 3)..<(at + rtf.count) { damaged[index] = 0 }
        let cut = try ImportRun(EMLImporter(), name: "rtf.msg", bytes: damaged)
        #expect(cut.records.isEmpty)
        #expect(
            cut.failures.first?.message
                == "not a readable Outlook message: compressed RTF body ends before its end marker")
    }
}
