/// Before/after accuracy per training point on a shared 0–100% axis: a bar for each measurement and a whisker for
/// its interval, one row per training point, so a reader sees at once which points training helped and how sure
/// the test cases let us be.
public struct IntervalChart: Sendable {
    /// One measured value with its interval.
    public struct Estimate: Sendable, Equatable {
        /// The point estimate, in [0, 1].
        public var value: Double
        /// Lower end of the interval.
        public var lower: Double
        /// Upper end of the interval.
        public var upper: Double

        /// An estimate.
        public init(value: Double, lower: Double, upper: Double) {
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    /// One training point.
    public struct Row: Sendable, Equatable {
        /// The training point.
        public var label: String
        /// Its test cases.
        public var cases: Int
        /// One estimate per series (for example before and after), in the order of ``IntervalChart/series``.
        public var estimates: [Estimate]

        /// A row.
        public init(label: String, cases: Int, estimates: [Estimate]) {
            self.label = label
            self.cases = cases
            self.estimates = estimates
        }
    }

    /// Series names (`before`, `after`).
    public var series: [String]
    /// The rows, drawn in order.
    public var rows: [Row]
    /// Rows drawn at most (the rest are listed as left out).
    public var maximumRows: Int

    /// A chart of `rows`.
    public init(series: [String], rows: [Row], maximumRows: Int = 80) {
        self.series = series
        self.rows = rows
        self.maximumRows = max(1, maximumRows)
    }

    /// The chart as inline SVG.
    public func svg(title: String) -> String {
        let drawn = Array(rows.prefix(maximumRows))
        let barHeight = 7.0
        let rowHeight = Double(max(1, series.count)) * (barHeight + 2) + 8
        let labelWidth = 230.0
        let width = 720.0
        let top = 40.0
        let footer = rows.count > drawn.count ? 20.0 : 0
        let height = top + Double(max(1, drawn.count)) * rowHeight + 8 + footer
        let plotWidth = width - labelWidth - 20
        var canvas = SVGCanvas(width: width, height: height)
        for (index, name) in series.enumerated() {
            let x = labelWidth + Double(index) * 120
            canvas.rectangle(x: x, y: 4, width: 12, height: 12, className: "bar series-\(index)")
            canvas.text(name, x: x + 16, y: 14)
        }
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = labelWidth + tick * plotWidth
            canvas.line(x1: x, y1: top - 6, x2: x, y2: height - 4 - footer, className: "grid")
            canvas.text(ReportNumber.percent(tick), x: x, y: top - 10, anchor: "middle", className: "tick")
        }
        for (rowIndex, row) in drawn.enumerated() {
            let y = top + Double(rowIndex) * rowHeight
            canvas.text(
                ReportText.clip("\(row.label) (\(row.cases))", 34), x: labelWidth - 8, y: y + rowHeight / 2 + 3,
                anchor: "end")
            for (index, estimate) in row.estimates.enumerated() {
                let barY = y + 4 + Double(index) * (barHeight + 2)
                let name = index < series.count ? series[index] : "value"
                canvas.rectangle(
                    x: labelWidth, y: barY, width: Self.clamp(estimate.value) * plotWidth, height: barHeight,
                    className: "bar series-\(index)",
                    tooltip:
                        "\(row.label), \(name): \(ReportNumber.percent(estimate.value)) "
                        + "(95% interval \(ReportNumber.percent(estimate.lower))–\(ReportNumber.percent(estimate.upper)), "
                        + "\(row.cases) test cases)")
                let middle = barY + barHeight / 2
                let lower = labelWidth + Self.clamp(estimate.lower) * plotWidth
                let upper = labelWidth + Self.clamp(estimate.upper) * plotWidth
                canvas.line(x1: lower, y1: middle, x2: upper, y2: middle, className: "whisker")
                canvas.line(x1: lower, y1: middle - 3, x2: lower, y2: middle + 3, className: "whisker")
                canvas.line(x1: upper, y1: middle - 3, x2: upper, y2: middle + 3, className: "whisker")
            }
        }
        if drawn.isEmpty { canvas.text("no data", x: width / 2, y: top + 16, anchor: "middle") }
        if footer > 0 {
            canvas.text(
                "\(rows.count - drawn.count) more training points in the table below", x: labelWidth,
                y: height - 6, className: "note")
        }
        return canvas.rendered(title: title)
    }

    private static func clamp(_ value: Double) -> Double { value.isFinite ? min(1, max(0, value)) : 0 }
}
