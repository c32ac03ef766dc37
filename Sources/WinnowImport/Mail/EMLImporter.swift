import Foundation
import WinnowCore
import WinnowMail

/// Imports `.eml` files: one RFC 5322 / MIME message per file, never split at `From ` lines inside it (an attached
/// message's envelope line stays in the attachment) nor un-escaped as an mbox is (``MboxReader/single(_:)``).
///
/// The message becomes one example (see ``MailThreadRecord`` for turns, input and response); a message that cannot
/// be decoded is quarantined with the file and the reason, an empty file as `empty file`. Files imported together (``ImportOptions/mailFiles``) are
/// threaded across files.
public struct EMLImporter: Importer {
    /// An importer; roles come from `options.mailRoles`.
    public init() {}

    /// Reads `file` whole (one message is small; its digest from the same bytes) and streams its example or
    /// failure.
    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        var whole = try file.readWhole()
        let displayPath = file.displayPath
        do {
            whole.bytes = try file.mailMessage(whole.bytes)
        } catch let item as OutlookMessage.NotMail {
            // A contact, a calendar entry, a task... saved from Outlook beside the mail: left out, with what it is.
            let failure = RecordFailure(
                kind: .discardedMail, file: displayPath, locator: .message(1, offset: 0),
                message: "\(item.kind) (\(item.messageClass)), not mail: left out of the conversations")
            return OpenedFile(
                digest: whole.digest, records: .stream(RecordStream { body in try body(.failure(failure)) }))
        } catch {
            // An Outlook message that cannot be read is quarantined as an undecodable message is.
            let failure = RecordFailure(
                kind: .invalidMail, file: displayPath, locator: .message(1, offset: 0),
                message: "not a readable Outlook message: \((error as? MailError)?.message ?? "\(error)")")
            return OpenedFile(
                digest: whole.digest, records: .stream(RecordStream { body in try body(.failure(failure)) }))
        }
        // A file of a group given together (``MailFileGroup``) reads its part of the group's threads.
        let thread = MailThreadImport(
            displayPath: displayPath, roles: options.mailRoles, keepDiscarded: options.keepDiscardedMail,
            group: options.mailFiles.flatMap { $0.contains(displayPath) ? $0 : nil })
        return OpenedFile(
            digest: whole.digest,
            records: .stream(
                RecordStream { body in try thread.read(MailEntries(entries: MboxReader.single(whole.bytes)), body) }))
    }
}
