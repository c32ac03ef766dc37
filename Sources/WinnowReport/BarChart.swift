/// A horizontal bar chart: one labelled bar per item, longest scale at the largest value, the value printed at the
/// end of each bar. Past `maximumBars` items the smallest are summed into one "N others" bar, so the chart stays
/// small however many labels the data has.
public struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable, Equatable {
        /// The category.
        public var label: String
        /// Its value (counts or any non-negative number).
        public var value: Double
        /// Extra words for the hover text.
        public var detail: String?
        /// A colour class index (`series-N`), for example by severity.
        public var series: Int

        /// A bar.
        public init(label: String, value: Double, detail: String? = nil, series: Int = 0) {
            self.label = label
            self.value = value
            self.detail = detail
            self.series = series
        }
    }

    /// The bars, drawn in the given order.
    public var bars: [Bar]
    /// Bars drawn at most (the rest are summed into one).
    public var maximumBars: Int
    /// How values are printed.
    public var format: @Sendable (Double) -> String

    /// A chart of `bars`.
    public init(
        bars: [Bar], maximumBars: Int = 25, format: @escaping @Sendable (Double) -> String = { ReportNumber.value($0) }
    ) {
        self.bars = bars
        self.maximumBars = max(2, maximumBars)
        self.format = format
    }

    /// The bars actually drawn: the first `maximumBars - 1` and one bar summing the rest, when there are too many.
    public var drawnBars: [Bar] {
        guard bars.count > maximumBars else { return bars }
        let kept = Array(bars.prefix(maximumBars - 1))
        let rest = bars.dropFirst(maximumBars - 1)
        let sum = rest.reduce(0) { $0 + $1.value }
        return kept + [Bar(label: "\(rest.count) others", value: sum, detail: "summed", series: 9)]
    }

    /// The chart as inline SVG.
    public func svg(title: String) -> String {
        let drawn = drawnBars
        let rowHeight = 22.0
        let labelWidth = 210.0
        let valueWidth = 70.0
        let width = 720.0
        let height = Double(max(1, drawn.count)) * rowHeight + 8
        var canvas = SVGCanvas(width: width, height: height)
        let largest = drawn.map(\.value).max() ?? 0
        let scale = largest > 0 ? (width - labelWidth - valueWidth) / largest : 0
        for (index, bar) in drawn.enumerated() {
            let y = 4 + Double(index) * rowHeight
            canvas.text(
                ReportText.clip(bar.label, 32), x: labelWidth - 8, y: y + rowHeight * 0.68, anchor: "end")
            let tooltip = "\(bar.label): \(format(bar.value))" + (bar.detail.map { " (\($0))" } ?? "")
            canvas.rectangle(
                x: labelWidth, y: y + 3, width: bar.value * scale, height: rowHeight - 6,
                className: "bar series-\(bar.series)", tooltip: tooltip)
            canvas.text(
                format(bar.value), x: labelWidth + bar.value * scale + 6, y: y + rowHeight * 0.68,
                className: "value")
        }
        if drawn.isEmpty { canvas.text("no data", x: width / 2, y: 16, anchor: "middle") }
        return canvas.rendered(title: title)
    }
}

/// Text helpers for labels drawn in a fixed width.
public enum ReportText {
    /// `text` on one line, cut to `length` characters with an ellipsis.
    public static func clip(_ text: String, _ length: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > length ? String(flat.prefix(max(1, length - 1))) + "…" : flat
    }
}
