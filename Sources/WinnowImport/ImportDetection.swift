import Foundation
import WinnowCore

/// What an import works out from a file's first records before it reads them, where the options do not say:
/// whether the records are messages of conversations, a table of e-mails or texts quoting mail, which columns a
/// subject that is a category or a name read by its words must leave out, and which fields hold the text when none
/// is named like it. The import and its dry run both prepare a file here, so a dry run shows what the import does.
public enum ImportDetection {
    /// The options `file` is read with, and the notes saying what was worked out: `notes` lead the file's notes,
    /// `contentNote` (the fields chosen by their content) closes them. `conversationsKnown` says the file's messages
    /// are already joined another way (a Slack export's day file), so no conversations are looked for.
    public static func prepare(
        _ file: SourceFile, format: SourceFormat, options: ImportOptions, conversationsKnown: Bool = false
    ) -> (options: ImportOptions, notes: [String], contentNote: String?) {
        var options = options
        let subjectNotes = detectCategoricalSubject(file, format: format, options: &options)
        let detected = conversationsKnown ? nil : detectConversations(file, format: format, options: &options)
        let transcriptNote = detectTranscripts(file, format: format, options: &options)
        let historyNote = detectMail(file, format: format, options: &options)
        let contentNote = detectContentMapping(file, format: format, options: &options)
        let notes = [detected].compactMap { $0 } + subjectNotes + [transcriptNote, historyNote].compactMap { $0 }
        return (options, notes, contentNote)
    }

    /// Reads a field whose texts are chat transcripts (``TranscriptText``: one message per line led by its speaker,
    /// both sides told) as each record's turns, where no field is named so: Salesforce's `LiveChatTranscript.Body`
    /// (HTML, `( 4s ) Ann Lee: ...` under `Chat Started: ...` and `Agent Sam A`), a chat tool's `Body` or `Text`.
    /// At least half the first records holding text there must read so. Returns the note saying so.
    static func detectTranscripts(_ file: SourceFile, format: SourceFormat, options: inout ImportOptions) -> String? {
        guard options.conversations == nil, options.mailRows == nil, options.mapping.explicit[.messages] == nil,
            options.mapping.explicit[.input] == nil, [.csv, .jsonl, .json].contains(format),
            let records = ConversationDetection.sample(file, format: format, options: options)?.records.prefix(200),
            let keys = ConversationDetection.allKeys(of: Array(records)),
            options.mapping.resolve(keys: keys).assignment[.messages] == nil
        else { return nil }
        for key in keys {
            var holding = 0
            var transcripts = 0
            for record in records {
                guard case .string(let text)? = record[key], !text.isEmpty else { continue }
                holding += 1
                // A transcript has several lines, and a colon after a speaker.
                guard text.utf8.count >= 20, text.contains(": "), text.contains("\n") || text.contains("<br") else {
                    continue
                }
                var wasHTML = false
                if case .turns = TranscriptText.read(HTMLFieldText.plain(text, rendered: &wasHTML), record: record) {
                    transcripts += 1
                }
            }
            guard transcripts > 0, transcripts * 2 >= holding else { continue }
            options.mapping.explicit[.messages] = [key]
            return "\(file.displayPath): \(key) holds chat transcripts (\(transcripts) of the \(holding) first records"
                + " holding text there: lines led by a speaker both sides of whom are told): read as each record's turns"
                + " (the same as --map \(ConversationDetection.shellWord("messages=" + key)))"
        }
        return nil
    }

    /// Keeps a subject column that is a category (``ConversationDetection/categoricalSubject(_:format:options:)``)
    /// out of the input of a file read record by record, and columns named by their words whose values are not
    /// their field's (``ConversationDetection/wordNamedKeysSetAside(_:format:options:)``) out of the mapping;
    /// returns the notes saying so.
    static func detectCategoricalSubject(_ file: SourceFile, format: SourceFormat, options: inout ImportOptions)
        -> [String]
    {
        guard options.conversations == nil, [.csv, .jsonl, .json].contains(format) else { return [] }
        var notes: [String] = []
        if let setAside = ConversationDetection.wordNamedKeysSetAside(file, format: format, options: options) {
            options.mapping.wordKeysSetAside.formUnion(setAside.keys)
            notes.append("\(file.displayPath): \(setAside.note)")
        }
        if let found = ConversationDetection.categoricalSubject(file, format: format, options: options) {
            options.mapping.categoricalSubjects.insert(found.field)
            notes.append("\(file.displayPath): \(found.note)")
        }
        return notes
    }

    /// Reads a CSV, JSON Lines or JSON file whose rows are e-mails as mail (``MailColumns``), or else cleans its
    /// texts as e-mail when `--clean-replies` was not given either way and its first records hold quoted history or
    /// forwarded messages (at least two of them, and one in twenty): a helpdesk export whose bodies are whole
    /// e-mails. Returns the note on the cleaning (the mail rows' importer writes its own).
    static func detectMail(_ file: SourceFile, format: SourceFormat, options: inout ImportOptions) -> String? {
        guard [.csv, .jsonl, .json].contains(format),
            let found = ConversationDetection.mail(file, format: format, options: options)
        else { return nil }
        if let columns = found.rows, options.conversations == nil, options.detectsConversations,
            options.mapping.explicit.isEmpty
        {
            // A table of e-mails is read as mail: threaded, its bodies cleaned as mail is.
            options.mailRows = columns
            return nil
        }
        guard options.cleanReplies == nil, found.withHistory >= 2, found.withHistory * 20 >= found.looked else {
            return nil
        }
        options.cleanReplies = true
        return "\(file.displayPath): \(found.withHistory) of the first \(found.looked) records hold quoted e-mail"
            + " history or a forwarded message: every text is cleaned as e-mail (what is taken out is kept in metadata:"
            + " removed_quotes, removed_forwarded, removed_signatures...; --no-clean-replies keeps the texts as they"
            + " read)"
    }

    /// Takes the input (and, in a file without a header, the label) from the fields holding text when no field is
    /// named like one (``ContentMapping``), for a file read record by record or as messages; returns the note saying
    /// so.
    static func detectContentMapping(_ file: SourceFile, format: SourceFormat, options: inout ImportOptions)
        -> String?
    {
        // Rows read as e-mails take their text from the body column.
        guard [.csv, .jsonl, .json].contains(format), options.mailRows == nil,
            let choice = ContentMapping.choose(file, format: format, options: options)
        else { return nil }
        ContentMapping.apply(choice, to: &options)
        return "\(file.displayPath): \(choice.note)"
    }

    /// What a note on a grouping found adds where `--session-gap` was given and the grouping is not by the customer.
    static func unusedSessionGap(_ options: ImportOptions, _ grouping: ConversationOptions.Grouping) -> String {
        guard options.sessionGap != nil, !grouping.joinsByParty else { return "" }
        return "; --session-gap not used: it cuts conversations joined by the customer, and these are not"
    }

    /// Sets `options.conversations` when none is given and the file's first records are messages
    /// (``ConversationDetection``), or the role column of options given without `--role-by` when the one preferred by
    /// name names no side; returns the note saying so.
    static func detectConversations(_ file: SourceFile, format: SourceFormat, options: inout ImportOptions) -> String? {
        if let given = options.conversations, given.roleBy == nil {
            // Given without --role-by: the role column the rows need, when the one preferred by name names no side.
            guard let found = ConversationDetection.roleColumn(file, format: format, options: options) else {
                return nil
            }
            options.conversations?.roleBy = found.rule.field
            options.conversations?.agentValues = found.rule.addedAgentValues
            options.conversations?.detectedRole = found.rule
            return "\(file.displayPath): \(found.note)"
        }
        guard options.conversations == nil, options.detectsConversations else { return nil }
        guard let found = ConversationDetection.detect(file, format: format, options: options) else {
            return ConversationDetection.unjoinedMessages(file, format: format, options: options).map {
                "\(file.displayPath): \($0)"
            }
        }
        options.conversations = found.options
        if options.recordsPath == nil { options.recordsPath = found.recordsPath }
        return "\(file.displayPath): \(found.note)" + unusedSessionGap(options, found.options.grouping)
    }
}
