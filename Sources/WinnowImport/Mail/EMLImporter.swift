import Foundation
import WinnowCore
import WinnowMail

/// Imports `.eml` files: one RFC 5322 / MIME message per file (several when the file is an mbox in disguise).
///
/// The message becomes one example (see ``MailThreadRecord`` for turns, input and response); a message that cannot
/// be decoded is quarantined with the file and the reason.
public struct EMLImporter: Importer {
    /// An importer; roles come from `options.mailRoles`.
    public init() {}

    /// Reads `file` whole (one message is small; its digest from the same bytes) and streams its example or
    /// failure.
    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let whole = try file.readWhole()
        let thread = MailThreadImport(displayPath: file.displayPath, roles: options.mailRoles)
        return OpenedFile(
            digest: whole.digest,
            records: .stream(
                RecordStream { body in try thread.read(MailEntries(entries: MboxReader.entries(whole.bytes)), body) }))
    }
}
