import Foundation
import GRDB
import PostgresNIO
import WinnowCore

extension Store {
    /// The id of the newest example (0 when there is none): an import notes it before its first file, so that it
    /// can tell the examples it added afterwards.
    public func lastExampleID() throws -> Int64 {
        if let postgres { return try postgres.scalar(Int64.self, "SELECT MAX(id) FROM examples") ?? 0 }
        return try writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM examples") ?? 0 }
    }

    /// The first example stored from source `source` (nil when none is).
    public func firstExampleID(source: Int64) throws -> Int64? {
        let sql = "SELECT MIN(id) FROM examples WHERE source_id = ?"
        if let postgres { return try postgres.scalar(Int64.self, PostgresLink.numbered(sql), [.integer(source)]) }
        return try writer.read { db in try Int64.fetchOne(db, sql: sql, arguments: [source]) }
    }

    /// Whether an example up to `id` has a ticket id (stops at the first).
    public func hasTicketIDs(through id: Int64) throws -> Bool {
        let sql = "SELECT EXISTS (SELECT 1 FROM examples WHERE id <= ? AND ticket_id IS NOT NULL)"
        if let postgres { return try postgres.scalar(Bool.self, PostgresLink.numbered(sql), [.integer(id)]) == true }
        return try writer.read { db in try Bool.fetchOne(db, sql: sql, arguments: [id]) == true }
    }

    /// The ticket ids among `tickets` that stored examples hold (a dry run's look at what an import would settle).
    /// SQLite reads every stored ticket id once (there is no index on them); PostgreSQL is asked for the list.
    public func storedTicketIDs(among tickets: Set<String>) throws -> Set<String> {
        guard !tickets.isEmpty else { return [] }
        if let postgres {
            return Set(
                try postgres.query(
                    "SELECT DISTINCT ticket_id FROM examples WHERE ticket_id = ANY($1)", [.texts(Array(tickets))]
                ).map { try $0[0].decode(String.self) })
        }
        return try writer.read { db in
            var found = Set<String>()
            let rows = try String.fetchCursor(db, sql: "SELECT ticket_id FROM examples WHERE ticket_id IS NOT NULL")
            while let ticket = try rows.next() {
                if tickets.contains(ticket) { found.insert(ticket) }
            }
            return found
        }
    }

    /// One ticket id's examples, as ``ticketGroups(touchedAfter:atMost:)`` finds them.
    public struct TicketGroups: Sendable, Equatable {
        /// Each group one ticket id's examples in id order, the groups in the order of their first examples.
        public var groups: [[Int64]] = []
        /// The ticket ids held by more examples than the limit, with how many, the most held first.
        public var crowded: [Crowded] = []

        /// A ticket id held by more examples than the limit.
        public struct Crowded: Sendable, Equatable {
            /// The ticket id.
            public var ticket: String
            /// How many examples hold it.
            public var examples: Int

            public init(ticket: String, examples: Int) {
                self.ticket = ticket
                self.examples = examples
            }
        }
    }

    /// The examples that share a ticket id with another, for the ticket ids of the examples added after `id`: the
    /// groups of the ticket ids held by at most `limit` examples (the same on both backends), and the ticket ids held
    /// by more.
    ///
    /// On SQLite the ticket ids of the examples after `id` are hashed as they are read (their bytes, not strings) and
    /// sorted, the earlier examples' ticket ids are hashed and looked up among them, and only the examples whose hash
    /// is shared are read again with their ticket ids and grouped by them exactly: a `GROUP BY ticket_id` would sort
    /// every string (DESIGN.md, "A ticket imported again"). PostgreSQL groups with a hash aggregate on the server.
    public func ticketGroups(touchedAfter id: Int64, atMost limit: Int = .max) throws -> TicketGroups {
        var rows: [(id: Int64, ticket: String)] = []
        var result = TicketGroups()
        if let postgres {
            let newWithTicket = "SELECT EXISTS (SELECT 1 FROM examples WHERE id > $1 AND ticket_id IS NOT NULL)"
            guard try postgres.scalar(Bool.self, newWithTicket, [.integer(id)]) == true else { return result }
            // One pass of the hash aggregate: the crowded ticket ids come back as rows without an example id.
            let found = try postgres.query(
                """
                WITH shared AS MATERIALIZED (
                    SELECT ticket_id, COUNT(*) AS n FROM examples WHERE ticket_id IS NOT NULL
                    GROUP BY ticket_id HAVING COUNT(*) > 1 AND MAX(id) > $2)
                SELECT e.id, e.ticket_id, s.n FROM shared s JOIN examples e ON e.ticket_id = s.ticket_id
                WHERE s.n <= $1
                UNION ALL
                SELECT NULL, s.ticket_id, s.n FROM shared s WHERE s.n > $1
                ORDER BY 2, 1
                """, [.integer(Int64(clamping: limit)), .integer(id)]
            )
            for row in found {
                let ticket = try row[1].decode(String.self)
                if let example = try row[0].decode(Int64?.self) {
                    rows.append((example, ticket))
                } else {
                    result.crowded.append(.init(ticket: ticket, examples: Int(try row[2].decode(Int64.self))))
                }
            }
        } else {
            rows = try writer.read { db in try Store.sharedTicketRows(after: id, db) }
        }
        var current: (ticket: String, ids: [Int64])?
        func close() {
            guard let current, let last = current.ids.last, current.ids.count > 1, last > id else { return }
            if current.ids.count <= limit {
                result.groups.append(current.ids)
            } else {
                result.crowded.append(.init(ticket: current.ticket, examples: current.ids.count))
            }
        }
        for row in rows {
            if current?.ticket != row.ticket {
                close()
                current = (row.ticket, [])
            }
            current?.ids.append(row.id)
        }
        close()
        result.groups.sort { $0[0] < $1[0] }
        result.crowded.sort { ($1.examples, $0.ticket) < ($0.examples, $1.ticket) }
        return result
    }

    /// The examples (id and ticket id, in ticket id then id order) whose ticket id an example after `id` also holds,
    /// found by hashes first (see ``ticketGroups(touchedAfter:atMost:)``); groups of one are left in.
    private static func sharedTicketRows(after id: Int64, _ db: Database) throws -> [(id: Int64, ticket: String)] {
        func hash(_ row: Row) throws -> UInt64 {
            try row.withUnsafeData(atIndex: 1) { data in (data ?? Data()).withUnsafeBytes(TicketHash.of) }
        }
        var added: [(hash: UInt64, id: Int64)] = []
        let newRows = try Row.fetchCursor(
            db, sql: "SELECT id, ticket_id FROM examples WHERE id > ? AND ticket_id IS NOT NULL", arguments: [id])
        while let row = try newRows.next() { added.append((try hash(row), row[0])) }
        guard !added.isEmpty else { return [] }
        added.sort { $0.hash < $1.hash }
        var shared: [Int64] = []
        var index = 0
        while index < added.count {
            var end = index + 1
            while end < added.count, added[end].hash == added[index].hash { end += 1 }
            if end - index > 1 { shared += added[index..<end].map(\.id) }
            index = end
        }
        let earlierRows = try Row.fetchCursor(
            db, sql: "SELECT id, ticket_id FROM examples WHERE id <= ? AND ticket_id IS NOT NULL", arguments: [id])
        var earlierShared = Set<UInt64>()
        while let row = try earlierRows.next() {
            let value = try hash(row)
            var low = 0
            var high = added.count
            while low < high {
                let middle = (low + high) / 2
                if added[middle].hash < value { low = middle + 1 } else { high = middle }
            }
            guard low < added.count, added[low].hash == value else { continue }
            shared.append(row[0])
            if earlierShared.insert(value).inserted {
                var next = low
                while next < added.count, added[next].hash == value {
                    shared.append(added[next].id)
                    next += 1
                }
            }
        }
        guard !shared.isEmpty else { return [] }
        var found: [(id: Int64, ticket: String)] = []
        let ids = Array(Set(shared))
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            found += try Row.fetchAll(
                db, sql: "SELECT id, ticket_id FROM examples WHERE id IN (\(placeholders))",
                arguments: StatementArguments(chunk)
            ).map { ($0[0], $0[1]) }
        }
        return found.sorted { ($0.ticket, $0.id) < ($1.ticket, $1.id) }
    }
}
