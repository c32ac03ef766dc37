import Foundation
import WinnowCore
import WinnowEncoder
import WinnowRules
import WinnowStore

/// What one rule did in a check run.
public struct RuleHits: Sendable, Equatable {
    /// The rule id.
    public var ruleID: String
    /// Its severity.
    public var severity: Severity
    /// Its action.
    public var action: String
    /// Findings (flags stored).
    public var hits: Int
    /// Examples with at least one finding.
    public var examples: Int
}

/// What `winnow check` did.
public struct CheckReport: Sendable, Equatable {
    /// The run id the flags belong to.
    public var runID: Int64
    /// Examples checked.
    public var examples: Int
    /// Per rule, in rule order (rules with no hits included).
    public var rules: [RuleHits]
    /// Rules skipped, with the reason.
    public var unavailable: [(ruleID: String, reason: String)]
    /// Rules run at `info` for this data set, with the reason.
    public var softened: [(ruleID: String, reason: String)] = []
    /// Examples rejected by `reject` rules in this run.
    public var rejected: Int
    /// Seconds taken.
    public var seconds: Double

    /// Whether an error-severity rule fired (the command then exits 1).
    public var hasErrors: Bool { rules.contains { $0.severity == .error && $0.hits > 0 } }

    public static func == (lhs: CheckReport, rhs: CheckReport) -> Bool {
        lhs.runID == rhs.runID && lhs.rules == rhs.rules && lhs.examples == rhs.examples
    }

    /// The report as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["run"] = .number(Double(runID))
        object["examples"] = .number(Double(examples))
        object["flags"] = .number(Double(rules.reduce(0) { $0 + $1.hits }))
        object["rejected"] = .number(Double(rejected))
        object["errors"] = .bool(hasErrors)
        object["seconds"] = .number((seconds * 1000).rounded() / 1000)
        object["rules"] = .array(
            rules.map { rule in
                var entry = JSONObject()
                entry["id"] = .string(rule.ruleID)
                entry["severity"] = .string(rule.severity.rawValue)
                entry["action"] = .string(rule.action)
                entry["hits"] = .number(Double(rule.hits))
                entry["examples"] = .number(Double(rule.examples))
                return .object(entry)
            })
        object["unavailable"] = .array(
            unavailable.map { .object(JSONObject([("id", .string($0.ruleID)), ("reason", .string($0.reason))])) })
        object["softened"] = .array(
            softened.map { .object(JSONObject([("id", .string($0.ruleID)), ("reason", .string($0.reason))])) })
        return .object(object)
    }
}

/// Runs rule files over the store's examples and stores their findings as flags.
public struct CheckService: Sendable {
    /// The rule directories, defaults first.
    public var ruleDirectories: [URL]
    /// Whether the defaults are the rules compiled into the binary (``BuiltInRules``): no `Rules/` directory was
    /// found.
    public var usesBuiltInRules: Bool

    /// A service over the default `Rules/` plus `extra` directories (later ones add or override by id); without a
    /// default directory, over the rules compiled into the binary.
    public init(extra: [URL] = [], defaults: URL? = CheckService.defaultRulesDirectory()) {
        ruleDirectories = (defaults.map { [$0] } ?? []) + extra
        usesBuiltInRules = defaults == nil
    }

    /// The shipped rules as files: `$WINNOW_RULES`, else `Rules/` in the working directory, else beside the
    /// executable's package (`…/.build/<config>/winnow` → `…/Rules`); nil when none is found (an installed binary),
    /// and the same rules compiled into the binary are used.
    public static func defaultRulesDirectory() -> URL? {
        let manager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["WINNOW_RULES"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let local = URL(fileURLWithPath: "Rules")
        if manager.fileExists(atPath: local.path) { return local }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for _ in 0..<5 {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("Rules")
            if manager.fileExists(atPath: candidate.appendingPathComponent("pii.yml").path) { return candidate }
        }
        return nil
    }

    /// Loads and validates the rules (nothing runs when a file has a mistake).
    public func loadRules() throws -> RuleSet {
        try RuleSet.load(directories: ruleDirectories, builtIn: usesBuiltInRules)
    }

    /// A token counter from the installed model's vocabulary, when there is one (for `token_length` rules).
    public static func installedTokenCounter() -> (@Sendable (String) -> Int)? {
        guard let directory = try? ModelStore().locate(),
            let tokenizer = try? WordPieceTokenizer(vocabularyURL: directory.appendingPathComponent("vocab.txt"))
        else { return nil }
        return { text in max(0, tokenizer.tokenCount(text) - 2) }
    }

    /// Runs the active rules over the examples matching `filter` and replaces the flags of those rules on them.
    ///
    /// On a PostgreSQL store a check is shared: workers running the same rules over the same selection join one run,
    /// each claiming `chunkSize` examples at a time for `lease` seconds (see ``runShared``).
    public func run(
        store: Store, filter: ExampleFilter? = nil, tokenCounter: (@Sendable (String) -> Int)? = nil,
        worker: String? = nil, chunkSize: Int = 2_000, lease: TimeInterval = 300,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> CheckReport {
        let engine = try makeEngine(store: store, tokenCounter: tokenCounter)
        var parameters = JSONObject()
        parameters["rule_directories"] = .array(
            (usesBuiltInRules ? [.string("built-in")] : []) + ruleDirectories.map { .string($0.path) })
        parameters["rules"] = .array(engine.runningRules.map { .string($0.id) })
        if store.sharesWork {
            return try runShared(
                store: store, engine: engine, parameters: parameters, selection: filter,
                worker: worker ?? EmbeddingService.defaultWorkerName, chunkSize: chunkSize, lease: lease,
                progress: progress)
        }
        let runID = try store.startRun(command: "check", parameters: parameters)
        let started = Date()

        var scope = filter ?? ExampleFilter()
        scope.limit = nil
        scope.offset = 0
        let total = try store.count(scope)
        var tally = CheckTally()
        let chunk = 20_000
        var offset = 0
        while offset < total {
            var page = scope
            page.limit = chunk
            page.offset = offset
            let examples = try store.examples(page)
            if examples.isEmpty { break }
            tally.add(examples, results: engine.evaluate(batch: examples.map(RuleSubject.init)), runID: runID)
            offset += examples.count
            progress?(offset, total)
        }
        let ruleIDs = engine.runningRules.map(\.id)
        if filter == nil {
            try store.replaceFlags(ofChecks: ruleIDs, with: tally.flags, runID: runID)
        } else {
            try store.replaceFlags(ofChecks: ruleIDs, onExamples: tally.checkedIDs, with: tally.flags, runID: runID)
        }
        let rejected = try store.applyRuleRejections(tally.toReject)
        let report = tally.report(
            engine: engine, runID: runID, rejected: rejected, seconds: Date().timeIntervalSince(started))
        try store.finishRun(runID, summary: report.json.objectValue ?? JSONObject())
        return report
    }

    private func makeEngine(store: Store, tokenCounter: (@Sendable (String) -> Int)?) throws -> RuleEngine {
        let absent = Set(
            try store.absentFields().compactMap { name in
                ["label": RuleField.label, "response": RuleField.response][name]
            })
        // Whether the data set writes placeholders on purpose, from its first 2,000 customers' messages.
        var sample = ExampleFilter()
        sample.limit = 2_000
        let slots =
            absent.contains(.response)
            ? nil : RuleEngine.placeholderSlots(inputs: try store.examples(sample).map(\.input))
        return RuleEngine(
            ruleSet: try loadRules(), tokenCounter: tokenCounter, projectLabels: try ProjectLabels.load(from: store),
            absentFields: absent, placeholderSlots: slots)
    }

    /// A check shared by several workers (a PostgreSQL store): joins the running check with the same rules and
    /// selection or starts one that queues the selected examples (every example without a selection); then claims
    /// batches, checks them and stores each batch's flags and rejections with its claims finished, in one
    /// transaction. When nothing is left to claim but others hold examples, it waits for them (or for a dead
    /// worker's lease to end, then takes its batch over). The report counts what this worker stored; the last worker
    /// to finish writes the run's summary from the store.
    func runShared(
        store: Store, engine: RuleEngine, parameters: JSONObject, selection: ExampleFilter?, worker: String,
        chunkSize: Int, lease: TimeInterval, progress: ((Int, Int) -> Void)?
    ) throws -> CheckReport {
        let started = Date()
        let ruleIDs = engine.runningRules.map(\.id)
        let selectionKey = selection?.selectionKey ?? ""
        let run = try store.openSharedRun(
            command: "check", key: ruleIDs.joined(separator: ",") + (selectionKey.isEmpty ? "" : " " + selectionKey),
            parameters: parameters, selection: selection)
        let total = try store.workQueue(task: run.task).open
        var tally = CheckTally()
        var rejected = 0
        while true {
            let claim = try store.claimWork(task: run.task, worker: worker, limit: chunkSize, lease: lease)
            if claim.ids.isEmpty {
                let queue = try store.workQueue(task: run.task)
                guard queue.open > 0 else { break }
                Thread.sleep(forTimeInterval: min(1, max(0.05, (queue.nextExpiry ?? Date()).timeIntervalSinceNow)))
                continue
            }
            let examples = try store.examples(ids: claim.ids)
            var batch = CheckTally()
            batch.add(examples, results: engine.evaluate(batch: examples.map(RuleSubject.init)), runID: run.runID)
            let saved = try store.saveCheckedWork(
                task: run.task, worker: worker, exampleIDs: claim.ids, checks: ruleIDs, flags: batch.flags,
                runID: run.runID, rejections: batch.toReject)
            tally.merge(batch, keeping: saved.held)
            rejected += saved.rejected
            progress?(tally.checkedIDs.count, total)
        }
        let report = tally.report(
            engine: engine, runID: run.runID, rejected: rejected, seconds: Date().timeIntervalSince(started))
        let totals = try store.sharedRunTotals(run)
        var summary = report.json.objectValue ?? JSONObject()
        summary["examples"] = .number(Double(totals.examples))
        summary["flags"] = .number(Double(totals.byCheck.values.reduce(0) { $0 + $1.flags }))
        summary["rules"] = .array(
            engine.runningRules.map { rule in
                var entry = JSONObject()
                entry["id"] = .string(rule.id)
                entry["severity"] = .string(rule.severity.rawValue)
                entry["action"] = .string(rule.action.rawValue)
                entry["hits"] = .number(Double(totals.byCheck[rule.id]?.flags ?? 0))
                entry["examples"] = .number(Double(totals.byCheck[rule.id]?.examples ?? 0))
                return .object(entry)
            })
        _ = try store.closeSharedRun(run, summary: summary)
        return report
    }
}

/// Findings gathered over the batches of a check.
struct CheckTally {
    var hitsByRule: [String: Int] = [:]
    var examplesByRule: [String: Set<Int64>] = [:]
    var flags: [Flag] = []
    var toReject: [(exampleID: Int64, ruleID: String)] = []
    var checkedIDs: [Int64] = []

    /// Adds the findings of checked `examples`.
    mutating func add(_ examples: [Example], results: [[Finding]], runID: Int64) {
        for (example, findings) in zip(examples, results) {
            checkedIDs.append(example.id)
            var rejectedBy: String?
            for finding in findings {
                hitsByRule[finding.ruleID, default: 0] += 1
                examplesByRule[finding.ruleID, default: []].insert(example.id)
                flags.append(finding.flag(exampleID: example.id, runID: runID))
                if finding.action == .reject, rejectedBy == nil { rejectedBy = finding.ruleID }
            }
            if let rejectedBy, example.status == .pending { toReject.append((example.id, rejectedBy)) }
        }
    }

    /// Adds what `other` found on the examples in `kept` (the ones whose results were stored).
    mutating func merge(_ other: CheckTally, keeping kept: Set<Int64>) {
        checkedIDs += other.checkedIDs.filter(kept.contains)
        for flag in other.flags where kept.contains(flag.exampleID) {
            hitsByRule[flag.check, default: 0] += 1
            examplesByRule[flag.check, default: []].insert(flag.exampleID)
        }
    }

    func report(engine: RuleEngine, runID: Int64, rejected: Int, seconds: Double) -> CheckReport {
        CheckReport(
            runID: runID, examples: checkedIDs.count,
            rules: engine.runningRules.map { rule in
                RuleHits(
                    ruleID: rule.id, severity: rule.severity, action: rule.action.rawValue,
                    hits: hitsByRule[rule.id] ?? 0, examples: examplesByRule[rule.id]?.count ?? 0)
            },
            unavailable: engine.unavailableRules.map { ($0.ruleID, $0.reason) },
            softened: engine.softenedRules.map { ($0.ruleID, $0.reason) }, rejected: rejected, seconds: seconds)
    }
}
