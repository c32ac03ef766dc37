/// A confusion matrix as a heat map: rows are true labels, columns predicted ones, each cell shaded by its share of
/// the row (so rare labels are as readable as common ones), with the count on hover. Only non-empty cells are
/// drawn, so a 100-label matrix stays a few kilobytes.
public struct HeatMap: Sendable {
    /// Row and column names (the same list: a square matrix).
    public var labels: [String]
    /// `counts[row][column]`.
    public var counts: [[Int]]

    /// A heat map of `counts` over `labels`.
    public init(labels: [String], counts: [[Int]]) {
        precondition(counts.count == labels.count, "one row per label")
        precondition(counts.allSatisfy { $0.count == labels.count }, "one column per label")
        self.labels = labels
        self.counts = counts
    }

    /// The chart as inline SVG.
    public func svg(title: String) -> String {
        let count = labels.count
        let labelWidth = 170.0
        let side = 720.0 - labelWidth - 10
        let cell = count > 0 ? max(3, min(28, side / Double(count))) : 0
        let showLabels = cell >= 9
        let top = showLabels ? 120.0 : 24.0
        let width = labelWidth + cell * Double(count) + 10
        let height = top + cell * Double(count) + 24
        var canvas = SVGCanvas(width: max(width, labelWidth + 420), height: height)
        canvas.text("predicted →", x: labelWidth, y: 14, className: "note")
        canvas.text("true ↓", x: labelWidth - 8, y: top - 6, anchor: "end", className: "note")
        canvas.rectangle(
            x: labelWidth, y: top, width: cell * Double(count), height: cell * Double(count), className: "heat-empty")
        for row in 0..<count {
            let total = counts[row].reduce(0, +)
            let y = top + Double(row) * cell
            if showLabels {
                canvas.text(
                    ReportText.clip(labels[row], 26), x: labelWidth - 4, y: y + cell * 0.72, anchor: "end",
                    className: "tick")
            }
            for column in 0..<count where counts[row][column] > 0 {
                let share = total > 0 ? Double(counts[row][column]) / Double(total) : 0
                let level = min(9, Int((share * 10).rounded(.down)))
                let kind = row == column ? "heat-hit" : "heat-miss"
                canvas.rectangle(
                    x: labelWidth + Double(column) * cell, y: y, width: cell, height: cell,
                    className: "\(kind) heat-\(level)",
                    tooltip:
                        "true \(labels[row]) → predicted \(labels[column]): \(counts[row][column]) "
                        + "(\(ReportNumber.percent(share)) of the row)")
            }
        }
        if showLabels {
            for column in 0..<count {
                let x = labelWidth + Double(column) * cell + cell * 0.7
                canvas.text(
                    ReportText.clip(labels[column], 18), x: x, y: top - 4, anchor: "start", className: "tick",
                    rotate: -60)
            }
        }
        canvas.text(
            "shade: share of the true label's test cases; green diagonal = correct", x: labelWidth, y: height - 6,
            className: "note")
        return canvas.rendered(title: title)
    }
}
