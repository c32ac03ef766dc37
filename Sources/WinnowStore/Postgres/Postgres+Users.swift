import Foundation
import PostgresNIO
import WinnowCore

/// Users, web sessions and failed sign-ins on PostgreSQL: shared by every `serve` process over the database, so a
/// session made by one server is valid on the others, and the rate limit counts sign-ins to all of them.
extension Store {
    private static func account(_ row: PostgresRandomAccessRow) throws -> UserAccount {
        UserAccount(
            name: try row.value("name"), role: UserRole(rawValue: try row.value("role")) ?? .reviewer,
            mustChangePassword: try row.value("must_change_password"), createdAt: try row.value("created_at"))
    }

    /// Changes to the set of users and roles run one at a time, so "the last admin stays" holds across servers.
    private func lockingUsers<T>(_ link: PostgresLink, _ body: () throws -> T) throws -> T {
        try link.transaction {
            try link.execute("SELECT pg_advisory_xact_lock(7072702)")
            return try body()
        }
    }

    func postgresAddUser(
        _ link: PostgresLink, name: String, role: UserRole, passwordHash: String, mustChangePassword: Bool
    ) throws {
        try lockingUsers(link) {
            let now = Date()
            let added = try link.execute(
                """
                INSERT INTO users (name, role, password_hash, must_change_password, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (name) DO NOTHING
                """, [.text(name), .text(role.rawValue), .text(passwordHash), .bool(mustChangePassword), .date(now)])
            if added == 0 { throw UserStoreError.exists(name) }
        }
    }

    func postgresUsers(_ link: PostgresLink) throws -> [UserAccount] {
        try link.query("SELECT * FROM users ORDER BY name COLLATE \"C\"").map(Store.account)
    }

    func postgresUser(_ link: PostgresLink, named name: String) throws -> (account: UserAccount, passwordHash: String)?
    {
        guard let row = try link.query("SELECT * FROM users WHERE name = $1", [.text(name)]).first else { return nil }
        return (try Store.account(row), try row.value("password_hash"))
    }

    private func postgresRefuseLastAdmin(_ link: PostgresLink, _ name: String, losing: Bool) throws {
        guard let role = try link.scalar(String.self, "SELECT role FROM users WHERE name = $1", [.text(name)]) else {
            throw UserStoreError.noSuchUser(name)
        }
        if losing, role == UserRole.admin.rawValue,
            try link.scalar(Int64.self, "SELECT COUNT(*) FROM users WHERE role = 'admin'") == 1
        {
            throw UserStoreError.lastAdmin(name)
        }
    }

    func postgresRemoveUser(_ link: PostgresLink, named name: String) throws {
        try lockingUsers(link) {
            try postgresRefuseLastAdmin(link, name, losing: true)
            try link.execute("DELETE FROM web_sessions WHERE user_name = $1", [.text(name)])
            try link.execute("DELETE FROM users WHERE name = $1", [.text(name)])
        }
    }

    func postgresSetPassword(
        _ link: PostgresLink, of name: String, to passwordHash: String, mustChange: Bool, keepingSession keep: String?
    ) throws {
        try link.transaction {
            let changed = try link.execute(
                "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE name = $4",
                [.text(passwordHash), .bool(mustChange), .date(Date()), .text(name)])
            guard changed == 1 else { throw UserStoreError.noSuchUser(name) }
            try link.execute(
                "DELETE FROM web_sessions WHERE user_name = $1 AND token_hash IS DISTINCT FROM $2",
                [.text(name), keep.map { .text(SHA256.hex($0)) } ?? .null])
        }
    }

    func postgresSetRole(_ link: PostgresLink, of name: String, to role: UserRole) throws {
        try lockingUsers(link) {
            try postgresRefuseLastAdmin(link, name, losing: role != .admin)
            try link.execute(
                "UPDATE users SET role = $1, updated_at = $2 WHERE name = $3",
                [.text(role.rawValue), .date(Date()), .text(name)])
        }
    }

    func postgresCreateSession(_ link: PostgresLink, token: String, user: String?, csrfToken: String, expiresAt: Date)
        throws
    {
        try link.transaction {
            let now = Date()
            try link.execute("DELETE FROM web_sessions WHERE expires_at < $1", [.date(now)])
            try link.execute(
                """
                INSERT INTO web_sessions (token_hash, user_name, csrf_token, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5)
                """,
                [
                    .text(SHA256.hex(token)), user.map(SQLValue.text) ?? .null, .text(csrfToken), .date(now),
                    .date(expiresAt),
                ])
        }
    }

    func postgresSession(_ link: PostgresLink, token: String, at now: Date) throws -> StoredSession? {
        guard
            let row = try link.query(
                """
                SELECT s.csrf_token, s.expires_at, u.name, u.role, u.must_change_password, u.created_at
                FROM web_sessions s LEFT JOIN users u ON u.name = s.user_name
                WHERE s.token_hash = $1 AND s.expires_at >= $2
                """, [.text(SHA256.hex(token)), .date(now)]
            ).first
        else { return nil }
        let user = try row.value("name", as: String?.self) == nil ? nil : try Store.account(row)
        return StoredSession(user: user, csrfToken: try row.value("csrf_token"), expiresAt: try row.value("expires_at"))
    }

    func postgresTakeSessionFlash(_ link: PostgresLink, token: String) throws -> String? {
        // Read under a row lock and cleared in the same transaction, so two servers never both show it.
        try link.transaction {
            let hash = SQLValue.text(SHA256.hex(token))
            let flash = try link.scalar(
                String.self, "SELECT flash FROM web_sessions WHERE token_hash = $1 FOR UPDATE", [hash])
            if flash != nil { try link.execute("UPDATE web_sessions SET flash = NULL WHERE token_hash = $1", [hash]) }
            return flash
        }
    }

    func postgresSessionKey(_ link: PostgresLink) throws -> String {
        try link.execute(
            """
            INSERT INTO settings (key, value, updated_at) VALUES ('web_session_key', $1, $2)
            ON CONFLICT (key) DO NOTHING
            """, [.text(JSONValue.string(Hex.encode(PasswordHash.randomBytes(32))).serialized), .date(Date())])
        return try link.scalar(String.self, "SELECT value FROM settings WHERE key = 'web_session_key'") ?? ""
    }

    func postgresRecordSignInFailure(_ link: PostgresLink, name: String, client: String, at now: Date) throws {
        try link.transaction {
            try link.execute("DELETE FROM sign_in_failures WHERE at < $1", [.date(now.addingTimeInterval(-86_400))])
            try link.execute(
                "INSERT INTO sign_in_failures (user_name, client, at) VALUES ($1, $2, $3)",
                [.text(name), .text(client), .date(now)])
        }
    }

    func postgresSignInFailures(_ link: PostgresLink, name: String, client: String, since: Date) throws -> (
        forName: Int, oldestForName: Date?, fromClient: Int, oldestFromClient: Date?
    ) {
        func count(_ column: String, _ value: String) throws -> (Int, Date?) {
            guard
                let row = try link.query(
                    "SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE \(column) = $1 AND at >= $2",
                    [.text(value), .date(since)]
                ).first
            else { return (0, nil) }
            return (Int(try row[0].decode(Int64.self)), try row[1].decode(Date?.self))
        }
        let byName = try count("user_name", name)
        let byClient = try count("client", client)
        return (byName.0, byName.1, byClient.0, byClient.1)
    }
}
