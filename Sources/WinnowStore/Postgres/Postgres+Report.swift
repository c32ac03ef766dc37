import Foundation
import PostgresNIO
import WinnowCore

/// The report's aggregates on PostgreSQL, grouped by the server as on SQLite; texts sort by their bytes.
extension Store {
    func postgresQuarantineKinds(_ link: PostgresLink) throws -> [(kind: String, count: Int)] {
        try link.query(
            "SELECT kind, COUNT(*) AS n FROM import_errors GROUP BY kind ORDER BY n DESC, kind COLLATE \"C\""
        ).map { (kind: try $0[0].decode(String.self), count: Int(try $0[1].decode(Int64.self))) }
    }

    func postgresSampleFlags(_ link: PostgresLink, perCheck: Int) throws -> [(flag: Flag, example: Example)] {
        let checks = try link.query("SELECT DISTINCT check_id COLLATE \"C\" FROM flags ORDER BY 1").map {
            try $0[0].decode(String.self)
        }
        var flags: [Flag] = []
        for check in checks {
            var found: [Flag] = []
            for severity in Severity.allCases.reversed() where found.count < perCheck {
                found += try link.query(
                    "SELECT * FROM flags WHERE check_id = $1 AND severity = $2 ORDER BY id LIMIT $3",
                    [.text(check), .text(severity.rawValue), .integer(Int64(perCheck - found.count))]
                ).map(Store.flag(from:))
            }
            flags += found
        }
        let examples = try postgresExamplesByID(link, ids: flags.map(\.exampleID))
        return flags.compactMap { flag in examples[flag.exampleID].map { (flag: flag, example: $0) } }
    }

    func postgresDuplicateClusters(_ link: PostgresLink) throws -> [DuplicateClusterSummary] {
        try link.query(
            """
            SELECT cluster, MIN(representative) AS representative, COUNT(DISTINCT example_id) + 1 AS size,
              string_agg(DISTINCT tier, ',') AS tiers, MIN(similarity) AS lowest
            FROM (
              SELECT example_id, (j ->> 'cluster')::int8 AS cluster, (j ->> 'representative')::int8 AS representative,
                j ->> 'tier' AS tier,
                CASE WHEN jsonb_typeof(j -> 'similarity') = 'number' THEN (j ->> 'similarity')::float8 END AS similarity
              FROM (SELECT example_id, evidence::jsonb AS j FROM flags
                    WHERE check_id IN ('exact-duplicate', 'near-duplicate')) f
              WHERE jsonb_typeof(j -> 'cluster') = 'number' AND (j ->> 'cluster') ~ '^-?[0-9]+$'
                AND jsonb_typeof(j -> 'representative') = 'number' AND (j ->> 'representative') ~ '^-?[0-9]+$') d
            GROUP BY cluster ORDER BY size DESC, cluster
            """
        ).map { row in
            DuplicateClusterSummary(
                cluster: try row.value("cluster"), representative: try row.value("representative"),
                size: Int(try row.value("size", as: Int64.self)),
                tiers: (try row.value("tiers", as: String?.self) ?? "").split(separator: ",").map(String.init).sorted(),
                lowestSimilarity: try row.value("lowest"))
        }
    }

    func postgresLabelFindings(_ link: PostgresLink, limit: Int) throws
        -> (findings: [LabelFinding], total: Int, byCheck: [String: Int])
    {
        var byCheck: [String: Int] = [:]
        for row in try link.query(
            "SELECT check_id, COUNT(*) FROM flags WHERE substr(check_id, 1, 6) = 'label-' GROUP BY check_id")
        {
            byCheck[try row[0].decode(String.self)] = Int(try row[1].decode(Int64.self))
        }
        let flags = try link.query(
            """
            SELECT * FROM flags WHERE substr(check_id, 1, 6) = 'label-'
            ORDER BY CASE WHEN jsonb_typeof(evidence::jsonb -> 'confidence') = 'number'
                          THEN (evidence::jsonb ->> 'confidence')::float8 END DESC NULLS LAST, id
            LIMIT $1
            """, [.integer(Int64(limit))]
        ).map(Store.flag(from:))
        let examples = try postgresExamplesByID(link, ids: flags.map(\.exampleID))
        let findings = flags.compactMap { flag in
            examples[flag.exampleID].map { LabelFinding(flag: flag, label: $0.effectiveLabel, input: $0.input) }
        }
        return (findings, byCheck.values.reduce(0, +), byCheck)
    }

    func postgresReviewerActions(_ link: PostgresLink) throws -> [(reviewer: String, action: String, count: Int)] {
        try link.query("SELECT reviewer, action, COUNT(*) FROM decisions GROUP BY reviewer, action").map {
            (
                reviewer: try $0[0].decode(String.self), action: try $0[1].decode(String.self),
                count: Int(try $0[2].decode(Int64.self))
            )
        }
    }

    func postgresSplitLabelCounts(_ link: PostgresLink, splitID: Int64) throws
        -> [(label: String?, part: SplitPart, count: Int)]
    {
        try link.query(
            """
            SELECT COALESCE(e.label_override, e.label) AS l, m.part, COUNT(*) FROM split_members m
            JOIN examples e ON e.id = m.example_id WHERE m.split_id = $1 GROUP BY l, m.part
            """, [.integer(splitID)]
        ).compactMap { row in
            let label = try row[0].decode(String?.self)
            let count = Int(try row[2].decode(Int64.self))
            return SplitPart(rawValue: try row[1].decode(String.self)).map { (label: label, part: $0, count: count) }
        }
    }

    func postgresExamplesByID(_ link: PostgresLink, ids: [Int64]) throws -> [Int64: Example] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: Example] = [:]
        for example in try postgresExamples(link, ids: Array(Set(ids))) { result[example.id] = example }
        return result
    }
}
