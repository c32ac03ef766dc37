import Foundation
import GRDB
import Testing
import WinnowApp
import WinnowCore
import WinnowExport
import WinnowStore

@testable import WinnowImport

/// A fixture store with every example approved, split as "s", then reviewed further: one example rejected, one
/// relabelled, one input and one response edited.
private struct ReviewedSplit {
    let fixture: SplitFixture
    let split: SplitReport
    let directory: URL

    init() throws {
        fixture = try SplitFixture()
        try fixture.approveAll()
        split = try SplitService().run(store: fixture.store, parameters: SplitParameters(), name: "s")
        try fixture.execute("UPDATE examples SET status = 'rejected' WHERE id = ?", [fixture.id("T-1019")])
        try fixture.execute("UPDATE examples SET label_override = 'Refunds' WHERE id = ?", [fixture.id("T-1001")])
        try fixture.execute(
            "UPDATE examples SET edited_input = ? WHERE id = ?",
            ["Refund missing. Write to jane.doe@example.com please.", fixture.id("T-1006")])
        try fixture.execute(
            "UPDATE examples SET edited_response = 'It arrives on Thursday.' WHERE id = ?", [fixture.id("T-1002")])
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-export-\(UUID())")
    }

    func export(_ format: ExportFormat, into name: String, target: ChatTarget = .auto, force: Bool = false) throws
        -> ExportReport
    {
        try ExportService().run(
            store: fixture.store,
            options: ExportOptions(
                format: format, directory: directory.appendingPathComponent(name),
                systemPrompt: format == .openAIChat ? "You are Acme's support agent." : nil, target: target,
                force: force))
    }

    /// The JSON objects of a JSONL file.
    func lines(_ url: URL) throws -> [JSONObject] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONParser.parse(String($0)).objectValue)
        }
    }
}

@Suite("Export service")
struct ExportServiceTests {
    @Test("JSONL: rejected left out, relabels, edits and redactions applied, manifest hashes match the files")
    func jsonl() throws {
        let reviewed = try ReviewedSplit()
        defer { try? FileManager.default.removeItem(at: reviewed.directory) }
        let fixture = reviewed.fixture
        let report = try reviewed.export(.jsonl, into: "jsonl")
        var byID: [Int64: JSONObject] = [:]
        for file in report.result.files {
            for object in try reviewed.lines(report.directory.appendingPathComponent(file.name)) {
                let id = Int64(object["id"]?.scalarText ?? "") ?? -1
                #expect(byID[id] == nil)
                byID[id] = object
                #expect(object["split"] == .string(file.part.rawValue))
            }
        }
        let members = Dictionary(uniqueKeysWithValues: reviewed.split.plan.assignments.map { ($0.exampleID, $0.part) })
        #expect(Set(byID.keys) == Set(members.keys).subtracting([fixture.id("T-1019")]))
        for (id, object) in byID { #expect(object["split"] == .string(members[id]?.rawValue ?? "")) }
        #expect(byID[fixture.id("T-1001")]?["label"] == .string("Refunds"))
        #expect(byID[fixture.id("T-1006")]?["input"] == .string("Refund missing. Write to [EMAIL_1] please."))
        #expect(byID[fixture.id("T-1002")]?["response"] == .string("It arrives on Thursday."))
        let leaked = try #require(byID[fixture.id("C-6")]?["input"]?.scalarText)
        #expect(!leaked.contains("sk_live") && leaked.contains("[SECRET_1]"))
        // A trainer reads the same records the files hold.
        let records = try ExportService().records(splitName: "s", store: fixture.store)
        #expect(Set(records.map(\.id)) == Set(byID.keys))
        #expect(records.first { $0.id == fixture.id("T-1006") }?.input == "Refund missing. Write to [EMAIL_1] please.")
        let provenance = try #require(byID[fixture.id("CS-2002")])
        #expect(provenance["source"]?.scalarText?.hasSuffix("Fixtures/export.csv") == true)
        #expect(provenance["locator"] == .string("row 2 (line 3)"))
        #expect(provenance["ticket_id"] == .string("CS-2002"))

        let manifestURL = report.directory.appendingPathComponent("manifest.json")
        let manifest = try #require(try JSONParser.parse(String(contentsOf: manifestURL, encoding: .utf8)).objectValue)
        for file in report.result.files {
            let bytes = try Data(contentsOf: report.directory.appendingPathComponent(file.name))
            let entry = JSONValue.object(manifest)
            #expect(entry.value(atPath: "files.\(file.part.rawValue).sha256")?.scalarText == SHA256.hex(Array(bytes)))
            #expect(entry.value(atPath: "counts.\(file.part.rawValue)")?.scalarText == String(file.examples))
        }
        let json = JSONValue.object(manifest)
        #expect(json.value(atPath: "left_out.rejected")?.scalarText == "1")
        #expect(json.value(atPath: "split.name")?.scalarText == "s")
        #expect(json.value(atPath: "split.parameters.seed")?.scalarText == "42")
        #expect(json.value(atPath: "winnow_version")?.scalarText == WinnowVersion.current)
        let rules = json.value(atPath: "rules.redaction_rules")?.arrayValue?.compactMap(\.scalarText) ?? []
        #expect(Set(["pii-card", "pii-email", "secrets"]).isSubset(of: Set(rules)))
        #expect(json.value(atPath: "rules.check_runs")?.arrayValue?.isEmpty == false)
        #expect(json.value(atPath: "decisions.last_id") != nil)
        let sources = json.value(atPath: "sources")?.arrayValue ?? []
        #expect(sources.count == 3)
        #expect(sources.allSatisfy { $0.value(atPath: "sha256")?.scalarText?.count == 64 })
    }

    @Test("openai-chat: the thread with a system prompt, redacted turns, and files that pass OpenAI's checks")
    func chat() throws {
        let reviewed = try ReviewedSplit()
        defer { try? FileManager.default.removeItem(at: reviewed.directory) }
        let fixture = reviewed.fixture
        let report = try reviewed.export(.openAIChat, into: "chat")
        #expect(!report.result.hasFormatErrors)
        #expect(report.result.checks.map(\.file) == ["train.jsonl", "validation.jsonl", "test.jsonl"])
        var examples: [[JSONValue]] = []
        for file in report.result.files {
            examples += try reviewed.lines(report.directory.appendingPathComponent(file.name)).map {
                #expect($0.keys == ["messages"])
                return $0["messages"]?.arrayValue ?? []
            }
        }
        #expect(examples.count == reviewed.split.plan.total - 1)
        #expect(examples.allSatisfy { $0.first?.value(atPath: "content") == .string("You are Acme's support agent.") })
        // C-3's thread: two exchanges after the system prompt.
        let thread = try #require(
            examples.first {
                $0.contains { $0.value(atPath: "content")?.scalarText?.contains("never agreed to Pro") == true }
            })
        #expect(
            thread.compactMap { $0.value(atPath: "role")?.scalarText } == [
                "system", "user", "assistant", "user", "assistant",
            ])
        // The leaked key in C-6's user turn is redacted in the thread too.
        let texts = examples.flatMap { $0.compactMap { $0.value(atPath: "content")?.scalarText } }
        #expect(!texts.contains { $0.contains("sk_live") || $0.contains("4111 1111") })

        // Intent data: without a response, auto answers with the label; response refuses (a format error).
        try fixture.execute("UPDATE examples SET response = NULL WHERE id = ?", [fixture.id("T-1005")])
        let auto = try reviewed.export(.openAIChat, into: "intent")
        // (T-1011 and CS-2008 already have blank responses.)
        #expect(!auto.result.hasFormatErrors)
        #expect(report.result.labelAnswers == 2)
        #expect(auto.result.labelAnswers == 3)
        let strict = try reviewed.export(.openAIChat, into: "strict", target: .response)
        #expect(strict.result.hasFormatErrors)
        let missing = strict.result.checks.reduce(0) { $0 + ($1.errorCounts[.exampleMissingAssistantMessage] ?? 0) }
        #expect(missing == 3)
    }

    @Test("CSV round-trips through the project's own CSV reader")
    func csvRoundTrip() throws {
        let reviewed = try ReviewedSplit()
        defer { try? FileManager.default.removeItem(at: reviewed.directory) }
        let jsonl = try reviewed.export(.jsonl, into: "jsonl")
        let csv = try reviewed.export(.csv, into: "csv")
        for (jsonFile, csvFile) in zip(jsonl.result.files, csv.result.files) {
            let expected = try reviewed.lines(jsonl.directory.appendingPathComponent(jsonFile.name))
            let mapping = try FieldMapping(specifications: [
                "input=input", "response=response", "label=label", "training_point=training_point",
                "ticket_id=ticket_id",
            ])
            var drafts: [ExampleDraft] = []
            try CSVImporter().read(
                csv.directory.appendingPathComponent(csvFile.name), displayPath: csvFile.name,
                options: ImportOptions(mapping: mapping, encoding: .utf8)
            ) { event in
                switch event {
                case .record(let draft): drafts.append(draft)
                case .failure(let failure): Issue.record("unreadable CSV: \(failure)")
                default: break
                }
            }
            #expect(drafts.count == expected.count)
            for (draft, object) in zip(drafts, expected) {
                let text = { (key: String) in object[key]?.scalarText ?? "" }
                #expect(draft.input == text("input"))
                #expect((draft.response ?? "") == text("response"))
                #expect((draft.label ?? "") == text("label"))
                #expect((draft.trainingPoint ?? "") == text("training_point"))
                #expect((draft.ticketID ?? "") == text("ticket_id"))
                for key in ["id", "split", "source", "locator"] {
                    #expect(draft.metadata[key]?.scalarText ?? "" == text(key))
                }
            }
        }
    }

    @Test("a non-empty directory is refused without --force, and one that is not an export even with it")
    func directories() throws {
        let reviewed = try ReviewedSplit()
        defer { try? FileManager.default.removeItem(at: reviewed.directory) }
        _ = try reviewed.export(.csv, into: "out")
        #expect(throws: ExportError.notEmpty(reviewed.directory.appendingPathComponent("out").path)) {
            try reviewed.export(.jsonl, into: "out")
        }
        let replaced = try reviewed.export(.jsonl, into: "out", force: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: replaced.directory.path).sorted()
        #expect(names == ["manifest.json", "test.jsonl", "train.jsonl", "validation.jsonl"])
        let stranger = reviewed.directory.appendingPathComponent("stranger")
        try FileManager.default.createDirectory(at: stranger, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: stranger.appendingPathComponent("notes.txt"))
        #expect(throws: ExportError.notAnExport(stranger.path)) {
            try reviewed.export(.jsonl, into: "stranger", force: true)
        }
        #expect(FileManager.default.fileExists(atPath: stranger.appendingPathComponent("notes.txt").path))
        // Nothing is left behind beside the targets.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: reviewed.directory.path)
        #expect(siblings.allSatisfy { !$0.hasPrefix(".") })
    }

    @Test(
        "--include-metadata: contact details in the metadata (a mail's From and To, a removed signature) are redacted, Message-IDs kept"
    )
    func metadataRedacted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-export-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mail = directory.appendingPathComponent("ask.eml")
        try """
        From: Jane Doe <jane.doe@example.com>
        To: Acme Support <support@acme.example>
        Subject: Order never arrived
        Date: Tue, 1 Dec 2026 10:00:00 +0000
        Message-ID: <q1@mail.example.com>

        Hello, my order 55012 never arrived. Can you check?

        --
        Jane Doe
        +44 20 7946 0958

        """.replacingOccurrences(of: "\n", with: "\r\n").write(to: mail, atomically: true, encoding: .utf8)
        let store = try Store()
        _ = try ImportService().run(paths: [mail.path], options: ImportOptions(), store: store)
        _ = try CheckService(defaults: CommandLineTool.packageRoot.appendingPathComponent("Rules")).run(store: store)
        let fields = Set(try store.flags().filter { $0.check.hasPrefix("pii-") }.compactMap(\.field))
        #expect(fields == ["metadata.from", "metadata.to", "metadata.removed_signatures.0"])
        try store.writer.write { db in try db.execute(sql: "UPDATE examples SET status = 'approved'") }
        _ = try SplitService().run(store: store, parameters: SplitParameters(), name: "s")
        let report = try ExportService().run(
            store: store,
            options: ExportOptions(
                format: .jsonl, directory: directory.appendingPathComponent("out"), includeMetadata: true))
        let written = try report.result.files.map {
            try String(contentsOf: report.directory.appendingPathComponent($0.name), encoding: .utf8)
        }.joined()
        let object = try #require(try JSONParser.parse(written.trimmingCharacters(in: .newlines)).objectValue)
        let metadata = JSONValue.object(try #require(object["metadata"]?.objectValue))
        #expect(metadata.value(atPath: "from")?.scalarText == "Jane Doe <[EMAIL_1]>")
        #expect(metadata.value(atPath: "to")?.scalarText == "Acme Support <[EMAIL_2]>")
        #expect(
            metadata.value(atPath: "removed_signatures")?.arrayValue?.first?.scalarText == "--\nJane Doe\n[PHONE_1]")
        #expect(metadata.value(atPath: "message_numbers")?.arrayValue == [.number(1)])
        #expect(metadata.value(atPath: "message_ids")?.arrayValue == ["q1@mail.example.com"])
        #expect(!written.contains("jane.doe@example.com") && !written.contains("7946"))
        // Without the option nothing of the metadata is written.
        let plain = try ExportService().run(
            store: store,
            options: ExportOptions(format: .jsonl, directory: directory.appendingPathComponent("plain")))
        let plainText = try plain.result.files.map {
            try String(contentsOf: plain.directory.appendingPathComponent($0.name), encoding: .utf8)
        }.joined()
        #expect(!plainText.contains("metadata") && !plainText.contains("7946"))
    }

    @Test("openai-chat: a thread that calls tools is written with its calls, results and tools, arguments redacted")
    func toolCalls() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-export-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store()
        let fixture = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/chat-tools.jsonl")
        _ = try ImportService().run(paths: [fixture.path], options: ImportOptions(), store: store)
        _ = try CheckService(defaults: CommandLineTool.packageRoot.appendingPathComponent("Rules")).run(store: store)
        // The e-mail address in the call's arguments is found where it is.
        let fields = Set(try store.flags().filter { $0.check == "pii-email" }.compactMap(\.field))
        #expect(fields == ["input", "messages.1", "messages.2.call.0"])
        try store.writer.write { db in try db.execute(sql: "UPDATE examples SET status = 'approved'") }
        _ = try SplitService().run(
            store: store, parameters: SplitParameters(validationFraction: 0, testFraction: 0), name: "s")
        let report = try ExportService().run(
            store: store,
            options: ExportOptions(format: .openAIChat, directory: directory.appendingPathComponent("out")))
        #expect(!report.result.hasFormatErrors)
        let written = try String(contentsOf: report.directory.appendingPathComponent("train.jsonl"), encoding: .utf8)
        let lines = try written.split(separator: "\n").map {
            try #require(try JSONParser.parse(String($0)).objectValue)
        }
        #expect(lines.count == 2)
        let order = try #require(lines.first { $0["tools"] != nil })
        let turns = try #require(order["messages"]?.arrayValue)
        #expect(
            turns.map { $0.value(atPath: "role")?.scalarText } == ["system", "user", "assistant", "tool", "assistant"])
        #expect(turns[2].value(atPath: "content") == .null)
        #expect(turns[2].value(atPath: "tool_calls")?.arrayValue?.first?.value(atPath: "id")?.scalarText == "call_1")
        #expect(
            turns[2].value(atPath: "tool_calls")?.arrayValue?.first?.value(atPath: "function.arguments")?.scalarText
                == #"{"order_id": "5521", "email": "[EMAIL_1]"}"#)
        #expect(turns[3].value(atPath: "tool_call_id")?.scalarText == "call_1")
        #expect(order["parallel_tool_calls"] == .bool(false))
        #expect(!written.contains("ann.lee@example.org"))
        // The older form stays in it: `function_call`, a `function` turn and `functions`.
        let cancel = try #require(lines.first { $0["functions"] != nil })
        let older = try #require(cancel["messages"]?.arrayValue)
        #expect(older.map { $0.value(atPath: "role")?.scalarText } == ["user", "assistant", "function", "assistant"])
        #expect(older[1].value(atPath: "function_call.name")?.scalarText == "cancel_order")
    }
}
