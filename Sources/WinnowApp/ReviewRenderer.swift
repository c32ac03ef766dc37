import Foundation
import WinnowCore
import WinnowReview
import WinnowStore

/// Draws an example for the terminal review loop: flagged spans marked, duplicates with their differences, the
/// suggested label. With `colours`, ANSI styles; without, plain markers (`»flagged«`, `[-removed-]`, `{+added+}`).
public struct ReviewRenderer: Sendable {
    /// Whether to use ANSI colours.
    public var colours: Bool

    /// A renderer.
    public init(colours: Bool) {
        self.colours = colours
    }

    private func style(_ text: String, _ code: String) -> String {
        colours ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func severityText(_ severity: Severity) -> String {
        switch severity {
        case .error: return style("error", "1;31")
        case .warning: return style("warning", "33")
        case .info: return style("info", "36")
        }
    }

    /// The screen for `detail`; `position` is `3 of 12` style context.
    public func render(_ detail: ExampleDetail, position: String) -> String {
        let example = detail.example
        var lines: [String] = []
        var header = "#\(example.id) · \(example.status.rawValue) · label \(example.label ?? "-")"
        if let override = example.labelOverride { header += " -> \(override)" }
        header += " · version \(example.version) · \(detail.flags.count) flag\(detail.flags.count == 1 ? "" : "s")"
        lines.append(style("── " + header + " ── " + position, "1"))
        lines.append(
            "Source: \(example.sourcePath), \(example.locator)" + (example.ticketID.map { " · ticket \($0)" } ?? ""))
        lines.append("")
        lines.append(style("Input:", "1"))
        lines.append(indent(highlight(example.input, spans: detail.spans(in: "input"))))
        if let edited = example.editedInput { lines += [style("Input as edited:", "1"), indent(edited)] }
        lines.append(style("Response:", "1"))
        lines.append(indent(example.response.map { highlight($0, spans: detail.spans(in: "response")) } ?? "(none)"))
        if let edited = example.editedResponse { lines += [style("Response as edited:", "1"), indent(edited)] }
        if !detail.flags.isEmpty {
            lines.append(style("Flags:", "1"))
            for flag in detail.flags {
                var line = "  [\(severityText(flag.severity))] \(flag.check)"
                if let field = flag.field { line += " (\(field))" }
                line += ": \(flag.message)"
                lines.append(line)
            }
        }
        for duplicate in detail.duplicates {
            let relation =
                duplicate.role == .representative
                ? "Resembles #\(duplicate.other.id), the kept example"
                : "#\(duplicate.other.id) is a copy of this one"
            lines.append(style("\(relation): \(duplicate.evidence.describe(check: duplicate.check))", "1"))
            let other = "#\(duplicate.other.id)"
            let this = "#\(example.id)"
            let width = max(other.count, this.count)
            func pad(_ text: String) -> String { text + String(repeating: " ", count: width - text.count) }
            lines.append("  input     \(pad(other)) " + diff(duplicate.inputDiff, side: .removed))
            lines.append("            \(pad(this)) " + diff(duplicate.inputDiff, side: .inserted))
            if duplicate.responseDiff.contains(where: { $0.kind != .same }) {
                lines.append("  response  \(pad(other)) " + diff(duplicate.responseDiff, side: .removed))
                lines.append("            \(pad(this)) " + diff(duplicate.responseDiff, side: .inserted))
            }
        }
        if let suggestion = detail.suggestion {
            lines.append(style("Suggested label: ", "1") + style(suggestion.description, "32"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` with the flagged spans marked.
    public func highlight(_ text: String, spans: [(index: Int, span: TextSpan)]) -> String {
        let cut = HighlightedText(text, spans: spans.map(\.span))
        return cut.runs.map { run in
            guard !run.marks.isEmpty else { return run.text }
            return colours ? "\u{1B}[7m\(run.text)\u{1B}[0m" : "»\(run.text)«"
        }.joined()
    }

    /// One side of a word diff on one line: the old text with its removed runs marked (`side: .removed`), or the
    /// new text with its inserted runs marked (`side: .inserted`).
    public func diff(_ segments: [DiffSegment], side: DiffSegment.Kind) -> String {
        segments.compactMap { segment -> String? in
            let text = segment.text.replacingOccurrences(of: "\n", with: " ")
            switch segment.kind {
            case .same: return text
            case .removed:
                guard side == .removed else { return nil }
                return colours ? "\u{1B}[1;31m\(text)\u{1B}[0m" : "[-\(text)-]"
            case .inserted:
                guard side == .inserted else { return nil }
                return colours ? "\u{1B}[1;32m\(text)\u{1B}[0m" : "{+\(text)+}"
            }
        }.joined()
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
