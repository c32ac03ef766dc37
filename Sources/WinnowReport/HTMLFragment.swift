/// A piece of HTML that is safe by construction: text goes in only through escaping constructors, and markup only
/// from this module's own builders (charts, tables, tiles). Report sections are lists of fragments, so ticket text
/// cannot become markup anywhere in a report.
public struct HTMLFragment: Sendable, Equatable {
    /// The markup.
    public let html: String

    init(raw: String) { html = raw }

    /// A paragraph of plain text; stretches between pairs of backquotes are set as code.
    public static func paragraph(_ text: String, className: String? = nil) -> HTMLFragment {
        let classAttribute = className.map { " class=\"\(HTMLEscaping.escape($0))\"" } ?? ""
        return HTMLFragment(raw: "<p\(classAttribute)>\(inline(text))</p>")
    }

    /// `text` escaped, with stretches between pairs of backquotes set as `<code>` (an unpaired backquote stays).
    public static func inline(_ text: String) -> String {
        let pieces = text.split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count >= 3 else { return HTMLEscaping.escape(text) }
        var html = ""
        for (index, piece) in pieces.enumerated() {
            let escaped = HTMLEscaping.escape(String(piece))
            if index % 2 == 0 {
                html += escaped
            } else if index == pieces.count - 1 {
                html += "`" + escaped
            } else {
                html += "<code>" + escaped + "</code>"
            }
        }
        return html
    }

    /// A sub-heading.
    public static func heading(_ text: String) -> HTMLFragment {
        HTMLFragment(raw: "<h3>\(HTMLEscaping.escape(text))</h3>")
    }

    /// A chart's SVG (made by ``BarChart``, ``StackedBarChart``, ``IntervalChart``, ``HeatMap`` or ``LineChart``).
    public static func chart(_ svg: ChartSVG) -> HTMLFragment { HTMLFragment(raw: svg.markup) }

    /// Headline numbers as tiles: each a value and what it counts.
    public static func tiles(_ items: [(value: String, caption: String)]) -> HTMLFragment {
        let tiles = items.map {
            "<div class=\"tile\"><strong>\(HTMLEscaping.escape($0.value))</strong><span>\(HTMLEscaping.escape($0.caption))</span></div>"
        }
        return HTMLFragment(raw: "<div class=\"tiles\">\(tiles.joined())</div>")
    }

    /// A table; cells are text, numbers are right-aligned.
    public static func table(_ table: ReportTable) -> HTMLFragment { HTMLFragment(raw: table.html) }

    /// Fragments one after another.
    public static func group(_ fragments: [HTMLFragment]) -> HTMLFragment {
        HTMLFragment(raw: fragments.map(\.html).joined(separator: "\n"))
    }
}

/// The markup of a chart, made only by the chart types of this module.
public struct ChartSVG: Sendable, Equatable {
    /// The `<svg>` element.
    public let markup: String

    init(_ markup: String) { self.markup = markup }
}

extension BarChart {
    /// The chart as a report fragment.
    public func fragment(title: String) -> HTMLFragment { .chart(ChartSVG(svg(title: title))) }
}

extension StackedBarChart {
    /// The chart as a report fragment.
    public func fragment(title: String) -> HTMLFragment { .chart(ChartSVG(svg(title: title))) }
}

extension IntervalChart {
    /// The chart as a report fragment.
    public func fragment(title: String) -> HTMLFragment { .chart(ChartSVG(svg(title: title))) }
}

extension HeatMap {
    /// The chart as a report fragment.
    public func fragment(title: String) -> HTMLFragment { .chart(ChartSVG(svg(title: title))) }
}

extension LineChart {
    /// The chart as a report fragment.
    public func fragment(title: String) -> HTMLFragment { .chart(ChartSVG(svg(title: title))) }
}
