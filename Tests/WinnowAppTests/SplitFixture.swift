import Foundation
import GRDB
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// The fixtures imported into an in-memory store and checked with the default rules, with review state set
/// through SQL (the review commands are not needed to test splits and exports).
struct SplitFixture {
    let store: Store
    /// Example id per ticket id.
    let ids: [String: Int64]

    init() throws {
        store = try Store()
        let root = CommandLineTool.packageRoot
        let files = ["tickets.jsonl", "chat.jsonl", "export.csv"].map {
            root.appendingPathComponent("Fixtures/\($0)").path
        }
        _ = try ImportService().run(paths: files, options: ImportOptions(), store: store)
        _ = try CheckService(defaults: root.appendingPathComponent("Rules")).run(store: store)
        var ids: [String: Int64] = [:]
        for example in try store.examples() { if let ticket = example.ticketID { ids[ticket] = example.id } }
        self.ids = ids
    }

    /// The id of the example of `ticket`.
    func id(_ ticket: String) -> Int64 { ids[ticket] ?? -1 }

    /// Runs `sql` with `arguments`.
    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        try store.writer.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// Approves every example that is not rejected.
    func approveAll() throws {
        try execute("UPDATE examples SET status = 'approved', version = version + 1 WHERE status != 'rejected'")
    }

    /// Plants a duplicate flag tying `example` to `representative`, as `winnow dedup` writes them.
    func plantDuplicate(_ example: Int64, of representative: Int64, cluster: Int = 1) throws {
        let flag = Flag(
            exampleID: example, check: "near-duplicate", severity: .warning, message: "near-duplicate",
            evidence: JSONObject([
                ("representative", .number(Double(representative))), ("cluster", .number(Double(cluster))),
                ("similarity", .number(0.97)), ("tier", .string("semantic")),
            ]))
        try store.replaceFlags(ofChecks: [], onExamples: [], with: [flag], runID: nil)
    }
}
