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

    /// Streams `file`'s threads (the file is read by the two passes; its digest is the caller's to work out).
    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let thread = MailThreadImport(
            displayPath: file.displayPath, roles: options.mailRoles, keepDiscarded: options.keepDiscardedMail)
        return OpenedFile(records: .stream(RecordStream { body in try thread.read(MboxReader(url: file.url), body) }))
    }
}
