import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowDedup

/// `winnow dedup`: duplicate clusters (exact, lexical, semantic) and one flag per copy.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Find exact and near-duplicate examples, cluster them and flag every copy but the one kept.",
        discussion: """
            Three tiers: exact (the same input and response once case, spacing and punctuation are ignored),
            lexical (MinHash-LSH over shingles of input and response, Jaccard >= --lexical-threshold) and semantic
            (input embeddings at cosine >= --semantic-threshold; needs `winnow embed`). Linked examples form a
            cluster; the representative kept is the approved one, else the one with the fewest flags, then one
            with a response, then the longest response. The others are flagged exact-duplicate or
            near-duplicate with the representative and the similarity. Rejected examples take no part; nothing
            is changed in the examples. A re-run replaces the previous run's duplicate flags.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Cosine of the input embeddings at or above which examples are near-duplicates.")
    var semanticThreshold: Float = 0.95

    @Option(help: "Jaccard similarity of the shingles at or above which examples are near-duplicates.")
    var lexicalThreshold: Double = 0.8

    @Option(
        help: "Shingles: auto (character 3-grams for short texts, 5-word shingles from 100 words), words:N or chars:N.")
    var shingle = "auto"

    @Option(help: "MinHash hash functions.")
    var permutations = 128

    @ArgumentParser.Flag(help: "Treat all numbers as equal (order numbers, dates, amounts).")
    var ignoreNumbers = false

    @ArgumentParser.Flag(
        help: "Compare texts with personal data replaced by placeholders (from the redaction flags of `winnow check`).")
    var ignorePII = false

    @Option(help: "Semantic search: auto (exact up to 50,000 embeddings, then the bucket index), exact or approximate.")
    var semanticSearch = "auto"

    @Option(help: "Buckets each embedding is compared with in the approximate search.")
    var probes = 8

    @Option(help: "Report responses shared by at least this many examples as canned replies.")
    var cannedMinimum = 5

    func validate() throws {
        guard (0...1).contains(semanticThreshold) else {
            throw ValidationError("--semantic-threshold must be in [0, 1]")
        }
        guard (0...1).contains(lexicalThreshold), lexicalThreshold > 0 else {
            throw ValidationError("--lexical-threshold must be in (0, 1]")
        }
        guard shingle == "auto" || ShingleKind(parsing: shingle) != nil else {
            throw ValidationError("--shingle must be auto, words:N or chars:N (got '\(shingle)')")
        }
        guard permutations >= 8, permutations <= 1024 else { throw ValidationError("--permutations must be 8...1024") }
        guard SemanticSearchMode(rawValue: semanticSearch) != nil else {
            throw ValidationError("--semantic-search must be auto, exact or approximate (got '\(semanticSearch)')")
        }
        guard probes > 0 else { throw ValidationError("--probes must be positive") }
        guard cannedMinimum > 1 else { throw ValidationError("--canned-minimum must be at least 2") }
    }

    var parameters: DedupParameters {
        var parameters = DedupParameters()
        parameters.semanticThreshold = semanticThreshold
        parameters.lexicalThreshold = lexicalThreshold
        parameters.shingle = ShingleKind(parsing: shingle)
        parameters.permutations = permutations
        parameters.normalization = NormalizationOptions(ignoreNumbers: ignoreNumbers, ignorePlaceholders: ignorePII)
        parameters.semanticSearch = SemanticSearchMode(rawValue: semanticSearch) ?? .automatic
        parameters.probes = probes
        parameters.cannedReplyMinimum = cannedMinimum
        return parameters
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let line = ProgressLine(enabled: ProgressLine().isEnabled && !global.json)
            let stage = StageClock()
            let report = try DedupService(parameters: parameters).run(store: store) { progress in
                line.update(
                    "dedup \(progress.stage): "
                        + ProgressLine.describe(
                            done: Double(progress.done), total: Double(progress.total),
                            elapsed: stage.elapsed(in: progress.stage),
                            unit: progress.stage == "semantic" ? "blocks" : "texts"))
            }
            line.finish()
            global.emit(report.json) { DedupCommand.describe(report) }
        }
    }

    static func describe(_ report: DedupReport) -> String {
        let result = report.result
        var lines = [
            "Compared \(report.examples) examples (\(result.embeddedItems) with embeddings; shingles \(result.shingle), "
                + "LSH \(result.bands.bands)×\(result.bands.rows); semantic search \(result.semanticSearch))"
        ]
        for (check, count) in report.flagsByCheck { lines.append("  \(TextTable.cell(check, 18)) \(count) flags") }
        var tiers: [String] = []
        for tier in DuplicateTier.allCases {
            let count = result.clusters.reduce(0) { $0 + $1.members.filter { $0.tier == tier }.count }
            tiers.append("\(tier.rawValue) \(count)")
        }
        lines.append("  by tier: " + tiers.joined(separator: ", "))
        let largest = result.clusters.sorted { $0.size > $1.size || ($0.size == $1.size && $0.number < $1.number) }
        if !largest.isEmpty {
            lines.append("Largest clusters:")
            for cluster in largest.prefix(5) {
                lines.append(
                    "  cluster \(cluster.number): \(cluster.size) examples, #\(report.exampleIDs[cluster.representative]) kept"
                        + " (see `winnow show \(report.exampleIDs[cluster.representative])`)")
            }
        }
        if !result.cannedReplies.isEmpty {
            lines.append("Canned replies (responses shared by many examples):")
            for (reply, text) in zip(result.cannedReplies, report.cannedReplyTexts).prefix(10) {
                lines.append(
                    "  \(reply.items.count) examples, e.g. #\(report.exampleIDs[reply.representative]): "
                        + TextTable.clip(text, 80))
            }
        }
        for note in report.notes { lines.append("note: \(note)") }
        lines.append(
            "\(result.clusters.count) clusters, \(result.flaggedCount) examples flagged (run \(report.runID), "
                + String(format: "%.1f s)", report.seconds))
        return lines.joined(separator: "\n")
    }
}

/// Seconds since the current stage of a long run started (progress is reported per stage).
final class StageClock: @unchecked Sendable {
    // @unchecked: `current` and `started` are guarded by `lock`.
    private let lock = NSLock()
    private var current = ""
    private var started = Date()

    /// Seconds since `stage` was first seen (a new stage restarts the clock).
    func elapsed(in stage: String) -> Double {
        lock.lock()
        defer { lock.unlock() }
        if stage != current {
            current = stage
            started = Date()
        }
        return Date().timeIntervalSince(started)
    }
}
