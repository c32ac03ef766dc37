import Foundation
import Testing
import WinnowCore
import WinnowMail

@testable import WinnowImport

@Suite struct MailImporterTests {
    static let mail = fixturesDirectory.appendingPathComponent("mail")

    func run(_ importer: any Importer, _ name: String, options: ImportOptions = ImportOptions()) throws -> ImportRun {
        try ImportRun(importer, file: MailImporterTests.mail.appendingPathComponent(name), options: options)
    }

    @Test func emlBecomesOneExampleWithMetadata() throws {
        let run = try run(EMLImporter(), "forwarded-attachment.eml")
        #expect(run.failures.isEmpty)
        let draft = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(draft.input.contains("the parcel never arrived and the receipt is attached."))
        #expect(draft.response == nil)
        #expect(draft.messages == [Message(role: .user, content: draft.input)])
        #expect(draft.locator == .message(1, offset: 0))
        #expect(draft.metadata["subject"] == "Fwd: Order 88 never arrived")
        #expect(draft.metadata["from"] == "Ana Silva <ana@cliente.example>")
        #expect(draft.metadata["date"] == "2026-12-04T15:00:00Z")
        #expect(draft.metadata["message_ids"] == ["fwd-1@cliente.example"])
        let attachment = try #require(draft.metadata["attachments"]?.arrayValue?.first)
        #expect(attachment.value(atPath: "name") == "recibo nº88.pdf")
        #expect(attachment.value(atPath: "size") == 1033)
        let forwarded = try #require(draft.metadata["forwarded_messages"]?.arrayValue?.first)
        #expect(forwarded.value(atPath: "subject") == "Your parcel has shipped")
        #expect(!draft.input.contains("left our depot"))
    }

    @Test func htmlOnlyBodyIsCleanedThroughTheReplyCleaner() throws {
        let draft = try #require(try run(EMLImporter(), "html-only.eml").records.first)
        #expect(draft.input.contains("I would like a refund for order 12."))
        #expect(!draft.input.contains("<p>"))
        #expect(!draft.input.contains("color: red"))
    }

    @Test func charsetsAndEncodedSubjectsReachTheExample() throws {
        let koi8 = try #require(try run(EMLImporter(), "koi8r.eml").records.first)
        #expect(koi8.input.contains("Не могу войти в личный кабинет"))
        #expect(koi8.metadata["subject"] == "Не работает вход")
        let latin = try #require(try run(EMLImporter(), "qp-latin1.eml").records.first)
        #expect(latin.input.contains("le café est fermé depuis lundi et la formule a=b ne marche plus."))
        #expect(!latin.input.contains("=3D"))
        #expect(latin.metadata["subject"] == "Café fermé and more")
    }

    @Test func undecodableMessageIsQuarantinedWithItsFileAndNumber() throws {
        let run = try run(EMLImporter(), "undecodable.eml")
        #expect(run.records.isEmpty)
        let failure = try #require(run.failures.first)
        #expect(failure.kind == .invalidMail)
        #expect(failure.file == "undecodable.eml")
        #expect(failure.locator == .message(1, offset: 0))
        #expect(failure.message.contains("x-uuencode"))
    }

    @Test func mboxThreadWithAgentDomainRoles() throws {
        let run = try run(MboxImporter(), "thread.mbox", options: ImportOptions(agentDomains: ["shop.example"]))
        // Three messages in one thread, one broken message, one single message: two examples, one failure.
        #expect(run.records.count == 2)
        let thread = try #require(run.records.first { $0.metadata["subject"] == "Broken zipper" })
        #expect(
            thread.messages.map(\.role) == [.user, .user, .assistant])
        #expect(thread.messages.first?.content == "My new jacket's zipper is broken.")
        #expect(thread.input.hasPrefix("My new jacket's zipper is broken.\n\nHere are the photos you asked for."))
        #expect(thread.input.contains("From now on I will check before washing."))
        #expect(!thread.input.contains("Could you send photos"))
        #expect(thread.response == "Thanks Kim, a replacement jacket is on its way.")
        #expect(thread.metadata["message_numbers"] == [3, 1, 2])
        #expect(thread.metadata["removed_quotes"]?.arrayValue?.isEmpty == false)
        #expect(thread.ticketID == "t1@customer.example")
        guard case .message(3, let offset) = thread.locator else {
            Issue.record("locator \(thread.locator)")
            return
        }
        #expect(offset > 0)

        let failure = try #require(run.failures.first)
        #expect(run.failures.count == 1)
        #expect(failure.kind == .invalidMail)
        #expect(failure.file == "thread.mbox")
        if case .message(let number, _) = failure.locator { #expect(number == 4) } else { Issue.record("locator") }
        #expect(failure.description.contains("message 4"))
        #expect(failure.message.contains("base64"))
    }

    @Test func withoutAgentOptionsOnlyHelpdeskSendersAreAgents() throws {
        let run = try run(MboxImporter(), "thread.mbox")
        let thread = try #require(run.records.first { $0.metadata["subject"] == "Broken zipper" })
        // sam@shop.example does not look like a helpdesk: every turn is the customer's, and there is no response.
        #expect(thread.response == nil)
        #expect(thread.messages.allSatisfy { $0.role == .user })

        let helpdesk = """
            From: Kim <kim@customer.example>
            Message-ID: <q@c>
            Subject: Hi

            Where is my order?

            From support@shop.example Tue Dec  8 09:00:00 2026
            From: Shop Support <support@shop.example>
            In-Reply-To: <q@c>
            Subject: Re: Hi

            It ships tomorrow.
            """
        let answered = try ImportRun(MboxImporter(), name: "x.mbox", text: helpdesk)
        #expect(answered.records.first?.input == "Where is my order?")
        #expect(answered.records.first?.response == "It ships tomorrow.")
    }

    @Test func threadWithOnlyAgentTextIsQuarantined() throws {
        let text = """
            From: Shop Support <support@shop.example>
            Subject: Newsletter

            Our new catalogue is out.
            """
        let run = try ImportRun(EMLImporter(), name: "only-agent.eml", text: text)
        #expect(run.records.isEmpty)
        #expect(run.failures.first?.kind == .noInput)
        #expect(run.failures.first?.message.contains("no customer message") == true)
    }

    @Test func agentAddressOptionMarksOneSender() throws {
        let run = try run(
            MboxImporter(), "thread.mbox", options: ImportOptions(agentAddresses: ["SAM@shop.example"]))
        let thread = try #require(run.records.first { $0.metadata["subject"] == "Broken zipper" })
        #expect(thread.response == "Thanks Kim, a replacement jacket is on its way.")
    }

    @Test func cleanedReplyMetadataKeys() {
        let cleaned = CleanedReply(text: "hi", quoted: ["q"], forwarded: [], signatures: ["s"], disclaimers: ["d"])
        #expect(cleaned.removedMetadata["removed_quotes"] == ["q"])
        #expect(cleaned.removedMetadata["removed_forwarded"] == nil)
        #expect(cleaned.removedMetadata["removed_signatures"] == ["s"])
        #expect(cleaned.removedMetadata["removed_disclaimers"] == ["d"])
    }
}

@Suite struct FormatDetectionTests {
    func detect(_ path: String, _ text: String) -> SourceFormat? {
        SourceFormat.detect(path: path, prefix: Array(text.utf8.prefix(512)))
    }

    @Test func mailExtensions() {
        for name in ["a.eml", "A.EML"] { #expect(detect(name, "anything") == .eml) }
        for name in ["a.mbox", "a.mbx", "a.mbs"] { #expect(detect(name, "anything") == .mbox) }
    }

    @Test func mailByContent() {
        let headers = "Received: from x by y; Tue, 1 Dec 2026\nFrom: a@b.example\nSubject: hi\n\nbody\n"
        #expect(detect("message", headers) == .eml)
        #expect(detect("message.dat", "MIME-Version: 1.0\nContent-Type: text/plain\n\nhi") == .eml)
        #expect(detect("archive", "From a@b Mon Dec  7 10:00:00 2026\nFrom: a@b.example\n\nhi\n") == .mbox)
        // A .txt holding mail is mail; a .txt holding a table stays CSV.
        #expect(detect("saved.txt", headers) == .eml)
        #expect(detect("table.txt", "id,subject,body\n1,a,b\n") == .csv)
        #expect(detect("table.csv", "From: x\n") == .csv)
    }

    @Test func unknownExtensionsAreDecidedByContentOrNotAtAll() {
        #expect(detect("data.log", "{\"a\": 1}\n") == .jsonl)
        #expect(detect("page.asp", "<html></html>") == .html)
        #expect(detect("export.dat", "id;subject;body\n1;a;b\n2;c;d\n") == .csv)
        #expect(detect("notes.log", "just some words in a file\nand another line\n") == nil)
        #expect(detect("key: value.yaml", "name: value\nother: thing\n") == nil)
    }
}
