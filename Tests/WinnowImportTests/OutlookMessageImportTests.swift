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

    @Test func damagedCompoundFilesAreRefusedNeverReadOutOfBounds() throws {
        // Bytes changed at random (a fixed seed), sectors cut, links looped: every outcome is a message or an error.
        var generator = SeededRandom(seed: 42)
        for name in ["outlook-received.msg", "outlook-sent-reply.msg"] {
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
}
