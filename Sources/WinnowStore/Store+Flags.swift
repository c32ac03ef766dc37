import Foundation
import GRDB
import WinnowCore

extension Store {
    /// Replaces every flag of the given checks with `flags`, in one transaction: a re-run never piles results up.
    public func replaceFlags(ofChecks checks: [String], with flags: [Flag], runID: Int64?) throws {
        if let postgres {
            return try postgresReplaceFlags(postgres, ofChecks: checks, onExamples: nil, with: flags, runID: runID)
        }
        try writer.write { db in
            for check in checks {
                try db.execute(sql: "DELETE FROM flags WHERE check_id = ?", arguments: [check])
            }
            try insert(flags, runID: runID, db: db)
        }
    }

    /// Replaces the flags of `checks` on the given examples only (the rest keep theirs).
    public func replaceFlags(
        ofChecks checks: [String], onExamples exampleIDs: [Int64], with flags: [Flag], runID: Int64?
    ) throws {
        if let postgres {
            return try postgresReplaceFlags(
                postgres, ofChecks: checks, onExamples: exampleIDs, with: flags, runID: runID)
        }
        try writer.write { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM flags WHERE check_id = ? AND example_id = ?")
            for check in checks {
                for id in exampleIDs { try delete.execute(arguments: [check, id]) }
            }
            try insert(flags, runID: runID, db: db)
        }
    }

    private func insert(_ flags: [Flag], runID: Int64?, db: Database) throws {
        let now = Date()
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO flags (example_id, run_id, check_id, severity, field, span_start, span_end, message,
                                   evidence, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for flag in flags {
            try statement.execute(arguments: [
                flag.exampleID, flag.runID ?? runID, flag.check, flag.severity.rawValue, flag.field,
                flag.span?.start, flag.span?.end, flag.message, JSONValue.object(flag.evidence).serialized, now,
            ])
        }
    }

    /// Flags, optionally of one check or one example, most severe first, then by example.
    public func flags(check: String? = nil, exampleID: Int64? = nil, limit: Int? = nil) throws -> [Flag] {
        if let postgres { return try postgresFlags(postgres, check: check, exampleID: exampleID, limit: limit) }
        return try writer.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let check {
                conditions.append("check_id = ?")
                arguments += [check]
            }
            if let exampleID {
                conditions.append("example_id = ?")
                arguments += [exampleID]
            }
            var sql = "SELECT * FROM flags"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, example_id, id"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Store.flag(from:))
        }
    }

    /// The flags of `examples`, grouped by example (examples without flags are absent).
    public func flags(ofExamples examples: [Int64]) throws -> [Int64: [Flag]] {
        guard !examples.isEmpty else { return [:] }
        if let postgres { return try postgresFlags(postgres, ofExamples: examples) }
        return try writer.read { db in
            var grouped: [Int64: [Flag]] = [:]
            let statement = try db.cachedStatement(sql: "SELECT * FROM flags WHERE example_id = ? ORDER BY id")
            for id in examples {
                let flags = try Row.fetchAll(statement, arguments: [id]).map(Store.flag(from:))
                if !flags.isEmpty { grouped[id] = flags }
            }
            return grouped
        }
    }

    /// Flag counts per check and severity.
    public func flagCounts() throws -> [(check: String, severity: Severity, flags: Int, examples: Int)] {
        if let postgres { return try postgresFlagCounts(postgres) }
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT check_id, severity, COUNT(*), COUNT(DISTINCT example_id) FROM flags
                    GROUP BY check_id, severity ORDER BY check_id
                    """
            ).map { row in
                (row[0], Severity(rawValue: row[1]) ?? .info, row[2], row[3])
            }
        }
    }

    static func flag(from row: Row) -> Flag {
        let start: Int? = row["span_start"]
        let end: Int? = row["span_end"]
        return Flag(
            id: row["id"], exampleID: row["example_id"], check: row["check_id"],
            severity: Severity(rawValue: row["severity"]) ?? .info, field: row["field"], message: row["message"],
            span: start.flatMap { start in end.map { TextSpan(start: start, end: $0) } },
            evidence: (try? JSONParser.parse(row["evidence"] as String))?.objectValue ?? JSONObject(),
            runID: row["run_id"])
    }
}
