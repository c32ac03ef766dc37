import Foundation
import PostgresNIO
import WinnowCore

/// Test cases and their history on PostgreSQL.
extension Store {
    static func testCase(from row: PostgresRandomAccessRow) throws -> TestCase {
        let duplicateOf = try row[8].decode(Int64?.self)
        let tier = try row[9].decode(String?.self)
        let similarity = try row[10].decode(Double?.self)
        return TestCase(
            id: try row[0].decode(Int64.self), input: try row[1].decode(String.self),
            expectedLabel: try row[2].decode(String.self), trainingPoint: try row[3].decode(String?.self),
            note: try row[4].decode(String?.self),
            origin: TestCaseOrigin(rawValue: try row[5].decode(String.self)) ?? .added,
            exampleID: try row[6].decode(Int64?.self), isActive: try row[7].decode(String.self) == "active",
            duplicate: duplicateOf.map {
                TestCaseDuplicate(exampleID: $0, tier: tier ?? "exact", similarity: similarity ?? 1)
            },
            createdAt: try row[11].decode(Date.self))
    }

    func postgresTestCase(_ link: PostgresLink, id: Int64) throws -> TestCase {
        guard
            let row = try link.query(
                "SELECT \(Store.testCaseColumns) FROM test_cases c WHERE c.id = $1", [.integer(id)]
            ).first
        else { throw TestCaseStoreError.notFound(id) }
        return try Store.testCase(from: row)
    }

    func postgresRecordTestCaseEvent(
        _ link: PostgresLink, caseID: Int64, action: String, actor: String, detail: JSONObject
    ) throws {
        try link.execute(
            "INSERT INTO test_case_events (case_id, action, actor, detail, created_at) VALUES ($1, $2, $3, $4, $5)",
            [
                .integer(caseID), .text(action), .text(actor), .text(JSONValue.object(detail).serialized),
                .date(Date()),
            ])
    }

    func postgresAddTestCases(
        _ link: PostgresLink, _ drafts: [TestCaseDraft], origin: TestCaseOrigin, actor: String
    ) throws -> [TestCase] {
        try link.transaction {
            // One writer of cases at a time, so an example never becomes two active cases.
            try link.execute("SELECT pg_advisory_xact_lock(7072701)")
            let now = Date()
            var ids: [Int64] = []
            for draft in drafts {
                if let example = draft.exampleID,
                    let existing = try link.scalar(
                        Int64.self, "SELECT id FROM test_cases WHERE example_id = $1 AND status = 'active'",
                        [.integer(example)])
                {
                    throw TestCaseStoreError.exampleAlreadyCase(example: example, testCase: existing)
                }
                guard
                    let id = try link.scalar(
                        Int64.self,
                        """
                        INSERT INTO test_cases (input, expected_label, training_point, note, origin, example_id,
                          created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                        """,
                        [
                            .text(draft.input), .text(draft.expectedLabel),
                            draft.trainingPoint.map(SQLValue.text) ?? .null,
                            draft.note.map(SQLValue.text) ?? .null, .text(origin.rawValue),
                            draft.exampleID.map(SQLValue.integer) ?? .null, .date(now), .date(now),
                        ])
                else { throw StoreError.server("a new test case got no id") }
                var detail = JSONObject()
                if let example = draft.exampleID { detail["example"] = .number(Double(example)) }
                if let provenance = draft.provenance { detail["from"] = .string(provenance) }
                detail["expected_label"] = .string(draft.expectedLabel)
                try postgresRecordTestCaseEvent(link, caseID: id, action: origin.rawValue, actor: actor, detail: detail)
                ids.append(id)
            }
            return try ids.map { try postgresTestCase(link, id: $0) }
        }
    }

    func postgresTestCases(_ link: PostgresLink, point: String?, includeRemoved: Bool) throws -> [TestCase] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if !includeRemoved { conditions.append("c.status = 'active'") }
        if let point {
            conditions.append("COALESCE(c.training_point, c.expected_label) = $1")
            values.append(.text(point))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try link.query("SELECT \(Store.testCaseColumns) FROM test_cases c \(filter) ORDER BY c.id", values)
            .map(Store.testCase(from:))
    }

    func postgresTestCaseEvents(_ link: PostgresLink, caseID: Int64) throws -> [TestCaseEvent] {
        try link.query(
            "SELECT id, case_id, action, actor, detail, created_at FROM test_case_events WHERE case_id = $1 ORDER BY id",
            [.integer(caseID)]
        ).map { row in
            TestCaseEvent(
                id: try row[0].decode(Int64.self), caseID: try row[1].decode(Int64.self),
                action: try row[2].decode(String.self), actor: try row[3].decode(String.self),
                detail: (try? JSONParser.parse(try row[4].decode(String.self)))?.objectValue ?? JSONObject(),
                createdAt: try row[5].decode(Date.self))
        }
    }

    func postgresRemoveTestCases(_ link: PostgresLink, _ ids: [Int64], actor: String) throws {
        try link.transaction {
            for id in ids {
                guard
                    let status = try link.scalar(
                        String.self, "SELECT status FROM test_cases WHERE id = $1 FOR UPDATE", [.integer(id)])
                else { throw TestCaseStoreError.notFound(id) }
                guard status == "active" else { throw TestCaseStoreError.alreadyRemoved(id) }
                try link.execute(
                    "UPDATE test_cases SET status = 'removed', updated_at = $1 WHERE id = $2",
                    [.date(Date()), .integer(id)])
                try postgresRecordTestCaseEvent(link, caseID: id, action: "removed", actor: actor, detail: JSONObject())
            }
        }
    }

    func postgresSetTestCaseDuplicates(_ link: PostgresLink, _ duplicates: [Int64: TestCaseDuplicate?], actor: String)
        throws
    {
        try link.transaction {
            for (id, duplicate) in duplicates.sorted(by: { $0.key < $1.key }) {
                _ = try link.execute("SELECT 1 FROM test_cases WHERE id = $1 FOR UPDATE", [.integer(id)])
                let before = try postgresTestCase(link, id: id)
                guard before.duplicate != duplicate else { continue }
                try link.execute(
                    """
                    UPDATE test_cases SET duplicate_of = $1, duplicate_tier = $2, duplicate_similarity = $3,
                      updated_at = $4 WHERE id = $5
                    """,
                    [
                        duplicate.map { .integer($0.exampleID) } ?? .null, duplicate.map { .text($0.tier) } ?? .null,
                        duplicate.map { .double($0.similarity) } ?? .null, .date(Date()), .integer(id),
                    ])
                try postgresRecordTestCaseEvent(
                    link, caseID: id, action: "duplicate", actor: actor, detail: Store.duplicateDetail(duplicate))
            }
        }
    }

    func postgresDirectlyBoundExamples(_ link: PostgresLink) throws -> Set<Int64> {
        Set(
            try link.query(
                """
                SELECT example_id FROM test_cases WHERE status = 'active' AND example_id IS NOT NULL
                UNION SELECT duplicate_of FROM test_cases WHERE status = 'active' AND duplicate_of IS NOT NULL
                """
            ).map { try $0[0].decode(Int64.self) })
    }
}
