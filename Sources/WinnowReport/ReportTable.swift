/// A table of text cells for a report. Columns marked numeric are right-aligned. Past `maximumRows`, only the
/// first rows are written and a last row says how many were left out (tables page or sample; the report stays
/// small for any store).
public struct ReportTable: Sendable, Equatable {
    /// One column.
    public struct Column: Sendable, Equatable {
        /// Its heading.
        public var title: String
        /// Right-aligned numbers.
        public var numeric: Bool

        /// A column.
        public init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }

    /// One cell: plain text, or text with one highlighted stretch (a flagged span in its context).
    public enum Cell: Sendable, Equatable {
        /// Plain text.
        case text(String)
        /// `before`, then `marked` highlighted, then `after`.
        case marked(before: String, marked: String, after: String)

        var html: String {
            switch self {
            case .text(let text): return HTMLEscaping.escape(text)
            case .marked(let before, let marked, let after):
                return HTMLEscaping.escape(before) + "<mark>" + HTMLEscaping.escape(marked) + "</mark>"
                    + HTMLEscaping.escape(after)
            }
        }
    }

    /// The columns.
    public var columns: [Column]
    /// The rows: one cell per column.
    public var rows: [[Cell]]
    /// Rows written at most.
    public var maximumRows: Int
    /// Rows that exist beyond `rows` (already left out by the caller), added to the "not shown" count.
    public var omittedRows: Int
    /// Column indexes whose cells are long quoted text (shown in a monospace, wrapped style).
    public var quotedColumns: Set<Int>

    /// A table of plain-text cells.
    public init(
        columns: [Column], rows: [[String]], maximumRows: Int = 50, omittedRows: Int = 0, quotedColumns: Set<Int> = []
    ) {
        self.init(
            columns: columns, cells: rows.map { $0.map(Cell.text) }, maximumRows: maximumRows,
            omittedRows: omittedRows, quotedColumns: quotedColumns)
    }

    /// A table of cells.
    public init(
        columns: [Column], cells: [[Cell]], maximumRows: Int = 50, omittedRows: Int = 0, quotedColumns: Set<Int> = []
    ) {
        self.columns = columns
        self.rows = cells
        self.maximumRows = max(1, maximumRows)
        self.omittedRows = omittedRows
        self.quotedColumns = quotedColumns
    }

    /// The table's markup; every cell escaped.
    public var html: String {
        var html = "<table><thead><tr>"
        for column in columns {
            html += column.numeric ? "<th class=\"num\">" : "<th>"
            html += HTMLEscaping.escape(column.title) + "</th>"
        }
        html += "</tr></thead><tbody>"
        for row in rows.prefix(maximumRows) {
            html += "<tr>"
            for (index, column) in columns.enumerated() {
                let cell = index < row.count ? row[index].html : ""
                let className =
                    column.numeric ? " class=\"num\"" : (quotedColumns.contains(index) ? " class=\"quote\"" : "")
                html += "<td\(className)>\(cell)</td>"
            }
            html += "</tr>"
        }
        let hidden = max(0, rows.count - maximumRows) + omittedRows
        if hidden > 0 {
            html +=
                "<tr><td class=\"muted\" colspan=\"\(columns.count)\">\(ReportNumber.count(hidden)) more rows not shown"
                + "</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
