import Foundation

extension EvaluationReport {
    /// The report as Markdown: a summary, a table of training points (worst change first), then each point's
    /// failing test cases with the closest training examples. Texts from the data are escaped, so they cannot
    /// add markup, links or HTML.
    public var markdown: String {
        var lines: [String] = ["# Evaluation", ""]
        let change = overall.change
        lines.append(
            "\(overall.count) test cases: accuracy \(Self.percent(overall.accuracyBefore)) before (frozen encoder, "
                + "head fitted on the training data) → \(Self.percent(overall.accuracyAfter)) with the adapter, "
                + "change \(Self.signedPoints(change.estimate)) (95% interval \(Self.signedPoints(change.lower)) to "
                + "\(Self.signedPoints(change.upper))); macro-F1 \(Self.decimal(macroF1Before)) → "
                + "\(Self.decimal(macroF1After)).")
        lines += [
            "", "| training point | cases | before | after | change | 95% interval |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for point in points {
            lines.append(
                "| \(Self.escape(point.trainingPoint ?? "")) | \(point.count) | \(Self.percent(point.accuracyBefore)) | "
                    + "\(Self.percent(point.accuracyAfter)) | \(Self.signedPoints(point.change.estimate)) | "
                    + "\(Self.signedPoints(point.change.lower)) to \(Self.signedPoints(point.change.upper)) |")
        }
        let failing = points.filter { !$0.failures.isEmpty }
        if !failing.isEmpty { lines += ["", "## Failing test cases"] }
        for point in failing {
            lines += ["", "### \(Self.escape(point.trainingPoint ?? ""))", ""]
            for failure in point.failures {
                let regression = failure.rightBefore ? " (right before fine-tuning)" : ""
                lines.append(
                    "- \(Self.escape(failure.text)): expected \(Self.escape(failure.label)), predicted "
                        + "\(Self.escape(failure.predicted)) (\(Self.percent(Double(failure.probability))))\(regression)"
                )
                for neighbour in failure.nearest {
                    lines.append(
                        "  - nearest training example \(Self.decimal(Double(neighbour.similarity))): "
                            + "\(Self.escape(neighbour.text)) [\(Self.escape(neighbour.label))]")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `93.6%`.
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", 100 * value) }

    /// `+1.2 pt` / `-0.4 pt`.
    static func signedPoints(_ value: Double) -> String { String(format: "%+.1f pt", 100 * value) }

    /// `0.936`.
    static func decimal(_ value: Double) -> String { String(format: "%.3f", value) }

    /// `text` on one line with every Markdown and HTML special character escaped.
    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\n", "\r", "\r\n", "\t": result.append(" ")
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "(", ")", "|", "~":
                result.append("\\")
                result.append(character)
            default: result.append(character)
            }
        }
        return result
    }
}
