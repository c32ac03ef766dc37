import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// Tables of e-mails, one message a row (Outlook's CSV export, a script's dump of a mailbox): read as mail.
@Suite("Import: tables of e-mails read as mail")
struct MailRowsImportTests {
    static let outlook = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/mail/outlook-export.csv")

    @Test func outlooksCSVExportIsThreadedAsAMailbox() throws {
        let store = try Store()
        let report = try ImportService(batchSize: 2, workers: 2).run(
            paths: [Self.outlook.path], options: ImportOptions(), store: store)
        let file = try #require(report.files.first)
        #expect(file.imported == 3)
        #expect(file.errors == 0)
        #expect(file.notes.contains { $0.contains("rows read as e-mails") && $0.contains("5 messages") })
        let examples = try store.examples()
        #expect(examples.map(\.locator) == [.row(1, line: 2), .row(3, line: 21), .row(4, line: 22)])
        let refund = examples[0]
        #expect(
            refund.input
                == "Refund for order 5521\n\nHi,\n\nThe refund for order 5521 still hasn't shown up on my card.\n\nJane"
        )
        // The reply, from an Exchange sender (`/O=EXCHANGELABS/...`), answers; the history it quotes is taken out.
        #expect(refund.response?.hasPrefix("Hello Jane,\n\nThe refund was sent again today") == true)
        #expect(refund.response?.contains("still hasn't shown up") == false)
        #expect(refund.messages.map(\.role) == [.user, .assistant])
        // The rows' other columns stay with the example, one object per message.
        let fields = try #require(refund.metadata["row_fields"]?.arrayValue)
        #expect(fields.map { $0.value(atPath: "From: (Type)") } == ["SMTP", "EX"])
        // A question nobody answered stays a question.
        #expect(examples[1].response == nil)

        // Listed newest first (replies above what they answer), the undated rows are read last first.
        let csv = try String(contentsOf: Self.outlook, encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-newest-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let newestFirst = folder.appendingPathComponent("newest-first.csv")
        try Data(Self.newestFirst(csv).utf8).write(to: newestFirst)
        let reversedStore = try Store()
        let reversedReport = try ImportService(batchSize: 2, workers: 2).run(
            paths: [newestFirst.path], options: ImportOptions(), store: reversedStore)
        #expect(reversedReport.files.first?.notes.contains { $0.contains("last row first") } == true)
        let threads = try reversedStore.examples()
        #expect(threads.count == 3)
        #expect(threads.first?.response?.hasPrefix("Hello Jane,") == true)
        #expect(threads.first?.locator == .row(5, line: 24))

        // Told to read each record alone, the rows stay rows.
        var alone = ImportOptions()
        alone.detectsConversations = false
        let rows = try ImportService(batchSize: 2, workers: 2).run(
            paths: [Self.outlook.path], options: alone, store: try Store())
        #expect(rows.files.first?.imported == 5)
    }

    @Test func undatedRowsInNeitherOrderAreOrderedByTheHistoryTheyQuote() throws {
        // Outlook's export of an inbox's rows (newest first) followed by its sent items' (newest first): the
        // second question above the first, the answers below both.
        let file = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/mail/outlook-export-mixed.csv")
        let store = try Store()
        let report = try ImportService(batchSize: 2, workers: 2).run(
            paths: [file.path], options: ImportOptions(), store: store)
        #expect(report.files.first?.imported == 2)
        #expect(
            report.files.first?.notes.contains {
                $0.contains("1 undated thread ordered by the history each message quotes")
            } == true)
        let lamp = try #require(try store.examples().first { $0.input.hasPrefix("Damaged lamp") })
        #expect(lamp.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(lamp.messages.first?.content.contains("arrived with a cracked shade") == true)
        #expect(lamp.messages[1].content.hasPrefix("Hi Lena,\n\nsorry about that."))
        #expect(lamp.messages[2].content.hasPrefix("Hi Sam,\n\nphotos attached."))
        #expect(lamp.response?.hasPrefix("Hi Lena,\n\nthank you. A new shade goes out today") == true)
        // The reply listed above its question joined it, placed by its first message's row.
        #expect(lamp.metadata["message_numbers"] == [3, 6, 1, 4])
    }

    @Test func outlooksExportInAnotherLanguageIsReadAsMailToo() throws {
        // German Outlook names its columns `Betreff`, `Textkörper`, `Von: (Adresse)`, `An: (Adresse)`...
        let file = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/mail/outlook-export-de.csv")
        let store = try Store()
        let report = try ImportService(batchSize: 2, workers: 2).run(
            paths: [file.path], options: ImportOptions(), store: store)
        let notes = try #require(report.files.first?.notes)
        #expect(
            notes.contains {
                $0.contains("rows read as e-mails (subject <- Betreff, body <- Textkörper, sender <- Von: (Adresse)")
            })
        // The body column is the mail's text, not a column found by its content.
        #expect(!notes.contains { $0.contains("holds the message beside the subject") })
        let examples = try store.examples()
        #expect(examples.count == 2)
        let order = try #require(examples.first { $0.input.hasPrefix("Bestellung 7740") })
        #expect(order.messages.map(\.role) == [.user, .assistant])
        #expect(order.response?.hasPrefix("Hallo Frau Lang,\n\ndas Paket liegt beim Zusteller") == true)
        #expect(order.response?.contains("Gesendet:") == false)
        #expect(order.metadata["from"] == "Petra Lang <petra.lang@example.de>")

        // Saved by Excel on a German system: semicolons, Windows-1252. The columns are told by their names as the
        // import reads them (`Textkörper`, not a name with U+FFFD where `ö` was).
        let csv = try String(contentsOf: file, encoding: .utf8)
        let semicolons = Self.records(csv).map { record in
            Self.fields(record).map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                .joined(separator: ";")
        }.joined(separator: "\r\n")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-de-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let legacy = folder.appendingPathComponent("outlook-de.csv")
        try #require(semicolons.data(using: .windowsCP1252)).write(to: legacy)
        let legacyStore = try Store()
        let legacyReport = try ImportService(batchSize: 2, workers: 2).run(
            paths: [legacy.path], options: ImportOptions(), store: legacyStore)
        #expect(legacyReport.files.first?.notes.contains { $0.contains("read as Windows-1252") } == true)
        #expect(legacyReport.files.first?.notes.contains { $0.contains("body <- Textkörper") } == true)
        #expect(try legacyStore.examples().count == 2)
    }

    /// `csv`'s records (each ends in CR LF outside quotes).
    static func records(_ csv: String) -> [String] {
        var records: [String] = []
        var current = ""
        var quoted = false
        for character in csv {
            if character == "\"" { quoted.toggle() }
            if character == "\r\n", !quoted {
                records.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { records.append(current) }
        return records
    }

    /// A CSV record's fields, unquoted.
    static func fields(_ record: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var previous: Character?
        for character in record {
            if character == "\"" {
                // The second quote of a doubled pair inside a quoted field is a quote of the text.
                if !quoted, previous == "\"" { current.append("\"") }
                quoted.toggle()
            } else if character == ",", !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        fields.append(current)
        return fields
    }

    /// `csv`'s records (each ends in CR LF outside quotes, as Python's writer ends them) in the reverse order.
    static func newestFirst(_ csv: String) -> String {
        let records = Self.records(csv)
        guard let header = records.first else { return csv }
        return ([header] + records.dropFirst().reversed()).joined(separator: "\r\n") + "\r\n"
    }

    @Test func aMailboxDumpIsOrderedByItsDatesAndATicketTableIsNoMailbox() throws {
        // Newest first, as a mailbox lists it.
        let dump = """
            {"date": "2026-11-03T10:00:00Z", "from": "help@shop.example", "to": "kim@example.org", "subject": "Re: Lamp", "body": "A new lamp ships today."}
            {"date": "2026-11-02T09:00:00Z", "from": "kim@example.org", "to": "help@shop.example", "subject": "Lamp", "body": "My lamp arrived broken."}

            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-mailrows-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mailbox = folder.appendingPathComponent("mailbox.jsonl")
        try Data(dump.utf8).write(to: mailbox)
        let store = try Store()
        _ = try ImportService(batchSize: 2, workers: 2).run(
            paths: [mailbox.path], options: ImportOptions(), store: store)
        let thread = try #require(try store.examples().first)
        #expect(thread.input == "Lamp\n\nMy lamp arrived broken.")
        #expect(thread.response == "A new lamp ships today.")
        #expect(thread.locator == .line(2))

        // A helpdesk's table naming its tickets is read as tickets, one example a row.
        let tickets = folder.appendingPathComponent("tickets.csv")
        try Data(
            "ticket_id,from,subject,body\n1,kim@example.org,Lamp,My lamp arrived broken.\n2,ann@example.org,Sofa,My sofa is torn.\n"
                .utf8
        ).write(to: tickets)
        let table = try ImportService(batchSize: 2, workers: 2).run(
            paths: [tickets.path], options: ImportOptions(), store: try Store())
        #expect(table.files.first?.imported == 2)
        #expect(table.files.first?.notes.contains { $0.contains("rows read as e-mails") } == false)
        // So is one with a label: labelled data, its label kept.
        let labelled = folder.appendingPathComponent("labelled.csv")
        try Data(
            "from,subject,body,category\nkim@example.org,Lamp,My lamp arrived broken.,Damage\n".utf8
        ).write(to: labelled)
        let labelledStore = try Store()
        _ = try ImportService(batchSize: 2, workers: 2).run(
            paths: [labelled.path], options: ImportOptions(), store: labelledStore)
        #expect(try labelledStore.examples().map(\.label) == ["Damage"])
    }
}
