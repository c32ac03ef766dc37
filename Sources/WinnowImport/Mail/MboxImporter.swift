import Foundation
import WinnowCore
import WinnowMail

/// Imports mbox files of any size (mboxo or mboxrd, LF or CRLF): messages threaded by their ids and subjects, one
/// example per thread.
///
/// The file is streamed twice (headers, then bodies; see ``MailThreadImport``), so memory holds the headers of the
/// file and the threads not yet complete, never the whole file. A message that cannot be decoded is quarantined with
/// its number and byte offset.
public struct MboxImporter: Importer {
    /// An importer; roles come from `options.mailRoles`.
    public init() {}

    /// Streams `file`'s threads to `body`.
    public func read(
        _ file: URL, displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        try MailThreadImport(displayPath: displayPath, roles: options.mailRoles).read(MboxReader(url: file), body)
    }
}
