import Foundation
import WinnowCore

/// Imports HTML ticket pages and e-mail threads.
public struct HTMLImporter: Importer {
    /// An importer.
    public init() {}

    public func read(
        _ file: URL, displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        throw ImportError(kind: .unreadableFile, file: displayPath, message: "HTML import is not available yet")
    }
}
