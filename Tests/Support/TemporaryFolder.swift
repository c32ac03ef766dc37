import Foundation

/// A folder of its own under the system's temporary directory, for a test's files; `remove()` deletes it.
public struct TemporaryFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Makes a folder named `prefix` and a UUID.
    public init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// `name` inside the folder.
    public func appendingPathComponent(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Deletes the folder and what it holds.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}
