import Foundation
import GRDB
import WinnowCore

/// One entry of an example's review history.
public struct DecisionRecord: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// The example.
    public var exampleID: Int64
    /// Who decided (a reviewer, `policy:NAME` for a review policy, or `rules` for a rule file's `reject` action).
    public var reviewer: String
    /// `approve`, `reject`, `relabel`, `edit`, `reset`, `undo`.
    public var action: String
    /// State before.
    public var before: JSONObject
    /// State after.
    public var after: JSONObject
    /// Why.
    public var note: String?
    /// When.
    public var createdAt: Date
    /// The example's version the decision was made against (nil for decisions recorded before versions were kept).
    public var basedOn: Int?
    /// The example's version after the decision.
    public var version: Int?
    /// For an undo: the decision it reverted.
    public var reverts: Int64?
}

extension Store {
    /// Rejects pending examples on behalf of `reject` rules, recording each as a decision by `rules`.
    /// Examples a person has already decided on are left alone. Returns how many were rejected.
    public func applyRuleRejections(_ rejections: [(exampleID: Int64, ruleID: String)]) throws -> Int {
        guard !rejections.isEmpty else { return 0 }
        if let postgres { return try postgresApplyRuleRejections(postgres, rejections) }
        return try writer.write { db in
            var count = 0
            let now = Date()
            let update = try db.cachedStatement(
                sql:
                    "UPDATE examples SET status = 'rejected', version = version + 1 WHERE id = ? AND status = 'pending'"
            )
            let record = try db.cachedStatement(
                sql: """
                    INSERT INTO decisions (example_id, reviewer, action, before, after, note, created_at, based_on,
                                           version)
                    SELECT id, 'rules', 'reject', '{"status":"pending"}', '{"status":"rejected"}', ?, ?, version - 1,
                           version
                    FROM examples WHERE id = ?
                    """)
            for (exampleID, ruleID) in rejections {
                try update.execute(arguments: [exampleID])
                guard db.changesCount > 0 else { continue }
                try record.execute(arguments: ["rule \(ruleID)", now, exampleID])
                count += 1
            }
            return count
        }
    }

    /// An example's review history, oldest first.
    public func decisions(exampleID: Int64) throws -> [DecisionRecord] {
        if let postgres { return try postgresDecisions(postgres, exampleID: exampleID) }
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM decisions WHERE example_id = ? ORDER BY id", arguments: [exampleID]
            ).map(Store.decision(from:))
        }
    }

    /// One decision.
    public func decision(id: Int64) throws -> DecisionRecord? {
        if let postgres {
            return try postgres.query("SELECT * FROM decisions WHERE id = $1", [.integer(id)]).first.map(
                Store.decision(from:))
        }
        return try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM decisions WHERE id = ?", arguments: [id]).map(
                Store.decision(from:))
        }
    }

    static func decision(from row: Row) -> DecisionRecord {
        DecisionRecord(
            id: row["id"], exampleID: row["example_id"], reviewer: row["reviewer"], action: row["action"],
            before: (try? JSONParser.parse(row["before"] as String))?.objectValue ?? JSONObject(),
            after: (try? JSONParser.parse(row["after"] as String))?.objectValue ?? JSONObject(),
            note: row["note"], createdAt: row["created_at"], basedOn: row["based_on"], version: row["version"],
            reverts: row["reverts"])
    }
}
