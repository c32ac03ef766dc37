import Foundation
import Testing

@testable import WinnowReport

@Suite("charts")
struct ChartTests {
    static let hostile = "<script>alert(1)</script><img src=x onerror=\"alert(2)\"> & 'quoted'"

    @Test("text in charts, tables and pages is escaped")
    func textIsEscaped() {
        let bar = BarChart(bars: [.init(label: Self.hostile, value: 3, detail: Self.hostile)]).svg(title: Self.hostile)
        let stacked = StackedBarChart(
            segments: [Self.hostile], rows: [.init(label: Self.hostile, values: [1])]
        ).svg(title: "t")
        let interval = IntervalChart(
            series: ["before"],
            rows: [.init(label: Self.hostile, cases: 3, estimates: [.init(value: 0.5, lower: 0.2, upper: 0.8)])]
        ).svg(title: "t")
        let heat = HeatMap(labels: [Self.hostile, "b"], counts: [[1, 2], [0, 3]]).svg(title: "t")
        let line = LineChart(
            series: [.init(name: Self.hostile, points: [.init(x: 0, y: 1), .init(x: 1, y: 0.5)])], xTitle: Self.hostile,
            yTitle: "loss"
        ).svg(title: "t")
        let table = ReportTable(columns: [.init(Self.hostile)], rows: [[Self.hostile]]).html
        let page = ReportPage(
            title: Self.hostile, subtitle: Self.hostile,
            sections: [
                .init(
                    id: Self.hostile, title: Self.hostile, lead: Self.hostile, provenance: [Self.hostile],
                    content: [.paragraph(Self.hostile), .tiles([(Self.hostile, Self.hostile)]), .heading(Self.hostile)])
            ]
        ).html
        for markup in [bar, stacked, interval, heat, line, table, page] {
            #expect(!markup.contains("<script"))
            #expect(!markup.contains("<img"))
            #expect(!markup.contains("onerror=\""))
            #expect(markup.contains("&lt;script&gt;"))
        }
    }

    @Test("escaping keeps text readable and drops control characters")
    func escaping() {
        #expect(HTMLEscaping.escape("a < b & \"c\" 'd'") == "a &lt; b &amp; &quot;c&quot; &#39;d&#39;")
        #expect(HTMLEscaping.escape("tab\tline\nnul\u{0}bell\u{7}end") == "tab\tline\nnulbellend")
        #expect(HTMLEscaping.escape("Café – ok") == "Café – ok")
    }

    @Test("a bar chart sums the bars past its limit into one")
    func barLimit() {
        let bars = (0..<1000).map { BarChart.Bar(label: "label \($0)", value: Double(1000 - $0)) }
        let chart = BarChart(bars: bars, maximumBars: 20)
        #expect(chart.drawnBars.count == 20)
        #expect(chart.drawnBars.last?.label == "981 others")
        #expect(chart.drawnBars.last?.value == (1...981).reduce(0.0) { $0 + Double($1) })
        #expect(chart.svg(title: "t").components(separatedBy: "<rect").count - 1 == 20)
    }

    @Test("bar lengths are proportional to values")
    func barLengths() {
        let svg = BarChart(bars: [.init(label: "a", value: 10), .init(label: "b", value: 5)]).svg(title: "t")
        let widths = svg.matches(of: /class="bar series-0"/).count
        #expect(widths == 2)
        let values = svg.matches(of: /width="([0-9.]+)" height="16"/).compactMap { Double($0.1) }
        #expect(values.count == 2)
        #expect(abs(values[0] - 2 * values[1]) < 0.02)
    }

    @Test("a heat map draws only non-empty cells and stays small for 100 labels")
    func heatMapSize() {
        let labels = (0..<100).map { "intent_\($0)" }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 100), count: 100)
        for row in 0..<100 {
            counts[row][row] = 30
            counts[row][(row + 1) % 100] = 2
        }
        let svg = HeatMap(labels: labels, counts: counts).svg(title: "confusion")
        #expect(svg.matches(of: /class="heat-hit/).count == 100)
        #expect(svg.matches(of: /class="heat-miss/).count == 100)
        #expect(svg.utf8.count < 100_000)
        #expect(svg.contains("true intent_3 → predicted intent_4: 2 (6.2% of the row)"))
    }

    @Test("line charts thin long series but keep both ends")
    func thinning() {
        let points = (0..<10_001).map { LineChart.Point(x: Double($0), y: Double($0 % 7)) }
        let thinned = LineChart.thinned(points, limit: 400)
        #expect(thinned.count == 400)
        #expect(thinned.first == points.first)
        #expect(thinned.last == points.last)
        let svg = LineChart(series: [.init(name: "loss", points: points)], xTitle: "step", yTitle: "loss").svg(
            title: "t")
        #expect(svg.utf8.count < 20_000)
    }

    @Test("interval charts put whiskers at the interval ends")
    func whiskers() {
        let svg = IntervalChart(
            series: ["before", "after"],
            rows: [
                .init(
                    label: "card_arrival", cases: 40,
                    estimates: [.init(value: 0.5, lower: 0.25, upper: 0.75), .init(value: 1, lower: 0.9, upper: 1)])
            ]
        ).svg(title: "t")
        // Plot from x = 230 over 470 units: 25% at 347.5, 75% at 582.5.
        #expect(svg.contains("x1=\"347.5\""))
        #expect(svg.contains("x2=\"582.5\""))
        #expect(svg.contains("95% interval 25.0%–75.0%"))
    }

    @Test("tables say how many rows they left out")
    func tableLimit() {
        let table = ReportTable(
            columns: [.init("id", numeric: true), .init("text")], rows: (0..<120).map { ["\($0)", "t"] },
            maximumRows: 50, omittedRows: 1000)
        #expect(table.html.components(separatedBy: "<tr>").count - 1 == 1 + 50 + 1)
        #expect(table.html.contains("1,070 more rows not shown"))
    }

    @Test("number formats")
    func numbers() {
        #expect(ReportNumber.count(1_234_567) == "1,234,567")
        #expect(ReportNumber.count(-12) == "-12")
        #expect(ReportNumber.count(999) == "999")
        #expect(ReportNumber.percent(0.9364) == "93.6%")
        #expect(ReportNumber.value(0.91234) == "0.912")
        #expect(ReportNumber.value(12) == "12")
    }
}
