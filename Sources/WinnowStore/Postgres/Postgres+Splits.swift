import Foundation
import PostgresNIO
import WinnowCore

/// Splits and what exports read, on PostgreSQL. Members go in by `COPY`; the triggers of the splits migration keep
/// a split unchanged once made, as on SQLite.
extension Store {
    func postgresCreateSplit(
        _ link: PostgresLink, name: String, parameters: JSONObject, summary: JSONObject, runID: Int64?,
        members: [(exampleID: Int64, part: SplitPart)]
    ) throws -> SplitInfo {
        try link.transaction {
            // Two processes making a split by one name: the second waits, then finds the name taken.
            try link.execute("SELECT pg_advisory_xact_lock(7072700, hashtext($1))", [.text(name)])
            if try link.scalar(Int64.self, "SELECT id FROM splits WHERE name = $1", [.text(name)]) != nil {
                throw SplitStoreError.nameTaken(name)
            }
            guard
                let splitID = try link.scalar(
                    Int64.self,
                    """
                    INSERT INTO splits (name, parameters, summary, run_id, created_at) VALUES ($1, $2, $3, $4, $5)
                    RETURNING id
                    """,
                    [
                        .text(name), .text(JSONValue.object(parameters).serialized),
                        .text(JSONValue.object(summary).serialized), runID.map(SQLValue.integer) ?? .null,
                        .date(Date()),
                    ])
            else { throw SplitStoreError.noSuchSplit(name) }
            if !members.isEmpty {
                var text = CopyText()
                for member in members {
                    text.row([String(splitID), String(member.exampleID), member.part.rawValue])
                }
                try link.copy(into: "split_members", columns: ["split_id", "example_id", "part"], text: text.bytes)
            }
            guard let info = try postgresSplits(link, where: "s.id = $1", [.integer(splitID)]).first else {
                throw SplitStoreError.noSuchSplit(name)
            }
            return info
        }
    }

    func postgresSplits(_ link: PostgresLink, where condition: String?, _ values: [SQLValue]) throws -> [SplitInfo] {
        try link.query(
            """
            SELECT s.id, s.name, s.parameters, s.summary, s.run_id, s.created_at,
              (SELECT COUNT(*) FROM split_members m WHERE m.split_id = s.id AND m.part = 'train') AS n_train,
              (SELECT COUNT(*) FROM split_members m WHERE m.split_id = s.id AND m.part = 'validation') AS n_validation,
              (SELECT COUNT(*) FROM split_members m WHERE m.split_id = s.id AND m.part = 'test') AS n_test
            FROM splits s \(condition.map { "WHERE " + $0 } ?? "") ORDER BY s.id DESC
            """, values
        ).map { row in
            SplitInfo(
                id: try row.value("id"), name: try row.value("name"),
                parameters: (try? JSONParser.parse(try row.value("parameters", as: String.self)))?.objectValue
                    ?? JSONObject(),
                summary: (try? JSONParser.parse(try row.value("summary", as: String.self)))?.objectValue
                    ?? JSONObject(),
                runID: try row.value("run_id"), createdAt: try row.value("created_at"),
                counts: [
                    .train: Int(try row.value("n_train", as: Int64.self)),
                    .validation: Int(try row.value("n_validation", as: Int64.self)),
                    .test: Int(try row.value("n_test", as: Int64.self)),
                ])
        }
    }

    func postgresSplitExamples(_ link: PostgresLink, splitID: Int64, part: SplitPart) throws -> [Example] {
        try link.query(
            """
            SELECT \(Store.postgresExampleColumns) FROM split_members m
            JOIN examples e ON e.id = m.example_id JOIN sources s ON s.id = e.source_id
            WHERE m.split_id = $1 AND m.part = $2 ORDER BY e.id
            """, [.integer(splitID), .text(part.rawValue)]
        ).map(Store.example(from:))
    }

    func postgresSplitMembers(_ link: PostgresLink, splitID: Int64, part: SplitPart?) throws
        -> [(exampleID: Int64, part: SplitPart)]
    {
        var sql = "SELECT example_id, part FROM split_members WHERE split_id = $1"
        var values: [SQLValue] = [.integer(splitID)]
        if let part {
            sql += " AND part = $2"
            values.append(.text(part.rawValue))
        }
        return try link.query(sql + " ORDER BY example_id", values).compactMap { row in
            let id = try row[0].decode(Int64.self)
            return SplitPart(rawValue: try row[1].decode(String.self)).map { (exampleID: id, part: $0) }
        }
    }

    func postgresSplitFacts(_ link: PostgresLink) throws -> [SplitFacts] {
        try link.query(
            """
            SELECT e.id, e.status, COALESCE(e.label_override, e.label) AS label,
              COALESCE(e.training_point, e.label_override, e.label) AS training_point, e.source_id, e.ticket_id,
              EXISTS (SELECT 1 FROM flags f WHERE f.example_id = e.id AND f.severity IN ('warning', 'error'))
                AS warned
            FROM examples e ORDER BY e.id
            """
        ).map { row in
            SplitFacts(
                id: try row[0].decode(Int64.self),
                status: ReviewStatus(rawValue: try row[1].decode(String.self)) ?? .pending,
                label: try row[2].decode(String?.self), trainingPoint: try row[3].decode(String?.self),
                sourceID: try row[4].decode(Int64.self), ticketID: try row[5].decode(String?.self),
                hasWarning: try row[6].decode(Bool.self))
        }
    }

    func postgresDuplicateLinks(_ link: PostgresLink) throws -> [(exampleID: Int64, representative: Int64)] {
        try link.query(
            """
            SELECT example_id, (evidence::jsonb ->> 'representative')::int8 FROM flags
            WHERE jsonb_typeof(evidence::jsonb -> 'representative') = 'number'
              AND (evidence::jsonb ->> 'representative') ~ '^-?[0-9]+$'
            """
        ).map { (exampleID: try $0[0].decode(Int64.self), representative: try $0[1].decode(Int64.self)) }
    }

    func postgresSplitMemberExamples(_ link: PostgresLink, splitID: Int64) throws -> [SplitMemberExample] {
        try link.query(
            """
            SELECT \(Store.postgresExampleColumns), m.part FROM split_members m
            JOIN examples e ON e.id = m.example_id JOIN sources s ON s.id = e.source_id
            WHERE m.split_id = $1
            ORDER BY CASE m.part WHEN 'train' THEN 0 WHEN 'validation' THEN 1 ELSE 2 END, e.id
            """, [.integer(splitID)]
        ).compactMap { row in
            guard let part = SplitPart(rawValue: try row.value("part")) else { return nil }
            return SplitMemberExample(
                example: try Store.example(from: row), editedInput: try row.value("edited_input"),
                editedResponse: try row.value("edited_response"), part: part)
        }
    }

    func postgresDecisionTotals(_ link: PostgresLink) throws -> DecisionTotals {
        var byAction: [String: Int] = [:]
        for row in try link.query("SELECT action, COUNT(*) FROM decisions GROUP BY action") {
            byAction[try row[0].decode(String.self)] = Int(try row[1].decode(Int64.self))
        }
        return DecisionTotals(
            byAction: byAction, lastID: try link.scalar(Int64.self, "SELECT MAX(id) FROM decisions"))
    }

    func postgresEmbeddingModels(_ link: PostgresLink) throws -> [(model: String, count: Int)] {
        try link.query(
            "SELECT model, COUNT(*) AS n FROM embeddings GROUP BY model ORDER BY n DESC, model COLLATE \"C\""
        ).map { (model: try $0[0].decode(String.self), count: Int(try $0[1].decode(Int64.self))) }
    }
}
