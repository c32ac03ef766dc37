/// Horizontal stacked bars: each row split into named segments (a split's parts, a check's severities, a reviewer's
/// actions), with a legend. `normalised` draws every row at full width as shares; otherwise rows scale to the
/// largest total. Past `maximumRows` rows, only the largest are drawn and the chart says how many were left out.
public struct StackedBarChart: Sendable {
    /// One row.
    public struct Row: Sendable, Equatable {
        /// The row's name.
        public var label: String
        /// One value per segment, in the order of ``StackedBarChart/segments``.
        public var values: [Double]

        /// A row.
        public init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }

        /// The row's total.
        public var total: Double { values.reduce(0, +) }
    }

    /// Segment names, in drawing order (each gets colour class `series-N`).
    public var segments: [String]
    /// The rows.
    public var rows: [Row]
    /// Draw shares (every row full width) instead of absolute values.
    public var normalised: Bool
    /// Rows drawn at most.
    public var maximumRows: Int
    /// The colour (`series-N`) of each segment; by default segment N has colour N.
    public var colours: [Int]

    /// A chart of `rows` split into `segments`.
    public init(
        segments: [String], rows: [Row], normalised: Bool = false, maximumRows: Int = 40, colours: [Int]? = nil
    ) {
        self.segments = segments
        self.rows = rows
        self.normalised = normalised
        self.maximumRows = max(1, maximumRows)
        self.colours = colours ?? Array(segments.indices)
    }

    private func colour(_ index: Int) -> Int { index < colours.count ? colours[index] : index }

    /// The chart as inline SVG.
    public func svg(title: String) -> String {
        let drawn = rows.count > maximumRows ? Array(rows.sorted { $0.total > $1.total }.prefix(maximumRows)) : rows
        let rowHeight = 22.0
        let labelWidth = 210.0
        let totalWidth = 70.0
        let width = 720.0
        let legendHeight = 26.0
        let footer = rows.count > drawn.count ? 20.0 : 0
        let height = legendHeight + Double(max(1, drawn.count)) * rowHeight + 8 + footer
        var canvas = SVGCanvas(width: width, height: height)
        var legendX = labelWidth
        for (index, segment) in segments.enumerated() {
            canvas.rectangle(x: legendX, y: 6, width: 12, height: 12, className: "bar series-\(colour(index))")
            canvas.text(segment, x: legendX + 16, y: 16)
            legendX += 28 + Double(segment.count) * 7
        }
        let plotWidth = width - labelWidth - totalWidth
        let largest = drawn.map(\.total).max() ?? 0
        for (rowIndex, row) in drawn.enumerated() {
            let y = legendHeight + Double(rowIndex) * rowHeight
            canvas.text(ReportText.clip(row.label, 32), x: labelWidth - 8, y: y + rowHeight * 0.68, anchor: "end")
            let total = row.total
            let scale = normalised ? (total > 0 ? plotWidth / total : 0) : (largest > 0 ? plotWidth / largest : 0)
            var x = labelWidth
            for (index, value) in row.values.enumerated() where value > 0 {
                let name = index < segments.count ? segments[index] : "other"
                let share = total > 0 ? value / total : 0
                canvas.rectangle(
                    x: x, y: y + 3, width: value * scale, height: rowHeight - 6,
                    className: "bar series-\(colour(index))",
                    tooltip: "\(row.label), \(name): \(ReportNumber.value(value)) (\(ReportNumber.percent(share)))")
                x += value * scale
            }
            canvas.text(ReportNumber.value(total), x: x + 6, y: y + rowHeight * 0.68, className: "value")
        }
        if drawn.isEmpty { canvas.text("no data", x: width / 2, y: legendHeight + 16, anchor: "middle") }
        if footer > 0 {
            canvas.text(
                "\(rows.count - drawn.count) smaller rows not drawn", x: labelWidth, y: height - 6, className: "note")
        }
        return canvas.rendered(title: title)
    }
}
