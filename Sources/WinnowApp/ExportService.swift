import Foundation
import WinnowCore
import WinnowExport
import WinnowRules
import WinnowStore

/// What to export and where.
public struct ExportOptions: Sendable {
    /// The file format.
    public var format: ExportFormat
    /// The output directory.
    public var directory: URL
    /// The split (nil: the newest).
    public var splitName: String?
    /// The system prompt put first in chat examples.
    public var systemPrompt: String?
    /// What chat examples answer with.
    public var target: ChatTarget
    /// Whether JSONL and CSV rows carry the examples' metadata.
    public var includeMetadata: Bool
    /// Whether an earlier export in `directory` may be replaced.
    public var force: Bool
    /// Whether CSV cells a spreadsheet would run as formulas get a `'` first.
    public var escapeFormulas = false

    /// Options for an export of `format` into `directory`.
    public init(
        format: ExportFormat, directory: URL, splitName: String? = nil, systemPrompt: String? = nil,
        target: ChatTarget = .auto, includeMetadata: Bool = false, force: Bool = false
    ) {
        self.format = format
        self.directory = directory
        self.splitName = splitName
        self.systemPrompt = systemPrompt
        self.target = target
        self.includeMetadata = includeMetadata
        self.force = force
    }
}

/// What `winnow export` wrote.
public struct ExportReport: Sendable {
    /// The split exported.
    public var split: SplitInfo
    /// The directory written.
    public var directory: URL
    /// The part files and chat checks.
    public var result: ExportResult
    /// Members not written, by reason.
    public var leftOut: [String: Int]
    /// Flagged spans replaced by placeholders.
    public var redactedSpans: Int
    /// The run recorded for the export.
    public var runID: Int64

    /// The report as JSON (what `export --json` prints).
    public var json: JSONValue {
        var object = JSONObject()
        object["split"] = .string(split.name)
        object["directory"] = .string(directory.path)
        object["run"] = .number(Double(runID))
        object["files"] = .object(JSONObject(result.files.map { ($0.part.rawValue, $0.json) }))
        object["manifest"] = .string(directory.appendingPathComponent("manifest.json").path)
        object["left_out"] = .object(
            JSONObject(leftOut.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
        object["redacted_spans"] = .number(Double(redactedSpans))
        if !result.checks.isEmpty {
            object["format_errors"] = .bool(result.hasFormatErrors)
            object["label_answers"] = .number(Double(result.labelAnswers))
            object["openai_checks"] = .array(result.checks.map(\.json))
        }
        return .object(object)
    }
}

/// Writes a stored split as training files with a manifest, applying the review: rejected examples are left
/// out, label overrides and edited texts are used, and flagged spans are redacted exactly as `show` displays.
public struct ExportService: Sendable {
    /// A service.
    public init() {}

    /// Exports the split named in `options` (or the newest). `model` is the embedding model recorded in the
    /// manifest (nil: the store's model with the most embeddings, if any).
    public func run(store: Store, options: ExportOptions, model: String? = nil) throws -> ExportReport {
        let split = try options.splitName.map { try store.split(named: $0) } ?? store.latestSplit()
        let encoder = ExportEncoder(
            format: options.format, target: options.target, systemPrompt: options.systemPrompt,
            includeMetadata: options.includeMetadata, escapeFormulas: options.escapeFormulas)
        let directory = try ExportDirectory(target: options.directory, force: options.force)
        var parameters = JSONObject()
        parameters["split"] = .string(split.name)
        parameters["format"] = .string(options.format.rawValue)
        parameters["directory"] = .string(directory.target.path)
        parameters["target"] = .string(options.target.rawValue)
        parameters["system_prompt"] = options.systemPrompt.map(JSONValue.string) ?? .null
        parameters["include_metadata"] = .bool(options.includeMetadata)
        if options.escapeFormulas { parameters["escape_formulas"] = .bool(true) }
        let runID: Int64
        do {
            runID = try store.startRun(command: "export", parameters: parameters)
        } catch {
            directory.discard()
            throw error
        }
        do {
            let records = try records(of: split, store: store, includeMetadata: options.includeMetadata)
            let result = try ExportWriter(encoder: encoder).write(records.records, into: directory)
            let usedSources = Set(records.records.map(\.source))
            let decisions = try store.decisionTotals()
            let checkRuns = Set(try store.runs(command: "check", limit: Int.max).map(\.id))
            var splitFacts = JSONObject()
            splitFacts["name"] = .string(split.name)
            splitFacts["id"] = .number(Double(split.id))
            splitFacts["created_at"] = .string(ISO8601DateFormatter().string(from: split.createdAt))
            splitFacts["parameters"] = .object(split.parameters)
            let manifest = ExportManifest(
                createdAt: Date(), encoder: encoder, split: splitFacts, result: result, leftOut: records.leftOut,
                decisions: JSONObject([
                    (
                        "by_action",
                        .object(
                            JSONObject(
                                decisions.byAction.sorted { $0.key < $1.key }.map {
                                    ($0.key, .number(Double($0.value)))
                                }
                            ))
                    ),
                    ("last_id", decisions.lastID.map { .number(Double($0)) } ?? .null),
                ]),
                rules: JSONObject([
                    (
                        "check_runs",
                        .array(records.flagRuns.filter(checkRuns.contains).sorted().map { .number(Double($0)) })
                    ),
                    ("redaction_rules", .array(records.redactionRules.sorted().map(JSONValue.string))),
                    ("redacted_spans", .number(Double(records.redactedSpans))),
                ]),
                sources: try store.sources().filter { usedSources.contains($0.info.path) }.map {
                    (path: $0.info.path, sha256: $0.info.sha256)
                },
                model: try model ?? store.embeddingModels().first?.model)
            let manifestWriter = try HashingFileWriter(url: directory.file("manifest.json"))
            try manifestWriter.write(manifest.json.prettyPrinted + "\n")
            _ = try manifestWriter.finish()
            try directory.commit()
            let report = ExportReport(
                split: split, directory: directory.target, result: result, leftOut: records.leftOut,
                redactedSpans: records.redactedSpans, runID: runID)
            try store.finishRun(runID, summary: report.json.objectValue ?? JSONObject())
            return report
        } catch {
            directory.discard()
            try? store.finishRun(
                runID, summary: JSONObject([("error", .string(String(describing: error)))]), status: "failed")
            throw error
        }
    }

    /// The records of the split named `splitName` (nil: the newest) exactly as an export writes them: rejected
    /// members left out, label overrides, edited texts and redactions applied. What a trainer should train on.
    public func records(splitName: String?, store: Store) throws -> [ExportRecord] {
        let split = try splitName.map { try store.split(named: $0) } ?? store.latestSplit()
        return try records(of: split, store: store, includeMetadata: false).records
    }

    /// The records of a split's members with the review applied, and what was applied.
    func records(
        of split: SplitInfo, store: Store, includeMetadata: Bool
    ) throws -> (
        records: [ExportRecord], leftOut: [String: Int], redactionRules: Set<String>, redactedSpans: Int,
        flagRuns: Set<Int64>
    ) {
        let members = try store.splitMemberExamples(splitID: split.id)
        let memberIDs = Set(members.map(\.example.id))
        // Test cases never train, also in splits made before they were added (``SplitService``).
        let boundToCases = try store.examplesBoundToTestCases()
        var flagsByExample: [Int64: [Flag]] = [:]
        for flag in try store.flags() where memberIDs.contains(flag.exampleID) {
            flagsByExample[flag.exampleID, default: []].append(flag)
        }
        var records: [ExportRecord] = []
        var rejected = 0
        var testCases = 0
        var redactionRules = Set<String>()
        var redactedSpans = 0
        var flagRuns = Set<Int64>()
        for member in members {
            let example = member.example
            guard example.status != .rejected else {
                rejected += 1
                continue
            }
            guard member.part == .test || !boundToCases.contains(example.id) else {
                testCases += 1
                continue
            }
            let flags = flagsByExample[example.id] ?? []
            for flag in flags {
                if let run = flag.runID { flagRuns.insert(run) }
                if RedactionSpan(flag) != nil {
                    redactionRules.insert(flag.check)
                    redactedSpans += 1
                }
            }
            let texts = ExampleRedaction.texts(
                of: example, flags: flags, editedInput: member.editedInput, editedResponse: member.editedResponse)
            // An edited example is written from its edited input and response: the stored thread no longer matches.
            let edited = member.editedInput != nil || member.editedResponse != nil
            let thread =
                edited
                ? []
                : example.messages.enumerated().map { index, message in
                    message.replacingTexts(at: index, with: texts)
                }
            var metadata: JSONObject?
            if includeMetadata {
                metadata = MetadataTexts.replacing(
                    in: example.metadata, with: texts.filter { $0.key.hasPrefix("metadata.") })
            }
            records.append(
                ExportRecord(
                    id: example.id, part: member.part, input: texts["input"] ?? example.input,
                    response: texts["response"], label: example.effectiveLabel,
                    trainingPoint: example.effectiveTrainingPoint, ticketID: example.ticketID, messages: thread,
                    source: example.sourcePath, locator: example.locator.description, metadata: metadata,
                    tools: ExportRecord.tools(in: example.metadata)))
        }
        var leftOut = ["rejected": rejected]
        if testCases > 0 { leftOut["test_cases"] = testCases }
        return (records, leftOut, redactionRules, redactedSpans, flagRuns)
    }
}
