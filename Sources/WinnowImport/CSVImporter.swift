import Foundation
import WinnowCore

/// Imports delimited text with a header row: RFC 4180 quoting, `,` `;` tab or `|` detected from the first lines,
/// an optional byte order mark, and UTF-8 or a legacy single-byte encoding.
///
/// With automatic encoding, a file that is not valid UTF-8 is read as Windows-1252 and a note says so. A row whose
/// field count differs from the header's, or an unterminated quote, is quarantined with its row and line number.
public struct CSVImporter: Importer {
    /// Delimiters tried by detection, in order of preference.
    public static let candidateDelimiters: [UInt8] = [
        UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"),
    ]

    /// An importer.
    public init() {}

    public func read(
        _ file: URL, displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        let encoding = try chooseEncoding(file: file, displayPath: displayPath, requested: options.encoding, body)
        let decoder = TextDecoder(encoding: encoding)
        let delimiter = try detectDelimiter(file: file, displayPath: displayPath)
        var reader: CSVReader
        do {
            reader = try CSVReader(url: file, delimiter: delimiter, decoder: decoder)
        } catch {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "cannot read: \(error)")
        }
        defer { reader.close() }

        var header: [String]?
        var mapping: ResolvedMapping?
        var row = 0
        while let result = try readNext(&reader, displayPath: displayPath) {
            if row % 4096 == 0 { try body(.progress(bytesRead: reader.bytesRead)) }
            switch result {
            case .unterminatedQuote(let line, _, let snippet):
                if header == nil {
                    throw ImportError(
                        kind: .unterminatedQuote, file: displayPath, locator: .line(line),
                        message: "unterminated quote in the header row", snippet: snippet)
                }
                row += 1
                try body(
                    .failure(
                        ImportError(
                            kind: .unterminatedQuote, file: displayPath, locator: .row(row, line: line),
                            message: "unterminated quoted field (a '\"' opens a field that never closes);"
                                + " reading resumed on the next line",
                            snippet: snippet)))
            case .record(let record):
                guard let names = header else {
                    let names = CSVImporter.headerNames(record.fields)
                    header = names
                    let resolved = options.mapping.resolve(keys: names)
                    mapping = resolved
                    try body(.mapping(resolved))
                    continue
                }
                row += 1
                let locator = Locator.row(row, line: record.line)
                guard record.fields.count == names.count else {
                    if record.lineCount > 1 {
                        // A quoted field ran across lines and broke the row: a stray quote. Quarantine the first
                        // line and read the following lines as records of their own.
                        try body(
                            .failure(
                                ImportError(
                                    kind: .unterminatedQuote, file: displayPath, locator: locator,
                                    message: "unbalanced quote: a quoted field runs over \(record.lineCount) lines "
                                        + "and leaves the row with \(record.fields.count) fields (header has "
                                        + "\(names.count)); reading resumed on the next line",
                                    snippet: record.fields.joined(separator: String(UnicodeScalar(delimiter))))))
                        do {
                            try reader.restart(afterFirstLineOf: record)
                        } catch {
                            throw ImportError(
                                kind: .unreadableFile, file: displayPath, message: "read failed: \(error)")
                        }
                        continue
                    }
                    try body(
                        .failure(
                            ImportError(
                                kind: .raggedRow, file: displayPath, locator: locator,
                                message: "row has \(record.fields.count) fields, the header has \(names.count)",
                                snippet: record.fields.joined(separator: String(UnicodeScalar(delimiter))))))
                    continue
                }
                var object = JSONObject()
                for (name, value) in zip(names, record.fields) { object[name] = .string(value) }
                guard let mapping else { continue }
                switch mapping.draft(
                    from: object, file: displayPath, locator: locator,
                    raw: record.fields.joined(separator: String(UnicodeScalar(delimiter))))
                {
                case .success(let draft): try body(.record(draft))
                case .failure(let error): try body(.failure(error))
                }
            }
        }
        if header == nil {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "empty file: no header row")
        }
    }

    private func readNext(_ reader: inout CSVReader, displayPath: String) throws -> CSVReadResult? {
        do {
            return try reader.next()
        } catch {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "read failed: \(error)")
        }
    }

    /// Header cells trimmed; blank ones named `column_N`, repeated ones suffixed `_2`, `_3`... (skipping suffixes
    /// that are themselves header names, so every column keeps its own name).
    static func headerNames(_ fields: [String]) -> [String] {
        let trimmed = fields.enumerated().map { index, field in
            let name = field.trimmingCharacters(in: .whitespacesAndNewlines)
            return name.isEmpty ? "column_\(index + 1)" : name
        }
        var taken = Set<String>()
        var names: [String] = []
        for name in trimmed {
            var candidate = name
            var suffix = 1
            while taken.contains(candidate) {
                suffix += 1
                candidate = "\(name)_\(suffix)"
            }
            if candidate != name {
                while trimmed.contains(candidate) || taken.contains(candidate) {
                    suffix += 1
                    candidate = "\(name)_\(suffix)"
                }
            }
            taken.insert(candidate)
            names.append(candidate)
        }
        return names
    }

    private func chooseEncoding(
        file: URL, displayPath: String, requested: TextEncodingChoice, _ body: (ImportEvent) throws -> Void
    ) throws -> TextEncodingChoice {
        guard requested == .automatic || requested == .utf8 else { return requested }
        let invalid: (line: Int, offset: UInt64)?
        do {
            invalid = try TextDecoder.firstInvalidUTF8(in: file)
        } catch {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "cannot read: \(error)")
        }
        guard let invalid else { return .utf8 }
        if requested == .utf8 {
            throw ImportError(
                kind: .invalidEncoding, file: displayPath, locator: .line(invalid.line),
                message: "not valid UTF-8 (byte offset \(invalid.offset)); pass --encoding windows-1252 or latin1")
        }
        try body(
            .note(
                "\(displayPath) is not valid UTF-8 (first bad byte on line \(invalid.line)); read as Windows-1252"))
        return .windows1252
    }

    /// Picks the delimiter that splits the first lines into the most consistent number of fields (more than one).
    private func detectDelimiter(file: URL, displayPath: String) throws -> UInt8 {
        let sample: Data
        do {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            sample = try handle.read(upToCount: 64 * 1024) ?? Data()
        } catch {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "cannot read: \(error)")
        }
        return CSVImporter.detectDelimiter(sample: [UInt8](sample))
    }

    /// Delimiter detection over a sample of the file's first bytes.
    static func detectDelimiter(sample: [UInt8]) -> UInt8 {
        var best: (delimiter: UInt8, score: Double) = (UInt8(ascii: ","), -1)
        for delimiter in candidateDelimiters {
            let counts = fieldCounts(sample: sample, delimiter: delimiter, maxRecords: 30)
            guard let first = counts.first, first > 1 else { continue }
            let consistent = Double(counts.filter { $0 == first }.count) / Double(counts.count)
            let score = consistent * 1000 + Double(min(first, 100))
            if score > best.score { best = (delimiter, score) }
        }
        return best.delimiter
    }

    /// Field counts of the first records of `sample` under `delimiter`, honouring quotes; the last, possibly cut,
    /// record is dropped.
    static func fieldCounts(sample: [UInt8], delimiter: UInt8, maxRecords: Int) -> [Int] {
        var counts: [Int] = []
        var fields = 1
        var inQuotes = false
        var lineHasContent = false
        for byte in sample {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
                lineHasContent = true
            } else if inQuotes {
                continue
            } else if byte == delimiter {
                fields += 1
                lineHasContent = true
            } else if byte == 0x0A {
                if lineHasContent { counts.append(fields) }
                if counts.count >= maxRecords { break }
                fields = 1
                lineHasContent = false
            } else if byte != 0x0D {
                lineHasContent = true
            }
        }
        if counts.isEmpty, lineHasContent { counts.append(fields) }
        return counts
    }
}
