/// The CSS shared by the report file and the web UI: page typography, tables, and the chart classes the SVG charts
/// use (`series-N` colours from the Okabe–Ito palette, which colour-blind readers can tell apart).
public enum ReportStyle {
    /// Colours of `series-0` … `series-9`.
    public static let palette = [
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999",
        "#BBBBBB",
    ]

    /// Rules for the charts and the report's other components (tiles, sources, quoted text), for pages that bring
    /// their own typography: the report file and the web UI's summary page.
    public static var chartCSS: String {
        var css = """
            svg.chart{max-width:100%;height:auto;display:block;margin:.5rem 0 1rem;font:12px system-ui,sans-serif}
            svg.chart .label{fill:#222}svg.chart .value{fill:#444}svg.chart .tick{fill:#555;font-size:10px}
            svg.chart .note{fill:#666;font-size:11px}svg.chart .grid{stroke:#e3e3e3;stroke-width:1}
            svg.chart .axis{stroke:#888;stroke-width:1}svg.chart .whisker{stroke:#222;stroke-width:1.2}
            svg.chart .line{fill:none;stroke-width:2}svg.chart .heat-empty{fill:#f7f7f7}
            svg.chart rect:hover,svg.chart circle:hover{opacity:.75}
            .tiles{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0 1rem}
            .tile{border:1px solid #e0e0e0;border-radius:6px;padding:.5rem .8rem;min-width:8rem;background:#fff}
            .tile strong{display:block;font-size:1.35rem}.tile span{color:#666;font-size:.8rem}
                .quote{font-family:ui-monospace,monospace;font-size:.8rem;white-space:pre-wrap;color:#333}
            .muted{color:#777}mark{background:#ffe28a}

            """
        for (index, colour) in palette.enumerated() {
            css += "svg.chart .bar.series-\(index),svg.chart .dot.series-\(index){fill:\(colour)}"
            css += "svg.chart .line.series-\(index){stroke:\(colour)}\n"
        }
        for level in 0..<10 {
            let alpha = 0.12 + 0.088 * Double(level)
            css += "svg.chart .heat-hit.heat-\(level){fill:rgba(0,158,115,\(SVGCanvas.number(alpha)))}"
            css += "svg.chart .heat-miss.heat-\(level){fill:rgba(213,94,0,\(SVGCanvas.number(alpha)))}\n"
        }
        return css
    }

    /// The whole stylesheet of a report page.
    public static var pageCSS: String {
        """
        :root{color-scheme:light}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;margin:0;background:#fafafa}
        main{max-width:980px;margin:0 auto;padding:1.5rem 2rem 4rem;background:#fff}
        h1{font-size:1.7rem;margin:.2rem 0 .3rem}h2{font-size:1.25rem;margin:2.2rem 0 .4rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
        h3{font-size:1rem;margin:1.2rem 0 .3rem}
        nav.toc{font-size:.9rem;columns:2;margin:.8rem 0}nav.toc a{color:#0b5cad;text-decoration:none}
        table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.88rem;width:100%}
        th,td{border-bottom:1px solid #e6e6e6;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f3f3f3;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        .up{color:#00734f}.down{color:#b13a00}
        code{font-family:ui-monospace,monospace;font-size:.85em;background:#f2f2f2;padding:0 .2em;border-radius:3px}

        """ + chartCSS
    }
}
