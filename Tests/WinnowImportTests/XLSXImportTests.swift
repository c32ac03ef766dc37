import Foundation
import Testing
import WinnowCore
import ZIPFoundation

@testable import WinnowImport

/// Excel workbooks as helpdesks export them and as Excel writes them.
@Suite("Import: Excel workbooks")
struct XLSXImportTests {
    static func run(_ name: String, options: ImportOptions = ImportOptions()) throws -> ImportRun {
        try ImportRun(XLSXImporter(), file: fixturesDirectory.appendingPathComponent(name), options: options)
    }

    @Test func aHelpdeskExportReadsItsFirstSheetAsATable() throws {
        let run = try Self.run("helpdesk-export.xlsx")
        #expect(run.records.map(\.ticketID) == ["ZD-101", "ZD-102", "ZD-103"])
        let first = try #require(run.records.first)
        #expect(first.input == "Refund for order 4410\n\nI returned the kettle on 2 November.\nWhere is my refund?")
        #expect(first.response == "Your refund of 39,90 € was sent today.")
        #expect(first.label == "Billing")
        // A date cell reads as ISO 8601, with its time when it has one.
        #expect(first.metadata["Created"] == "2026-11-03T09:15:00")
        #expect(run.records[1].input.contains(#"The app says "invalid token", even after a reset"#))
        #expect(run.records[1].metadata["Created"] == "2026-11-04")
        // Rows are placed by the sheet's own row numbers; the blank sheet row 4 is left out.
        #expect(run.records.map(\.locator) == [.row(1, line: 2), .row(2, line: 3), .row(3, line: 5)])
        let failure = try #require(run.failures.first)
        #expect(run.failures.count == 1)
        #expect(failure.locator == .row(4, line: 6))
        #expect(failure.kind == .noInput)
        #expect(run.notes.first == "read sheet 'Tickets' (4 rows); not read: 'Summary' (--records NAME reads one)")
    }

    @Test func aSheetWithoutAHeaderRowIsReadByWhatItHolds() throws {
        // The header-less CSV fixture's rows in a workbook: the first row is an example, the text and the intent are
        // chosen by their content.
        let run = try Self.run("labelled/intents-headerless.xlsx")
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 24)
        let first = try #require(run.records.first)
        #expect(first.input == "how do I change the pin on my debit card")
        #expect(first.label == "change_pin")
        #expect(first.locator == .row(1, line: 1))
        #expect(run.records.last?.locator == .row(24, line: 24))
        #expect(run.notes.first == "read sheet 'Sheet1' (24 rows)")
        #expect(run.notes.contains { $0.contains("the first row is data, not column names") })
        #expect(run.notes.contains { $0.contains("input <- column_1") && $0.contains("label <- column_2") })
        var named = ImportOptions()
        named.csvHeader = true
        #expect(
            try Self.run("labelled/intents-headerless.xlsx", options: named).notes.first
                == "read sheet 'Sheet1' (23 rows)")
    }

    @Test func excelsOwnPartsAreRead() throws {
        // Shared strings with rich text runs and a phonetic guide, inline strings, a cached formula result, a
        // boolean, a custom date format in the 1904 date system and a number format that is not a date.
        var options = ImportOptions()
        options.recordsPath = "export"
        let run = try Self.run("excel-shared-strings.xlsx", options: options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["7001", "7002"])
        #expect(
            run.records[0].input == "Urgent: card charged twice\n\nI was charged twice & want one back.\nPlease check.")
        #expect(run.records[0].label == "Billing")
        #expect(run.records[0].metadata["Opened"] == "1926-11-01T12:00:00")
        #expect(run.records[0].metadata["Order"] == "4410")
        #expect(run.records[0].metadata["Escalated"] == "TRUE")
        #expect(run.records[1].input == "Parcel lost")
        #expect(run.records[1].metadata["Opened"] == "1926-11-02")
        // A sheet after the workbook's first is a part of its own.
        #expect(
            run.records.map(\.locator) == [
                .part("sheet Export", .row(1, line: 3)), .part("sheet Export", .row(2, line: 4)),
            ])
        options.recordsPath = "Missing"
        do {
            _ = try Self.run("excel-shared-strings.xlsx", options: options)
            Issue.record("a missing sheet was read")
        } catch let error as ImportError {
            #expect(error.message == "no sheet named 'Missing'; the sheets are 'Notes', 'Export'")
        }
    }

    @Test func formatsDatesAndColumns() {
        #expect(SourceFormat.detect(path: "export.xlsx", prefix: [0x50, 0x4B, 0x03, 0x04]) == .xlsx)
        #expect(SourceFormat.detect(path: "export.xlsx", prefix: Array("id,text\n".utf8)) == nil)
        for code in ["yyyy-mm-dd", "dd/mm/yyyy\\ hh:mm", "[$-409]d mmm yy", "h:mm:ss AM/PM"] {
            #expect(XLSXWorkbook.isDateFormat(code), "\(code)")
        }
        // An elapsed time (`[h]:mm`) is a duration, not a date: it stays a number.
        for code in ["0.00", "#,##0", "\"Order \"0", "[Red]0%", "General", "@", "[h]:mm"] {
            #expect(!XLSXWorkbook.isDateFormat(code), "\(code)")
        }
        #expect(XLSXWorkbook.isoDate(serial: 46_329, uses1904: false) == "2026-11-03")
        #expect(XLSXWorkbook.isoDate(serial: 46_329.25, uses1904: false) == "2026-11-03T06:00:00")
        #expect(XLSXWorkbook.isoDate(serial: 61, uses1904: false) == "1900-03-01")
        #expect(XLSXWorkbook.isoDate(serial: 0, uses1904: true) == "1904-01-01")
        #expect(
            XLSXWorkbook.csv([["a,b", "say \"hi\"", "two\nlines", "plain"]])
                == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain\n")
    }

    @Test func aSheetOfMessageRowsIsJoinedIntoConversations() throws {
        let run = try Self.run("conversations/helpdesk-comments.xlsx")
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["T1", "T2"])
        #expect(run.records[1].messages.map(\.role) == [.user, .assistant])
        #expect(run.records[1].metadata["internal_notes"] == ["Carrier delay, check tomorrow."])
        #expect(run.notes.contains { $0.contains("joined into conversations by ticket_id, ordered by created_at") })
        var alone = ImportOptions()
        alone.detectsConversations = false
        // Each row alone: the internal note is no customer's message.
        let rows = try Self.run("conversations/helpdesk-comments.xlsx", options: alone)
        #expect(rows.records.count == 4)
        #expect(rows.failures.map(\.kind) == [.internalNote])
    }

    @Test func aReportsTitleAboveTheTableIsNoData() throws {
        let run = try Self.run("report-with-title.xlsx")
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["T-1", "T-2"])
        #expect(run.records.map(\.label) == ["Shipping", "Billing"])
        #expect(run.records.first?.locator == .row(1, line: 5))
        #expect(
            run.notes.contains {
                $0.contains("sheet rows 1, 2 above the header are not data (\"Ticket report: support queue")
                    && $0.hasSuffix("the header is row 4")
            })
    }

    @Test func aSheetOfManyRows() throws {
        // 50,000 rows make a sheet part of about 11.6 MB: more than libxml2 takes in one piece.
        let rows = 50_000
        var sheet =
            #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        sheet +=
            #"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>text</t></is></c></row>"#
        for row in 2...(rows + 1) {
            sheet +=
                "<row r=\"\(row)\"><c r=\"A\(row)\"><v>\(row)</v></c><c r=\"B\(row)\" t=\"inlineStr\"><is><t>"
                + "Where is my parcel number \(row)? It was due last week and the tracking page has not moved since "
                + "Monday, so please tell me where it is.</t></is></c></row>"
        }
        sheet += "</sheetData></worksheet>"
        #expect(sheet.utf8.count > 10_000_000)
        let parts: [(String, String)] = [
            (
                "xl/workbook.xml",
                #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Big" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>"#
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        let scratch = try ScratchDirectory()
        let url = try scratch.file("big.xlsx", bytes: [])
        try FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        let run = try ImportRun(XLSXImporter(), file: url)
        #expect(run.failures.isEmpty)
        #expect(run.records.count == rows)
        #expect(run.records.last?.input.hasPrefix("Where is my parcel number \(rows + 1)? It was due") == true)
        #expect(run.records.last?.locator == .row(rows, line: rows + 1))

        // The same sheet cut short (a writer that stopped half-way; the zip itself is sound) is refused with where
        // it breaks, not read as the rows before the cut.
        let cut = try scratch.file("cut.xlsx", bytes: [])
        try FileManager.default.removeItem(at: cut)
        let broken = try Archive(url: cut, accessMode: .create)
        for (path, text) in parts {
            let data = Data((path.hasSuffix("sheet1.xml") ? String(text.prefix(5_000)) : text).utf8)
            try broken.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        do {
            _ = try ImportRun(XLSXImporter(), file: cut)
            Issue.record("a sheet cut short was read")
        } catch let error as ImportError {
            #expect(error.message.hasPrefix("sheet 'Big' cannot be read"))
            #expect(error.message.contains("(line 1 of its XML)"))
        }
    }
}
