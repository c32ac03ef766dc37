import Foundation
import WinnowApp
import WinnowCore
import WinnowReview
import WinnowStore

/// The queue: filters, the examples ranked by impact, paging, and bulk actions on the filter.
enum QueueView {
    struct Choices {
        /// Checks with flags, for the check filter.
        var checks: [String]
        /// Known labels, for the label filter.
        var labels: [String]
    }

    static func render(page: QueuePage, query: QueueQuery, choices: Choices, token: String) -> HTML {
        let first = page.total == 0 ? 0 : (query.page - 1) * QueueQuery.pageSize + 1
        let last = min(page.total, query.page * QueueQuery.pageSize)
        let rows = page.entries.map { entry in
            row(entry, query: query, suggestion: page.suggestions[entry.example.id])
        }
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No example matches these filters.</p>"
            : """
            <table class="queue" id="queue">
            <thead><tr><th>#</th><th>Severity</th><th>Flags</th><th>Checks</th><th>Status</th><th>Label</th>\
            <th>Suggested</th><th>Input</th></tr></thead>
            <tbody>
            \(rows)
            </tbody>
            </table>
            """
        var pager: [HTML] = []
        if query.page > 1 {
            pager.append("<a href=\"\(query.onPage(query.page - 1).queueURL)\" rel=\"prev\">Previous page</a>")
        }
        if last < page.total {
            pager.append("<a href=\"\(query.onPage(query.page + 1).queueURL)\" rel=\"next\">Next page</a>")
        }
        return """
            <h1>Queue <span class="count">\(first)–\(last) of \(page.total) examples, ranked by impact</span></h1>
            \(filters(query: query, choices: choices))
            \(table)
            <nav class="pager">\(pager)</nav>
            <form id="action-form" method="post" action="/queue" hidden>
            \(Pages.hidden("csrf", token))
            \(Pages.hidden("q", query.queryString()))
            \(Pages.hidden("from", "queue"))
            <input type="hidden" name="action" value="">
            <input type="hidden" name="version" value="">
            <input type="hidden" name="label" value="">
            </form>
            \(bulk(total: page.total, query: query, asOf: page.asOfDecision, token: token))
            """
    }

    static func row(_ entry: QueueEntry, query: QueueQuery, suggestion: LabelSuggestion?) -> HTML {
        let example = entry.example
        let url = query.exampleURL(example.id)
        var label: HTML = "\(example.label, or: "–")"
        if let override = example.labelOverride {
            label = "<s>\(example.label, or: "–")</s> \(override)"
        }
        return """
            <tr data-id="\(example.id)" data-version="\(example.version)" data-url="\(url)" \
            data-suggested="\(suggestion?.label ?? example.effectiveLabel ?? "")">
            <td><a href="\(url)">#\(example.id)</a></td>
            <td>\(Pages.severity(entry.maxSeverity))</td>
            <td>\(entry.flagCount)</td>
            <td class="checks">\(entry.checks.joined(separator: ", "))</td>
            <td>\(Pages.status(example.status))</td>
            <td>\(label)</td>
            <td>\(suggested(suggestion))</td>
            <td class="excerpt">\(excerpt(example.effectiveInput))</td>
            </tr>
            """
    }

    /// `Billing 0.93`, the label suggested and how sure; `–` without one.
    static func suggested(_ suggestion: LabelSuggestion?) -> HTML {
        guard let suggestion else { return "–" }
        guard let confidence = suggestion.confidence else { return "\(suggestion.label)" }
        return "\(suggestion.label) <span class=\"count\">\(String(format: "%.2f", confidence))</span>"
    }

    static func excerpt(_ text: String, length: Int = 140) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > length ? String(flat.prefix(length - 1)) + "…" : flat
    }

    static func filters(query: QueueQuery, choices: Choices) -> HTML {
        let checks = [("", "any check")] + choices.checks.map { ($0, $0) }
        let severities = [("", "any severity")] + Severity.allCases.reversed().map { ($0.rawValue, $0.rawValue) }
        let statuses = [
            ("pending", "pending"), ("approved", "approved"), ("rejected", "rejected"), ("any", "any status"),
        ]
        let flagged = [("any", "flagged or not"), ("yes", "flagged"), ("no", "not flagged")]
        let labels = HTML.join(choices.labels.map { "<option value=\"\($0)\"></option>" })
        return """
            <form class="filters" method="get" action="/queue" id="filters">
            <label>Check <select name="check">\(Pages.options(checks, selected: query.check))</select></label>
            <label>Severity <select name="severity">\
            \(Pages.options(severities, selected: query.severity?.rawValue))</select></label>
            <label>Label <input name="label" list="labels" value="\(query.label ?? "")" size="12"></label>
            <label>Training point <input name="training_point" value="\(query.trainingPoint ?? "")" size="12"></label>
            <label>Source <input name="source" value="\(query.source ?? "")" size="14"></label>
            <label>Suggested <input name="suggestion" list="labels" value="\(query.suggestion ?? "")" size="12"></label>
            <label>Confidence ≥ <input name="confidence" value="\(query.minimumConfidence.map { String($0) } ?? "")" \
            size="4" inputmode="decimal"></label>
            <label>Status <select name="status">\(Pages.options(statuses, selected: query.status?.rawValue ?? "any"))\
            </select></label>
            <label>Flags <select name="flagged">\
            \(Pages.options(flagged, selected: query.flagged.map { $0 ? "yes" : "no" } ?? "any"))</select></label>
            <button type="submit">Filter</button> <a href="/queue">Clear</a>
            <datalist id="labels">\(labels)</datalist>
            </form>
            """
    }

    static func bulk(total: Int, query: QueueQuery, asOf: Int64, token: String) -> HTML {
        guard total > 0 else { return "" }
        let noun = "\(total) example\(total == 1 ? "" : "s")"
        return """
            <section class="bulk">
            <h2>Bulk action on this filter (\(noun))</h2>
            <form method="post" action="/bulk" data-confirm="Apply to all \(noun) matching these filters?">
            \(Pages.hidden("csrf", token))
            \(Pages.hidden("q", query.queryString(includingPage: false)))
            \(Pages.hidden("as_of", String(asOf)))
            <button type="submit" name="action" value="approve" data-key="A">Approve all \(noun) <kbd>A</kbd></button>
            <button type="submit" name="action" value="reject" data-key="R">Reject all \(noun) <kbd>R</kbd></button>
            <button type="submit" name="action" value="reset" data-key="X">Reset all \(noun) <kbd>X</kbd></button>
            <button type="submit" name="action" value="accept" data-key="G">Accept the suggested labels of all \
            \(noun) <kbd>G</kbd></button>
            <span class="hint">Examples decided by anyone after this page was drawn are left alone.</span>
            </form>
            </section>
            """
    }
}
