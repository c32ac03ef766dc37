/// Escaping for text placed in HTML or SVG: ticket text is untrusted and must never become markup.
public enum HTMLEscaping {
    /// `text` safe as element content and as a quoted attribute value: `& < > " '` become entities, and control
    /// characters other than tab, line feed and carriage return (which no markup needs) are dropped.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    /// The string escaped for HTML content and attributes (see ``HTMLEscaping/escape(_:)``).
    public var htmlEscaped: String { HTMLEscaping.escape(self) }
}
