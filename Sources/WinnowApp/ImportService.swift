import Foundation
import WinnowCore
import WinnowImport
import WinnowMail
import WinnowStore

/// What importing one file did.
public struct FileImportReport: Sendable, Equatable {
    /// The path as given.
    public var path: String
    /// The format read.
    public var format: SourceFormat
    /// sha256 of the file.
    public var sha256: String
    /// Records read in this pass (imported + duplicates + quarantined).
    public var records = 0
    /// New examples.
    public var imported = 0
    /// Records already in the store: the same record of a file imported before, the same ticket, or (with
    /// `--skip-duplicate-text`) the same text.
    public var skippedDuplicates = 0
    /// Of ``skippedDuplicates``: records of this file stored by an earlier pass.
    public var alreadyImported = 0
    /// Of ``imported``: threads of this mail file that read differently than an earlier pass stored them (the mail
    /// files given with it now add messages, or other options), stored again whole as new examples.
    public var revised = 0
    /// The records skipped as the same ticket or text as a stored example, with the example each duplicates.
    public var skipped: [SkippedRecord] = []
    /// New examples whose text equals a stored example's (distinct tickets, all kept).
    public var equalText = 0
    /// Records quarantined in this pass.
    public var errors = 0
    /// Records skipped because an interrupted earlier pass had committed them.
    public var resumedAfter = 0
    /// File-level notes (encoding conversions...).
    public var notes: [String] = []
    /// Why the file could not be read at all (where in it, and what is wrong), when it could not: it is quarantined
    /// whole (one of several files).
    public var unread: String?
    /// The ``TicketHash`` of each record's ticket id (the run reads them, then drops them).
    var ticketHashes: [UInt64] = []
    /// For a resumed pass, the first example the interrupted pass stored.
    var resumedFrom: Int64?

    /// The file report as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["path"] = .string(path)
        object["format"] = .string(format.rawValue)
        object["sha256"] = .string(sha256)
        object["records"] = .number(Double(records))
        object["imported"] = .number(Double(imported))
        object["skipped_duplicates"] = .number(Double(skippedDuplicates))
        object["already_imported"] = .number(Double(alreadyImported))
        object["revised_threads"] = .number(Double(revised))
        object["equal_text_imported"] = .number(Double(equalText))
        object["skipped"] = .array(
            skipped.map { record in
                [
                    "source": .string(path), "locator": .string(record.locator.encoded),
                    "reason": .string(record.reason.rawValue), "duplicate_of": .number(Double(record.duplicateOf)),
                ]
            })
        object["errors"] = .number(Double(errors))
        if resumedAfter > 0 { object["resumed_after"] = .number(Double(resumedAfter)) }
        object["notes"] = .array(notes.map(JSONValue.string))
        if let unread { object["not_read"] = .string(unread) }
        return .object(object)
    }
}

/// What an import run did over all its files.
public struct ImportReport: Sendable, Equatable {
    /// One entry per file, in the order given.
    public var files: [FileImportReport] = []
    /// New examples.
    public var imported: Int { files.reduce(0) { $0 + $1.imported } }
    /// Records already in the store.
    public var skippedDuplicates: Int { files.reduce(0) { $0 + $1.skippedDuplicates } }
    /// Quarantined records.
    public var errors: Int { files.reduce(0) { $0 + $1.errors } }
    /// What was found under the folders given and not imported (``ImportPaths``).
    public var leftOut: [ImportPaths.LeftOut] = []
    /// Hidden files and folders under the folders given, left out.
    public var hiddenLeftOut = 0
    /// Earlier versions of tickets this run imported again with other content, rejected as superseded
    /// (``TicketVersions``).
    public var superseded: [TicketVersions.Superseded] = []
    /// Labels carried from an earlier version of a ticket to its latest.
    public var carriedLabels: [TicketVersions.CarriedLabel] = []
    /// Ticket ids this run shared among several examples that were not read as one ticket's versions (placeholders,
    /// ids held by too many examples): their versions were not settled.
    public var unsettledTickets: [TicketVersions.Unread] = []

    /// `{"imported":N,"skipped_duplicates":N,"errors":N,"files":[...],"left_out":[...],"hidden_left_out":N,
    /// "superseded":[...],"carried_labels":[...],"unsettled_ticket_ids":[...]}`.
    public var json: JSONValue {
        [
            "imported": .number(Double(imported)), "skipped_duplicates": .number(Double(skippedDuplicates)),
            "errors": .number(Double(errors)), "files": .array(files.map(\.json)),
            "left_out": .array(leftOut.map(\.json)), "hidden_left_out": .number(Double(hiddenLeftOut)),
            "superseded": .array(superseded.map(\.json)), "carried_labels": .array(carriedLabels.map(\.json)),
            "unsettled_ticket_ids": .array(unsettledTickets.map(\.json)),
        ]
    }
}

/// What a dry run read from one file, without hashing it or writing anything: the mappings decided, the first
/// records and the first quarantine entries, and the counts.
public struct ImportPreview: Sendable, Equatable {
    /// The path as given.
    public var path: String
    /// The format read.
    public var format: SourceFormat
    /// Records read (good and bad).
    public var records = 0
    /// Records that would be quarantined.
    public var errors = 0
    /// File-level notes (encoding conversions, where a JSON document's records are, how rows were grouped...).
    public var notes: [String] = []
    /// The field mappings decided while reading, as `field <- sources` lines.
    public var mappings: [[String]] = []
    /// The first records.
    public var examples: [ExampleDraft] = []
    /// The first records that would be quarantined.
    public var failures: [RecordFailure] = []
    /// The ticket ids of every record read (what an import would settle versions of, against the store).
    public var ticketIDs: Set<String> = []

    /// An empty preview of `path`.
    public init(path: String, format: SourceFormat) {
        self.path = path
        self.format = format
    }

    /// The preview as JSON: path, format, counts, notes, mappings, the first records and quarantine entries.
    public var json: JSONValue {
        var object = JSONObject()
        object["path"] = .string(path)
        object["format"] = .string(format.rawValue)
        object["records"] = .number(Double(records))
        object["errors"] = .number(Double(errors))
        object["notes"] = .array(notes.map(JSONValue.string))
        object["preview"] = .array(examples.map(\.json))
        object["mappings"] = .array(mappings.map { .array($0.map(JSONValue.string)) })
        object["preview_errors"] = .array(failures.map { .string($0.description) })
        return .object(object)
    }
}

/// Progress of one file's import, reported a few times a second.
public struct ImportProgress: Sendable {
    /// The file.
    public var path: String
    /// Records handled so far in this pass.
    public var records: Int
    /// Bytes read so far.
    public var bytesRead: UInt64
    /// The file's size.
    public var totalBytes: UInt64
    /// Seconds since the file's import started.
    public var elapsed: Double
    /// What is being counted when it is not the file's records as they are stored: `Parquet rows read` while a
    /// Parquet (or Arrow) file's rows are read into the copy they are imported from (``records`` and ``bytesRead`` are rows
    /// then, ``totalBytes`` the file's rows).
    public var stage: String?
    /// Which of the run's files this is (from 1), and how many the run reads: a folder of thousands of small files
    /// shows its progress by files, each too short to show its own.
    public var fileNumber = 1
    /// The files the run reads.
    public var fileCount = 1
    /// Seconds since the run started.
    public var runElapsed: Double = 0
    /// Examples the run's earlier files stored.
    public var importedBefore = 0

    /// Progress.
    public init(
        path: String, records: Int, bytesRead: UInt64, totalBytes: UInt64, elapsed: Double, stage: String? = nil
    ) {
        self.path = path
        self.records = records
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.elapsed = elapsed
        self.stage = stage
        runElapsed = elapsed
    }
}

/// Imports files into the store in batches, one transaction per batch, resuming interrupted passes.
///
/// JSONL, CSV and JSON documents are parsed on several threads: this thread cuts the file into chunks of whole records,
/// worker threads parse them and prepare each record for the store (mapping, content hash, JSON texts), and the
/// records come back in file order to be batched for the writer, which commits on a thread of its own.
public struct ImportService: Sendable {
    /// Records per committed batch.
    public var batchSize: Int
    /// Threads parsing chunks of one file.
    public var workers: Int
    /// Files of a run up to this size are read whole on worker threads a few files ahead (``FileRead``); 0 reads
    /// every file in its turn.
    public var readAheadBytes = 1 << 20

    /// A service committing `batchSize` records at a time (`$WINNOW_IMPORT_BATCH_SIZE` overrides the default), with
    /// `workers` parsing threads (`$WINNOW_IMPORT_WORKERS` overrides the default: one per processor).
    public init(batchSize: Int? = nil, workers: Int? = nil) {
        let environment = ProcessInfo.processInfo.environment
        self.batchSize = max(1, batchSize ?? environment["WINNOW_IMPORT_BATCH_SIZE"].flatMap(Int.init) ?? 5000)
        self.workers = max(
            1,
            workers ?? environment["WINNOW_IMPORT_WORKERS"].flatMap(Int.init)
                ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Works out a file's format: the forced one, else from its name and first bytes.
    public static func format(of url: URL, forced: SourceFormat?) throws -> SourceFormat {
        try SourceFile(url: url).format(forced: forced)
    }

    /// Imports every path into `store`, a folder as the files under it (``ImportPaths``). Bad records inside a file
    /// are quarantined and the run goes on. A file that cannot be read at all (a CSV whose header row is broken, a
    /// damaged workbook or Parquet file) stops a run of that one file with its error; among several files it is
    /// quarantined whole with that error, as one entry, and the run goes on. Options that do not fit a file stop the
    /// run either way.
    ///
    /// The run is recorded as an `import` run with `parameters` (the command's options), and each file's counts as
    /// its summary, so that earlier attempts stay on record when a new one supersedes their quarantine entries.
    public func run(
        paths: [String], options: ImportOptions, store: Store, parameters: JSONObject = JSONObject(),
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) throws -> ImportReport {
        var recorded = parameters
        recorded["paths"] = .array(paths.map(JSONValue.string))
        let runID = try store.startRun(command: "import", parameters: recorded)
        let lastBefore = try store.lastExampleID()
        var report = ImportReport()
        var options = options
        // Before the first file: the folders walked, the mail files' headers read (seconds for tens of thousands).
        let shownPaths = paths.count == 1 ? paths[0] : "\(paths.count) paths"
        var current = (stage: "", started: Date())
        var lastStage = Date()
        func stage(_ what: String, done: Int, of total: Int) {
            let now = Date()
            if current.stage != what { current = (what, now) }
            guard let progress, now.timeIntervalSince(lastStage) > 0.25 else { return }
            lastStage = now
            progress(
                ImportProgress(
                    path: shownPaths, records: done, bytesRead: UInt64(done), totalBytes: UInt64(total),
                    elapsed: now.timeIntervalSince(current.started), stage: what))
        }
        do {
            let expanded = try ImportPaths.expand(paths, forced: options.format, store: store.path) {
                stage("files found", done: $0, of: 0)
            }
            defer { expanded.removeArchives() }
            options.archives = expanded.archives
            report.leftOut = expanded.leftOut
            report.hiddenLeftOut = expanded.hidden
            let mail = try ImportService.mailFileGroup(paths: expanded.files, options: options) {
                stage("mail files' headers read", done: $0, of: $1)
            }
            defer { for copy in mail.unpacked { copy.remove() } }
            options.mailFiles = mail.group
            // A day file named on its own belongs to the export two folders up.
            var slackRoots = expanded.slackExports
            for path in expanded.files where SlackExport.isDayFile((path as NSString).lastPathComponent) {
                let root = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
                let folder = root.isEmpty ? "." : root
                if !slackRoots.contains(folder), SlackExport.isExport(folder: folder) { slackRoots.append(folder) }
            }
            options.slackExports = try slackRoots.map { try SlackExport.read(folder: $0) }
            // One checkpointer for the run's files: each file's last batch is copied in with the next file's.
            let checkpointer = try BackgroundCheckpointer(store: store)
            defer { try? checkpointer?.finish() }
            let runStarted = Date()
            var lastFileProgress = runStarted
            var importedSoFar = 0
            // Small files are read on worker threads a few files ahead while this thread stores the files before
            // them (a folder of thousands of one-message files spends as long reading each as storing it).
            let readingAhead = OrderedWorkQueue<Result<FileRead, any Error>?>(workers: workers)
            defer { readingAhead.close() }
            var submitted = 0
            let runOptions = options
            for (index, path) in expanded.files.enumerated() {
                let label = options.labelsFromFolders ? expanded.folderLabels[path] : nil
                while expanded.files.count > 1, readAheadBytes > 0, submitted < expanded.files.count,
                    submitted <= index || readingAhead.pending < 2 * workers
                {
                    let ahead = expanded.files[submitted]
                    let aheadLabel = options.labelsFromFolders ? expanded.folderLabels[ahead] : nil
                    readingAhead.submit { [self] in
                        readAhead(location: ahead, options: runOptions, folderLabel: aheadLabel)
                    }
                    submitted += 1
                }
                let read = expanded.files.count > 1 && readAheadBytes > 0 ? readingAhead.next() ?? nil : nil
                // Each file's progress says where the run is; a new file is shown a few times a second.
                let importedBefore = importedSoFar
                let filesBefore = report.files.count
                defer { importedSoFar += report.files.dropFirst(filesBefore).reduce(0) { $0 + $1.imported } }
                let fileProgress = progress.map { report in
                    { @Sendable (step: ImportProgress) in
                        var step = step
                        step.fileNumber = index + 1
                        step.fileCount = expanded.files.count
                        step.runElapsed = Date().timeIntervalSince(runStarted)
                        step.importedBefore = importedBefore
                        report(step)
                    }
                }
                if let fileProgress, expanded.files.count > 1, Date().timeIntervalSince(lastFileProgress) > 0.25 {
                    lastFileProgress = Date()
                    fileProgress(
                        ImportProgress(
                            path: ArchiveCopy.show(path, in: options.archives), records: 0, bytesRead: 0,
                            totalBytes: 0, elapsed: 0))
                }
                do {
                    report.files.append(
                        try importFile(
                            path: path, options: options, folderLabel: label, store: store,
                            checkpointer: checkpointer, progress: fileProgress, readAhead: read))
                } catch let error as ImportError where expanded.files.count > 1 && error.isTheFile {
                    // One file of several that cannot be read is quarantined whole, or left out when what it is
                    // cannot be told (plain text, a file of no format Winnow reads); the others are imported.
                    if let quarantined = try quarantine(path: path, error: error, options: options, store: store) {
                        report.files.append(quarantined)
                    } else {
                        report.leftOut.append(
                            ImportPaths.LeftOut(
                                path: ArchiveCopy.show(path, in: options.archives), reason: error.withinFile))
                    }
                }
            }
            try checkpointer?.finish()
            // Versions to settle only when a ticket id came twice in this run, the store held ticket ids before it
            // or an interrupted pass is resumed: a first import of unique tickets reads nothing more.
            var ticketHashes = report.files.flatMap(\.ticketHashes)
            defer {
                for index in report.files.indices {
                    report.files[index].ticketHashes = []
                    report.files[index].resumedFrom = nil
                }
            }
            let resumed = report.files.compactMap(\.resumedFrom).map { $0 - 1 }
            if !options.keepEarlierVersions, !ticketHashes.isEmpty || !resumed.isEmpty,
                try !resumed.isEmpty || TicketHash.repeats(&ticketHashes) || store.hasTicketIDs(through: lastBefore)
            {
                let versions = try TicketVersions.settle(store: store, after: min(lastBefore, resumed.min() ?? .max))
                report.superseded = versions.superseded
                report.carriedLabels = versions.carriedLabels
                report.unsettledTickets = versions.unread
            }
        } catch {
            var summary = report.json.objectValue ?? JSONObject()
            summary["error"] = .string("\(error)")
            try? store.finishRun(runID, summary: summary, status: "failed")
            throw error
        }
        var summary = report.json.objectValue ?? JSONObject()
        // The skipped records are listed in the store's import_skips; the run keeps the counts.
        if case .array(let files)? = summary["files"] {
            summary["files"] = .array(
                files.map { file in
                    guard var object = file.objectValue else { return file }
                    object["skipped"] = nil
                    return .object(object)
                })
        }
        // So are the superseded versions and carried labels, as decisions by `import`.
        summary["superseded"] = .number(Double(report.superseded.count))
        summary["carried_labels"] = .number(Double(report.carriedLabels.count))
        summary["unsettled_ticket_ids"] = .number(Double(report.unsettledTickets.count))
        try store.finishRun(runID, summary: summary)
        return report
    }

    /// The mail files among `paths` (`.eml`, `.msg` and other one-message files, and mbox files, gzip-compressed
    /// too) threaded together, when there are two or more, and the unpacked copies of the compressed ones, which the
    /// caller removes once the import is done.
    public static func mailFileGroup(
        paths: [String], options: ImportOptions, progress: ((_ read: Int, _ files: Int) -> Void)? = nil
    ) throws -> (group: MailFileGroup?, unpacked: [GzipCopy]) {
        var files: [(url: URL, displayPath: String)] = []
        var unpacked: [GzipCopy] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            let shown = ArchiveCopy.show(path, in: options.archives)
            // A file whose format cannot be told fails in its turn, after the files before it; so does a gzip file
            // that cannot be unpacked.
            guard let file = try? SourceFile(url: url, displayPath: shown) else { continue }
            if GzipCopy.isGzip(file.prefix) {
                let inner = SourceFormat.detect(
                    path: GzipCopy.innerName(path: shown, prefix: file.prefix),
                    prefix: GzipCopy.innerPrefix(url: url) ?? [])
                guard [.eml, .mbox].contains(options.format ?? inner), let copy = try? GzipCopy(of: file) else {
                    continue
                }
                unpacked.append(copy)
                files.append((copy.file.url, shown))
                continue
            }
            guard let format = try? file.format(forced: options.format), [.eml, .mbox].contains(format) else {
                continue
            }
            files.append((url, shown))
        }
        guard files.count > 1 else {
            for copy in unpacked { copy.remove() }
            return (nil, [])
        }
        do {
            let group = try MailFileGroup.read(
                files, forced: options.format, keepDiscarded: options.keepDiscardedMail,
                inferOwner: !options.mailRoles.isNamed, progress: progress)
            return (group, unpacked)
        } catch {
            for copy in unpacked { copy.remove() }
            throw error
        }
    }

    /// Reads `path` without writing or hashing it: the mappings, the first records and quarantine entries, for
    /// `--dry-run`.
    public func preview(path location: String, options: ImportOptions, limit: Int = 5) throws -> ImportPreview {
        // A file unpacked from an archive is named under the archive's path.
        let path = ArchiveCopy.show(location, in: options.archives)
        let given = try SourceFile(url: URL(fileURLWithPath: location), displayPath: path)
        // A gzip file is read through an unpacked copy of what it holds.
        let gunzipped = GzipCopy.isGzip(given.prefix) ? try GzipCopy(of: given) : nil
        defer { gunzipped?.remove() }
        let original = gunzipped?.file ?? given
        let sourceFormat = try original.format(forced: options.format)
        var preview = ImportPreview(path: path, format: sourceFormat)
        if let gunzipped { preview.notes.append(gunzipped.note) }
        // A Parquet or Arrow file is read through a JSON Lines copy of its rows.
        let parquet =
            [.parquet, .arrow].contains(sourceFormat) ? try ParquetCopy(of: original, format: sourceFormat) : nil
        defer { parquet?.remove() }
        let file = parquet?.file ?? original
        let format = parquet == nil ? sourceFormat : .jsonl
        preview.notes += parquet?.notes ?? []
        let (options, notes, contentNote) = ImportDetection.prepare(file, format: format, options: options)
        preview.notes += notes
        let importer = try ImporterRegistry.importer(
            for: format, options: options, workers: workers, file: file, location: location)
        var opened = try importer.open(file, options: options)
        if parquet != nil { ParquetCopy.placeRows(of: &opened) }
        defer { opened.close() }
        try opened.read { event in
            switch event {
            case .record(let draft):
                preview.records += 1
                if preview.examples.count < limit { preview.examples.append(draft) }
                if let ticket = draft.ticketID { preview.ticketIDs.insert(ticket) }
            case .failure(let failure):
                preview.records += 1
                preview.errors += 1
                if preview.failures.count < limit { preview.failures.append(failure) }
            case .note(let note): preview.notes.append(note)
            case .mapping(let mapping):
                if preview.mappings.count < 5 { preview.mappings.append(mapping.summary) }
            case .progress: break
            }
        }
        if let damage = gunzipped?.damage {
            preview.records += 1
            preview.errors += 1
            if preview.failures.count < limit {
                preview.failures.append(RecordFailure(kind: .unreadableFile, file: path, message: damage))
            }
        }
        if let contentNote { preview.notes.append(contentNote) }
        return preview
    }

    /// The format `given` is stored under (a gzip file's by what it holds), or nil when it cannot be told.
    public static func format(of given: SourceFile, forced: SourceFormat?) -> SourceFormat? {
        if let format = try? given.format(forced: forced) { return format }
        guard GzipCopy.isGzip(given.prefix) else { return nil }
        let inner = GzipCopy.innerName(path: given.displayPath, prefix: given.prefix)
        return SourceFormat.detect(path: inner, prefix: GzipCopy.innerPrefix(url: given.url) ?? [])
    }

    /// Records the file at `path`, which could not be read (`error`), as a source whose one quarantine entry is that
    /// error; nil when its format cannot be told (no source is stored: it is left out). A file whose bytes cannot be
    /// read throws `error` itself.
    private func quarantine(path location: String, error: ImportError, options: ImportOptions, store: Store) throws
        -> FileImportReport?
    {
        let path = ArchiveCopy.show(location, in: options.archives)
        guard let given = try? SourceFile(url: URL(fileURLWithPath: location), displayPath: path, wantsDigest: true),
            let digest = try? given.digest()
        else { throw error }
        guard let format = ImportService.format(of: given, forced: options.format) else { return nil }
        let source = try store.registerSource(
            path: path, absolutePath: URL(fileURLWithPath: path).standardizedFileURL.path, sha256: digest.sha256,
            format: format, size: Int64(digest.size))
        let failure = RecordFailure(
            kind: error.kind, file: path, locator: error.locator, column: error.column,
            message: "the file cannot be read, so none of it is imported: \(error.message)", snippet: error.snippet)
        let writer = BatchWriter(
            store: store, source: source, identity: ImportIdentity(skipDuplicateText: false, storedRecords: [:]),
            checkpointer: nil)
        // Records committed before the file broke off stay; the entry comes after them.
        var batches = BatchCollector(writer: writer, batchSize: 1, resumeAfter: source.recordsDone)
        batches.skip(source.recordsDone)
        try batches.add(failure)
        try batches.flush()
        let outcome = try writer.finish()
        var report = FileImportReport(path: path, format: format, sha256: digest.sha256)
        report.unread = error.withinFile
        if source.recordsDone > 0 {
            report.notes.append(
                "\(path): the \(source.recordsDone) records read before the file broke off are kept as they were read")
        }
        try store.completeSource(source, notes: report.notes)
        report.records = 1
        report.imported = outcome.imported
        report.errors = 1
        return report
    }

    /// A file opened for import, before anything of it is stored: its identity, the notes that come before its
    /// records, and its records to read.
    private struct OpenedImport {
        /// The file as the store and messages name it (under an archive's path).
        var path: String
        /// The source's format (of the file itself: a gzip file's content's, a Parquet file's).
        var sourceFormat: SourceFormat
        /// The format its records are read in (JSON Lines for a Parquet file's copy).
        var format: SourceFormat
        /// The options as detection left them.
        var options: ImportOptions
        var digest: FileDigest
        var part: String?
        /// What progress counts bytes of.
        var totalBytes: UInt64
        /// The notes before its records'.
        var notes: [String]
        var opened: OpenedFile
        /// A gzip file's unpacked copy (its `damage`: past where nothing could be unpacked).
        var gunzipped: GzipCopy?
        var parquet: ParquetCopy?

        /// Lets go of the file and the copies it was read through.
        func close() {
            opened.close()
            parquet?.remove()
            gunzipped?.remove()
        }
    }

    /// A small file read whole on a worker thread while the files before it are stored: what the store needs.
    private struct FileRead: Sendable {
        var path: String
        var sourceFormat: SourceFormat
        var digest: FileDigest
        var part: String?
        /// Its notes, its records' included.
        var notes: [String]
        /// Its records, in file order.
        var items: [PreparedChunk.Item]
        /// Why reading stopped before the end (the records before it are stored, as when read in turn).
        var error: (any Error)?
    }

    /// `location` read whole for import, on the calling thread: nil when it is not read ahead (larger than
    /// ``readAheadBytes``, a Parquet or Arrow file, or compressed: read in its turn, its records streamed to the
    /// store); an error opening it is thrown in its turn.
    private func readAhead(
        location: String, options: ImportOptions, folderLabel: String?
    ) -> Result<FileRead, any Error>? {
        guard let size = FileBytes.size(path: location), size <= readAheadBytes else { return nil }
        let file: OpenedImport
        do {
            // The file's first bytes, read once for this check and the import.
            guard
                let given = try? SourceFile(
                    url: URL(fileURLWithPath: location), displayPath: ArchiveCopy.show(location, in: options.archives),
                    wantsDigest: true),
                !GzipCopy.isGzip(given.prefix), let format = try? given.format(forced: options.format),
                ![.parquet, .arrow].contains(format)
            else { return nil }
            file = try openImport(location: location, given: given, options: options, progress: nil)
        } catch {
            return .failure(error)
        }
        defer { file.close() }
        var read = FileRead(
            path: file.path, sourceFormat: file.sourceFormat, digest: file.digest, part: file.part, notes: file.notes,
            items: [])
        do {
            try readRecords(
                file, folderLabel: folderLabel, notes: &read.notes, emit: { read.items.append($0) }, progress: { _ in })
        } catch {
            read.error = error
        }
        return .success(read)
    }

    /// Opens `location` for import: unpacks a gzip file, copies a Parquet or Arrow file's rows, detects what the
    /// records hold, opens them and works out the file's digest. `given` is the file with its first bytes, when
    /// they were read already.
    private func openImport(
        location: String, given: SourceFile? = nil, options: ImportOptions,
        progress: (@Sendable (ImportProgress) -> Void)?
    ) throws -> OpenedImport {
        // A file unpacked from an archive is named, in errors, notes and the store, under the archive's path.
        let path = ArchiveCopy.show(location, in: options.archives)
        let given = try given ?? SourceFile(url: URL(fileURLWithPath: location), displayPath: path, wantsDigest: true)
        // A gzip file is read through an unpacked copy of what it holds; the source is the compressed file itself, by
        // its own bytes.
        let gunzipped = GzipCopy.isGzip(given.prefix) ? try GzipCopy(of: given) : nil
        var handedOver = false
        defer { if !handedOver { gunzipped?.remove() } }
        let original = gunzipped?.file ?? given
        let sourceFormat = try original.format(forced: options.format)
        // A Parquet or Arrow file is read through a JSON Lines copy of its rows, which is what records are detected
        // in; the source is the file itself, by its own bytes.
        let copyStarted = Date()
        var lastCopyProgress = copyStarted
        let parquet =
            [.parquet, .arrow].contains(sourceFormat)
            ? try ParquetCopy(of: original, format: sourceFormat) { rows, total in
                let now = Date()
                guard let progress, now.timeIntervalSince(lastCopyProgress) > 0.25 else { return }
                lastCopyProgress = now
                progress(
                    ImportProgress(
                        path: path, records: rows, bytesRead: UInt64(rows), totalBytes: UInt64(total),
                        elapsed: now.timeIntervalSince(copyStarted),
                        stage: sourceFormat == .arrow ? "Arrow rows read" : "Parquet rows read"))
            } : nil
        defer { if !handedOver { parquet?.remove() } }
        let file = parquet?.file ?? original
        let format = parquet == nil ? sourceFormat : .jsonl
        // A Slack export's day files are threads of their own kind.
        let (options, detectedNotes, contentNote) = ImportDetection.prepare(
            file, format: format, options: options,
            conversationsKnown: options.slackExports.contains { $0.holds(location) }
        )
        let importer = try ImporterRegistry.importer(
            for: format, options: options, workers: workers, file: file, location: location)
        // Opening reads what the records need first; when that reads every byte (CSV's encoding check, a page or a
        // message read whole) it works out the file's sha256, the source's identity, in the same pass.
        var opened = try importer.open(file, options: options)
        if parquet != nil { ParquetCopy.placeRows(of: &opened) }
        let digest: FileDigest
        do {
            digest = try (gunzipped == nil ? opened.digest : nil) ?? given.digest()
        } catch {
            opened.close()
            throw error
        }
        var notes = (gunzipped.map { [$0.note] } ?? []) + (parquet?.notes ?? []) + detectedNotes
        if let tickets = options.tickets, options.conversations == nil {
            notes.append(
                "\(path): records are not read as messages of conversations, so no ticket of"
                    + " \(tickets.displayPath) is joined to them (--conversation-by FIELD reads them so)")
        }
        if !options.mapping.explicit.isEmpty, [.rasa, .fasttext, .transcript].contains(format) {
            // Their records are written one way, with no fields to name.
            notes.append(
                "\(path): --map does not apply to a \(format.rawValue) file, whose examples are read as the format"
                    + " writes them")
        }
        for case .note(let note) in opened.preamble { notes.append(note) }
        if let contentNote { notes.append(contentNote) }
        handedOver = true
        return OpenedImport(
            path: path, sourceFormat: sourceFormat, format: format, options: options, digest: digest,
            part: opened.part, totalBytes: parquet?.size ?? gunzipped?.size ?? digest.size, notes: notes,
            opened: opened, gunzipped: gunzipped, parquet: parquet)
    }

    /// Reads `file`'s records in file order, each made ready to store and handed to `emit`; what they say is
    /// added to `notes` (which holds the file's notes so far). `progress` hears how far into the file it is.
    private func readRecords(
        _ file: OpenedImport, folderLabel: String?, notes: inout [String],
        emit: (PreparedChunk.Item) throws -> Void, progress: (UInt64) -> Void
    ) throws {
        let path = file.path
        let options = file.options
        // Texts not cleaned as mail, where mail may have been pasted in, are looked at for quoted history.
        let looksForHistory =
            options.cleanReplies == nil && options.mailRows == nil
            && [.csv, .jsonl, .json, .xlsx].contains(file.format)
        var history = QuotedHistorySample()
        switch file.opened.records {
        case .chunks(var chunks):
            let parser = chunks.parser
            let sorted = options.labelsFromFolders
            var recordNotes = 0
            var notesLeftOut = 0
            defer {
                if notesLeftOut > 0 { notes.append("\(path): \(notesLeftOut) more notes on records left out") }
            }
            try chunks.forEachChunk(
                workers: workers,
                {
                    PreparedChunk(
                        $0, parser: parser, file: path, folderLabel: folderLabel, sorted: sorted,
                        looksForHistory: looksForHistory)
                }
            ) {
                chunk in
                history.add(chunk.history)
                // What records said, once each, the first few of a file.
                for note in chunk.notes where !notes.contains(note) {
                    if recordNotes < PreparedChunk.noteLimit {
                        notes.append(note)
                        recordNotes += 1
                    } else {
                        notesLeftOut += 1
                    }
                }
                for item in chunk.items { try emit(item) }
                progress(chunk.bytesRead)
            }
        case .stream(let stream):
            try stream.read { event in
                switch event {
                case .record(let draft):
                    if looksForHistory, history.looked < 8 * QuotedHistorySample.perChunk { history.look(at: draft) }
                    switch draft.labelled(folderLabel, sorted: options.labelsFromFolders).storable(file: path) {
                    case .success(let draft): try emit(.example(PreparedExample(draft)))
                    case .failure(let failure): try emit(.failure(failure))
                    }
                case .failure(let failure): try emit(.failure(failure))
                case .note(let note): notes.append(note)
                case .mapping: break
                case .progress(let bytesRead): progress(bytesRead)
                }
            }
        }
        if let damage = file.gunzipped?.damage {
            try emit(.failure(RecordFailure(kind: .unreadableFile, file: path, message: damage)))
        }
        if let note = history.note(path: path) { notes.append(note) }
    }

    /// Imports the file at `location`: read in its turn, its records streamed to the store, or from what
    /// `readAhead` read of it on a worker thread.
    private func importFile(
        path location: String, options: ImportOptions, folderLabel: String? = nil, store: Store,
        checkpointer: BackgroundCheckpointer?, progress: (@Sendable (ImportProgress) -> Void)?,
        readAhead: Result<FileRead, any Error>? = nil
    ) throws -> FileImportReport {
        let ahead = try readAhead?.get()
        let file = ahead == nil ? try openImport(location: location, options: options, progress: progress) : nil
        defer { file?.close() }
        guard let path = ahead?.path ?? file?.path, let sourceFormat = ahead?.sourceFormat ?? file?.sourceFormat,
            let digest = ahead?.digest ?? file?.digest
        else { preconditionFailure("a file is read ahead or opened") }
        let source = try store.registerSource(
            path: path, absolutePath: URL(fileURLWithPath: path).standardizedFileURL.path, sha256: digest.sha256,
            format: sourceFormat, size: Int64(digest.size), part: ahead?.part ?? file?.part)
        var report = FileImportReport(path: path, format: sourceFormat, sha256: digest.sha256)
        report.resumedAfter = source.recordsDone
        // The examples an interrupted pass stored are this run's too when its versions are settled.
        if source.recordsDone > 0 { report.resumedFrom = try store.firstExampleID(source: source.id) }
        // A mail file threaded with others may read differently than when it was imported alone: its records are
        // compared with what is stored at their places.
        let threadedWithOthers = options.mailFiles?.contains(path) == true
        let identity = ImportIdentity(
            skipDuplicateText: options.skipDuplicateText,
            storedRecords: source.hasEarlierPass ? try store.storedRecords(of: source) : [:],
            storedHashes: source.hasEarlierPass && threadedWithOthers ? try store.storedHashes(of: source) : [:])

        let writer = BatchWriter(store: store, source: source, identity: identity, checkpointer: checkpointer)
        // A file that breaks off with an error leaves no batch still being written behind it.
        var finished = false
        defer { if !finished { _ = try? writer.finish() } }
        var batches = BatchCollector(writer: writer, batchSize: batchSize, resumeAfter: source.recordsDone)
        if let ahead {
            report.notes = ahead.notes
            for item in ahead.items { try batches.add(item) }
            if let error = ahead.error { throw error }
        } else if let file {
            report.notes = file.notes
            let started = Date()
            var lastProgress = started
            try readRecords(
                file, folderLabel: folderLabel, notes: &report.notes, emit: { try batches.add($0) },
                progress: { bytesRead in
                    let now = Date()
                    guard let progress, now.timeIntervalSince(lastProgress) > 0.25 else { return }
                    lastProgress = now
                    progress(
                        ImportProgress(
                            path: path, records: batches.position, bytesRead: bytesRead, totalBytes: file.totalBytes,
                            elapsed: now.timeIntervalSince(started)))
                })
        }
        try batches.flush()
        let outcome = try writer.finish()
        finished = true
        try store.completeSource(source, notes: report.notes)
        report.records = max(0, batches.position - source.recordsDone)
        report.imported = outcome.imported
        report.skippedDuplicates = outcome.duplicates
        report.alreadyImported = outcome.alreadyImported
        report.revised = outcome.revised
        report.skipped = outcome.skipped
        report.equalText = outcome.equalText
        report.errors = report.records - outcome.imported - outcome.duplicates
        report.ticketHashes = batches.ticketHashes
        return report
    }
}

/// A chunk's records made ready to store, on a worker thread: each draft hashed and packed for the insert.
struct PreparedChunk: Sendable {
    /// One record of the chunk.
    enum Item: Sendable {
        case example(PreparedExample)
        case failure(RecordFailure)
    }

    /// The chunk's records in file order.
    var items: [Item] = []
    /// What its records said (a record's speakers taken for its sides, the records an object holds by their ids).
    var notes: [String] = []
    /// Bytes of the file read when the chunk was cut.
    var bytesRead: UInt64
    /// Notes of records kept in a file's report; the others are counted.
    static let noteLimit = 10

    /// What the chunk's first records showed of quoted e-mail history, when looked for.
    var history = QuotedHistorySample()

    /// Parses `chunk` of `file` with `parser` and prepares its records (those naming no label take `folderLabel`,
    /// see ``ExampleDraft/labelled(_:sorted:)``, and each is made storable, ``ExampleDraft/storable(file:)``); with
    /// `looksForHistory`, its first records are looked at for quoted e-mail history (``QuotedHistorySample``).
    init(
        _ chunk: RecordChunk, parser: any ChunkParser, file: String, folderLabel: String? = nil, sorted: Bool = false,
        looksForHistory: Bool = false
    ) {
        bytesRead = chunk.bytesRead
        items.reserveCapacity(chunk.count)
        var history = QuotedHistorySample()
        defer { self.history = history }
        parser.parse(chunk) { event in
            switch event {
            case .record(let draft):
                if looksForHistory, history.looked < QuotedHistorySample.perChunk { history.look(at: draft) }
                switch draft.labelled(folderLabel, sorted: sorted).storable(file: file) {
                case .success(let draft): items.append(.example(PreparedExample(draft)))
                case .failure(let failure): items.append(.failure(failure))
                }
            case .failure(let error): items.append(.failure(error))
            case .note(let note): notes.append(note)
            case .mapping, .progress: break
            }
        }
    }
}

/// Gathers a file's records, in file order, into batches for the writer; the records an interrupted earlier pass
/// committed are counted and skipped.
private struct BatchCollector {
    let writer: BatchWriter
    let batchSize: Int
    /// Records committed by an earlier pass.
    let resumeAfter: Int
    /// Records of the file seen so far.
    private(set) var position = 0
    private var examples: [PreparedExample] = []
    private var failures: [RecordFailure] = []
    /// The ``TicketHash`` of each record's ticket id, for telling whether the run must settle ticket versions.
    private(set) var ticketHashes: [UInt64] = []

    init(writer: BatchWriter, batchSize: Int, resumeAfter: Int) {
        self.writer = writer
        self.batchSize = batchSize
        self.resumeAfter = resumeAfter
        examples.reserveCapacity(batchSize)
    }

    mutating func add(_ example: PreparedExample) throws {
        position += 1
        guard position > resumeAfter else { return }
        if let hash = example.ticketHash { ticketHashes.append(hash) }
        examples.append(example)
        try flushIfFull()
    }

    mutating func add(_ item: PreparedChunk.Item) throws {
        switch item {
        case .example(let example): try add(example)
        case .failure(let failure): try add(failure)
        }
    }

    mutating func add(_ failure: RecordFailure) throws {
        position += 1
        guard position > resumeAfter else { return }
        failures.append(failure)
        try flushIfFull()
    }

    /// Counts `count` records as seen without handing them on (committed by an earlier pass over the file).
    mutating func skip(_ count: Int) { position += count }

    /// Hands the records gathered so far to the writer, with the position they bring the source's progress to.
    mutating func flush() throws {
        try writer.submit(examples: examples, failures: failures, recordsDone: position)
        examples.removeAll(keepingCapacity: true)
        failures.removeAll(keepingCapacity: true)
    }

    private mutating func flushIfFull() throws {
        if examples.count + failures.count >= batchSize { try flush() }
    }
}

extension ExampleDraft {
    /// The draft as the store keeps it, its text fields without NUL characters (a store's text column is read back
    /// only up to one: what followed would be lost): binary debris in a mail body, a transcript or a cell. A draft
    /// whose input is nothing else is no example: its quarantine entry, naming `file` and its place there.
    func storable(file: String) -> Result<ExampleDraft, RecordFailure> {
        func holdsNUL(_ text: String?) -> Bool {
            guard var text else { return false }
            return text.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }
        }
        guard holdsNUL(input) || holdsNUL(response) || holdsNUL(label) || holdsNUL(trainingPoint) || holdsNUL(ticketID)
        else { return .success(self) }
        func cleaned(_ text: String) -> String {
            text.replacingOccurrences(of: "\u{0}", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var draft = self
        draft.input = cleaned(input)
        draft.response = response.map(cleaned)
        draft.label = label.map(cleaned)
        draft.trainingPoint = trainingPoint.map(cleaned)
        draft.ticketID = ticketID.map(cleaned)
        guard !draft.input.isEmpty else {
            return .failure(
                RecordFailure(
                    kind: .noInput, file: file, locator: locator,
                    message: "no input text: it holds only NUL characters (binary data, not text)"))
        }
        return .success(draft)
    }

    /// The draft labelled as its mailbox sorted it, when it names no label itself and `sorted` (`--label-from-folder`)
    /// asks for it: by `folder`, the sub-folder its file is in, else by the one label a person gave its thread in
    /// Gmail (`gmail_labels` less the system labels; none when there are several).
    func labelled(_ folder: String?, sorted: Bool) -> ExampleDraft {
        guard sorted, label == nil else { return self }
        var draft = self
        if let folder, !folder.isEmpty {
            draft.label = folder
            draft.metadata["label_from_folder"] = .bool(true)
        } else if case .array(let values)? = metadata["gmail_labels"] {
            let user = GmailLabels(labels: values.compactMap(\.scalarText)).userLabels
            guard user.count == 1 else { return self }
            draft.label = user[0]
            draft.metadata["label_from_folder"] = .bool(true)
        }
        return draft
    }
}
