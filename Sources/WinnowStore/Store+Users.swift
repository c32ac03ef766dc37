import Foundation
import GRDB
import WinnowCore

/// What a signed-in user may do.
public enum UserRole: String, Sendable, Equatable, CaseIterable {
    /// Reviews: decides, relabels, edits, promotes test cases, undoes their own decisions.
    case reviewer
    /// Also adds and removes users and undoes anyone's decisions.
    case admin
}

/// An account of the team review UI.
public struct UserAccount: Sendable, Equatable {
    /// The name decisions are recorded under.
    public var name: String
    /// What the user may do.
    public var role: UserRole
    /// The password was set by someone else (a one-time password) and must be changed at the next sign-in.
    public var mustChangePassword: Bool
    /// When the account was made.
    public var createdAt: Date
}

/// A browser session kept in the store, found by the hash of its cookie.
public struct StoredSession: Sendable, Equatable {
    /// The signed-in user, nil before sign-in.
    public var user: UserAccount?
    /// The token every state-changing request of this session must carry.
    public var csrfToken: String
    /// When the session ends.
    public var expiresAt: Date
}

/// A user change the store refuses.
public enum UserStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case exists(String)
    case noSuchUser(String)
    case lastAdmin(String)

    public var description: String {
        switch self {
        case .exists(let name): return "a user named '\(name)' exists already"
        case .noSuchUser(let name): return "no user named '\(name)'"
        case .lastAdmin(let name):
            return "'\(name)' is the last admin: add another admin first, or nobody could manage users"
        }
    }
}

extension Store {
    // MARK: Users

    /// Adds a user with an already hashed password.
    public func addUser(name: String, role: UserRole, passwordHash: String, mustChangePassword: Bool = true) throws {
        if let postgres {
            return try postgresAddUser(
                postgres, name: name, role: role, passwordHash: passwordHash, mustChangePassword: mustChangePassword)
        }
        try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [name]) == true {
                throw UserStoreError.exists(name)
            }
            let now = Date()
            try db.execute(
                sql: """
                    INSERT INTO users (name, role, password_hash, must_change_password, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [name, role.rawValue, passwordHash, mustChangePassword, now, now])
        }
    }

    /// Every user, by name.
    public func users() throws -> [UserAccount] {
        if let postgres { return try postgresUsers(postgres) }
        return try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(Self.account)
        }
    }

    /// The user and their password hash, nil when there is none.
    public func user(named name: String) throws -> (account: UserAccount, passwordHash: String)? {
        if let postgres { return try postgresUser(postgres, named: name) }
        return try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]) else {
                return nil
            }
            return (Self.account(row), row["password_hash"])
        }
    }

    /// Removes a user and ends their sessions; the last admin stays.
    public func removeUser(named name: String) throws {
        if let postgres { return try postgresRemoveUser(postgres, named: name) }
        try writer.write { db in
            guard let role = try String.fetchOne(db, sql: "SELECT role FROM users WHERE name = ?", arguments: [name])
            else { throw UserStoreError.noSuchUser(name) }
            if role == UserRole.admin.rawValue,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin'") == 1
            {
                throw UserStoreError.lastAdmin(name)
            }
            try db.execute(sql: "DELETE FROM web_sessions WHERE user_name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM users WHERE name = ?", arguments: [name])
        }
    }

    /// Sets a user's password hash; `mustChange` marks it one-time. Other sessions of the user end unless `keep`.
    public func setPassword(
        of name: String, to passwordHash: String, mustChange: Bool, keepingSession keep: String? = nil
    ) throws {
        if let postgres {
            return try postgresSetPassword(
                postgres, of: name, to: passwordHash, mustChange: mustChange, keepingSession: keep)
        }
        try writer.write { db in
            try db.execute(
                sql: "UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE name = ?",
                arguments: [passwordHash, mustChange, Date(), name])
            guard db.changesCount == 1 else { throw UserStoreError.noSuchUser(name) }
            try db.execute(
                sql: "DELETE FROM web_sessions WHERE user_name = ? AND token_hash IS NOT ?",
                arguments: [name, keep.map(SHA256.hex)])
        }
    }

    /// Changes a user's role; the last admin stays an admin.
    public func setRole(of name: String, to role: UserRole) throws {
        if let postgres { return try postgresSetRole(postgres, of: name, to: role) }
        try writer.write { db in
            guard let old = try String.fetchOne(db, sql: "SELECT role FROM users WHERE name = ?", arguments: [name])
            else { throw UserStoreError.noSuchUser(name) }
            if old == UserRole.admin.rawValue, role != .admin,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin'") == 1
            {
                throw UserStoreError.lastAdmin(name)
            }
            try db.execute(
                sql: "UPDATE users SET role = ?, updated_at = ? WHERE name = ?",
                arguments: [role.rawValue, Date(), name])
        }
    }

    private static func account(_ row: Row) -> UserAccount {
        UserAccount(
            name: row["name"], role: UserRole(rawValue: row["role"]) ?? .reviewer,
            mustChangePassword: row["must_change_password"], createdAt: row["created_at"])
    }

    // MARK: Sessions (only the SHA-256 of a cookie is stored)

    /// Starts a session for the cookie `token`; expired sessions are removed on the way.
    public func createSession(token: String, user: String?, csrfToken: String, expiresAt: Date) throws {
        if let postgres {
            return try postgresCreateSession(
                postgres, token: token, user: user, csrfToken: csrfToken, expiresAt: expiresAt)
        }
        try writer.write { db in
            let now = Date()
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at < ?", arguments: [now])
            try db.execute(
                sql: """
                    INSERT INTO web_sessions (token_hash, user_name, csrf_token, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [SHA256.hex(token), user, csrfToken, now, expiresAt])
        }
    }

    /// The live session with cookie `token`, nil when it is unknown or has expired.
    public func session(token: String, at now: Date = Date()) throws -> StoredSession? {
        if let postgres { return try postgresSession(postgres, token: token, at: now) }
        return try writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.csrf_token, s.expires_at, u.name, u.role, u.must_change_password, u.created_at
                        FROM web_sessions s LEFT JOIN users u ON u.name = s.user_name
                        WHERE s.token_hash = ? AND s.expires_at >= ?
                        """, arguments: [SHA256.hex(token), now])
            else { return nil }
            let user: UserAccount? =
                (row["name"] as String?).map { _ in Self.account(row) }
            return StoredSession(user: user, csrfToken: row["csrf_token"], expiresAt: row["expires_at"])
        }
    }

    /// Ends a session.
    public func deleteSession(token: String) throws {
        if let postgres {
            try postgres.execute("DELETE FROM web_sessions WHERE token_hash = $1", [.text(SHA256.hex(token))])
            return
        }
        try writer.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [SHA256.hex(token)])
        }
    }

    /// Sets (or clears) the message for the session's next page.
    public func setSessionFlash(_ message: String?, token: String) throws {
        if let postgres {
            try postgres.execute(
                "UPDATE web_sessions SET flash = $1 WHERE token_hash = $2",
                [message.map(SQLValue.text) ?? .null, .text(SHA256.hex(token))])
            return
        }
        try writer.write { db in
            try db.execute(
                sql: "UPDATE web_sessions SET flash = ? WHERE token_hash = ?", arguments: [message, SHA256.hex(token)])
        }
    }

    /// The message for the session's next page, removed once read.
    public func takeSessionFlash(token: String) throws -> String? {
        if let postgres { return try postgresTakeSessionFlash(postgres, token: token) }
        return try writer.write { db in
            let hash = SHA256.hex(token)
            let flash = try String.fetchOne(
                db, sql: "SELECT flash FROM web_sessions WHERE token_hash = ?", arguments: [hash])
            if flash != nil {
                try db.execute(sql: "UPDATE web_sessions SET flash = NULL WHERE token_hash = ?", arguments: [hash])
            }
            return flash
        }
    }

    /// The key every server over this store signs visitors' tokens with: 32 random bytes made by the first server
    /// that asks, kept in the settings.
    public func sessionKey() throws -> [UInt8] {
        let stored =
            try postgres.map(postgresSessionKey)
            ?? writer.write { db in
                let fresh = Hex.encode(PasswordHash.randomBytes(32))
                try db.execute(
                    sql: "INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('web_session_key', ?, ?)",
                    arguments: [JSONValue.string(fresh).serialized, Date()])
                return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'web_session_key'") ?? ""
            }
        guard case .string(let hex)? = try? JSONParser.parse(stored), hex.count == 64, let bytes = Hex.decode(hex)
        else { throw StoreError.corrupt("the web session key is not 64 hex digits") }
        return bytes
    }

    // MARK: Failed sign-ins

    /// Records a failed sign-in for `name` from `client`.
    public func recordSignInFailure(name: String, client: String, at now: Date = Date()) throws {
        if let postgres { return try postgresRecordSignInFailure(postgres, name: name, client: client, at: now) }
        try writer.write { db in
            try db.execute(
                sql: "DELETE FROM sign_in_failures WHERE at < ?", arguments: [now.addingTimeInterval(-86_400)])
            try db.execute(
                sql: "INSERT INTO sign_in_failures (user_name, client, at) VALUES (?, ?, ?)",
                arguments: [name, client, now])
        }
    }

    /// Failed sign-ins since `since`: for `name` and from `client`, with the oldest of each (a limit lifts when
    /// its oldest failure leaves the window).
    public func signInFailures(name: String, client: String, since: Date) throws -> (
        forName: Int, oldestForName: Date?, fromClient: Int, oldestFromClient: Date?
    ) {
        if let postgres { return try postgresSignInFailures(postgres, name: name, client: client, since: since) }
        return try writer.read { db in
            let byName = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM sign_in_failures WHERE user_name = ? AND at >= ?",
                arguments: [name, since])
            let byClient = try Row.fetchOne(
                db, sql: "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM sign_in_failures WHERE client = ? AND at >= ?",
                arguments: [client, since])
            return (
                byName?["n"] ?? 0, byName?["oldest"], byClient?["n"] ?? 0, byClient?["oldest"]
            )
        }
    }

    /// Forgets the failed sign-ins of `name` (after a successful one).
    public func clearSignInFailures(name: String) throws {
        if let postgres {
            try postgres.execute("DELETE FROM sign_in_failures WHERE user_name = $1", [.text(name)])
            return
        }
        try writer.write { db in
            try db.execute(sql: "DELETE FROM sign_in_failures WHERE user_name = ?", arguments: [name])
        }
    }
}
