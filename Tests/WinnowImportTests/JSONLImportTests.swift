import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Reads JSONL `text` with the JSONL importer.
private func importJSONL(_ text: String, options: ImportOptions = ImportOptions()) throws -> ImportRun {
    try ImportRun(JSONLImporter(), name: "input.jsonl", text: text, options: options)
}

private let validLine = #"{"subject": "Refund", "body": "Please refund order 7.", "category": "Billing"}"#

@Suite("JSONL import: lines, byte order marks and line ends")
struct JSONLLineTests {
    @Test(arguments: [false, true])
    func importsWithOrWithoutByteOrderMark(withBOM: Bool) throws {
        let text = validLine + "\n" + #"{"subject": "Second", "body": "Two."}"# + "\n"
        let bytes = (withBOM ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        let run = try ImportRun(JSONLImporter(), name: "bom.jsonl", bytes: bytes)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.locator) == [.line(1), .line(2)])
        #expect(run.records.first?.input == "Refund\n\nPlease refund order 7.")
        #expect(run.records.first?.label == "Billing")
        #expect(run.records.last?.input == "Second\n\nTwo.")
    }

    @Test func columnOfAnErrorOnTheFirstLineIgnoresTheByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1,}"#.utf8)
        let run = try ImportRun(JSONLImporter(), name: "bom.jsonl", bytes: bytes)
        let failure = try #require(run.failures.first)
        #expect(failure.kind == .invalidJSON)
        #expect(failure.locator == .line(1))
        #expect(failure.column == 9)
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let text =
            validLine + "\n\n   \n\t\r\n" + validLine.replacingOccurrences(of: "7", with: "8") + "\n\r\n"
            + validLine.replacingOccurrences(of: "7", with: "9") + "\n\n"
        let run = try importJSONL(text)
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.locator) == [.line(1), .line(5), .line(7)])
    }

    @Test func crlfLineEndsAndAMissingFinalNewline() throws {
        let lines = [
            #"{"text": "first", "answer": "a1"}"#,
            #"{"text": "second\r\nwith a break", "answer": "a2"}"#,
            #"{"text": "third", "answer": "a3\r"}"#,
        ]
        let run = try importJSONL(lines.joined(separator: "\r\n"))
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.locator) == [.line(1), .line(2), .line(3)])
        #expect(run.records.map(\.input) == ["first", "second\nwith a break", "third"])
        #expect(run.records.map(\.response) == ["a1", "a2", "a3"])
    }

    @Test func linesEndedByALoneCRAreLines() throws {
        let lines = [#"{"text": "first"}"#, #"{"text": "second\r\nescaped"}"#, "", #"{"text": "third"}"#]
        let run = try importJSONL(lines.joined(separator: "\r") + "\r")
        #expect(run.failures.isEmpty)
        #expect(run.records.map(\.input) == ["first", "second\nescaped", "third"])
        #expect(run.records.map(\.locator) == [.line(1), .line(2), .line(4)])
        #expect(run.notes.contains { $0.contains("lines end in a lone CR") })
    }

    @Test func partsThatAreNoTextAreCountedAndATurnOfThemAloneIsNamed() throws {
        let text = """
            {"messages": [{"role": "user", "content": [{"type": "text", "text": "What do these lights mean?"}, \
            {"type": "image_url", "image_url": {"url": "https://example.com/router.jpg"}}]}, \
            {"role": "assistant", "content": "The red one means no uplink."}]}
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}, \
            {"role": "assistant", "content": "That screen shows error 42."}]}

            """
        let run = try importJSONL(text)
        let record = try #require(run.records.first)
        #expect(record.input == "What do these lights mean?")
        #expect(record.metadata["left_out_parts"] == ["image_url"])
        #expect(
            run.failures.map(\.message) == [
                "no input text: the user's turns hold only image_url parts, no text (a text fine-tune cannot read them)"
            ])
    }

    @Test func aChatbotsTrackerEventsAreItsThread() throws {
        // Rasa's tracker store export: `user` and `bot` events say the turns, the others are actions.
        let text = """
            {"sender_id": "7f3a", "events": [{"event": "action", "name": "action_listen"}, \
            {"event": "user", "text": "where is my order 55?", "parse_data": {"intent": {"name": "order_status"}}}, \
            {"event": "action", "name": "action_check_order"}, {"event": "bot", "text": "Order 55 ships tomorrow."}]}

            """
        let run = try importJSONL(text)
        #expect(run.failures.isEmpty)
        #expect(run.records.first?.input == "where is my order 55?")
        #expect(run.records.first?.response == "Order 55 ships tomorrow.")
        #expect(run.records.first?.messages.map(\.role) == [.user, .assistant])
    }

    @Test func emptyFileHasNoRecords() throws {
        let run = try importJSONL("")
        #expect(run.records.isEmpty)
        #expect(run.failures.isEmpty)
    }

    @Test func missingFileIsUnreadable() throws {
        let scratch = try ScratchDirectory()
        let error = thrownImportError {
            _ = try ImportRun(JSONLImporter(), file: scratch.url.appendingPathComponent("absent.jsonl"))
        }
        #expect(error?.kind == .unreadableFile)
    }

    /// The chunk reader hands out the same lines, with the same numbers, whatever its block size.
    @Test(arguments: [1, 3, 4, 5, 7, 16, 1 << 20])
    func linesAcrossBlockBoundaries(blockSize: Int) throws {
        let lines = [#"{"a":1}"#, "", "second line", "caf\u{E9} \u{1F600}", "third", "last-no-newline"]
        let text =
            lines[0] + "\r\n" + lines[1] + "\r\n" + lines[2] + "\n" + lines[3] + "\r\n" + lines[4] + "\n"
            + lines[5]
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        let scratch = try ScratchDirectory()
        let file = try scratch.file("lines.jsonl", bytes: bytes)
        var reader = try ChunkReader(
            url: file, displayPath: "lines.jsonl", scanner: JSONLLineScanner(), blockSize: blockSize)
        defer { reader.close() }
        var seen: [String] = []
        var numbers: [Int] = []
        var progress: [UInt64] = []
        while let chunk = try reader.next() {
            for record in chunk.records {
                seen.append(chunk.text(of: record, decoder: TextDecoder(encoding: .utf8)))
                numbers.append(record.line)
            }
            progress.append(chunk.bytesRead)
        }
        #expect(seen == lines)
        #expect(numbers == Array(1...lines.count))
        #expect(progress == progress.sorted())
        #expect(reader.bytesRead == UInt64(bytes.count))
    }
}

@Suite("JSONL import: malformed lines are quarantined, the rest imports")
struct JSONLMalformedTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var kind: ImportError.Kind
        var column: Int?
        var message: String
        var testDescription: String { line }
    }

    static let cases: [Case] = [
        Case(line: #"{"subject": "x", "body": "trunc"#, kind: .invalidJSON, column: 26, message: "unterminated string"),
        Case(line: #"{"a": 1,}"#, kind: .invalidJSON, column: 9, message: "expected a quoted member name"),
        Case(line: "not json at all", kind: .invalidJSON, column: 2, message: "invalid literal"),
        Case(line: #"{"body": "x"} trailing"#, kind: .invalidJSON, column: 15, message: "after the JSON value"),
        Case(line: #"["T-bad", "an array"]"#, kind: .notAnObject, column: nil, message: "found an array"),
        Case(line: #""just a string""#, kind: .notAnObject, column: nil, message: "found a string"),
        Case(line: "42", kind: .notAnObject, column: nil, message: "found a number"),
        Case(line: "null", kind: .notAnObject, column: nil, message: "found null"),
        Case(line: #"{"subject": "", "body": "   "}"#, kind: .noInput, column: nil, message: "no input text"),
        Case(line: #"{"priority": "high", "category": "Billing"}"#, kind: .noInput, column: nil, message: "--map"),
        Case(line: #"{"id": 1, "messages": []}"#, kind: .noInput, column: nil, message: "no user turn"),
    ]

    @Test(arguments: cases)
    func badLineBetweenGoodLines(testCase: Case) throws {
        let second = validLine.replacingOccurrences(of: "7", with: "8")
        let run = try importJSONL([validLine, testCase.line, second].joined(separator: "\n") + "\n")
        #expect(run.records.map(\.locator) == [.line(1), .line(3)])
        #expect(run.records.map(\.input) == ["Refund\n\nPlease refund order 7.", "Refund\n\nPlease refund order 8."])
        #expect(run.failures.count == 1)
        let failure = try #require(run.failures.first)
        #expect(failure.kind == testCase.kind)
        #expect(failure.locator == .line(2))
        #expect(failure.column == testCase.column)
        #expect(failure.file == "input.jsonl")
        #expect(failure.message.contains(testCase.message), "message was: \(failure.message)")
        #expect(!failure.snippet.isEmpty)
    }

    @Test(arguments: ["\n", "\r\n"])
    func invalidJSONSnippetIsTheRawLine(lineEnd: String) throws {
        let bad = #"{"subject": "Broken export", "body": "truncated line"#
        let run = try importJSONL([validLine, bad, validLine].joined(separator: lineEnd) + lineEnd)
        #expect(run.failures.first?.snippet == bad)
    }

    @Test func severalFailuresKeepTheirOwnLines() throws {
        let lines = [validLine, "[1]", "{", validLine.replacingOccurrences(of: "7", with: "1"), #"{"x": 1}"#, "true"]
        let run = try importJSONL(lines.joined(separator: "\n"))
        #expect(run.failures.map(\.locator) == [.line(2), .line(3), .line(5), .line(6)])
        #expect(run.failures.map(\.kind) == [.notAnObject, .invalidJSON, .noInput, .notAnObject])
        #expect(run.records.map(\.locator) == [.line(1), .line(4)])
    }
}

@Suite("JSONL import: field mapping")
struct JSONLMappingTests {
    @Test func nestedFieldsThroughExplicitMapping() throws {
        let lines = [
            #"{"ticket": {"id": "T-9", "subject": "Login", "body": "Cannot log in."}, "#
                + #""meta": {"queue": "Account", "agent": {"reply": "Reset done."}}, "extra": 1}"#,
            #"{"ticket": {"id": 10, "subject": "Only subject"}, "meta": {}, "extra": 2}"#,
        ]
        let options = try mappingOptions(
            "input=ticket.subject+ticket.body", "label=meta.queue", "response=meta.agent.reply",
            "ticket_id=ticket.id")
        let run = try importJSONL(lines.joined(separator: "\n"), options: options)
        #expect(run.failures.isEmpty)
        let first = try #require(run.records.first)
        #expect(first.input == "Login\n\nCannot log in.")
        #expect(first.label == "Account")
        #expect(first.response == "Reset done.")
        #expect(first.ticketID == "T-9")
        #expect(first.metadata["extra"] == 1)
        let second = try #require(run.records.last)
        #expect(second.input == "Only subject")
        #expect(second.label == nil)
        #expect(second.response == nil)
        #expect(second.ticketID == "10")
    }

    @Test func explicitInputLeavesAutomaticNamesInMetadata() throws {
        let line = #"{"summary": "Short", "subject": "S", "body": "B", "category": "c"}"#
        let run = try importJSONL(line, options: try mappingOptions("input=summary"))
        let record = try #require(run.records.first)
        #expect(record.input == "Short")
        #expect(record.label == "c")
        #expect(record.metadata.keys == ["subject", "body"])
    }

    /// A field picked by name for a text field but holding no text (an object) feeds nothing: it stays in metadata.
    @Test func automaticallyPickedFieldWithoutTextStaysInMetadata() throws {
        let line = #"{"text": "Help", "ticket": {"id": 5, "channel": "email"}, "category": {"name": "Billing"}}"#
        let record = try #require(try importJSONL(line).records.first)
        #expect(record.input == "Help")
        #expect(record.metadata["ticket"] == ["id": 5, "channel": "email"])
        #expect(record.metadata["category"] == ["name": "Billing"])
    }

    struct AutomaticCase: Sendable, CustomTestStringConvertible {
        var line: String
        var input: String
        var response: String?
        var label: String?
        var ticketID: String?
        var metadataKeys: [String]
        var testDescription: String { line }
    }

    static let automaticCases: [AutomaticCase] = [
        AutomaticCase(
            line: #"{"ticket_id": "T1", "subject": "S", "body": "B", "category": "Billing", "answer": "A", "#
                + #""priority": "high", "tags": ["x", "y"]}"#,
            input: "S\n\nB", response: "A", label: "Billing", ticketID: "T1", metadataKeys: ["priority", "tags"]),
        AutomaticCase(
            line: #"{"id": 7, "description": "D", "agent_reply": "R", "intent": "refund"}"#,
            input: "D", response: "R", label: "refund", ticketID: "7", metadataKeys: []),
        AutomaticCase(
            line: #"{"question": "Q?", "resolution": "Fixed", "queue": "Tech", "channel": "email"}"#,
            input: "Q?", response: "Fixed", label: "Tech", ticketID: nil, metadataKeys: ["channel"]),
        AutomaticCase(
            line: #"{"Ticket ID": "X-1", "Customer Message": "Help", "Agent-Reply": "Sure", "Category": "Acct"}"#,
            input: "Help", response: "Sure", label: "Acct", ticketID: "X-1", metadataKeys: []),
        AutomaticCase(
            line: #"{"customer_message": "M", "reply": "R"}"#,
            input: "M", response: "R", label: nil, ticketID: nil, metadataKeys: []),
        AutomaticCase(
            line: #"{"id": "1", "ticket_id": "T", "text": "x"}"#,
            input: "x", response: nil, label: nil, ticketID: "T", metadataKeys: ["id"]),
        AutomaticCase(
            line: #"{"title": "Only a title", "type": "bug", "created": "2024-05-01"}"#,
            input: "Only a title", response: nil, label: "bug", ticketID: nil, metadataKeys: ["created"]),
        // Helpdesk exports in other languages: German, French, Spanish, Portuguese, Italian, Dutch, Polish.
        AutomaticCase(
            line: #"{"Ticketnummer": "DE-4", "Betreff": "Rechnung", "Beschreibung": "Doppelt belastet", "#
                + #""Kategorie": "Billing", "Antwort": "Erstattet", "Erstellt am": "2026-11-02"}"#,
            input: "Rechnung\n\nDoppelt belastet", response: "Erstattet", label: "Billing", ticketID: "DE-4",
            metadataKeys: ["Erstellt am"]),
        AutomaticCase(
            line:
                #"{"Numéro de ticket": "FR-9", "Objet": "Colis", "Description": "Pas arrivé", "Catégorie": "Shipping", "#
                + #""Réponse": "Renvoyé"}"#,
            input: "Colis\n\nPas arrivé", response: "Renvoyé", label: "Shipping", ticketID: "FR-9", metadataKeys: []),
        AutomaticCase(
            line: #"{"asunto": "Acceso", "mensaje": "No puedo entrar", "categoría": "Account", "respuesta": "Hecho"}"#,
            input: "Acceso\n\nNo puedo entrar", response: "Hecho", label: "Account", ticketID: nil, metadataKeys: []),
        AutomaticCase(
            line: #"{"assunto": "Fatura", "mensagem": "Errada", "resposta": "Corrigida", "tipo": "Billing"}"#,
            input: "Fatura\n\nErrada", response: "Corrigida", label: "Billing", ticketID: nil, metadataKeys: []),
        AutomaticCase(
            line: #"{"oggetto": "Ordine", "messaggio": "In ritardo", "risposta": "Spedito", "categoria": "Shipping"}"#,
            input: "Ordine\n\nIn ritardo", response: "Spedito", label: "Shipping", ticketID: nil, metadataKeys: []),
        AutomaticCase(
            line:
                #"{"onderwerp": "Wachtwoord", "vraag": "Kwijt", "antwoord": "Link gestuurd", "categorie": "Account"}"#,
            input: "Wachtwoord\n\nKwijt", response: "Link gestuurd", label: "Account", ticketID: nil,
            metadataKeys: []),
        AutomaticCase(
            line: #"{"temat": "Zwrot", "opis": "Chcę zwrot", "odpowiedź": "Zwrócono", "kategoria": "Billing"}"#,
            input: "Zwrot\n\nChcę zwrot", response: "Zwrócono", label: "Billing", ticketID: nil, metadataKeys: []),
        AutomaticCase(
            line: #"{"subject": "  Spaced  ", "body": "line\r\nbreak", "label": "L", "response": ""}"#,
            // A blank response field is kept as "" (present but blank), unlike a missing one.
            input: "Spaced\n\nline\nbreak", response: "", label: "L", ticketID: nil, metadataKeys: []),
    ]

    @Test(arguments: automaticCases)
    func automaticMappingOfCommonNames(testCase: AutomaticCase) throws {
        let run = try importJSONL(testCase.line)
        #expect(run.failures.isEmpty)
        let record = try #require(run.records.first)
        #expect(record.input == testCase.input)
        #expect(record.response == testCase.response)
        #expect(record.label == testCase.label)
        #expect(record.ticketID == testCase.ticketID)
        #expect(record.metadata.keys == testCase.metadataKeys)
        #expect(run.mappings.count == 1)
    }

    @Test func mappingIsAnnouncedOncePerDistinctAssignment() throws {
        let lines = [
            #"{"subject": "a", "body": "b", "category": "c"}"#,
            #"{"subject": "a2", "body": "b2", "category": "c", "extra": 1}"#,
            #"{"question": "q", "category": "c"}"#,
        ]
        let run = try importJSONL(lines.joined(separator: "\n"))
        #expect(run.records.count == 3)
        #expect(run.mappings.count == 2)
        #expect(run.mappings.first?.summary.contains("input <- subject + body") == true)
        #expect(run.mappings.last?.assignment[.input] == ["question"])
    }
}

@Suite("JSONL import: chat messages")
struct JSONLChatTests {
    @Test func userTurnsBecomeInputAndLastAssistantTurnTheResponse() throws {
        let line =
            #"{"id": "c1", "label": "Billing", "messages": [{"role": "system", "content": "Be kind."}, "#
            + #"{"role": "user", "content": "First question"}, {"role": "assistant", "content": "First answer"}, "#
            + #"{"role": "user", "content": "  Follow-up  "}, {"role": "assistant", "content": "Final answer"}]}"#
        let run = try importJSONL(line)
        let record = try #require(run.records.first)
        #expect(record.input == "First question\n\nFollow-up")
        #expect(record.response == "Final answer")
        #expect(record.label == "Billing")
        #expect(record.ticketID == "c1")
        #expect(record.messages.map(\.role) == [.system, .user, .assistant, .user, .assistant])
        #expect(record.messages.first == Message(role: .system, content: "Be kind."))
        #expect(record.messages[3].content == "Follow-up")
        #expect(record.metadata.isEmpty)
    }

    @Test func anAssistantTurnsWeightIsKeptAndAWeightOfZeroIsNoResponse() throws {
        let line =
            #"{"messages": [{"role": "user", "content": "Where is my order?"}, "#
            + #"{"role": "assistant", "content": "Let me look that up.", "weight": 1}, "#
            + #"{"role": "user", "content": "Order 5521"}, "#
            + #"{"role": "assistant", "content": "It ships tomorrow.", "weight": 0}]}"#
        let record = try #require(try importJSONL(line).records.first)
        #expect(record.messages.map(\.weight) == [nil, 1, nil, 0])
        #expect(record.response == "Let me look that up.")
        #expect(record.input == "Where is my order?")
        // Stored and written back as the chat format has it.
        let stored = JSONValue.array(record.messages.map(\.json))
        #expect(Message.list(from: stored) == record.messages)
        #expect(record.messages[3].json.objectValue?["weight"] == .number(0))
    }

    @Test func preferenceDataKeepsThePreferredAnswer() throws {
        // A DPO file's prompt and preferred answer; Anthropic's HH-RLHF, whose preferred answer is the whole
        // dialogue; Capybara's turns as question-and-answer items. What was not preferred stays in metadata.
        let lines = [
            #"{"prompt": "How do I cancel?", "chosen": "Settings > Billing > Cancel.", "rejected": "Call us."}"#,
            #"{"chosen": "\n\nHuman: Where is my parcel?\n\nAssistant: Which order?\n\nHuman: 5521\n\nAssistant: "#
                + #"It ships today.", "rejected": "\n\nHuman: Where is my parcel?\n\nAssistant: No idea."}"#,
            #"{"source": "Dove", "conversation": [{"input": "Describe the X1.", "output": "The X1 is quiet."}, "#
                + #"{"input": "Shorter.", "output": "Quiet."}]}"#,
        ]
        let run = try importJSONL(lines.joined(separator: "\n") + "\n")
        #expect(run.failures.isEmpty)
        #expect(
            run.records.map(\.input) == [
                "How do I cancel?", "Where is my parcel?\n\n5521", "Describe the X1.\n\nShorter.",
            ])
        #expect(run.records.map(\.response) == ["Settings > Billing > Cancel.", "It ships today.", "Quiet."])
        #expect(run.records[0].metadata["rejected"] == "Call us.")
        #expect(run.records[1].messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(run.records[1].metadata["rejected"] != nil)
        #expect(run.records[2].messages.map(\.role) == [.user, .assistant, .user, .assistant])
    }

    @Test func aDialogueWrittenAsItsTextsAloneTakesTurns() throws {
        // UltraChat's first release: `data` holds the texts, the user's first; a list of tags is no dialogue.
        let lines = [
            #"{"id": "0", "data": ["How can cross training help runners?", "It builds strength they lack.", "#
                + #""And swimmers?", "It improves their endurance."]}"#,
            #"{"id": "1", "messages": ["Hi there", "Hello, how can I help?"]}"#,
            #"{"id": "2", "tags": ["billing", "urgent"]}"#,
        ]
        let run = try importJSONL(lines.joined(separator: "\n") + "\n")
        #expect(run.records.map(\.response) == ["It improves their endurance.", "Hello, how can I help?"])
        #expect(run.records.first?.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(run.failures.count == 1)
    }

    @Test func contentAsAnArrayOfTextParts() throws {
        let line =
            #"{"messages": [{"role": "user", "content": [{"type": "text", "text": "Hello"}, "#
            + #"{"type": "text", "text": "there"}]}, "#
            + #"{"role": "assistant", "content": [{"type": "text", "text": "Hi!"}]}]}"#
        let record = try #require(try importJSONL(line).records.first)
        #expect(record.input == "Hello\nthere")
        #expect(record.response == "Hi!")
        #expect(
            record.messages == [
                Message(role: .user, content: "Hello\nthere"), Message(role: .assistant, content: "Hi!"),
            ])
    }

    @Test func roleAliases() throws {
        let line =
            #"{"messages": [{"role": "customer", "content": "Q"}, {"role": "agent", "content": "A"}, "#
            + #"{"role": "Human", "content": "Q2"}, {"role": "bot", "content": "A2"}, "#
            + #"{"role": "developer", "content": "D"}]}"#
        let record = try #require(try importJSONL(line).records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant, .user, .assistant, .system])
        #expect(record.input == "Q\n\nQ2")
        #expect(record.response == "A2")
    }

    @Test func rolesInOtherLanguages() throws {
        let line =
            #"{"messages": [{"role": "Kunde", "content": "Wo ist mein Paket?"}, "#
            + #"{"role": "Interne Notiz", "content": "Spedition anrufen"}, "#
            + #"{"role": "Mitarbeiter", "content": "Es kommt morgen."}, {"role": "cliente", "content": "Gracias"}, "#
            + #"{"role": "agente", "content": "De nada"}]}"#
        let record = try #require(try importJSONL(line).records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(record.metadata["internal_notes"] == ["Spedition anrufen"])
    }

    @Test func helpdeskCommentsKeepNotesEventsAndTheOpeningApart() throws {
        // Intercom's shape: the opening message beside the parts, authors as objects, notes and events among them.
        let intercom =
            #"{"id": "1911", "source": {"body": "VAT twice on my invoice", "author": {"type": "user"}}, "#
            + #""parts": [{"part_type": "comment", "body": "Which invoice?", "author": {"type": "admin"}}, "#
            + #"{"part_type": "note", "body": "check the export", "author": {"type": "admin"}}, "#
            + #"{"part_type": "comment", "body": "INV-2210", "author": {"type": "lead"}}, "#
            + #"{"part_type": "assignment", "body": null, "author": {"type": "bot"}}, "#
            + #"{"part_type": "comment", "body": "Fixed.", "author": {"type": "teammate"}}]}"#
        let options = try mappingOptions("input=source.body", "messages=parts")
        let record = try #require(try importJSONL(intercom, options: options).records.first)
        #expect(record.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(record.messages.map(\.content) == ["VAT twice on my invoice", "Which invoice?", "INV-2210", "Fixed."])
        #expect(record.response == "Fixed.")
        #expect(record.metadata["internal_notes"] == ["check the export"])
        // Zendesk's comments: a comment that is not public is an internal note, whoever wrote it.
        let zendesk =
            #"{"comments": [{"author": "end-user", "body": "Parcel late", "public": true}, "#
            + #"{"author": "agent", "body": "Customer is a reseller, escalate", "public": false}, "#
            + #"{"author": "agent", "body": "It ships today.", "public": true}]}"#
        let comments = try #require(
            try importJSONL(zendesk, options: try mappingOptions("messages=comments")).records.first)
        #expect(comments.messages.map(\.content) == ["Parcel late", "It ships today."])
        #expect(comments.metadata["internal_notes"] == ["Customer is a reseller, escalate"])
        #expect(comments.response == "It ships today.")
    }

    @Test func explicitInputWinsOverUserTurns() throws {
        let line =
            #"{"summary": "Sum", "messages": [{"role": "user", "content": "Q"}, "#
            + #"{"role": "assistant", "content": "A"}]}"#
        let record = try #require(try importJSONL(line, options: try mappingOptions("input=summary")).records.first)
        #expect(record.input == "Sum")
        #expect(record.response == "A")
        #expect(record.messages.count == 2)
    }

    @Test(arguments: [
        (#"{"messages": [{"role": "system", "content": "x"}, {"role": "assistant", "content": "Hi"}]}"#, "user turn"),
        (#"{"messages": [{"role": "user", "content": "  "}, {"role": "assistant", "content": "Hi"}]}"#, "user turn"),
        (#"{"messages": [{"role": "robot", "content": "x"}]}"#, "unknown role 'robot'"),
        (#"{"messages": "hi"}"#, "neither an array of messages nor a chat transcript"),
        (#"{"messages": ["hi"]}"#, "message 1 is not an object"),
    ])
    func messagesWithoutUsableUserTurnAreQuarantined(line: String, message: String) throws {
        let run = try importJSONL(line)
        #expect(run.records.isEmpty)
        let failure = try #require(run.failures.first)
        #expect(failure.kind == .noInput)
        #expect(failure.locator == .line(1))
        #expect(failure.message.contains(message), "message was: \(failure.message)")
    }
}

@Suite("JSONL import: fixtures")
struct JSONLFixtureTests {
    @Test func ticketsFixture() throws {
        let run = try ImportRun(JSONLImporter(), file: fixturesDirectory.appendingPathComponent("tickets.jsonl"))
        #expect(run.records.count == 25)
        #expect(run.failures.map(\.locator) == [.line(9), .line(16), .line(21)])
        #expect(run.failures.map(\.kind) == [.invalidJSON, .notAnObject, .noInput])
        #expect(run.records.map(\.locator) == (1...28).filter { ![9, 16, 21].contains($0) }.map { Locator.line($0) })
        #expect(run.mappings.count == 1)

        let first = try #require(run.records.first)
        #expect(first.ticketID == "T-1001")
        #expect(first.input.hasPrefix("Charged twice for order\n\nHi, I was charged twice"))
        #expect(first.label == "Billing")
        #expect(first.response?.hasPrefix("Sorry about that!") == true)
        #expect(first.metadata["tags"] == ["refund", "duplicate-charge"])
        #expect(first.metadata.keys == ["priority", "tags"])

        let t1006 = try #require(run.records.first { $0.ticketID == "T-1006" })
        #expect(t1006.metadata["customer"]?.value(atPath: "plan") == "pro")
        #expect(run.records.first { $0.ticketID == "T-1011" }?.response == "")
        #expect(run.records.first { $0.ticketID == "T-1014" }?.input.contains("\n-- \nMark Ellis") == true)
    }

    @Test func chatFixture() throws {
        let run = try ImportRun(JSONLImporter(), file: fixturesDirectory.appendingPathComponent("chat.jsonl"))
        #expect(run.records.map(\.ticketID) == ["C-1", "C-2", "C-3", "C-4", "C-6"])
        #expect(run.failures.map(\.locator) == [.line(5)])
        #expect(run.failures.first?.kind == .noInput)
        let c3 = try #require(run.records.first { $0.ticketID == "C-3" })
        #expect(
            c3.input
                == "Why was I charged $14.99 this month instead of $9.99?\n\nI never agreed to Pro, I was on Basic.")
        #expect(c3.response?.hasPrefix("You're right") == true)
        #expect(c3.messages.count == 5)
        #expect(c3.label == "Billing")
    }
}

@Suite("Source format detection")
struct SourceFormatTests {
    @Test func aSQLiteDatabaseIsNoFormatAndSaysWhatItIs() {
        let prefix = Array("SQLite format 3".utf8) + [0, 0x10, 0]
        #expect(SourceFormat.detect(path: "winnow.db", prefix: prefix) == nil)
        #expect(SourceFormat.detect(path: "tickets.csv", prefix: prefix) == nil)
        #expect(SourceFormat.unreadableKind(path: "winnow.db", prefix: prefix)?.hasPrefix("a SQLite database") == true)
    }

    @Test(arguments: [
        ("a.jsonl", "", SourceFormat.jsonl as SourceFormat?), ("a.NDJSON", "", .jsonl), ("a.json", "", .jsonl),
        ("a.csv", "", .csv), ("a.tsv", "", .csv), ("a.txt", "{}", nil), ("a.html", "", .html), ("a.HTM", "", .html),
        ("dump", "\u{FEFF}  {\"a\": 1}\n{\"a\": 2}", .jsonl),
        ("dump", "{\"a\": 1}\n", .jsonl), ("a.json", "{\"a\": 1}\n", .json),
        ("a.json", "{\"train\": [{\"a\": 1}], \"dev\": []}", .json),
        ("dump", "\n<html>", .html), ("dump", "id,text\n1,a", .csv),
        ("dump", "  \n ", nil), ("a.json", "[{\"a\": 1}]", .json), ("a.json", "\u{FEFF}\n [\n", .json),
        ("a.json", "{\n  \"data\": [", .json), ("a.json", "{\"a\": \"}\\\"{\"}\n{\"a\": 2}", .jsonl),
        ("a.json", "{\"data\": [{\"a\": 1}, {\"a\": 2}", .json), ("dump", "[1, 2]", .json),
        ("a.jsonl", "[1, 2]", .jsonl),
    ])
    func detectsFormat(path: String, prefix: String, expected: SourceFormat?) {
        #expect(SourceFormat.detect(path: path, prefix: Array(prefix.utf8)) == expected)
    }

    @Test func registryHandsOutTheMatchingImporter() {
        #expect(ImporterRegistry.importer(for: .jsonl) is JSONLImporter)
        #expect(ImporterRegistry.importer(for: .csv) is CSVImporter)
        #expect(ImporterRegistry.importer(for: .json) is JSONDocumentImporter)
    }
}
