import Foundation
import WinnowCore

/// Imports an Excel workbook (`.xlsx`), as helpdesks export one: its first sheet, or the sheet `--records` names,
/// read as a table with a header row, as a CSV file is (field mapping, conversations, quarantine), through a UTF-8
/// CSV copy of the sheet. A row is placed as `row N (line L)`: the Nth row of the table (the header and blank rows
/// not counted) and L, its row number in the sheet; in a sheet after the first, `row N (line L) of sheet NAME`.
public struct XLSXImporter: Importer {
    /// An importer.
    public init() {}

    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let workbook = try XLSXWorkbook(url: file.url, displayPath: file.displayPath)
        let sheet = try workbook.sheet(named: options.recordsPath)
        var rows = try workbook.rows(of: sheet)
        guard !rows.isEmpty else {
            throw ImportError(
                kind: .unreadableFile, file: file.displayPath, message: "sheet '\(sheet.name)' holds no rows")
        }
        // A report's title above the table (`Ticket report` in A1, a date under it): rows with one filled cell
        // before the first with two or more, which is the header.
        var titleNote: ImportEvent?
        if let header = CSVImporter.titleRowCount(filled: rows.prefix(11).map { $0.cells.filter { !$0.isEmpty }.count })
        {
            let title = rows[..<header].flatMap { $0.cells.filter { !$0.isEmpty } }.joined(separator: " / ")
            let numbers = rows[..<header].map(\.number)
            titleNote = .note(
                "sheet row\(numbers.count == 1 ? "" : "s") \(numbers.map(String.init).joined(separator: ", "))"
                    + " above the header \(numbers.count == 1 ? "is" : "are") not data (\"\(title.prefix(80))\");"
                    + " the header is row \(rows[header].number)")
            rows.removeFirst(header)
        }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-xlsx-\(UUID().uuidString).csv")
        do {
            try Data(XLSXWorkbook.csv(rows.map(\.cells)).utf8).write(to: copy)
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: file.displayPath, message: "cannot write a copy of the sheet: \(error)")
        }
        // The copy is unlinked once the CSV reader holds it open.
        defer { try? FileManager.default.removeItem(at: copy) }
        var csvOptions = options
        csvOptions.encoding = .utf8
        csvOptions.recordsPath = nil
        let copyFile = try SourceFile(url: copy, displayPath: file.displayPath)
        // A sheet without a header row is told as a CSV's is (``CSVHeaderGuess``), on the copy the CSV reader reads.
        let headerless = CSVImporter.headerlessReason(copyFile, header: options.csvHeader) != nil
        let dataRows = headerless ? rows[...] : rows.dropFirst()
        // A sheet of message rows is joined into conversations, as a CSV of them is (``ConversationDetection``).
        var detected: (options: ConversationOptions, note: String)?
        if options.conversations == nil, options.detectsConversations, let first = rows.first?.cells {
            let names = headerless ? CSVHeaderGuess.columnNames(first.count) : CSVImporter.headerNames(first)
            detected = ConversationDetection.detect(
                records: dataRows.prefix(500).map { row in
                    JSONObject(zip(names, row.cells).map { (key: $0, value: .string($1)) })
                }, sessionGap: options.sessionGap ?? ConversationOptions.defaultSessionGap)
        }
        // Where no column is named like the input text, it is chosen by what the columns hold (``ContentMapping``).
        var contentNote: ImportEvent?
        if detected == nil, options.conversations == nil,
            let choice = ContentMapping.choose(copyFile, format: .csv, options: csvOptions)
        {
            ContentMapping.apply(choice, to: &csvOptions)
            contentNote = .note("\(file.displayPath): \(choice.note)")
        }
        var opened: OpenedFile
        if let detected {
            // Rows keep the copy's line numbers there, as with --conversation-by.
            opened = try ConversationImporter(
                base: CSVImporter(), conversation: detected.options,
                workers: ProcessInfo.processInfo.activeProcessorCount
            ).open(copyFile, options: csvOptions)
            let unused = ImportDetection.unusedSessionGap(options, detected.options.grouping)
            opened.preamble.insert(.note("\(file.displayPath): \(detected.note)" + unused), at: 0)
        } else {
            opened = try CSVImporter().open(copyFile, options: csvOptions)
            // Conversations read the CSV parser's rows themselves; there rows keep the copy's line numbers.
            if options.conversations == nil, case .chunks(let chunks) = opened.records {
                let parser = SheetRowParser(base: chunks.parser, sheetRows: dataRows.map(\.number))
                opened.records = .chunks(ChunkedRecords(reader: chunks.reader, parser: parser))
            }
        }
        let others = workbook.sheets.filter { $0 != sheet }.map { "'\($0.name)'" }
        opened.preamble.insert(
            .note(
                "read sheet '\(sheet.name)' (\(dataRows.count) rows)"
                    + (others.isEmpty ? "" : "; not read: \(others.joined(separator: ", ")) (--records NAME reads one)")
            ),
            at: 0)
        if let titleNote { opened.preamble.insert(titleNote, at: 1) }
        if let contentNote { opened.preamble.append(contentNote) }
        // A sheet after the first is a part of its own: its rows are not taken for the first sheet's rows at the same
        // places when both are imported.
        if sheet != workbook.sheets.first {
            let part = "sheet \(sheet.name)"
            opened.part = part
            switch opened.records {
            case .chunks(let chunks):
                opened.records = .chunks(
                    ChunkedRecords(reader: chunks.reader, parser: PartPlacingParser(base: chunks.parser, part: part)))
            case .stream(let stream):
                opened.records = .stream(
                    RecordStream({ body in try stream.read { try body($0.placed(in: part)) } }, close: stream.close))
            }
        }
        // The source's identity is the workbook's bytes, worked out by the caller.
        opened.digest = nil
        return opened
    }
}

/// Places a sheet's records by the sheet's own row numbers: `row N (line L)` with L the row in the sheet, not the
/// line of the CSV copy (a cell with line breaks spans lines there).
struct SheetRowParser: ChunkParser {
    let base: any ChunkParser
    /// The sheet row of each data row of the table, in order.
    let sheetRows: [Int]

    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        try base.parse(chunk) { event in
            switch event {
            case .record(var draft):
                draft.locator = place(draft.locator)
                try body(.record(draft))
            case .failure(var failure):
                failure.locator = failure.locator.map(place)
                try body(.failure(failure))
            default: try body(event)
            }
        }
    }

    private func place(_ locator: Locator) -> Locator {
        guard case .row(let row, _) = locator, sheetRows.indices.contains(row - 1) else { return locator }
        return .row(row, line: sheetRows[row - 1])
    }
}

/// Places a part's records in that part (``Locator/part(_:_:)``): a sheet after a workbook's first.
struct PartPlacingParser: ChunkParser {
    let base: any ChunkParser
    let part: String

    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        try base.parse(chunk) { try body($0.placed(in: part)) }
    }
}

extension ImportEvent {
    /// The event with its record's or failure's place put in `part`.
    func placed(in part: String) -> ImportEvent {
        switch self {
        case .record(var draft):
            draft.locator = .part(part, draft.locator)
            return .record(draft)
        case .failure(var failure):
            failure.locator = failure.locator.map { .part(part, $0) }
            return .failure(failure)
        default: return self
        }
    }
}
