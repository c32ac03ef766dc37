import Foundation
import WinnowCore
import WinnowMail

/// Imports mbox files of any size (mboxo or mboxrd, LF or CRLF): messages threaded by their ids and subjects, one
/// example per thread; mailboxes imported together (a client's `Inbox` and `Sent`) are threaded across files.
///
/// The file is streamed twice (headers, then bodies; see ``MailThreadImport``), so memory holds the headers of the
/// file and the threads not yet complete, never the whole file. A message that cannot be decoded is quarantined with
/// its number and byte offset.
public struct MboxImporter: Importer {
    /// An importer; roles come from `options.mailRoles`.
    public init() {}

    /// Streams `file`'s threads (the file is read by the two passes; its digest is the caller's to work out).
    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        // A mailbox of a group given together (``MailFileGroup``: `Inbox` and `Sent`) reads its part of the group's
        // threads.
        let thread = MailThreadImport(
            displayPath: file.displayPath, roles: options.mailRoles, keepDiscarded: options.keepDiscardedMail,
            group: options.mailFiles.flatMap { $0.contains(file.displayPath) ? $0 : nil })
        return OpenedFile(records: .stream(RecordStream { body in try thread.read(MboxReader(url: file.url), body) }))
    }
}
