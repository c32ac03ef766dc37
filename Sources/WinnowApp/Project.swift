import Foundation
import WinnowStore

/// Where the store lives: `--db PATH` (or a `postgresql://` address), else `$WINNOW_DB`, else `./winnow.db`.
public enum ProjectLocation {
    /// The store path to use.
    public static func resolve(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["WINNOW_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "winnow.db"
    }

    /// Opens the store at `path` (a file, or a PostgreSQL database); with `create` false, a missing file is an
    /// error instead of a new store. A PostgreSQL database gets Winnow's tables when it has none.
    public static func open(_ path: String, create: Bool) throws -> Store {
        if !create, !PostgresAddress.isAddress(path), !Store.exists(at: path) {
            throw StoreError.missing(path: path)
        }
        return try Store(location: path)
    }
}
