import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// Labelled intent data (Rasa's training data, fastText's lines) imported into a store as any other source.
@Suite("Import: labelled intent data into the store")
struct LabelledImportServiceTests {
    static let labelled = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/labelled")

    @Test func rasaAndFastTextFilesImportOnceWithTheirNotes() throws {
        let store = try Store()
        let paths = ["rasa-nlu.yml", "rasa-nlu.md", "intents-fasttext.txt"].map {
            Self.labelled.appendingPathComponent($0).path
        }
        let service = ImportService(batchSize: 4, workers: 2)
        let report = try service.run(paths: paths, options: ImportOptions(), store: store)
        #expect(report.files.map(\.format) == [.rasa, .rasa, .fasttext])
        #expect(report.files.map(\.imported) == [10, 5, 6])
        #expect(report.files.map(\.errors) == [2, 2, 2])
        #expect(report.files[0].notes.contains { $0.hasSuffix("1 lookup block: not examples, not imported") })
        #expect(report.files[1].notes.contains { $0.contains("1 synonym section") })
        #expect(report.files[2].notes.contains { $0.contains("lines with several labels") })
        #expect(try store.sources().map(\.info.format) == [.rasa, .rasa, .fasttext])
        let examples = try store.examples()
        let balance = try #require(examples.first { $0.locator == .line(16) && $0.sourcePath == paths[0] })
        #expect(balance.input == "show me the balance of Joint Current")
        #expect(balance.label == "check_balance")

        // The same files again add nothing.
        let again = try service.run(paths: paths, options: ImportOptions(), store: store)
        #expect(again.imported == 0)
        #expect(again.files.map(\.alreadyImported) == [10, 5, 6])
        #expect(try store.examples().count == 21)

        // --map names no field of these formats, and says so.
        var mapped = ImportOptions()
        mapped.mapping = FieldMapping(explicit: [.input: ["text"]])
        let named = try service.run(paths: [paths[2]], options: mapped, store: store)
        #expect(named.files[0].notes.contains { $0.contains("--map does not apply to a fasttext file") })
    }

    @Test func aRasaProjectFolderImportsItsNLUDataAndLeavesTheRestOut() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-rasa-\(UUID())")
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let nlu = data.appendingPathComponent("nlu.yml")
        try FileManager.default.copyItem(at: Self.labelled.appendingPathComponent("rasa-nlu.yml"), to: nlu)
        let stories = data.appendingPathComponent("stories.yml")
        try FileManager.default.copyItem(at: Self.labelled.appendingPathComponent("rasa-stories.yml"), to: stories)
        let domain = root.appendingPathComponent("domain.yml")
        try Data("version: \"3.1\"\nintents:\n  - greet\nresponses:\n  utter_greet:\n  - text: Hello!\n".utf8)
            .write(to: domain)

        let expanded = try ImportPaths.expand([root.path], forced: nil)
        #expect(expanded.files == [nlu.path])
        let reasons = Dictionary(uniqueKeysWithValues: expanded.leftOut.map { ($0.path, $0.reason) })
        #expect(reasons[stories.path]?.contains("YAML file holding no NLU examples") == true)
        #expect(reasons[stories.path]?.contains("its stories:, rules: are not imported") == true)
        #expect(reasons[domain.path]?.contains("its intents:, responses: are not imported") == true)
    }
}
