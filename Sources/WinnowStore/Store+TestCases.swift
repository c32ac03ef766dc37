import Foundation
import GRDB
import WinnowCore

/// How a test case came into the store.
public enum TestCaseOrigin: String, Sendable, Equatable, CaseIterable {
    /// `winnow cases add`.
    case added
    /// `winnow cases import FILE`.
    case imported
    /// `winnow cases promote ID`: a reviewed example turned into a case.
    case promoted
}

/// A training example a test case copies (exactly or nearly): the case would test memory, not learning.
public struct TestCaseDuplicate: Sendable, Equatable {
    /// The example.
    public var exampleID: Int64
    /// `exact` (the same normalised text) or `lexical` (near-identical wording).
    public var tier: String
    /// Jaccard similarity of the texts' shingles (1 for exact).
    public var similarity: Double

    /// A duplicate link.
    public init(exampleID: Int64, tier: String, similarity: Double) {
        self.exampleID = exampleID
        self.tier = tier
        self.similarity = similarity
    }
}

/// A test case before it has an id.
public struct TestCaseDraft: Sendable, Equatable {
    /// The text the model is given.
    public var input: String
    /// The label the model should give it.
    public var expectedLabel: String
    /// The training point it tests (nil: the expected label).
    public var trainingPoint: String?
    /// A note for people.
    public var note: String?
    /// The example it was promoted from.
    public var exampleID: Int64?
    /// Where it came from (file and line), for the history.
    public var provenance: String?

    /// A draft.
    public init(
        input: String, expectedLabel: String, trainingPoint: String? = nil, note: String? = nil,
        exampleID: Int64? = nil, provenance: String? = nil
    ) {
        self.input = input
        self.expectedLabel = expectedLabel
        self.trainingPoint = trainingPoint
        self.note = note
        self.exampleID = exampleID
        self.provenance = provenance
    }
}

/// A stored test case.
public struct TestCase: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var input: String
    public var expectedLabel: String
    public var trainingPoint: String?
    public var note: String?
    public var origin: TestCaseOrigin
    /// The example it was promoted from.
    public var exampleID: Int64?
    /// False once removed (removed cases keep their history).
    public var isActive: Bool
    /// The training example it copies, when it does.
    public var duplicate: TestCaseDuplicate?
    public var createdAt: Date

    /// The training point: the one given, else the expected label.
    public var effectiveTrainingPoint: String { trainingPoint ?? expectedLabel }

    /// The case as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["id"] = .number(Double(id))
        object["input"] = .string(input)
        object["expected_label"] = .string(expectedLabel)
        object["training_point"] = .string(effectiveTrainingPoint)
        object["note"] = note.map(JSONValue.string) ?? .null
        object["origin"] = .string(origin.rawValue)
        object["example"] = exampleID.map { .number(Double($0)) } ?? .null
        object["status"] = .string(isActive ? "active" : "removed")
        if let duplicate {
            object["duplicate_of"] = .object(
                JSONObject([
                    ("example", .number(Double(duplicate.exampleID))), ("tier", .string(duplicate.tier)),
                    ("similarity", .number((duplicate.similarity * 1000).rounded() / 1000)),
                ]))
        } else {
            object["duplicate_of"] = .null
        }
        return .object(object)
    }
}

/// One entry of a test case's history.
public struct TestCaseEvent: Sendable, Equatable {
    public var id: Int64
    public var caseID: Int64
    /// `added`, `imported`, `promoted`, `duplicate`, `removed`.
    public var action: String
    public var actor: String
    public var detail: JSONObject
    public var createdAt: Date

    /// The event as JSON.
    public var json: JSONValue {
        .object(
            JSONObject([
                ("id", .number(Double(id))), ("action", .string(action)), ("actor", .string(actor)),
                ("detail", .object(detail)), ("at", .string(ISO8601DateFormatter().string(from: createdAt))),
            ]))
    }
}

/// A test case request the store refuses.
public enum TestCaseStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(Int64)
    case alreadyRemoved(Int64)
    case exampleAlreadyCase(example: Int64, testCase: Int64)

    public var description: String {
        switch self {
        case .notFound(let id): return "no test case #\(id)"
        case .alreadyRemoved(let id): return "test case #\(id) is removed already"
        case .exampleAlreadyCase(let example, let testCase):
            return "example #\(example) is test case #\(testCase) already"
        }
    }
}

extension Store {
    static let testCaseColumns = """
        c.id, c.input, c.expected_label, c.training_point, c.note, c.origin, c.example_id, c.status, c.duplicate_of,
        c.duplicate_tier, c.duplicate_similarity, c.created_at
        """

    static func testCase(from row: Row) -> TestCase {
        let duplicateOf: Int64? = row[8]
        return TestCase(
            id: row[0], input: row[1], expectedLabel: row[2], trainingPoint: row[3], note: row[4],
            origin: TestCaseOrigin(rawValue: row[5]) ?? .added, exampleID: row[6], isActive: row[7] == "active",
            duplicate: duplicateOf.map {
                TestCaseDuplicate(exampleID: $0, tier: row[9] ?? "exact", similarity: row[10] ?? 1)
            },
            createdAt: row[11])
    }

    /// Stores `drafts` as active cases with one history entry each (`origin` by `actor`), in one transaction;
    /// refuses an example that is an active case already.
    public func addTestCases(_ drafts: [TestCaseDraft], origin: TestCaseOrigin, actor: String) throws -> [TestCase] {
        if let postgres { return try postgresAddTestCases(postgres, drafts, origin: origin, actor: actor) }
        return try writer.write { db in
            let now = Date()
            var ids: [Int64] = []
            for draft in drafts {
                if let example = draft.exampleID,
                    let existing = try Int64.fetchOne(
                        db, sql: "SELECT id FROM test_cases WHERE example_id = ? AND status = 'active'",
                        arguments: [example])
                {
                    throw TestCaseStoreError.exampleAlreadyCase(example: example, testCase: existing)
                }
                try db.execute(
                    sql: """
                        INSERT INTO test_cases (input, expected_label, training_point, note, origin, example_id,
                          created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        draft.input, draft.expectedLabel, draft.trainingPoint, draft.note, origin.rawValue,
                        draft.exampleID, now, now,
                    ])
                let id = db.lastInsertedRowID
                var detail = JSONObject()
                if let example = draft.exampleID { detail["example"] = .number(Double(example)) }
                if let provenance = draft.provenance { detail["from"] = .string(provenance) }
                detail["expected_label"] = .string(draft.expectedLabel)
                try Store.recordTestCaseEvent(db, caseID: id, action: origin.rawValue, actor: actor, detail: detail)
                ids.append(id)
            }
            return try ids.map { try Store.fetchTestCase(db, id: $0) }
        }
    }

    /// The cases, oldest first: active ones only unless `includeRemoved`, of one training point when `point` is
    /// given (matched against the effective training point).
    public func testCases(point: String? = nil, includeRemoved: Bool = false) throws -> [TestCase] {
        if let postgres { return try postgresTestCases(postgres, point: point, includeRemoved: includeRemoved) }
        return try writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if !includeRemoved { conditions.append("c.status = 'active'") }
            if let point {
                conditions.append("COALESCE(c.training_point, c.expected_label) = ?")
                arguments += [point]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(
                db, sql: "SELECT \(Store.testCaseColumns) FROM test_cases c \(filter) ORDER BY c.id",
                arguments: arguments
            ).map(Store.testCase(from:))
        }
    }

    /// One case, active or removed.
    public func testCase(id: Int64) throws -> TestCase {
        if let postgres { return try postgresTestCase(postgres, id: id) }
        return try writer.read { db in try Store.fetchTestCase(db, id: id) }
    }

    /// A case's history, oldest first.
    public func testCaseEvents(caseID: Int64) throws -> [TestCaseEvent] {
        if let postgres { return try postgresTestCaseEvents(postgres, caseID: caseID) }
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, case_id, action, actor, detail, created_at FROM test_case_events
                    WHERE case_id = ? ORDER BY id
                    """,
                arguments: [caseID]
            ).map { row in
                TestCaseEvent(
                    id: row[0], caseID: row[1], action: row[2], actor: row[3],
                    detail: (try? JSONParser.parse(row[4] as String))?.objectValue ?? JSONObject(), createdAt: row[5])
            }
        }
    }

    /// Marks the cases removed (their history stays), in one transaction; unknown or removed ids are refused.
    public func removeTestCases(_ ids: [Int64], actor: String) throws {
        if let postgres { return try postgresRemoveTestCases(postgres, ids, actor: actor) }
        try writer.write { db in
            for id in ids {
                let testCase = try Store.fetchTestCase(db, id: id)
                guard testCase.isActive else { throw TestCaseStoreError.alreadyRemoved(id) }
                try db.execute(
                    sql: "UPDATE test_cases SET status = 'removed', updated_at = ? WHERE id = ?",
                    arguments: [Date(), id])
                try Store.recordTestCaseEvent(db, caseID: id, action: "removed", actor: actor, detail: JSONObject())
            }
        }
    }

    /// Records which training example each case copies (nil: none); a change is written to the case's history.
    public func setTestCaseDuplicates(_ duplicates: [Int64: TestCaseDuplicate?], actor: String) throws {
        if let postgres { return try postgresSetTestCaseDuplicates(postgres, duplicates, actor: actor) }
        try writer.write { db in
            for (id, duplicate) in duplicates.sorted(by: { $0.key < $1.key }) {
                let before = try Store.fetchTestCase(db, id: id)
                guard before.duplicate != duplicate else { continue }
                try db.execute(
                    sql: """
                        UPDATE test_cases SET duplicate_of = ?, duplicate_tier = ?, duplicate_similarity = ?,
                          updated_at = ? WHERE id = ?
                        """,
                    arguments: [duplicate?.exampleID, duplicate?.tier, duplicate?.similarity, Date(), id])
                try Store.recordTestCaseEvent(
                    db, caseID: id, action: "duplicate", actor: actor, detail: Store.duplicateDetail(duplicate))
            }
        }
    }

    /// Examples that must stay out of training because of the active cases: the examples promoted to cases, the
    /// training examples a case copies, and every member of those examples' duplicate clusters (``duplicateLinks()``).
    /// Splits, exports, training and suggestions all read this one set.
    public func examplesBoundToTestCases() throws -> Set<Int64> {
        let direct =
            try postgres.map(postgresDirectlyBoundExamples)
            ?? writer.read { db in
                Set(
                    try Int64.fetchAll(
                        db,
                        sql: """
                            SELECT example_id FROM test_cases WHERE status = 'active' AND example_id IS NOT NULL
                            UNION SELECT duplicate_of FROM test_cases WHERE status = 'active' AND duplicate_of IS NOT NULL
                            """))
            }
        guard !direct.isEmpty else { return [] }
        var clusters: [Int64: [Int64]] = [:]
        for link in try duplicateLinks() {
            clusters[link.representative, default: [link.representative]].append(link.exampleID)
        }
        var bound = direct
        for members in clusters.values where members.contains(where: direct.contains) {
            bound.formUnion(members)
        }
        return bound
    }

    /// What a case's history records when the training example it copies changes.
    static func duplicateDetail(_ duplicate: TestCaseDuplicate?) -> JSONObject {
        var detail = JSONObject()
        if let duplicate {
            detail["example"] = .number(Double(duplicate.exampleID))
            detail["tier"] = .string(duplicate.tier)
            detail["similarity"] = .number((duplicate.similarity * 1000).rounded() / 1000)
        } else {
            detail["cleared"] = .bool(true)
        }
        return detail
    }

    static func fetchTestCase(_ db: Database, id: Int64) throws -> TestCase {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT \(Store.testCaseColumns) FROM test_cases c WHERE c.id = ?", arguments: [id])
        else { throw TestCaseStoreError.notFound(id) }
        return Store.testCase(from: row)
    }

    static func recordTestCaseEvent(
        _ db: Database, caseID: Int64, action: String, actor: String, detail: JSONObject
    ) throws {
        try db.execute(
            sql: "INSERT INTO test_case_events (case_id, action, actor, detail, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [caseID, action, actor, JSONValue.object(detail).serialized, Date()])
    }
}
