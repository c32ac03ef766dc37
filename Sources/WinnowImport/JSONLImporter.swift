import Foundation
import WinnowCore

/// Imports JSON Lines: one JSON object per line, UTF-8 with or without a byte order mark.
///
/// Blank lines are skipped. A line that is not valid JSON, not an object, or has no input text is quarantined
/// with its line number and column; the other lines import.
public struct JSONLImporter: Importer {
    /// An importer.
    public init() {}

    public func read(
        _ file: URL, displayPath: String, options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        var reader = try LineReader(url: file, displayPath: displayPath)
        defer { reader.close() }
        var resolved: [[String]: ResolvedMapping] = [:]
        var lastMapping: ResolvedMapping?
        while true {
            let parsed: Result<JSONValue, JSONSyntaxError>?? = try reader.next { bytes in
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .none }
                do throws(JSONSyntaxError) {
                    return .some(.success(try JSONParser.parse(bytes: bytes)))
                } catch {
                    return .some(.failure(error))
                }
            }
            guard let parsed else { break }
            if reader.lineNumber % 4096 == 0 { try body(.progress(bytesRead: reader.bytesRead)) }
            guard let result = parsed else { continue }
            let locator = Locator.line(reader.lineNumber)
            switch result {
            case .failure(let error):
                try body(
                    .failure(
                        ImportError(
                            kind: .invalidJSON, file: displayPath, locator: locator, column: error.column,
                            message: "invalid JSON: \(error.message)", snippet: snippet(reader: reader, file: file))))
            case .success(.object(let object)):
                let keys = object.keys
                let mapping: ResolvedMapping
                if let last = lastMapping, last.keys == keys {
                    mapping = last
                } else if let known = resolved[keys] {
                    mapping = known
                } else {
                    mapping = options.mapping.resolve(keys: keys)
                    if resolved.count < 64 {
                        if !resolved.values.contains(where: { $0.assignment == mapping.assignment }) {
                            try body(.mapping(mapping))
                        }
                        resolved[keys] = mapping
                    }
                }
                lastMapping = mapping
                switch mapping.draft(
                    from: object, file: displayPath, locator: locator, raw: JSONValue.object(object).serialized)
                {
                case .success(let draft): try body(.record(draft))
                case .failure(let error): try body(.failure(error))
                }
            case .success(let value):
                let kind =
                    switch value {
                    case .array: "an array"
                    case .string: "a string"
                    case .number: "a number"
                    case .bool: "a boolean"
                    default: "null"
                    }
                try body(
                    .failure(
                        ImportError(
                            kind: .notAnObject, file: displayPath, locator: locator,
                            message: "expected a JSON object per line, found \(kind)", snippet: value.serialized)))
            }
        }
    }

    /// The raw text of the current line, for the quarantine (re-read from the file: errors are rare).
    private func snippet(reader: LineReader, file: URL) -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: reader.lineOffset)
        let data = (try? handle.read(upToCount: 400)) ?? Data()
        var line = data.prefix { $0 != 0x0A }
        if line.last == 0x0D { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
