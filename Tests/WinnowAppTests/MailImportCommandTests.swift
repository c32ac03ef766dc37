import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport

/// `winnow import` on mail, and on files whose format cannot be told, as a user runs it.
@Suite("Mail import from the command line")
struct MailImportCommandTests {
    static let mail = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/mail")

    func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-mail-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("a file neither its name nor its content identifies is refused, naming the --format values")
    func undecidedFormatIsRefused() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // One column, so no delimiter to see: the content does not tell it is CSV.
        let file = directory.appendingPathComponent("tickets.export")
        try "subject\nMy parcel is late\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ImportService.format(of: file, forced: nil)
            Issue.record("the format was guessed")
        } catch let error as ImportError {
            #expect(error.message.contains("jsonl, json, csv, html, eml, mbox"))
        }
        let binary = try CommandLineTool.locate()
        let database = directory.appendingPathComponent("winnow.db").path
        let result = try CommandLineTool.run(binary, ["import", "--db", database, file.path])
        #expect(result.status == 2)
        // Forced, the same file is read.
        let forced = try CommandLineTool.run(
            binary, ["import", "--json", "--db", database, "--format", "csv", file.path])
        #expect(forced.status == 0)
        #expect(try JSONParser.parse(forced.output).value(atPath: "imported") == 1)
    }

    @Test("an mbox and a folder of .eml files import with roles from --agent-domain")
    func mailImports() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = try CommandLineTool.locate()
        let database = directory.appendingPathComponent("winnow.db").path
        let mbox = try CommandLineTool.run(
            binary,
            [
                "import", "--json", "--db", database, "--agent-domain", "shop.example",
                MailImportCommandTests.mail.appendingPathComponent("thread.mbox").path,
            ])
        #expect(mbox.status == 0)
        let report = try JSONParser.parse(mbox.output)
        #expect(report.value(atPath: "imported") == 2)
        #expect(report.value(atPath: "errors") == 1)
        #expect(report.value(atPath: "files")?.arrayValue?.first?.value(atPath: "format") == "mbox")

        let emls = try FileManager.default.contentsOfDirectory(atPath: MailImportCommandTests.mail.path)
            .filter { $0.hasSuffix(".eml") }.sorted().map {
                MailImportCommandTests.mail.appendingPathComponent($0).path
            }
        let folder = try CommandLineTool.run(binary, ["import", "--json", "--db", database] + emls)
        #expect(folder.status == 0)
        let folderReport = try JSONParser.parse(folder.output)
        // Every file is imported or quarantined: the undecodable one is the only error, and pair-answer.eml joins
        // the thread of pair-question.eml, stored with that file.
        #expect(folderReport.value(atPath: "imported") == .number(Double(emls.count - 2)))
        #expect(folderReport.value(atPath: "errors") == 1)
        let files = folderReport.value(atPath: "files")?.arrayValue ?? []
        let answer = try #require(
            files.first { $0.value(atPath: "path")?.scalarText?.hasSuffix("pair-answer.eml") == true })
        #expect(answer.value(atPath: "records") == 0)
        let question = try #require(
            files.first { $0.value(atPath: "path")?.scalarText?.hasSuffix("pair-question.eml") == true })
        #expect(question.value(atPath: "imported") == 1)
    }
}
