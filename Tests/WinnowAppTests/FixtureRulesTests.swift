import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowRules
import WinnowStore

/// The shipped rules against the shipped fixtures: every planted problem found, every clean ticket left alone.
@Suite("Default rules on Fixtures/")
struct FixtureRulesTests {
    static let root = CommandLineTool.packageRoot

    /// Planted problems: ticket id → rules that must fire on it (see Fixtures/README.md).
    static let planted: [String: Set<String>] = [
        "T-1006": ["pii-card", "pii-email", "pii-phone"],
        "T-1008": ["label-allowed"],
        "T-1010": ["shouting-input"],
        "T-1011": ["response-blank"],
        "T-1012": ["auto-reply-response"],
        "T-1013": ["html-remnants"],
        "T-1014": ["quoted-history", "signature-block", "pii-address"],
        "T-1015": ["template-leftover-input", "template-leftover-response"],
        "T-1016": ["internal-note-leak"],
        "T-1017": ["non-answer"],
        "T-1024": ["shouting-input", "repeated-chars-input"],
        "T-1025": ["mojibake"],
        "C-6": ["secrets"],
        "CS-2008": ["response-blank"],
        "AC-10236": ["pii-address"],
    ]

    @Test("planted problems are found and clean tickets get no flag")
    func defaultsOnFixtures() throws {
        let store = try Store()
        let files = ["tickets.jsonl", "chat.jsonl", "export.csv"].map {
            Self.root.appendingPathComponent("Fixtures/\($0)")
        }
        // The case log needs its profile; a GitHub issue names no category, so its page has no label by nature.
        let html = try FileManager.default.contentsOfDirectory(
            at: Self.root.appendingPathComponent("Fixtures/html"), includingPropertiesForKeys: nil
        ).filter {
            $0.pathExtension == "html" && !["case-log.html", "github-issue.html"].contains($0.lastPathComponent)
        }
        _ = try ImportService().run(paths: (files + html).map(\.path), options: ImportOptions(), store: store)

        try ProjectLabels.save(
            LabelList(contentsOf: Self.root.appendingPathComponent("Fixtures/labels.txt")), to: store)
        let service = CheckService(defaults: Self.root.appendingPathComponent("Rules"))
        let report = try service.run(store: store)
        #expect(report.hasErrors)  // a payment card and a leaked secret are error-severity

        var checksByTicket: [String: Set<String>] = [:]
        var ticketByExample: [Int64: String] = [:]
        for example in try store.examples() {
            let ticket = example.ticketID ?? example.sourcePath
            ticketByExample[example.id] = ticket
            checksByTicket[ticket] = []
        }
        // Contact details kept in the metadata (a helpdesk export's customer e-mail column, a mail's From) are
        // flagged and redacted there; they do not make the ticket's texts unclean.
        var metadataChecks: [String: Set<String>] = [:]
        for flag in try store.flags() {
            let ticket = try #require(ticketByExample[flag.exampleID])
            if flag.field?.hasPrefix("metadata.") == true {
                metadataChecks[ticket, default: []].insert("\(flag.check) \(flag.field ?? "")")
            } else {
                checksByTicket[ticket, default: []].insert(flag.check)
            }
        }
        #expect(metadataChecks["CS-2001"] == ["pii-email metadata.Customer Email"])
        #expect(metadataChecks["CS-2002"] == nil)
        for (ticket, expected) in Self.planted {
            let found = try #require(checksByTicket[ticket], "ticket \(ticket) was not imported")
            #expect(expected.isSubset(of: found), "\(ticket): expected \(expected.sorted()), found \(found.sorted())")
        }
        let clean = checksByTicket.filter { Self.planted[$0.key] == nil }
        #expect(clean.count >= 30)
        for (ticket, found) in clean {
            #expect(found.isEmpty, "clean ticket \(ticket) was flagged: \(found.sorted())")
        }

        // The near miss "billing" gets "Billing" suggested.
        let labelFlag = try #require(try store.flags(check: "label-allowed").first)
        #expect(labelFlag.evidence["suggestion"]?.scalarText == "Billing")

        // A re-run replaces the flags instead of adding to them.
        let flagsBefore = try store.flags().count
        _ = try service.run(store: store)
        #expect(try store.flags().count == flagsBefore)
    }
}
