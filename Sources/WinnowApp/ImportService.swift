import Foundation
import WinnowCore
import WinnowImport
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
    /// The mapping used (first records' keys), for `--dry-run`.
    public var preview: [ExampleDraft] = []
    /// The field mappings decided while reading, as `field <- sources` lines, for `--dry-run`.
    public var mappings: [[String]] = []
    /// Quarantine entries seen in a dry run.
    public var previewErrors: [ImportError] = []

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
        object["equal_text_imported"] = .number(Double(equalText))
        object["skipped"] = .array(
            skipped.map { record in
                [
                    "source": .string(path), "locator": .string(record.locator),
                    "reason": .string(record.reason.rawValue), "duplicate_of": .number(Double(record.duplicateOf)),
                ]
            })
        object["errors"] = .number(Double(errors))
        if resumedAfter > 0 { object["resumed_after"] = .number(Double(resumedAfter)) }
        object["notes"] = .array(notes.map(JSONValue.string))
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

    /// `{"imported":N,"skipped_duplicates":N,"errors":N,"files":[...]}`.
    public var json: JSONValue {
        [
            "imported": .number(Double(imported)), "skipped_duplicates": .number(Double(skippedDuplicates)),
            "errors": .number(Double(errors)), "files": .array(files.map(\.json)),
        ]
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
}

/// Imports files into the store in batches, one transaction per batch, resuming interrupted passes.
///
/// JSONL and CSV files are parsed on several threads: this thread cuts the file into chunks of whole records,
/// worker threads parse them and prepare each record for the store (mapping, content hash, JSON texts), and the
/// records come back in file order to be batched for the writer, which commits on a thread of its own.
public struct ImportService: Sendable {
    /// Records per committed batch.
    public var batchSize: Int
    /// Threads parsing chunks of one file.
    public var workers: Int

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
        if let forced { return forced }
        let prefix: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            // Enough to tell a JSON document from JSON Lines whose first line is long.
            prefix = [UInt8](try handle.read(upToCount: 64 * 1024) ?? Data())
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: url.path, message: "cannot open: \(error.localizedDescription)")
        }
        guard let format = SourceFormat.detect(path: url.path, prefix: prefix) else {
            throw ImportError(
                kind: .unreadableFile, file: url.path,
                message:
                    "cannot tell the format from the name or the content; pass --format with one of "
                    + SourceFormat.names)
        }
        return format
    }

    /// sha256 of a file's bytes, read in chunks.
    public static func fileDigest(_ url: URL) throws -> (sha256: String, size: UInt64) {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hasher = SHA256()
            var size: UInt64 = 0
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                size += UInt64(data.count)
                data.withUnsafeBytes { hasher.update($0) }
            }
            return (hasher.finalize().hexString, size)
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: url.path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// Imports every path into `store`. A file that cannot be read at all stops the run with its error; bad records
    /// inside a file are quarantined and the run goes on.
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
        var report = ImportReport()
        var options = options
        do {
            options.mailFiles = try ImportService.mailFileGroup(paths: paths, options: options)
            for path in paths {
                report.files.append(try importFile(path: path, options: options, store: store, progress: progress))
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
        try store.finishRun(runID, summary: summary)
        return report
    }

    /// The `.eml` files among `paths` threaded together, when there are two or more.
    static func mailFileGroup(paths: [String], options: ImportOptions) throws -> MailFileGroup? {
        var files: [(url: URL, displayPath: String)] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            // A file whose format cannot be told fails in its turn, after the files before it.
            guard (try? format(of: url, forced: options.format)) == .eml else { continue }
            files.append((url, path))
        }
        return files.count > 1 ? try MailFileGroup.read(files) : nil
    }

    /// Reads `path` without writing: the mapping and the first records, for `--dry-run`.
    public func preview(path: String, options: ImportOptions, limit: Int = 5) throws -> FileImportReport {
        let url = URL(fileURLWithPath: path)
        let format = try ImportService.format(of: url, forced: options.format)
        let digest = try ImportService.fileDigest(url)
        var report = FileImportReport(path: path, format: format, sha256: digest.sha256)
        let importer = try ImporterRegistry.importer(for: format, options: options, workers: workers, file: path)
        try importer.read(url, displayPath: path, options: options) { event in
            switch event {
            case .record(let draft):
                report.records += 1
                if report.preview.count < limit { report.preview.append(draft) }
            case .failure(let error):
                report.records += 1
                report.errors += 1
                if report.previewErrors.count < limit { report.previewErrors.append(error) }
            case .note(let note): report.notes.append(note)
            case .mapping(let mapping):
                if report.mappings.count < 5 { report.mappings.append(mapping.summary) }
            case .progress: break
            }
        }
        return report
    }

    private func importFile(
        path: String, options: ImportOptions, store: Store, progress: (@Sendable (ImportProgress) -> Void)?
    ) throws -> FileImportReport {
        let url = URL(fileURLWithPath: path)
        let format = try ImportService.format(of: url, forced: options.format)
        let importer = try ImporterRegistry.importer(for: format, options: options, workers: workers, file: path)
        // The file's sha256 (its identity in the store) is worked out on a thread of its own while the importer
        // opens the file, which for CSV means a pass checking its UTF-8.
        let digesting = OrderedWorkQueue<Result<(sha256: String, size: UInt64), any Error>>(workers: 1)
        digesting.submit { Result { try ImportService.fileDigest(url) } }
        let chunkedFile = try (importer as? any ChunkedImporter)?.open(url, displayPath: path, options: options)
        defer { chunkedFile?.reader.close() }
        let digest = try (digesting.next() ?? Result { try ImportService.fileDigest(url) }).get()
        let source = try store.registerSource(
            path: path, absolutePath: url.standardizedFileURL.path, sha256: digest.sha256, format: format.rawValue,
            size: Int64(digest.size))
        var report = FileImportReport(path: path, format: format, sha256: digest.sha256)
        report.resumedAfter = source.recordsDone
        let identity = ImportIdentity(
            skipDuplicateText: options.skipDuplicateText,
            storedRecords: source.hasEarlierPass ? try store.storedRecords(of: source) : [:])

        let writer = try BatchWriter(store: store, source: source, identity: identity)
        var batches = BatchCollector(writer: writer, batchSize: batchSize, resumeAfter: source.recordsDone)
        let started = Date()
        var lastProgress = started
        func reportProgress(bytesRead: UInt64) {
            let now = Date()
            guard let progress, now.timeIntervalSince(lastProgress) > 0.25 else { return }
            lastProgress = now
            progress(
                ImportProgress(
                    path: path, records: batches.position, bytesRead: bytesRead, totalBytes: digest.size,
                    elapsed: now.timeIntervalSince(started)))
        }

        if var file = chunkedFile {
            for case .note(let note) in file.preamble { report.notes.append(note) }
            let parser = file.parser
            try file.forEachChunk(workers: workers, { PreparedChunk($0, parser: parser) }) { chunk in
                for item in chunk.items {
                    switch item {
                    case .example(let example): try batches.add(example)
                    case .failure(let error): try batches.add(error)
                    }
                }
                reportProgress(bytesRead: chunk.bytesRead)
            }
        } else {
            try importer.read(url, displayPath: path, options: options) { event in
                switch event {
                case .record(let draft): try batches.add(PreparedExample(draft))
                case .failure(let error): try batches.add(error)
                case .note(let note): report.notes.append(note)
                case .mapping: break
                case .progress(let bytesRead): reportProgress(bytesRead: bytesRead)
                }
            }
        }
        try batches.flush()
        let outcome = try writer.finish()
        try store.completeSource(source, notes: report.notes)
        report.records = max(0, batches.position - source.recordsDone)
        report.imported = outcome.imported
        report.skippedDuplicates = outcome.duplicates
        report.alreadyImported = outcome.alreadyImported
        report.skipped = outcome.skipped
        report.equalText = outcome.equalText
        report.errors = report.records - outcome.imported - outcome.duplicates
        return report
    }
}

/// A chunk's records made ready to store, on a worker thread: each draft hashed and packed for the insert.
struct PreparedChunk: Sendable {
    /// One record of the chunk.
    enum Item: Sendable {
        case example(PreparedExample)
        case failure(ImportError)
    }

    /// The chunk's records in file order.
    var items: [Item] = []
    /// Bytes of the file read when the chunk was cut.
    var bytesRead: UInt64

    /// Parses `chunk` with `parser` and prepares its records.
    init(_ chunk: RecordChunk, parser: any ChunkParser) {
        bytesRead = chunk.bytesRead
        items.reserveCapacity(chunk.count)
        parser.parse(chunk) { event in
            switch event {
            case .record(let draft): items.append(.example(PreparedExample(draft)))
            case .failure(let error): items.append(.failure(error))
            case .note, .mapping, .progress: break
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
    private var failures: [ImportError] = []

    init(writer: BatchWriter, batchSize: Int, resumeAfter: Int) {
        self.writer = writer
        self.batchSize = batchSize
        self.resumeAfter = resumeAfter
        examples.reserveCapacity(batchSize)
    }

    mutating func add(_ example: PreparedExample) throws {
        position += 1
        guard position > resumeAfter else { return }
        examples.append(example)
        try flushIfFull()
    }

    mutating func add(_ failure: ImportError) throws {
        position += 1
        guard position > resumeAfter else { return }
        failures.append(failure)
        try flushIfFull()
    }

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
