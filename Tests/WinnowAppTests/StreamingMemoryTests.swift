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
    /// Runs `binary` with `arguments` and returns its exit status and peak resident memory in bytes: the child's
    /// own high-water mark (`VmHWM` in `/proc/PID/status`), read every 2 ms until it exits. Not `wait4`'s
    /// `ru_maxrss`: Linux counts in it the resident memory of the process the child was spawned from (the test
    /// process, which runs other suites meanwhile), so it measured the test process as often as the import.
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
        var peak = 0
        while true {
            // A high-water mark: any reading after the peak shows it.
            if let highWater = highWaterMark(of: pid) { peak = max(peak, highWater) }
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECHILD) }
            usleep(2_000)
        }
        return ((status >> 8) & 0xFF, peak)
    }

    /// The `VmHWM` of process `pid` in bytes, while it runs.
    static func highWaterMark(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({
                Int($0)
            })
        else { return nil }
        return kilobytes * 1024
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
        #expect(smallRun.peak > 0 && largeRun.peak > 0, "no reading of the imports' memory")
        let growth = largeRun.peak - smallRun.peak
        #expect(growth < 30_000_000, "a 45 MB larger file took \(growth / 1_000_000) MB more memory")
    }
}
