import Foundation
import GRDB
import WinnowCore

/// A stored split: its name, how it was made, and how many examples each part holds.
public struct SplitInfo: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// The name it is known by (unique).
    public var name: String
    /// The parameters it was made with.
    public var parameters: JSONObject
    /// What `winnow split` reported when it was made.
    public var summary: JSONObject
    /// The run that made it.
    public var runID: Int64?
    /// When it was made.
    public var createdAt: Date
    /// Examples per part.
    public var counts: [SplitPart: Int]
}

/// What the split needs to know about one stored example.
public struct SplitFacts: Sendable, Equatable {
    /// The example id.
    public var id: Int64
    /// Its review status.
    public var status: ReviewStatus
    /// The effective label.
    public var label: String?
    /// The effective training point.
    public var trainingPoint: String?
    /// Its source file's id.
    public var sourceID: Int64
    /// Its ticket id (nil or empty when none).
    public var ticketID: String?
    /// Whether it has a flag of warning or error severity.
    public var hasWarning: Bool
}

/// A split that cannot be stored or found.
public enum SplitStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name is taken: splits never change, so a new split needs a new name.
    case nameTaken(String)
    /// No split by this name.
    case noSuchSplit(String)
    /// No split at all yet.
    case noSplits

    public var description: String {
        switch self {
        case .nameTaken(let name):
            return "a split named \"\(name)\" already exists, and splits never change: choose another --name"
        case .noSuchSplit(let name): return "no split named \"\(name)\" (see `winnow splits`)"
        case .noSplits: return "no split yet: run `winnow split` first"
        }
    }
}

extension Store {
    /// Stores a new split with its members, in one transaction. Refuses a name already taken.
    public func createSplit(
        name: String, parameters: JSONObject, summary: JSONObject, runID: Int64?,
        members: [(exampleID: Int64, part: SplitPart)]
    ) throws -> SplitInfo {
        if let postgres {
            return try postgresCreateSplit(
                postgres, name: name, parameters: parameters, summary: summary, runID: runID, members: members)
        }
        return try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM splits WHERE name = ?", arguments: [name]) == true {
                throw SplitStoreError.nameTaken(name)
            }
            try db.execute(
                sql: "INSERT INTO splits (name, parameters, summary, run_id, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    name, JSONValue.object(parameters).serialized, JSONValue.object(summary).serialized, runID, Date(),
                ])
            let splitID = db.lastInsertedRowID
            let insert = try db.cachedStatement(
                sql: "INSERT INTO split_members (split_id, example_id, part) VALUES (?, ?, ?)")
            for member in members {
                try insert.execute(arguments: [splitID, member.exampleID, member.part.rawValue])
            }
            guard let info = try Store.splits(db, where: "s.id = ?", arguments: [splitID]).first else {
                throw SplitStoreError.noSuchSplit(name)
            }
            return info
        }
    }

    /// Every split, newest first.
    public func splits() throws -> [SplitInfo] {
        if let postgres { return try postgresSplits(postgres, where: nil, []) }
        return try writer.read { db in try Store.splits(db, where: nil, arguments: []) }
    }

    /// The split named `name`.
    public func split(named name: String) throws -> SplitInfo {
        let found =
            try postgres.map { try postgresSplits($0, where: "s.name = $1", [.text(name)]) }
            ?? writer.read { db in try Store.splits(db, where: "s.name = ?", arguments: [name]) }
        guard let split = found.first else { throw SplitStoreError.noSuchSplit(name) }
        return split
    }

    /// The newest split.
    public func latestSplit() throws -> SplitInfo {
        guard let split = try splits().first else { throw SplitStoreError.noSplits }
        return split
    }

    /// The first free name of the form `split-N`.
    public func nextSplitName() throws -> String {
        let taken = Set(try splits().map(\.name))
        var number = taken.count + 1
        while taken.contains("split-\(number)") { number += 1 }
        return "split-\(number)"
    }

    /// The example ids of one part of a split, in id order (what a trainer reads).
    public func splitExampleIDs(splitID: Int64, part: SplitPart) throws -> [Int64] {
        if let postgres { return try postgresSplitMembers(postgres, splitID: splitID, part: part).map(\.exampleID) }
        return try writer.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT example_id FROM split_members WHERE split_id = ? AND part = ? ORDER BY example_id",
                arguments: [splitID, part.rawValue])
        }
    }

    /// The examples of one part of the split named `name`, in id order, with their current review state; train
    /// and validation parts leave out examples bound to a test case (``examplesBoundToTestCases()``): once a case, an
    /// example tests the model and never trains it, also in splits made before.
    public func splitExamples(named name: String, part: SplitPart) throws -> [Example] {
        let split = try split(named: name)
        let examples =
            try postgres.map { try postgresSplitExamples($0, splitID: split.id, part: part) }
            ?? writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Store.exampleColumns) FROM split_members m
                        JOIN examples e ON e.id = m.example_id JOIN sources s ON s.id = e.source_id
                        WHERE m.split_id = ? AND m.part = ? ORDER BY e.id
                        """,
                    arguments: [split.id, part.rawValue]
                ).map(Store.example(from:))
            }
        guard part != .test else { return examples }
        let bound = try examplesBoundToTestCases()
        return examples.filter { !bound.contains($0.id) }
    }

    /// Every member of a split with its part, in id order.
    public func splitMembers(splitID: Int64) throws -> [(exampleID: Int64, part: SplitPart)] {
        if let postgres { return try postgresSplitMembers(postgres, splitID: splitID, part: nil) }
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT example_id, part FROM split_members WHERE split_id = ? ORDER BY example_id",
                arguments: [splitID]
            ).compactMap { row in
                SplitPart(rawValue: row[1]).map { (exampleID: row[0], part: $0) }
            }
        }
    }

    /// What the split needs of every example, in id order.
    public func splitFacts() throws -> [SplitFacts] {
        if let postgres { return try postgresSplitFacts(postgres) }
        return try writer.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.id, e.status, COALESCE(e.label_override, e.label) AS label,
                      COALESCE(e.training_point, e.label_override, e.label) AS training_point, e.source_id, e.ticket_id,
                      EXISTS (SELECT 1 FROM flags f WHERE f.example_id = e.id AND f.severity IN ('warning', 'error'))
                        AS warned
                    FROM examples e ORDER BY e.id
                    """)
            var facts: [SplitFacts] = []
            while let row = try rows.next() {
                facts.append(
                    SplitFacts(
                        id: row[0], status: ReviewStatus(rawValue: row[1]) ?? .pending, label: row[2],
                        trainingPoint: row[3], sourceID: row[4], ticketID: row[5], hasWarning: row[6]))
            }
            return facts
        }
    }

    /// Pairs (flagged example, representative) from every flag whose evidence has an integer `representative`:
    /// the duplicate clusters that splits keep together.
    public func duplicateLinks() throws -> [(exampleID: Int64, representative: Int64)] {
        if let postgres { return try postgresDuplicateLinks(postgres) }
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT example_id, json_extract(evidence, '$.representative') FROM flags
                    WHERE json_valid(evidence) AND json_type(evidence, '$.representative') = 'integer'
                    """
            ).map { (exampleID: $0[0], representative: $0[1]) }
        }
    }

    static func splits(_ db: Database, where condition: String?, arguments: StatementArguments) throws -> [SplitInfo] {
        let sql = """
            SELECT s.*,
              (SELECT COUNT(*) FROM split_members m WHERE m.split_id = s.id AND m.part = 'train') AS n_train,
              (SELECT COUNT(*) FROM split_members m WHERE m.split_id = s.id AND m.part = 'validation') AS n_validation,
              (SELECT COUNT(*) FROM split_members m WHERE m.split_id = s.id AND m.part = 'test') AS n_test
            FROM splits s \(condition.map { "WHERE " + $0 } ?? "") ORDER BY s.id DESC
            """
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            SplitInfo(
                id: row["id"], name: row["name"],
                parameters: (try? JSONParser.parse(row["parameters"] as String))?.objectValue ?? JSONObject(),
                summary: (try? JSONParser.parse(row["summary"] as String))?.objectValue ?? JSONObject(),
                runID: row["run_id"], createdAt: row["created_at"],
                counts: [.train: row["n_train"], .validation: row["n_validation"], .test: row["n_test"]])
        }
    }
}
