import Foundation
import GRDB
import WinnowCore

extension Store {
    /// A project setting, nil when it was never set.
    public func setting(_ key: String) throws -> JSONValue? {
        if let postgres { return try postgresSetting(postgres, key) }
        return try writer.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
            else { return nil }
            return try JSONParser.parse(text)
        }
    }

    /// Sets a project setting.
    public func setSetting(_ key: String, to value: JSONValue) throws {
        if let postgres { return try postgresSetSetting(postgres, key, to: value) }
        try writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
                arguments: [key, value.serialized, Date()])
        }
    }
}
