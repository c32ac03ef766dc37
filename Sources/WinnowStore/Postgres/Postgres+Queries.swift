import Foundation
import PostgresNIO
import WinnowCore

/// Listings and counts on PostgreSQL: the same answers as ``Store``'s SQLite queries, in the same order (texts sort
/// by their bytes, as on SQLite).
extension Store {
    static let postgresExampleColumns = """
        e.id, e.input, e.response, e.label, e.training_point, e.ticket_id, e.messages, e.metadata, s.path AS source_path,
        e.locator, e.status, e.label_override, encode(e.content_hash, 'hex') AS content_hash, e.edited_input,
        e.edited_response, e.version
        """

    static func example(from row: PostgresRandomAccessRow) throws -> Example {
        let messages =
            (try? JSONParser.parse(try row.value("messages", as: String.self))).map { Message.list(from: $0) } ?? []
        let metadata =
            (try? JSONParser.parse(try row.value("metadata", as: String.self)))?.objectValue ?? JSONObject()
        return Example(
            id: try row.value("id"), input: try row.value("input"), response: try row.value("response"),
            label: try row.value("label"), trainingPoint: try row.value("training_point"),
            ticketID: try row.value("ticket_id"), messages: messages, metadata: metadata,
            sourcePath: try row.value("source_path"),
            locator: Locator(encoded: try row.value("locator")) ?? .line(0),
            status: ReviewStatus(rawValue: try row.value("status")) ?? .pending,
            labelOverride: try row.value("label_override"), contentHash: try row.value("content_hash"),
            editedInput: try row.value("edited_input"), editedResponse: try row.value("edited_response"),
            version: Int(try row.value("version", as: Int64.self)))
    }

    func postgresExamples(_ link: PostgresLink, _ filter: ExampleFilter) throws -> [Example] {
        let (whereSQL, values) = filter.neutralWhereClause(postgres: true)
        var sql = """
            SELECT \(Store.postgresExampleColumns) FROM examples e JOIN sources s ON s.id = e.source_id
            \(whereSQL) ORDER BY e.id
            """
        let paging = filter.paging(unlimited: "")
        sql += paging.sql
        let all = values + paging.arguments
        return try link.query(PostgresLink.numbered(sql), all).map(Store.example(from:))
    }

    func postgresExampleIDs(_ link: PostgresLink, _ filter: ExampleFilter) throws -> [Int64] {
        let (whereSQL, values) = filter.neutralWhereClause(postgres: true)
        return try link.query(
            PostgresLink.numbered(
                "SELECT e.id FROM examples e JOIN sources s ON s.id = e.source_id \(whereSQL) ORDER BY e.id"), values
        ).map { try $0[0].decode(Int64.self) }
    }

    func postgresExamples(_ link: PostgresLink, ids: [Int64]) throws -> [Example] {
        try link.query(
            """
            SELECT \(Store.postgresExampleColumns) FROM examples e JOIN sources s ON s.id = e.source_id
            WHERE e.id = ANY($1::int8[]) ORDER BY e.id
            """, [.integers(ids)]
        ).map(Store.example(from:))
    }

    func postgresCount(_ link: PostgresLink, _ filter: ExampleFilter) throws -> Int {
        let (whereSQL, values) = filter.neutralWhereClause(postgres: true)
        return Int(
            try link.scalar(
                Int64.self,
                PostgresLink.numbered(
                    "SELECT COUNT(*) FROM examples e JOIN sources s ON s.id = e.source_id \(whereSQL)"), values) ?? 0)
    }

    func postgresExample(_ link: PostgresLink, id: Int64) throws -> Example {
        guard
            let row = try link.query(
                """
                SELECT \(Store.postgresExampleColumns) FROM examples e JOIN sources s ON s.id = e.source_id
                WHERE e.id = $1
                """, [.integer(id)]
            ).first
        else { throw StoreError.noSuchExample(id) }
        return try Store.example(from: row)
    }

    func postgresQuarantine(_ link: PostgresLink, source: String?) throws -> [QuarantinedRecord] {
        let (condition, values) = Store.neutralSourceCondition(source, postgres: true)
        let sql = """
            SELECT s.path, q.locator, q.kind, q.message, q.snippet FROM import_errors q
            JOIN sources s ON s.id = q.source_id
            """ + condition + " ORDER BY s.id, q.id"
        return try link.query(PostgresLink.numbered(sql), values).map { row in
            QuarantinedRecord(
                file: try row[0].decode(String.self), locator: Locator(encoded: try row[1].decode(String.self)),
                kind: try row[2].decode(String.self), message: try row[3].decode(String.self),
                snippet: try row[4].decode(String.self))
        }
    }

    func postgresSkippedRecords(_ link: PostgresLink, source: String?) throws -> [StoredSkip] {
        let (condition, values) = Store.neutralSourceCondition(source, postgres: true)
        let sql = """
            SELECT s.path, k.locator, k.reason, k.duplicate_of FROM import_skips k
            JOIN sources s ON s.id = k.source_id
            """ + condition + " ORDER BY s.id, k.id"
        return try link.query(PostgresLink.numbered(sql), values).map { row in
            let stored = try row[1].decode(String.self)
            guard let locator = Locator(encoded: stored) else {
                throw StoreError.corrupt("a skipped record's place is '\(stored)'")
            }
            return StoredSkip(
                file: try row[0].decode(String.self),
                record: SkippedRecord(
                    locator: locator, reason: SkipReason(rawValue: try row[2].decode(String.self)) ?? .sameText,
                    duplicateOf: try row[3].decode(Int64.self)))
        }
    }

    func postgresAbsentFields(_ link: PostgresLink) throws -> [String] {
        guard try link.scalar(Bool.self, "SELECT EXISTS (SELECT 1 FROM examples)") == true else { return [] }
        var absent: [String] = []
        if try link.scalar(Bool.self, "SELECT EXISTS (SELECT 1 FROM examples WHERE trim(coalesce(label, '')) <> '')")
            != true
        {
            absent.append("label")
        }
        if try link.scalar(Bool.self, "SELECT EXISTS (SELECT 1 FROM examples WHERE response IS NOT NULL)") != true {
            absent.append("response")
        }
        return absent
    }

    func postgresSources(_ link: PostgresLink) throws -> [SourceSummary] {
        try link.query(
            """
            SELECT s.id, s.path, s.sha256, s.format, s.size, s.status, s.records_done, s.records_read, s.notes,
              (SELECT COUNT(*) FROM examples e WHERE e.source_id = s.id) AS n_examples,
              (SELECT COUNT(*) FROM import_errors q WHERE q.source_id = s.id) AS n_errors
            FROM sources s ORDER BY s.id
            """
        ).map { row in
            let notes =
                (try? JSONParser.parse(try row.value("notes", as: String.self)))?.arrayValue?.compactMap(\.scalarText)
                ?? []
            return SourceSummary(
                info: SourceInfo(
                    id: try row.value("id"), path: try row.value("path"), sha256: try row.value("sha256"),
                    format: try SourceFormat.decoded(try row.value("format")), size: try row.value("size"),
                    isComplete: try row.value("status", as: String.self) == "complete",
                    recordsDone: Int(try row.value("records_done", as: Int64.self))),
                recordsRead: Int(try row.value("records_read", as: Int64.self)),
                imported: Int(try row.value("n_examples", as: Int64.self)),
                quarantined: Int(try row.value("n_errors", as: Int64.self)), notes: notes)
        }
    }

    func postgresStatistics(_ link: PostgresLink) throws -> StoreStatistics {
        let sources = try postgresSources(link)
        func grouped(_ sql: String) throws -> [(label: String, count: Int)] {
            try link.query(sql).map {
                (label: try $0[0].decode(String?.self) ?? "(none)", count: Int(try $0[1].decode(Int64.self)))
            }
        }
        func count(_ sql: String) throws -> Int { Int(try link.scalar(Int64.self, sql) ?? 0) }
        var byStatus: [String: Int] = [:]
        for status in ReviewStatus.allCases { byStatus[status.rawValue] = 0 }
        for row in try link.query("SELECT status, COUNT(*) FROM examples GROUP BY status") {
            byStatus[try row[0].decode(String.self)] = Int(try row[1].decode(Int64.self))
        }
        var statistics = StoreStatistics(
            examples: try count("SELECT COUNT(*) FROM examples"), byStatus: byStatus,
            byLabel: try grouped(
                """
                SELECT COALESCE(label_override, label) AS l, COUNT(*) AS n FROM examples
                GROUP BY l ORDER BY n DESC, COALESCE(label_override, label) COLLATE "C"
                """),
            byTrainingPoint: try grouped(
                """
                SELECT COALESCE(training_point, label_override, label) AS l, COUNT(*) AS n FROM examples
                GROUP BY l ORDER BY n DESC, COALESCE(training_point, label_override, label) COLLATE "C"
                """),
            withResponse: try count("SELECT COUNT(*) FROM examples WHERE response IS NOT NULL AND response != ''"),
            quarantined: try count("SELECT COUNT(*) FROM import_errors"),
            flagsByCheck: try grouped(
                "SELECT check_id, COUNT(*) AS n FROM flags GROUP BY check_id ORDER BY n DESC, check_id COLLATE \"C\""),
            sources: sources)
        statistics.superseded = try count(StoreStatistics.supersededSQL)
        return statistics
    }

    func postgresSetting(_ link: PostgresLink, _ key: String) throws -> JSONValue? {
        guard let text = try link.scalar(String.self, "SELECT value FROM settings WHERE key = $1", [.text(key)]) else {
            return nil
        }
        return try JSONParser.parse(text)
    }

    func postgresSetSetting(_ link: PostgresLink, _ key: String, to value: JSONValue) throws {
        try link.execute(
            """
            INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, [.text(key), .text(value.serialized), .date(Date())])
    }

    func postgresStartRun(_ link: PostgresLink, command: String, parameters: JSONObject) throws -> Int64 {
        guard
            let id = try link.scalar(
                Int64.self,
                "INSERT INTO runs (command, parameters, status, started_at) VALUES ($1, $2, 'running', $3) RETURNING id",
                [.text(command), .text(JSONValue.object(parameters).serialized), .date(Date())])
        else { throw StoreError.server("a new run got no id") }
        return id
    }

    func postgresFinishRun(_ link: PostgresLink, _ id: Int64, summary: JSONObject, status: String) throws {
        try link.execute(
            "UPDATE runs SET summary = $1, status = $2, finished_at = $3 WHERE id = $4",
            [.text(JSONValue.object(summary).serialized), .text(status), .date(Date()), .integer(id)])
    }

    func postgresRuns(_ link: PostgresLink, command: String?, limit: Int) throws -> [RunInfo] {
        var sql = "SELECT id, command, parameters, summary, status, started_at, finished_at FROM runs"
        var values: [SQLValue] = []
        if let command {
            sql += " WHERE command = ?"
            values.append(.text(command))
        }
        sql += " ORDER BY id DESC LIMIT ?"
        values.append(.integer(Int64(limit)))
        return try link.query(PostgresLink.numbered(sql), values).map { row in
            RunInfo(
                id: try row.value("id"), command: try row.value("command"),
                parameters: (try? JSONParser.parse(try row.value("parameters", as: String.self)))?.objectValue
                    ?? JSONObject(),
                summary: (try? JSONParser.parse(try row.value("summary", as: String.self)))?.objectValue
                    ?? JSONObject(),
                status: try row.value("status"), startedAt: try row.value("started_at"),
                finishedAt: try row.value("finished_at"))
        }
    }

    func postgresFlags(_ link: PostgresLink, check: String?, exampleID: Int64?, limit: Int?) throws -> [Flag] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let check {
            conditions.append("check_id = ?")
            values.append(.text(check))
        }
        if let exampleID {
            conditions.append("example_id = ?")
            values.append(.integer(exampleID))
        }
        var sql = "SELECT * FROM flags"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, example_id, id"
        if let limit {
            sql += " LIMIT ?"
            values.append(.integer(Int64(limit)))
        }
        return try link.query(PostgresLink.numbered(sql), values).map(Store.flag(from:))
    }

    func postgresFlags(_ link: PostgresLink, checks: [String], evidence key: String, equals value: Int64) throws
        -> [Flag]
    {
        try link.query(
            """
            SELECT * FROM flags WHERE check_id = ANY($1::text[]) AND (evidence::jsonb -> $2) = to_jsonb($3::int8)
            ORDER BY example_id, id
            """, [.texts(checks), .text(key), .integer(value)]
        ).map(Store.flag(from:))
    }

    static func flag(from row: PostgresRandomAccessRow) throws -> Flag {
        let start = try row.value("span_start", as: Int64?.self).map(Int.init)
        let end = try row.value("span_end", as: Int64?.self).map(Int.init)
        return Flag(
            id: try row.value("id"), exampleID: try row.value("example_id"), check: try row.value("check_id"),
            severity: Severity(rawValue: try row.value("severity")) ?? .info, field: try row.value("field"),
            message: try row.value("message"),
            span: start.flatMap { start in end.map { TextSpan(start: start, end: $0) } },
            evidence: (try? JSONParser.parse(try row.value("evidence", as: String.self)))?.objectValue ?? JSONObject(),
            runID: try row.value("run_id"))
    }

    func postgresDecisions(_ link: PostgresLink, exampleID: Int64) throws -> [DecisionRecord] {
        try link.query("SELECT * FROM decisions WHERE example_id = $1 ORDER BY id", [.integer(exampleID)]).map(
            Store.decision(from:))
    }
}

extension Store {
    func postgresCurrentExamples(_ link: PostgresLink, excludingFlagsOf excludedChecks: [String]) throws
        -> [CurrentExample]
    {
        try link.query(
            """
            SELECT e.id, COALESCE(e.edited_input, e.input), COALESCE(e.edited_response, e.response),
                   COALESCE(e.label_override, e.label), e.status, COALESCE(c.n, 0)
            FROM examples e
            LEFT JOIN (SELECT example_id, COUNT(*) AS n FROM flags WHERE check_id <> ALL($1::text[])
                       GROUP BY example_id) c ON c.example_id = e.id
            WHERE e.status <> 'rejected'
            ORDER BY e.id
            """, [.texts(excludedChecks)]
        ).map { row in
            CurrentExample(
                id: try row[0].decode(Int64.self), input: try row[1].decode(String.self),
                response: try row[2].decode(String?.self), label: try row[3].decode(String?.self),
                status: ReviewStatus(rawValue: try row[4].decode(String.self)) ?? .pending,
                flagCount: Int(try row[5].decode(Int64.self)))
        }
    }
}
