import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// `winnow cases`: test cases, kept apart from training data.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "Test cases per training point, kept apart from training data.",
        discussion: """
            A test case is a text and the label a model should give it, optionally with the training point it tests
            and a note. Cases never train: an example promoted to a case leaves every split's train and validation
            parts, and a case that copies a training example (the same normalised text, or near-identical wording)
            is flagged, and that example (with its duplicate cluster) is kept out of the next splits. Every case
            keeps its history.
            """,
        subcommands: [
            CasesImportCommand.self, CasesAddCommand.self, CasesPromoteCommand.self, CasesListCommand.self,
            CasesShowCommand.self, CasesRemoveCommand.self,
        ])
}

/// Text lines for cases, shared by the subcommands.
enum CaseText {
    static func line(_ testCase: TestCase) -> String {
        var text = "case #\(testCase.id) [\(testCase.effectiveTrainingPoint)] expects '\(testCase.expectedLabel)': "
        text += ImportError.clip(testCase.input.replacingOccurrences(of: "\n", with: " "), limit: 80)
        if let duplicate = testCase.duplicate {
            text += String(
                format: " (copies example #%lld, %@ %.2f)", duplicate.exampleID, duplicate.tier,
                duplicate.similarity)
        }
        if !testCase.isActive { text += " (removed)" }
        return text
    }

    static func duplicateNote(_ cases: [TestCase]) -> String? {
        let copies = cases.filter { $0.duplicate != nil }.count
        guard copies > 0 else { return nil }
        return "\(copies) of them copy a training example: they test memory, not learning (that example is kept"
            + " out of the next splits; remove the case or the example to change it)"
    }
}

struct CasesImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Read test cases from a JSONL, JSON or CSV file.",
        discussion: """
            Text from the usual input fields (text, input, question, utterance...), the expected label from
            expected_label, expected or the usual label fields, the training point from training_point, a note
            from note. --map works as for `winnow import`.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file.") var file: String
    @Option(help: "jsonl, json or csv (default: from the extension and content).") var format: String?
    @Option(name: .customLong("map"), help: "FIELD=SOURCE[+SOURCE], as for `winnow import`.") var maps: [String] = []
    @Option(help: "Who adds them (default: $USER, else the login name).") var reviewer: String?

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let mapping: FieldMapping
            do { mapping = try FieldMapping(specifications: maps) } catch let error as MappingError {
                throw Failure.input(error.description)
            }
            var chosen: SourceFormat?
            if let format {
                guard let parsed = SourceFormat(rawValue: format), [.jsonl, .json, .csv].contains(parsed) else {
                    throw Failure.input("--format must be jsonl, json or csv (got '\(format)')")
                }
                chosen = parsed
            }
            let report: TestCaseImportReport
            do {
                report = try TestCaseService().importCases(
                    path: file, format: chosen, mapping: mapping, store: store, actor: Reviewer.resolve(reviewer))
            } catch let error as ImportError {
                throw Failure.input(error.description)
            }
            global.emit(
                .object(
                    JSONObject([
                        ("imported", .array(report.cases.map(\.json))),
                        ("errors", .array(report.failures.map { .string($0.description) })),
                        ("duplicates", .number(Double(report.duplicates))),
                    ]))
            ) {
                var lines = report.failures.map(\.description)
                lines.append("Imported \(report.cases.count) test cases from \(file)")
                if !report.failures.isEmpty { lines.append("\(report.failures.count) records could not be read") }
                if let note = CaseText.duplicateNote(report.cases) { lines.append(note) }
                return lines.joined(separator: "\n")
            }
            if report.cases.isEmpty && !report.failures.isEmpty {
                throw Failure.blocking("no test case imported")
            }
        }
    }
}

struct CasesAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add one test case.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The text.") var input: String
    @Option(help: "The label a model should give it.") var expect: String
    @Option(help: "The training point it tests (default: the label).") var point: String?
    @Option(help: "A note for people.") var note: String?
    @Option(help: "Who adds it (default: $USER, else the login name).") var reviewer: String?

    func validate() throws {
        if input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--input is empty")
        }
        if expect.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--expect is empty") }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let added = try TestCaseService().add(
                TestCaseDraft(input: input, expectedLabel: expect, trainingPoint: point, note: note), store: store,
                actor: Reviewer.resolve(reviewer))
            global.emit(added.json) {
                ["Added " + CaseText.line(added), CaseText.duplicateNote([added])].compactMap { $0 }
                    .joined(separator: "\n")
            }
        }
    }
}

struct CasesPromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote", abstract: "Turn examples into test cases (they leave training from then on).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Example ids.") var ids: [Int64]
    @Option(help: "Who promotes them (default: $USER, else the login name).") var reviewer: String?

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let promoted: [TestCase]
            do {
                promoted = try TestCaseService().promote(ids, store: store, actor: Reviewer.resolve(reviewer))
            } catch let error as TestCaseServiceError {
                throw Failure.input(error.description)
            } catch let error as TestCaseStoreError {
                throw Failure.input(error.description)
            }
            global.emit(.object(JSONObject([("promoted", .array(promoted.map(\.json)))]))) {
                var lines = promoted.map { "Promoted example #\($0.exampleID ?? 0) to " + CaseText.line($0) }
                if let note = CaseText.duplicateNote(promoted) { lines.append(note) }
                return lines.joined(separator: "\n")
            }
        }
    }
}

struct CasesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List test cases.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this training point.") var point: String?
    @ArgumentParser.Flag(help: "Also removed cases.") var all = false

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let cases = try store.testCases(point: point, includeRemoved: all)
            global.emit(.object(JSONObject([("cases", .array(cases.map(\.json)))]))) {
                guard !cases.isEmpty else { return "No test cases." }
                var lines = cases.map(CaseText.line)
                let points = Set(cases.map(\.effectiveTrainingPoint)).count
                lines.append("\(cases.count) test cases, \(points) training points")
                return lines.joined(separator: "\n")
            }
        }
    }
}

struct CasesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One test case and its history.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case id.") var id: Int64

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let testCase: TestCase
            do { testCase = try store.testCase(id: id) } catch let error as TestCaseStoreError {
                throw Failure.input(error.description)
            }
            let events = try store.testCaseEvents(caseID: id)
            var json = testCase.json.objectValue ?? JSONObject()
            json["history"] = .array(events.map(\.json))
            global.emit(.object(json)) {
                var lines = [CaseText.line(testCase), "", testCase.input, ""]
                if let note = testCase.note { lines.append("Note: \(note)") }
                lines.append("History:")
                for event in events {
                    let detail = event.detail.isEmpty ? "" : " " + JSONValue.object(event.detail).serialized
                    lines.append("  \(event.action) by \(event.actor) at \(event.createdAt)\(detail)")
                }
                return lines.joined(separator: "\n")
            }
        }
    }
}

struct CasesRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove test cases (their history stays).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case ids.") var ids: [Int64]
    @Option(help: "Who removes them (default: $USER, else the login name).") var reviewer: String?

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            do {
                try store.removeTestCases(ids, actor: Reviewer.resolve(reviewer))
            } catch let error as TestCaseStoreError {
                throw Failure.input(error.description)
            }
            global.emit(.object(JSONObject([("removed", .array(ids.map { .number(Double($0)) }))]))) {
                "Removed \(ids.count) test case\(ids.count == 1 ? "" : "s")."
            }
        }
    }
}
