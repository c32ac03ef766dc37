import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow users`: the accounts of `winnow serve --team`.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Accounts for the team review UI (`winnow serve --team`).",
        discussion: """
            `users add NAME` prints a one-time password, shown once and stored only as a salted scrypt hash; at the
            first sign-in its user chooses their own. Reviewers decide and undo their own decisions; admins also
            manage users and undo anyone's decisions. Whoever can run this command on the store is an admin.
            """,
        subcommands: [
            UsersAddCommand.self, UsersListCommand.self, UsersRemoveCommand.self, UsersResetCommand.self,
            UsersRoleCommand.self,
        ])
}

extension UserRole: ExpressibleByArgument {}

/// Runs a user change, reporting a refused one as bad input (exit 2).
private func changingUsers<T>(_ body: () throws(UserServiceError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw Failure.input(error.description)
    }
}

private func oneTimeJSON(name: String, role: UserRole?, password: String) -> JSONValue {
    var fields: [(String, JSONValue)] = [("name", .string(name))]
    if let role { fields.append(("role", .string(role.rawValue))) }
    fields.append(("one_time_password", .string(password)))
    return .object(JSONObject(fields))
}

struct UsersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a user and print their one-time password.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The name decisions are recorded under.")
    var name: String

    @Option(help: "reviewer or admin.")
    var role: UserRole = .reviewer

    func run() throws {
        try reportingFailures {
            let service = UserService(store: try global.openStore(create: true))
            let password = try changingUsers { () throws(UserServiceError) in
                try service.add(name: name, role: role)
            }
            global.emit(oneTimeJSON(name: name, role: role, password: password)) {
                "Added \(role.rawValue) \(name). One-time password (shown once; \(name) chooses their own at the "
                    + "first sign-in):\n\(password)"
            }
        }
    }
}

struct UsersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let users = try UserService(store: try global.openStore()).list()
            let json = JSONValue.object(
                JSONObject([
                    (
                        "users",
                        .array(
                            users.map { user in
                                .object(
                                    JSONObject([
                                        ("name", .string(user.name)), ("role", .string(user.role.rawValue)),
                                        ("one_time_password_pending", .bool(user.mustChangePassword)),
                                        ("created_at", .string(ISO8601DateFormatter().string(from: user.createdAt))),
                                    ]))
                            })
                    )
                ]))
            global.emit(json) {
                guard !users.isEmpty else { return "No users: add one with `winnow users add NAME --role admin`." }
                return users.map { user in
                    "\(TextTable.cell(user.name, 24)) \(TextTable.cell(user.role.rawValue, 9))"
                        + (user.mustChangePassword ? " one-time password not yet replaced" : "")
                }.joined(separator: "\n")
            }
        }
    }
}

struct UsersRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a user (their sessions end; their decisions stay).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user.")
    var name: String

    func run() throws {
        try reportingFailures {
            let service = UserService(store: try global.openStore())
            try changingUsers { () throws(UserServiceError) in try service.remove(name: name) }
            global.emit(.object(JSONObject([("removed", .string(name))]))) { "Removed \(name)." }
        }
    }
}

struct UsersResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Give a user a new one-time password (their sessions end).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user.")
    var name: String

    func run() throws {
        try reportingFailures {
            let service = UserService(store: try global.openStore())
            let password = try changingUsers { () throws(UserServiceError) in try service.reset(name: name) }
            global.emit(oneTimeJSON(name: name, role: nil, password: password)) {
                "New one-time password for \(name) (shown once):\n\(password)"
            }
        }
    }
}

struct UsersRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "role", abstract: "Change a user's role.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user.")
    var name: String

    @Argument(help: "reviewer or admin.")
    var role: UserRole

    func run() throws {
        try reportingFailures {
            let service = UserService(store: try global.openStore())
            try changingUsers { () throws(UserServiceError) in try service.setRole(name: name, role: role) }
            global.emit(.object(JSONObject([("name", .string(name)), ("role", .string(role.rawValue))]))) {
                "\(name) is now \(role == .admin ? "an admin" : "a reviewer")."
            }
        }
    }
}
