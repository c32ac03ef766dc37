/// One section of a report: a heading, a lead sentence, where its numbers come from, and its content.
public struct ReportSection: Sendable, Equatable {
    /// The anchor id (`sources`, `flags`, ...), used by the table of contents.
    public var id: String
    /// The heading.
    public var title: String
    /// One or two sentences saying what the section shows.
    public var lead: String
    /// Where the numbers come from: the stored runs and tables they were read from (`run #12 dedup, ...`).
    public var provenance: [String]
    /// The content.
    public var content: [HTMLFragment]

    /// A section.
    public init(id: String, title: String, lead: String, provenance: [String] = [], content: [HTMLFragment]) {
        self.id = id
        self.title = title
        self.lead = lead
        self.provenance = provenance
        self.content = content
    }
}

extension ReportSection {
    /// The section as markup: a `<section>` with its heading, lead, sources and content.
    public var fragment: HTMLFragment {
        var html = "<section id=\"\(HTMLEscaping.escape(id))\">\n"
        html += "<h2>\(HTMLEscaping.escape(title))</h2>\n"
        html += "<p class=\"lead\">\(HTMLFragment.inline(lead))</p>\n"
        if !provenance.isEmpty {
            html += "<p class=\"source\">Source: \(HTMLFragment.inline(provenance.joined(separator: "; ")))</p>\n"
        }
        html += content.map(\.html).joined(separator: "\n")
        return HTMLFragment(raw: html + "\n</section>\n")
    }
}

/// A whole report as one self-contained HTML page: inline CSS and SVG, no script, no external request, so it opens
/// from disk in any browser and can be mailed as one file.
public struct ReportPage: Sendable, Equatable {
    /// The page title.
    public var title: String
    /// A line under the title (store, time of writing).
    public var subtitle: String
    /// The sections, in order.
    public var sections: [ReportSection]

    /// A page.
    public init(title: String, subtitle: String, sections: [ReportSection]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    /// The page's HTML.
    public var html: String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>\(HTMLEscaping.escape(title))</title>
            <style>
            \(ReportStyle.pageCSS)</style></head>
            <body><main>
            <h1>\(HTMLEscaping.escape(title))</h1>
            <p class="lead">\(HTMLEscaping.escape(subtitle))</p>
            <nav class="toc">
            """
        for section in sections {
            html +=
                "<div><a href=\"#\(HTMLEscaping.escape(section.id))\">\(HTMLEscaping.escape(section.title))</a></div>"
        }
        html += "</nav>\n"
        for section in sections { html += section.fragment.html }
        return html + "</main></body></html>\n"
    }
}
