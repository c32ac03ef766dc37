import Foundation
import PostgresNIO
import WinnowCore

/// Rule and duplicate flags, and the rejections rules make, on PostgreSQL.
extension Store {
    func postgresReplaceFlags(
        _ link: PostgresLink, ofChecks checks: [String], onExamples exampleIDs: [Int64]?, with flags: [Flag],
        runID: Int64?
    ) throws {
        try link.transaction {
            if let exampleIDs {
                try link.execute(
                    "DELETE FROM flags WHERE check_id = ANY($1::text[]) AND example_id = ANY($2::int8[])",
                    [.texts(checks), .integers(exampleIDs)])
            } else {
                try link.execute("DELETE FROM flags WHERE check_id = ANY($1::text[])", [.texts(checks)])
            }
            guard !flags.isEmpty else { return }
            var text = CopyText()
            let now = String(decoding: CopyText.timestamp(Date()), as: UTF8.self)
            for flag in flags {
                text.row([
                    String(flag.exampleID), (flag.runID ?? runID).map { String($0) }, flag.check,
                    flag.severity.rawValue, flag.field, flag.span.map { String($0.start) },
                    flag.span.map { String($0.end) }, flag.message, JSONValue.object(flag.evidence).serialized, now,
                ])
            }
            try link.copy(
                into: "flags",
                columns: [
                    "example_id", "run_id", "check_id", "severity", "field", "span_start", "span_end", "message",
                    "evidence", "created_at",
                ], text: text.bytes)
        }
    }

    func postgresApplyRuleRejections(_ link: PostgresLink, _ rejections: [(exampleID: Int64, ruleID: String)]) throws
        -> Int
    {
        try link.transaction {
            let now = Date()
            var count = 0
            for (exampleID, ruleID) in rejections {
                count += try link.execute(
                    """
                    WITH changed AS (
                      UPDATE examples SET status = 'rejected', version = version + 1
                      WHERE id = $1 AND status = 'pending' RETURNING id, version)
                    INSERT INTO decisions (example_id, reviewer, action, before, after, note, created_at, based_on,
                                           version)
                    SELECT id, 'rules', 'reject', '{"status":"pending"}', '{"status":"rejected"}', $2, $3,
                           version - 1, version
                    FROM changed
                    """, [.integer(exampleID), .text("rule \(ruleID)"), .date(now)])
            }
            return count
        }
    }

    func postgresFlagCounts(_ link: PostgresLink) throws -> [(
        check: String, severity: Severity, flags: Int, examples: Int
    )] {
        try link.query(
            """
            SELECT check_id, severity, COUNT(*), COUNT(DISTINCT example_id) FROM flags
            GROUP BY check_id, severity ORDER BY check_id COLLATE "C"
            """
        ).map { row in
            (
                try row[0].decode(String.self), Severity(rawValue: try row[1].decode(String.self)) ?? .info,
                Int(try row[2].decode(Int64.self)), Int(try row[3].decode(Int64.self))
            )
        }
    }
}
