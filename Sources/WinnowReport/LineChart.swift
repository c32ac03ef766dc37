import Foundation

/// A line chart of one or more series over a shared x axis (training steps or epochs), with axes, ticks and a
/// legend. Long series are thinned to at most `maximumPoints` points (the first and last are always kept).
public struct LineChart: Sendable {
    /// One series.
    public struct Series: Sendable, Equatable {
        /// Its name in the legend.
        public var name: String
        /// Its points, in x order.
        public var points: [Point]

        /// A series.
        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// One point.
    public struct Point: Sendable, Equatable {
        /// Position on the x axis.
        public var x: Double
        /// Value.
        public var y: Double

        /// A point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// The series.
    public var series: [Series]
    /// The x axis' name.
    public var xTitle: String
    /// The y axis' name.
    public var yTitle: String
    /// A fixed y range (for example 0...1 for accuracy); nil fits the data.
    public var yRange: ClosedRange<Double>?
    /// Points drawn per series at most.
    public var maximumPoints: Int

    /// A chart of `series`.
    public init(
        series: [Series], xTitle: String, yTitle: String, yRange: ClosedRange<Double>? = nil,
        maximumPoints: Int = 400
    ) {
        self.series = series
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.yRange = yRange
        self.maximumPoints = max(2, maximumPoints)
    }

    /// `points` thinned to at most `limit`, keeping the first and the last.
    static func thinned(_ points: [Point], limit: Int) -> [Point] {
        guard points.count > limit else { return points }
        let stride = Double(points.count - 1) / Double(limit - 1)
        return (0..<limit).map { points[Int((Double($0) * stride).rounded())] }
    }

    /// The chart as inline SVG.
    public func svg(title: String) -> String {
        let width = 720.0
        let height = 260.0
        let left = 60.0
        let right = 20.0
        let top = 30.0
        let bottom = 40.0
        var canvas = SVGCanvas(width: width, height: height)
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        guard let firstX = all.map(\.x).min(), let lastX = all.map(\.x).max() else {
            canvas.text("no data", x: width / 2, y: height / 2, anchor: "middle")
            return canvas.rendered(title: title)
        }
        var low = yRange?.lowerBound ?? (all.map(\.y).min() ?? 0)
        var high = yRange?.upperBound ?? (all.map(\.y).max() ?? 1)
        if yRange == nil {
            low = min(low, 0)
            high += (high - low) * 0.05
        }
        if high <= low { high = low + 1 }
        let xSpan = lastX > firstX ? lastX - firstX : 1
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func position(_ point: Point) -> (x: Double, y: Double) {
            (left + (point.x - firstX) / xSpan * plotWidth, top + (1 - (point.y - low) / (high - low)) * plotHeight)
        }
        for index in 0...4 {
            let value = low + (high - low) * Double(index) / 4
            let y = top + (1 - Double(index) / 4) * plotHeight
            canvas.line(x1: left, y1: y, x2: width - right, y2: y, className: "grid")
            canvas.text(ReportNumber.value(value, digits: 3), x: left - 6, y: y + 4, anchor: "end", className: "tick")
        }
        for index in 0...4 {
            let value = firstX + xSpan * Double(index) / 4
            let x = left + Double(index) / 4 * plotWidth
            canvas.text(
                ReportNumber.value(value, digits: 3), x: x, y: height - bottom + 16, anchor: "middle", className: "tick"
            )
        }
        canvas.line(x1: left, y1: top + plotHeight, x2: width - right, y2: top + plotHeight, className: "axis")
        canvas.line(x1: left, y1: top, x2: left, y2: top + plotHeight, className: "axis")
        canvas.text(xTitle, x: left + plotWidth / 2, y: height - 6, anchor: "middle", className: "note")
        canvas.text(yTitle, x: 14, y: top + plotHeight / 2, anchor: "middle", className: "note", rotate: -90)
        var legendX = left
        for (index, line) in series.enumerated() {
            canvas.rectangle(x: legendX, y: 8, width: 12, height: 12, className: "bar series-\(index)")
            canvas.text(line.name, x: legendX + 16, y: 18)
            legendX += 30 + Double(line.name.count) * 7
            let points = Self.thinned(line.points.filter { $0.x.isFinite && $0.y.isFinite }, limit: maximumPoints)
            canvas.polyline(points.map(position), className: "line series-\(index)")
            if points.count <= 40 {
                for point in points {
                    let place = position(point)
                    canvas.circle(
                        x: place.x, y: place.y, radius: 3, className: "dot series-\(index)",
                        tooltip:
                            "\(line.name) at \(ReportNumber.value(point.x)): \(ReportNumber.value(point.y, digits: 4))")
                }
            }
        }
        return canvas.rendered(title: title)
    }
}
