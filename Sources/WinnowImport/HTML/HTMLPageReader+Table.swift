import WinnowCore
import WinnowHTML

/// A table whose header row names ticket fields.
struct TicketTable {
    /// The `<table>` element.
    var element: HTMLElement
    /// Field names from the header cells (made unique).
    var header: [String]
    /// The data rows, in order.
    var rows: [HTMLElement]
    /// How the header's fields feed the example.
    var mapping: ResolvedMapping
}

extension HTMLPageReader {
    /// The visible tables whose header row names an input field under the current mapping.
    func ticketTables() -> [TicketTable] {
        var tables: [TicketTable] = []
        func visit(_ element: HTMLElement) {
            for child in element.childElements where !child.isHidden {
                if child.name == "table", let table = ticketTable(child) { tables.append(table) }
                visit(child)
            }
        }
        visit(body)
        return tables
    }

    private func ticketTable(_ table: HTMLElement) -> TicketTable? {
        var rows: [(row: HTMLElement, inHead: Bool)] = []
        for child in table.childElements {
            if child.name == "tr" { rows.append((child, false)) }
            if ["thead", "tbody", "tfoot"].contains(child.name) {
                rows += child.childElements.filter { $0.name == "tr" }.map { ($0, child.name == "thead") }
            }
        }
        let headerIndex = rows.firstIndex { entry in
            let cells = HTMLPageReader.cells(of: entry.row)
            return !cells.isEmpty && (entry.inHead || cells.allSatisfy { $0.name == "th" })
        }
        guard let headerIndex else { return nil }
        var header: [String] = []
        for (index, cell) in HTMLPageReader.cells(of: rows[headerIndex].row).enumerated() {
            var name = cell.text.isEmpty ? "column_\(index + 1)" : cell.text
            var suffix = 2
            while header.contains(name) {
                name = "\(cell.text) (\(suffix))"
                suffix += 1
            }
            header.append(name)
        }
        let mapping = options.mapping.resolve(keys: header)
        guard HTMLPageReader.namesTicketText(mapping, explicit: options.mapping) else { return nil }
        let dataRows = rows[(headerIndex + 1)...].filter { !$0.inHead && !$0.row.isHidden }.map(\.row)
        return TicketTable(element: table, header: header, rows: dataRows, mapping: mapping)
    }

    /// One record (or failure) per data row.
    func readTable(_ table: TicketTable, _ body: (ImportEvent) throws -> Void) throws {
        for row in table.rows {
            let cells = HTMLPageReader.cells(of: row)
            let texts = cells.map(\.text)
            let width = cells.reduce(0) { $0 + max(1, Int($1.attribute("colspan") ?? "1") ?? 1) }
            guard width == table.header.count else {
                let message =
                    "row has \(width) cell\(width == 1 ? "" : "s") but the header row of \(table.element.path)"
                    + " names \(table.header.count) fields"
                try body(
                    .failure(
                        RecordFailure(
                            kind: .invalidHTML, file: file, locator: .element(row.path), message: message,
                            snippet: texts.joined(separator: " | "))))
                continue
            }
            var record = JSONObject()
            for (name, text) in zip(table.header, texts) { record[name] = .string(text) }
            let result = table.mapping.draft(
                from: record, file: file, locator: .element(row.path), raw: texts.joined(separator: " | "))
            try body(event(result))
        }
    }

    /// Whether a header mapping reads ticket text: an explicit input or messages, or an input column other than a
    /// subject or title (a table listing only subjects, like a thread's history, is not a ticket table).
    static func namesTicketText(_ mapping: ResolvedMapping, explicit: FieldMapping) -> Bool {
        if explicit.explicit[.input] != nil || mapping.assignment[.messages] != nil { return true }
        let inputs = mapping.assignment[.input] ?? []
        return inputs.contains { !["subject", "title"].contains(FieldMapping.normaliseKey($0)) }
    }

    /// The visible `<td>` and `<th>` cells of a row.
    static func cells(of row: HTMLElement) -> [HTMLElement] {
        row.childElements.filter { ($0.name == "td" || $0.name == "th") && !$0.isHidden }
    }
}
