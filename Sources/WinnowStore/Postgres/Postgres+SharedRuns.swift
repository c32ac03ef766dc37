import Foundation
import PostgresNIO
import WinnowCore

/// A run several workers share on a PostgreSQL store: its examples are queued once, under the task
/// `COMMAND RUN`, and each worker claims batches of them until none is left.
public struct SharedRun: Sendable, Equatable {
    /// The run.
    public var runID: Int64
    /// Whether this worker joined a run another started.
    public var joined: Bool
    /// The queue's task name.
    public var task: String
}

/// What a shared run did, counted from the store once its last batch is stored.
public struct SharedRunTotals: Sendable {
    /// Examples queued for the run.
    public var examples: Int
    /// Per check: flags stored by the run, and examples with at least one.
    public var byCheck: [String: (flags: Int, examples: Int)]

    public static func == (lhs: SharedRunTotals, rhs: SharedRunTotals) -> Bool {
        lhs.examples == rhs.examples
            && lhs.byCheck.mapValues { [$0.flags, $0.examples] }
                == rhs.byCheck.mapValues { [$0.flags, $0.examples] }
    }
}

extension Store {
    /// Joins the newest running `command` run started with the same `key` whose queue still has open examples, or
    /// starts a new run and queues every example matching `selection` (every example without one) as it is then.
    /// Concurrent callers with one key take turns (an advisory lock), so two workers starting at once make one run;
    /// the key must name the selection.
    public func openSharedRun(
        command: String, key: String, parameters: JSONObject, selection: ExampleFilter? = nil
    ) throws -> SharedRun {
        let link = try sharedLink()
        return try link.transaction {
            try link.execute("SELECT pg_advisory_xact_lock(7072703, hashtext($1))", [.text(command + " " + key)])
            if let id = try link.scalar(
                Int64.self,
                """
                SELECT r.id FROM runs r
                WHERE r.command = $1 AND r.status = 'running' AND r.parameters::jsonb ->> 'shared_key' = $2
                  AND EXISTS (SELECT 1 FROM work_claims c WHERE c.task = $1 || ' ' || r.id AND c.finished_at IS NULL)
                ORDER BY r.id DESC LIMIT 1
                """, [.text(command), .text(key)])
            {
                return SharedRun(runID: id, joined: true, task: "\(command) \(id)")
            }
            var parameters = parameters
            parameters["shared_key"] = .string(key)
            let id = try postgresStartRun(link, command: command, parameters: parameters)
            let task = "\(command) \(id)"
            let (whereSQL, values) = (selection ?? ExampleFilter()).neutralWhereClause(postgres: true)
            try link.execute(
                PostgresLink.numbered(
                    """
                    INSERT INTO work_claims (task, example_id, text_hash)
                    SELECT ?, e.id, ''::bytea FROM examples e JOIN sources s ON s.id = e.source_id \(whereSQL)
                    """), [.text(task)] + values)
            return SharedRun(runID: id, joined: false, task: task)
        }
    }

    /// Claims up to `limit` open examples of a shared run's queue for `worker` for `lease` seconds.
    public func claimWork(task: String, worker: String, limit: Int, lease: TimeInterval) throws -> (
        ids: [Int64], reclaimed: Int
    ) {
        try postgresClaimWork(try sharedLink(), task: task, worker: worker, limit: limit, lease: lease)
    }

    /// How much of a shared run's queue is open, and how much of that workers hold.
    public func workQueue(task: String) throws -> WorkQueueState {
        try postgresWorkQueue(try sharedLink(), task: task)
    }

    /// Hands back the examples `worker` holds unfinished in `task`, for others to claim at once.
    public func releaseWork(task: String, worker: String) throws {
        try sharedLink().execute(
            """
            UPDATE work_claims SET worker = NULL, claimed_at = NULL, lease_until = NULL
            WHERE task = $1 AND worker = $2 AND finished_at IS NULL
            """, [.text(task), .text(worker)])
    }

    /// Stores a checked batch in one transaction: finishes the claims `worker` still holds among `exampleIDs`, and
    /// for those examples only replaces the flags of `checks` with `flags` and records the rule rejections.
    /// Returns the examples stored and how many were rejected.
    public func saveCheckedWork(
        task: String, worker: String, exampleIDs: [Int64], checks: [String], flags: [Flag], runID: Int64,
        rejections: [(exampleID: Int64, ruleID: String)]
    ) throws -> (held: Set<Int64>, rejected: Int) {
        let link = try sharedLink()
        return try link.transaction {
            let held = Set(
                try link.query(
                    """
                    UPDATE work_claims SET finished_at = now()
                    WHERE task = $1 AND worker = $2 AND finished_at IS NULL AND example_id = ANY($3::int8[])
                    RETURNING example_id
                    """, [.text(task), .text(worker), .integers(exampleIDs)]
                ).map { try $0[0].decode(Int64.self) })
            guard !held.isEmpty else { return (held, 0) }
            try postgresReplaceFlags(
                link, ofChecks: checks, onExamples: held.sorted(), with: flags.filter { held.contains($0.exampleID) },
                runID: runID)
            let rejected = try postgresApplyRuleRejections(link, rejections.filter { held.contains($0.exampleID) })
            return (held, rejected)
        }
    }

    /// Marks a shared run complete with `summary` once its queue has no open example; returns whether this call
    /// did (the last worker to finish does, once).
    public func closeSharedRun(_ run: SharedRun, summary: JSONObject) throws -> Bool {
        try sharedLink().execute(
            """
            UPDATE runs SET status = 'complete', finished_at = $1, summary = $2
            WHERE id = $3 AND status = 'running'
              AND NOT EXISTS (SELECT 1 FROM work_claims WHERE task = $4 AND finished_at IS NULL)
            """,
            [.date(Date()), .text(JSONValue.object(summary).serialized), .integer(run.runID), .text(run.task)]) == 1
    }

    /// What a shared run stored: its examples and, per check, its flags.
    public func sharedRunTotals(_ run: SharedRun) throws -> SharedRunTotals {
        let link = try sharedLink()
        let examples = try link.scalar(
            Int64.self, "SELECT COUNT(*) FROM work_claims WHERE task = $1", [.text(run.task)])
        var byCheck: [String: (flags: Int, examples: Int)] = [:]
        for row in try link.query(
            "SELECT check_id, COUNT(*), COUNT(DISTINCT example_id) FROM flags WHERE run_id = $1 GROUP BY check_id",
            [.integer(run.runID)])
        {
            byCheck[try row[0].decode(String.self)] = (
                Int(try row[1].decode(Int64.self)), Int(try row[2].decode(Int64.self))
            )
        }
        return SharedRunTotals(examples: Int(examples ?? 0), byCheck: byCheck)
    }

    // MARK: The queue every shared task uses (`work_claims`)

    /// Claims up to `limit` open examples of `task` for `worker`: unclaimed ones, or ones whose lease ended.
    func postgresClaimWork(_ link: PostgresLink, task: String, worker: String, limit: Int, lease: TimeInterval)
        throws -> (ids: [Int64], reclaimed: Int)
    {
        let rows = try link.query(
            """
            WITH picked AS (
              SELECT example_id FROM work_claims
              WHERE task = $1 AND finished_at IS NULL AND (lease_until IS NULL OR lease_until < now())
              ORDER BY example_id LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE work_claims c SET worker = $3, claimed_at = now(),
              lease_until = now() + $4 * interval '1 millisecond', attempts = c.attempts + 1
            FROM picked WHERE c.task = $1 AND c.example_id = picked.example_id
            RETURNING c.example_id, c.attempts
            """,
            [.text(task), .integer(Int64(limit)), .text(worker), .integer(Int64((lease * 1000).rounded()))])
        var ids: [Int64] = []
        var reclaimed = 0
        for row in rows {
            ids.append(try row[0].decode(Int64.self))
            if try row[1].decode(Int64.self) > 1 { reclaimed += 1 }
        }
        return (ids.sorted(), reclaimed)
    }

    func postgresWorkQueue(_ link: PostgresLink, task: String) throws -> WorkQueueState {
        guard
            let row = try link.query(
                """
                SELECT COUNT(*), COUNT(*) FILTER (WHERE lease_until >= now()),
                       MIN(lease_until) FILTER (WHERE lease_until >= now())
                FROM work_claims WHERE task = $1 AND finished_at IS NULL
                """, [.text(task)]
            ).first
        else { return WorkQueueState(open: 0, held: 0, nextExpiry: nil) }
        return WorkQueueState(
            open: Int(try row[0].decode(Int64.self)), held: Int(try row[1].decode(Int64.self)),
            nextExpiry: try row[2].decode(Date?.self))
    }
}
