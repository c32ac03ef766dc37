import Foundation
import WinnowCore
import WinnowDedup
import WinnowEncoder
import WinnowLinalg
import WinnowRules
import WinnowStore

/// What `winnow dedup` did.
public struct DedupReport: Sendable {
    /// The run the flags belong to.
    public var runID: Int64
    /// Examples compared (all but rejected ones).
    public var examples: Int
    /// The detector's result (clusters by item index into `exampleIDs`).
    public var result: DedupResult
    /// Example id of each item.
    public var exampleIDs: [Int64]
    /// Response excerpt of each canned-reply group, in `result.cannedReplies` order.
    public var cannedReplyTexts: [String]
    /// Things the user should know (no embeddings, no redaction flags...).
    public var notes: [String]
    /// Seconds for the whole run.
    public var seconds: Double

    /// Flags per check.
    public var flagsByCheck: [(check: String, count: Int)] {
        let exact = result.clusters.reduce(0) { $0 + $1.members.filter { $0.tier == .exact }.count }
        return [("exact-duplicate", exact), ("near-duplicate", result.flaggedCount - exact)]
    }

    /// Flagged members that copy a kept example (the rest are paraphrases).
    public var copies: Int { result.clusters.reduce(0) { $0 + $1.members.filter { $0.copyOf != nil }.count } }

    /// The report as JSON (what `dedup --json` prints and the run's stored summary).
    public var json: JSONValue {
        var object = JSONObject()
        object["run"] = .number(Double(runID))
        object["examples"] = .number(Double(examples))
        object["embedded"] = .number(Double(result.embeddedItems))
        object["clusters"] = .number(Double(result.clusters.count))
        object["flagged"] = .number(Double(result.flaggedCount))
        object["flags"] = .object(JSONObject(flagsByCheck.map { ($0.check, JSONValue.number(Double($0.count))) }))
        object["copies"] = .number(Double(copies))
        object["paraphrases"] = .number(Double(result.flaggedCount - copies))
        var tiers = JSONObject()
        for tier in DuplicateTier.allCases {
            tiers[tier.rawValue] = .number(
                Double(result.clusters.reduce(0) { $0 + $1.members.filter { $0.tier == tier }.count }))
        }
        object["by_tier"] = .object(tiers)
        object["exact_groups"] = .number(Double(result.exactGroups))
        object["lexical_pairs"] = .number(Double(result.lexicalPairs))
        object["semantic_pairs"] = .number(Double(result.semanticPairs))
        object["shingle"] = .string(result.shingle.description)
        object["bands"] = ["bands": .number(Double(result.bands.bands)), "rows": .number(Double(result.bands.rows))]
        object["semantic_search"] = .string(result.semanticSearch)
        object["largest_clusters"] = .array(
            result.clusters.sorted { $0.size > $1.size || ($0.size == $1.size && $0.number < $1.number) }.prefix(10)
                .map { cluster in
                    [
                        "cluster": .number(Double(cluster.number)),
                        "representative": .number(Double(exampleIDs[cluster.representative])),
                        "size": .number(Double(cluster.size)),
                    ]
                })
        object["canned_replies"] = .array(
            zip(result.cannedReplies, cannedReplyTexts).map { reply, text in
                [
                    "examples": .number(Double(reply.items.count)),
                    "representative": .number(Double(exampleIDs[reply.representative])),
                    "response": .string(text),
                    "example_ids": .array(reply.items.prefix(20).map { .number(Double(exampleIDs[$0])) }),
                ]
            })
        object["stages"] = .object(
            JSONObject(result.stageSeconds.map { ($0.stage, JSONValue.number(($0.seconds * 1000).rounded() / 1000)) }))
        object["notes"] = .array(notes.map(JSONValue.string))
        object["seconds"] = .number((seconds * 1000).rounded() / 1000)
        return .object(object)
    }
}

/// Finds duplicate clusters among the store's examples and stores one flag per non-representative member.
public struct DedupService: Sendable {
    /// The check ids dedup owns; a run replaces all their flags.
    public static let checks = ["exact-duplicate", "near-duplicate"]

    /// The settings.
    public var parameters: DedupParameters

    /// A service with `parameters`.
    public init(parameters: DedupParameters = DedupParameters()) {
        self.parameters = parameters
    }

    /// Runs the three tiers over every example that is not rejected and replaces the previous run's duplicate
    /// flags. `modelID` names the embeddings to use (nil: the installed model's; none stored: no semantic tier).
    public func run(
        store: Store, modelID: String? = nil, progress: ((DedupProgress) -> Void)? = nil
    ) throws -> DedupReport {
        let started = Date()
        let runID = try store.startRun(command: "dedup", parameters: parametersJSON)
        var notes: [String] = []
        var examples = try store.currentExamples(excludingFlagsOf: Self.checks)
        if parameters.normalization.ignorePlaceholders {
            let redacted = try redactPersonalData(&examples, store: store)
            if redacted == 0 {
                notes.append(
                    "--ignore-pii: no redaction flags are stored, so nothing was redacted (run `winnow check`)")
            }
        }
        let items = examples.map { example in
            DedupItem(
                input: example.input, response: example.response,
                facts: RepresentativeFacts(
                    id: example.id, status: example.status, flagCount: example.flagCount,
                    responseLength: example.response.map(\.count)))
        }
        let model = modelID ?? (try? ModelStore().locate().lastPathComponent)
        var vectors: Matrix?
        var vectorItems: [Int] = []
        if let model {
            let matrix = try store.embeddings(model: model)
            let itemOfID = Dictionary(uniqueKeysWithValues: examples.enumerated().map { ($1.id, $0) })
            var rows: [Int] = []
            for (row, id) in matrix.exampleIDs.enumerated() {
                guard let item = itemOfID[id] else { continue }
                rows.append(row)
                vectorItems.append(item)
            }
            if !rows.isEmpty {
                var selected = Matrix(rows: matrix.exampleIDs.count, columns: matrix.dimension, elements: matrix.values)
                    .rows(at: rows)
                selected.normalizeRows()  // cosine as a dot product, whatever model stored them
                vectors = selected
            }
            let embedded = vectorItems.map { examples[$0].id }
            if let note = try EmbeddingService.staleNote(store: store, model: model, embedded: embedded) {
                notes.append(note)
            }
        }
        if vectorItems.count < examples.count {
            notes.append(
                "\(examples.count - vectorItems.count) examples have no embedding, so the semantic tier skipped them"
                    + " (run `winnow embed`)")
        }
        let detector = DuplicateDetector(parameters: parameters)
        let result = detector.run(items: items, vectors: vectors, vectorItems: vectorItems, progress: progress)
        let ids = examples.map(\.id)
        let flags = result.clusters.flatMap { cluster in
            cluster.members.map { member in
                Self.flag(
                    member: member, cluster: cluster, ids: ids, shingle: result.shingle,
                    normalization: parameters.normalization, runID: runID)
            }
        }
        try store.replaceFlags(ofChecks: Self.checks, with: flags, runID: runID)
        let canned = result.cannedReplies.map { reply in
            String((examples[reply.representative].response ?? "").prefix(200))
        }
        let report = DedupReport(
            runID: runID, examples: examples.count, result: result, exampleIDs: ids, cannedReplyTexts: canned,
            notes: notes, seconds: Date().timeIntervalSince(started))
        try store.finishRun(runID, summary: report.json.objectValue ?? JSONObject())
        return report
    }

    /// The run's parameters as stored in `runs`.
    var parametersJSON: JSONObject {
        var object = JSONObject()
        object["semantic_threshold"] = .number(Double(parameters.semanticThreshold))
        object["lexical_threshold"] = .number(parameters.lexicalThreshold)
        object["shingle"] = .string(parameters.shingle?.description ?? "auto")
        object["permutations"] = .number(Double(parameters.permutations))
        object["ignore_numbers"] = .bool(parameters.normalization.ignoreNumbers)
        object["ignore_pii"] = .bool(parameters.normalization.ignorePlaceholders)
        object["semantic_search"] = .string(parameters.semanticSearch.rawValue)
        object["probes"] = .number(Double(parameters.probes))
        object["canned_reply_minimum"] = .number(Double(parameters.cannedReplyMinimum))
        return object
    }

    /// Replaces personal data in inputs and responses by typed placeholders, from the stored redaction flags (what
    /// exports will write). Returns how many examples changed.
    func redactPersonalData(_ examples: inout [CurrentExample], store: Store) throws -> Int {
        var spansByExample: [Int64: [RedactionSpan]] = [:]
        for flag in try store.flags() {
            if let span = RedactionSpan(flag) { spansByExample[flag.exampleID, default: []].append(span) }
        }
        var changed = 0
        for index in examples.indices {
            guard let spans = spansByExample[examples[index].id] else { continue }
            var texts = ["input": examples[index].input]
            if let response = examples[index].response { texts["response"] = response }
            let redacted = Redactor.redact(texts: texts, spans: spans)
            examples[index].input = redacted["input"] ?? examples[index].input
            if examples[index].response != nil { examples[index].response = redacted["response"] }
            changed += 1
        }
        return changed
    }

    /// The flag of one non-representative member.
    static func flag(
        member: ClusterMember, cluster: DuplicateCluster, ids: [Int64], shingle: ShingleKind,
        normalization: NormalizationOptions, runID: Int64
    ) -> Flag {
        let representative = ids[cluster.representative]
        var evidence = JSONObject()
        evidence["representative"] = .number(Double(representative))
        evidence["cluster"] = .number(Double(cluster.number))
        evidence["similarity"] = .number(rounded(member.similarity))
        evidence["tier"] = .string(member.tier.rawValue)
        evidence["measure"] = .string(member.tier.measure)
        evidence["cluster_size"] = .number(Double(cluster.size))
        evidence["text"] = .string(member.tier == .semantic ? "input" : "input and response")
        if let jaccard = member.jaccard { evidence["jaccard"] = .number(rounded(jaccard)) }
        if let cosine = member.cosine { evidence["cosine"] = .number(rounded(cosine)) }
        if member.tier == .lexical { evidence["shingle"] = .string(shingle.description) }
        evidence["kind"] = .string(member.copyOf == nil ? "paraphrase" : "copy")
        if let copyOf = member.copyOf { evidence["copy_of"] = .number(Double(ids[copyOf])) }
        var message: String
        switch member.tier {
        case .exact:
            var ignored = ["case", "spacing", "punctuation"]
            if normalization.ignoreNumbers { ignored.append("numbers") }
            if normalization.ignorePlaceholders { ignored.append("personal data") }
            message =
                "exact duplicate of #\(representative): the same input and response once "
                + ignored.dropLast().joined(separator: ", ") + " and \(ignored.last ?? "") are ignored"
        case .lexical:
            message =
                "near-duplicate of #\(representative): Jaccard \(format(member.similarity)) over "
                + "\(shingle.prose) of input and response"
        case .semantic:
            message = "near-duplicate of #\(representative): input embeddings at cosine \(format(member.similarity))"
        }
        if let via = member.via {
            evidence["via"] = .number(Double(ids[via]))
            if let viaSimilarity = member.viaSimilarity { evidence["via_similarity"] = .number(rounded(viaSimilarity)) }
            message +=
                ", linked through #\(ids[via])"
                + (member.viaSimilarity.map { " (\(member.tier.measure) \(format($0)))" } ?? "")
        }
        message += "; cluster \(cluster.number) (\(cluster.size) examples), #\(representative) kept"
        if let copyOf = member.copyOf {
            message += "; a copy of #\(ids[copyOf])"
        } else {
            message += "; a paraphrase (other words), worth keeping: kept together with its cluster in splits"
        }
        // A paraphrase is information for a reviewer, not a problem: it must not hold the example back.
        return Flag(
            exampleID: ids[member.item], check: member.tier.checkID, severity: member.copyOf == nil ? .info : .warning,
            message: message,
            evidence: evidence, runID: runID)
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}

extension ShingleKind {
    /// `character 3-grams`, `5-word shingles`.
    var prose: String {
        switch self {
        case .words(let size): return "\(size)-word shingles"
        case .characters(let size): return "character \(size)-grams"
        }
    }
}
