import Foundation
import GRDB

/// A value bound to a statement in either dialect: the few types the store writes (lists only on PostgreSQL).
enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case double(Double)
    case bool(Bool)
    case text(String)
    case date(Date)
    case texts([String])
    case integers([Int64])
    case blobs([[UInt8]])
    case null
}

extension SQLValue {
    /// The value as SQLite binds it.
    var sqliteValue: (any DatabaseValueConvertible)? {
        switch self {
        case .integer(let integer): return integer
        case .double(let double): return double
        case .bool(let bool): return bool
        case .text(let text): return text
        case .date(let date): return date
        case .null: return nil
        case .texts, .integers, .blobs: preconditionFailure("lists are bound on PostgreSQL only")
        }
    }
}

extension StatementArguments {
    /// Dialect-neutral values bound for SQLite.
    init(_ values: [SQLValue]) {
        self.init(values.map(\.sqliteValue))
    }
}
