import Foundation
import Testing
import WinnowRules

/// The rules compiled into the binary are the shipped `Rules/*.yml`.
@Suite("Rules: the built-in defaults")
struct BuiltInRulesTests {
    @Test func theCompiledInFilesAreTheRuleDirectorysFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestSupport.defaultRulesDirectory.path)
            .filter { $0.hasSuffix(".yml") }.sorted()
        #expect(BuiltInRules.files.map(\.name) == names)
        for (name, text) in BuiltInRules.files {
            let onDisk = try String(
                contentsOf: TestSupport.defaultRulesDirectory.appendingPathComponent(name), encoding: .utf8)
            // Run scripts/embed-rules.py after editing a rule file.
            #expect(text + "\n" == onDisk, "Rules/\(name) differs from its compiled-in copy")
        }
    }

    @Test func builtInRulesLoadAsTheDirectoryDoesAndAreOverriddenByLaterDirectories() throws {
        let fromDirectory = try RuleSet.load(directories: [TestSupport.defaultRulesDirectory])
        let builtIn = try RuleSet.load(directories: [], builtIn: true)
        #expect(builtIn.rules.map(\.id) == fromDirectory.rules.map(\.id))
        #expect(builtIn.rules.count > 20)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("builtin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try "- id: shouting-input\n  enabled: false\n".write(
            to: scratch.appendingPathComponent("local.yml"), atomically: true, encoding: .utf8)
        let overridden = try RuleSet.load(directories: [scratch], builtIn: true)
        #expect(overridden.rules.count == builtIn.rules.count)
        #expect(overridden.rules.first { $0.id == "shouting-input" }?.enabled == false)
    }
}
