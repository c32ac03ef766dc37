import Foundation
import GRDB
import WinnowCore

/// One recorded run of a command that changes derived data (check, embed, dedup, audit, train...).
public struct RunInfo: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// The command (`check`, `embed`, ...).
    public var command: String
    /// Its parameters.
    public var parameters: JSONObject
    /// What it found or made.
    public var summary: JSONObject
    /// `running`, `complete` or `failed`.
    public var status: String
    /// When it started.
    public var startedAt: Date
    /// When it finished.
    public var finishedAt: Date?
}

extension Store {
    /// Records the start of a run and returns its id.
    public func startRun(command: String, parameters: JSONObject) throws -> Int64 {
        if let postgres { return try postgresStartRun(postgres, command: command, parameters: parameters) }
        return try writer.write { db in
            try db.execute(
                sql: "INSERT INTO runs (command, parameters, status, started_at) VALUES (?, ?, 'running', ?)",
                arguments: [command, JSONValue.object(parameters).serialized, Date()])
            return db.lastInsertedRowID
        }
    }

    /// Records how a run ended.
    public func finishRun(_ id: Int64, summary: JSONObject, status: String = "complete") throws {
        if let postgres { return try postgresFinishRun(postgres, id, summary: summary, status: status) }
        try writer.write { db in
            try db.execute(
                sql: "UPDATE runs SET summary = ?, status = ?, finished_at = ? WHERE id = ?",
                arguments: [JSONValue.object(summary).serialized, status, Date(), id])
        }
    }

    /// Runs, newest first, optionally of one command.
    public func runs(command: String? = nil, limit: Int = 50) throws -> [RunInfo] {
        if let postgres { return try postgresRuns(postgres, command: command, limit: limit) }
        return try writer.read { db in
            var sql = "SELECT * FROM runs"
            var arguments = StatementArguments()
            if let command {
                sql += " WHERE command = ?"
                arguments += [command]
            }
            sql += " ORDER BY id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                RunInfo(
                    id: row["id"], command: row["command"],
                    parameters: (try? JSONParser.parse(row["parameters"] as String))?.objectValue ?? JSONObject(),
                    summary: (try? JSONParser.parse(row["summary"] as String))?.objectValue ?? JSONObject(),
                    status: row["status"], startedAt: row["started_at"], finishedAt: row["finished_at"])
            }
        }
    }
}
