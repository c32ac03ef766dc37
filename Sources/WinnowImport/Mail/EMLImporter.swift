import Foundation
import WinnowCore
import WinnowMail

/// Imports `.eml` files: one RFC 5322 / MIME message per file (several when the file is an mbox in disguise).
///
/// The message becomes one example (see ``MailThreadRecord`` for turns, input and response); a message that cannot
/// be decoded is quarantined with the file and the reason. Files imported together (``ImportOptions/mailFiles``) are
/// threaded across files.
public struct EMLImporter: Importer {
    /// An importer; roles come from `options.mailRoles`.
    public init() {}

    /// Reads `file` whole (one message is small) and streams its example or failure to `body`.
    public func read(
        _ file: URL, displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        let bytes = try ImportError.readWholeFile(file, displayPath: displayPath)
        if let group = options.mailFiles, group.contains(displayPath) {
            try group.read(displayPath: displayPath, bytes: bytes, roles: options.mailRoles, body)
            return
        }
        try MailThreadImport(displayPath: displayPath, roles: options.mailRoles).read(
            MailEntries(entries: MboxReader.entries(bytes)), body)
    }
}
