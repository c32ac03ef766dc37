import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Reads CSV `text` with the CSV importer.
private func importCSV(_ text: String, options: ImportOptions = ImportOptions()) throws -> ImportRun {
    try importCSV(bytes: Array(text.utf8), options: options)
}

/// Reads CSV `bytes` with the CSV importer.
private func importCSV(bytes: [UInt8], options: ImportOptions = ImportOptions()) throws -> ImportRun {
    try ImportRun(CSVImporter(), name: "input.csv", bytes: bytes, options: options)
}

@Suite("CSV import: quoting, line ends and headers")
struct CSVQuotingTests {
    @Test(arguments: ["\n", "\r\n"])
    func quotedFields(lineEnd: String) throws {
        let text =
            [
                "id,text,label",
                #"1,"Hello, world",greeting"#,
                #"2,"She said ""hi""",quote"#,
                "3,\"line one" + lineEnd + "line two\",multi",
                "4,plain,last",
            ].joined(separator: lineEnd) + lineEnd
        let run = try importCSV(text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["Hello, world", "She said \"hi\"", "line one\nline two", "plain"])
        #expect(run.records.map(\.label) == ["greeting", "quote", "multi", "last"])
        #expect(run.records.map(\.ticketID) == ["1", "2", "3", "4"])
        #expect(
            run.records.map(\.locator) == [.row(1, line: 2), .row(2, line: 3), .row(3, line: 4), .row(4, line: 6)])
    }

    @Test func rawFieldValuesAreKeptInMetadata() throws {
        let text = "text,note\n" + #"a,"""""# + "\n" + #"b,"""# + "\n" + #"c,"quoted"tail"# + "\n" + "d, spaced \n"
        let run = try importCSV(text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map { $0.metadata["note"] } == [.string("\""), "", "quotedtail", " spaced "])
    }

    @Test func lastRecordWithoutLineEnd() throws {
        let run = try importCSV("text,label\r\nfirst,a\r\nsecond,b")
        #expect(run.records.map(\.input) == ["first", "second"])
        #expect(run.records.last?.locator == .row(2, line: 3))
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let run = try importCSV("text,label\n\n1st,a\r\n\r\n\n2nd,b\n\n")
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.locator) == [.row(1, line: 3), .row(2, line: 6)])
    }

    @Test func headerWithByteOrderMark() throws {
        let run = try importCSV(bytes: [0xEF, 0xBB, 0xBF] + Array("ticket_id,body\nT1,hello\n".utf8))
        #expect(run.mappings.first?.keys == ["ticket_id", "body"])
        #expect(run.records.first?.ticketID == "T1")
        #expect(run.records.first?.input == "hello")
        #expect(run.records.first?.locator == .row(1, line: 2))
    }

    @Test(arguments: [
        ([" a ", "b", " ", "a", "", "a"], [" a ", "b", "column_3", "a_2", "column_5", "a_3"]),
        (["name", "name", "Name"], ["name", "name_2", "Name"]),
    ])
    func blankAndDuplicateHeaderNames(header: [String], expected: [String]) {
        #expect(CSVImporter.headerNames(header) == expected.map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// A generated name must not collide with a header that already has that name.
    @Test func generatedHeaderNamesStayUnique() {
        let names = CSVImporter.headerNames(["a", "a", "a_2"])
        #expect(Set(names).count == 3, "names: \(names)")
    }

    @Test func blankAndDuplicateHeadersKeepEveryColumn() throws {
        let run = try importCSV("text,,text,note\nmain,blank,second,n\n")
        let record = try #require(run.records.first)
        #expect(record.input == "main")
        #expect(record.metadata.keys == ["column_2", "text_2", "note"])
        #expect(record.metadata["text_2"] == "second")
    }

    @Test func emptyFileIsUnreadable() throws {
        #expect(thrownImportError { _ = try importCSV("") }?.kind == .unreadableFile)
        #expect(thrownImportError { _ = try importCSV("\n\n") }?.kind == .unreadableFile)
    }

    @Test func headerOnlyHasNoRecords() throws {
        let run = try importCSV("text,label\n")
        #expect(run.records.isEmpty)
        #expect(run.failures.isEmpty)
        #expect(run.mappings.count == 1)
    }

    @Test func unterminatedQuoteInTheHeaderStopsTheFile() throws {
        let error = thrownImportError { _ = try importCSV("\"text,label\n1,2\n") }
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.locator == .line(1))
    }
}

@Suite("CSV import: delimiters")
struct CSVDelimiterTests {
    static let candidates = [",", ";", "\t", "|"]

    @Test(arguments: candidates)
    func detectsDelimiter(delimiter: String) throws {
        // The text holds every other candidate, so only the real delimiter splits rows consistently.
        let text = Self.candidates.filter { $0 != delimiter }.map { "w\($0)w" }.joined(separator: " ")
        let rows =
            ["id", "text", "label"].joined(separator: delimiter) + "\n"
            + (1...3).map { ["\($0)", text, "L\($0)"].joined(separator: delimiter) }.joined(separator: "\n") + "\n"
        #expect(CSVImporter.detectDelimiter(sample: Array(rows.utf8)) == UInt8(ascii: Unicode.Scalar(delimiter)!))
        let run = try importCSV(rows)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == [text, text, text])
        #expect(run.records.map(\.label) == ["L1", "L2", "L3"])
    }

    @Test func delimitersInsideQuotesDoNotCount() {
        let sample = "id;text\n1;\"a,b,c,d\"\n2;\"e,f\"\n"
        #expect(CSVImporter.detectDelimiter(sample: Array(sample.utf8)) == UInt8(ascii: ";"))
    }

    @Test func singleColumnFallsBackToComma() {
        #expect(CSVImporter.detectDelimiter(sample: Array("text\nhello\nworld\n".utf8)) == UInt8(ascii: ","))
    }
}

@Suite("CSV import: encodings")
struct CSVEncodingTests {
    /// `id,text,label` with "café l’ami €5" in Windows-1252 on line 2.
    static let cp1252: [UInt8] =
        Array("id,text,label\n1,caf".utf8) + [0xE9] + Array(" l".utf8) + [0x92] + Array("ami ".utf8) + [0x80]
        + Array("5,Billing\n2,plain,Billing\n".utf8)

    @Test func windows1252IsDetectedAndDecoded() throws {
        let run = try importCSV(bytes: Self.cp1252)
        #expect(run.records.map(\.input) == ["café l\u{2019}ami €5", "plain"])
        #expect(run.notes.count == 1)
        #expect(run.notes.first?.contains("Windows-1252") == true)
        #expect(run.notes.first?.contains("line 2") == true)
        guard case .note = run.events.first else {
            Issue.record("the note should come before the records")
            return
        }
    }

    @Test func explicitWindows1252HasNoNote() throws {
        let run = try importCSV(bytes: Self.cp1252, options: ImportOptions(encoding: .windows1252))
        #expect(run.records.first?.input == "café l\u{2019}ami €5")
        #expect(run.notes.isEmpty)
    }

    @Test func explicitLatin1() throws {
        let run = try importCSV(bytes: Self.cp1252, options: ImportOptions(encoding: .latin1))
        #expect(run.records.first?.input == "café l\u{92}ami \u{80}5")
        #expect(run.notes.isEmpty)
    }

    @Test func explicitUTF8RejectsWindows1252Bytes() throws {
        let error = try #require(
            thrownImportError { _ = try importCSV(bytes: Self.cp1252, options: ImportOptions(encoding: .utf8)) })
        #expect(error.kind == .invalidEncoding)
        #expect(error.locator == .line(2))
        #expect(error.message.contains("windows-1252"))
    }

    @Test func validUTF8IsReadAsUTF8() throws {
        let run = try importCSV("text\ncafé l’ami €5 😀\n", options: ImportOptions(encoding: .utf8))
        #expect(run.records.first?.input == "café l’ami €5 😀")
        #expect(run.notes.isEmpty)
    }

    @Test(arguments: [
        ("auto", TextEncodingChoice.automatic), ("UTF8", .utf8), ("utf-8", .utf8), ("cp1252", .windows1252),
        ("Windows_1252", .windows1252), ("latin1", .latin1), ("ISO-8859-1", .latin1),
    ])
    func encodingNames(name: String, expected: TextEncodingChoice) {
        #expect(TextEncodingChoice(name: name) == expected)
    }

    @Test func unknownEncodingName() {
        #expect(TextEncodingChoice(name: "ebcdic") == nil)
    }

    @Test func windows1252TableCoversTheHighRange() {
        let decoder = TextDecoder(encoding: .windows1252)
        let bytes: [UInt8] = [0x80, 0x81, 0x8A, 0x92, 0x93, 0x94, 0x96, 0x9F, 0xA0, 0xE9, 0xFF]
        let text = bytes.withUnsafeBytes { decoder.decode($0) }
        #expect(
            text.unicodeScalars.map(\.value) == [
                0x20AC, 0x81, 0x160, 0x2019, 0x201C, 0x201D, 0x2013, 0x178, 0xA0, 0xE9, 0xFF,
            ])
    }

    /// Long stretches of ASCII are checked eight bytes at a time; line numbers still count every LF.
    static let longASCII: [([UInt8], Int?)] = [
        (Array(String(repeating: "line of ASCII text\n", count: 9).utf8) + [0xE9, 0x0A], 10),
        (Array("a\nb\nc\nd\n\n\nefgh\n".utf8) + [0xC3, 0xA9] + Array("more ascii\n".utf8) + [0xFF], 9),
        (Array(String(repeating: "caf\u{E9} au lait\n", count: 5).utf8), nil),
    ]

    @Test(arguments: longASCII)
    func utf8ValidationOfLongASCII(bytes: [UInt8], invalidLine: Int?) throws {
        let scratch = try ScratchDirectory()
        let found = try TextDecoder.firstInvalidUTF8(in: try scratch.file("v.txt", bytes: bytes))
        #expect(found?.line == invalidLine)
    }

    @Test(arguments: [
        ([UInt8](), nil as Int?),
        (Array("plain ascii\nand more".utf8), nil),
        (Array("é € 😀 \u{10FFFF}".utf8), nil),
        ([0xEF, 0xBB, 0xBF, 0x61], nil),
        ([0x61, 0x0A, 0xC0, 0x80], 2),  // overlong
        ([0xED, 0xA0, 0x80], 1),  // surrogate
        ([0xF4, 0x90, 0x80, 0x80], 1),  // beyond U+10FFFF
        ([0x0A, 0x0A, 0xE9, 0x74], 3),  // Windows-1252 é
        ([0x61, 0xE2, 0x82], 1),  // truncated at the end
        ([0x80], 1),  // stray continuation byte
    ])
    func utf8Validation(bytes: [UInt8], invalidLine: Int?) throws {
        let scratch = try ScratchDirectory()
        let found = try TextDecoder.firstInvalidUTF8(in: try scratch.file("v.txt", bytes: bytes))
        #expect(found?.line == invalidLine)
        // Fed one byte at a time, the validator reaches the same verdict.
        var validator = UTF8Validator()
        var failed = false
        for byte in bytes where !failed { failed = [byte].withUnsafeBytes { validator.feed($0) } }
        #expect((failed || validator.finish()) == (invalidLine != nil))
    }
}

@Suite("CSV import: bad rows are quarantined, the rest imports")
struct CSVBadRowTests {
    @Test func raggedRows() throws {
        let text = "id,text,label\n1,\"multi\nline\",a\n2,short\n3,ok,c,extra\n4,fine,d\n"
        let run = try importCSV(text)
        #expect(run.records.map(\.locator) == [.row(1, line: 2), .row(4, line: 6)])
        #expect(run.failures.map(\.kind) == [.raggedRow, .raggedRow])
        #expect(run.failures.map(\.locator) == [.row(2, line: 4), .row(3, line: 5)])
        #expect(run.failures.first?.message == "row has 2 fields, the header has 3")
        #expect(run.failures.first?.snippet == "2,short")
    }

    @Test func unterminatedQuoteAtTheEndOfTheFile() throws {
        let run = try importCSV("id,text,label\n1,good,a\n2,fine,b\n3,\"never closed,c")
        #expect(run.records.map(\.locator) == [.row(1, line: 2), .row(2, line: 3)])
        #expect(run.failures.map(\.kind) == [.unterminatedQuote])
        #expect(run.failures.first?.locator == .row(3, line: 4))
        #expect(run.failures.first?.snippet == "3,\"never closed,c")
    }

    @Test func unterminatedQuoteResumesOnTheNextLine() throws {
        let run = try importCSV("id,text,label\n1,good,a\n2,\"never closed,b\n3,after,c\n4,last,d\n")
        #expect(run.failures.map(\.locator) == [.row(2, line: 3)])
        #expect(run.failures.first?.kind == .unterminatedQuote)
        #expect(run.records.map(\.input) == ["good", "after", "last"])
        #expect(run.records.map(\.locator) == [.row(1, line: 2), .row(3, line: 4), .row(4, line: 5)])
    }

    @Test(arguments: ["\n", "\r\n"])
    func strayQuoteSwallowingTheNextLine(lineEnd: String) throws {
        let text =
            [
                "id,text,label,priority",
                "1,good,a,low",
                "2,\"stray quote,b,low",
                "3,\"next, with comma\",c,high",
                "4,fine,d,low",
            ].joined(separator: lineEnd) + lineEnd
        let run = try importCSV(text)
        #expect(run.failures.count == 1)
        let failure = try #require(run.failures.first)
        #expect(failure.kind == .unterminatedQuote)
        #expect(failure.locator == .row(2, line: 3))
        #expect(failure.message.contains("unbalanced quote"))
        #expect(run.records.map(\.input) == ["good", "next, with comma", "fine"])
        #expect(run.records.map(\.locator) == [.row(1, line: 2), .row(3, line: 4), .row(4, line: 5)])
    }
}

extension CSVBadRowTests {
    /// Progress is for "bytes read of the file": re-reading lines after a stray quote must not push it past the size.
    /// (Progress comes once a chunk: 4 KiB blocks make several.)
    @Test func progressStaysWithinTheFileAfterAStrayQuote() throws {
        var text = "id,text,label,priority\n1,\"stray,b,low\n2,\"next, with comma\",c,high\n"
        for row in 3...5000 { text += "\(row),text \(row),c,low\n" }
        let run = try ImportRun(CSVImporter(blockSize: 4096), name: "input.csv", text: text)
        #expect(run.failures.map(\.locator) == [.row(1, line: 2)])
        #expect(run.records.count == 4999)
        let progress = run.events.compactMap { if case .progress(let bytes) = $0 { bytes } else { nil } }
        #expect(progress.count >= 2)
        let size = UInt64(text.utf8.count)
        #expect(progress.allSatisfy { $0 <= size }, "progress: \(progress), size: \(size)")
    }
}

@Suite("CSV import: fixtures")
struct CSVFixtureTests {
    @Test func exportFixture() throws {
        let run = try ImportRun(CSVImporter(), file: fixturesDirectory.appendingPathComponent("export.csv"))
        #expect(run.records.count == 11)
        #expect(run.failures.map(\.kind) == [.raggedRow, .unterminatedQuote])
        #expect(run.failures.map(\.locator) == [.row(11, line: 13), .row(12, line: 14)])
        #expect(run.records.map(\.ticketID) == (1...10).map { String(format: "CS-%04d", 2000 + $0) } + ["CS-2013"])
        #expect(run.records.last?.locator == .row(13, line: 15))
        #expect(run.records[3].locator == .row(4, line: 6))

        let first = run.records[0]
        #expect(first.input.hasPrefix("Payment declined\n\nMy card keeps getting declined"))
        #expect(first.label == "Billing")
        #expect(first.response?.hasPrefix("Your bank flagged the renewal") == true)
        #expect(first.metadata.keys == ["Created", "Priority", "Customer Email"])
        #expect(first.metadata["Customer Email"] == "sam.r@example.org")
        #expect(run.records[1].input.contains("Tracking says \"delivered\" at 14:02"))
        #expect(
            run.records[2].input
                == "Locked out after phone change\n\nI got a new phone and can't pass two-factor anymore.\n"
                + "The old phone was wiped.")
        #expect(run.records[7].response == "")
        #expect(run.records.last?.response?.hasPrefix("Customs checks") == true)
    }

    @Test func legacyWindows1252Fixture() throws {
        let run = try ImportRun(CSVImporter(), file: fixturesDirectory.appendingPathComponent("legacy-cp1252.csv"))
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.ticketID) == ["FR-1", "FR-2", "FR-3", "FR-4"])
        #expect(run.notes.count == 1)
        #expect(run.notes.first?.contains("Windows-1252") == true)
        let first = run.records[0]
        #expect(first.input.contains("49,00 € au lieu de 39,00 €"))
        #expect(first.input.hasSuffix("Pouvez-vous vérifier ?"))
        // The French headers map as English ones do: sujet + message, reponse, categorie.
        #expect(first.input.hasPrefix("Facture incorrecte\n\nBonjour"))
        #expect(first.response?.hasPrefix("Vous avez raison, l\u{2019}erreur vient d\u{2019}un ancien tarif.") == true)
        #expect(run.records.map(\.label) == ["Billing", "Shipping", "Account", "Technical"])
        #expect(run.records[1].input.hasPrefix("Colis endommagé"))
        #expect(run.records[2].response?.contains("trop vite ; je vous") == true)
        #expect(first.metadata.keys.isEmpty)
        #expect(run.records[3].input.contains("mise à jour 2.3"))
    }
}

/// A CSV file larger than the reader's 1 MiB chunk, with one special row placed across the chunk boundary.
struct ChunkBoundaryFile {
    static let chunkSize = 1 << 20

    var bytes: [UInt8] = Array("id,text,label\n".utf8)
    /// Data rows written so far.
    var rows = 0
    /// The physical line the next row starts on.
    var nextLine = 2
    /// The special row's locator.
    var specialLocator = Locator.line(0)

    static func fillerText(_ row: Int) -> String { "Customer message number \(row)" }

    /// Whether filler rows are about 8 KB long (few rows, a fast read) instead of short (many rows).
    let wideRows: Bool

    func filler(_ row: Int) -> String {
        wideRows ? String(repeating: "x", count: 8000) + "\(row)" : Self.fillerText(row)
    }

    private mutating func append(row text: String, label: String, lineEnd: String = "\n") {
        rows += 1
        let line = "\(rows),\(text),\(label)\(lineEnd)"
        bytes += Array(line.utf8)
        nextLine += line.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    private mutating func appendFiller() {
        append(row: filler(rows + 1), label: "L\((rows + 1) % 7)")
    }

    /// Filler rows, then a padding row, then `field` as the text of a row whose field starts `split` bytes before
    /// the chunk boundary, then filler rows up to `totalRows`.
    init(field: String, split: Int, lineEnd: String = "\n", totalRows: Int, wideRows: Bool = false) {
        self.wideRows = wideRows
        func prefixLength(_ row: Int) -> Int { "\(row),".utf8.count }
        let fieldStart = Self.chunkSize - split
        while bytes.count + "\(rows + 1),\(filler(rows + 1)),L0\n".utf8.count + 100 <= fieldStart { appendFiller() }
        // The padding row ends where the special row must start.
        let specialStart = fieldStart - prefixLength(rows + 2)
        let padding = specialStart - bytes.count - prefixLength(rows + 1) - ",pad\n".utf8.count
        append(row: String(repeating: "p", count: padding), label: "pad")
        precondition(bytes.count == specialStart)
        specialLocator = .row(rows + 1, line: nextLine)
        append(row: field, label: "special", lineEnd: lineEnd)
        while rows < totalRows { appendFiller() }
    }
}

@Suite("CSV import: files larger than one read chunk")
struct CSVChunkBoundaryTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The text field as written in the file.
        var field: String
        /// The field's text as imported.
        var expected: String
        /// How many bytes of the field (counted from its first byte) lie before the boundary.
        var split: Int
        var lineEnd = "\n"
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unquoted field", field: "plainvalue", expected: "plainvalue", split: 5),
        Case(name: "opening quote last", field: #""opening""#, expected: "opening", split: 1),
        Case(name: "doubled quote split", field: #""say ""hi"" now""#, expected: #"say "hi" now"#, split: 6),
        Case(name: "closing quote last", field: #""quoted text""#, expected: "quoted text", split: 13),
        Case(name: "delimiter last", field: "abc", expected: "abc", split: 4),
        Case(name: "multi-byte character split", field: "café crème", expected: "café crème", split: 4),
        Case(
            name: "multi-line quoted field", field: "\"first line\nsecond line\nthird\"",
            expected: "first line\nsecond line\nthird", split: 15),
        Case(name: "CR and LF split", field: "crlf", expected: "crlf", split: 13, lineEnd: "\r\n"),
    ]

    @Test(arguments: cases)
    func constructAcrossTheBoundary(testCase: Case) throws {
        let file = ChunkBoundaryFile(
            field: testCase.field, split: testCase.split, lineEnd: testCase.lineEnd, totalRows: 0, wideRows: true)
        let scratch = try ScratchDirectory()
        let url = try scratch.file("big.csv", bytes: file.bytes + Array("0,after,tail\n".utf8))
        var reader = try ChunkReader(
            url: url, displayPath: "big.csv", scanner: CSVScanner(delimiter: UInt8(ascii: ",")),
            blockSize: ChunkBoundaryFile.chunkSize)
        defer { reader.close() }
        var records: [(fields: [String], line: Int)] = []
        while let chunk = try reader.next() {
            for record in chunk.records {
                #expect(record.kind == .record)
                records.append((chunk.fields(of: record, decoder: TextDecoder(encoding: .utf8)), record.line))
            }
        }
        #expect(records.count == file.rows + 2)
        guard case .row(let specialRow, let specialLine) = file.specialLocator else { return }
        let special = try #require(records.count > specialRow ? records[specialRow] : nil)
        #expect(special.fields == ["\(specialRow)", testCase.expected, "special"])
        #expect(special.line == specialLine)
        #expect(records.last?.fields == ["0", "after", "tail"])
        #expect(records.last?.line == file.nextLine)
        #expect(records.allSatisfy { $0.fields.count == 3 })
    }

    /// A stray quote just before the boundary: its row is quarantined once and reading resumes on the next line,
    /// whether the quote runs to the end of the file or closes on the next line and leaves the row ragged.
    @Test(arguments: [true, false])
    func strayQuoteAcrossTheBoundary(closesOnTheNextLine: Bool) throws {
        let file = ChunkBoundaryFile(field: "\"stray open", split: 3, totalRows: 0, wideRows: true)
        guard case .row(let row, let line) = file.specialLocator else { return }
        let next = closesOnTheNextLine ? "\"next, with comma\"" : "next"
        let tail = "\(row + 1),\(next),c\n\(row + 2),last,d\n"
        let scratch = try ScratchDirectory()
        let run = try ImportRun(CSVImporter(), file: try scratch.file("big.csv", bytes: file.bytes + Array(tail.utf8)))
        #expect(run.failures.map(\.kind) == [.unterminatedQuote])
        #expect(run.failures.first?.locator == file.specialLocator)
        #expect(run.records.count == row + 1)
        #expect(run.records.suffix(2).map(\.locator) == [.row(row + 1, line: line + 1), .row(row + 2, line: line + 2)])
        #expect(run.records.suffix(2).map(\.input) == [closesOnTheNextLine ? "next, with comma" : "next", "last"])
    }

    @Test func thirtyThousandRowsWithAMultiLineFieldAcrossTheBoundary() throws {
        let file = ChunkBoundaryFile(
            field: "\"first line\nsecond line\nthird\"", split: 15, totalRows: 30_000)
        #expect(file.bytes.count > ChunkBoundaryFile.chunkSize)
        let scratch = try ScratchDirectory()
        let run = try ImportRun(CSVImporter(), file: try scratch.file("big.csv", bytes: file.bytes))
        #expect(run.failures.isEmpty)
        #expect(run.records.count == 30_000)
        #expect(run.records.last?.locator == .row(30_000, line: 30_003))
        #expect(run.records.last?.input == ChunkBoundaryFile.fillerText(30_000))
        #expect(run.records.last?.label == "L\(30_000 % 7)")
        let special = try #require(run.records.first { $0.locator == file.specialLocator })
        #expect(special.input == "first line\nsecond line\nthird")
        #expect(special.label == "special")
        guard case .row(let row, let line) = file.specialLocator else { return }
        #expect(run.records[row].locator == .row(row + 1, line: line + 3))
        let progress = run.events.compactMap { if case .progress(let bytes) = $0 { bytes } else { nil } }
        #expect(!progress.isEmpty)
        #expect(progress == progress.sorted())
        #expect((progress.last ?? 0) <= UInt64(file.bytes.count))
    }
}

@Suite("CSV import: files as Excel writes them")
struct CSVExcelTests {
    static let rows =
        "subject\tbody\tcategory\r\nColis en retard\tMon colis n'est pas arrivé 📦\tshipping\r\n"
        + "Refund\t\"I paid twice,\r\nplease refund\"\tbilling\r\n"

    @Test(arguments: [(true, true), (false, true), (true, false), (false, false)])
    func unicodeTextIsReadFromUTF16(littleEndian: Bool, marked: Bool) throws {
        let units = Array(Self.rows.utf16)
        var bytes: [UInt8] = marked ? (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) : []
        for unit in units {
            bytes += littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let run = try importCSV(bytes: bytes)
        #expect(run.failures.isEmpty)
        #expect(
            run.records.map(\.input) == [
                "Colis en retard\n\nMon colis n'est pas arrivé 📦", "Refund\n\nI paid twice,\nplease refund",
            ])
        #expect(run.records.map(\.label) == ["shipping", "billing"])
        // Lines are the file's own: the second record starts on line 3.
        #expect(run.records.map(\.locator) == [.row(1, line: 2), .row(2, line: 3)])
        #expect(run.notes.contains { $0.contains("UTF-16 (\(littleEndian ? "little" : "big")-endian") })
        #expect(run.notes.contains { $0.contains(marked ? "byte order mark" : "no byte order mark") })
    }

    @Test(arguments: [",", ";"])
    func aReportsTitleAboveTheHeaderIsNoData(delimiter: String) throws {
        // Excel pads the title row with delimiters to the table's width.
        let d = delimiter
        let text =
            "Ticket report\(d)\(d)\nGenerated 2024-03-01\(d)\(d)\n\(d)\(d)\nsubject\(d)body\(d)category\n"
            + "Late\(d)Where is my parcel?\(d)Shipping\nRefund\(d)\"I paid, twice\"\(d)Billing\n"
        let run = try importCSV(bytes: Array(text.utf8))
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.label) == ["Shipping", "Billing"])
        #expect(run.records.map(\.locator) == [.row(1, line: 5), .row(2, line: 6)])
        #expect(
            run.notes.contains {
                $0.contains("lines 1-3 above the header are not data (\"Ticket report / Generated 2024-03-01\")")
            })
        // A title with the delimiter in it, set off by a blank line above a wider header row.
        let titled = try importCSV(
            bytes: Array(
                "Ticket report\(d) December\n\nsubject\(d)body\(d)category\nLate\(d)Where is my parcel?\(d)Shipping\n"
                    .utf8))
        #expect(titled.failures.isEmpty)
        #expect(titled.records.map(\.label) == ["Shipping"])
        #expect(titled.records.map(\.locator) == [.row(1, line: 4)])
        #expect(
            titled.notes.contains {
                $0.contains("lines 1-2 above the header are not data (\"Ticket report December\")")
            })
        // The same title right above a header row naming its columns, no blank line between.
        let above = try importCSV(
            bytes: Array(
                ("Ticket report\(d) December\nsubject\(d)body\(d)category\nLate\(d)Where is my parcel?\(d)Shipping\n"
                    + "Refund\(d)I paid twice\(d)Billing\n").utf8))
        #expect(above.failures.isEmpty)
        #expect(above.records.map(\.label) == ["Shipping", "Billing"])
        #expect(above.records.map(\.locator) == [.row(1, line: 3), .row(2, line: 4)])
        #expect(above.notes.contains { $0.contains("line 1 above the header is not data") })
        // A header whose rows end in a delimiter is the header: the empty cells past it are dropped, and a row with
        // something past the header is still ragged.
        let trailing = try importCSV(
            bytes: Array(
                "subject\(d)body\nLate\(d)Where is my parcel?\(d)\nRefund\(d)I paid twice\(d) \nFee\(d)Why?\(d)x\n".utf8
            ))
        #expect(trailing.records.map(\.input) == ["Late\n\nWhere is my parcel?", "Refund\n\nI paid twice"])
        #expect(trailing.records.first?.locator == .row(1, line: 2))
        #expect(trailing.failures.map(\.kind) == [.raggedRow])
        #expect(trailing.failures.first?.locator == .row(3, line: 4))
        #expect(!trailing.notes.contains { $0.contains("not data") })
        // A first row with two filled cells is the header, whatever follows.
        let plain = try importCSV(bytes: Array("subject\(d)body\nLate\(d)Where is it?\n".utf8))
        #expect(plain.records.first?.locator == .row(1, line: 2))
        #expect(!plain.notes.contains { $0.contains("not data") })
    }

    @Test func eightBitTextIsNotTakenForUTF16() {
        let latin1: [UInt8] =
            Array("Café;Crème brûlée;Straße;naïve\r\n".utf8) + [0xE9, 0x20, 0x41, 0x42]
            + Array(repeating: 0x41, count: 40)
        #expect(UTF16Text.order(of: latin1) == nil)
        // UTF-32 and binary data have zero pairs.
        let utf32: [UInt8] = "subject,body\n".unicodeScalars.flatMap { [UInt8($0.value), 0, 0, 0] }
        #expect(UTF16Text.order(of: utf32) == nil)
        let short: [UInt8] = [0x41, 0x00, 0x42, 0x00]
        #expect(UTF16Text.order(of: short) == nil)
    }

    @Test func utf16IsToldByWhatItSays() {
        func utf16(_ text: String) -> [UInt8] {
            [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        #expect(SourceFormat.detect(path: "tickets.export", prefix: utf16("subject\tbody\r\na\tb\r\nc\td\r\n")) == .csv)
        #expect(SourceFormat.detect(path: "tickets.export", prefix: utf16("[{\"text\": \"hi\"}]")) == .json)
    }

    @Test func jsonInUTF16IsReadToo() throws {
        func utf16(_ text: String) -> [UInt8] {
            [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        let lines = utf16(#"{"subject": "Café", "body": "Où est mon colis ?"}"# + "\n" + #"{"body": "Danke"}"# + "\n")
        let jsonl = try ImportRun(JSONLImporter(), name: "export.jsonl", bytes: lines)
        #expect(jsonl.failures.isEmpty)
        #expect(jsonl.records.map(\.input) == ["Café\n\nOù est mon colis ?", "Danke"])
        #expect(jsonl.records.map(\.locator) == [.line(1), .line(2)])
        #expect(jsonl.notes.contains { $0.contains("UTF-16 (little-endian") })
        let document = utf16(#"{"tickets": [{"body": "Hola"}, {"body": "Gracias"}]}"#)
        let json = try ImportRun(JSONDocumentImporter(), name: "export.json", bytes: document)
        #expect(json.failures.isEmpty)
        #expect(json.records.map(\.input) == ["Hola", "Gracias"])
    }

    @Test func aCharacterSplitAcrossBlocksIsKept() {
        // 📦 is a surrogate pair: cut after its high half (and after an odd byte), the rest carries over.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8, 0xE6, 0xDC, 0x42, 0x00]
        let first = UTF16Text.utf8(bytes[..<6], order: .littleEndian, first: true)
        #expect(first.utf8 == Array("A".utf8))
        #expect(first.rest == [0x3D, 0xD8])
        let second = UTF16Text.utf8((first.rest + bytes[6..<9])[...], order: .littleEndian, first: false)
        #expect(second.utf8 == Array("📦".utf8))
        #expect(second.rest == [0x42])
    }

    @Test func theSeparatorLineNamesTheDelimiterAndIsNotData() throws {
        let run = try importCSV(
            "\u{FEFF}sep=;\r\nsubject;body;category\r\nLate;Where is my parcel, please?;shipping\r\n")
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["Late\n\nWhere is my parcel, please?"])
        #expect(run.records.map(\.label) == ["shipping"])
        #expect(run.records.first?.locator == .row(1, line: 3))
        #expect(CSVImporter.separatorLine(Array("sep=|\n".utf8)) == UInt8(ascii: "|"))
        // A first line that only starts so is the header.
        #expect(CSVImporter.separatorLine(Array("sep=;x,y\n".utf8)) == nil)
        #expect(CSVImporter.separatorLine(Array("separator,text\n".utf8)) == nil)
    }

    /// A fixture read, none of its records quarantined.
    private func fixtureRun(_ name: String) throws -> ImportRun {
        let run = try ImportRun(CSVImporter(), file: fixturesDirectory.appendingPathComponent(name))
        #expect(run.failures.isEmpty)
        return run
    }

    /// A draft's thread as `role: text` lines.
    private func thread(_ draft: ExampleDraft) -> [String] {
        draft.messages.map { "\($0.role.rawValue): \($0.content)" }
    }

    @Test func jiraCommentColumnsAreTheTicketsThread() throws {
        let run = try fixtureRun("jira-issues.csv")
        #expect(run.notes.contains { $0.contains("3 comment columns") })
        #expect(run.records.map(\.ticketID) == ["SUP-12", "SUP-13", "SUP-14"])
        let login = run.records[0]
        // The description opens the thread; the reporter's comment is the customer's; a `;` in a body stays.
        #expect(
            thread(login) == [
                "user: Cannot log in after update\n\nSince the 4.2 update the app says my password is wrong.",
                "assistant: Sorry about that. Please clear the app's cache; then sign in again.",
                "user: That worked, thank you!",
            ])
        #expect(login.response == "Sorry about that. Please clear the app's cache; then sign in again.")
        #expect(login.label == "Access")
        // No comments: the summary and description, as before.
        #expect(run.records[1].input == "Refund for duplicate charge\n\nI was charged twice for order 8812.")
        #expect(run.records[1].messages.isEmpty)
        // A comment cell of another form: the row is read as it is, its comments kept in metadata.
        #expect(run.records[2].messages.isEmpty)
        #expect(run.records[2].metadata["Comment"] == "see the logs attached")
        #expect(CommentCells.comment("10/Mar/24 2:11 PM;557058:abc-123;a;b")?.body == "a;b")
        #expect(CommentCells.comment("see you; at 10:00; tomorrow") == nil)
        #expect(CommentCells(names: ["Summary", "Comment", "Comment_2"]) == nil)
    }

    @Test func serviceNowJournalIsTheTicketsThreadWithWorkNotesApart() throws {
        let run = try fixtureRun("servicenow-incidents.csv")
        let email = run.records[0]
        // Newest first in the file, oldest first in the thread; the caller's comment is the customer's; the short
        // description is the subject above the first message, so above the input.
        #expect(
            thread(email) == [
                "user: Email not syncing\n\nMy Outlook stopped syncing since Monday.",
                "assistant: I have re-created your mail profile. Please restart Outlook and tell me if mail syncs.",
                "user: It works again, thanks!",
            ])
        #expect(email.input == "Email not syncing\n\nMy Outlook stopped syncing since Monday.")
        #expect(email.metadata["internal_notes"] == ["Profile corrupted after the update; re-created it."])
        #expect(email.metadata["close_notes"] == "Re-created the mail profile.")
        // The task's number names the ticket, beside its short description.
        #expect(run.records.map(\.ticketID) == ["INC0010001", "INC0010002", "INC0010003"])
        #expect(email.metadata["Number"] == nil)
        // An empty journal, or one that is no journal: the record as it is.
        #expect(run.records[1].input == "Printer offline\n\nThe 3rd floor printer shows offline.")
        #expect(run.records[2].metadata["comments_and_work_notes"] == "Please see attached logs")
    }

    @Test func serviceNowWorkNotesOfTheirOwnAreInternalNotesNeverText() throws {
        // `comments` and `work_notes` exported as two journals: the comments are the thread, the work notes the
        // team's, oldest first, with or without a thread.
        let run = try fixtureRun("servicenow-comments-worknotes.csv")
        let printer = run.records[0]
        #expect(
            thread(printer) == [
                "user: Cannot print to 4th floor printer\n\nEvery print job to PRN-4F-02 fails with 'driver"
                    + " unavailable'.",
                "assistant: I pushed the new driver to your laptop. Please restart and try printing again.",
                "user: That worked, printing again.",
            ])
        #expect(
            printer.metadata["internal_notes"] == [
                "Reproduced on a second laptop; not user specific.",
                "Driver package 6.1 missing from the software centre for this model; deployed manually.",
            ])
        #expect(printer.metadata["work_notes"] == nil)
        let vpn = run.records[1]
        #expect(vpn.input == "VPN token expired\n\nMy VPN token says expired since this morning.")
        #expect(vpn.metadata["internal_notes"] == ["Waiting for the token reset from the security team."])
        for record in run.records {
            let text = [record.input, record.response ?? ""] + record.messages.map(\.content)
            #expect(!text.contains { $0.contains("Driver package") || $0.contains("token reset") })
        }
        #expect(JournalText.notes("Call me back") == nil)
    }

    @Test func journalDatesInOtherFormsAreReadInReverseAndANamelessRecordIsNotRead() throws {
        let text =
            "09/15/2026 10:05:00 AM - Casey Ng (Additional comments)\nA new toner is on its way.\n\n"
            + "09/15/2026 09:00:00 AM - Jordan Lee (Additional comments)\nThe printer says toner low.\n"
        let record = JSONObject([(key: "opened_by", value: "Jordan Lee")])
        let turns = try #require(JournalText.read(text, record: record))
        #expect(turns.messages.map(\.role) == [.user, .assistant])
        #expect(JournalText.read(text, record: JSONObject()) == nil)
        #expect(JournalText.entries("Please see attached logs") == nil)
        #expect(JournalText.entries("2024-03-01 10:00:00 - Ann (Assigned)\nto Bob") == nil)
    }
}
