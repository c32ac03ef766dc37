import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Reads a JSON document `text` with the JSON document importer.
private func importJSON(_ text: String) throws -> ImportRun {
    try ImportRun(JSONDocumentImporter(), name: "intents.json", text: text)
}

@Suite("Labelled JSON as NLU data sets and chatbot files write it")
struct LabelledJSONShapeTests {
    @Test func eachPatternOfAnIntentIsAnExample() throws {
        // A chatbot's intents file: a tag, the ways a user says it, the bot's answers.
        let text = """
            {"intents": [
              {"tag": "opening_hours", "patterns": ["When do you open?", "Are you open on Sunday?"],
               "responses": ["We open at nine, Monday to Saturday.", "Our doors open at nine."], "context": [""]},
              {"tag": "thanks", "patterns": ["Thanks a lot"], "responses": ["You are welcome."]}
            ]}
            """
        let run = try importJSON(text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["When do you open?", "Are you open on Sunday?", "Thanks a lot"])
        #expect(run.records.map(\.label) == ["opening_hours", "opening_hours", "thanks"])
        #expect(
            run.records.map(\.response) == [
                "We open at nine, Monday to Saturday.", "We open at nine, Monday to Saturday.", "You are welcome.",
            ])
        #expect(run.records[0].metadata["other_responses"] == .array([.string("Our doors open at nine.")]))
        #expect(run.records[2].metadata["other_responses"] == nil)
        let places = [
            Locator.part("record 1", .element("patterns[1]")), .part("record 1", .element("patterns[2]")),
            .part("record 2", .element("patterns[1]")),
        ]
        #expect(run.records.map(\.locator) == places)
        #expect(run.records[1].locator.description == "element patterns[2] of record 1")
        // The places are stored and read back as they were.
        #expect(places.map { Locator(encoded: $0.encoded) } == places)
        #expect(run.notes.contains { $0.contains("list of texts (patterns)") })
    }

    @Test func anFAQEntrysQuestionsShareItsAnswer() throws {
        let text = """
            [{"answer": "Use the link on the sign-in page.", "questions": ["How do I reset my password?",
              "I forgot my password"], "category": "account"}]
            """
        let run = try importJSON(text)
        #expect(run.records.map(\.input) == ["How do I reset my password?", "I forgot my password"])
        #expect(
            run.records.map(\.response) == ["Use the link on the sign-in page.", "Use the link on the sign-in page."])
        #expect(run.records.map(\.label) == ["account", "account"])
    }

    @Test func aTicketWithAListOfExamplesBesideItsBodyIsOneTicket() throws {
        let text = """
            [{"subject": "Export", "body": "The export fails on large files.", "examples": ["a.csv", "b.csv"]}]
            """
        let run = try importJSON(text)
        #expect(run.records.count == 1)
        #expect(run.records.first?.input == "Export\n\nThe export fails on large files.")
        #expect(run.records.first?.locator == .record(1))
    }

    @Test func aListOfAnswersGivesItsFirst() throws {
        let text = """
            [{"question": "Can I change my delivery address?", "answers": ["Yes, until the parcel ships.",
              "Only before dispatch."]}]
            """
        let run = try importJSON(text)
        #expect(run.records.first?.response == "Yes, until the parcel ships.")
        #expect(run.records.first?.metadata["other_responses"] == .array([.string("Only before dispatch.")]))
        // Scored responses (preference data) are no list of answers: they stay whole in metadata.
        let scored = """
            [{"prompt": "Reply to a late delivery", "responses": [{"text": "Sorry for the delay", "score": 3},
              {"text": "It is late", "score": 1}]}]
            """
        let kept = try importJSON(scored)
        #expect(kept.records.first?.response == nil)
        #expect(kept.records.first?.metadata["responses"]?.arrayValue?.count == 2)
    }

    @Test func arraysNamedByTheirLabelLabelTheirRecords() throws {
        // SNIPS's shape: each intent's examples, written as annotated pieces.
        let text = """
            {"PlayMusic": [
               {"data": [{"text": "play "}, {"text": "something by Nina Simone", "entity": "artist"},
                         {"text": " in the kitchen"}]},
               {"data": [{"text": "put on some jazz"}]}],
             "GetWeather": [{"data": [{"text": "will it rain in "}, {"text": "Oslo", "entity": "city"}]}]}
            """
        let run = try importJSON(text)
        #expect(run.failures.isEmpty)
        #expect(
            run.records.map(\.input) == [
                "play something by Nina Simone in the kitchen", "put on some jazz", "will it rain in Oslo",
            ])
        #expect(run.records.map(\.label) == ["PlayMusic", "PlayMusic", "GetWeather"])
        #expect(
            run.records.map(\.locator) == [
                .part("PlayMusic", .record(1)), .part("PlayMusic", .record(2)), .part("GetWeather", .record(1)),
            ])
        #expect(run.records[2].locator.description == "record 1 of GetWeather")
        let entities = try #require(run.records[0].metadata["entities"]?.arrayValue)
        #expect(entities.first?.objectValue?["entity"] == .string("artist"))
        #expect(run.notes.contains { $0.contains("each array's name is its records' label") })
    }

    @Test func listsOfTextsNamedByTheirLabel() throws {
        let text = """
            {"greeting": ["hi there", "good morning", "hello"], "lost_card": ["I lost my card", "my card is gone"]}
            """
        let run = try importJSON(text)
        #expect(run.records.map(\.input) == ["hi there", "good morning", "hello", "I lost my card", "my card is gone"])
        #expect(run.records.map(\.label) == ["greeting", "greeting", "greeting", "lost_card", "lost_card"])
        #expect(run.records.last?.locator == .part("lost_card", .record(2)))
    }

    @Test func splitsAndFieldsAreNoLabels() throws {
        // A data set's splits are a choice to make, not labels.
        let splits = """
            {"train": [{"utterance": "where is my parcel"}], "test": [{"utterance": "my parcel is late"}]}
            """
        #expect(thrownImportError { _ = try importJSON(splits) }?.message.contains("several arrays") == true)
        // Lists of people are no labelled texts.
        let people = """
            {"customers": [{"name": "Ann", "email": "ann@example.com"}],
             "agents": [{"name": "Bo", "email": "bo@example.com"}]}
            """
        #expect(thrownImportError { _ = try importJSON(people) }?.message.contains("several arrays") == true)
        // A record whose members are all lists of single words is one record.
        let tags = """
            {"tags": ["billing", "urgent"], "watchers": ["ann", "bob"]}
            """
        let run = try importJSON(tags)
        #expect(run.records.count <= 1)
        #expect(run.records.allSatisfy { $0.label == nil })
    }

    @Test func piecesOfOneSentenceAreJoined() throws {
        // Dialogflow's training phrases: the pieces a person annotated.
        let text = """
            [{"id": "1f2e", "data": [{"text": "book a table for "}, {"text": "tomorrow", "alias": "date",
               "meta": "@sys.date", "userDefined": true}], "isTemplate": false, "count": 0}]
            """
        let run = try importJSON(text)
        #expect(run.records.first?.input == "book a table for tomorrow")
        // A list of messages written as bare texts is no sentence in pieces.
        let messages = """
            [{"id": "7", "data": [{"text": "Hello"}, {"text": "Is anyone there?"}]}]
            """
        #expect(try importJSON(messages).records.first?.input != "HelloIs anyone there?")
    }

    @Test func assistantPlatformsExportsGiveTheirExamples() throws {
        // Watson Assistant's skill: intents with examples as objects and a description, beside entities and dialog
        // nodes (whose titles are no examples).
        let watson = """
            {"name": "Care", "intents": [
               {"intent": "cancel", "examples": [{"text": "cancel that"}, {"text": "stop my order"}],
                "description": "Cancel the current request"}],
             "entities": [{"entity": "store", "values": [{"value": "downtown"}]}],
             "dialog_nodes": [{"type": "standard", "title": "Welcome", "conditions": "welcome"}]}
            """
        let run = try importJSON(watson)
        #expect(run.records.map(\.input) == ["cancel that", "stop my order"])
        #expect(run.records.map(\.label) == ["cancel", "cancel"])
        #expect(run.records.first?.metadata["entry_description"] == .string("Cancel the current request"))
        #expect(run.notes.contains { $0.hasPrefix("records read from intents") && $0.contains("dialog_nodes") })
        // Amazon Lex's bot export: an intent's `name` and its `sampleUtterances`.
        let lex = """
            {"resource": {"name": "Flowers", "intents": [
               {"name": "OrderFlowers", "sampleUtterances": ["I would like to order flowers", "send roses"]}]}}
            """
        let ordered = try importJSON(lex)
        #expect(ordered.records.map(\.input) == ["I would like to order flowers", "send roses"])
        #expect(ordered.records.map(\.label) == ["OrderFlowers", "OrderFlowers"])
        // Dialogflow CX's training phrases, in annotated parts.
        let cx = """
            {"displayName": "order.status", "trainingPhrases": [
               {"id": "1", "parts": [{"text": "where is my "}, {"text": "order", "parameterId": "item"}],
                "repeatCount": 1}]}
            """
        #expect(try importJSON(cx).records.map(\.input) == ["where is my order"])
    }

    @Test func aDialogflowAgentsTrainingPhrasesAreLabelledByTheirFilesName() throws {
        let text = """
            [{"id": "u1", "data": [{"text": "where is my order", "userDefined": false}], "isTemplate": false},
             {"id": "u2", "data": [{"text": "track order "}, {"text": "12345", "alias": "number",
               "meta": "@sys.number", "userDefined": true}], "isTemplate": false}]
            """
        let run = try ImportRun(JSONDocumentImporter(), name: "Order Status_usersays_en.json", text: text)
        #expect(run.records.map(\.input) == ["where is my order", "track order 12345"])
        #expect(run.records.map(\.label) == ["Order Status", "Order Status"])
        #expect(run.notes.contains { $0.contains("training phrases of intent Order Status") })
        // The intent's own file beside its phrases gives their response.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-dialogflow-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(text.utf8).write(to: folder.appendingPathComponent("Order Status_usersays_en.json"))
        let definition = """
            {"id": "a1", "name": "Order Status", "responses": [{"messages": [{"type": "0", "lang": "en",
              "speech": ["Give me your order number and I will check."]}]}]}
            """
        try Data(definition.utf8).write(to: folder.appendingPathComponent("Order Status.json"))
        let answered = try ImportRun(
            JSONDocumentImporter(), file: folder.appendingPathComponent("Order Status_usersays_en.json"))
        #expect(
            answered.records.map(\.response)
                == Array(repeating: "Give me your order number and I will check.", count: 2))
        #expect(answered.records.map(\.label) == ["Order Status", "Order Status"])
        #expect(UserSaysFile.intent(of: "intents/refund_usersays_pt-br.json") == "refund")
        #expect(UserSaysFile.intent(of: "intents/refund.json") == nil)
        #expect(UserSaysFile.intent(of: "notes_usersays_about my day.json") == nil)
    }

    @Test func aTableWrittenColumnByColumnGivesItsRows() throws {
        // pandas' `DataFrame.to_json()`, its default `orient="columns"`.
        let text = """
            {"text": {"0": "my card has not arrived", "1": "refund please", "2": "where is my card"},
             "label": {"0": "card_arrival", "1": "refund", "2": "card_arrival"},
             "score": {"0": 0.9, "1": 0.4, "2": null}}
            """
        let run = try ImportRun(JSONDocumentImporter(), name: "frame.json", text: text)
        #expect(run.records.map(\.input) == ["my card has not arrived", "refund please", "where is my card"])
        #expect(run.records.map(\.label) == ["card_arrival", "refund", "card_arrival"])
        #expect(run.records.map(\.locator) == [.record(1), .record(2), .record(3)])
        #expect(
            run.notes.contains { $0.contains("2 columns of 3 rows") == false && $0.contains("3 columns of 3 rows") })
        // A record made of parts with the same names is one record.
        let parts = """
            {"customer": {"name": "Ann", "email": "ann@example.com"}, "agent": {"name": "Bo", "email": "bo@example.com"},
             "body": "Where is my parcel?"}
            """
        #expect(try ImportRun(JSONDocumentImporter(), name: "one.json", text: parts).records.count == 1)
    }

    @Test func rowsNamedByTheDocumentsColumns() throws {
        // pandas' `to_json(orient="split")`.
        let text = """
            {"columns": ["text", "label"], "index": [0, 1],
             "data": [["my card has not arrived", "card_arrival"], ["refund please", "refund"]]}
            """
        let run = try ImportRun(JSONDocumentImporter(), name: "split.json", text: text)
        #expect(run.records.map(\.input) == ["my card has not arrived", "refund please"])
        #expect(run.records.map(\.label) == ["card_arrival", "refund"])
        #expect(run.notes.contains { $0.contains("named by the document's columns: text, label") })
    }
}

@Suite("Lists of labels")
struct LabelListTests {
    @Test func aListOfOneLabelIsTheLabelAndSeveralGiveNone() throws {
        let text = """
            {"text": "I was charged twice and the app crashes", "labels": ["billing", "app_crash"]}
            {"text": "The refund never arrived", "labels": ["billing"]}
            {"title": "Dark mode", "body": "Please add a dark mode.", "labels": [{"id": 3, "name": "enhancement"}]}
            """
        let run = try ImportRun(JSONLImporter(), name: "labels.jsonl", text: text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.label) == [nil, "billing", "enhancement"])
        #expect(run.records[0].metadata["labels"] == .array([.string("billing"), .string("app_crash")]))
        #expect(run.notes.contains { $0.hasPrefix("line 1 has 2 labels (billing, app_crash)") })
    }
}

@Suite("Labels under a contact centre's names")
struct ContactReasonLabelTests {
    @Test(arguments: ["Request Type", "contact_reason", "Disposition", "issue_category"])
    func aContactsReasonIsItsLabel(column: String) throws {
        let text = "customer_message,\(column)\nMy parcel has not arrived,Delivery\n"
        let run = try ImportRun(CSVImporter(), name: "contacts.csv", text: text)
        #expect(run.records.map(\.label) == ["Delivery"])
    }
}
