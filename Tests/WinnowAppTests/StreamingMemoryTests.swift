import Foundation
import Testing
import WinnowTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Peak memory of whole imports, measured in a child process of their own: the test process runs other suites at
/// the same time, so its own resident memory says nothing about one import.
@Suite("Streaming imports keep memory flat")
struct StreamingMemoryTests {
    /// Runs `binary` with `arguments` and returns its exit status and peak resident memory in bytes (`wait4`'s
    /// `ru_maxrss` of that child alone).
    static func peakMemory(_ binary: URL, _ arguments: [String]) throws -> (status: Int32, peak: Int) {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, usage.ru_maxrss * 1024)
    }

    /// Reading a 50 MB array takes about as much memory as reading a 5 MB one: records are cut from the file in
    /// chunks, never held all at once (a parse of the whole document would need several times the file).
    @Test func aLargeJSONArrayStreamsInFlatMemory() throws {
        let binary = try CommandLineTool.locate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-memory-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = directory.appendingPathComponent("small.json")
        let large = directory.appendingPathComponent("large.json")
        try LargeJSONDocument.write(to: small, megabytes: 5)
        try LargeJSONDocument.write(to: large, megabytes: 50)
        let db = directory.appendingPathComponent("store.db").path
        let smallRun = try Self.peakMemory(binary, ["import", "--db", db, "--dry-run", small.path])
        let largeRun = try Self.peakMemory(binary, ["import", "--db", db, "--dry-run", large.path])
        #expect(smallRun.status == 0 && largeRun.status == 0)
        let growth = largeRun.peak - smallRun.peak
        #expect(growth < 30_000_000, "a 45 MB larger file took \(growth / 1_000_000) MB more memory")
    }
}
