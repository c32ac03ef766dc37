import Foundation
import PostgresNIO
import WinnowCore

/// Imports on PostgreSQL: the same identity rules as on SQLite (see ``ImportIdentity``), with each batch's new
/// examples streamed in by `COPY ... FROM STDIN`.
extension Store {
    func postgresRegisterSource(
        _ link: PostgresLink, path: String, absolute: String, sha256: String, format: SourceFormat, size: Int64,
        part: String?
    ) throws -> SourceInfo {
        try link.transaction {
            let now = Date()
            // Two importers of the same file take turns here.
            try link.execute("SELECT pg_advisory_xact_lock(7072697)")
            var source: SourceInfo
            if let row = try link.query(
                "SELECT id, path, format, size, status, records_done FROM sources WHERE sha256 = $1 FOR UPDATE",
                [.text(sha256)]
            ).first {
                let complete = try row.value("status", as: String.self) == "complete"
                let id = try row.value("id", as: Int64.self)
                if complete {
                    try link.execute(
                        """
                        UPDATE sources SET status = 'importing', records_done = 0, absolute_path = $1, updated_at = $2
                        WHERE id = $3
                        """, [.text(absolute), .date(now), .integer(id)])
                }
                source = SourceInfo(
                    id: id, path: try row.value("path"), sha256: sha256,
                    format: try SourceFormat.decoded(try row.value("format")), size: try row.value("size"),
                    isComplete: complete, recordsDone: complete ? 0 : Int(try row.value("records_done", as: Int64.self))
                )
                source.hasEarlierPass =
                    try link.scalar(
                        Bool.self, "SELECT EXISTS (SELECT 1 FROM examples WHERE source_id = $1)", [.integer(id)])
                    ?? false
            } else {
                let id = try link.scalar(
                    Int64.self,
                    """
                    INSERT INTO sources (path, absolute_path, sha256, format, size, status, created_at, updated_at)
                    VALUES ($1, $2, $3, $4, $5, 'importing', $6, $6) RETURNING id
                    """,
                    [.text(path), .text(absolute), .text(sha256), .text(format.rawValue), .integer(size), .date(now)])
                guard let id else { throw StoreError.server("a new source got no id") }
                source = SourceInfo(
                    id: id, path: path, sha256: sha256, format: format, size: size, isComplete: false, recordsDone: 0)
            }
            if source.recordsDone == 0 {
                let place = Store.partPlaces(part)
                for table in ["import_errors", "import_skips"] {
                    try link.execute(
                        """
                        DELETE FROM \(table) WHERE source_id IN (
                          SELECT id FROM sources WHERE id = $1 OR absolute_path = $2 OR (absolute_path IS NULL AND path = $3))
                          AND \(place.condition(4))
                        """,
                        [
                            .integer(source.id), .text(absolute), .text(path), .integer(Int64(place.length)),
                            .text(place.prefix),
                        ])
                }
            }
            return source
        }
    }

    func postgresStoredRecords(_ link: PostgresLink, of source: SourceInfo) throws -> [String: Int64] {
        var records: [String: Int64] = [:]
        for row in try link.query("SELECT locator, id FROM examples WHERE source_id = $1", [.integer(source.id)]) {
            records[try row[0].decode(String.self)] = try row[1].decode(Int64.self)
        }
        return records
    }

    func postgresStoredHashes(_ link: PostgresLink, of source: SourceInfo) throws -> [String: Set<String>] {
        var hashes: [String: Set<String>] = [:]
        for row in try link.query(
            "SELECT locator, encode(content_hash, 'hex') FROM examples WHERE source_id = $1", [.integer(source.id)])
        {
            hashes[try row[0].decode(String.self), default: []].insert(try row[1].decode(String.self))
        }
        return hashes
    }

    func postgresClearQuarantine(_ link: PostgresLink, source: String?) throws -> Int {
        let (condition, values) = Store.neutralSourceCondition(source, postgres: true)
        let selection = PostgresLink.numbered("SELECT s.id FROM sources s" + condition)
        return try link.transaction {
            try link.execute("DELETE FROM import_skips WHERE source_id IN (\(selection))", values)
            return try link.execute("DELETE FROM import_errors WHERE source_id IN (\(selection))", values)
        }
    }

    func postgresCompleteSource(_ link: PostgresLink, _ source: SourceInfo, notes: [String]) throws {
        // Committed with the server's own durability, which flushes the batches committed before it as well.
        try link.execute(
            """
            UPDATE sources SET status = 'complete', records_read = records_done, notes = $1, updated_at = $2
            WHERE id = $3
            """,
            [.text(JSONValue.array(notes.map(JSONValue.string)).serialized), .date(Date()), .integer(source.id)])
    }

    func postgresCommitBatch(
        _ link: PostgresLink, source: SourceInfo, examples: [PreparedExample], failures: [RecordFailure],
        recordsDone: Int, identity: ImportIdentity, pipelined: Bool
    ) throws -> BatchOutcome {
        do {
            return try postgresCommitBatchOnce(
                link, source: source, examples: examples, failures: failures, recordsDone: recordsDone,
                identity: identity, pipelined: pipelined)
        } catch {
            // The transaction rolled back: what the filter learnt in it is wrong now.
            contentFilter.reset()
            throw error
        }
    }

    /// Waits for the batch a pipelined commit left in flight; when it failed, forgets what the filter learnt.
    func postgresSettleBatches() throws {
        guard let previous = contentFilter.inFlight else { return }
        contentFilter.inFlight = nil
        do { try previous.settle() } catch {
            contentFilter.reset()
            throw error
        }
    }

    /// One batch in one transaction. Pipelined, the batch's rows are still streaming and its commit is on its way
    /// when this returns, so that the next batch is prepared meanwhile; it is settled when the next one starts
    /// (or by ``postgresSettleBatches()``).
    private func postgresCommitBatchOnce(
        _ link: PostgresLink, source: SourceInfo, examples: [PreparedExample], failures: [RecordFailure],
        recordsDone: Int, identity: ImportIdentity, pipelined: Bool
    ) throws -> BatchOutcome {
        // PostgreSQL text cannot hold U+0000: such a record is quarantined, not lost with its batch.
        var failures = failures
        let examples = examples.filter { example in
            guard example.hasNULCharacter else { return true }
            let input = example.string(.input) ?? ""
            failures.append(
                RecordFailure(
                    kind: .invalidEncoding, file: source.path, locator: example.storedLocator,
                    message: "contains a NUL character (U+0000), which a PostgreSQL store cannot hold",
                    snippet: input.replacingOccurrences(of: "\u{0}", with: "\\0")))
            return false
        }
        var alreadyImported = 0
        var pending: [Int] = []
        for (index, example) in examples.enumerated() {
            if identity.isStored(example) {
                alreadyImported += 1
            } else {
                pending.append(index)
            }
        }
        let digests = pending.map { examples[$0].contentDigest }
        // The texts to look up: only those the filter may have seen (about one in a hundred on new data), in hex.
        func lookups() -> [String: ContentDigest] {
            var maybeStored: [String: ContentDigest] = [:]
            for (position, digest) in digests.enumerated() where contentFilter.mayContain(digest.key) {
                maybeStored[Hex.encode(examples[pending[position]].hashBytes)] = digest
            }
            return maybeStored
        }
        var maybeStored = lookups()
        let body = { [self] () throws -> BatchOutcome in
            try postgresSettleBatches()
            // Batches of concurrent imports commit one at a time, so that each sees the texts the others stored. The
            // last example id drawn (imports alone draw them; 0 before the first) comes in the same round trip, read
            // once the lock is held: CASE evaluates its condition before either branch.
            // A batch commits without waiting for its WAL to reach the disk: the durability of a SQLite file's
            // import (WAL with `synchronous = NORMAL`). A server crash may lose the last batches, never part of one,
            // and the source's progress goes with them, so a resumed import redoes exactly those; the source's
            // completion commits durably, and with it every batch before.
            let drawn =
                try link.scalar(
                    Int64.self,
                    """
                    SELECT CASE WHEN pg_advisory_xact_lock(7072698) IS NULL
                      THEN coalesce(pg_sequence_last_value('examples_id_seq'), 0)
                      ELSE coalesce(pg_sequence_last_value('examples_id_seq'), 0) END,
                      set_config('synchronous_commit', 'off', true)
                    """) ?? 0
            var outcome = BatchOutcome()
            outcome.duplicates = alreadyImported
            outcome.alreadyImported = alreadyImported
            var fresh: [Int] = []
            // The stored examples with the texts of this batch, in id order (one probe of the hash index each).
            // What other processes stored since the texts to look up were chosen changes the choice.
            if try contentFilter.refresh(link, drawn: drawn) { maybeStored = lookups() }
            var equal: [ContentDigest: [(id: Int64?, batchIndex: Int?, ticket: String?)]] = [:]
            if !maybeStored.isEmpty {
                let rows = try link.query(
                    """
                    SELECT e.id, h.h, e.ticket_id FROM unnest($1::text[]) AS h (h)
                    CROSS JOIN LATERAL (
                      SELECT id, ticket_id FROM examples WHERE content_hash = decode(h.h, 'hex')) AS e
                    ORDER BY e.id
                    """, [.texts(Array(maybeStored.keys))])
                for row in rows {
                    guard let digest = maybeStored[try row[1].decode(String.self)] else { continue }
                    equal[digest, default: []].append(
                        (try row[0].decode(Int64.self), nil, try row[2].decode(String?.self)))
                }
            }
            // Decide each record in file order; a record equal to one stored earlier in this batch names that one
            // (its id is known once the batch's ids are drawn).
            var skips: [(locator: Locator, reason: SkipReason, id: Int64?, batchIndex: Int?)] = []
            for (position, index) in pending.enumerated() {
                let example = examples[index]
                let digest = digests[position]
                if let same = equal[digest], let first = same.first {
                    if identity.skipDuplicateText {
                        outcome.duplicates += 1
                        skips.append((example.storedLocator, .sameText, first.id, first.batchIndex))
                        continue
                    }
                    // A batch entry's ticket is read only here, when a later record has its text.
                    if let ticket = example.string(.ticketID),
                        let match = same.first(where: {
                            ($0.batchIndex.map { examples[fresh[$0]].string(.ticketID) } ?? $0.ticket) == ticket
                        })
                    {
                        outcome.duplicates += 1
                        skips.append((example.storedLocator, .sameTicket, match.id, match.batchIndex))
                        continue
                    }
                    outcome.equalText += 1
                }
                outcome.imported += 1
                if identity.isRevised(example) { outcome.revised += 1 }
                equal[digest, default: []].append((nil, fresh.count, nil))
                fresh.append(index)
            }
            var ids: [Int64] = []
            if !fresh.isEmpty {
                // The batch's ids follow the last one drawn: only import batches draw from this sequence, one at a
                // time under the lock above, so the block is the batch's alone; the sequence is moved past it
                // once they are stored (without waiting) and before the commit lets another batch in.
                let last = drawn + Int64(fresh.count)
                ids = Array((drawn + 1)...last)
                contentFilter.add(fresh.map { examples[$0].contentDigest.key }, lastID: ids.last ?? 0)
                // The rows are written in chunks, each made while the server stores the one before.
                let rows = fresh.map { examples[$0] }
                let chunkSize = 500
                let sourceID = source.id
                let batchIDs = ids
                // The binary format: the server reads lengths instead of scanning for escapes, and the hash as bytes.
                try link.copy(
                    into: "examples",
                    columns: [
                        "id", "content_hash", "input", "response", "label", "training_point", "ticket_id", "messages",
                        "metadata", "source_id", "locator",
                    ], binary: true, waiting: !pipelined, chunks: (rows.count + chunkSize - 1) / chunkSize
                ) { chunk in
                    let range = (chunk * chunkSize)..<min(rows.count, (chunk + 1) * chunkSize)
                    var data = CopyBinary()
                    data.reserve(rows[range].reduce(0) { $0 + $1.storage.count + 64 })
                    for offset in range { data.row(id: batchIDs[offset], example: rows[offset], sourceID: sourceID) }
                    return data.bytes
                }
                try link.send("SELECT setval('examples_id_seq', $1)", [.integer(last)])
            }
            for skip in skips {
                guard let duplicateOf = skip.id ?? skip.batchIndex.map({ ids[$0] }) else { continue }
                outcome.skipped.append(
                    SkippedRecord(locator: skip.locator, reason: skip.reason, duplicateOf: duplicateOf))
            }
            let now = Date()
            if !outcome.skipped.isEmpty {
                try link.send(
                    """
                    INSERT INTO import_skips (source_id, locator, reason, duplicate_of, created_at)
                    SELECT $1, l, r, d, $5 FROM unnest($2::text[], $3::text[], $4::int8[]) AS t (l, r, d)
                    ON CONFLICT (source_id, locator) DO UPDATE
                    SET reason = excluded.reason, duplicate_of = excluded.duplicate_of, created_at = excluded.created_at
                    """,
                    [
                        .integer(source.id), .texts(outcome.skipped.map(\.locator.encoded)),
                        .texts(outcome.skipped.map(\.reason.rawValue)), .integers(outcome.skipped.map(\.duplicateOf)),
                        .date(now),
                    ])
            }
            for failure in failures {
                outcome.quarantined += try link.execute(
                    """
                    INSERT INTO import_errors (source_id, locator, kind, message, snippet, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source_id, locator) DO NOTHING
                    """,
                    [
                        .integer(source.id), .text(failure.locator?.encoded ?? "file"), .text(failure.kind.rawValue),
                        .text(failure.messageWithColumn), .text(failure.snippet), .date(now),
                    ])
            }
            try link.send(
                "UPDATE sources SET records_done = $1, updated_at = $2 WHERE id = $3",
                [.integer(Int64(recordsDone)), .date(now), .integer(source.id)])
            return outcome
        }
        guard pipelined else { return try link.transaction(body) }
        let (outcome, inFlight) = try link.transactionInFlight(body)
        contentFilter.inFlight = inFlight
        return outcome
    }
}

/// The content keys (first 8 bytes of each content hash) of the examples in a PostgreSQL store, as a filter kept in
/// memory between batches: brought up to date at the start of each batch with the examples stored since (by any
/// process; batches commit one at a time, in id order, under an advisory lock).
final class PostgresContentFilter: @unchecked Sendable {
    // @unchecked: used only inside import batches, which hold the store's connection (and the advisory lock).
    private var filter: ContentKeyFilter?
    private var lastID: Int64 = 0
    /// The last batch of a pipelined import, still on its way.
    var inFlight: PostgresLink.InFlight?

    /// Brings the filter up to date with every stored example's key; `drawn` is the last example id drawn.
    /// Returns whether it learnt anything.
    func refresh(_ link: PostgresLink, drawn: Int64) throws -> Bool {
        let keySQL = "('x' || encode(substring(content_hash from 1 for 8), 'hex'))::bit(64)::int8"
        if filter == nil || filter?.wantsToGrow == true {
            let count = try link.scalar(Int64.self, "SELECT count(*) FROM examples") ?? 0
            // Room for four million keys from the start (8 MiB), so that a large import does not reload it.
            var fresh = ContentKeyFilter(capacity: max(Int(count) * 2, 1 << 22))
            var last: Int64 = 0
            for row in try link.query("SELECT id, \(keySQL) FROM examples") {
                last = max(last, try row[0].decode(Int64.self))
                fresh.insert(UInt64(bitPattern: try row[1].decode(Int64.self)))
            }
            filter = fresh
            lastID = last
            return true
        } else {
            // Only imports draw example ids, one batch at a time under the lock: when the sequence has not moved
            // past the last id this filter knows, no other process stored anything since, and nothing is read.
            guard drawn > lastID else { return false }
            // The planner's statistics lag behind a bulk load and would scan the whole table for these few rows.
            try link.execute("SET LOCAL enable_seqscan = off")
            for row in try link.query("SELECT id, \(keySQL) FROM examples WHERE id > $1", [.integer(lastID)]) {
                lastID = max(lastID, try row[0].decode(Int64.self))
                filter?.insert(UInt64(bitPattern: try row[1].decode(Int64.self)))
            }
            return true
        }
    }

    /// False when no stored example has this key; true when one may have.
    func mayContain(_ key: UInt64) -> Bool { filter?.mayContain(key) ?? true }

    /// Adds the keys of examples this process stores, the last of them `lastID`.
    func add(_ keys: [UInt64], lastID: Int64) {
        for key in keys { filter?.insert(key) }
        self.lastID = max(self.lastID, lastID)
    }

    /// Forgets everything (after a rolled-back batch).
    func reset() {
        filter = nil
        lastID = 0
    }
}

extension PreparedExample {
    /// Whether any of its texts contains U+0000.
    var hasNULCharacter: Bool { storage[PreparedExample.textsOffset...].contains(0) }

    /// The 32 bytes of the content hash.
    var hashBytes: [UInt8] {
        Array(storage[PreparedExample.hashOffset..<PreparedExample.textsOffset])
    }
}

/// Rows in `COPY`'s binary format: per row the number of fields, then each field's length (-1 for NULL) and its
/// bytes (integers big-endian, `bytea` and `text` as they are). The stream's header and trailer are added by
/// ``PostgresLink/copy(into:columns:binary:waiting:chunks:chunk:)``.
struct CopyBinary {
    private(set) var bytes: [UInt8] = []

    /// The signature, no flags, no header extension.
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0, 0, 0, 0, 0]
    /// A field count of -1.
    static let trailer: [UInt8] = [0xFF, 0xFF]

    /// Room for about `capacity` bytes, so that a chunk is not copied as it grows.
    mutating func reserve(_ capacity: Int) { bytes.reserveCapacity(capacity) }

    /// An example's row (its creation time is the column's default, the transaction's time).
    mutating func row(id: Int64, example: PreparedExample, sourceID: Int64) {
        append(UInt16(11))
        integer(id)
        example.storage.withUnsafeBytes { raw in
            let columns = PackedColumns(raw: raw)
            field(columns.hash)
            for column in [
                PreparedExample.Column.input, .response, .label, .trainingPoint, .ticketID, .messages, .metadata,
            ] {
                field(columns.text(column))
            }
            integer(sourceID)
            field(columns.text(.locator))
        }
    }

    private mutating func field(_ value: UnsafeRawBufferPointer?) {
        guard let value else {
            append(UInt32(bitPattern: -1))
            return
        }
        append(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    private mutating func integer(_ value: Int64) {
        append(UInt32(8))
        append(UInt64(bitPattern: value))
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Rows in `COPY`'s text format: tab-separated columns, `\N` for NULL, and backslash escapes for the backslash,
/// tab, newline and carriage return inside values.
struct CopyText {
    private(set) var bytes: [UInt8] = []

    /// A time as PostgreSQL reads a `timestamptz` (UTC, microseconds).
    static func timestamp(_ date: Date) -> [UInt8] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return Array(formatter.string(from: date).utf8)
    }

    /// A row of `values` (nil for NULL), tab-separated.
    mutating func row(_ values: [String?]) {
        for (index, value) in values.enumerated() {
            if index > 0 { tab() }
            if var value {
                value.withUTF8 { self.value(UnsafeRawBufferPointer($0)) }
            } else {
                self.value(nil)
            }
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func tab() { bytes.append(UInt8(ascii: "\t")) }

    /// A text with COPY's escapes, copied in runs between the bytes that need one.
    private mutating func value(_ text: UnsafeRawBufferPointer?) {
        guard let text else {
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            return
        }
        var start = 0
        for index in 0..<text.count {
            let escaped: UInt8
            switch text[index] {
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
            default: continue
            }
            if index > start { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start..<index])) }
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(escaped)
            start = index + 1
        }
        if text.count > start { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start...])) }
    }
}
