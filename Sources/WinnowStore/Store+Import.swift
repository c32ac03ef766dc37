import Foundation
import GRDB
import GRDBSQLite
import WinnowCore

/// A source file as the store knows it.
public struct SourceInfo: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// Path as given at import.
    public var path: String
    /// sha256 of the file's bytes: the source's identity.
    public var sha256: String
    /// The format it was read as.
    public var format: SourceFormat
    /// Size in bytes.
    public var size: Int64
    /// Whether the last import pass over it finished.
    public var isComplete: Bool
    /// Records (imported, duplicate or quarantined) committed so far, in file order.
    public var recordsDone: Int
    /// Whether an earlier pass over this file (the same bytes, under any name) stored examples: then each record is
    /// checked against them by position.
    public var hasEarlierPass = false
}

/// Why an import did not store a record.
public enum SkipReason: String, Sendable, Equatable {
    /// The same record of the same file (the same bytes under any name) is stored: the file was imported before.
    case alreadyImported = "already_imported"
    /// An example with the same ticket id and the same text is stored (the same ticket from another export).
    case sameTicket = "same_ticket"
    /// An example with the same text is stored, and the import asked to skip such records.
    case sameText = "same_text"
}

/// A record an import did not store, and the stored example it duplicates.
public struct SkippedRecord: Sendable, Equatable {
    /// The record's place in its file.
    public var locator: Locator
    /// Why it was not stored.
    public var reason: SkipReason
    /// The stored example it duplicates.
    public var duplicateOf: Int64

    /// A skipped record.
    public init(locator: Locator, reason: SkipReason, duplicateOf: Int64) {
        self.locator = locator
        self.reason = reason
        self.duplicateOf = duplicateOf
    }
}

/// How an import decides that a record is already stored.
///
/// A record's identity is its source (the file's bytes) and its position there, or its ticket id: a record is
/// skipped when the same position of the same file is stored, or when an example with the same ticket id and the
/// same text is. Distinct tickets with equal text are all stored (`winnow dedup` flags them); with
/// `skipDuplicateText`, any record whose text is stored is skipped, as imports once did.
public struct ImportIdentity: Sendable {
    /// Skip every record whose input, response and label are stored already.
    public var skipDuplicateText: Bool
    /// The source's records stored by earlier passes: locator to example id.
    public var storedRecords: [String: Int64]
    /// For a file whose records read differently with the files given beside it (mail files threaded together:
    /// `Inbox` imported alone, then with `Sent`), the content hash (hex) of each record an earlier pass stored: a
    /// record at a stored position with another content is a thread that holds more messages now, stored as a new
    /// example (counted as revised); the same content is already imported. A position may hold several: what an
    /// earlier pass alone stored, and the thread whole.
    public var storedHashes: [String: Set<String>]

    /// Identity by position and ticket id, with the records an earlier pass stored.
    public init(
        skipDuplicateText: Bool = false, storedRecords: [String: Int64] = [:],
        storedHashes: [String: Set<String>] = [:]
    ) {
        self.skipDuplicateText = skipDuplicateText
        self.storedRecords = storedRecords
        self.storedHashes = storedHashes
    }

    /// Whether `example`, at a position an earlier pass stored, is that record again (not one that reads
    /// differently now).
    func isStored(_ example: PreparedExample) -> Bool {
        guard !storedRecords.isEmpty, let locator = example.string(.locator), storedRecords[locator] != nil else {
            return false
        }
        guard let hashes = storedHashes[locator] else { return true }
        return hashes.contains(Hex.encode(example.hashBytes))
    }

    /// Whether `example`, not ``isStored(_:)``, is at a position an earlier pass stored whose content is compared:
    /// a thread that holds more messages now.
    func isRevised(_ example: PreparedExample) -> Bool {
        guard !storedHashes.isEmpty, let locator = example.string(.locator) else { return false }
        return storedHashes[locator] != nil
    }
}

/// What one committed batch did.
public struct BatchOutcome: Sendable, Equatable {
    /// New examples.
    public var imported = 0
    /// Records already in the store: the same record of the same file, the same ticket, or (on request) the same
    /// text.
    public var duplicates = 0
    /// Of ``duplicates``: records of a file imported before, at the same position.
    public var alreadyImported = 0
    /// Of ``imported``: records at a position an earlier pass stored that read differently now
    /// (``ImportIdentity/storedHashes``).
    public var revised = 0
    /// New examples whose text equals a stored example's (a distinct ticket, kept).
    public var equalText = 0
    /// Records skipped as the same ticket or the same text as a stored example (not those already imported from
    /// the same file), in file order.
    public var skipped: [SkippedRecord] = []
    /// New quarantined records (a record quarantined by an earlier pass is not counted again).
    public var quarantined = 0

    /// Adds another batch's counts and skipped records.
    public mutating func add(_ other: BatchOutcome) {
        imported += other.imported
        duplicates += other.duplicates
        alreadyImported += other.alreadyImported
        revised += other.revised
        equalText += other.equalText
        skipped += other.skipped
        quarantined += other.quarantined
    }

    /// A zero outcome.
    public init() {}
}

extension Store {
    /// Finds the source with this content hash, or registers it. A known source keeps its progress. When a new pass
    /// starts (not the resumption of an interrupted one), the quarantine entries and skipped records of earlier
    /// attempts at the same path, and of earlier passes over the same file, are dropped: the new pass records its
    /// own (the attempts stay in the `import` runs).
    ///
    /// `part` names the part of the file the pass reads (``Locator/part(_:_:)``: a JSON document's array, a sheet
    /// after a workbook's first): only that part's entries are dropped (nil: those of the file's default part), so
    /// that importing another part keeps the first part's quarantine.
    public func registerSource(
        path: String, absolutePath: String? = nil, sha256: String, format: SourceFormat, size: Int64,
        part: String? = nil
    ) throws -> SourceInfo {
        if let postgres {
            return try postgresRegisterSource(
                postgres, path: path, absolute: absolutePath ?? path, sha256: sha256, format: format, size: size,
                part: part)
        }
        return try writer.write { db in
            let now = Date()
            let absolute = absolutePath ?? path
            var source: SourceInfo
            if let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM sources WHERE sha256 = ?"), arguments: [sha256])
            {
                let complete = (row["status"] as String) == "complete"
                let id: Int64 = row["id"]
                if complete {
                    try db.cachedStatement(
                        sql: """
                            UPDATE sources SET status = 'importing', records_done = 0, absolute_path = ?, updated_at = ?
                            WHERE id = ?
                            """
                    ).execute(arguments: [absolute, now, id])
                }
                source = SourceInfo(
                    id: id, path: row["path"], sha256: sha256, format: try SourceFormat.decoded(row["format"]),
                    size: row["size"], isComplete: complete, recordsDone: complete ? 0 : row["records_done"])
                source.hasEarlierPass =
                    try Bool.fetchOne(
                        db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM examples WHERE source_id = ?)"),
                        arguments: [id])
                    ?? false
            } else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO sources (path, absolute_path, sha256, format, size, status, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'importing', ?, ?)
                        """
                ).execute(arguments: [path, absolute, sha256, format.rawValue, size, now, now])
                source = SourceInfo(
                    id: db.lastInsertedRowID, path: path, sha256: sha256, format: format, size: size,
                    isComplete: false, recordsDone: 0)
            }
            if source.recordsDone == 0 {
                let earlier = """
                    SELECT id FROM sources WHERE id = ? OR absolute_path = ? OR (absolute_path IS NULL AND path = ?)
                    """
                let place = Store.partPlaces(part)
                for table in ["import_errors", "import_skips"] {
                    try db.cachedStatement(
                        sql: "DELETE FROM \(table) WHERE source_id IN (\(earlier)) AND \(place.condition(nil))"
                    ).execute(arguments: [source.id, absolute, path, place.length, place.prefix])
                }
            }
            return source
        }
    }

    /// Which stored locators belong to `part` (``Locator/part(_:_:)``'s encoded prefix) or, for nil, to no part:
    /// a condition on `locator` taking a length and a prefix as its parameters (`?`, or `$first` and the next for
    /// PostgreSQL). Both compare characters, as SQLite's and PostgreSQL's `substr` count them.
    static func partPlaces(_ part: String?) -> (length: Int, prefix: String, condition: (_ first: Int?) -> String) {
        let prefix = part.map { Locator.encodedPrefix(ofPart: $0) } ?? "part:"
        let equal = part != nil
        return (
            prefix.unicodeScalars.count, prefix,
            { first in
                let (length, text) = first.map { ("$\($0)::integer", "$\($0 + 1)") } ?? ("?", "?")
                return "substr(locator, 1, \(length)) \(equal ? "=" : "<>") \(text)"
            }
        )
    }

    /// The content hashes (hex) of the examples earlier passes over `source` stored, by locator.
    public func storedHashes(of source: SourceInfo) throws -> [String: Set<String>] {
        if let postgres { return try postgresStoredHashes(postgres, of: source) }
        return try writer.read { db in
            var hashes: [String: Set<String>] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT locator, lower(hex(content_hash)) FROM examples WHERE source_id = ?",
                arguments: [source.id])
            while let row = try rows.next() { hashes[row[0], default: []].insert(row[1]) }
            return hashes
        }
    }

    /// The examples earlier passes over `source` stored: locator to example id.
    public func storedRecords(of source: SourceInfo) throws -> [String: Int64] {
        if let postgres { return try postgresStoredRecords(postgres, of: source) }
        return try writer.read { db in
            var records: [String: Int64] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT locator, id FROM examples WHERE source_id = ?", arguments: [source.id])
            while let row = try rows.next() { records[row[0]] = row[1] }
            return records
        }
    }

    /// Drops quarantine entries (and skipped records), all of them or those of sources whose path is `source` or
    /// ends with it; returns how many quarantine entries went.
    public func clearQuarantine(source: String? = nil) throws -> Int {
        if let postgres { return try postgresClearQuarantine(postgres, source: source) }
        return try writer.write { db in
            let (condition, arguments) = Store.sourceCondition(source)
            let selection = "SELECT s.id FROM sources s" + condition
            try db.execute(sql: "DELETE FROM import_skips WHERE source_id IN (\(selection))", arguments: arguments)
            try db.execute(sql: "DELETE FROM import_errors WHERE source_id IN (\(selection))", arguments: arguments)
            return db.changesCount
        }
    }

    /// Writes one batch in one transaction: examples (a record already stored, by `identity`'s rules, is skipped as
    /// a duplicate), quarantined records, and the source's progress. A crash between batches leaves every
    /// committed batch whole and the rest absent.
    ///
    /// `pipelined` (PostgreSQL): the batch's rows may still be streaming and its commit on its way when this returns;
    /// the next batch, or ``settleBatches()``, waits for it and throws its error. The importer's writer uses this
    /// so that the next batch is prepared while the server stores this one. A SQLite file commits before returning.
    public func commitBatch(
        source: SourceInfo, examples: [PreparedExample], failures: [RecordFailure], recordsDone: Int,
        identity: ImportIdentity = ImportIdentity(), pipelined: Bool = false
    ) throws -> BatchOutcome {
        if let postgres {
            return try postgresCommitBatch(
                postgres, source: source, examples: examples, failures: failures, recordsDone: recordsDone,
                identity: identity, pipelined: pipelined)
        }
        do {
            return try writer.write { db in
                var keys = try contentKeys.take(db)
                var outcome = BatchOutcome()
                try insert(examples, source: source, identity: identity, keys: &keys, outcome: &outcome, db)
                try record(outcome.skipped, source: source, db)
                try keys.mergeIfDue(db, threshold: contentKeys.mergeThreshold)
                try quarantine(failures, source: source, outcome: &outcome, db)
                try db.cachedStatement(sql: "UPDATE sources SET records_done = ?, updated_at = ? WHERE id = ?")
                    .execute(arguments: [recordsDone, Date(), source.id])
                contentKeys.keep(keys)
                return outcome
            }
        } catch {
            // The transaction rolled back: what the index learnt in it is wrong now.
            (try? writer)?.writeWithoutTransaction { _ in contentKeys.reset() }
            throw error
        }
    }

    /// Waits for the batch a pipelined ``commitBatch(source:examples:failures:recordsDone:identity:pipelined:)``
    /// left on its way, and throws its error. Nothing to wait for on a SQLite file.
    public func settleBatches() throws {
        if postgres != nil { try postgresSettleBatches() }
    }

    /// Inserts the examples that are not stored yet (see ``ImportIdentity``), in order, 16 to an INSERT statement
    /// (a statement's own cost, including the autoincrement counter's update, is a third of a one-row insert).
    private func insert(
        _ examples: [PreparedExample], source: SourceInfo, identity: ImportIdentity, keys: inout ContentKeyState,
        outcome: inout BatchOutcome, _ db: Database
    ) throws {
        var inserter = try RowInserter(db, source: source)
        defer { inserter.finish() }
        // Ask the filter about every example first, so that the lookups' cache misses overlap instead of waiting in
        // turn. The loop asks again for the others (a key this batch added is not in `inFilter`), finding the words
        // in the cache by then.
        let inFilter = examples.map { keys.filter.mayContain($0.contentDigest.key) }
        var group = InsertGroup()
        func flushGroup() throws {
            for index in group.digests.indices { try inserter.insert(group.row(index), keys: &keys, db) }
            group.removeAll()
        }
        for (index, example) in examples.enumerated() {
            if identity.isStored(example) {
                outcome.duplicates += 1
                outcome.alreadyImported += 1
                continue
            }
            let digest = example.contentDigest
            if inFilter[index] || keys.filter.mayContain(digest.key) || group.digests.contains(digest) {
                // Text met before: store what is waiting, so that every example with this text is in the store.
                if group.digests.contains(digest) { try flushGroup() }
                if let first = try keys.firstExample(matching: digest, db) {
                    if identity.skipDuplicateText {
                        outcome.duplicates += 1
                        outcome.skipped.append(
                            SkippedRecord(locator: example.storedLocator, reason: .sameText, duplicateOf: first))
                        continue
                    }
                    if let ticket = example.string(.ticketID),
                        let same = try keys.example(matching: digest, withTicket: ticket, db)
                    {
                        outcome.duplicates += 1
                        outcome.skipped.append(
                            SkippedRecord(locator: example.storedLocator, reason: .sameTicket, duplicateOf: same))
                        continue
                    }
                    outcome.equalText += 1
                }
            }
            outcome.imported += 1
            if identity.isRevised(example) { outcome.revised += 1 }
            group.append(example, digest: digest)
            if group.digests.count == InsertGroup.rowsPerStatement {
                try inserter.insert(group, keys: &keys, db)
                group.removeAll()
            }
        }
        // The last few one by one.
        try flushGroup()
    }

    /// Stores the records skipped as the same ticket or text as a stored example.
    private func record(_ skipped: [SkippedRecord], source: SourceInfo, _ db: Database) throws {
        guard !skipped.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO import_skips (source_id, locator, reason, duplicate_of, created_at)
                VALUES (?, ?, ?, ?, ?)
                """)
        let now = Date()
        for record in skipped {
            try statement.execute(arguments: [
                source.id, record.locator.encoded, record.reason.rawValue, record.duplicateOf, now,
            ])
        }
    }

    /// Stores quarantined records; a locator quarantined by an earlier pass is not stored or counted again.
    private func quarantine(
        _ failures: [RecordFailure], source: SourceInfo, outcome: inout BatchOutcome, _ db: Database
    ) throws {
        guard !failures.isEmpty else { return }
        let insertError = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO import_errors (source_id, locator, kind, message, snippet, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        let now = Date()
        for failure in failures {
            let locator = failure.locator?.encoded ?? "file"
            try insertError.execute(arguments: [
                source.id, locator, failure.kind.rawValue, failure.messageWithColumn, failure.snippet, now,
            ])
            if db.changesCount > 0 { outcome.quarantined += 1 }
        }
    }

    /// Marks the source's import pass finished and records file-level notes (such as an encoding conversion).
    public func completeSource(_ source: SourceInfo, notes: [String]) throws {
        if let postgres { return try postgresCompleteSource(postgres, source, notes: notes) }
        try writer.write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE sources SET status = 'complete', records_read = records_done, notes = ?, updated_at = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [JSONValue.array(notes.map(JSONValue.string)).serialized, Date(), source.id])
        }
    }
}

extension SourceFormat {
    /// The format stored for a source; a value no version wrote is an error naming it.
    static func decoded(_ stored: String) throws -> SourceFormat {
        guard let format = SourceFormat(rawValue: stored) else {
            throw StoreError.corrupt("a source's format is '\(stored)', not one of \(SourceFormat.names)")
        }
        return format
    }
}

extension PreparedExample {
    /// The example's place in its file, read back from its packed locator.
    var storedLocator: Locator {
        let encoded = string(.locator) ?? ""
        return Locator(encoded: encoded) ?? .element(encoded)
    }
}

/// The batch's INSERT statements (16 rows and 1 row), bound through SQLite's API with pointers into the rows'
/// packed bytes (SQLITE_STATIC: valid while the statement runs, which is all SQLite needs them for).
private struct RowInserter {
    static let columns = """
        INSERT INTO examples
        (content_hash, input, response, label, training_point, ticket_id, messages, metadata, source_id, locator,
         created_at)
        VALUES
        """
    static let oneRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let manyRowsSQL =
        columns + " " + Array(repeating: oneRow, count: InsertGroup.rowsPerStatement).joined(separator: ", ")
    static let oneRowSQL = columns + " " + oneRow

    /// The statements (kept, so that their SQLite handles stay valid) and their handles.
    private let statements: [Statement]
    private let many: OpaquePointer
    private let one: OpaquePointer
    private let sourceID: Int64
    /// The batch's creation time, as GRDB stores dates.
    private var created: String

    init(_ db: Database, source: SourceInfo) throws {
        statements = [
            try db.cachedStatement(sql: RowInserter.manyRowsSQL), try db.cachedStatement(sql: RowInserter.oneRowSQL),
        ]
        many = statements[0].sqliteStatement
        one = statements[1].sqliteStatement
        sourceID = source.id
        created = Date().databaseValue.storage.value as? String ?? ""
    }

    /// Inserts `group`'s rows with one statement, and records their ids.
    mutating func insert(_ group: InsertGroup, keys: inout ContentKeyState, _ db: Database) throws {
        let rows = group.digests.count
        precondition(rows == 1 || rows == InsertGroup.rowsPerStatement, "a group is full or one row")
        let handle = rows == 1 ? one : many
        let sourceID = sourceID
        try created.withUTF8 { createdText in
            try group.bytes.withUnsafeBytes { raw in
                sqlite3_reset(handle)
                for row in 0..<rows {
                    let columns = PackedColumns(raw: UnsafeRawBufferPointer(rebasing: raw[group.range(of: row)]))
                    let first = Int32(row * 11)
                    let hash = columns.hash
                    sqlite3_bind_blob(handle, first + 1, hash.baseAddress, Int32(hash.count), sqliteStatic)
                    bindText(handle, first + 2, columns.text(.input))
                    bindText(handle, first + 3, columns.text(.response))
                    bindText(handle, first + 4, columns.text(.label))
                    bindText(handle, first + 5, columns.text(.trainingPoint))
                    bindText(handle, first + 6, columns.text(.ticketID))
                    bindText(handle, first + 7, columns.text(.messages))
                    bindText(handle, first + 8, columns.text(.metadata))
                    sqlite3_bind_int64(handle, first + 9, sourceID)
                    bindText(handle, first + 10, columns.text(.locator))
                    bindText(handle, first + 11, UnsafeRawBufferPointer(createdText))
                }
                let code = sqlite3_step(handle)
                sqlite3_reset(handle)
                guard code == SQLITE_DONE else {
                    let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
                }
            }
        }
        // One statement's rows take consecutive ids, the last one's is the connection's last inserted id.
        let firstID = db.lastInsertedRowID - Int64(rows) + 1
        for (offset, digest) in group.digests.enumerated() { keys.add(digest, id: firstID + Int64(offset)) }
    }

    /// Unbinds the pointers, which are about to go (the statements stay in GRDB's cache).
    func finish() {
        sqlite3_clear_bindings(many)
        sqlite3_clear_bindings(one)
    }
}

/// Examples waiting to be inserted by one statement: their packed bytes one after another, and their hashes.
private struct InsertGroup {
    static let rowsPerStatement = 16

    private(set) var bytes: [UInt8] = []
    private(set) var digests: [ContentDigest] = []
    private var starts: [Int] = []

    init() {
        bytes.reserveCapacity(InsertGroup.rowsPerStatement * 1024)
        digests.reserveCapacity(InsertGroup.rowsPerStatement)
        starts.reserveCapacity(InsertGroup.rowsPerStatement)
    }

    mutating func append(_ example: PreparedExample, digest: ContentDigest) {
        starts.append(bytes.count)
        bytes.append(contentsOf: example.storage)
        digests.append(digest)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        digests.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }

    /// Where row `index`'s packed bytes are in `bytes`.
    func range(of index: Int) -> Range<Int> {
        starts[index]..<(index + 1 < starts.count ? starts[index + 1] : bytes.count)
    }

    /// Row `index` alone, as a group of one.
    func row(_ index: Int) -> InsertGroup {
        var single = InsertGroup()
        single.starts = [0]
        single.bytes = Array(bytes[range(of: index)])
        single.digests = [digests[index]]
        return single
    }
}

/// SQLite uses bound values where they are, until the statement is reset.
private let sqliteStatic: sqlite3_destructor_type? = nil

/// Binds `bytes` as UTF-8 text (or NULL when nil) to parameter `index` of `statement`, without copying them.
private func bindText(_ statement: OpaquePointer?, _ index: Int32, _ bytes: UnsafeRawBufferPointer?) {
    guard let bytes else {
        sqlite3_bind_null(statement, index)
        return
    }
    // An empty text needs a non-null pointer, or SQLite binds NULL.
    let base = bytes.baseAddress ?? UnsafeRawPointer(StaticString("").utf8Start)
    sqlite3_bind_text(statement, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), sqliteStatic)
}
