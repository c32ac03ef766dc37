import Foundation
import Testing
import WinnowCore
import WinnowMail

@testable import WinnowImport

/// HTML pages that are one e-mail, helpdesk print pages, and `--clean-replies` on CSV and JSONL.
@Suite struct MailBodyImportTests {
    static let mail = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/mail")

    func importMail(_ name: String, options: ImportOptions = ImportOptions()) throws -> ImportRun {
        let bytes = [UInt8](try Data(contentsOf: Self.mail.appendingPathComponent(name)))
        return try ImportRun(HTMLImporter(), name: name, bytes: bytes, options: options)
    }

    func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap(\.scalarText)
    }

    /// A reply saved from a mail client: the input is the newest text, never the quoted message.
    @Test(arguments: [
        ("gmail-reply.html", "The replacement arrived today", "warehouse"),
        ("outlook-reply.html", "la factura sigue mostrando", "corregido"),
        ("outlook-border-reply.html", "Het pakket is nog niet bezorgd", "verzonden."),
        ("hotmail-reply.html", "confermo l'indirizzo", "confermare"),
        ("mailru-reply.html", "Спасибо, всё получил.", "отправлен"),
        ("bold-header-reply.html", "jag vill byta till storlek 44.", "storlek vill"),
        ("apple-mail-reply.html", "die Rücksendung ist unterwegs", "Bitte senden"),
    ])
    func replyPageImportsTheNewestMessage(file: String, newest: String, quoted: String) throws {
        let run = try importMail(file)
        #expect(run.failures.isEmpty, "\(run.failures)")
        let record = try #require(run.records.first)
        #expect(run.records.count == 1)
        #expect(record.input.contains(newest))
        #expect(!record.input.contains(quoted))
        #expect(strings(record.metadata["removed_quotes"]).contains { $0.contains(quoted) })
        #expect(record.metadata["layout"] == .string("message"))
        #expect(record.messages.map(\.role) == [.user])
    }

    @Test func singleMessagePageIsOneExample() throws {
        let run = try importMail("single-message.html")
        let record = try #require(run.records.first)
        #expect(
            record.input
                == "Login problem\n\nHello,\n\nsince this morning I cannot log in: the page says my password expired,"
                + " but the reset link never arrives.")
        #expect(strings(record.metadata["removed_signatures"]) == ["Thanks,\nMarta\n\n--\nSent from my phone"])
    }

    @Test func noCleanRepliesKeepsThePageTextAsItReads() throws {
        let run = try importMail("gmail-reply.html", options: ImportOptions(cleanReplies: false))
        let record = try #require(run.records.first)
        #expect(record.input.contains("The replacement arrived today"))
        #expect(record.input.contains("warehouse"))
        #expect(strings(record.metadata["removed_quotes"]).isEmpty)
    }

    @Test func helpdeskPrintPageKeepsTheCustomerMessage() throws {
        let run = try importMail("osticket-print.html")
        #expect(run.failures.isEmpty, "\(run.failures)")
        let record = try #require(run.records.first)
        #expect(
            record.input
                == "Charged twice for one order\n\nHello,\n\nmy card was charged twice for order 60117. Can you refund"
                + " one of the charges?")
        #expect(
            record.response == "Hi Marta,\n\nI have refunded the second charge; it will show within 5 working days.")
        #expect(strings(record.metadata["internal_notes"]) == ["Duplicate charge confirmed by the payment provider."])
        #expect(strings(record.metadata["removed_signatures"]).contains("Thanks,\nMarta\n--\nSent from my phone"))
        #expect(strings(record.metadata["removed_signatures"]).contains("Best regards,\nTom\nAcme Support"))
        #expect(record.ticketID == "284011")
    }

    /// A reply whose quoted header blocks look like a thread: the newest text is the input, not the quoted message.
    @Test func headerBlocksInsideOneEmailAreQuotedHistory() throws {
        let html = """
            <html><body><div>Yes, the 14:00 slot works for me.</div><div>Kim</div>
            <div><b>From:</b> Acme Support &lt;support@acme-shop.example&gt;<br><b>To:</b> Kim<br>
            <b>Date:</b> Tue, 10 Mar 2026 08:47<br><b>Subject:</b> Delivery slot</div>
            <div>Which slot suits you, 10:00 or 14:00?</div>
            <div><b>From:</b> Kim &lt;kim@example.org&gt;<br><b>To:</b> Acme Support<br>
            <b>Date:</b> Mon, 9 Mar 2026 18:22<br><b>Subject:</b> Delivery slot</div>
            <div>Can you deliver on Thursday?</div></body></html>
            """
        let run = try ImportRun(HTMLImporter(), name: "reply.html", bytes: Array(html.utf8), options: ImportOptions())
        let record = try #require(run.records.first)
        #expect(record.input == "Yes, the 14:00 slot works for me.\nKim")
        #expect(strings(record.metadata["removed_quotes"]).first?.contains("Which slot suits you") == true)
    }

    @Test func cleanRepliesOnACSVBodyColumn() throws {
        let csv = """
            ticket_id,body,response
            1,"Still waiting for the refund.

            Am 10.03.2026 um 08:47 schrieb Acme Support <support@acme-shop.example>:
            > The refund was sent on Monday.","It left our account on Monday; banks take 3-5 days.

            Best regards,
            Tom
            Acme Support"
            2,"Where is my parcel?

            Sent from my iPhone",
            3,"> only a quoted line",
            """
        let plain = try ImportRun(CSVImporter(), name: "mail.csv", bytes: Array(csv.utf8), options: ImportOptions())
        #expect(plain.records.first?.input.contains("schrieb") == true)
        let run = try ImportRun(
            CSVImporter(), name: "mail.csv", bytes: Array(csv.utf8), options: ImportOptions(cleanReplies: true))
        #expect(run.failures.isEmpty)
        #expect(
            run.records.map(\.input) == [
                "Still waiting for the refund.", "Where is my parcel?", "> only a quoted line",
            ])
        #expect(run.records.first?.response == "It left our account on Monday; banks take 3-5 days.")
        let first = try #require(run.records.first)
        #expect(strings(first.metadata["removed_quotes"]).first?.hasPrefix("Am 10.03.2026") == true)
        #expect(strings(first.metadata["removed_signatures"]) == ["Best regards,\nTom\nAcme Support"])
        #expect(strings(run.records[1].metadata["removed_signatures"]) == ["Sent from my iPhone"])
        #expect(run.records[2].metadata["reply_kept_whole"] == .bool(true))
    }

    @Test func cleanRepliesOnJSONL() throws {
        let line =
            #"{"text": "Cancel it, please.\n\n-----Original Message-----\nFrom: Acme\nSent: Monday\n\nShall we cancel?"}"#
        let run = try ImportRun(
            JSONLImporter(), name: "mail.jsonl", bytes: Array((line + "\n").utf8),
            options: ImportOptions(cleanReplies: true))
        let record = try #require(run.records.first)
        #expect(record.input == "Cancel it, please.")
        #expect(strings(record.metadata["removed_quotes"]).first?.hasPrefix("-----Original Message-----") == true)
    }
}
