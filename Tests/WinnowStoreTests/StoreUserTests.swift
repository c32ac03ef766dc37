import Foundation
import GRDB
import Testing
import WinnowCore

@testable import WinnowStore

@Suite("Users, sessions and failed sign-ins in the store")
struct StoreUserTests {
    @Test(
        "users are unique, the last admin stays, and removing a user ends their sessions",
        arguments: TestStore.Kind.allCases)
    func users(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let store = test.store
        try store.addUser(name: "ada", role: .admin, passwordHash: "$scrypt$x")
        try store.addUser(name: "rex", role: .reviewer, passwordHash: "$scrypt$y")
        #expect(throws: UserStoreError.exists("ada")) {
            try store.addUser(name: "ada", role: .reviewer, passwordHash: "$scrypt$z")
        }
        #expect(throws: UserStoreError.lastAdmin("ada")) { try store.removeUser(named: "ada") }
        #expect(throws: UserStoreError.lastAdmin("ada")) { try store.setRole(of: "ada", to: .reviewer) }
        #expect(throws: UserStoreError.noSuchUser("zed")) { try store.removeUser(named: "zed") }
        try store.setRole(of: "rex", to: .admin)
        try store.setRole(of: "ada", to: .reviewer)
        #expect(try store.users().map { "\($0.name):\($0.role.rawValue)" } == ["ada:reviewer", "rex:admin"])

        try store.createSession(token: "cookie-ada", user: "ada", csrfToken: "t", expiresAt: .distantFuture)
        #expect(try store.session(token: "cookie-ada")?.user?.name == "ada")
        try store.removeUser(named: "ada")
        #expect(try store.session(token: "cookie-ada") == nil)
        #expect(try store.user(named: "ada") == nil)
    }

    @Test(
        "only a hash of the cookie is kept; sessions expire; a new password ends the others",
        arguments: TestStore.Kind.allCases)
    func sessions(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let store = test.store
        try store.addUser(name: "rex", role: .reviewer, passwordHash: "$scrypt$y")
        try store.createSession(token: "first", user: "rex", csrfToken: "t1", expiresAt: Date().addingTimeInterval(60))
        try store.createSession(token: "second", user: "rex", csrfToken: "t2", expiresAt: .distantFuture)
        try store.createSession(token: "visitor", user: nil, csrfToken: "t3", expiresAt: .distantFuture)
        let stored = try test.texts("SELECT token_hash FROM web_sessions")
        #expect(Set(stored) == Set(["first", "second", "visitor"].map(SHA256.hex)))
        #expect(try store.session(token: "visitor")?.user == nil)
        #expect(try store.session(token: "visitor")?.csrfToken == "t3")
        #expect(try store.session(token: "first", at: Date().addingTimeInterval(120)) == nil)

        try store.setSessionFlash("Saved.", token: "second")
        #expect(try store.takeSessionFlash(token: "second") == "Saved.")
        #expect(try store.takeSessionFlash(token: "second") == nil)

        try store.setPassword(of: "rex", to: "$scrypt$new", mustChange: false, keepingSession: "second")
        #expect(try store.session(token: "first") == nil)
        #expect(try store.session(token: "second")?.user?.mustChangePassword == false)
        try store.deleteSession(token: "second")
        #expect(try store.session(token: "second") == nil)
    }

    @Test("failed sign-ins are counted per name and per client within a window", arguments: TestStore.Kind.allCases)
    func failures(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let store = test.store
        let now = Date()
        for minute in 0..<3 {
            try store.recordSignInFailure(
                name: "rex", client: "10.0.0.\(minute)", at: now.addingTimeInterval(Double(-minute * 60)))
        }
        try store.recordSignInFailure(name: "ada", client: "10.0.0.0", at: now.addingTimeInterval(-3600))
        let counts = try store.signInFailures(name: "rex", client: "10.0.0.0", since: now.addingTimeInterval(-150))
        #expect(counts.forName == 3)
        #expect(counts.fromClient == 1)
        #expect(counts.oldestForName.map { abs($0.timeIntervalSince(now) + 120) < 1 } == true)
        try store.clearSignInFailures(name: "rex")
        #expect(try store.signInFailures(name: "rex", client: "x", since: .distantPast).forName == 0)
        #expect(try store.signInFailures(name: "ada", client: "x", since: .distantPast).forName == 1)
    }
}
