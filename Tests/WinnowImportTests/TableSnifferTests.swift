import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Text with no telling name is read as a table only when its lines are rows of one: prose that holds commas (a
/// pasted e-mail, a README) is no CSV, so its lines are not quarantined one by one as ragged rows.
@Suite("Import: tables told from prose")
struct TableSnifferTests {
    static let reply = """
        This is the 3rd email.


        On Mon, Feb 1, 2016 at 4:58 AM -0800, "Some One" <foo@bar.com> wrote:


        This is the 2nd email.


        On Sun, Jan 31, 2016 at 9:58 PM -0800, "Another One" <info@example.org> wrote:

        This is the 1st email, with a comma or two, and some more words.

        """

    static let readme = """
        # Replies for measuring quote removal

        Public test fixtures of three reply parsers, copied byte for byte from their repositories. Use them to
        measure and test reply cleaning; keep them here (the project writes its own fixtures, and may read these
        from a benchmark or an optional test that skips when the folder is missing).

        | folder | from | licence |
        |---|---|---|
        | talon | mailgun/talon | Apache-2.0 |

        """

    @Test func proseWithCommasIsNoTable() {
        #expect(SourceFormat.detect(path: "dual_embedded.txt", prefix: Array(Self.reply.utf8)) == nil)
        #expect(SourceFormat.detect(path: "README.md", prefix: Array(Self.readme.utf8)) == nil)
        #expect(SourceFormat.detect(path: "notes", prefix: Array(Self.reply.utf8)) == nil)
        #expect(
            SourceFormat.unreadableKind(path: "dual_embedded.txt", prefix: Array(Self.reply.utf8))
                == "plain text (sentences, not rows of a table, mail or a chat transcript): --format csv reads its"
                + " lines as rows")
        #expect(
            SourceFormat.unreadableKind(path: "README.md", prefix: Array(Self.readme.utf8))?
                .hasPrefix("a document (sentences, not rows") == true)
        // Without a comma: a reply that opens with a sentence and runs in paragraphs.
        let plain = "This is a long email with embedded code.\n\n    x = 1\n    y = 2\n\nThanks for looking\n"
        #expect(TableSniffer.reading(Array(plain.utf8)) == .column)
        #expect(SourceFormat.detect(path: "reply.txt", prefix: Array(plain.utf8)) == nil)
        #expect(
            SourceFormat.unreadableKind(path: "reply.txt", prefix: Array(plain.utf8))?.hasPrefix("plain text") == true)
    }

    @Test func rowsOfOneTableAreCSVWhateverTheName() {
        // Quoted fields holding commas and line breaks, a ragged row among ten, tabs (Excel's Unicode Text).
        var csv = "id,body,category\n1,\"Hi, my card\nhas not arrived, still\",card\n"
        for row in 2...9 { csv += "\(row),Where is my refund?,refund\n" }
        csv += "10,an extra,field,here\n"
        #expect(SourceFormat.detect(path: "export.txt", prefix: Array(csv.utf8)) == .csv)
        #expect(SourceFormat.detect(path: "export", prefix: Array(csv.utf8)) == .csv)
        let tabs = "id\tbody\tcategory\n1\tMy card, the new one, has not arrived\tcard\n2\tRefund, please\trefund\n"
        #expect(SourceFormat.detect(path: "unicode.txt", prefix: Array(tabs.utf8)) == .csv)
        #expect(TableSniffer.reading(Array(csv.utf8)) == .table)
        // A list of one column, with no delimiter in any line, is still read as one.
        let list = "utterance\nhow do I reset my password\nmy card is lost\n"
        #expect(TableSniffer.reading(Array(list.utf8)) == .column)
        #expect(TableSniffer.looksLikeList(Array(list.utf8)))
        #expect(TableSniffer.namesAColumn("Amount (USD)") && TableSniffer.namesAColumn("Ticket #"))
        #expect(TableSniffer.looksLikeList(Array("\u{FEFF}Customer message\r\nWhere is my refund?\r\n".utf8)))
        #expect(!TableSniffer.looksLikeList(Array("Thanks for your answer.\nI will try it.\n".utf8)))
        // A name alone is a note of one line, not a list with no rows.
        #expect(!TableSniffer.looksLikeList(Array("test\n".utf8)))
        #expect(SourceFormat.detect(path: "test.txt", prefix: Array("test\n".utf8)) == nil)
        #expect(
            SourceFormat.unreadableKind(path: "test.txt", prefix: Array("test\n".utf8))?.hasPrefix("plain text") == true
        )
        #expect(!TableSniffer.looksLikeList(Array("question\nhow do I pay\n\nwhat is the fee\n".utf8)))
        #expect(SourceFormat.detect(path: "utterances.txt", prefix: Array(list.utf8)) == .csv)
        #expect(SourceFormat.detect(path: "utterances", prefix: Array(list.utf8)) == nil)
        #expect(TableSniffer.reading(Array(Self.reply.utf8)) == .prose)
        // A header row alone is a table with no rows when its cells name columns; a sentence with a comma is not.
        #expect(TableSniffer.reading(Array("id,body,\"Ticket category\"\n".utf8)) == .table)
        #expect(TableSniffer.reading(Array("Igual que siempre (inclusive ahora), sin nada raro :/\n".utf8)) == .prose)
        // A report's title (and a blank line) above the header row, as exports write them.
        let titled = "Ticket report, December\n\nid,body,category\n1,My card,card\n2,Refund please,refund\n"
        #expect(TableSniffer.reading(Array(titled.utf8)) == .table)
        #expect(SourceFormat.detect(path: "report.txt", prefix: Array(titled.utf8)) == .csv)
        #expect(TableSniffer.reading(Array("Hi,\n\nI have two questions, a and b.\nAlso, c.\n".utf8)) == .prose)
        // A paragraph whose lines after the first hold a comma each is no table under a title.
        let paragraph =
            "Ich habe eine Präferenz für die zweite Option. Die 2 VLs\nstellen die Inhalte vor, und präsentieren"
            + " diese.\nDann beginnt das Training mit Trainingsblatt,\nTrainingsvideos usw. Bin robust, sofern nötig.\n"
        #expect(TableSniffer.reading(Array(paragraph.utf8)) == .prose)
        // One comma a line, but in paragraphs: a note, not a table of two columns.
        let note = "Hi team,\nthe customer called again, she is upset.\n\nThanks, Bo\n"
        #expect(TableSniffer.reading(Array(note.utf8)) == .prose)
        #expect(SourceFormat.detect(path: "notes.txt", prefix: Array(note.utf8)) == nil)
    }

    @Test func aFieldCountReadsQuotesAsCSVDoes() {
        let text = "a,b,c\n\"x, y\",\"say \"\"hi, there\"\"\",z\n\n1,2\n"
        #expect(TableSniffer.fieldCounts(Array(text.utf8), delimiter: 0x2C, limit: 50) == [3, 3, 0, 2])
        #expect(TableSniffer.fieldCounts(Array(text.utf8), delimiter: 0x3B, limit: 50) == [1, 1, 0, 1])
    }
}
