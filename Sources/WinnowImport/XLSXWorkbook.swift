import Foundation
import WinnowCore
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An Excel workbook (`.xlsx`, Office Open XML): a zip of XML parts. Reads the sheets' names and one sheet's cells
/// as text: shared and inline strings, numbers as written, booleans, cached formula results, and numbers whose cell
/// format is a date or a time as ISO 8601 (the workbook's 1900 or 1904 date system).
struct XLSXWorkbook {
    /// A sheet: its name and the part holding its cells.
    struct Sheet: Equatable {
        var name: String
        var path: String
    }

    let displayPath: String
    let sheets: [Sheet]
    private let archive: Archive
    private let sharedStrings: [String]
    /// For each cell style index: whether its number format shows a date or a time.
    private let dateStyles: [Bool]
    private let uses1904: Bool

    /// Opens the workbook at `url`; errors name `displayPath`.
    init(url: URL, displayPath: String) throws {
        self.displayPath = displayPath
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "not a readable zip archive: \(error)")
        }
        func fail(_ message: String) -> ImportError {
            ImportError(kind: .unreadableFile, file: displayPath, message: message)
        }
        guard let workbook = try Self.part("xl/workbook.xml", in: archive, displayPath: displayPath) else {
            throw fail("not an Excel workbook: it has no xl/workbook.xml")
        }
        let relations = try Self.part("xl/_rels/workbook.xml.rels", in: archive, displayPath: displayPath)
        var targets: [String: String] = [:]
        if let relations {
            for element in XMLElements(relations, named: ["Relationship"]).elements {
                guard let id = element.attributes["Id"], let target = element.attributes["Target"] else { continue }
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        let read = XMLElements(workbook, named: ["sheet", "workbookPr"])
        var sheets: [Sheet] = []
        var uses1904 = false
        for element in read.elements {
            if element.name == "workbookPr" {
                uses1904 = ["1", "true"].contains(element.attributes["date1904"] ?? "")
                continue
            }
            let relation = element.attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value
            guard let name = element.attributes["name"], let relation, let path = targets[relation] else { continue }
            sheets.append(Sheet(name: name, path: path))
        }
        guard !sheets.isEmpty else { throw fail("the workbook lists no sheets") }
        self.sheets = sheets
        self.uses1904 = uses1904
        sharedStrings =
            try Self.part("xl/sharedStrings.xml", in: archive, displayPath: displayPath).map {
                try Self.strings($0, displayPath: displayPath)
            } ?? []
        dateStyles = try Self.part("xl/styles.xml", in: archive, displayPath: displayPath).map(Self.dateStyles) ?? []
    }

    /// The sheet named `name` (any case), or the first sheet when `name` is nil.
    func sheet(named name: String?) throws -> Sheet {
        guard let name else { return sheets[0] }
        if let sheet = sheets.first(where: { $0.name.lowercased() == name.lowercased() }) { return sheet }
        throw ImportError(
            kind: .invalidMapping, file: displayPath,
            message: "no sheet named '\(name)'; the sheets are " + sheets.map { "'\($0.name)'" }.joined(separator: ", ")
        )
    }

    /// The rows of `sheet` with their numbers in the sheet, each as its cells' texts from column A, padded with
    /// empty cells to the widest row; rows with no text are left out.
    func rows(of sheet: Sheet) throws -> [(number: Int, cells: [String])] {
        guard let data = try Self.part(sheet.path, in: archive, displayPath: displayPath) else {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "sheet '\(sheet.name)' has no part")
        }
        let reader = SheetReader(sharedStrings: sharedStrings, dateStyles: dateStyles, uses1904: uses1904)
        let parser = XLSXWorkbook.xmlParser(data)
        parser.delegate = reader
        // Foundation's parser can return true for XML cut short; the error it keeps tells.
        guard parser.parse(), parser.parserError == nil else {
            throw ImportError(
                kind: .unreadableFile, file: displayPath,
                message: "sheet '\(sheet.name)' cannot be read: \(parser.parserError.map { "\($0)" } ?? "bad XML") "
                    + "(line \(parser.lineNumber) of its XML)")
        }
        let rows = reader.rows.filter { row in row.cells.contains { !$0.isEmpty } }
        let width = rows.map(\.cells.count).max() ?? 0
        return rows.map { ($0.number, $0.cells + Array(repeating: "", count: width - $0.cells.count)) }
    }

    /// The bytes of the part at `path`, nil when the archive has none.
    private static func part(_ path: String, in archive: Archive, displayPath: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        do {
            _ = try archive.extract(entry) { data.append($0) }
        } catch {
            throw ImportError(kind: .unreadableFile, file: displayPath, message: "cannot unpack \(path): \(error)")
        }
        return data
    }

    /// The shared strings, in order: each `<si>`'s text runs joined (phonetic runs left out).
    static func strings(_ data: Data, displayPath: String) throws -> [String] {
        let reader = SharedStringsReader()
        let parser = XLSXWorkbook.xmlParser(data)
        parser.delegate = reader
        // Strings lost after a break would leave cells empty without a word: the workbook is refused instead.
        guard parser.parse(), parser.parserError == nil else {
            throw ImportError(
                kind: .unreadableFile, file: displayPath,
                message: "the shared strings cannot be read: \(parser.parserError.map { "\($0)" } ?? "bad XML") (line "
                    + "\(parser.lineNumber) of their XML)")
        }
        return reader.strings
    }

    /// For each cell style (`cellXfs`, in order): whether its number format is a date or a time.
    static func dateStyles(_ data: Data) -> [Bool] {
        let read = XMLElements(data, named: ["numFmt", "xf", "cellXfs"], tracking: "cellXfs")
        var custom: [Int: String] = [:]
        var styles: [Bool] = []
        for element in read.elements {
            switch element.name {
            case "numFmt":
                if let id = element.attributes["numFmtId"].flatMap(Int.init),
                    let code = element.attributes["formatCode"]
                {
                    custom[id] = code
                }
            case "xf" where element.inside:
                let id = element.attributes["numFmtId"].flatMap(Int.init) ?? 0
                styles.append(custom[id].map(isDateFormat) ?? builtInDateFormats.contains(id))
            default: break
            }
        }
        return styles
    }

    /// Excel's built-in number formats that show dates or times.
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a format code (`yyyy-mm-dd hh:mm`, `[$-409]d mmm`) shows a date or a time: a y, d, h or s outside
    /// quoted text, escapes and `[...]` sections, and no digit placeholder.
    static func isDateFormat(_ code: String) -> Bool {
        var plain = ""
        var quoted = false
        var bracket = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            default: if !quoted && !bracket { plain.append(character) }
            }
        }
        guard !plain.contains("0"), !plain.contains("#") else { return false }
        return plain.contains { "ydhs".contains($0) }
    }

    /// A date serial as ISO 8601: the day, and the time when it has one.
    static func isoDate(serial: Double, uses1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        // Day 0 is 1899-12-30 in the 1900 system (so that Excel's 1900-02-29 drops out) and 1904-01-01 in the other.
        let epoch: Double = uses1904 ? -2_082_844_800 : -2_209_161_600
        let seconds = (serial * 86_400).rounded()
        let date = Date(timeIntervalSince1970: epoch + seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        func two(_ value: Int?) -> String { let value = value ?? 0; return value < 10 ? "0\(value)" : "\(value)" }
        let day10 = "\(year)-\(two(month))-\(two(day))"
        if seconds.truncatingRemainder(dividingBy: 86_400) == 0 { return day10 }
        return day10 + "T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    /// Foundation's XML parser for a workbook part, fed as a stream: handed a part of more than about 10 MB at once
    /// (a sheet of 20,000 tickets), libxml2 under it stops with an internal error; read in pieces it does not.
    static func xmlParser(_ data: Data) -> XMLParser {
        XMLParser(stream: InputStream(data: data))
    }

    /// Rows as CSV (RFC 4180: every field quoted when it holds a quote, a comma or a line break; LF line ends).
    static func csv(_ rows: [[String]]) -> String {
        var text = ""
        for row in rows {
            text += row.map { field in
                field.contains(where: { $0 == "\"" || $0 == "," || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
            text += "\n"
        }
        return text
    }
}

/// Elements with their attributes, in document order, for small parts (the workbook, its relations, styles).
private final class XMLElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// Whether it is inside the tracked element.
        var inside: Bool
    }

    private let names: Set<String>
    private let tracking: String?
    private var depth = 0
    private(set) var elements: [Element] = []

    init(_ data: Data, named names: Set<String>, tracking: String? = nil) {
        self.names = names
        self.tracking = tracking
        super.init()
        let parser = XLSXWorkbook.xmlParser(data)
        parser.delegate = self
        _ = parser.parse()
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
        if names.contains(name) { elements.append(Element(name: name, attributes: attributes, inside: depth > 0)) }
        if name == tracking { depth += 1 }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
        if name == tracking { depth -= 1 }
    }
}

/// The text of each `<si>` of the shared strings part.
private final class SharedStringsReader: NSObject, XMLParserDelegate {
    private(set) var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch elementName.split(separator: ":").last.map(String.init) ?? elementName {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName.split(separator: ":").last.map(String.init) ?? elementName {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// The cells of a sheet part, row by row, placed by their references (`B7`).
private final class SheetReader: NSObject, XMLParserDelegate {
    let sharedStrings: [String]
    let dateStyles: [Bool]
    let uses1904: Bool
    private(set) var rows: [(number: Int, cells: [String])] = []
    private var row: [String] = []
    private var rowNumber = 0
    private var column = 0
    private var type = ""
    private var style = 0
    private var value = ""
    private var inline = ""
    private var capturing: String?

    init(sharedStrings: [String], dateStyles: [Bool], uses1904: Bool) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.uses1904 = uses1904
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch elementName.split(separator: ":").last.map(String.init) ?? elementName {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            row = []
            column = 0
        case "c":
            if let reference = attributes["r"], let index = Self.column(of: reference) { column = index }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
            inline = ""
        case "v": capturing = "v"
        case "t": if capturing == nil { capturing = "t" }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch capturing {
        case "v": value += string
        case "t": inline += string
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName.split(separator: ":").last.map(String.init) ?? elementName {
        case "v", "t": capturing = nil
        case "c":
            if row.count < column { row += Array(repeating: "", count: column - row.count) }
            let text = cellText()
            if row.count == column { row.append(text) } else { row[column] = text }
            column += 1
        case "row":
            rows.append((rowNumber, row))
        default: break
        }
    }

    /// The cell just read, as text.
    private func cellText() -> String {
        switch type {
        case "s": return Int(value).flatMap { sharedStrings.indices.contains($0) ? sharedStrings[$0] : nil } ?? ""
        case "inlineStr": return inline
        case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case "str", "e", "d": return value
        default:
            if dateStyles.indices.contains(style), dateStyles[style], let serial = Double(value),
                let date = XLSXWorkbook.isoDate(serial: serial, uses1904: uses1904)
            {
                return date
            }
            return value
        }
    }

    /// The 0-based column of a cell reference (`AB12` is 27).
    static func column(of reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard let value = scalar.properties.isAlphabetic ? Int(scalar.value) : nil else { break }
            let upper = value >= 97 ? value - 32 : value
            guard (65...90).contains(upper) else { return nil }
            index = index * 26 + (upper - 64)
            letters += 1
        }
        return letters > 0 ? index - 1 : nil
    }
}
