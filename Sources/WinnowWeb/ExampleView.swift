import Foundation
import WinnowApp
import WinnowCore
import WinnowReview
import WinnowStore

/// One example: the actions, its texts with flagged spans marked, the thread, the flags with their evidence, the
/// duplicates side by side with their differences, the suggested label, metadata and history.
enum ExampleView {
    struct Context {
        var detail: ExampleDetail
        var query: QueueQuery
        var previous: Int64?
        var next: Int64?
        var labels: [String]
        var token: String
    }

    static func render(_ context: Context) -> HTML {
        let detail = context.detail
        let example = detail.example
        var navigation: [HTML] = ["<a href=\"\(context.query.queueURL)\" data-key=\"q\">Queue <kbd>q</kbd></a>"]
        if let previous = context.previous {
            navigation.append(
                "<a href=\"\(context.query.exampleURL(previous))\" rel=\"prev\" data-key=\"k\">Previous <kbd>k</kbd></a>"
            )
        }
        if let next = context.next {
            navigation.append(
                "<a href=\"\(context.query.exampleURL(next))\" rel=\"next\" data-key=\"j\">Next <kbd>j</kbd></a>")
        }
        var label: HTML = "\(example.label, or: "(none)")"
        if let override = example.labelOverride {
            label = "<s>\(example.label, or: "(none)")</s> → <strong>\(override)</strong>"
        }
        return """
            <nav class="example-nav">\(navigation)</nav>
            <h1 id="example" data-id="\(example.id)" data-version="\(example.version)">Example #\(example.id) \
            \(Pages.status(example.status)) <span class="meta">version \(example.version) · \
            label \(label) · \(detail.flags.count) flag\(detail.flags.count == 1 ? "" : "s")</span></h1>
            <p class="provenance">\(example.sourcePath), \(example.locator.description)\
            \(example.ticketID.map { " · ticket " + $0 } ?? "")\
            \(example.trainingPoint.map { " · training point " + $0 } ?? "")</p>
            \(actions(context))
            <div class="fields">
            \(field("Input", text: example.input, spans: detail.spans(in: "input"), flags: detail.flags,
                   edited: example.editedInput))
            \(field("Response", text: example.response, spans: detail.spans(in: "response"), flags: detail.flags,
                   edited: example.editedResponse))
            </div>
            \(suggestion(detail.suggestion, example: example))
            \(flags(detail.flags))
            \(duplicates(detail.duplicates, example: example, query: context.query))
            \(thread(example.messages))
            \(metadata(example.metadata))
            \(history(detail.history))
            """
    }

    static func actions(_ context: Context) -> HTML {
        let example = context.detail.example
        let action = "/examples/\(example.id)/decide"
        func form(_ name: String, _ title: String, key: String, extra: HTML = "") -> HTML {
            """
            <form method="post" action="\(action)" class="action" data-action="\(name)">
            \(hiddenFields(context))
            \(Pages.hidden("action", name))
            \(extra)<button type="submit" data-key="\(key)">\(title) <kbd>\(key)</kbd></button>
            </form>
            """
        }
        let suggested = context.detail.suggestion?.label ?? example.effectiveLabel ?? ""
        let labels = HTML.join(context.labels.map { "<option value=\"\($0)\"></option>" })
        // Relabel to the suggestion and approve, in one decision.
        // From a queue filtered by a suggestion, that one (what the route accepts).
        let accept: HTML =
            LabelSuggestion.best(in: context.detail.flags, naming: context.query.suggestion).map { suggestion in
                form("accept", "Accept \(suggestion.label)", key: "g")
            } ?? ""
        return """
            <div class="actions">
            \(form("approve", "Approve", key: "a"))
            \(form("reject", "Reject", key: "r"))
            \(form("relabel", "Relabel", key: "l", extra: """
                <input name="label" id="relabel-input" list="example-labels" value="\(suggested)" size="14" \
                aria-label="New label" required>
                """))
            \(accept)
            \(form("reset", "Reset", key: "x"))
            \(form("testcase", "Test case", key: "t"))
            <datalist id="example-labels">\(labels)</datalist>
            </div>
            <details class="edit" id="edit">
            <summary>Edit the texts <kbd>e</kbd></summary>
            <form method="post" action="\(action)" class="action" data-action="edit">
            \(hiddenFields(context))
            \(Pages.hidden("action", "edit"))
            <label>Input<textarea name="input" rows="6" id="edit-input">\(example.effectiveInput)</textarea></label>
            <label>Response<textarea name="response" rows="6">\(example.effectiveResponse ?? "")</textarea></label>
            <label>Note <input name="note" size="40"></label>
            <button type="submit">Save the edit</button>
            <span class="hint">The original text is kept; exports use the edited one.</span>
            </form>
            </details>
            """
    }

    static func hiddenFields(_ context: Context) -> HTML {
        """
        \(Pages.hidden("csrf", context.token))
        \(Pages.hidden("version", String(context.detail.example.version)))
        \(Pages.hidden("q", context.query.queryString(includingPage: false)))
        """
    }

    /// A text with its flagged spans in `<mark>` (title: the check and message).
    static func highlighted(_ text: String, spans: [(index: Int, span: TextSpan)], flags: [Flag]) -> HTML {
        let cut = HighlightedText(text, spans: spans.map(\.span))
        return HTML.join(
            cut.runs.map { run in
                guard !run.marks.isEmpty else { return "\(run.text)" }
                let marked = run.marks.map { flags[spans[$0].index] }
                let severity = marked.map(\.severity).max() ?? .info
                let title = marked.map { "\($0.check): \($0.message)" }.joined(separator: "\n")
                return "<mark class=\"sev-\(severity.rawValue)\" title=\"\(title)\">\(run.text)</mark>"
            })
    }

    static func field(
        _ name: String, text: String?, spans: [(index: Int, span: TextSpan)], flags: [Flag], edited: String?
    ) -> HTML {
        let body: HTML =
            text.map { "<pre class=\"text\">\(highlighted($0, spans: spans, flags: flags))</pre>" }
            ?? "<p class=\"empty\">(none)</p>"
        let editedHTML: HTML =
            edited.map {
                "<h3>\(name) as edited (exports use this)</h3><pre class=\"text edited\">\($0)</pre>"
            } ?? ""
        return "<section class=\"field\"><h2>\(name)</h2>\(body)\(editedHTML)</section>"
    }

    static func suggestion(_ suggestion: LabelSuggestion?, example: Example) -> HTML {
        guard let suggestion, suggestion.label != example.effectiveLabel else { return "" }
        return """
            <p class="suggestion">Suggested label: <strong>\(suggestion.label)</strong> \
            (\(suggestion.basis)); press <kbd>l</kbd> and Enter to apply it.</p>
            """
    }

    static func flags(_ flags: [Flag]) -> HTML {
        guard !flags.isEmpty else { return "<section><h2>Flags</h2><p class=\"empty\">No flags.</p></section>" }
        let rows = flags.map { flag -> HTML in
            let evidence = HTML.join(
                flag.evidence.map { member in
                    "<div><span class=\"key\">\(member.key)</span> \(member.value.scalarText ?? member.value.serialized)</div>"
                })
            return """
                <tr><td>\(Pages.severity(flag.severity))</td><td>\(flag.check)</td><td>\(flag.field ?? "")</td>\
                <td>\(flag.message)</td><td class="evidence">\(evidence)</td></tr>
                """
        }
        return """
            <section><h2>Flags</h2>
            <table class="flags"><thead><tr><th>Severity</th><th>Check</th><th>Field</th><th>Message</th>\
            <th>Evidence</th></tr></thead><tbody>\(rows)</tbody></table></section>
            """
    }

    static func diffHTML(_ segments: [DiffSegment], side: DiffSegment.Kind) -> HTML {
        HTML.join(
            segments.compactMap { segment -> HTML? in
                switch segment.kind {
                case .same: return "\(segment.text)"
                case .removed: return side == .removed ? "<del>\(segment.text)</del>" : nil
                case .inserted: return side == .inserted ? "<ins>\(segment.text)</ins>" : nil
                }
            })
    }

    static func duplicates(_ comparisons: [DuplicateComparison], example: Example, query: QueueQuery) -> HTML {
        guard !comparisons.isEmpty else { return "" }
        let blocks = comparisons.map { comparison -> HTML in
            let other = comparison.other
            let heading: HTML =
                comparison.role == .representative
                ? "Resembles <a href=\"\(query.exampleURL(other.id))\">#\(other.id)</a>, the example its cluster keeps"
                : "<a href=\"\(query.exampleURL(other.id))\">#\(other.id)</a> is a copy of this one"
            return """
                <div class="duplicate">
                <h3>\(heading): \(comparison.evidence.describe(check: comparison.check))</h3>
                <div class="side-by-side">
                <div><h4>#\(other.id) · \(other.effectiveLabel, or: "(no label)") · \(other.status.rawValue)</h4>
                <pre class="text">\(diffHTML(comparison.inputDiff, side: .removed))</pre>
                <pre class="text response">\(diffHTML(comparison.responseDiff, side: .removed))</pre></div>
                <div><h4>#\(example.id) (this one) · \(example.effectiveLabel, or: "(no label)")</h4>
                <pre class="text">\(diffHTML(comparison.inputDiff, side: .inserted))</pre>
                <pre class="text response">\(diffHTML(comparison.responseDiff, side: .inserted))</pre></div>
                </div>
                </div>
                """
        }
        return """
            <section class="duplicates"><h2>Duplicates</h2>
            <p class="hint">Words only in one of the two are marked: struck out on the left, underlined on the right.</p>
            \(blocks)</section>
            """
    }

    static func thread(_ messages: [Message]) -> HTML {
        guard !messages.isEmpty else { return "" }
        let turns = messages.map { message -> HTML in
            """
            <li class="turn role-\(message.role.rawValue)"><span class="role">\(message.role.rawValue)</span>\
            <pre class="text">\(message.shownText)</pre></li>
            """
        }
        return "<section><h2>Thread</h2><ol class=\"thread\">\(turns)</ol></section>"
    }

    static func metadata(_ metadata: JSONObject) -> HTML {
        guard !metadata.isEmpty else { return "" }
        let rows = metadata.map { member -> HTML in
            "<tr><th>\(member.key)</th><td>\(member.value.scalarText ?? member.value.serialized)</td></tr>"
        }
        return "<section><h2>Metadata</h2><table class=\"metadata\">\(rows)</table></section>"
    }

    static func history(_ history: [DecisionRecord]) -> HTML {
        guard !history.isEmpty else {
            return "<section><h2>History</h2><p class=\"empty\">No decisions yet.</p></section>"
        }
        let formatter = ISO8601DateFormatter()
        let rows = history.reversed().map { decision -> HTML in
            """
            <tr><td>\(formatter.string(from: decision.createdAt))</td><td>\(decision.reviewer)</td>\
            <td>\(decision.action)</td><td>\(decision.changeSummary)</td><td>\(decision.note ?? "")</td>\
            <td>\(decision.version.map(String.init) ?? "")</td></tr>
            """
        }
        return """
            <section><h2>History</h2>
            <table class="history"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Change</th><th>Note</th>\
            <th>Version</th></tr></thead><tbody>\(rows)</tbody></table></section>
            """
    }
}
