import WinnowApp
import WinnowCore
import WinnowReport

/// The summary page: links into the queue by status, label, check and reviewer, then the same charts as
/// `winnow report` (sources, labels, flags, duplicate clusters, label findings, review progress, splits, training),
/// drawn from the store at the time of the request.
enum SummaryView {
    static func render(_ summary: ReviewSummary, report: ReportPage) -> HTML {
        let statuses = summary.byStatus.map { entry -> HTML in
            """
            <tr><th><a href="/queue?status=\(entry.status.rawValue)">\(entry.status.rawValue)</a></th>\
            <td>\(entry.count)</td></tr>
            """
        }
        let labels = summary.byLabel.map { entry -> HTML in
            """
            <tr><th><a href="/queue?status=any&amp;label=\(FormFields.escape(entry.label))">\(entry.label)</a></th>\
            <td>\(entry.count)</td></tr>
            """
        }
        let checks = summary.byCheck.map { entry -> HTML in
            """
            <tr><th><a href="/queue?status=any&amp;check=\(FormFields.escape(entry.check))">\(entry.check)</a></th>\
            <td>\(Pages.severity(entry.severity))</td><td>\(entry.flags)</td><td>\(entry.examples)</td></tr>
            """
        }
        let suggestions = summary.bySuggestion.map { group -> HTML in
            """
            <tr><th><a href="/queue?suggestion=\(FormFields.escape(group.label))">\(group.label)</a></th>\
            <td>\(group.examples)</td><td>\(group.surer)</td></tr>
            """
        }
        let suggested: HTML =
            suggestions.isEmpty
            ? ""
            : """
            <section><h2>Pending by suggested label</h2><table><thead><tr><th>Suggested</th><th>Examples</th>\
            <th>Confidence ≥ 0.5</th></tr></thead>\(suggestions)</table></section>
            """
        let reviewers = summary.byReviewer.map { entry -> HTML in
            "<tr><th>\(entry.reviewer)</th><td>\(entry.count)</td></tr>"
        }
        let sections = report.sections.filter { $0.id != "overview" }.map { section -> HTML in "\(section.fragment)" }
        return """
            <h1>Summary <span class="count">\(summary.examples) examples; \(summary.flaggedPending) flagged and \
            pending</span></h1>
            <div class="summary">
            <section><h2>By status</h2><table>\(statuses)</table></section>
            <section><h2>By label</h2><table>\(labels)</table></section>
            <section><h2>By check</h2><table><thead><tr><th>Check</th><th>Severity</th><th>Flags</th>\
            <th>Examples</th></tr></thead>\(checks)</table></section>
            \(suggested)
            <section><h2>Decisions by reviewer</h2><table>\(reviewers)</table></section>
            </div>
            <div class="report">\(sections)</div>
            """
    }
}
