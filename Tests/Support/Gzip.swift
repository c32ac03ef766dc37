import Foundation

/// Gzip data made by the system's `gzip`, as users' files are made, for the tests of reading them.
public enum Gzip {
    /// `bytes` compressed; `name` stored in the header (`-N`) when given, else no name (`-n`).
    public static func compressed(_ bytes: [UInt8], name: String? = nil) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent(name ?? "input")
        try Data(bytes).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", name == nil ? "-n" : "-N", input.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](output)
    }
}
