import Foundation
import WinnowAudit
import WinnowCore
import WinnowEncoder
import WinnowLinalg
import WinnowStore

/// What `winnow audit` did.
public struct AuditReport: Sendable {
    /// The run the flags belong to.
    public var runID: Int64
    /// Examples audited (labelled, embedded, not rejected).
    public var examples: Int
    /// Example id of each audited row.
    public var exampleIDs: [Int64]
    /// The audit's findings.
    public var result: AuditResult
    /// Duplicate clusters taken from the last dedup run.
    public var clusters: Int
    /// How precise the suggested labels are by confidence, from planted flips (nil when not estimated).
    public var fixPrecision: FixPrecisionEstimate?
    /// Flags stored per check.
    public var flagsByCheck: [(check: String, count: Int)]
    /// Things the user should know.
    public var notes: [String]
    /// Seconds for the whole run.
    public var seconds: Double

    /// The report as JSON (what `audit --json` prints and the run's stored summary).
    public var json: JSONValue {
        var object = JSONObject()
        object["run"] = .number(Double(runID))
        object["examples"] = .number(Double(examples))
        object["labels"] = .number(Double(result.classNames.count))
        object["flags"] = .object(JSONObject(flagsByCheck.map { ($0.check, JSONValue.number(Double($0.count))) }))
        var kinds = JSONObject()
        for kind in EvidenceKind.allCases {
            kinds[kind.rawValue] = .number(Double(result.issues.filter { $0.kinds.contains(kind) }.count))
        }
        object["evidence"] = .object(kinds)
        object["estimated_wrong_labels"] = .number(Double(result.estimatedIssues))
        object["model_accuracy"] = .number((result.modelAccuracy * 1000).rounded() / 1000)
        object["model_iterations"] = .array(result.modelIterations.map { .number(Double($0)) })
        object["duplicate_clusters"] = .number(Double(clusters))
        object["fix_precision"] = fixPrecision?.json ?? .null
        object["label_variants"] = .array(
            result.variants.map { variant in
                [
                    "label": .string(variant.label), "canonical": .string(variant.canonical),
                    "examples": .number(Double(variant.count)),
                    "canonical_examples": .number(Double(variant.canonicalCount)),
                ]
            })
        object["rare_labels"] = .array(
            result.rareLabels.map { ["label": .string($0.label), "examples": .number(Double($0.count))] })
        func pairs(_ overlaps: [LabelTaxonomy.Overlap]) -> JSONValue {
            .array(
                overlaps.map { pair in
                    [
                        "labels": .array([
                            .string(result.classNames[pair.first]), .string(result.classNames[pair.second]),
                        ]),
                        "overlap": .number((pair.overlap * 1000).rounded() / 1000),
                        "centroid_cosine": .number((pair.centroidCosine * 1000).rounded() / 1000),
                    ]
                })
        }
        object["merge_candidates"] = pairs(result.mergeCandidates)
        object["most_confused_pairs"] = pairs(result.confusablePairs)
        object["stages"] = .object(
            JSONObject(result.stageSeconds.map { ($0.stage, JSONValue.number(($0.seconds * 1000).rounded() / 1000)) }))
        object["notes"] = .array(notes.map(JSONValue.string))
        object["seconds"] = .number((seconds * 1000).rounded() / 1000)
        return .object(object)
    }
}

/// Runs the label audits over the labelled, embedded examples and stores their flags.
public struct AuditService: Sendable {
    /// The check ids the audit owns; a run replaces all their flags.
    public static let checks = ["label-issue", "label-doubt", "label-taxonomy"]

    /// The settings.
    public var parameters: AuditParameters

    /// A service with `parameters`.
    public init(parameters: AuditParameters = AuditParameters()) {
        self.parameters = parameters
    }

    /// Audits every example that is not rejected, has a label (the override when there is one) and an embedding
    /// of `modelID` (nil: the installed model's). Duplicate clusters come from the stored dedup flags.
    public func run(
        store: Store, modelID: String? = nil, progress: ((String, Int, Int) -> Void)? = nil
    ) throws -> AuditReport {
        let started = Date()
        let runID = try store.startRun(command: "audit", parameters: parametersJSON)
        var notes: [String] = []
        let current = try store.currentExamples()
        let labelled = current.filter { ($0.label ?? "").isEmpty == false }
        if labelled.count < current.count {
            notes.append("\(current.count - labelled.count) examples have no label and were not audited")
        }
        guard !labelled.isEmpty else {
            let none =
                "no example has a label (an audit checks labels): import a label field (--map label=FIELD), or labels"
                + " from mail folders (--label-from-folder)"
            throw AuditError.noLabels(current.isEmpty ? "no examples to audit" : none)
        }
        guard let model = modelID ?? (try? ModelStore().locate().lastPathComponent) else {
            throw AuditError.noEmbeddings(
                "no embedding model is installed: run `winnow model fetch` and `winnow embed`")
        }
        let matrix = try store.embeddings(model: model, exampleIDs: labelled.map(\.id))
        guard !matrix.exampleIDs.isEmpty else {
            throw AuditError.noEmbeddings("no embeddings of \(model) are stored: run `winnow embed` first")
        }
        let labelOfID = Dictionary(uniqueKeysWithValues: labelled.map { ($0.id, $0.label ?? "") })
        if matrix.exampleIDs.count < labelled.count {
            notes.append(
                "\(labelled.count - matrix.exampleIDs.count) labelled examples have no embedding and were not audited"
                    + " (run `winnow embed`)")
        }
        let ids = matrix.exampleIDs
        var vectors = Matrix(rows: ids.count, columns: matrix.dimension, elements: matrix.values)
        vectors.normalizeRows()  // cosine as a dot product, whatever model stored them
        if let note = try EmbeddingService.staleNote(store: store, model: model, embedded: ids) { notes.append(note) }

        let clusters = try duplicateClusters(store: store, ids: ids)
        if try store.runs(command: "dedup", limit: 1).isEmpty {
            notes.append("no dedup run yet: cluster conflicts were not checked (run `winnow dedup` first)")
        }
        let result = LabelAudit(parameters: parameters).run(
            vectors: vectors, labels: ids.map { labelOfID[$0] ?? "" }, clusters: clusters, progress: progress)
        var fixPrecision: FixPrecisionEstimate?
        if parameters.measuresFixPrecision {
            fixPrecision = FixPrecisionEstimator(parameters: parameters).estimate(result: result)
        }
        let flags = AuditFlags(result: result, ids: ids, parameters: parameters, runID: runID).all
        try store.replaceFlags(ofChecks: Self.checks, with: flags, runID: runID)
        var byCheck: [String: Int] = [:]
        for flag in flags { byCheck[flag.check, default: 0] += 1 }
        let report = AuditReport(
            runID: runID, examples: ids.count, exampleIDs: ids, result: result,
            clusters: clusters.count, fixPrecision: fixPrecision,
            flagsByCheck: Self.checks.map { ($0, byCheck[$0] ?? 0) }, notes: notes,
            seconds: Date().timeIntervalSince(started))
        try store.finishRun(runID, summary: report.json.objectValue ?? JSONObject())
        return report
    }

    /// The precision estimate stored with the latest audit run, if it made one.
    public static func latestFixPrecision(store: Store) throws -> FixPrecisionEstimate? {
        guard let run = try store.runs(command: "audit", limit: 1).first, let value = run.summary["fix_precision"]
        else { return nil }
        return FixPrecisionEstimate(json: value)
    }

    /// The duplicate clusters of the stored dedup flags, in audit rows (representative first), with the members
    /// directly similar to the representative.
    func duplicateClusters(store: Store, ids: [Int64]) throws -> [ClusterConflicts.Cluster] {
        let rowOfID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var members: [Int: (representative: Int64, rows: [Int], copies: Set<Int>)] = [:]
        for check in DedupService.checks {
            // Members linked to the representative only through other members are left out: a chain of
            // paraphrases can join texts that are not copies of each other.
            for flag in try store.flags(check: check) where flag.evidence["via"] == nil {
                guard let cluster = flag.evidence["cluster"]?.scalarText.flatMap({ Int($0) }),
                    let representative = flag.evidence["representative"]?.scalarText.flatMap({ Int64($0) })
                else { continue }
                var entry = members[cluster] ?? (representative, [], [])
                if let row = rowOfID[flag.exampleID] {
                    entry.rows.append(row)
                    if flag.evidence["tier"]?.scalarText != "semantic" { entry.copies.insert(row) }
                }
                members[cluster] = entry
            }
        }
        return members.sorted { $0.key < $1.key }.compactMap { number, entry in
            guard let representative = rowOfID[entry.representative] else { return nil }
            return ClusterConflicts.Cluster(
                number: number, rows: [representative] + entry.rows.sorted(),
                copies: entry.copies.union([representative]))
        }
    }

    var parametersJSON: JSONObject {
        var object = JSONObject()
        object["folds"] = .number(Double(parameters.folds))
        object["neighbours"] = .number(Double(parameters.neighbours))
        object["regularization"] = .number(parameters.regularization)
        object["model_weight"] = .number(parameters.modelWeight)
        object["selection"] = .string(parameters.selection.rawValue)
        object["minimum_examples"] = .number(Double(parameters.minimumExamples))
        object["merge_overlap"] = .number(parameters.mergeOverlap)
        object["seed"] = .number(Double(parameters.seed))
        object["fix_precision"] = .bool(parameters.measuresFixPrecision)
        return object
    }
}

/// The audit cannot run.
public enum AuditError: Error, Sendable, CustomStringConvertible {
    /// Nothing to audit with.
    case noEmbeddings(String)
    /// Nothing to audit: no example has a label.
    case noLabels(String)

    public var description: String {
        switch self {
        case .noEmbeddings(let message), .noLabels(let message): return message
        }
    }
}
