import Foundation

/// RFC 4180 field quoting.
public enum CSVField {
    /// `text` as a CSV field: quoted, with quotes doubled, when it holds a comma, a quote, a line break or
    /// leading or trailing spaces; as is otherwise.
    public static func quoted(_ text: String) -> String {
        let needsQuotes =
            text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` with a `'` before it when a spreadsheet would take it for a formula (it starts with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return): ticket text is untrusted, and `=HYPERLINK(...)` or a DDE call in a cell runs when
    /// the file is opened. The cell is then no longer exactly the text, so this is asked for, never the default.
    public static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }
}
