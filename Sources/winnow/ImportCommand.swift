import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowStore

/// `winnow import PATH...`: read support logs into the store.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: """
            Import JSONL, JSON, CSV, Excel, Parquet, Arrow, HTML, .eml, Outlook .msg, mbox or chat transcript support \
            logs, or labelled intent data (Rasa NLU, fastText), into the store; a gzip file (.jsonl.gz, .mbox.gz...) \
            is read as the file it holds, a zip or tar archive as the folder it holds.
            """,
        discussion: """
            Each record is imported or quarantined with its reason (see `winnow errors`). A record is the same as a
            stored one when it is the same position of the same file (its bytes, under any name) or has the same
            ticket id and text: importing the same file or the same ticket again adds nothing and says so. Distinct
            tickets with equal text are all imported (`winnow dedup` flags them); --skip-duplicate-text skips them.
            Importing a path again replaces the quarantine entries of earlier attempts at it. An interrupted import
            resumes where it stopped. Exit status 1 when every record read was quarantined.
            Fields are mapped automatically from common names (subject, body, text, question, message, response,
            answer, category, intent, label, queue, ticket_id, id..., and their names in German, French, Spanish,
            Portuguese, Italian, Dutch, Polish and Swedish: Betreff, Beschreibung, Antwort...); --map overrides, for example
            --map input=subject+body --map label=ticket.queue (dotted paths reach into nested JSON; a path that
            crosses an array joins the values of its elements). A JSON document is an array of records, or an
            object holding one (found automatically, or named with --records data.tickets).
            Mail (.eml and Outlook .msg files, mbox) is threaded by Message-ID, In-Reply-To and References, then by
            subject; each
            thread becomes one example whose input opens with its subject and whose response is the last agent
            reply. Several .eml or .msg files given together are threaded across files (a thread is stored with the file of
            its first message). --agent-domain and --agent-address
            say which senders are the support side; without them, helpdesk-like addresses (support@, help@...) are,
            and so is the mailbox the file was exported from (the address in most of its threads) with, where
            customers from elsewhere write, its domain; in a thread with none of those, everyone but its opener.
            Labelled intent data gives one example per line, its intent the label: Rasa's NLU training data
            (format rasa: a .yml or .yaml with a top-level nlu: list of intent: blocks, or Rasa 1's Markdown with
            ## intent:NAME sections, or a Bot Framework .lu file with # IntentName sections; entity annotations
            such as [savings](account) or {@city=Seattle} are unwrapped to their words,
            synonym, regex and lookup parts are counted in a note) and fastText's labelled lines (format fasttext:
            __label__NAME words, then the text; with several labels the first is the label, all are in metadata).
            A Parquet file (Hugging Face datasets, pandas, Polars) or an Arrow file (datasets' save_to_disk) is read
            row by row as JSON Lines are, nested columns nested, a Hugging Face ClassLabel column as its class names;
            rows are placed as record N.
            A file whose format neither its extension nor its content tells is refused: pass --format.
            A folder imports every file under it, sub-folders included, in path order (a folder of .eml files, a
            Maildir, whose tmp/ is left out, a folder of exports); hidden files and files whose format cannot be
            told are left out and listed.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files to import; a folder imports the files under it.")
    var paths: [String]

    @Option(help: "auto, jsonl, json, csv, html, eml, mbox, xlsx, transcript, rasa or fasttext.")
    var format: String = "auto"

    @Option(
        name: .customLong("agent-domain"),
        help: "A mail domain of the support side (repeatable; subdomains match too).")
    var agentDomains: [String] = []

    @Option(name: .customLong("agent-address"), help: "A mail address of the support side (repeatable).")
    var agentAddresses: [String] = []

    @ArgumentParser.Flag(
        name: .customLong("keep-discarded-mail"),
        help: """
            Import mail Gmail labels as drafts, spam, deleted or chats too (by default each is quarantined as \
            discarded_mail and left out of the threads).
            """)
    var keepDiscardedMail = false

    @ArgumentParser.Flag(
        name: .customLong("label-from-folder"),
        help: """
            A file under a folder given takes its label from the sub-folder it is in (tickets/Billing/a.eml, a \
            Maildir's .Billing), when its record names none.
            """)
    var labelFromFolder = false

    @Option(
        help: "JSON documents: the dotted path to the array of records (e.g. data.tickets); Excel workbooks: the sheet."
    )
    var records: String?

    @Option(name: .long, help: "FIELD=SOURCE[+SOURCE]: fill an example field from source fields.")
    var map: [String] = []

    @Option(help: "Text encoding of CSV files: auto (UTF-8, else Windows-1252), utf-8, windows-1252, latin1.")
    var encoding: String = "auto"

    @Option(name: .customLong("html-profile"), help: "A YAML file of XPath expressions for an HTML layout.")
    var htmlProfile: String?

    @ArgumentParser.Flag(
        inversion: .prefixedNo,
        help: """
            Clean e-mail text: take quoted history, forwarded messages, signatures, disclaimers and mail gateways' \
            banners out of input and response (kept in metadata as removed_quotes, removed_forwarded, \
            removed_signatures, removed_disclaimers, removed_banners; in a conversation export, from each message). Default: on for HTML and mail; \
            for JSONL, JSON and CSV, on when the first records hold quoted history (two or more, one in twenty), else off.
            """)
    var cleanReplies: Bool?

    @ArgumentParser.Flag(
        inversion: .prefixedNo,
        help: """
            Whether a CSV file's first row names its columns. Default: guessed (a first row holding none of the \
            usual column names, with a cell that comes again below it, a number over a column of numbers or a \
            sentence that asks nothing, is data; its columns are then named column_1, column_2...).
            """)
    var header: Bool?

    @OptionGroup(title: "Conversations (one message per row)") var conversation: ConversationArguments

    @ArgumentParser.Flag(name: .customLong("dry-run"), help: "Show the mapping and the first records without writing.")
    var dryRun = false

    @ArgumentParser.Flag(
        name: .customLong("no-conversations"),
        help: "Import each record alone even when its first records read as messages of conversations.")
    var noConversations = false

    @Option(
        name: .customLong("tickets"),
        help: ArgumentHelp(
            """
            A CSV, JSONL or JSON file of the tickets whose messages are imported (Salesforce's Case.csv beside \
            EmailMessage.csv or CaseComment.csv): each conversation is joined to the ticket its conversation field \
            names (by the ticket field holding most of them, or FIELD): the ticket's label where the messages give \
            none, its fields in metadata, its description as the opening message where the messages lack it.
            """, valueName: "file[:field]"))
    var tickets: String?

    @ArgumentParser.Flag(
        name: .customLong("skip-duplicate-text"),
        help: "Skip records whose input, response and label are stored already, even from distinct tickets.")
    var skipDuplicateText = false

    @ArgumentParser.Flag(
        name: .customLong("keep-earlier-versions"),
        help: ArgumentHelp(
            """
            Keep every version of a ticket imported again with other content in play. By default the earlier \
            versions (same ticket id, a text the latest continues or mostly shares) are rejected as superseded.
            """))
    var keepEarlierVersions = false

    func validate() throws {
        guard format == "auto" || SourceFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be auto, \(SourceFormat.names) (got '\(format)')")
        }
        if records != nil, format != "auto", format != SourceFormat.json.rawValue, format != SourceFormat.xlsx.rawValue
        {
            throw ValidationError(
                "--records names the array of records in a JSON document (--format json) or an Excel workbook's sheet")
        }
        guard TextEncodingChoice(name: encoding) != nil else {
            throw ValidationError("--encoding must be auto, utf-8, windows-1252 or latin1 (got '\(encoding)')")
        }
        if let limit = ProcessInfo.processInfo.environment["WINNOW_UNPACK_LIMIT"], !UnpackRoom.isSize(limit) {
            throw ValidationError(
                "WINNOW_UNPACK_LIMIT must be a size in bytes, or with K, M, G or T (10M, 2G) (got '\(limit)')")
        }
    }

    /// The options the arguments ask for: the mapping, the conversation options and the HTML profile are parsed
    /// here and nowhere else (a bad one is a usage error).
    private func importOptions() throws -> ImportOptions {
        var mapping: FieldMapping
        do {
            mapping = try FieldMapping(specifications: map)
        } catch {
            throw ValidationError(error.description)
        }
        mapping.turnRoles = try conversation.turnRoles()
        let conversations = try conversation.options()
        let forced = SourceFormat(rawValue: format)
        if conversations != nil, forced == .html {
            throw ValidationError(
                "--conversation-by, --reply-link and --conversation-by-party read CSV, JSONL and JSON files, not html")
        }
        var options = ImportOptions(
            format: forced, mapping: mapping, encoding: TextEncodingChoice(name: encoding) ?? .automatic,
            cleanReplies: cleanReplies, agentDomains: agentDomains, agentAddresses: agentAddresses)
        options.skipDuplicateText = skipDuplicateText
        options.keepEarlierVersions = keepEarlierVersions
        options.keepDiscardedMail = keepDiscardedMail
        options.labelsFromFolders = labelFromFolder
        options.recordsPath = records
        options.recordsPathNamed = records != nil
        options.conversations = conversations
        options.sessionGap = try conversation.sessionGapSeconds()
        options.detectsConversations = !noConversations
        if options.sessionGap != nil, noConversations {
            throw ValidationError("--session-gap cuts conversations; --no-conversations imports none")
        }
        options.csvHeader = header
        if let tickets {
            let source = TicketSource(argument: tickets)
            guard FileManager.default.isReadableFile(atPath: source.url.path) else {
                throw ValidationError("--tickets \(source.displayPath): no such file or not readable")
            }
            if noConversations {
                throw ValidationError("--tickets joins tickets to conversations; --no-conversations imports none")
            }
            options.tickets = source
        }
        if let htmlProfile {
            options.htmlProfile = try HTMLProfile.load(from: URL(fileURLWithPath: htmlProfile))
        }
        return options
    }

    func run() throws {
        try reportingFailures {
            let options = try importOptions()
            for path in paths where !FileManager.default.isReadableFile(atPath: path) {
                throw Failure.input("\(path): no such file or not readable")
            }
            if dryRun {
                try runDry(options: options)
                return
            }
            let store = try global.openStore(create: true)
            let line = ProgressLine(enabled: ProgressLine().isEnabled && !global.json)
            var parameters = JSONObject()
            parameters["format"] = .string(format)
            parameters["map"] = .array(map.map(JSONValue.string))
            parameters["encoding"] = .string(encoding)
            parameters["skip_duplicate_text"] = .bool(skipDuplicateText)
            parameters["keep_earlier_versions"] = .bool(keepEarlierVersions)
            parameters["keep_discarded_mail"] = .bool(keepDiscardedMail)
            parameters["label_from_folder"] = .bool(labelFromFolder)
            if let records { parameters["records"] = .string(records) }
            if let tickets { parameters["tickets"] = .string(tickets) }
            let report = try ImportService().run(
                paths: paths, options: options, store: store, parameters: parameters
            ) { progress in line.update(ImportCommand.describe(progress)) }
            line.finish()
            global.emit(report.json) { ImportCommand.describe(report) }
            if report.imported == 0, report.skippedDuplicates == 0, report.errors > 0 {
                throw Failure.blocking(
                    "nothing was imported and \(report.errors) record\(report.errors == 1 ? " was" : "s were")"
                        + " quarantined (see `winnow errors`)")
            }
        }
    }

    /// The progress line: the file's records, and where the run is among several files (a folder of small files
    /// goes by too fast for each file's own progress).
    static func describe(_ progress: ImportProgress) -> String {
        let fraction = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 0
        let rate = progress.elapsed > 0 ? Double(progress.records) / progress.elapsed : 0
        let left = fraction > 0 ? progress.elapsed * (1 - fraction) / fraction : 0
        // A count with no total (the files a folder gave so far) has no share and no time left.
        let share =
            progress.totalBytes > 0
            ? ", \(Int(fraction * 100))%, \(ProgressLine.formatDuration(left)) left" : ""
        let file =
            progress.records > 0 || progress.fileCount == 1
            ? "\(progress.path): \(progress.records) \(progress.stage ?? "records"), \(Int(rate))/s" + share
            : progress.path
        guard progress.fileCount > 1 else { return file }
        // The files before this one took the run's time so far; the rest are taken to go as fast.
        let done = Double(progress.fileNumber - 1)
        let runLeft = done > 0 ? progress.runElapsed * (Double(progress.fileCount) - done) / done : 0
        return "file \(progress.fileNumber)/\(progress.fileCount) (\(Int(100 * done / Double(progress.fileCount)))%), "
            + "\(progress.importedBefore) imported, "
            + (done > 0 ? "\(ProgressLine.formatDuration(runLeft)) left · " : "") + file
    }

    /// Files a run lists one by one in full; past that, the files with nothing but counts and notes are summed up.
    static let filesListed = 20

    static func describe(_ report: ImportReport) -> String {
        var lines: [String] = []
        // A folder of thousands of mail files would fill the terminal with a line and a note for each: past
        // `filesListed` files, those whose import went as expected are summed up in one line, their notes counted
        // (`--json` keeps every file's report).
        let summed =
            report.files.count > filesListed
            ? report.files.filter { file in
                file.unread == nil && file.errors == 0 && file.skipped.isEmpty && file.revised == 0
                    && file.equalText == 0 && file.resumedAfter == 0
            } : []
        let summedPaths = Set(summed.map(\.path))
        var remarkable = report.files.filter { !summedPaths.contains($0.path) }
        let remarkableLeftOut = max(0, remarkable.count - filesListed)
        if report.files.count > filesListed { remarkable = Array(remarkable.prefix(filesListed)) }
        lines += describe(files: remarkable)
        if remarkableLeftOut > 0 {
            lines.append(
                "... and \(remarkableLeftOut) more files with quarantined, skipped or revised records (`--json` lists"
                    + " every file; `winnow errors` the quarantined records)")
        }
        if !summed.isEmpty { lines += describe(summing: summed, after: !remarkable.isEmpty) }
        lines += describe(leftOut: report.leftOut, hidden: report.hiddenLeftOut)
        lines += describe(superseded: report.superseded, carried: report.carriedLabels)
        lines += describe(unsettled: report.unsettledTickets)
        lines.append(
            "Total: \(report.imported) imported, \(report.skippedDuplicates) skipped as duplicates, "
                + "\(report.errors) quarantined" + (report.errors > 0 ? " (see `winnow errors`)" : ""))
        return lines.joined(separator: "\n")
    }

    /// Ticket ids shared by several examples that were not read as tickets; the first few named.
    static func describe(unsettled: [TicketVersions.Unread]) -> [String] {
        guard !unsettled.isEmpty else { return [] }
        let named = unsettled.prefix(3).map {
            "'\($0.ticket)' (\($0.examples) examples\($0.placeholder ? ", a placeholder" : ""))"
        }
        let crowded = unsettled.contains { !$0.placeholder }
        return [
            "\(unsettled.count) ticket id\(unsettled.count == 1 ? "" : "s") held by several examples "
                + "\(unsettled.count == 1 ? "was" : "were") not taken as a ticket's, so no versions were settled: "
                + named.joined(separator: ", ") + (unsettled.count > 3 ? " and \(unsettled.count - 3) more" : "")
                + (crowded
                    ? "; more than \(TicketVersions.mostVersions) examples under one id look like a column of queues, "
                        + "customers or dates read as the ticket id (`--map ticket_id=FIELD` names the right one)"
                    : "")
        ]
    }

    /// Earlier versions of tickets imported again, rejected as superseded; the first few named.
    static func describe(superseded: [TicketVersions.Superseded], carried: [TicketVersions.CarriedLabel]) -> [String] {
        guard !superseded.isEmpty else { return [] }
        let tickets = Set(superseded.map(\.ticket)).count
        var lines = [
            "\(superseded.count) earlier version\(superseded.count == 1 ? "" : "s") of \(tickets) ticket"
                + "\(tickets == 1 ? "" : "s") imported again with other content rejected as superseded by the latest "
                + "(`winnow show ID` has the history; `--keep-earlier-versions` keeps them):"
        ]
        for entry in superseded.prefix(5) {
            lines.append(
                "  ticket \(entry.ticket): #\(entry.earlier) superseded by #\(entry.latest) ("
                    + entry.because(other: "it") + ")")
        }
        if superseded.count > 5 { lines.append("  ... and \(superseded.count - 5) more (`--json` lists them)") }
        if !carried.isEmpty {
            lines.append(
                "  \(carried.count) label\(carried.count == 1 ? "" : "s") set on an earlier version carried over to "
                    + "the latest (its imported label unchanged)")
        }
        return lines
    }

    /// One line for `files`, each imported as expected: counts by format, their notes counted by what they say.
    static func describe(summing files: [FileImportReport], after others: Bool) -> [String] {
        var formats: [String: Int] = [:]
        for file in files { formats[file.format.rawValue, default: 0] += 1 }
        let kinds = formats.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }
        let sum = { (value: (FileImportReport) -> Int) in files.reduce(0) { $0 + value($1) } }
        var lines = [
            "\(files.count) \(others ? "other " : "")files (\(kinds.joined(separator: ", "))): \(sum(\.records)) read, "
                + "\(sum(\.imported)) imported, \(sum(\.skippedDuplicates)) skipped as duplicates, 0 quarantined"
        ]
        // A note names its file as `PATH: ...`: counted without it.
        var counts: [String: Int] = [:]
        var order: [String] = []
        for file in files {
            for note in Set(file.notes) {
                let prefix = file.path + ": "
                let text = note.hasPrefix(prefix) ? String(note.dropFirst(prefix.count)) : note
                if counts[text] == nil { order.append(text) }
                counts[text, default: 0] += 1
            }
        }
        let shown = order.enumerated().sorted { (counts[$0.1, default: 0], $1.0) > (counts[$1.1, default: 0], $0.0) }
            .map(\.1)
        for text in shown.prefix(10) {
            let count = counts[text, default: 0]
            lines.append("  note (\(count) file\(count == 1 ? "" : "s")): \(text)")
        }
        if shown.count > 10 {
            lines.append("  ... and \(shown.count - 10) other notes (`--json` lists every file's)")
        }
        let already = files.filter { $0.alreadyImported > 0 }
        if !already.isEmpty {
            let records = already.reduce(0) { $0 + $1.alreadyImported }
            lines.append(
                "  \(records) record\(records == 1 ? "" : "s") of \(already.count) file\(already.count == 1 ? "" : "s")"
                    + " were imported from them before (the same bytes): nothing new")
        }
        return lines
    }

    /// Each file's line, notes and what was skipped.
    static func describe(files: [FileImportReport]) -> [String] {
        var lines: [String] = []
        for file in files {
            if let unread = file.unread {
                lines.append("\(file.path) (\(file.format.rawValue)): not read, quarantined whole: \(unread)")
                for note in file.notes { lines.append("  note: \(note)") }
                continue
            }
            var line =
                "\(file.path) (\(file.format.rawValue)): \(file.records) read, \(file.imported) imported, "
                + "\(file.skippedDuplicates) skipped as duplicates, \(file.errors) quarantined"
            if file.resumedAfter > 0 { line += " (resumed after \(file.resumedAfter) records)" }
            lines.append(line)
            for note in file.notes { lines.append("  note: \(note)") }
            if file.alreadyImported > 0 {
                lines.append(
                    "  \(file.alreadyImported) record\(file.alreadyImported == 1 ? " was" : "s were") imported from"
                        + " this file before (the same bytes): nothing new")
            }
            if file.revised > 0 {
                let threads = file.revised == 1 ? "1 thread" : "\(file.revised) threads"
                lines.append(
                    "  \(threads) of this file \(file.revised == 1 ? "reads" : "read") differently than when it was "
                        + "imported before (the mail files given with it now add messages, or other options): stored "
                        + "whole as new examples, which supersede the earlier ones")
            }
            let sameTicket = file.skipped.filter { $0.reason == .sameTicket }.count
            let sameText = file.skipped.count - sameTicket
            if sameTicket > 0 {
                lines.append("  \(sameTicket) skipped as the same ticket (ticket id and text) as a stored example")
            }
            if sameText > 0 { lines.append("  \(sameText) skipped as the same text as a stored example") }
            for record in file.skipped.prefix(5) {
                lines.append("    \(record.locator): same as #\(record.duplicateOf)")
            }
            if file.skipped.count > 5 {
                lines.append("    ... and \(file.skipped.count - 5) more (`winnow errors --skipped` lists them)")
            }
            if file.equalText > 0 {
                lines.append(
                    "  \(file.equalText) imported with the same text as a stored example from another ticket"
                        + " (`winnow dedup` flags them; --skip-duplicate-text skips them)")
            }
        }
        return lines
    }

    /// What the folders given held and the import leaves out: each file by name, hidden entries counted.
    static func describe(leftOut: [ImportPaths.LeftOut], hidden: Int) -> [String] {
        var lines: [String] = []
        if !leftOut.isEmpty {
            lines.append("Left out (\(leftOut.count)):")
            for entry in leftOut.prefix(filesListed) { lines.append("  \(entry.path): \(entry.reason)") }
            if leftOut.count > filesListed {
                // The rest counted by why.
                var reasons: [String: Int] = [:]
                for entry in leftOut.dropFirst(filesListed) { reasons[entry.reason, default: 0] += 1 }
                for (reason, count) in reasons.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                    lines.append("  ... and \(count) more: \(reason)")
                }
            }
        }
        if hidden > 0 {
            lines.append("\(hidden) hidden file\(hidden == 1 ? "" : "s") or folder\(hidden == 1 ? "" : "s") left out")
        }
        return lines
    }

    private func runDry(options: ImportOptions) throws {
        var files: [JSONValue] = []
        var lines: [String] = []
        var expanded = try ImportPaths.expand(paths, forced: options.format, store: global.storePath)
        defer { expanded.removeArchives() }
        var options = options
        options.archives = expanded.archives
        // A folder of thousands of messages previews its first files and counts the rest.
        let shown = expanded.files.prefix(Self.dryRunFiles)
        // The mail files shown are threaded together as the import threads them (`Inbox` with `Sent`).
        let mail = try ImportService.mailFileGroup(paths: Array(shown), options: options)
        defer { for copy in mail.unpacked { copy.remove() } }
        options.mailFiles = mail.group
        // An existing store is read (never created) to say which tickets the files hold again.
        let store = options.keepEarlierVersions ? nil : try? global.openStore()
        var ticketsOfFiles: [(line: Int, file: Int, tickets: Set<String>)] = []
        for path in shown {
            let preview: ImportPreview
            do {
                preview = try ImportService().preview(path: path, options: options)
            } catch let error as ImportError where expanded.files.count > 1 && error.isTheFile {
                // As the import would: one file of several that cannot be read is quarantined whole, or left out
                // when its format cannot be told.
                let shown = ArchiveCopy.show(path, in: options.archives)
                let file = try? SourceFile(url: URL(fileURLWithPath: path), displayPath: shown)
                if let file, ImportService.format(of: file, forced: options.format) == nil {
                    expanded.leftOut.append(ImportPaths.LeftOut(path: shown, reason: error.withinFile))
                    continue
                }
                lines.append("\(shown): not read, would be quarantined whole: \(error.withinFile)")
                files.append(["path": .string(shown), "not_read": .string(error.withinFile)])
                continue
            }
            lines.append(
                "\(preview.path) (\(preview.format.rawValue)): \(preview.records) records, \(preview.errors) bad")
            for note in preview.notes { lines.append("  note: \(note)") }
            for mapping in preview.mappings {
                lines.append("  mapping:")
                for entry in mapping { lines.append("    \(entry)") }
            }
            for draft in preview.examples {
                lines.append("  \(draft.locator): label=\(draft.label ?? "-") input=\(TextTable.cell(draft.input, 60))")
            }
            for failure in preview.failures { lines.append("  quarantine: \(failure)") }
            // Looked up in the store once for every file, below.
            ticketsOfFiles.append(
                (lines.count, files.count, preview.ticketIDs.filter { !TicketVersions.isPlaceholder($0) }))
            files.append(preview.json)
        }
        let allTickets = ticketsOfFiles.reduce(into: Set<String>()) { $0.formUnion($1.tickets) }
        if let store, let stored = try? store.storedTicketIDs(among: allTickets) {
            // From the last file back, so that each line goes in at the place its file's lines end.
            for file in ticketsOfFiles.reversed() {
                let held = file.tickets.intersection(stored).count
                var json = files[file.file].objectValue ?? JSONObject()
                json["tickets_in_store"] = .number(Double(held))
                files[file.file] = .object(json)
                guard held > 0 else { continue }
                lines.insert(
                    "  \(held) of its \(file.tickets.count) ticket id\(file.tickets.count == 1 ? "" : "s")"
                        + " \(held == 1 ? "is" : "are") held by stored examples: a record of one"
                        + " with other content would be stored as a later version and the earlier version rejected"
                        + " as superseded (`--keep-earlier-versions` keeps both)", at: file.line)
            }
        }
        let more = expanded.files.count - shown.count
        if more > 0 { lines.append("... and \(more) more file\(more == 1 ? "" : "s") (not read by the dry run)") }
        lines += Self.describe(leftOut: expanded.leftOut, hidden: expanded.hidden)
        lines.append("Dry run: nothing was written.")
        global.emit([
            "dry_run": true, "files": .array(files), "files_not_previewed": .number(Double(more)),
            "left_out": .array(expanded.leftOut.map(\.json)), "hidden_left_out": .number(Double(expanded.hidden)),
        ]) { lines.joined(separator: "\n") }
    }

    /// The files a dry run reads at most.
    static let dryRunFiles = 20
}
