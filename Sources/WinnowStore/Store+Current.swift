import Foundation
import GRDB
import WinnowCore

/// An example as exports will see it: the reviewer's edits and label override applied.
public struct CurrentExample: Sendable, Equatable {
    /// The example id.
    public var id: Int64
    /// The edited input, else the input.
    public var input: String
    /// The edited response, else the response.
    public var response: String?
    /// The label override, else the label.
    public var label: String?
    /// Review state.
    public var status: ReviewStatus
    /// Flags it has from checks other than the excluded ones.
    public var flagCount: Int

    /// An example's current state.
    public init(id: Int64, input: String, response: String?, label: String?, status: ReviewStatus, flagCount: Int) {
        self.id = id
        self.input = input
        self.response = response
        self.label = label
        self.status = status
        self.flagCount = flagCount
    }
}

extension Store {
    /// Every example not rejected, in id order, with edits and label overrides applied and the number of its flags
    /// from checks other than `excludedChecks` (a command's own previous flags do not count against it).
    public func currentExamples(excludingFlagsOf excludedChecks: [String] = []) throws -> [CurrentExample] {
        if let postgres { return try postgresCurrentExamples(postgres, excludingFlagsOf: excludedChecks) }
        return try writer.read { db in
            let placeholders = excludedChecks.isEmpty ? "''" : excludedChecks.map { _ in "?" }.joined(separator: ", ")
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.id, COALESCE(e.edited_input, e.input), COALESCE(e.edited_response, e.response),
                           COALESCE(e.label_override, e.label), e.status, COALESCE(c.n, 0)
                    FROM examples e
                    LEFT JOIN (SELECT example_id, COUNT(*) AS n FROM flags WHERE check_id NOT IN (\(placeholders))
                               GROUP BY example_id) c ON c.example_id = e.id
                    WHERE e.status != 'rejected'
                    ORDER BY e.id
                    """,
                arguments: StatementArguments(excludedChecks))
            var result: [CurrentExample] = []
            while let row = try rows.next() {
                result.append(
                    CurrentExample(
                        id: row[0], input: row[1], response: row[2], label: row[3],
                        status: ReviewStatus(rawValue: row[4]) ?? .pending, flagCount: row[5]))
            }
            return result
        }
    }

    /// Flags of any of `checks` whose evidence member `key` equals `value` (an integer), in example order.
    public func flags(checks: [String], evidence key: String, equals value: Int64) throws -> [Flag] {
        precondition(key.allSatisfy { $0.isLetter || $0 == "_" }, "evidence keys are plain names")
        guard !checks.isEmpty else { return [] }
        if let postgres { return try postgresFlags(postgres, checks: checks, evidence: key, equals: value) }
        return try writer.read { db in
            let placeholders = checks.map { _ in "?" }.joined(separator: ", ")
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM flags WHERE check_id IN (\(placeholders)) AND json_extract(evidence, ?) = ?
                    ORDER BY example_id, id
                    """,
                arguments: StatementArguments(checks) + ["$." + key, value]
            ).map(Store.flag(from:))
        }
    }
}
