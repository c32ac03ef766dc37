import Foundation
import GRDB
import GRDBSQLite

/// A 32-byte content hash as a value: compared in full, keyed by its first 8 bytes.
struct ContentDigest: Hashable, Sendable {
    let word0: UInt64
    let word1: UInt64
    let word2: UInt64
    let word3: UInt64

    /// The digest in the first 32 of `bytes` (zeros where `bytes` is shorter).
    init(_ bytes: UnsafeRawBufferPointer) {
        func word(_ index: Int) -> UInt64 {
            guard bytes.count >= (index + 1) * 8 else { return 0 }
            return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        }
        word0 = word(0)
        word1 = word(1)
        word2 = word(2)
        word3 = word(3)
    }

    /// The first 8 bytes, big-endian: the key stored in `content_keys` (as the same bits in a signed integer).
    var key: UInt64 { word0 }

    /// The key as SQLite stores it.
    var storedKey: Int64 { Int64(bitPattern: word0) }

    /// All zeros (a placeholder; no content hashes to it in practice).
    static let zero = ContentDigest(UnsafeRawBufferPointer(start: nil, count: 0))
}

/// The store's index of content hashes, which makes a re-imported record a duplicate without a unique index on the
/// 32-byte hash (whose random inserts cost more than the rest of an import).
///
/// On disk: `content_keys` maps each 8-byte key (the hash's first 8 bytes) to the examples with that key, for every
/// example up to `content_key_state.merged_through`; newer examples are found by id. In memory: a filter over every
/// key in the store and a table of the newer examples' full hashes. A new record is checked against the filter
/// (almost always: certainly new), then the table of newer examples, then `content_keys`, comparing full hashes.
/// When the newer examples reach ``mergeThreshold`` they are merged into `content_keys` in key order, within the
/// batch's transaction, so the key table grows by sorted runs instead of one random insert per record.
///
/// The in-memory part is rebuilt from the database when the store is opened, and whenever the database shows that
/// someone else wrote examples or merged keys.
final class ContentKeyIndex: @unchecked Sendable {
    // @unchecked: `state` is only read and written inside the store's write transactions, which GRDB runs one at a
    // time; `reset()` goes through the writer too.

    /// Newer examples are merged into `content_keys` once there are this many (tests make it small).
    var mergeThreshold = 1 << 17

    /// The in-memory part, once loaded.
    private var state: ContentKeyState?

    /// Takes the in-memory part, brought up to date with the database, at the start of a write transaction; give it
    /// back with ``keep(_:)`` before the transaction commits. (Taking it out keeps its storage uniquely referenced,
    /// so the transaction's additions do not copy the filter.)
    func take(_ db: Database) throws -> ContentKeyState {
        let lastID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM examples")) ?? 0
        let mergedThrough =
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT merged_through FROM content_key_state")) ?? 0
        if var current = state.take(), current.mergedThrough == mergedThrough, current.lastExampleID <= lastID,
            !current.filter.wantsToGrow
        {
            if current.lastExampleID < lastID {
                // Someone else stored examples since this state was made.
                try current.loadRecent(db, after: current.lastExampleID, through: lastID)
            }
            return current
        }
        return try ContentKeyState.load(db, mergedThrough: mergedThrough, lastID: lastID)
    }

    /// Keeps `state` for the next transaction (call when the current one is about to commit).
    func keep(_ state: ContentKeyState) { self.state = state }

    /// Forgets the in-memory part (after a failed transaction); the next batch reloads it.
    func reset() { state = nil }
}

/// The in-memory part of ``ContentKeyIndex``.
struct ContentKeyState {
    /// Every key in the store.
    var filter: ContentKeyFilter
    /// Examples newer than `mergedThrough`: full hash to example id.
    var recent: RecentExamples
    /// Examples up to this id have their keys in `content_keys`.
    var mergedThrough: Int64
    /// The highest example id this state knows about.
    var lastExampleID: Int64
    /// The texts met again since the last merge (``SharedText``): a text shared by thousands of tickets (`Thanks!`)
    /// costs a lookup per record, not one per earlier example with it.
    var sharedTexts: [ContentDigest: SharedText] = [:]

    /// A text stored more than once: its first example, each ticket's first example with it, and the examples with
    /// it whose tickets are not read yet (those found when it was met again, and those stored since).
    struct SharedText {
        var first: Int64
        var firstByTicket: [String: Int64] = [:]
        var unread: [Int64]
    }

    /// Reads the state from the database: every key for the filter, and the examples newer than `mergedThrough`.
    static func load(_ db: Database, mergedThrough: Int64, lastID: Int64) throws -> ContentKeyState {
        let capacity = max(2 * Int(lastID), 1 << 20)
        var state = ContentKeyState(
            filter: ContentKeyFilter(capacity: capacity), recent: RecentExamples(), mergedThrough: mergedThrough,
            lastExampleID: mergedThrough)
        let keys = try db.makeStatement(sql: "SELECT key FROM content_keys")
        let handle = keys.sqliteStatement
        while true {
            let code = sqlite3_step(handle)
            guard code == SQLITE_ROW else {
                guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
                break
            }
            state.filter.insert(UInt64(bitPattern: sqlite3_column_int64(handle, 0)))
        }
        try state.loadRecent(db, after: mergedThrough, through: lastID)
        return state
    }

    /// Adds the examples with ids in `(after, through]`.
    mutating func loadRecent(_ db: Database, after: Int64, through: Int64) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, content_hash FROM examples WHERE id > ? AND id <= ? ORDER BY id",
            arguments: [after, through])
        while let row = try rows.next() {
            let hash: Data = row["content_hash"]
            let digest = hash.withUnsafeBytes { ContentDigest($0) }
            add(digest, id: row["id"])
        }
        lastExampleID = max(lastExampleID, through)
    }

    /// Records a newly stored example.
    mutating func add(_ digest: ContentDigest, id: Int64) {
        filter.insert(digest.key)
        recent.insert(digest, id: id)
        lastExampleID = max(lastExampleID, id)
        if !sharedTexts.isEmpty, sharedTexts[digest] != nil { sharedTexts[digest]?.unread.append(id) }
    }

    /// The first stored example with this exact content hash; nil when none has it. The text is remembered from
    /// then on (``SharedText``), so that the next record with it is answered without gathering its examples again.
    mutating func firstExample(matching digest: ContentDigest, _ db: Database) throws -> Int64? {
        if let known = sharedTexts[digest] { return known.first }
        let equal = try examples(matching: digest, db)
        guard let first = equal.first else { return nil }
        sharedTexts[digest] = SharedText(first: first, unread: equal)
        return first
    }

    /// The ids of the stored examples with this exact content hash, lowest first.
    func examples(matching digest: ContentDigest, _ db: Database) throws -> [Int64] {
        guard filter.mayContain(digest.key) else { return [] }
        return (try storedExamples(matching: digest, db) + recent.ids(of: digest)).sorted()
    }

    /// The first stored example with this exact content hash whose ticket id is `ticket`, for a text
    /// ``firstExample(matching:_:)`` found; each example's ticket is read once.
    mutating func example(matching digest: ContentDigest, withTicket ticket: String, _ db: Database) throws -> Int64? {
        guard var known = sharedTexts[digest] else { return nil }
        if !known.unread.isEmpty {
            let lookup = try db.cachedStatement(sql: "SELECT ticket_id FROM examples WHERE id = ?")
            // In id order, so that each ticket keeps its first.
            for id in known.unread.sorted() {
                if let stored = try String.fetchOne(lookup, arguments: [id]), known.firstByTicket[stored] == nil {
                    known.firstByTicket[stored] = id
                }
            }
            known.unread.removeAll()
            sharedTexts[digest] = known
        }
        return known.firstByTicket[ticket]
    }

    /// The examples in `content_keys` with this exact hash.
    private func storedExamples(matching digest: ContentDigest, _ db: Database) throws -> [Int64] {
        let lookup = try db.cachedStatement(
            sql: """
                SELECT e.content_hash, e.id FROM content_keys k JOIN examples e ON e.id = k.example_id
                WHERE k.key = ?
                """)
        let handle = lookup.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, digest.storedKey)
        var found: [Int64] = []
        while true {
            let code = sqlite3_step(handle)
            guard code == SQLITE_ROW else {
                guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
                return found
            }
            let count = Int(sqlite3_column_bytes(handle, 0))
            guard let bytes = sqlite3_column_blob(handle, 0) else { continue }
            if ContentDigest(UnsafeRawBufferPointer(start: bytes, count: count)) == digest {
                found.append(sqlite3_column_int64(handle, 1))
            }
        }
    }

    /// Merges the newer examples' keys into `content_keys` when there are `threshold` of them.
    mutating func mergeIfDue(_ db: Database, threshold: Int) throws {
        guard recent.count >= threshold else { return }
        try merge(db)
    }

    /// Writes the newer examples' keys into `content_keys`, in key order, and moves `merged_through` up to them.
    mutating func merge(_ db: Database) throws {
        let entries = recent.keysAndIDs.sorted { ($0.key, $0.id) < ($1.key, $1.id) }
        let rowsPerStatement = 250
        let values = Array(repeating: "(?, ?)", count: rowsPerStatement).joined(separator: ", ")
        let insertMany = try db.cachedStatement(sql: "INSERT INTO content_keys (key, example_id) VALUES \(values)")
        let insertOne = try db.cachedStatement(sql: "INSERT INTO content_keys (key, example_id) VALUES (?, ?)")
        var start = 0
        while start < entries.count {
            // Whole statements of 250 rows, then the rest one by one.
            let rows = entries.count - start >= rowsPerStatement ? rowsPerStatement : 1
            let handle = (rows == rowsPerStatement ? insertMany : insertOne).sqliteStatement
            sqlite3_reset(handle)
            for row in 0..<rows {
                sqlite3_bind_int64(handle, Int32(2 * row + 1), entries[start + row].key)
                sqlite3_bind_int64(handle, Int32(2 * row + 2), entries[start + row].id)
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
            }
            start += rows
        }
        try db.execute(sql: "UPDATE content_key_state SET merged_through = ?", arguments: [lastExampleID])
        mergedThrough = lastExampleID
        recent.removeAll()
        // The texts met again are remembered until the next merge, so that memory stays bounded by the merge
        // threshold: a text met again after it is gathered once more.
        sharedTexts.removeAll()
    }
}

extension Store {
    /// Fills `content_keys` for the examples already stored and marks them merged (the migration that introduces
    /// the table). SQLite sorts the keys, in bounded memory however many examples there are.
    static func buildContentKeys(_ db: Database) throws {
        let contentKey = DatabaseFunction("winnow_content_key", argumentCount: 1, pure: true) { values in
            guard let hash = Data.fromDatabaseValue(values[0]) else { return nil }
            return hash.withUnsafeBytes { ContentDigest($0).storedKey }
        }
        db.add(function: contentKey)
        defer { db.remove(function: contentKey) }
        try db.execute(
            sql: """
                INSERT INTO content_keys (key, example_id)
                SELECT winnow_content_key(content_hash), id FROM examples ORDER BY 1, 2
                """)
        try db.execute(sql: "UPDATE content_key_state SET merged_through = (SELECT coalesce(max(id), 0) FROM examples)")
    }

    /// Drops the UNIQUE constraint of `examples.content_hash` by rebuilding the table, the way SQLite's documentation
    /// describes for schema changes ALTER TABLE cannot make: the same definition without that one word, the rows
    /// copied, then the table's own indexes and triggers made again. The autoincrement counter is kept.
    static func rebuildExamplesWithoutUniqueHash(_ db: Database) throws {
        let constrained = #""content_hash" BLOB NOT NULL UNIQUE"#
        guard
            let definition = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'examples'"),
            definition.components(separatedBy: constrained).count == 2,
            definition.hasPrefix(#"CREATE TABLE "examples" ("#)
        else {
            throw DatabaseError(message: "examples: unexpected table definition, cannot drop the unique content hash")
        }
        let rebuilt =
            definition
            .replacingOccurrences(of: constrained, with: #""content_hash" BLOB NOT NULL"#)
            .replacingOccurrences(of: #"CREATE TABLE "examples" ("#, with: #"CREATE TABLE "examples_rebuilt" ("#)
        let dependents = try String.fetchAll(
            db,
            sql: """
                SELECT sql FROM sqlite_master WHERE tbl_name = 'examples' AND type IN ('index', 'trigger')
                AND sql IS NOT NULL
                """)
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'examples'")
        try db.execute(sql: rebuilt)
        try db.execute(sql: "INSERT INTO examples_rebuilt SELECT * FROM examples")
        try db.execute(sql: "DROP TABLE examples")
        try db.execute(sql: "ALTER TABLE examples_rebuilt RENAME TO examples")
        if let sequence {
            try db.execute(sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = 'examples'", arguments: [sequence])
        }
        for statement in dependents { try db.execute(sql: statement) }
    }
}
