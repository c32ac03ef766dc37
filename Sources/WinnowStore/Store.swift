import Foundation
import GRDB
import WinnowCore

/// The project store: one SQLite file (WAL, so the review UI can read while a job writes) or an in-memory database
/// for tests. All schema changes go through ``Store/migrator``.
public final class Store: Sendable {
    /// The database connection (a pool for files, a queue in memory).
    public let writer: any DatabaseWriter
    /// The file path, or nil in memory.
    public let path: String?
    /// What imports know in memory about the stored content hashes.
    let contentKeys = ContentKeyIndex()

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
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notAStore(path: path)
        }
        self.path = path
        try Store.migrator.migrate(writer)
    }

    /// An empty in-memory store with the current schema.
    public init() throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA foreign_keys = ON") }
        writer = try DatabaseQueue(configuration: configuration)
        path = nil
        try Store.migrator.migrate(writer)
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

    public var description: String {
        switch self {
        case .notAStore(let path): return "\(path) is not a Winnow store (not a SQLite database)"
        case .missing(let path): return "no store at \(path): run `winnow init` or `winnow import` first"
        case .noSuchExample(let id): return "no example with id \(id)"
        case .corrupt(let message): return "the store holds a value Winnow cannot read: \(message)"
        }
    }
}
