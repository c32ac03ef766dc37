import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// Records imported without `--clean-replies` that hold quoted mail history say so at import, with the option.
@Suite("Import: a note on quoted history left in texts")
struct QuotedHistoryNoteTests {
    static let tickets = """
        id,body,answer
        1,"The refund is still missing.

        On Mon, 2 Nov 2026 at 10:00, Shop Support <support@shop.example> wrote:
        > We have issued the refund.",We are sorry: it went out again today.
        2,Where is my parcel?,It ships tomorrow.
        3,Can I change my address?,"Yes, in your account settings."

        """

    /// `text` written as `name` and imported into `store` (a new one by default): the file's report.
    private func importing(
        _ text: String, name: String, options: ImportOptions = ImportOptions(), into store: Store? = nil
    ) throws -> FileImportReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-quoted-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        let service = ImportService(batchSize: 2, workers: 2)
        let report = try service.run(paths: [file.path], options: options, store: store ?? Store())
        return try #require(report.files.first)
    }

    @Test func historyLeftInTheTextsIsNotedWithTheOption() throws {
        let report = try importing(Self.tickets, name: "tickets.csv")
        let note = try #require(report.notes.first { $0.contains("quoted e-mail history") })
        #expect(note.contains("1 of the 3 records looked at holds"))
        #expect(note.contains("row 1 (line 2)"))
        #expect(note.contains("--clean-replies"))
        // Cleaned, or with nothing quoted, there is nothing to say.
        var cleaning = ImportOptions()
        cleaning.cleanReplies = true
        let cleaned = try importing(Self.tickets, name: "tickets.csv", options: cleaning)
        #expect(!cleaned.notes.contains { $0.contains("quoted e-mail history") })
        let plain = Self.tickets
            .replacingOccurrences(of: "On Mon, 2 Nov 2026", with: "Still nothing on Mon, 2 Nov 2026")
            .replacingOccurrences(of: "wrote:\n> ", with: "and ")
        let none = try importing(plain, name: "tickets.csv")
        #expect(!none.notes.contains { $0.contains("quoted e-mail history") })
    }

    @Test func aFileWhoseTextsAreEMailsIsCleanedAsEMailUnlessToldNot() throws {
        // Two of three bodies quote the mail they answer (CR LF line ends, as a Windows export writes them).
        let mails = Self.tickets.replacingOccurrences(
            of: "2,Where is my parcel?,",
            with: "2,\"Where is my parcel?\r\n\r\n-----Original Message-----\r\nFrom: Shop\r\n"
                + "Sent: Monday\r\nSubject: Order\r\n\r\nYour order has shipped.\",")
        let store = try Store()
        let notes = try importing(mails, name: "mails.csv", into: store).notes
        #expect(notes.contains { $0.contains("2 of the first 3 records hold quoted e-mail history") })
        #expect(!notes.contains { $0.contains("records looked at") })
        let examples = try store.examples()
        #expect(
            examples.map(\.input) == [
                "The refund is still missing.", "Where is my parcel?", "Can I change my address?",
            ])
        #expect(examples[1].metadata["removed_forwarded"] != nil || examples[1].metadata["removed_quotes"] != nil)

        // Told not to, the texts stay as they read, and nothing is said.
        var asRead = ImportOptions()
        asRead.cleanReplies = false
        let kept = try importing(mails, name: "mails.csv", options: asRead)
        #expect(!kept.notes.contains { $0.contains("quoted e-mail history") })
    }

    @Test func aConversationExportsMessagesAreCleanedToo() throws {
        // One message a row, each quoting the one before: read as a conversation, every message cleaned as mail.
        let rows = """
            conversation_id,role,text
            c1,customer,"My parcel is late.

            On Mon, 2 Nov 2026 at 10:00, Shop <help@shop.example> wrote:
            > Your parcel has shipped."
            c1,agent,"It arrives tomorrow.

            On Tue, 3 Nov 2026 at 09:00, Kim <kim@example.org> wrote:
            > My parcel is late."

            """
        let store = try Store()
        let report = try importing(rows, name: "messages.csv", into: store)
        #expect(report.notes.contains { $0.contains("2 of the first 2 records hold quoted") })
        let conversation = try #require(try store.examples().first)
        #expect(conversation.input == "My parcel is late.")
        #expect(conversation.response == "It arrives tomorrow.")
    }

    @Test func aThreadsTurnsAreLookedAtToo() throws {
        let thread = """
            [{"id": 5, "subject": "VPN", "conversations": [
              {"incoming": true, "body_text": "The VPN fails again."},
              {"incoming": false, "body_text": "Please reinstall the profile.\\n\\n-----Original Message-----\\nFrom: Eve\\nSent: Monday\\nSubject: VPN\\n\\nThe VPN fails again."}
            ]}]
            """
        let report = try importing(thread, name: "tickets.json")
        #expect(report.notes.contains { $0.contains("the one record looked at holds quoted e-mail history") })
    }
}
