import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

@Suite("CSV import: files without a header row")
struct HeaderlessCSVTests {
    @Test func aLabelThatComesAgainMakesTheFirstRowData() {
        let rows = [
            ["how do I change my pin", "change_pin"], ["my card was declined", "declined_card_payment"],
            ["new pin please", "change_pin"],
        ]
        #expect(CSVHeaderGuess.firstRowIsData(rows)?.contains("\"change_pin\" comes again in column 2") == true)
    }

    @Test func aNumberOverNumbersMakesTheFirstRowData() {
        let rows = [["3", "Stocks rally", "Shares rose."], ["4", "New phone", "A phone was released."]]
        #expect(CSVHeaderGuess.firstRowIsData(rows)?.contains("is a number") == true)
        // A header's names over numbers are no numbers themselves.
        #expect(CSVHeaderGuess.firstRowIsData([["rank", "headline"], ["3", "Stocks rally"]]) == nil)
    }

    @Test func aSentenceMakesTheFirstRowData() {
        let rows = [["I would like to know why my transfer has not arrived yet after three days", "transfer"]]
        #expect(CSVHeaderGuess.firstRowIsData(rows)?.contains("is a sentence") == true)
        // A survey's column named by its question stays a name.
        let survey = [["How satisfied were you with the help you received from our team today?", "Kommentar"]]
        #expect(CSVHeaderGuess.firstRowIsData(survey) == nil)
    }

    @Test func aListOfTextsOneALineStartsWithItsFirstText() {
        let questions = [
            ["How do I reset my password?"], ["Where is my parcel?"], ["Can I change my delivery address?"],
            ["Why was my card declined?"],
        ]
        #expect(CSVHeaderGuess.firstRowIsData(questions)?.contains("is a text like the lines under it") == true)
        // A survey's one question over its answers, a short name, a known name: headers.
        let survey = [
            ["What did you contact us about?"], ["my card did not arrive"], ["refund for order 7"],
            ["the app crashes on start"],
        ]
        #expect(CSVHeaderGuess.firstRowIsData(survey) == nil)
        #expect(CSVHeaderGuess.firstRowIsData([["Questions"]] + questions) == nil)
        #expect(CSVHeaderGuess.firstRowIsData([["Customer question"]] + questions) == nil)
        #expect(CSVHeaderGuess.firstRowIsData([["utterance"]] + questions) == nil)
    }

    @Test func knownNamesAndRepeatedHeadersStayTheHeader() {
        // `text` is a name the mapping reads, whatever repeats below it.
        #expect(CSVHeaderGuess.firstRowIsData([["text", "category"], ["a", "category"], ["b", "category"]]) == nil)
        // Unknown names with no value below them: the header, as before.
        #expect(CSVHeaderGuess.firstRowIsData([["Frage", "Absicht"], ["Wo ist meine Karte?", "karte"]]) == nil)
        // A report that repeats its header on every page: the rows equal to the first say nothing.
        let pages = [["Kunde", "Anliegen"], ["Ann", "Karte gesperrt"], ["Kunde", "Anliegen"], ["Bo", "Neue PIN"]]
        #expect(CSVHeaderGuess.firstRowIsData(pages) == nil)
    }

    @Test func headerlessRowsAreNumberedFromTheFirstLine() throws {
        let text =
            (1...6).map { "question number \($0) about my card\t\($0 % 2 == 0 ? "card" : "pin")" }
            .joined(separator: "\n") + "\n"
        // The importer reads the columns by the names it gives them (the import service chooses them by content).
        let options = ImportOptions(mapping: try FieldMapping(specifications: ["input=column_1", "label=column_2"]))
        let run = try ImportRun(CSVImporter(), name: "intents.tsv", bytes: Array(text.utf8), options: options)
        #expect(run.failures.isEmpty)
        #expect(run.mappings.first?.keys == ["column_1", "column_2"])
        #expect(run.records.count == 6)
        #expect(run.records.first?.locator == .row(1, line: 1))
        #expect(run.records.first?.input == "question number 1 about my card")
        #expect(run.records.first?.label == "pin")
        #expect(run.notes.contains { $0.contains("the first row is data") && $0.contains("--header reads") })
    }

    @Test func theUserDecidesOverTheGuess() throws {
        let text = "3,Stocks rally\n4,New phone\n"
        var options = ImportOptions()
        options.csvHeader = true
        let named = try ImportRun(CSVImporter(), name: "news.csv", bytes: Array(text.utf8), options: options)
        #expect(named.mappings.first?.keys == ["3", "Stocks rally"])
        #expect(named.failures.map(\.locator) == [.row(1, line: 2)])
        options.csvHeader = false
        options.mapping = try FieldMapping(specifications: ["input=column_1"])
        let unnamed = try ImportRun(
            CSVImporter(), name: "tickets.csv", bytes: Array("text,label\nhello,greeting\n".utf8), options: options)
        #expect(unnamed.records.map(\.input) == ["text", "hello"])
        #expect(!unnamed.notes.contains { $0.contains("--header reads") })
    }

    @Test func aRaggedRowIsMeasuredAgainstTheFirstRow() throws {
        let text = "3,Stocks rally\n4,New phone\n5,Too,many\n"
        let options = ImportOptions(mapping: try FieldMapping(specifications: ["input=column_2"]))
        let run = try ImportRun(CSVImporter(), name: "news.csv", bytes: Array(text.utf8), options: options)
        #expect(run.records.map(\.input) == ["Stocks rally", "New phone"])
        #expect(run.failures.map(\.message) == ["row has 3 fields, the first row has 2"])
        #expect(run.failures.first?.locator == .row(3, line: 3))
    }
}

@Suite("Labelled data in scripts written without spaces")
struct UnspacedScriptContentTests {
    @Test func chineseUtterancesAreProse() {
        let records = (0..<24).map { index -> JSONObject in
            let (text, label) = [
                ("我的银行卡还没有收到，请问什么时候能到？", "card_arrival"), ("我想更改我的银行卡密码", "change_pin"),
                ("为什么我的付款被拒绝了", "declined_payment"),
            ][index % 3]
            return JSONObject(membersWithDistinctKeys: [
                ("column_1", .string(text + String(index))), ("column_2", .string(label)),
            ])
        }
        let choice = ContentMapping.choose(records: records, mapping: FieldMapping())
        #expect(choice?.input == "column_1")
        #expect(choice?.label == "column_2")
    }
}

@Suite("JSON rows of values")
struct JSONRowTests {
    @Test func linesOfValuesAreRowsLikeAHeaderlessCSV() throws {
        let text = #"["where is my new card", "card_arrival"]"# + "\n" + #"["change my pin", "change_pin"]"# + "\n"
        let options = ImportOptions(mapping: try FieldMapping(specifications: ["input=column_1", "label=column_2"]))
        let run = try ImportRun(JSONLImporter(), name: "rows.jsonl", bytes: Array(text.utf8), options: options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["where is my new card", "change my pin"])
        #expect(run.records.map(\.label) == ["card_arrival", "change_pin"])
    }

    @Test func aDocumentsArrayOfRowsIsItsRecords() throws {
        let text = #"{"name": "intents", "train": [["where is my new card", "card_arrival"], ["change my pin", 7]]}"#
        let options = ImportOptions(mapping: try FieldMapping(specifications: ["input=column_1", "label=column_2"]))
        let run = try ImportRun(JSONDocumentImporter(), name: "d.json", bytes: Array(text.utf8), options: options)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.label) == ["card_arrival", "7"])
        #expect(run.notes.contains { $0.contains("records read from train") })
    }

    @Test func aMatrixOfNumbersIsNoRows() throws {
        // Arrays of numbers (a model's probabilities) are no records: the document is one, as before.
        let text = #"{"probabilities": [[0.1, 0.9], [0.7, 0.3]], "joint": [[1, 0], [0, 1]], "text": "a report"}"#
        let run = try ImportRun(
            JSONDocumentImporter(), name: "m.json", bytes: Array(text.utf8), options: ImportOptions())
        #expect(run.records.map(\.input) == ["a report"])
        #expect(run.notes.contains { $0.contains("no array of records in the document") })
    }

    @Test func aDocumentCutShortBeforeItsArraySaysSoNotThatItHoldsNone() throws {
        let run = try ImportRun(
            JSONDocumentImporter(), name: "cut.json", bytes: Array(#"{"messages": ["#.utf8), options: ImportOptions())
        #expect(run.records.isEmpty)
        #expect(run.failures.map(\.kind) == [.invalidJSON])
        #expect(run.notes.contains { $0.hasPrefix("the document breaks off before any array of records") })
        #expect(!run.notes.contains { $0.contains("no array of records in the document") })
    }

    @Test func anArrayAmongObjectsIsStillNoRecord() throws {
        let text = #"{"text": "hello", "label": "greeting"}"# + "\n" + #"["stray", "array"]"# + "\n"
        let run = try ImportRun(JSONLImporter(), name: "mixed.jsonl", bytes: Array(text.utf8), options: ImportOptions())
        #expect(run.records.count == 1)
        #expect(run.failures.map(\.kind) == [.notAnObject])
    }
}

@Suite("Import: fields chosen by their content")
struct ContentMappingTests {
    private func records(_ rows: [[(String, String)]]) -> [JSONObject] {
        rows.map { JSONObject($0.map { (key: $0.0, value: JSONValue.string($0.1)) }) }
    }

    @Test func theLongestTextIsTheInputWhereNoFieldIsNamedSo() throws {
        let sample = records(
            (0..<4).map { index in
                [
                    ("rid", "r\(index)"), ("lang", "en"),
                    ("phrase", "please help me reset the password number \(index)"),
                    ("intent", "reset"),
                ]
            })
        let choice = try #require(ContentMapping.choose(records: sample, mapping: FieldMapping()))
        #expect(choice.input == "phrase")
        // Named columns keep their names: the label comes from `intent`, not from the content.
        #expect(choice.label == nil)
        #expect(choice.note.contains("input <- phrase"))
    }

    @Test func aHeaderlessFileTakesItsLabelFromACategoryColumn() throws {
        let sample = records(
            (0..<24).map { index in
                [
                    ("column_1", "\(index)"), ("column_2", "a question about topic \(index) and more words"),
                    ("column_3", ["card", "pin", "refund"][index % 3]),
                ]
            })
        let choice = try #require(ContentMapping.choose(records: sample, mapping: FieldMapping()))
        #expect(choice.input == "column_2")
        // The ids are no category (each comes once); the three topics are.
        #expect(choice.label == "column_3")
        #expect(choice.note.contains("label <- column_3 (3 values over 24 records)"))
    }

    @Test func aSubjectAloneTakesTheMessageFromAColumnWhoseNameSaysNothing() throws {
        // A German export's `Anliegen` (a concern) is no name the mapping knows: beside the subject, its prose is the
        // message; a column of internal notes or a category is not.
        let sample = records(
            (0..<24).map { index in
                [
                    ("Betreff", "Frage \(index % 4)"),
                    ("Anliegen", "Mein Paket \(index) ist noch nicht angekommen, wo ist es denn bitte?"),
                    ("Interne Notizen", "Kunde hat schon zweimal wegen des Pakets \(index) angerufen und war sauer"),
                    ("Kategorie", ["Versand", "Rechnung"][index % 2]),
                ]
            })
        let choice = try #require(ContentMapping.choose(records: sample, mapping: FieldMapping()))
        #expect(choice.input == "Betreff+Anliegen")
        #expect(choice.label == nil)
        #expect(choice.note.contains("Anliegen holds the message beside the subject Betreff"))
        // Without a column whose name says nothing, or with texts no longer than the subject's, the subject stays
        // alone.
        let notes = sample.map { record in
            var record = record
            record["Anliegen"] = nil
            return record
        }
        #expect(ContentMapping.choose(records: notes, mapping: FieldMapping()) == nil)
        let short = records(
            (0..<24).map { [("Betreff", "Paket \($0) fehlt seit gestern"), ("Anliegen", "Paket fehlt")] })
        #expect(ContentMapping.choose(records: short, mapping: FieldMapping()) == nil)
    }

    @Test func aNamedInputOrNoProseLeavesTheMappingAlone() {
        let named = records([[("text", "hello there my friend"), ("label", "greeting")]])
        #expect(ContentMapping.choose(records: named, mapping: FieldMapping()) == nil)
        let codes = records([[("code", "A1"), ("mail", "ann@example.com"), ("site", "https://example.com/a b c")]])
        #expect(ContentMapping.choose(records: codes, mapping: FieldMapping()) == nil)
    }
}
