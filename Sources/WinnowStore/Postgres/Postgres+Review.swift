import Foundation
import PostgresNIO
import WinnowCore

/// Review decisions and the review queue on PostgreSQL. A decision locks its example's row (`FOR UPDATE`) before
/// comparing versions, so two reviewers on two servers deciding the same example get the same refusal as on one.
extension Store {
    static func decision(from row: PostgresRandomAccessRow) throws -> DecisionRecord {
        DecisionRecord(
            id: try row.value("id"), exampleID: try row.value("example_id"), reviewer: try row.value("reviewer"),
            action: try row.value("action"),
            before: (try? JSONParser.parse(try row.value("before", as: String.self)))?.objectValue ?? JSONObject(),
            after: (try? JSONParser.parse(try row.value("after", as: String.self)))?.objectValue ?? JSONObject(),
            note: try row.value("note"), createdAt: try row.value("created_at"),
            basedOn: try row.value("based_on", as: Int64?.self).map(Int.init),
            version: try row.value("version", as: Int64?.self).map(Int.init), reverts: try row.value("reverts"))
    }

    func postgresRecord(_ link: PostgresLink, _ requests: [DecisionRequest], reviewer: String, notAfter: Int64?)
        throws -> [DecisionOutcome]
    {
        try link.transaction {
            let now = Date()
            // Rows are locked in id order, so two transactions deciding overlapping examples cannot deadlock.
            let order = requests.indices.sorted { requests[$0].exampleID < requests[$1].exampleID }
            var byIndex = [DecisionOutcome?](repeating: nil, count: requests.count)
            for index in order {
                let request = requests[index]
                guard
                    let row = try link.query(
                        """
                        SELECT status, label_override, edited_input, edited_response, version FROM examples
                        WHERE id = $1 FOR UPDATE
                        """, [.integer(request.exampleID)]
                    ).first
                else { throw StoreError.noSuchExample(request.exampleID) }
                let current = ReviewState(
                    status: ReviewStatus(rawValue: try row[0].decode(String.self)) ?? .pending,
                    labelOverride: try row[1].decode(String?.self), editedInput: try row[2].decode(String?.self),
                    editedResponse: try row[3].decode(String?.self))
                let version = Int(try row[4].decode(Int64.self))
                if current == request.after, request.reverts == nil {
                    byIndex[index] = .unchanged(exampleID: request.exampleID)
                    continue
                }
                // The latest decision only where it can matter, as on SQLite: one round trip fewer per decision.
                let last =
                    notAfter != nil || version != request.basedOn
                    ? try link.query(
                        "SELECT * FROM decisions WHERE example_id = $1 ORDER BY id DESC LIMIT 1",
                        [.integer(request.exampleID)]
                    ).first.map(Store.decision(from:)) : nil
                let movedOn = notAfter.map { limit in (last?.id ?? 0) > limit } ?? false
                if version != request.basedOn || movedOn {
                    byIndex[index] = .stale(
                        StaleDecision(
                            exampleID: request.exampleID, action: request.action, basedOn: request.basedOn,
                            currentVersion: version, latest: last))
                    continue
                }
                let after = request.after
                func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
                try link.execute(
                    """
                    UPDATE examples SET status = $1, label_override = $2, edited_input = $3, edited_response = $4,
                                        version = version + 1
                    WHERE id = $5 AND version = $6
                    """,
                    [
                        .text(after.status.rawValue), optional(after.labelOverride), optional(after.editedInput),
                        optional(after.editedResponse), .integer(request.exampleID), .integer(Int64(version)),
                    ])
                guard
                    let id = try link.scalar(
                        Int64.self,
                        """
                        INSERT INTO decisions (example_id, reviewer, action, before, after, note, created_at,
                                               based_on, version, reverts)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
                        """,
                        [
                            .integer(request.exampleID), .text(reviewer), .text(request.action),
                            .text(JSONValue.object(current.json).serialized),
                            .text(JSONValue.object(after.json).serialized),
                            optional(request.note), .date(now), .integer(Int64(version)), .integer(Int64(version + 1)),
                            request.reverts.map(SQLValue.integer) ?? .null,
                        ])
                else { throw StoreError.server("a new decision got no id") }
                byIndex[index] = .applied(
                    DecisionRecord(
                        id: id, exampleID: request.exampleID, reviewer: reviewer, action: request.action,
                        before: current.json, after: after.json, note: request.note, createdAt: now, basedOn: version,
                        version: version + 1, reverts: request.reverts))
            }
            return byIndex.compactMap { $0 }
        }
    }

    func postgresUndoableDecisions(_ link: PostgresLink, reviewer: String, limit: Int) throws -> [DecisionRecord] {
        try link.query(
            """
            SELECT * FROM decisions d
            WHERE d.reviewer = $1 AND d.action <> 'undo'
              AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.reverts = d.id)
            ORDER BY d.id DESC LIMIT $2
            """, [.text(reviewer), .integer(Int64(limit))]
        ).map(Store.decision(from:))
    }

    func postgresExamplesDecidedByPeople(_ link: PostgresLink) throws -> Set<Int64> {
        Set(
            try link.query(
                """
                SELECT DISTINCT d.example_id FROM decisions d
                WHERE d.reviewer NOT IN ('rules', 'import') AND substr(d.reviewer, 1, 7) <> 'policy:'
                  AND d.action <> 'undo'
                  AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.reverts = d.id)
                """
            ).map { try $0[0].decode(Int64.self) })
    }

    static let postgresQueueSQL = """
        FROM examples e JOIN sources s ON s.id = e.source_id
        LEFT JOIN (
          SELECT example_id, MAX(CASE severity WHEN 'error' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) AS severity_rank,
                 COUNT(*) AS flag_count, SUM(CASE WHEN severity = 'info' THEN 0 ELSE 1 END) AS blocking_count,
                 string_agg(DISTINCT check_id, ',') AS checks,
                 MAX(CASE WHEN check_id = 'label-issue'
                               AND jsonb_typeof(evidence::jsonb -> 'confidence') = 'number'
                          THEN (evidence::jsonb ->> 'confidence')::float8 END)
                   AS fix_confidence
          FROM flags GROUP BY example_id
        ) q ON q.example_id = e.id
        """

    func postgresReviewQueue(_ link: PostgresLink, _ filter: ExampleFilter) throws -> [QueueEntry] {
        let (whereSQL, values) = filter.neutralWhereClause(postgres: true)
        let paging = filter.paging(unlimited: "")
        // The page is chosen over narrow rows (ids and flag counts), then its examples' columns are fetched: sorting
        // every example's texts to keep a page of them cost the web pages most of their time.
        let sql = """
            WITH page AS (
              SELECT e.id, q.severity_rank, q.flag_count, q.blocking_count, q.checks, q.fix_confidence \(Store.postgresQueueSQL)
              \(whereSQL) \(Store.queueOrder)\(paging.sql))
            SELECT \(Store.postgresExampleColumns), q.severity_rank, q.flag_count, q.checks
            FROM page q JOIN examples e ON e.id = q.id JOIN sources s ON s.id = e.source_id
            \(Store.queueOrder)
            """
        return try link.query(PostgresLink.numbered(sql), values + paging.arguments).map { row in
            let rank = try row.value("severity_rank", as: Int32?.self).map(Int.init)
            let checks = try row.value("checks", as: String?.self)
            return QueueEntry(
                example: try Store.example(from: row),
                maxSeverity: rank.map { [Severity.info, .warning, .error][max(0, min(2, $0))] },
                flagCount: Int(try row.value("flag_count", as: Int64?.self) ?? 0),
                checks: checks.map { $0.split(separator: ",").map(String.init).sorted() } ?? [])
        }
    }

    func postgresReviewQueueIDs(_ link: PostgresLink, _ filter: ExampleFilter) throws -> [Int64] {
        let (whereSQL, values) = filter.neutralWhereClause(postgres: true)
        return try link.query(
            PostgresLink.numbered("SELECT e.id \(Store.postgresQueueSQL) \(whereSQL) \(Store.queueOrder)"), values
        ).map { try $0[0].decode(Int64.self) }
    }

    func postgresDecisionCounts(_ link: PostgresLink) throws -> [(reviewer: String, count: Int)] {
        try link.query(
            """
            SELECT reviewer, COUNT(*) AS n FROM decisions GROUP BY reviewer ORDER BY n DESC, reviewer COLLATE "C"
            """
        ).map { (reviewer: try $0[0].decode(String.self), count: Int(try $0[1].decode(Int64.self))) }
    }

    func postgresKnownLabels(_ link: PostgresLink) throws -> [String] {
        try link.query(
            """
            SELECT l FROM (SELECT COALESCE(label_override, label) AS l, COUNT(*) AS n FROM examples GROUP BY 1) t
            WHERE l IS NOT NULL ORDER BY n DESC, l COLLATE "C"
            """
        ).map { try $0[0].decode(String.self) }
    }

    func postgresFlags(_ link: PostgresLink, ofExamples examples: [Int64]) throws -> [Int64: [Flag]] {
        var grouped: [Int64: [Flag]] = [:]
        for flag in try link.query(
            "SELECT * FROM flags WHERE example_id = ANY($1::int8[]) ORDER BY example_id, id", [.integers(examples)]
        ).map(Store.flag(from:)) {
            grouped[flag.exampleID, default: []].append(flag)
        }
        return grouped
    }
}
