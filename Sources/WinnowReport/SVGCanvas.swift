import Foundation

/// An SVG drawing built element by element; every text it is given is escaped.
///
/// Coordinates are in user units of a `viewBox` of `width × height`; the rendered `<svg>` scales to its container's
/// width. Styling comes from classes (`bar`, `axis`, `label`, `series-N`...) defined by ``ReportStyle``, so one chart
/// looks the same in the report file and in the web UI.
public struct SVGCanvas: Sendable {
    /// Width of the view box.
    public let width: Double
    /// Height of the view box.
    public let height: Double
    private var elements: [String] = []

    /// An empty drawing of `width × height` user units.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A rectangle; `tooltip` becomes its `<title>` (shown on hover).
    public mutating func rectangle(
        x: Double, y: Double, width: Double, height: Double, className: String, fill: String? = nil,
        tooltip: String? = nil
    ) {
        let style = fill.map { " style=\"fill:\(HTMLEscaping.escape($0))\"" } ?? ""
        let open =
            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" "
            + "height=\"\(Self.number(max(0, height)))\" class=\"\(className)\"\(style)"
        if let tooltip {
            elements.append(open + "><title>\(HTMLEscaping.escape(tooltip))</title></rect>")
        } else {
            elements.append(open + "/>")
        }
    }

    /// A straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String) {
        elements.append(
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
                + "y2=\"\(Self.number(y2))\" class=\"\(className)\"/>")
    }

    /// A circle; `tooltip` becomes its `<title>`.
    public mutating func circle(x: Double, y: Double, radius: Double, className: String, tooltip: String? = nil) {
        let open =
            "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" class=\"\(className)\""
        if let tooltip {
            elements.append(open + "><title>\(HTMLEscaping.escape(tooltip))</title></circle>")
        } else {
            elements.append(open + "/>")
        }
    }

    /// A polyline through `points`.
    public mutating func polyline(_ points: [(x: Double, y: Double)], className: String) {
        guard points.count > 1 else { return }
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        elements.append("<polyline points=\"\(list)\" class=\"\(className)\"/>")
    }

    /// Text at (`x`, `y`); `anchor` is `start`, `middle` or `end`; `rotate` turns it about its anchor point.
    public mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", className: String = "label",
        rotate: Double? = nil
    ) {
        let rotation = rotate.map { " transform=\"rotate(\(Self.number($0)) \(Self.number(x)) \(Self.number(y)))\"" }
        elements.append(
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\" class=\"\(className)\""
                + "\(rotation ?? "")>\(HTMLEscaping.escape(content))</text>")
    }

    /// The drawing as an `<svg>` element with an accessible `title`.
    public func rendered(title: String) -> String {
        let escaped = HTMLEscaping.escape(title)
        return "<svg class=\"chart\" width=\"\(Self.number(width))\" "
            + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "role=\"img\" aria-label=\"\(escaped)\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escaped)</title>"
            + elements.joined() + "</svg>"
    }

    /// Coordinates with at most two decimals and no trailing zeros.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

/// Number formatting shared by the charts and tables.
public enum ReportNumber {
    /// `12,345`.
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// `1 file`, `12,345 files`: a count with its noun (`plural` defaults to the singular plus "s").
    public static func counted(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        count(value) + " " + (value == 1 ? singular : plural ?? singular + "s")
    }

    /// `93.6%` (one decimal).
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        return String(format: "%.1f%%", 100 * fraction)
    }

    /// A value with up to `digits` significant decimals: `0.912`, `12.5`, `1,234`.
    public static func value(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return "n/a" }
        if value == value.rounded(), abs(value) < 1e15 { return count(Int(value)) }
        return String(format: "%.\(digits)g", value)
    }
}
