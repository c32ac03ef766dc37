import Foundation
import WinnowAudit
import WinnowCore

/// The flags of one audit: `label-issue` and `label-doubt` per suspect example, `label-taxonomy` for label
/// variants, labels with too few examples and merge candidates. Every message says which evidence fired, with
/// its numbers.
struct AuditFlags {
    let result: AuditResult
    let ids: [Int64]
    let parameters: AuditParameters
    let runID: Int64

    var all: [Flag] { result.issues.map(issueFlag) + taxonomyFlags }

    var classNames: [String] { result.classNames }
    var labels: [Int] { result.labels }

    func issueFlag(_ issue: LabelIssue) -> Flag {
        let given = result.givenLabels[issue.row]
        let suggested = issue.suggestedLabel
        var evidence = JSONObject()
        evidence["kinds"] = .array(issue.kinds.map { .string($0.rawValue) })
        evidence["label"] = .string(given)
        evidence["suggested_label"] = .string(suggested)
        evidence["confidence"] = .number(Self.rounded(min(1, max(0, issue.confidence))))
        evidence["self_confidence"] = .number(Self.rounded(issue.selfConfidence))
        evidence["model_self_confidence"] = .number(Self.rounded(issue.modelSelfConfidence))
        var reasons: [String] = []
        if let rank = issue.rank {
            evidence["rank"] = .number(Double(rank))
            evidence["estimated_wrong_labels"] = .number(Double(result.estimatedIssues))
            reasons.append(
                "confident learning ranks it \(rank) of \(result.estimatedIssues) estimated wrong labels "
                    + "(probability of '\(given)' \(Self.format(issue.selfConfidence)); out-of-fold model alone "
                    + "\(Self.format(issue.modelSelfConfidence)))")
        }
        let vote = issue.vote
        var neighbours = JSONObject()
        neighbours["k"] = .number(Double(vote.neighbours))
        neighbours["given_share"] = .number(Self.rounded(vote.givenShare))
        if let other = vote.topOther {
            neighbours["top_label"] = .string(classNames[other])
            neighbours["top_share"] = .number(Self.rounded(vote.topOtherShare))
            neighbours["top_count"] = .number(Double(vote.topOtherCount))
        }
        evidence["neighbours"] = .object(neighbours)
        if issue.kinds.contains(.neighbours), let other = vote.topOther {
            reasons.append(
                "\(vote.topOtherCount) of its \(vote.neighbours) nearest neighbours are '\(classNames[other])' "
                    + "(weighted share \(Self.format(vote.topOtherShare)); '\(given)' \(Self.format(vote.givenShare)))")
        }
        if let conflict = issue.conflict {
            evidence["cluster"] = .number(Double(conflict.cluster))
            evidence["cluster_label"] = .string(issue.clusterLabel ?? "")
            evidence["cluster_share"] = .number(Self.rounded(conflict.majorityShare))
            evidence["cluster_copy"] = .bool(conflict.isCopy)
            reasons.append(
                "\(conflict.isCopy ? "a copy of the same text" : "a paraphrase") in its duplicate cluster "
                    + "\(conflict.cluster) is labelled '\(issue.clusterLabel ?? "")' (\(Int((conflict.majorityShare * Double(conflict.size)).rounded())) "
                    + "of \(conflict.size) members; average probability \(Self.format(conflict.support)))")
        }
        let check = issue.isStrong ? "label-issue" : "label-doubt"
        let message =
            "label '\(given)' looks wrong, suggested '\(suggested)' (confidence \(Self.format(issue.confidence))): "
            + reasons.joined(separator: "; ")
        return Flag(
            exampleID: ids[issue.row], check: check, severity: issue.isStrong ? .warning : .info, field: "label",
            message: message, evidence: evidence, runID: runID)
    }

    var taxonomyFlags: [Flag] {
        var flags: [Flag] = []
        let rowsOfLabel = Dictionary(grouping: labels.indices, by: { classNames[labels[$0]] })
        let rowsOfGivenLabel = Dictionary(grouping: labels.indices, by: { result.givenLabels[$0] })
        for variant in result.variants {
            let confidence = Double(variant.canonicalCount) / Double(variant.canonicalCount + variant.count)
            for row in rowsOfGivenLabel[variant.label] ?? [] {
                var evidence = JSONObject()
                evidence["kind"] = .string("variant")
                evidence["label"] = .string(variant.label)
                evidence["suggested_label"] = .string(variant.canonical)
                evidence["confidence"] = .number(Self.rounded(confidence))
                evidence["examples"] = .number(Double(variant.count))
                evidence["canonical_examples"] = .number(Double(variant.canonicalCount))
                flags.append(
                    Flag(
                        exampleID: ids[row], check: "label-taxonomy", severity: .warning, field: "label",
                        message:
                            "label '\(variant.label)' (\(Self.examples(variant.count))) differs from "
                            + "'\(variant.canonical)' (\(Self.examples(variant.canonicalCount))) only in case, "
                            + "spacing or punctuation",
                        evidence: evidence, runID: runID))
            }
        }
        for rare in result.rareLabels {
            for row in rowsOfLabel[rare.label] ?? [] {
                flags.append(
                    Flag(
                        exampleID: ids[row], check: "label-taxonomy", severity: .info, field: "label",
                        message: "label '\(rare.label)' has only \(Self.examples(rare.count)) (fewer than "
                            + "\(parameters.minimumExamples)): too few to learn",
                        evidence: JSONObject([
                            ("kind", "too-few"), ("label", .string(rare.label)),
                            ("examples", .number(Double(rare.count))),
                        ]),
                        runID: runID))
            }
        }
        for pair in result.mergeCandidates {
            let (a, b) = (classNames[pair.first], classNames[pair.second])
            let smaller = (rowsOfLabel[a]?.count ?? 0) <= (rowsOfLabel[b]?.count ?? 0) ? a : b
            let other = smaller == a ? b : a
            for row in rowsOfLabel[smaller] ?? [] {
                flags.append(
                    Flag(
                        exampleID: ids[row], check: "label-taxonomy", severity: .info, field: "label",
                        message:
                            "labels '\(a)' and '\(b)' overlap (overlap \(Self.format(pair.overlap)), mean embeddings "
                            + "at cosine \(Self.format(pair.centroidCosine))): the data cannot tell them apart; merge "
                            + "candidate",
                        evidence: JSONObject([
                            ("kind", "merge-candidate"), ("label", .string(smaller)), ("merge_with", .string(other)),
                            ("overlap", .number(Self.rounded(pair.overlap))),
                            ("centroid_cosine", .number(Self.rounded(pair.centroidCosine))),
                        ]), runID: runID))
            }
        }
        return flags
    }

    /// `1 example`, `14 examples`.
    static func examples(_ count: Int) -> String { count == 1 ? "1 example" : "\(count) examples" }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
