import Foundation
import GRDB
import GRDBSQLite

/// Copies the WAL into the database file on a thread and a connection of its own while an import writes, so that
/// the writer never waits for a checkpoint's `fsync`s (with the store's automatic checkpoints, a million-row import
/// spent a quarter of its time there, with both cores idle).
///
/// While it runs, the writer's automatic checkpoint is off and a WAL hook on the writer's connection tracks the
/// WAL's size. After each committed batch the writer calls ``committed()``, which asks for a passive checkpoint
/// once the WAL has grown by ``stepFrames`` pages since the last one asked for, and returns at once; the
/// checkpointer runs them one after another, folding requests that came in during a checkpoint into one. (Asking
/// after every commit made a folder of small files pay two `fsync`s per file: a tenth of its import.) Passive
/// checkpoints overlap the writer's next transactions, so the WAL cannot start over
/// from its beginning while the writer keeps committing: once it holds ``restartFrames`` pages, ``committed()``
/// waits for a checkpoint that copies everything (most of it is copied by then), after which the next transaction
/// writes the WAL from its start again. The WAL stays at about that size, as with SQLite's own checkpoints (and
/// like them, a reader holding an old snapshot keeps it from starting over).
///
/// Durability is SQLite's in WAL mode with `synchronous = NORMAL`: a checkpoint syncs the WAL before it copies and
/// the database after, whichever connection runs it.
///
/// One checkpointer per store at a time: a second one would take over the writer's WAL hook, and the first one's
/// ``finish()`` would put SQLite's automatic checkpoints back under it.
public final class BackgroundCheckpointer: @unchecked Sendable {
    // @unchecked: every mutable property is guarded by `condition`; the connection is only used by the thread.

    /// The WAL size (in pages) at which the writer waits for the WAL to be copied in full, by default: 64 MiB of
    /// 16 KiB pages.
    public static let defaultRestartFrames: Int32 = 4096
    /// How many pages the WAL grows by between checkpoints, by default: 4 MiB of 16 KiB pages.
    public static let defaultStepFrames: Int32 = 256

    /// The WAL size (in pages) at which ``committed()`` waits for the WAL to be copied in full.
    public let restartFrames: Int32
    /// How many pages the WAL grows by before ``committed()`` asks for a checkpoint (at most ``restartFrames``).
    public let stepFrames: Int32

    private let store: Store
    private let connection: OpaquePointer
    /// The writer's automatic checkpoint interval before, put back by ``finish()``.
    private var previousInterval: Int32 = 0
    private let condition = NSCondition()
    /// Checkpoints asked for, and the request the last finished checkpoint answered (counters).
    private var requested = 0
    private var answered = 0
    /// Pages in the WAL after the writer's last commit (from the WAL hook).
    private var walFrames: Int32 = 0
    /// Pages in the WAL when the last checkpoint was asked for.
    private var framesAsked: Int32 = 0
    private var stopping = false
    private var stopped = false
    /// The last checkpoint's error, if any (given to the caller of ``finish()``; later checkpoints still run).
    private var failure: String?

    /// Starts checkpointing `store` in the background, or returns nil for a store without a file (nothing to copy).
    public init?(
        store: Store, restartFrames: Int32 = BackgroundCheckpointer.defaultRestartFrames,
        stepFrames: Int32 = BackgroundCheckpointer.defaultStepFrames
    ) throws {
        guard let path = store.path else { return nil }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        sqlite3_busy_timeout(handle, 10_000)
        // The pragma also reads the schema, which puts the connection in WAL mode: before that, a checkpoint does
        // nothing and says so only by reporting -1 frames.
        let pragma = sqlite3_exec(handle, "PRAGMA synchronous = NORMAL", nil, nil, nil)
        guard pragma == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(handle))
            sqlite3_close(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: pragma), message: message)
        }
        connection = handle
        self.store = store
        self.restartFrames = max(1, restartFrames)
        self.stepFrames = min(max(1, stepFrames), self.restartFrames)
        let context = Unmanaged.passUnretained(self).toOpaque()
        do {
            previousInterval = try store.writer.writeWithoutTransaction { db in
                let previous = try Int32.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 1000
                // Turning the automatic checkpoint off removes SQLite's hook; ours takes its place.
                sqlite3_wal_autocheckpoint(db.sqliteConnection, 0)
                sqlite3_wal_hook(db.sqliteConnection, walHook, context)
                return previous
            }
        } catch {
            sqlite3_close(handle)
            throw error
        }
        let thread = Thread { [self] in run() }
        thread.name = "winnow.checkpoint"
        thread.start()
    }

    /// Called by the writer after each commit: asks for a checkpoint when the WAL has grown by ``stepFrames`` since
    /// the last one asked for, and waits for the WAL to be copied in full when it has grown to ``restartFrames``.
    public func committed() {
        condition.withLock {
            guard !stopping else { return }
            // The WAL started over from its beginning since.
            if walFrames < framesAsked { framesAsked = 0 }
            guard walFrames - framesAsked >= stepFrames || walFrames >= restartFrames else { return }
            framesAsked = walFrames
            requested += 1
            condition.broadcast()
            guard walFrames >= restartFrames else { return }
            let request = requested
            while answered < request { condition.wait() }
        }
    }

    /// Checkpoints asked for so far (``finish()`` asks for one more).
    var checkpointsAsked: Int { condition.withLock { requested } }

    /// Called by SQLite on the writer's connection after each commit, with the WAL's size in pages.
    fileprivate func walGrew(to frames: Int32) {
        condition.withLock { walFrames = frames }
    }

    /// Waits for a last checkpoint of everything committed, stops the thread, and turns the writer's automatic
    /// checkpoints back on. Throws the last checkpoint error, if any. Calls after the first do nothing.
    public func finish() throws {
        let (alreadyFinished, failure) = condition.withLock {
            if stopping { return (true, nil as String?) }
            requested += 1
            stopping = true
            condition.broadcast()
            while !stopped { condition.wait() }
            return (false, self.failure)
        }
        guard !alreadyFinished else { return }
        sqlite3_close(connection)
        // This puts SQLite's own WAL hook back in place of ours. It cannot fail, so the hook never outlives `self`.
        let interval = previousInterval
        try store.writer.writeWithoutTransaction { db in _ = sqlite3_wal_autocheckpoint(db.sqliteConnection, interval) }
        if let failure { throw DatabaseError(message: "checkpoint: \(failure)") }
    }

    private func run() {
        condition.lock()
        while true {
            while requested == answered && !stopping { condition.wait() }
            if requested == answered { break }
            let request = requested
            condition.unlock()
            var frames: Int32 = 0
            var copied: Int32 = 0
            let code = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied)
            let message =
                code != SQLITE_OK && code != SQLITE_BUSY
                ? String(cString: sqlite3_errmsg(connection))
                : code == SQLITE_OK && frames < 0 ? "the database is not in WAL mode" : nil
            condition.lock()
            answered = request
            if let message { failure = message }
            condition.broadcast()
        }
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The writer connection's WAL hook while a ``BackgroundCheckpointer`` runs (`context` is the checkpointer, which
/// removes the hook before it goes).
private func walHook(
    context: UnsafeMutableRawPointer?, connection: OpaquePointer?, name: UnsafePointer<CChar>?, frames: Int32
) -> Int32 {
    guard let context else { return SQLITE_OK }
    Unmanaged<BackgroundCheckpointer>.fromOpaque(context).takeUnretainedValue().walGrew(to: frames)
    return SQLITE_OK
}
