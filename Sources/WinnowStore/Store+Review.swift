import Foundation
import GRDB
import WinnowCore

/// The review state of one example: what decisions change. Recorded whole in every decision's `before` and `after`.
public struct ReviewState: Sendable, Equatable {
    /// pending, approved or rejected.
    public var status: ReviewStatus
    /// A reviewer's label replacing the imported one.
    public var labelOverride: String?
    /// A reviewer's corrected input.
    public var editedInput: String?
    /// A reviewer's corrected response.
    public var editedResponse: String?

    /// A state with the given values.
    public init(
        status: ReviewStatus = .pending, labelOverride: String? = nil, editedInput: String? = nil,
        editedResponse: String? = nil
    ) {
        self.status = status
        self.labelOverride = labelOverride
        self.editedInput = editedInput
        self.editedResponse = editedResponse
    }

    /// The state of `example`.
    public init(of example: Example) {
        self.init(
            status: example.status, labelOverride: example.labelOverride, editedInput: example.editedInput,
            editedResponse: example.editedResponse)
    }

    /// `base` with the members of a recorded `before`/`after` object applied. Members the object lacks keep
    /// `base`'s value (decisions recorded by `rules` name only the status).
    public init(json: JSONObject, over base: ReviewState) {
        self = base
        if let status = json["status"]?.scalarText.flatMap(ReviewStatus.init(rawValue:)) { self.status = status }
        func text(_ key: String, _ current: String?) -> String? {
            guard let value = json[key] else { return current }
            if case .string(let text) = value { return text }
            return nil
        }
        labelOverride = text("label_override", base.labelOverride)
        editedInput = text("edited_input", base.editedInput)
        editedResponse = text("edited_response", base.editedResponse)
    }

    /// The state as recorded in the history.
    public var json: JSONObject {
        var object = JSONObject()
        object["status"] = .string(status.rawValue)
        object["label_override"] = labelOverride.map(JSONValue.string) ?? .null
        object["edited_input"] = editedInput.map(JSONValue.string) ?? .null
        object["edited_response"] = editedResponse.map(JSONValue.string) ?? .null
        return object
    }
}

/// A decision to record: the state wanted for one example, and the version the reviewer saw.
public struct DecisionRequest: Sendable, Equatable {
    /// The example.
    public var exampleID: Int64
    /// The version the decision was made against; the decision is refused when the example has moved on.
    public var basedOn: Int
    /// `approve`, `reject`, `relabel`, `edit`, `reset`, `undo`.
    public var action: String
    /// The state after the decision.
    public var after: ReviewState
    /// Why.
    public var note: String?
    /// For an undo: the decision it reverts.
    public var reverts: Int64?

    /// A request for `exampleID` made against version `basedOn`.
    public init(
        exampleID: Int64, basedOn: Int, action: String, after: ReviewState, note: String? = nil, reverts: Int64? = nil
    ) {
        self.exampleID = exampleID
        self.basedOn = basedOn
        self.action = action
        self.after = after
        self.note = note
        self.reverts = reverts
    }
}

/// A decision refused because the example changed after the reviewer saw it.
public struct StaleDecision: Error, Sendable, Equatable, CustomStringConvertible {
    /// The example.
    public var exampleID: Int64
    /// The refused action.
    public var action: String
    /// The version the reviewer saw.
    public var basedOn: Int
    /// The example's version now.
    public var currentVersion: Int
    /// The latest decision on the example, which the reviewer had not seen.
    public var latest: DecisionRecord?

    /// `example 12 changed after you saw it (version 3, now 4: rejected by bob at ...); your approve was not saved`.
    public var description: String {
        var text = "example \(exampleID) changed after you saw it (version \(basedOn), now \(currentVersion)"
        if let latest {
            text +=
                ": \(latest.action) by \(latest.reviewer) at \(ISO8601DateFormatter().string(from: latest.createdAt))"
        }
        return text + "); your \(action) was not saved: look at it again and decide"
    }
}

/// What recording one decision did.
public enum DecisionOutcome: Sendable, Equatable {
    /// Recorded.
    case applied(DecisionRecord)
    /// The example already was in the wanted state: nothing recorded.
    case unchanged(exampleID: Int64)
    /// Refused: the example changed after the reviewer saw it.
    case stale(StaleDecision)
}

/// One example in the review queue, with what ranks it.
public struct QueueEntry: Sendable, Equatable {
    /// The example.
    public var example: Example
    /// Its most severe flag, nil when unflagged.
    public var maxSeverity: Severity?
    /// Its number of flags.
    public var flagCount: Int
    /// The checks that flagged it, sorted.
    public var checks: [String]
}

extension Store {
    /// Records decisions in one transaction. Each is compared with the example's current version: an example that
    /// changed since `basedOn` (or, with `notAfter`, that got any decision after that decision id) is refused as
    /// stale; one already in the wanted state is left alone. Applied decisions bump the version and append to
    /// `decisions` with the whole state before and after.
    public func record(_ requests: [DecisionRequest], reviewer: String, notAfter: Int64? = nil) throws
        -> [DecisionOutcome]
    {
        guard !requests.isEmpty else { return [] }
        if let postgres { return try postgresRecord(postgres, requests, reviewer: reviewer, notAfter: notAfter) }
        return try writer.write { db in
            let now = Date()
            let read = try db.cachedStatement(
                sql: "SELECT status, label_override, edited_input, edited_response, version FROM examples WHERE id = ?")
            let update = try db.cachedStatement(
                sql: """
                    UPDATE examples SET status = ?, label_override = ?, edited_input = ?, edited_response = ?,
                                        version = version + 1
                    WHERE id = ? AND version = ?
                    """)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO decisions (example_id, reviewer, action, before, after, note, created_at, based_on,
                                           version, reverts)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let latest = try db.cachedStatement(
                sql: "SELECT * FROM decisions WHERE example_id = ? ORDER BY id DESC LIMIT 1")
            var outcomes: [DecisionOutcome] = []
            outcomes.reserveCapacity(requests.count)
            for request in requests {
                guard let row = try Row.fetchOne(read, arguments: [request.exampleID]) else {
                    throw StoreError.noSuchExample(request.exampleID)
                }
                let current = ReviewState(
                    status: ReviewStatus(rawValue: row[0]) ?? .pending, labelOverride: row[1], editedInput: row[2],
                    editedResponse: row[3])
                let version: Int = row[4]
                if current == request.after, request.reverts == nil {
                    outcomes.append(.unchanged(exampleID: request.exampleID))
                    continue
                }
                // The latest decision is read only where it can matter: to compare with `notAfter`, or to tell a
                // stale request what overtook it.
                let last =
                    notAfter != nil || version != request.basedOn
                    ? try Row.fetchOne(latest, arguments: [request.exampleID]).map(Store.decision(from:)) : nil
                let movedOn = notAfter.map { limit in (last?.id ?? 0) > limit } ?? false
                if version != request.basedOn || movedOn {
                    outcomes.append(
                        .stale(
                            StaleDecision(
                                exampleID: request.exampleID, action: request.action, basedOn: request.basedOn,
                                currentVersion: version, latest: last)))
                    continue
                }
                let after = request.after
                try update.execute(arguments: [
                    after.status.rawValue, after.labelOverride, after.editedInput, after.editedResponse,
                    request.exampleID, version,
                ])
                let before = JSONValue.object(current.json).serialized
                let afterJSON = JSONValue.object(after.json).serialized
                try insert.execute(arguments: [
                    request.exampleID, reviewer, request.action, before, afterJSON, request.note, now, version,
                    version + 1, request.reverts,
                ])
                outcomes.append(
                    .applied(
                        DecisionRecord(
                            id: db.lastInsertedRowID, exampleID: request.exampleID, reviewer: reviewer,
                            action: request.action, before: current.json, after: after.json, note: request.note,
                            createdAt: now, basedOn: version, version: version + 1, reverts: request.reverts)))
            }
            return outcomes
        }
    }

    /// The id of the newest decision (0 when there is none): a page shows it so that a bulk action can refuse
    /// examples decided after the page was drawn.
    public func lastDecisionID() throws -> Int64 {
        if let postgres { return try postgres.scalar(Int64.self, "SELECT MAX(id) FROM decisions") ?? 0 }
        return try writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM decisions") ?? 0 }
    }

    /// `reviewer`'s decisions that an undo may revert, newest first: not undos themselves and not reverted yet.
    public func undoableDecisions(reviewer: String, limit: Int = 1) throws -> [DecisionRecord] {
        if let postgres { return try postgresUndoableDecisions(postgres, reviewer: reviewer, limit: limit) }
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM decisions d
                    WHERE d.reviewer = ? AND d.action != 'undo'
                      AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.reverts = d.id)
                    ORDER BY d.id DESC LIMIT ?
                    """,
                arguments: [reviewer, limit]
            ).map(Store.decision(from:))
        }
    }

    /// Decisions on `exampleID` newer than decision `id`, oldest first.
    public func decisions(exampleID: Int64, after id: Int64) throws -> [DecisionRecord] {
        if let postgres {
            return try postgres.query(
                "SELECT * FROM decisions WHERE example_id = $1 AND id > $2 ORDER BY id",
                [.integer(exampleID), .integer(id)]
            ).map(Store.decision(from:))
        }
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM decisions WHERE example_id = ? AND id > ? ORDER BY id",
                arguments: [exampleID, id]
            ).map(Store.decision(from:))
        }
    }

    /// Examples whose state a person set: they have a decision by someone other than a policy (`policy:NAME`), the
    /// rules (`rules`) or an import (`import`, settling a ticket's versions) that is not an undo and was not undone.
    /// Policies leave these alone.
    public func examplesDecidedByPeople() throws -> Set<Int64> {
        if let postgres { return try postgresExamplesDecidedByPeople(postgres) }
        return try writer.read { db in
            Set(
                try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT d.example_id FROM decisions d
                        WHERE d.reviewer NOT IN ('rules', 'import') AND substr(d.reviewer, 1, 7) != 'policy:'
                          AND d.action != 'undo'
                          AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.reverts = d.id)
                        """))
        }
    }

    private static let queueSQL = """
        FROM examples e JOIN sources s ON s.id = e.source_id
        LEFT JOIN (
          SELECT example_id, MAX(CASE severity WHEN 'error' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) AS severity_rank,
                 COUNT(*) AS flag_count, SUM(CASE WHEN severity = 'info' THEN 0 ELSE 1 END) AS blocking_count,
                 group_concat(DISTINCT check_id) AS checks,
                 MAX(CASE WHEN check_id = 'label-issue'
                               AND json_type(evidence, '$.confidence') IN ('real', 'integer')
                          THEN json_extract(evidence, '$.confidence') END)
                   AS fix_confidence
          FROM flags GROUP BY example_id
        ) q ON q.example_id = e.id
        """
    /// Most severe flag first, then most warning and error flags, then the audit's most confident label suggestion
    /// (so a reviewer works through label issues from the suggestions most likely right), then most flags, then id.
    /// Info flags never hold an example back, so they do not put one ahead: on BANKING77 with 25% flips, counting
    /// them put 118 label issues that were also near-duplicate paraphrases before more confident ones, and the
    /// first 200 of the queue held 177 wrong labels instead of 187.
    static let queueOrder = """
        ORDER BY COALESCE(q.severity_rank, -1) DESC, COALESCE(q.blocking_count, 0) DESC, \
        COALESCE(q.fix_confidence, -1) DESC, COALESCE(q.flag_count, 0) DESC, e.id
        """

    /// Examples matching `filter`, ranked by impact: most severe flag first, then most warning and error flags, then
    /// the most confident label suggestion, then most flags, then id (``queueOrder``).
    public func reviewQueue(_ filter: ExampleFilter) throws -> [QueueEntry] {
        if let postgres { return try postgresReviewQueue(postgres, filter) }
        let (whereSQL, arguments) = filter.whereClause()
        var sql = """
            SELECT \(Store.exampleColumns), q.severity_rank, q.flag_count, q.checks \(Store.queueSQL)
            \(whereSQL) \(Store.queueOrder)
            """
        var allArguments = arguments
        if let limit = filter.limit {
            sql += " LIMIT ? OFFSET ?"
            allArguments += [limit, filter.offset]
        }
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: allArguments).map { row in
                let rank: Int? = row["severity_rank"]
                let checks: String? = row["checks"]
                return QueueEntry(
                    example: Store.example(from: row),
                    maxSeverity: rank.map { [Severity.info, .warning, .error][max(0, min(2, $0))] },
                    flagCount: row["flag_count"] ?? 0,
                    checks: checks.map { $0.split(separator: ",").map(String.init).sorted() } ?? [])
            }
        }
    }

    /// The ids of `filter`'s examples in queue order (paging ignored): for moving to the next or previous one.
    public func reviewQueueIDs(_ filter: ExampleFilter) throws -> [Int64] {
        if let postgres { return try postgresReviewQueueIDs(postgres, filter) }
        let (whereSQL, arguments) = filter.whereClause()
        return try writer.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT e.id \(Store.queueSQL) \(whereSQL) \(Store.queueOrder)", arguments: arguments)
        }
    }

    /// Decisions per reviewer, most first.
    public func decisionCounts() throws -> [(reviewer: String, count: Int)] {
        if let postgres { return try postgresDecisionCounts(postgres) }
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT reviewer, COUNT(*) AS n FROM decisions GROUP BY reviewer ORDER BY n DESC, reviewer"
            ).map { (reviewer: $0[0], count: $0[1]) }
        }
    }

    /// The distinct effective labels, most frequent first.
    public func knownLabels() throws -> [String] {
        if let postgres { return try postgresKnownLabels(postgres) }
        return try writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(label_override, label) AS l FROM examples WHERE l IS NOT NULL
                    GROUP BY l ORDER BY COUNT(*) DESC, l
                    """)
        }
    }
}
