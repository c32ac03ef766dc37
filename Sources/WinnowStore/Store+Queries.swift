import Foundation
import GRDB
import WinnowCore

/// Which examples a listing covers. Every value is bound as an SQL argument, never spliced into SQL text.
public struct ExampleFilter: Sendable, Equatable {
    /// Only this review status.
    public var status: ReviewStatus?
    /// Only this effective label (override, else imported label).
    public var label: String?
    /// Only examples from a source whose path ends with this text.
    public var source: String?
    /// Only examples with a flag of this check (and of `severity`, when both are given).
    public var check: String?
    /// Only examples whose input or response contains this text (case-insensitive for ASCII).
    public var text: String?
    /// Only examples with a flag of this severity (and of `check`, when both are given).
    public var severity: Severity?
    /// Only this effective training point (imported, else the effective label).
    public var trainingPoint: String?
    /// Only flagged examples (true) or unflagged ones (false).
    public var flagged: Bool?
    /// Only examples a `label-` flag suggests this label for (the audit's `suggested_label`, a rule's
    /// `suggestion`), by a flag that also meets `minimumConfidence` when both are given.
    public var suggestion: String?
    /// Only examples with a `label-` flag whose suggestion is at least this confident (the audit's `confidence`;
    /// a suggestion without one never passes).
    public var minimumConfidence: Double?
    /// At most this many.
    public var limit: Int?
    /// Skip this many first.
    public var offset: Int

    /// A filter; nil fields do not restrict.
    public init(
        status: ReviewStatus? = nil, label: String? = nil, source: String? = nil, check: String? = nil,
        text: String? = nil, severity: Severity? = nil, trainingPoint: String? = nil, flagged: Bool? = nil,
        suggestion: String? = nil, minimumConfidence: Double? = nil, limit: Int? = nil, offset: Int = 0
    ) {
        self.status = status
        self.label = label
        self.source = source
        self.check = check
        self.text = text
        self.severity = severity
        self.trainingPoint = trainingPoint
        self.flagged = flagged
        self.suggestion = suggestion
        self.minimumConfidence = minimumConfidence
        self.limit = limit
        self.offset = offset
    }

    /// The selection as a text equal for equal filters (limit and offset left out): workers sharing a check of the
    /// same selection find each other's run by it. Empty when it selects every example.
    public var selectionKey: String {
        let fields: [(String, String?)] = [
            ("status", status?.rawValue), ("label", label), ("source", source), ("check", check), ("text", text),
            ("severity", severity?.rawValue), ("training_point", trainingPoint), ("flagged", flagged.map { "\($0)" }),
            ("suggestion", suggestion), ("minimum_confidence", minimumConfidence.map { "\($0)" }),
        ]
        var key = JSONObject()
        for (name, value) in fields { if let value { key[name] = .string(value) } }
        return key.isEmpty ? "" : JSONValue.object(key).serialized
    }

    /// The WHERE clause (over `examples e` joined with `sources s`) and its arguments.
    func whereClause() -> (sql: String, arguments: StatementArguments) {
        let (sql, values) = neutralWhereClause(postgres: false)
        return (sql, StatementArguments(values))
    }

    /// `column LIKE ?` as SQLite reads it, ASCII letters matched in either case, others as they are, in the
    /// dialect of either store (PostgreSQL's LIKE is case-sensitive and its ILIKE folds every letter), so that
    /// both stores select the same examples. The pattern escapes with a backslash.
    static func likeCondition(_ column: String, postgres: Bool) -> String {
        guard postgres else { return "\(column) LIKE ? ESCAPE '\\'" }
        let fold = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'"
        return "translate(\(column), \(fold)) LIKE translate(?, \(fold)) ESCAPE '\\'"
    }

    /// The WHERE clause with `?` placeholders and its values, for a PostgreSQL store or a SQLite file.
    func neutralWhereClause(postgres: Bool) -> (sql: String, arguments: [SQLValue]) {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let status {
            conditions.append("e.status = ?")
            arguments += [.text(status.rawValue)]
        }
        if let label {
            conditions.append("COALESCE(e.label_override, e.label) = ?")
            arguments += [.text(label)]
        }
        if let trainingPoint {
            conditions.append("COALESCE(e.training_point, e.label_override, e.label) = ?")
            arguments += [.text(trainingPoint)]
        }
        if let source {
            conditions.append("(s.path = ? OR \(Self.likeCondition("s.path", postgres: postgres)))")
            arguments += [.text(source), .text("%" + Self.escapeLike(source))]
        }
        if check != nil || severity != nil {
            var flagConditions = ["f.example_id = e.id"]
            if let check {
                flagConditions.append("f.check_id = ?")
                arguments += [.text(check)]
            }
            if let severity {
                flagConditions.append("f.severity = ?")
                arguments += [.text(severity.rawValue)]
            }
            conditions.append("EXISTS (SELECT 1 FROM flags f WHERE \(flagConditions.joined(separator: " AND ")))")
        }
        if let flagged {
            conditions.append((flagged ? "" : "NOT ") + "EXISTS (SELECT 1 FROM flags f WHERE f.example_id = e.id)")
        }
        if suggestion != nil || minimumConfidence != nil {
            // The evidence is JSON text in both stores; a confidence that is not a number never passes.
            var flagConditions = ["f.example_id = e.id", "f.check_id LIKE 'label-%'"]
            if let suggestion {
                flagConditions.append(
                    postgres
                        ? "COALESCE(f.evidence::jsonb ->> 'suggested_label', f.evidence::jsonb ->> 'suggestion') = ?"
                        : "COALESCE(json_extract(f.evidence, '$.suggested_label'), "
                            + "json_extract(f.evidence, '$.suggestion')) = ?")
                arguments += [.text(suggestion)]
            }
            if let minimumConfidence {
                flagConditions.append(
                    postgres
                        ? "CASE WHEN jsonb_typeof(f.evidence::jsonb -> 'confidence') = 'number' "
                            + "THEN (f.evidence::jsonb ->> 'confidence')::float8 END >= ?"
                        : "CASE WHEN json_type(f.evidence, '$.confidence') IN ('real', 'integer') "
                            + "THEN json_extract(f.evidence, '$.confidence') END >= ?")
                arguments += [.double(minimumConfidence)]
            }
            conditions.append("EXISTS (SELECT 1 FROM flags f WHERE \(flagConditions.joined(separator: " AND ")))")
        }
        if let text {
            conditions.append(
                "(\(Self.likeCondition("e.input", postgres: postgres)) OR "
                    + "\(Self.likeCondition("e.response", postgres: postgres)))")
            let pattern = "%" + Self.escapeLike(text) + "%"
            arguments += [.text(pattern), .text(pattern)]
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// The LIMIT and OFFSET clauses with `?` placeholders and their values; `unlimited` is what the dialect needs
    /// before an OFFSET without a LIMIT.
    func paging(unlimited: String) -> (sql: String, arguments: [SQLValue]) {
        if let limit { return (" LIMIT ? OFFSET ?", [.integer(Int64(limit)), .integer(Int64(offset))]) }
        if offset > 0 { return (" \(unlimited)OFFSET ?", [.integer(Int64(offset))]) }
        return ("", [])
    }

    /// The filter without paging.
    public var unpaged: ExampleFilter {
        var copy = self
        copy.limit = nil
        copy.offset = 0
        return copy
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

/// A quarantined input record.
public struct QuarantinedRecord: Sendable, Equatable {
    /// The source file path.
    public var file: String
    /// Where in the file.
    public var locator: Locator?
    /// The problem kind.
    public var kind: String
    /// What is wrong.
    public var message: String
    /// The start of the raw input.
    public var snippet: String
}

/// A record an import skipped as already stored, with its file.
public struct StoredSkip: Sendable, Equatable {
    /// The source file path.
    public var file: String
    /// The record: where it is, why it was skipped, and the example it duplicates.
    public var record: SkippedRecord
}

/// A source file with its counts.
public struct SourceSummary: Sendable, Equatable {
    /// The source.
    public var info: SourceInfo
    /// Records read in the last finished pass.
    public var recordsRead: Int
    /// Examples that came from it.
    public var imported: Int
    /// Records of it that are quarantined.
    public var quarantined: Int
    /// Notes such as an encoding conversion.
    public var notes: [String]
}

/// Counts over the whole store.
public struct StoreStatistics: Sendable, Equatable {
    /// All examples.
    public var examples: Int
    /// Examples per review status.
    public var byStatus: [String: Int]
    /// Examples per effective label (`(none)` for unlabelled), most frequent first.
    public var byLabel: [(label: String, count: Int)]
    /// Examples per training point, most frequent first.
    public var byTrainingPoint: [(label: String, count: Int)]
    /// Examples with an agent response.
    public var withResponse: Int
    /// Quarantined records.
    public var quarantined: Int
    /// Flags per check, most frequent first.
    public var flagsByCheck: [(label: String, count: Int)]
    /// Sources.
    public var sources: [SourceSummary]
    /// Of the rejected examples, those rejected last by `import` as superseded by a later version of their ticket.
    public var superseded = 0

    /// The rejected examples whose last decision is by `import` (settling a ticket's versions).
    static let supersededSQL = """
        SELECT COUNT(*) FROM examples e WHERE e.status = 'rejected'
          AND (SELECT d.reviewer FROM decisions d WHERE d.example_id = e.id ORDER BY d.id DESC LIMIT 1) = 'import'
        """

    public static func == (lhs: StoreStatistics, rhs: StoreStatistics) -> Bool {
        lhs.examples == rhs.examples && lhs.byStatus == rhs.byStatus
            && lhs.byLabel.map(\.label) == rhs.byLabel.map(\.label) && lhs.sources == rhs.sources
    }
}

extension Store {
    static let exampleColumns = """
        e.id, e.input, e.response, e.label, e.training_point, e.ticket_id, e.messages, e.metadata, s.path AS source_path,
        e.locator, e.status, e.label_override, lower(hex(e.content_hash)) AS content_hash, e.edited_input,
        e.edited_response, e.version
        """

    /// An example from a row whose first columns are ``exampleColumns``, in their order (every query that decodes
    /// examples selects them first): read by position, since a lookup by name lower-cases the name each time.
    static func example(from row: Row) -> Example {
        assert(row.count >= 16 && row.columnNames.first == "id" && Array(row.columnNames)[15] == "version")
        let messages = (try? JSONParser.parse(row[6] as String)).map { Message.list(from: $0) } ?? []
        let metadata = (try? JSONParser.parse(row[7] as String))?.objectValue ?? JSONObject()
        return Example(
            id: row[0], input: row[1], response: row[2], label: row[3], trainingPoint: row[4], ticketID: row[5],
            messages: messages, metadata: metadata, sourcePath: row[8], locator: Locator(encoded: row[9]) ?? .line(0),
            status: ReviewStatus(rawValue: row[10]) ?? .pending, labelOverride: row[11], contentHash: row[12],
            editedInput: row[13], editedResponse: row[14], version: row[15])
    }

    /// Examples matching `filter`, in id order.
    public func examples(_ filter: ExampleFilter = ExampleFilter()) throws -> [Example] {
        if let postgres { return try postgresExamples(postgres, filter) }
        let (whereSQL, arguments) = filter.whereClause()
        var sql = """
            SELECT \(Store.exampleColumns) FROM examples e JOIN sources s ON s.id = e.source_id
            \(whereSQL) ORDER BY e.id
            """
        let paging = filter.paging(unlimited: "LIMIT -1 ")
        sql += paging.sql
        let allArguments = arguments + StatementArguments(paging.arguments)
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: allArguments).map(Store.example(from:))
        }
    }

    /// The ids of the examples matching `filter`, in id order (limit and offset ignored).
    public func exampleIDs(_ filter: ExampleFilter = ExampleFilter()) throws -> [Int64] {
        if let postgres { return try postgresExampleIDs(postgres, filter) }
        let (whereSQL, arguments) = filter.whereClause()
        return try writer.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT e.id FROM examples e JOIN sources s ON s.id = e.source_id \(whereSQL) ORDER BY e.id",
                arguments: arguments)
        }
    }

    /// The examples with these ids, in id order (unknown ids are absent).
    public func examples(ids: [Int64]) throws -> [Example] {
        if let postgres { return try postgresExamples(postgres, ids: ids) }
        guard !ids.isEmpty else { return [] }
        return try writer.read { db in
            var found: [Example] = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                found += try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Store.exampleColumns) FROM examples e JOIN sources s ON s.id = e.source_id
                        WHERE e.id IN (\(placeholders))
                        """,
                    arguments: StatementArguments(chunk)
                ).map(Store.example(from:))
            }
            return found.sorted { $0.id < $1.id }
        }
    }

    /// The number of examples matching `filter` (limit and offset ignored).
    public func count(_ filter: ExampleFilter = ExampleFilter()) throws -> Int {
        if let postgres { return try postgresCount(postgres, filter) }
        let (whereSQL, arguments) = filter.whereClause()
        return try writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM examples e JOIN sources s ON s.id = e.source_id \(whereSQL)",
                arguments: arguments) ?? 0
        }
    }

    /// One example.
    public func example(id: Int64) throws -> Example {
        if let postgres { return try postgresExample(postgres, id: id) }
        let row = try writer.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT \(Store.exampleColumns) FROM examples e JOIN sources s ON s.id = e.source_id WHERE e.id = ?",
                arguments: [id])
        }
        guard let row else { throw StoreError.noSuchExample(id) }
        return Store.example(from: row)
    }

    /// Quarantined records in file and position order.
    public func quarantine(source: String? = nil) throws -> [QuarantinedRecord] {
        if let postgres { return try postgresQuarantine(postgres, source: source) }
        return try writer.read { db in
            var sql = """
                SELECT s.path, q.locator, q.kind, q.message, q.snippet FROM import_errors q
                JOIN sources s ON s.id = q.source_id
                """
            let (condition, arguments) = Store.sourceCondition(source)
            sql += condition + " ORDER BY s.id, q.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                QuarantinedRecord(
                    file: row[0], locator: Locator(encoded: row[1]), kind: row[2], message: row[3], snippet: row[4])
            }
        }
    }

    /// Records skipped as the same ticket or text as a stored example, optionally of one source (its path or the
    /// path's ending), in import order.
    public func skippedRecords(source: String? = nil) throws -> [StoredSkip] {
        if let postgres { return try postgresSkippedRecords(postgres, source: source) }
        return try writer.read { db in
            var sql = """
                SELECT s.path, k.locator, k.reason, k.duplicate_of FROM import_skips k
                JOIN sources s ON s.id = k.source_id
                """
            let (condition, arguments) = Store.sourceCondition(source)
            sql += condition + " ORDER BY s.id, k.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let stored: String = row[1]
                guard let locator = Locator(encoded: stored) else {
                    throw StoreError.corrupt("a skipped record's place is '\(stored)'")
                }
                return StoredSkip(
                    file: row[0],
                    record: SkippedRecord(
                        locator: locator, reason: SkipReason(rawValue: row[2]) ?? .sameText, duplicateOf: row[3]))
            }
        }
    }

    /// Which of `label` and `response` no example has (an unlabelled data set, tickets without answers): rules
    /// about those fields being missing cannot apply to it.
    public func absentFields() throws -> [String] {
        if let postgres { return try postgresAbsentFields(postgres) }
        return try writer.read { db in
            var absent: [String] = []
            let hasAny = try Int.fetchOne(db, sql: "SELECT count(*) FROM examples") ?? 0
            guard hasAny > 0 else { return [] }
            let labelled =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM examples WHERE trim(coalesce(label, '')) <> '')") ?? false
            if !labelled { absent.append("label") }
            let answered =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM examples WHERE response IS NOT NULL)") ?? false
            if !answered { absent.append("response") }
            return absent
        }
    }

    /// A `WHERE` clause on sources aliased `s` whose path is `source` or ends with it (nothing for nil).
    static func sourceCondition(_ source: String?) -> (sql: String, arguments: StatementArguments) {
        let (sql, values) = neutralSourceCondition(source)
        return (sql, StatementArguments(values))
    }

    /// ``sourceCondition(_:)`` with `?` placeholders and dialect-neutral values, for either store.
    static func neutralSourceCondition(_ source: String?, postgres: Bool = false) -> (
        sql: String, arguments: [SQLValue]
    ) {
        guard let source else { return ("", []) }
        return (
            " WHERE s.path = ? OR " + ExampleFilter.likeCondition("s.path", postgres: postgres),
            [.text(source), .text("%" + ExampleFilter.escapeLike(source))]
        )
    }

    /// Sources with their counts, in import order.
    public func sources() throws -> [SourceSummary] {
        if let postgres { return try postgresSources(postgres) }
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.*,
                      (SELECT COUNT(*) FROM examples e WHERE e.source_id = s.id) AS n_examples,
                      (SELECT COUNT(*) FROM import_errors q WHERE q.source_id = s.id) AS n_errors
                    FROM sources s ORDER BY s.id
                    """
            ).map { row in
                let notes = (try? JSONParser.parse(row["notes"] as String))?.arrayValue?.compactMap(\.scalarText) ?? []
                return SourceSummary(
                    info: SourceInfo(
                        id: row["id"], path: row["path"], sha256: row["sha256"],
                        format: try SourceFormat.decoded(row["format"]),
                        size: row["size"], isComplete: (row["status"] as String) == "complete",
                        recordsDone: row["records_done"]),
                    recordsRead: row["records_read"], imported: row["n_examples"], quarantined: row["n_errors"],
                    notes: notes)
            }
        }
    }

    /// Counts over the whole store.
    public func statistics() throws -> StoreStatistics {
        if let postgres { return try postgresStatistics(postgres) }
        let sources = try sources()
        return try writer.read { db in
            func grouped(_ sql: String) throws -> [(label: String, count: Int)] {
                try Row.fetchAll(db, sql: sql).map { (label: ($0[0] as String?) ?? "(none)", count: $0[1]) }
            }
            let examples = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM examples") ?? 0
            var byStatus: [String: Int] = [:]
            for status in ReviewStatus.allCases { byStatus[status.rawValue] = 0 }
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM examples GROUP BY status") {
                byStatus[row[0]] = row[1]
            }
            var statistics = StoreStatistics(
                examples: examples, byStatus: byStatus,
                byLabel: try grouped(
                    """
                    SELECT COALESCE(label_override, label) AS l, COUNT(*) AS n FROM examples
                    GROUP BY l ORDER BY n DESC, l
                    """),
                byTrainingPoint: try grouped(
                    """
                    SELECT COALESCE(training_point, label_override, label) AS l, COUNT(*) AS n FROM examples
                    GROUP BY l ORDER BY n DESC, l
                    """),
                withResponse: try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM examples WHERE response IS NOT NULL AND response != ''") ?? 0,
                quarantined: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_errors") ?? 0,
                flagsByCheck: try grouped(
                    "SELECT check_id, COUNT(*) AS n FROM flags GROUP BY check_id ORDER BY n DESC, check_id"),
                sources: sources)
            statistics.superseded = try Int.fetchOne(db, sql: StoreStatistics.supersededSQL) ?? 0
            return statistics
        }
    }
}
