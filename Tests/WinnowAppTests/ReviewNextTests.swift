import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowStore
import WinnowTestSupport

@Suite("review next, driven line by line")
struct ReviewNextTests {
    /// Runs `winnow review next` with `commands` on standard input (not a terminal: one command per line).
    static func run(_ arguments: [String], input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try CommandLineTool.locate()
        process.arguments = ["review", "next"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh directory for one test's store, removed by `body`'s end.
    static func withStorePath(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-next-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory.appendingPathComponent("review.db").path)
    }

    @Test("keys approve, relabel (suggested by default), reject, undo, skip, edit and quit, most impact first")
    func loop() throws { try Self.withStorePath(loop(path:)) }

    func loop(path: String) throws {
        let ids: [Int64]
        do {
            let fixture = try ReviewFixture(path: path)
            let card = try fixture.add("My card 4111 1111 1111 1111 was charged twice", label: "Billing")
            let parcel = try fixture.add("Where is my parcel?", label: "Billing")
            let shout = try fixture.add("WHY IS NOTHING WORKING", label: "Technical")
            let clean = try fixture.add("Thanks, all good", label: "Account")
            try fixture.flag(
                card, check: "pii-card", severity: .error, message: "payment card number", field: "input",
                span: TextSpan(start: 8, end: 27))
            try fixture.labelIssue(parcel, suggested: "Shipping", confidence: 0.97)
            try fixture.flag(parcel, check: "non-answer")
            try fixture.flag(shout, check: "shouting-input")
            ids = [card, parcel, shout, clean]
        }
        let commands = ["?", "a", "l", "r", "u", "s", "e input Nothing works, please help", "q"]
        let result = try Self.run(["--db", path, "--reviewer", "ana"], input: commands.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.output)")
        let output = result.output
        #expect(output.contains("My card »4111 1111 1111 1111« was charged twice"))
        #expect(output.contains("[error] pii-card (input): payment card number"))
        #expect(output.contains("Suggested label: Shipping (label-issue, confidence 0.97)"))
        #expect(output.contains("u  undo your last decision"))
        #expect(output.contains("Approved 1 example: #\(ids[0])."))
        #expect(output.contains("Relabelled 1 example as Shipping: #\(ids[1])."))
        #expect(output.contains("Rejected 1 example: #\(ids[1])."))
        #expect(output.contains("Skipped #\(ids[1])."))
        #expect(output.contains("Edited 1 example: #\(ids[2])."))
        #expect(!output.contains("\u{1B}["))

        let store = try Store(path: path)
        #expect(try store.example(id: ids[0]).status == .approved)
        let parcel = try store.example(id: ids[1])
        #expect(parcel.status == .pending)
        #expect(parcel.labelOverride == "Shipping")
        #expect(try store.decisions(exampleID: ids[1]).map(\.action) == ["relabel", "reject", "undo"])
        #expect(try store.example(id: ids[2]).editedInput == "Nothing works, please help")
        #expect(try store.decisions(exampleID: ids[3]).isEmpty)
        #expect(try store.decisions(exampleID: ids[0]).first?.reviewer == "ana")
    }

    @Test("t makes the example shown a test case expecting its label, and the loop moves on")
    func promoteToTestCase() throws { try Self.withStorePath(promoteToTestCase(path:)) }

    func promoteToTestCase(path: String) throws {
        let ids: [Int64]
        do {
            let fixture = try ReviewFixture(path: path)
            let parcel = try fixture.add("Where is my parcel? It has been two weeks.", label: "Shipping")
            let shout = try fixture.add("WHY IS NOTHING WORKING", label: "Technical")
            try fixture.labelIssue(parcel, suggested: "Billing", confidence: 0.6)
            try fixture.flag(shout, check: "shouting-input")
            ids = [parcel, shout]
        }
        let result = try Self.run(["--db", path, "--reviewer", "ana"], input: "t\nq\n")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("#\(ids[0]) is test case #1, expecting 'Shipping'."))
        #expect(result.output.contains("WHY IS NOTHING WORKING"))
        let store = try Store(path: path)
        let cases = try store.testCases()
        #expect(cases.map(\.exampleID) == [ids[0]])
        #expect(try store.testCaseEvents(caseID: cases[0].id).map(\.actor) == ["ana"])
        #expect(try store.decisions(exampleID: ids[0]).isEmpty)
    }

    @Test("g accepts the suggested label in one key: relabelled and approved; without a suggestion nothing changes")
    func acceptSuggestion() throws { try Self.withStorePath(acceptSuggestion(path:)) }

    func acceptSuggestion(path: String) throws {
        let ids: [Int64]
        do {
            let fixture = try ReviewFixture(path: path)
            let parcel = try fixture.add("Where is my parcel? It has been two weeks.", label: "Billing")
            let shout = try fixture.add("WHY IS NOTHING WORKING", label: "Technical")
            try fixture.labelIssue(parcel, suggested: "Shipping", confidence: 0.9)
            try fixture.flag(shout, check: "shouting-input")
            let mixed = try fixture.add("Refund for a lost parcel?", label: "Billing")
            try fixture.labelIssue(mixed, suggested: "Shipping", confidence: 0.8)
            try fixture.flag(mixed, check: "label-allowed", evidence: JSONObject([("suggestion", .string("Refunds"))]))
            ids = [parcel, shout, mixed]
        }
        // Walking the examples suggested one label, g accepts that one, not a surer other.
        let group = try Self.run(
            ["--db", path, "--reviewer", "ana", "--suggestion", "Refunds"], input: "g\nq\n")
        #expect(group.status == 0, "\(group.output)")
        #expect(group.output.contains("[g] accept Refunds"))
        #expect(try Store(path: path).example(id: ids[2]).labelOverride == "Refunds")
        let result = try Self.run(["--db", path, "--reviewer", "ana"], input: "g\ng\nq\n")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("[g] accept Shipping"))
        #expect(result.output.contains("Accepted the suggested label of 1 example: #\(ids[0])."))
        #expect(result.output.contains("#\(ids[1]) has no suggested label: nothing changed."))
        let store = try Store(path: path)
        let parcel = try store.example(id: ids[0])
        #expect(parcel.status == .approved)
        #expect(parcel.labelOverride == "Shipping")
        #expect(try store.decisions(exampleID: ids[0]).map(\.action) == ["accept"])
        #expect(try store.example(id: ids[1]).status == .pending)
    }

    @Test("the end of input ends the loop; an empty queue says so")
    func endOfInput() throws { try Self.withStorePath(endOfInput(path:)) }

    func endOfInput(path: String) throws {
        do {
            let fixture = try ReviewFixture(path: path)
            try fixture.add("Clean and unflagged", label: "Account")
        }
        let result = try Self.run(["--db", path, "--reviewer", "ana"], input: "")
        #expect(result.status == 0)
        #expect(result.output.contains("Nothing left to review. 0 decisions recorded."))
    }
}
