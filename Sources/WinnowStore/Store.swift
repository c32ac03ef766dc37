import Foundation
import GRDB
import WinnowCore

/// The project store: one SQLite file (WAL, so the review UI can read while a job writes), an in-memory database
/// for tests, or a PostgreSQL database shared by several machines. All schema changes go through ``Store/migrator``
/// (and ``PostgresSchema``, the same migrations written for PostgreSQL). This class is the one storage interface:
/// no SQL dialect leaves WinnowStore.
public final class Store: Sendable {
    /// The SQLite connection (a pool for files, a queue in memory); nil on PostgreSQL.
    private let sqlite: (any DatabaseWriter)?
    /// The PostgreSQL connection; nil on SQLite.
    let postgres: PostgresLink?
    /// The file path, or nil in memory or on PostgreSQL.
    public let path: String?

    /// The SQLite connection. On PostgreSQL this is an error: the operation that asked for it is not available on
    /// PostgreSQL yet.
    public var writer: any DatabaseWriter {
        get throws {
            guard let sqlite else { throw StoreError.notOnPostgres }
            return sqlite
        }
    }

    /// Whether opening the store created it (a new file, or a database without Winnow's tables).
    public let isNew: Bool

    /// Where the store is: its file, its PostgreSQL address (without a password), or "in memory".
    public var location: String { path ?? postgres?.address.description ?? "in memory" }
    /// What imports know in memory about the stored content hashes.
    let contentKeys = ContentKeyIndex()
    /// What PostgreSQL imports know in memory about the stored content hashes.
    let contentFilter = PostgresContentFilter()

    /// Opens (creating when missing) the store at `path` and migrates it to the current schema.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // 16 KiB pages for a new store (an existing one keeps its own): a quarter of the page writes, WAL frames
            // and checkpoint copies of 4 KiB pages for the same rows, which is most of what a large import costs
            // the kernel. It must come before the first write, which turns the file to WAL.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A 32 MiB page cache per connection (imports append rows and merge content keys in order, so a larger
            // one holds nothing they read again), and a checkpoint every 32 MiB of WAL.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 2048")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        isNew = !FileManager.default.fileExists(atPath: path)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notAStore(path: path)
        }
        sqlite = pool
        postgres = nil
        self.path = path
        try Store.migrator.migrate(pool)
    }

    /// Opens the PostgreSQL database at `address` (its tables are created when missing) and migrates it.
    public init(postgres address: PostgresAddress) throws {
        let link = try PostgresLink(address)
        isNew = try PostgresSchema.migrate(link)
        sqlite = nil
        postgres = link
        path = nil
    }

    /// Opens the store at `location`: a `postgresql://` address, else a SQLite file path.
    public convenience init(location: String) throws {
        if PostgresAddress.isAddress(location) {
            try self.init(postgres: PostgresAddress(location))
        } else {
            try self.init(path: location)
        }
    }

    /// An empty in-memory store with the current schema.
    public init() throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        isNew = true
        let queue = try DatabaseQueue(configuration: configuration)
        sqlite = queue
        postgres = nil
        path = nil
        try Store.migrator.migrate(queue)
    }

    /// Whether a file at `path` exists (a store is created by `winnow init` or the first import).
    public static func exists(at path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}

/// A store that cannot be opened or used as asked.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not a SQLite database.
    case notAStore(path: String)
    /// No store at the path.
    case missing(path: String)
    /// No example with this id.
    case noSuchExample(Int64)
    /// A stored value no version of Winnow writes.
    case corrupt(String)
    /// A `postgresql://` address that cannot be used, and why.
    case badAddress(String, String)
    /// The PostgreSQL server could not be reached or refused the connection.
    case unreachable(String, String)
    /// The PostgreSQL server refused a statement.
    case server(String)
    /// SQLite-only code (the file's own connection) asked for on a PostgreSQL store.
    case notOnPostgres
    /// Work shared by claims needs a PostgreSQL store.
    case sharedWorkNeedsPostgres

    public var description: String {
        switch self {
        case .notAStore(let path): return "\(path) is not a Winnow store (not a SQLite database)"
        case .missing(let path): return "no store at \(path): run `winnow init` or `winnow import` first"
        case .noSuchExample(let id): return "no example with id \(id)"
        case .corrupt(let message): return "the store holds a value Winnow cannot read: \(message)"
        case .badAddress(let address, let problem):
            return "\(address) is not a usable PostgreSQL address: \(problem)"
        case .unreachable(let address, let problem): return "cannot connect to \(address): \(problem)"
        case .server(let message): return "the PostgreSQL server refused: \(message)"
        case .sharedWorkNeedsPostgres:
            return "work is shared between processes only on a PostgreSQL store"
        case .notOnPostgres:
            return "this operation needs a SQLite file's own connection, which a PostgreSQL store does not have"
        }
    }
}
