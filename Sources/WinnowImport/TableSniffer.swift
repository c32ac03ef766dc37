import Foundation

/// Whether text with no telling name is a table of delimited rows (a CSV or tab-separated export saved as `.txt`, a
/// file with no extension) or prose that happens to hold commas (a pasted e-mail, a README). The first records are
/// read as CSV is, quotes and all, with each of the delimiters CSV import knows; a table's records have as many
/// fields as its header row, prose's vary from line to line.
enum TableSniffer {
    /// What the first records of `prefix` say.
    enum Reading: Equatable {
        /// Rows of a delimiter, most with the header row's number of fields (two or more).
        case table
        /// Lines without any delimiter outside quotes: a list of one column.
        case column
        /// Lines that hold delimiters, but not as rows of one table.
        case prose
    }

    /// Whether a `.txt` reads as CSV rows: a table, or a list of one column under its name; not prose.
    static func readsAsRows(_ prefix: [UInt8]) -> Bool {
        switch reading(prefix) {
        case .table: return true
        case .column: return looksLikeList(prefix)
        case .prose: return false
        }
    }

    /// Whether lines with no delimiter read as a list of one column: a first line that names the column (a few
    /// words, not a sentence: `utterance`, `Customer message`) over at least one more, and no blank line between the
    /// lines, where a pasted e-mail or notes open with a sentence and run in paragraphs.
    static func looksLikeList(_ prefix: [UInt8], limit: Int = 50) -> Bool {
        var lines = prefix.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(limit).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if prefix.count >= SourceFile.prefixLength { lines = Array(lines.dropLast()) }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        // Nothing but white space is an empty list (quarantined as an empty file).
        guard let header = lines.first?.replacingOccurrences(of: "\u{FEFF}", with: "") else { return true }
        // A name alone, with no line under it, is a note of one line (`test`), not a list.
        return lines.count >= 2 && namesAColumn(header) && !lines.contains(where: \.isEmpty)
    }

    /// Whether `text` reads as a column's name (a few words, not a sentence: `utterance`, `Customer message`,
    /// `Ticket #`) rather than a line of prose.
    static func namesAColumn(_ text: String) -> Bool {
        let name = text.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"\u{FEFF}")))
        let words = name.split(whereSeparator: \.isWhitespace)
        guard let last = name.last else { return false }
        // A unit in brackets ends a name (`Amount (USD)`); a longer line closing one is an aside, `:-)` a smiley.
        let bracketed = last == ")" && name.contains("(") && words.count <= 3
        return words.count <= 5 && name.count <= 48 && (!".!?…:;)".contains(last) || bracketed)
            && name.contains(where: \.isLetter)
    }

    /// Whether the non-blank line `index` (from 0) of `prefix`, split at `delimiter`, is a header row: every cell a
    /// column's name or empty.
    static func headerRow(_ prefix: [UInt8], delimiter: UInt8, line index: Int = 0) -> Bool {
        let lines = prefix.split(separator: 0x0A).lazy.filter { $0.contains { ![0x20, 0x09, 0x0D].contains($0) } }
        guard let line = lines.dropFirst(index).first else { return false }
        return line.split(separator: delimiter, omittingEmptySubsequences: false).allSatisfy { cell in
            let text = String(decoding: cell, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty || namesAColumn(text)
        }
    }

    /// The delimiters tried: comma, tab, semicolon, vertical bar.
    static let delimiters: [UInt8] = [0x2C, 0x09, 0x3B, 0x7C]

    /// How the first records (at most `limit`) of `prefix` read; a record cut off by the end of a full prefix is left
    /// out.
    static func reading(_ prefix: [UInt8], limit: Int = 50) -> Reading {
        var holdsDelimiter = false
        for delimiter in delimiters {
            var counts = fieldCounts(prefix, delimiter: delimiter, limit: limit)
            while counts.last == 0 { counts.removeLast() }
            if counts.contains(where: { $0 > 1 }) { holdsDelimiter = true }
            // The header row is the first record or, under a title line or two (a report's name, a blank line),
            // the first wider than those above it.
            for header in counts.indices.prefix(4) where counts[header] > 1 {
                guard counts[..<header].allSatisfy({ $0 < counts[header] }) else { continue }
                // Under a title, the header row names its columns (where a paragraph's first line is a sentence).
                let line = header - counts[..<header].filter { $0 == 0 }.count
                guard header == 0 || headerRow(prefix, delimiter: delimiter, line: line) else { continue }
                let rows = counts[(header + 1)...]
                // Paragraphs (a blank line between the lines) are prose's, not a table's.
                guard !rows.contains(0) else { continue }
                // A header row alone (column names, not a sentence with a comma), or most rows as wide as it (a few
                // ragged rows are quarantined, not a reason to read the file as something else).
                let table =
                    rows.isEmpty
                    ? header == 0 && headerRow(prefix, delimiter: delimiter)
                    : rows.filter({ $0 == counts[header] }).count * 10 >= rows.count * 7
                if table { return .table }
            }
        }
        return holdsDelimiter ? .prose : .column
    }

    /// The number of fields of each record of `prefix` split at `delimiter`, read as CSV import reads them
    /// (``CSVImporter/recordShapes(sample:delimiter:maxRecords:)``: quotes across lines too); a blank line after the
    /// first record counts as 0, and a record cut off by the end of a full prefix is left out.
    static func fieldCounts(_ prefix: [UInt8], delimiter: UInt8, limit: Int) -> [Int] {
        var shapes = CSVImporter.recordShapes(sample: prefix, delimiter: delimiter, maxRecords: limit)[...]
        while shapes.first?.hasContent == false { shapes = shapes.dropFirst() }
        if let last = shapes.last, !last.isWhole, prefix.count >= SourceFile.prefixLength { shapes = shapes.dropLast() }
        return shapes.map { $0.hasContent ? $0.fields : 0 }
    }
}
