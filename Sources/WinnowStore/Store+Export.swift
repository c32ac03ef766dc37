import Foundation
import GRDB
import WinnowCore

/// A member of a split as an export reads it: the example, the reviewer's edited texts, and its part.
public struct SplitMemberExample: Sendable, Equatable {
    /// The example with its current review state and label override.
    public var example: Example
    /// The reviewer's edited input, replacing the input in exports.
    public var editedInput: String?
    /// The reviewer's edited response, replacing the response in exports.
    public var editedResponse: String?
    /// The part of the split it belongs to.
    public var part: SplitPart
}

/// Counts over the decision history: which review actions an export reflects.
public struct DecisionTotals: Sendable, Equatable {
    /// Decisions per action (`approve`, `reject`, `relabel`, ...).
    public var byAction: [String: Int]
    /// The newest decision's id (nil when there is none): decisions after it are not reflected.
    public var lastID: Int64?
}

extension Store {
    /// Every member of a split with its current state, train first, then validation and test, each in id order.
    public func splitMemberExamples(splitID: Int64) throws -> [SplitMemberExample] {
        if let postgres { return try postgresSplitMemberExamples(postgres, splitID: splitID) }
        return try writer.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(Store.exampleColumns), e.edited_input, e.edited_response, m.part FROM split_members m
                    JOIN examples e ON e.id = m.example_id JOIN sources s ON s.id = e.source_id
                    WHERE m.split_id = ?
                    ORDER BY CASE m.part WHEN 'train' THEN 0 WHEN 'validation' THEN 1 ELSE 2 END, e.id
                    """,
                arguments: [splitID])
            var members: [SplitMemberExample] = []
            while let row = try rows.next() {
                guard let part = SplitPart(rawValue: row["part"]) else { continue }
                members.append(
                    SplitMemberExample(
                        example: Store.example(from: row), editedInput: row["edited_input"],
                        editedResponse: row["edited_response"], part: part))
            }
            return members
        }
    }

    /// Decisions per action and the newest decision's id.
    public func decisionTotals() throws -> DecisionTotals {
        if let postgres { return try postgresDecisionTotals(postgres) }
        return try writer.read { db in
            var byAction: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT action, COUNT(*) FROM decisions GROUP BY action") {
                byAction[row[0]] = row[1]
            }
            return DecisionTotals(
                byAction: byAction, lastID: try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM decisions"))
        }
    }

    /// Models with stored embeddings and how many each has, most first.
    public func embeddingModels() throws -> [(model: String, count: Int)] {
        if let postgres { return try postgresEmbeddingModels(postgres) }
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT model, COUNT(*) AS n FROM embeddings GROUP BY model ORDER BY n DESC, model"
            ).map { (model: $0[0], count: $0[1]) }
        }
    }
}
