import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// Where a PostgreSQL store lives: a `postgresql://user[:password]@host[:port]/database` address.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// Whether `location` names a PostgreSQL database rather than a file.
    public static func isAddress(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// Parses an address; a malformed one is an error that says what is missing.
    public init(_ location: String) throws {
        guard Self.isAddress(location), let components = URLComponents(string: location) else {
            throw StoreError.badAddress(Self.redacted(location), "expected postgresql://user@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.badAddress(Self.redacted(location), "no host")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else {
            throw StoreError.badAddress(Self.redacted(location), "no database name after the host")
        }
        self.host = host
        port = components.port ?? 5432
        user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        self.database = database.removingPercentEncoding ?? database
    }

    /// `location` with any password replaced, for messages.
    static func redacted(_ location: String) -> String {
        guard let scheme = location.range(of: "://"), let at = location.range(of: "@", options: .backwards),
            at.lowerBound > scheme.upperBound
        else { return location }
        let credentials = location[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return location }
        return String(location[..<colon]) + ":***" + String(location[at.lowerBound...])
    }

    /// The address without its password.
    public var description: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
}

/// Connections to a PostgreSQL server, used synchronously by the store: each call waits for the server's answer.
/// Up to `limit` connections are open at once (the first when the store opens, the others when concurrent callers
/// need them, as the web server's requests do); a call takes an idle one, or waits for one. `transaction` binds one
/// connection to the calling thread for its whole body, so every statement in the body runs in that transaction.
final class PostgresLink: @unchecked Sendable {
    private static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let configuration: PostgresConnection.Configuration
    private let logger = Logger(label: "winnow.postgres")
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private let limit: Int
    /// The key under which a thread keeps the connection its transaction holds.
    private let bindingKey = "winnow.postgres.\(UUID().uuidString)"
    let address: PostgresAddress

    init(_ address: PostgresAddress, connections limit: Int = 4) throws {
        self.address = address
        self.limit = max(1, limit)
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        self.configuration = configuration
        idle = [try open()]
        opened = 1
    }

    deinit {
        for connection in idle { _ = try? connection.close().wait() }
    }

    private func open() throws -> PostgresConnection {
        do {
            return try PostgresConnection.connect(
                on: Self.group.next(), configuration: configuration, id: opened + 1, logger: logger
            ).wait()
        } catch {
            throw StoreError.unreachable(address.description, Self.describe(error))
        }
    }

    /// Runs `body` with the connection this thread's transaction holds, else with an idle one (opening one while
    /// fewer than `limit` are open, else waiting for one), bound to this thread until `body` returns.
    private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let thread = Thread.current.threadDictionary
        if let bound = thread[bindingKey] as? PostgresConnection { return try body(bound) }
        let connection = try acquire()
        thread[bindingKey] = connection
        defer {
            thread[bindingKey] = nil
            release(connection)
        }
        return try body(connection)
    }

    private func acquire() throws -> PostgresConnection {
        condition.lock()
        while true {
            if let connection = idle.popLast() {
                condition.unlock()
                // The server may have ended it (a restart, an idle timeout): a new one takes its place.
                return connection.isClosed ? try openCounted() : connection
            }
            if opened < limit {
                opened += 1
                condition.unlock()
                return try openCounted()
            }
            condition.wait()
        }
    }

    /// A new connection in a place already counted in `opened`, given back when the connection fails.
    private func openCounted() throws -> PostgresConnection {
        do { return try open() } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func release(_ connection: PostgresConnection) {
        condition.lock()
        idle.append(connection)
        condition.signal()
        condition.unlock()
    }

    /// The rows of `sql` (placeholders `$1`, `$2`...) with `values` bound.
    @discardableResult
    func query(_ sql: String, _ values: [SQLValue] = []) throws -> [PostgresRandomAccessRow] {
        try result(sql, values).rows.map(PostgresRandomAccessRow.init)
    }

    /// Runs `sql` and returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        try result(sql, values).metadata.rows ?? 0
    }

    /// Runs `sql` with `values` bound and waits for its whole result.
    private func result(_ sql: String, _ values: [SQLValue]) throws -> PostgresQueryResult {
        try withConnection { connection in
            let future = connection.query(Self.query(sql, values), logger: logger)
            do { try settle() } catch {
                _ = try? future.wait()
                throw error
            }
            do { return try future.wait() } catch {
                throw StoreError.server(Self.describe(error))
            }
        }
    }

    /// Work sent on a connection and not waited for yet, in the order it was sent: statements, and copies whose
    /// rows may still be streaming.
    final class InFlight: @unchecked Sendable {
        // @unchecked: touched only by the thread that owns the transaction, or the one it hands this to.
        fileprivate enum Item {
            case statement(EventLoopFuture<PostgresQueryResult>)
            case copy(DispatchSemaphore, OutcomeBox)
        }
        fileprivate var items: [Item] = []

        /// Waits for everything sent, and throws the first error (the server's rollback follows it).
        func settle() throws {
            let items = self.items
            self.items = []
            var first: (any Error)?
            for item in items {
                switch item {
                case .statement(let future):
                    do { _ = try future.wait() } catch { first = first ?? error }
                case .copy(let done, let outcome):
                    done.wait()
                    if let error = outcome.error { first = first ?? error }
                }
            }
            if let first { throw StoreError.server(PostgresLink.describe(first)) }
        }
    }

    private var sentKey: String { bindingKey + ".sent" }

    /// What this thread's transaction sent and has not waited for, or nil outside a transaction.
    private var inFlight: InFlight? { Thread.current.threadDictionary[sentKey] as? InFlight }

    /// Sends `sql` inside this thread's transaction without waiting for it: the server runs it in order with what
    /// follows on the connection, and its error, if any, is thrown by the next statement waited for (the commit at
    /// the latest). Saves a round trip where nothing needs the result. Outside a transaction it runs at once.
    func send(_ sql: String, _ values: [SQLValue] = []) throws {
        guard let sent = inFlight, let connection = Thread.current.threadDictionary[bindingKey] as? PostgresConnection
        else {
            try execute(sql, values)
            return
        }
        sent.items.append(.statement(connection.query(Self.query(sql, values), logger: logger)))
    }

    /// Waits for what this thread's transaction sent before, and throws the first error.
    private func settle() throws { try inFlight?.settle() }

    /// The first column of the first row, decoded, or nil without rows or for NULL.
    func scalar<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ values: [SQLValue] = []) throws -> T? {
        guard let row = try query(sql, values).first, row[0].bytes != nil else { return nil }
        return try row[0].decode(T.self)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. Inside another
    /// transaction on this thread, `body` simply runs as part of it.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try transaction(waitingForCommit: true, body).value
    }

    /// Runs `body` in one transaction and sends its COMMIT without waiting: returns the body's value and what is
    /// still in flight, the commit last. The transaction counts only once that is settled without error; until
    /// then the connection works on it while the caller goes on (its next statements there wait their turn).
    func transactionInFlight<T>(_ body: () throws -> T) throws -> (value: T, inFlight: InFlight) {
        let (value, sent) = try transaction(waitingForCommit: false, body)
        return (value, sent ?? InFlight())
    }

    private func transaction<T>(waitingForCommit: Bool, _ body: () throws -> T) throws -> (value: T, sent: InFlight?) {
        try withConnection { _ in
            let thread = Thread.current.threadDictionary
            let key = bindingKey + ".transaction"
            if thread[key] != nil { return (try body(), nil) }
            let sent = InFlight()
            thread[key] = true
            thread[sentKey] = sent
            defer {
                thread[key] = nil
                thread[sentKey] = nil
            }
            // BEGIN goes out with the body's first statement, in one round trip.
            try send("BEGIN")
            do {
                let value = try body()
                if waitingForCommit {
                    try execute("COMMIT")
                } else {
                    try send("COMMIT")
                }
                return (value, sent)
            } catch {
                try? settle()
                _ = try? execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Streams `text` (rows already in COPY's text format, one line each) into `table` with `COPY ... FROM STDIN`.
    func copy(into table: String, columns: [String], text: [UInt8]) throws {
        try copy(into: table, columns: columns, chunks: 1) { _ in text }
    }

    /// Streams `chunks` pieces of COPY data into `table`, each made by `chunk(index)` while the server takes in the
    /// one before, so that making the rows and storing them overlap. In the binary format (``CopyBinary`` rows) the
    /// link adds the format's header and trailer around the chunks. With `waiting` false, inside a transaction, it
    /// returns once the server has started the copy, which then goes on beside the caller as part of what the
    /// transaction has in flight.
    func copy(
        into table: String, columns: [String], binary: Bool = false, waiting: Bool = true, chunks: Int,
        chunk: @escaping @Sendable (Int) -> [UInt8]
    ) throws {
        try withConnection { connection in
            try settle()
            let logger = logger
            let done = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            let outcome = OutcomeBox()
            // PostgresNIO's copy API writes `COPY "table"(columns) FROM STDIN WITH (FORMAT text)` and offers no
            // other format. For the binary one the whole statement goes in the table's place and a line comment
            // ends it before the text clause. Table and column names are Winnow's own constants, never input.
            let target: String
            let targetColumns: [String]
            if binary {
                let names = columns.map { "\"\($0)\"" }.joined(separator: ",")
                target = "\(table)\"(\(names)) FROM STDIN WITH (FORMAT binary) --"
                targetColumns = []
            } else {
                target = table
                targetColumns = columns
            }
            // The copy API is asynchronous: it runs on a task whose jobs run on a dispatch queue of its own, never
            // on the concurrency pool, which a synchronous caller may be blocking.
            Task(executorPreference: QueueTaskExecutor.shared) {
                do {
                    try await connection.copyFrom(table: target, columns: targetColumns, logger: logger) { writer in
                        // In copy mode: whatever is sent on the connection from now on comes after the copy.
                        started.signal()
                        if binary && chunks == 0 {
                            try await writer.write(ByteBuffer(bytes: CopyBinary.header + CopyBinary.trailer))
                        }
                        for index in 0..<chunks {
                            var buffer = ByteBuffer()
                            if binary && index == 0 { buffer.writeBytes(CopyBinary.header) }
                            buffer.writeBytes(chunk(index))
                            if binary && index == chunks - 1 { buffer.writeBytes(CopyBinary.trailer) }
                            try await writer.write(buffer)
                        }
                    }
                    outcome.set(nil)
                } catch {
                    outcome.set(error)
                }
                done.signal()
                started.signal()
            }
            if !waiting, let sent = inFlight {
                started.wait()
                sent.items.append(.copy(done, outcome))
                return
            }
            done.wait()
            if let error = outcome.error { throw StoreError.server(Self.describe(error)) }
        }
    }

    /// `sql` with its `?` placeholders (outside quoted text) numbered `$1`, `$2`... as PostgreSQL writes them.
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var quoted = false
        var number = 0
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func query(_ sql: String, _ values: [SQLValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .integer(let integer): bindings.append(integer)
            case .double(let double): bindings.append(double)
            case .bool(let bool): bindings.append(bool)
            case .text(let text): bindings.append(text)
            case .date(let date): bindings.append(date)
            case .texts(let texts): bindings.append(texts)
            case .integers(let integers): bindings.append(integers)
            case .blobs(let blobs): bindings.append(blobs.map { ByteBuffer(bytes: $0) })
            case .null: bindings.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// The server's own message for a failed statement (PostgresNIO hides it from `description`).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState].map { " (\($0))" } ?? ""
                return message + code
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// The outcome of an asynchronous step, read after its semaphore.
private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: (any Error)?) {
        lock.lock()
        stored = error
        lock.unlock()
    }
    var error: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// Runs tasks' jobs on one dispatch queue.
private final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = QueueTaskExecutor()
    private let queue = DispatchQueue(label: "winnow.postgres.copy")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

extension PostgresRandomAccessRow {
    /// Column `name` decoded as `T` (an optional type for a nullable column).
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }
}
