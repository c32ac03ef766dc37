import Foundation

/// Finds and runs the built `winnow` executable (`$WINNOW_BIN`, else `.build/debug/winnow` in the package).
enum CommandLineTool {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no winnow executable at \(path): run `swift build` first (make test does)" }
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static func locate() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["WINNOW_BIN"] {
            return URL(fileURLWithPath: explicit)
        }
        let candidate = packageRoot.appendingPathComponent(".build/debug/winnow")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else { throw Missing(path: candidate.path) }
        return candidate
    }

    /// Runs the tool and returns its exit status and standard output.
    static func run(_ binary: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
