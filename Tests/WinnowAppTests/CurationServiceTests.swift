import Foundation
import Testing
import WinnowApp
import WinnowAudit
import WinnowCore
import WinnowImport
import WinnowReport
import WinnowReview
import WinnowStore

/// `winnow curate`'s work end to end on Fixtures/ with the real model: support-intents.csv (intents, no responses)
/// and curation-planted.csv, whose copies, paraphrases and templated messages are known (Fixtures/README.md).
@Suite("Curation end to end")
struct CurationServiceTests {
    @Test("copies are rejected, paraphrases kept and approved, response rules stay silent, the report tells it all")
    func curateFixtures() throws {
        let store = try Store()
        let root = CommandLineTool.packageRoot.appendingPathComponent("Fixtures")
        _ = try ImportService().run(
            paths: ["support-intents.csv", "curation-planted.csv"].map { root.appendingPathComponent($0).path },
            options: ImportOptions(), store: store)
        var idOf: [String: Int64] = [:]
        for example in try store.examples() { idOf[example.input] = example.id }
        func status(_ text: String) throws -> ReviewStatus { try store.example(id: idOf[text] ?? -1).status }

        let options = CurationOptions(policy: try ReviewPolicy.load("default"))
        var stages: [CurationStage] = []
        let report = try CurationService(options: options).run(
            store: store, embedding: try EmbeddingService(threads: 2), finished: { stage, _ in stages.append(stage) })
        #expect(stages == CurationStage.allCases)
        #expect(report.embedding.embedded == 48)
        #expect(report.audit != nil)

        // Copies: a greeting and thanks added, "please" appended, a template differing in name and number.
        #expect(try status("Hi, my card has not arrived yet. Thanks!") == .rejected)
        #expect(try status("I was charged twice for my last order, please") == .rejected)
        let templated = try [
            status("Hello Anna, order 48213 has not been delivered yet."),
            status("Hello Mark, order 99120 has not been delivered yet."),
        ]
        #expect(templated.sorted { $0.rawValue < $1.rawValue } == [.approved, .rejected])
        // Paraphrases: flagged for a reviewer at info, kept, and approved.
        let paraphrase = try #require(idOf["My card hasn't arrived yet."])
        let flag = try #require(try store.flags(check: "near-duplicate", exampleID: paraphrase).first)
        #expect(flag.severity == .info)
        #expect(flag.evidence["kind"]?.scalarText == "paraphrase")
        #expect(try status("My card hasn't arrived yet.") == .approved)
        #expect(try status("My card has not arrived yet.") == .approved)
        // Splits still keep the paraphrase with the example it resembles.
        #expect(try store.duplicateLinks().contains { $0.exampleID == paraphrase })

        // No example has a response: no response rule says anything.
        let check = try #require(report.check)
        #expect(check.rules.filter { $0.ruleID.contains("response") }.allSatisfy { $0.hits == 0 })
        #expect(try store.flags().allSatisfy { !$0.check.contains("response") })

        // Every example is accounted for: approved, rejected or left for a person.
        let decided = report.decided
        #expect(decided.approved + decided.rejected + report.review.leftPending == 48)
        #expect(report.json.objectValue?["left_for_a_person"] == .number(Double(report.review.leftPending)))
        // What is left with a suggested label is grouped by it, for a person to settle a group at a time; the groups
        // hold only pending examples.
        #expect(report.leftWithSuggestion <= report.review.leftPending)
        #expect(report.leftBySuggestion.allSatisfy { $0.examples <= report.leftWithSuggestion })
        #expect(report.json.objectValue?["left_by_suggestion"] == SuggestionGroup.json(report.leftBySuggestion))
        for group in report.leftBySuggestion {
            #expect(try store.count(ExampleFilter(status: .pending, suggestion: group.label)) == group.examples)
        }
        let audit = try #require(try store.runs(command: "audit").first)
        #expect(audit.summary["fix_precision"]?.objectValue?["planted"] != nil)

        // The report's curation section reads the stored runs.
        let page = try ReportService().page(store: store)
        let section = try #require(page.sections.first { $0.id == "curation" })
        #expect(section.content.count >= 2)
        #expect(page.html.contains("reject-duplicate-copies"))
        // The audit's bands, with the pooled precision and the one the policy reads, a standard error lower.
        #expect(page.html.contains("precision from here up"))
        #expect(page.html.contains("one standard error lower"))
    }
}
