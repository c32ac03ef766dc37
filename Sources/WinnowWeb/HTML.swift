import WinnowReport

/// A piece of HTML that is safe by construction: literal parts are markup written in this target, and every
/// interpolated `String` is escaped. Ticket text can only reach a page through an interpolation, so it always
/// shows as text (`<script>` becomes `&lt;script&gt;`, quotes cannot end an attribute).
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var rendered: String

    /// Markup written as a literal.
    public init(stringLiteral value: String) {
        rendered = value
    }

    /// Markup with escaped interpolations.
    public init(stringInterpolation: Interpolation) {
        rendered = stringInterpolation.output
    }

    /// Nothing.
    public static let empty: HTML = ""

    public var description: String { rendered }

    /// Several pieces, one after another.
    public static func join(_ parts: [HTML], separator: HTML = "") -> HTML {
        var html = HTML.empty
        for (index, part) in parts.enumerated() {
            if index > 0 { html.rendered += separator.rendered }
            html.rendered += part.rendered
        }
        return html
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references (and stray control characters
    /// dropped): safe in element content and in quoted attribute values. The same escaping as the report's.
    public static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    /// Builds ``HTML`` from a literal with interpolations.
    public struct Interpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { output += literal }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }

        /// Text or nothing: escaped.
        public mutating func appendInterpolation(_ text: String?, or fallback: String) {
            output += HTML.escape(text ?? fallback)
        }

        /// Markup: kept.
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }

        /// A report fragment (charts, tables, tiles): kept; it is escaped by construction in WinnowReport.
        public mutating func appendInterpolation(_ fragment: HTMLFragment) { output += fragment.html }

        /// Several pieces of markup: kept, one after another.
        public mutating func appendInterpolation(_ parts: [HTML]) { output += HTML.join(parts).rendered }

        /// A number.
        public mutating func appendInterpolation<Number: BinaryInteger>(_ number: Number) {
            output += String(number)
        }
    }
}
