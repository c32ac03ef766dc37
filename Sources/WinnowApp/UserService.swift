import Foundation
import WinnowCore
import WinnowStore

/// Why an account change or a sign-in was refused.
public enum UserServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name cannot be a user (empty, too long, or kept for automatic decisions).
    case invalidName(String, String)
    /// Wrong name or password (which of the two is not said).
    case wrongCredentials
    /// Too many failed sign-ins; try again after this many seconds.
    case rateLimited(retryAfter: Int)
    /// A new password too weak to keep.
    case weakPassword(String)
    /// What the store refused.
    case store(UserStoreError)
    /// The store could not be read or written.
    case failed(String)

    public var description: String {
        switch self {
        case .invalidName(let name, let why): return "'\(name)' cannot be a user name: \(why)"
        case .wrongCredentials: return "wrong name or password"
        case .rateLimited(let seconds):
            return
                "too many failed sign-ins: try again in \(max(1, (seconds + 59) / 60)) minute\(seconds > 60 ? "s" : "")"
        case .weakPassword(let why): return "password not changed: \(why)"
        case .store(let error): return error.description
        case .failed(let message): return "the store failed: \(message)"
        }
    }
}

/// Accounts and sign-in for the team review UI: one-time passwords for new users, slow salted hashes, and a limit on
/// failed sign-ins per name and per client address, counted in the store so that every server over it shares it.
public struct UserService: Sendable {
    public let store: Store
    /// Failed sign-ins are counted over this window.
    public var window: TimeInterval = 15 * 60
    /// Failures for one name within the window before its sign-ins are refused.
    public var maxFailuresPerName = 5
    /// Failures from one client address within the window before its sign-ins are refused.
    public var maxFailuresPerClient = 20
    /// The cost of new password hashes.
    public var cost = PasswordHash.defaultCost

    /// A service over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Adds a user with a new one-time password, which is returned (it is stored only as a hash).
    public func add(name: String, role: UserRole) throws(UserServiceError) -> String {
        do {
            try Reviewer.validatePerson(name)
        } catch {
            throw .invalidName(name, error.description)
        }
        let password = PasswordHash.newPassword()
        do {
            try store.addUser(name: name, role: role, passwordHash: try PasswordHash.make(password, cost: cost))
        } catch let error as UserStoreError {
            throw .store(error)
        } catch {
            throw .failed("\(error)")
        }
        return password
    }

    /// Gives a user a new one-time password (their sessions end) and returns it.
    public func reset(name: String) throws(UserServiceError) -> String {
        let password = PasswordHash.newPassword()
        try storing {
            try store.setPassword(of: name, to: try PasswordHash.make(password, cost: cost), mustChange: true)
        }
        return password
    }

    /// Removes a user (their sessions end; their decisions stay, under their name).
    public func remove(name: String) throws(UserServiceError) {
        try storing { try store.removeUser(named: name) }
    }

    /// Changes a user's role.
    public func setRole(name: String, role: UserRole) throws(UserServiceError) {
        try storing { try store.setRole(of: name, to: role) }
    }

    /// Every user.
    public func list() throws -> [UserAccount] { try store.users() }

    /// Checks a sign-in. Refused without looking at the password while the name or the client has had too many
    /// failures in the window; a failure is counted. Unknown names cost the same time as wrong passwords.
    public func signIn(name: String, password: String, client: String, at now: Date = Date())
        throws(UserServiceError) -> UserAccount
    {
        let since = now.addingTimeInterval(-window)
        let failures: (forName: Int, oldestForName: Date?, fromClient: Int, oldestFromClient: Date?)
        do {
            failures = try store.signInFailures(name: name, client: client, since: since)
        } catch {
            throw .failed("\(error)")
        }
        var liftsAt: [Date] = []
        if failures.forName >= maxFailuresPerName, let oldest = failures.oldestForName {
            liftsAt.append(oldest.addingTimeInterval(window))
        }
        if failures.fromClient >= maxFailuresPerClient, let oldest = failures.oldestFromClient {
            liftsAt.append(oldest.addingTimeInterval(window))
        }
        if let lift = liftsAt.max() {
            throw .rateLimited(retryAfter: max(1, Int(lift.timeIntervalSince(now).rounded(.up))))
        }
        let found = try? store.user(named: name)
        let matches: Bool
        if let found {
            matches = (try? PasswordHash.verify(password, against: found.passwordHash)) ?? false
        } else {
            _ = try? PasswordHash.verify(password, against: Self.absentUserHash)
            matches = false
        }
        guard let found, matches else {
            try? store.recordSignInFailure(name: name, client: client, at: now)
            throw .wrongCredentials
        }
        try? store.clearSignInFailures(name: name)
        return found.account
    }

    /// Sets a user's own new password (at least 12 characters, not the current one) after checking the current one
    /// like a sign-in (a wrong one counts toward the limit). Their other sessions end.
    public func changePassword(
        name: String, current: String, to password: String, client: String, keepingSession token: String?
    ) throws(UserServiceError) {
        _ = try signIn(name: name, password: current, client: client)
        guard password.count >= 12 else { throw .weakPassword("use at least 12 characters") }
        guard password != current else { throw .weakPassword("choose a password other than the current one") }
        try storing {
            try store.setPassword(
                of: name, to: try PasswordHash.make(password, cost: cost), mustChange: false, keepingSession: token)
        }
    }

    private func storing(_ body: () throws -> Void) throws(UserServiceError) {
        do {
            try body()
        } catch let error as UserStoreError {
            throw .store(error)
        } catch {
            throw .failed("\(error)")
        }
    }

    /// A hash verified against when the name is unknown, so that the answer takes as long as for a known name.
    private static let absentUserHash: String = (try? PasswordHash.make(PasswordHash.newPassword())) ?? ""
}
