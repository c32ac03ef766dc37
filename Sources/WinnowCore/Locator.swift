/// Where a record sits in its source file: provenance down to the line, row or element.
public enum Locator: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A JSONL line (1-based).
    case line(Int)
    /// A CSV data row (1-based, header excluded) starting at a physical line (1-based).
    case row(Int, line: Int)
    /// An HTML element, as an XPath-like path (`/html/body/table/tr[3]`).
    case element(String)
    /// A mail message: its number in the file (1-based, the only one for an .eml) and the byte offset where it
    /// starts (its mbox `From ` line).
    case message(Int, offset: UInt64)
    /// A record of a JSON document: its 1-based position in the document's array of records.
    case record(Int)
    /// A place inside one part of a file that holds several, named by `--records`: a JSON document's array
    /// (`train`, `test`), an Excel workbook's sheet after its first (`sheet Closed`). Two parts' records are not taken
    /// for each other when both are imported.
    indirect case part(String, Locator)
    /// A conversation assembled from message rows: its id and the rows (CSV data rows or JSONL lines, 1-based) it
    /// came from, in conversation order.
    case conversation(String, rows: [Int])

    public var description: String {
        switch self {
        case .line(let line): return "line \(line)"
        case .row(let row, let line): return "row \(row) (line \(line))"
        case .element(let path): return "element \(path)"
        case .message(let number, let offset): return "message \(number) (byte \(offset))"
        case .record(let index): return "record \(index)"
        case .part(let part, let locator): return "\(locator.description) of \(part)"
        case .conversation(let id, let rows):
            return "conversation \(id) \(rows.count == 1 ? "row" : "rows") \(Locator.list(rows))"
        }
    }

    /// The stored form: `line:12`, `row:5:7`, `element:/html/body/div[2]`, `message:3:1024`, `record:17`,
    /// `part:5:train` before the place in the part (`part:5:trainrecord:17`),
    /// `conversation:3,9,14:ID` (the id last, so that it may hold any character).
    public var encoded: String {
        switch self {
        case .line(let line): return "line:\(line)"
        case .row(let row, let line): return "row:\(row):\(line)"
        case .element(let path): return "element:\(path)"
        case .message(let number, let offset): return "message:\(number):\(offset)"
        case .record(let index): return "record:\(index)"
        case .part(let part, let locator): return Locator.encodedPrefix(ofPart: part) + locator.encoded
        case .conversation(let id, let rows): return "conversation:\(Locator.list(rows)):\(id)"
        }
    }

    /// How the stored form of every place in `part` opens: `part:5:train`.
    public static func encodedPrefix(ofPart part: String) -> String { "part:\(part.utf8.count):\(part)" }

    /// Parses the stored form made by ``encoded``.
    public init?(encoded: String) {
        if encoded.hasPrefix("line:"), let line = Int(encoded.dropFirst(5)) {
            self = .line(line)
        } else if encoded.hasPrefix("row:") {
            let parts = encoded.dropFirst(4).split(separator: ":")
            guard parts.count == 2, let row = Int(parts[0]), let line = Int(parts[1]) else { return nil }
            self = .row(row, line: line)
        } else if encoded.hasPrefix("message:") {
            let parts = encoded.dropFirst(8).split(separator: ":")
            guard parts.count == 2, let number = Int(parts[0]), let offset = UInt64(parts[1]) else { return nil }
            self = .message(number, offset: offset)
        } else if encoded.hasPrefix("element:") {
            self = .element(String(encoded.dropFirst(8)))
        } else if encoded.hasPrefix("record:"), let index = Int(encoded.dropFirst(7)) {
            self = .record(index)
        } else if encoded.hasPrefix("part:") {
            let rest = encoded.utf8.dropFirst(5)
            guard let colon = rest.firstIndex(of: UInt8(ascii: ":")),
                let length = Int(String(decoding: rest[..<colon], as: UTF8.self)),
                rest.distance(from: rest.index(after: colon), to: rest.endIndex) >= length
            else { return nil }
            let start = rest.index(after: colon)
            let end = rest.index(start, offsetBy: length)
            guard let part = String(rest[start..<end]),
                let inner = Locator(encoded: String(decoding: rest[end...], as: UTF8.self))
            else { return nil }
            self = .part(part, inner)
        } else if encoded.hasPrefix("conversation:") {
            let rest = encoded.dropFirst(13)
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            var rows: [Int] = []
            for part in rest[..<colon].split(separator: ",") {
                guard let row = Int(part) else { return nil }
                rows.append(row)
            }
            self = .conversation(String(rest[rest.index(after: colon)...]), rows: rows)
        } else {
            return nil
        }
    }

    /// A number that orders records within one file (line, row, message number, record, a conversation's first
    /// row, or 0 for elements).
    public var ordinal: Int {
        switch self {
        case .line(let line): return line
        case .row(let row, _): return row
        case .record(let index): return index
        case .part(_, let locator): return locator.ordinal
        case .element: return 0
        case .message(let number, _): return number
        case .conversation(_, let rows): return rows.first ?? 0
        }
    }

    /// `3,9,14`.
    private static func list(_ rows: [Int]) -> String {
        rows.map(String.init).joined(separator: ",")
    }
}

/// Why a file could not be imported at all (it cannot be read, its header or structure cannot be made out, the
/// options do not fit it): thrown, and the import stops. It names the file, and the line when one is at fault. A
/// record that cannot be imported is a ``RecordFailure`` instead, which is quarantined while reading goes on.
public struct ImportError: ImportProblem {
    /// The kind of problem.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case invalidJSON = "invalid_json"
        case notAnObject = "not_an_object"
        case noInput = "no_input"
        case raggedRow = "ragged_row"
        case unterminatedQuote = "unterminated_quote"
        case invalidEncoding = "invalid_encoding"
        case unreadableFile = "unreadable_file"
        case invalidHTML = "invalid_html"
        case invalidMapping = "invalid_mapping"
        case invalidProfile = "invalid_profile"
        case invalidMail = "invalid_mail"
        /// YAML that does not parse (Rasa NLU training data).
        case invalidYAML = "invalid_yaml"
        /// A line or block of labelled intent data that is no example as its format writes one: a fastText line
        /// without a label, a Rasa example that is no list item, a block with no intent name.
        case invalidExample = "invalid_example"
        /// A message its mailbox marks as never sent, spam, deleted or a chat (Gmail's labels), left out of the
        /// conversations.
        case discardedMail = "discarded_mail"
        /// A record its export marks as an internal note (`public` false, `IsPublished` false), imported alone:
        /// not a customer's message.
        case internalNote = "internal_note"
        /// A record its export marks as a platform's notice (Teams' `systemEventMessage`, Discord's member joined or
        /// message pinned), imported alone: nobody's words.
        case notice
        /// An element of a chat export's list of messages that is none (no object, no time to place it by).
        case notAMessage = "not_a_message"
    }

    /// Whether the problem is the file's own (its bytes, its structure) rather than options that do not fit it.
    public var isTheFile: Bool { ![.invalidMapping, .invalidProfile].contains(kind) }

    /// The kind of problem.
    public var kind: Kind
    /// The file it was found in.
    public var file: String
    /// Where in the file (nil when the whole file is at fault).
    public var locator: Locator?
    /// 1-based column or byte offset within the line, when known.
    public var column: Int?
    /// What is wrong, in words a user can act on.
    public var message: String
    /// The start of the offending raw input (at most a few hundred characters).
    public var snippet: String

    /// An error of `kind` in `file` at `locator`.
    public init(
        kind: Kind, file: String, locator: Locator? = nil, column: Int? = nil, message: String, snippet: String = ""
    ) {
        self.kind = kind
        self.file = file
        self.locator = locator
        self.column = column
        self.message = message
        self.snippet = ImportError.clip(snippet)
    }

    /// Cuts a raw snippet to at most 300 characters.
    public static func clip(_ text: String, limit: Int = 300) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}

/// Why one input record could not be imported: it goes to quarantine and reading goes on. It names the file and the
/// line, row, record, message or element (no place when the whole file is the one record, such as a page that
/// cannot be parsed).
///
/// It is never thrown: it is an `Error` only so that a record's outcome can be a `Result`. A file that cannot be
/// read at all throws an ``ImportError``.
public struct RecordFailure: ImportProblem {
    /// The kinds of problem (shared with ``ImportError``, since quarantine stores both the same way).
    public typealias Kind = ImportError.Kind

    /// The kind of problem.
    public var kind: Kind
    /// The file the record is in.
    public var file: String
    /// Where in the file (nil when the whole file is the record).
    public var locator: Locator?
    /// 1-based column or byte offset within the line, when known.
    public var column: Int?
    /// What is wrong, in words a user can act on.
    public var message: String
    /// The start of the offending raw input (at most a few hundred characters).
    public var snippet: String

    /// A failure of `kind` in `file` at `locator`.
    public init(
        kind: Kind, file: String, locator: Locator? = nil, column: Int? = nil, message: String, snippet: String = ""
    ) {
        self.kind = kind
        self.file = file
        self.locator = locator
        self.column = column
        self.message = message
        self.snippet = ImportError.clip(snippet)
    }

}

/// What ``ImportError`` and ``RecordFailure`` both tell: a kind of problem, where it is, and what is wrong.
public protocol ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    var kind: ImportError.Kind { get }
    var file: String { get }
    var locator: Locator? { get }
    var column: Int? { get }
    var message: String { get }
    var snippet: String { get }
}

extension ImportProblem {
    /// `file, place, column N: message`.
    public var description: String {
        var place = file
        if let locator { place += ", \(locator)" }
        if let column { place += ", column \(column)" }
        return "\(place): \(message)"
    }

    /// ``description`` without the file's name: `place, column N: message`, or the message alone.
    public var withinFile: String {
        let place = [locator?.description, column.map { "column \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return place.isEmpty ? message : "\(place): \(message)"
    }

    /// The message with the column folded in, as quarantine stores it.
    public var messageWithColumn: String {
        guard let column else { return message }
        return "column \(column): \(message)"
    }
}
