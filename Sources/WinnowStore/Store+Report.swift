import Foundation
import GRDB
import WinnowCore

/// One duplicate cluster as the flags of the last dedup run describe it.
public struct DuplicateClusterSummary: Sendable, Equatable {
    /// The cluster number from the flags' evidence.
    public var cluster: Int64
    /// The kept example.
    public var representative: Int64
    /// Examples in the cluster, the representative included.
    public var size: Int
    /// The tiers its flags came from (`exact`, `lexical`, `semantic`).
    public var tiers: [String]
    /// The lowest similarity between a member and the representative.
    public var lowestSimilarity: Double?
}

/// Counts of review decisions by one reviewer.
public struct ReviewerActivity: Sendable, Equatable {
    /// Who decided.
    public var reviewer: String
    /// Decisions per action.
    public var byAction: [String: Int]
}

/// A label-audit flag with the fields a report shows.
public struct LabelFinding: Sendable, Equatable {
    /// The flag.
    public var flag: Flag
    /// The example's effective label.
    public var label: String?
    /// The example's input.
    public var input: String
}

/// Aggregates for `winnow report`: every query groups in SQL, so the report costs the same for any store size.
extension Store {
    /// Quarantined records per reason, most frequent first.
    public func quarantineKinds() throws -> [(kind: String, count: Int)] {
        if let postgres { return try postgresQuarantineKinds(postgres) }
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT kind, COUNT(*) AS n FROM import_errors GROUP BY kind ORDER BY n DESC, kind"
            ).map { (kind: $0[0], count: $0[1]) }
        }
    }

    /// Up to `perCheck` flags of every check (most severe first, then oldest), with the flagged examples.
    ///
    /// One indexed query per check and severity that stops after `perCheck` rows, so the cost does not grow with
    /// the number of flags.
    public func sampleFlags(perCheck: Int) throws -> [(flag: Flag, example: Example)] {
        if let postgres { return try postgresSampleFlags(postgres, perCheck: perCheck) }
        return try writer.read { db in
            let checks = try String.fetchAll(db, sql: "SELECT DISTINCT check_id FROM flags ORDER BY check_id")
            let statement = try db.cachedStatement(
                sql: "SELECT * FROM flags WHERE check_id = ? AND severity = ? ORDER BY id LIMIT ?")
            var flags: [Flag] = []
            for check in checks {
                var found: [Flag] = []
                for severity in Severity.allCases.reversed() where found.count < perCheck {
                    found += try Row.fetchAll(statement, arguments: [check, severity.rawValue, perCheck - found.count])
                        .map(Store.flag(from:))
                }
                flags += found
            }
            let examples = try Store.examples(db, ids: Set(flags.map(\.exampleID)))
            return flags.compactMap { flag in examples[flag.exampleID].map { (flag: flag, example: $0) } }
        }
    }

    /// Duplicate clusters from the `exact-duplicate` and `near-duplicate` flags, largest first.
    public func duplicateClusters() throws -> [DuplicateClusterSummary] {
        if let postgres { return try postgresDuplicateClusters(postgres) }
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT cluster, MIN(representative) AS representative, COUNT(DISTINCT example_id) + 1 AS size,
                      GROUP_CONCAT(DISTINCT tier) AS tiers, MIN(similarity) AS lowest
                    FROM (
                      SELECT example_id, json_extract(evidence, '$.cluster') AS cluster,
                        json_extract(evidence, '$.representative') AS representative,
                        json_extract(evidence, '$.tier') AS tier, json_extract(evidence, '$.similarity') AS similarity
                      FROM flags WHERE check_id IN ('exact-duplicate', 'near-duplicate') AND json_valid(evidence))
                    WHERE typeof(cluster) = 'integer' AND typeof(representative) = 'integer'
                    GROUP BY cluster ORDER BY size DESC, cluster
                    """
            ).map { row in
                DuplicateClusterSummary(
                    cluster: row["cluster"], representative: row["representative"], size: row["size"],
                    tiers: ((row["tiers"] as String?) ?? "").split(separator: ",").map(String.init).sorted(),
                    lowestSimilarity: row["lowest"])
            }
        }
    }

    /// Label-audit flags (checks starting with `label-`), those with the most confident suggestion first.
    public func labelFindings(limit: Int) throws -> (findings: [LabelFinding], total: Int, byCheck: [String: Int]) {
        if let postgres { return try postgresLabelFindings(postgres, limit: limit) }
        return try writer.read { db in
            var byCheck: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT check_id, COUNT(*) FROM flags WHERE substr(check_id, 1, 6) = 'label-' GROUP BY check_id")
            {
                byCheck[row[0]] = row[1]
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM flags WHERE substr(check_id, 1, 6) = 'label-'
                    ORDER BY CASE WHEN json_valid(evidence) THEN json_extract(evidence, '$.confidence') END DESC, id
                    LIMIT ?
                    """,
                arguments: [limit])
            let flags = rows.map(Store.flag(from:))
            let examples = try Store.examples(db, ids: Set(flags.map(\.exampleID)))
            let findings = flags.compactMap { flag in
                examples[flag.exampleID].map { LabelFinding(flag: flag, label: $0.effectiveLabel, input: $0.input) }
            }
            return (findings, byCheck.values.reduce(0, +), byCheck)
        }
    }

    /// Decisions per reviewer and action, the busiest reviewer first.
    public func reviewerActivity() throws -> [ReviewerActivity] {
        let counts =
            try postgres.map(postgresReviewerActions)
            ?? writer.read { db in
                try Row.fetchAll(db, sql: "SELECT reviewer, action, COUNT(*) FROM decisions GROUP BY reviewer, action")
                    .map { (reviewer: $0[0] as String, action: $0[1] as String, count: $0[2] as Int) }
            }
        var byReviewer: [String: [String: Int]] = [:]
        for count in counts { byReviewer[count.reviewer, default: [:]][count.action] = count.count }
        return byReviewer.map { ReviewerActivity(reviewer: $0.key, byAction: $0.value) }
            .sorted { ($0.byAction.values.reduce(0, +), $1.reviewer) > ($1.byAction.values.reduce(0, +), $0.reviewer) }
    }

    /// Examples with at least one flag.
    public func flaggedExampleCount() throws -> Int {
        if let postgres {
            return Int(try postgres.scalar(Int64.self, "SELECT COUNT(DISTINCT example_id) FROM flags") ?? 0)
        }
        return try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT example_id) FROM flags") ?? 0 }
    }

    /// Examples whose label a reviewer or policy replaced.
    public func relabelledCount() throws -> Int {
        if let postgres {
            return Int(
                try postgres.scalar(Int64.self, "SELECT COUNT(*) FROM examples WHERE label_override IS NOT NULL") ?? 0)
        }
        return try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM examples WHERE label_override IS NOT NULL") ?? 0
        }
    }

    /// Members of a split per effective label and part.
    public func splitLabelCounts(splitID: Int64) throws -> [(label: String?, part: SplitPart, count: Int)] {
        if let postgres { return try postgresSplitLabelCounts(postgres, splitID: splitID) }
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(e.label_override, e.label) AS l, m.part, COUNT(*) FROM split_members m
                    JOIN examples e ON e.id = m.example_id WHERE m.split_id = ? GROUP BY l, m.part
                    """,
                arguments: [splitID]
            ).compactMap { row in
                SplitPart(rawValue: row[1]).map { (label: row[0], part: $0, count: row[2]) }
            }
        }
    }

    /// The examples with the given ids, by id.
    static func examples(_ db: Database, ids: Set<Int64>) throws -> [Int64: Example] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: Example] = [:]
        let sorted = ids.sorted()
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let chunk = Array(sorted[start..<min(start + 500, sorted.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Store.exampleColumns) FROM examples e JOIN sources s ON s.id = e.source_id
                    WHERE e.id IN (\(marks))
                    """,
                arguments: StatementArguments(chunk))
            for row in rows {
                let example = Store.example(from: row)
                result[example.id] = example
            }
        }
        return result
    }
}
