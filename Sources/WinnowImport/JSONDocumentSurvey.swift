import Foundation
import WinnowCore

/// A look through a JSON document's top-level object for the arrays that could hold its records: arrays of
/// objects reached from the top through objects only (`data.tickets`), with how many elements each has.
///
/// It streams the file in blocks through a ``JSONStructureWalker`` without descending into the arrays it finds, so
/// it runs in fixed memory; given the path wanted, it stops as soon as that path's value starts.
struct JSONDocumentSurvey {
    /// An array found in the document.
    struct Candidate: Sendable, Equatable {
        /// Member names from the top-level object.
        var path: [String]
        /// Elements that are objects.
        var objects: Int
        /// All elements.
        var elements: Int
        /// The member names of the first element, when it is an object.
        var firstKeys: [String] = []
        /// The member names of each of the first ``sampledObjects`` elements that are objects (a transcript that
        /// opens with an event of no text tells its turns by the next elements).
        var sampleKeys: [[String]] = []
        /// How many object elements ``sampleKeys`` holds at most.
        static let sampledObjects = 3
        /// Elements that are arrays: rows of values (``ObjectRecordMapper/positionalRow(_:)``).
        var rows = 0
        /// The first byte of the first row's first value (`"` for a row opening with text).
        var firstValue: UInt8?
        /// Whether the array holds rows whose first opens with text: records, not a matrix of numbers.
        var holdsTextRows: Bool { rows > 0 && firstValue == UInt8(ascii: "\"") }

        /// `data.tickets (1200 objects)`, `train (15000 rows)`.
        var description: String {
            let (count, noun) = objects == 0 ? (rows, "row") : (objects, "object")
            return "\(path.joined(separator: ".")) (\(count) \(noun)\(count == 1 ? "" : "s"))"
        }
    }

    /// Arrays holding at least one object, in document order (up to the wanted path, when one is given); where
    /// none does, arrays holding rows of values that open with text (CLINC150's `train`, `val` and `test`; not a
    /// matrix of numbers).
    private(set) var candidates: [Candidate] = []
    /// What the wanted path leads to: `[` for an array, another first byte, or nil when not met.
    private(set) var wantedStart: UInt8?
    /// Whether the document breaks off (cut short, or its syntax broken) where the survey read it.
    private(set) var brokeOff = false

    /// Surveys `file` (named `displayPath` in errors). With `wanted`, stops once that path's value starts.
    init(file: URL, displayPath: String, wanted: [String]?, blockSize: Int = 1 << 20) throws {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: file)
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: displayPath, message: "cannot open: \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var found: [Candidate] = []
        var walker = JSONStructureWalker(reportDepth: 1)
        var path: [String] = []
        var lastKey = ""
        /// Open objects reached from the top through objects only.
        var chain = 0
        var open: Candidate?
        var readingFirst = false
        var base = 0
        var isFirst = true
        reading: while true {
            let data: Data
            do {
                // The first read takes at least the three bytes a byte order mark needs.
                data = try handle.read(upToCount: isFirst ? max(blockSize, 3) : blockSize) ?? Data()
            } catch {
                throw ImportError(
                    kind: .unreadableFile, file: displayPath, message: "read failed: \(error.localizedDescription)")
            }
            var bytes = [UInt8](data)
            if isFirst, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            isFirst = false
            let atEnd = data.isEmpty
            let stop: Bool = bytes.withUnsafeBytes { raw in
                var index = 0
                while let event = walker.next(raw, index: &index, base: base, atEnd: atEnd) {
                    switch event {
                    case .key(let depth, let name):
                        if let current = open {
                            if readingFirst, depth == current.path.count + 2, current.objects > 0 {
                                if current.elements == 1 { open?.firstKeys.append(name) }
                                open?.sampleKeys[current.sampleKeys.count - 1].append(name)
                            }
                        } else if depth == chain {
                            lastKey = name
                        }
                    case .valueStart(let depth, let byte, _):
                        if let current = open {
                            if readingFirst, depth == current.path.count + 2, current.firstValue == nil {
                                open?.firstValue = byte
                            }
                            if depth == current.path.count + 1 {
                                open?.elements += 1
                                if byte == 0x5B {
                                    open?.rows += 1
                                    if current.elements == 0 {
                                        // The first row's first value tells rows of text from numbers (a matrix).
                                        readingFirst = true
                                        walker.reportDepth = depth + 1
                                    }
                                }
                                if byte == 0x7B {
                                    open?.objects += 1
                                    if current.objects < Candidate.sampledObjects {
                                        // The first elements' member names tell turns from records.
                                        open?.sampleKeys.append([])
                                        readingFirst = true
                                        walker.reportDepth = depth + 1
                                    }
                                }
                            }
                            continue
                        }
                        guard depth == chain else { continue }
                        let here = depth == 0 ? [] : path + [lastKey]
                        if let wanted, here == wanted {
                            wantedStart = byte
                            return true
                        }
                        if byte == 0x7B {
                            chain += 1
                            if depth > 0 { path.append(lastKey) }
                            walker.reportDepth = chain
                        } else if byte == 0x5B, depth > 0 {
                            open = Candidate(path: here, objects: 0, elements: 0)
                            walker.reportDepth = depth + 1
                        }
                    case .valueEnd(let depth, _):
                        if let current = open, readingFirst, depth == current.path.count + 1 {
                            readingFirst = false
                            walker.reportDepth = depth
                        } else if let current = open, depth == current.path.count {
                            if current.objects > 0 || current.holdsTextRows { found.append(current) }
                            open = nil
                            walker.reportDepth = chain
                        } else if open == nil, depth == chain - 1 {
                            chain -= 1
                            if !path.isEmpty { path.removeLast() }
                            walker.reportDepth = chain
                        }
                    case .problem:
                        // The record pass reports it, with the records before it.
                        brokeOff = true
                        return true
                    }
                }
                return false
            }
            base += bytes.count
            if stop || atEnd { break reading }
        }
        if let current = open, current.objects > 0 || current.holdsTextRows { found.append(current) }
        let holdingObjects = found.filter { $0.objects > 0 }
        candidates = holdingObjects.isEmpty ? found : holdingObjects
    }
}

extension JSONDocumentSurvey {
    /// The name of the first member of a top-level object whose value is an array, when it starts within `prefix`
    /// (the file's first bytes: Microsoft Graph's `value` after `@odata.context`, DiscordChatExporter's `messages`
    /// after `guild` and `channel`); nil for an array document, or when none starts there.
    static func firstArrayMember(inPrefix prefix: [UInt8]) -> String? {
        head(inPrefix: prefix)?.firstArray
    }

    /// The names a top-level `columns` member gives the rows of values beside it (pandas' `orient="split"`:
    /// `{"columns": ["text", "label"], "index": [...], "data": [[...], ...]}`), when it is written within `prefix`
    /// and is an array of distinct, non-empty strings.
    static func columnNames(inPrefix prefix: [UInt8]) -> [String]? {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var walker = JSONStructureWalker(reportDepth: 1)
        var lastKey: String?
        var start: Int?
        return Array(bytes).withUnsafeBytes { raw -> [String]? in
            var index = 0
            while let event = walker.next(raw, index: &index, base: 0, atEnd: false) {
                switch event {
                case .valueStart(0, let byte, _) where byte != UInt8(ascii: "{"): return nil
                case .key(1, let name): lastKey = name
                case .valueStart(1, UInt8(ascii: "["), let offset) where lastKey == "columns": start = offset
                case .valueEnd(1, let end):
                    guard let begin = start, begin < end, end <= raw.count else { continue }
                    guard
                        case .array(let values)? = try? JSONParser.parse(
                            bytes: UnsafeRawBufferPointer(rebasing: raw[begin..<end]))
                    else { return nil }
                    let names = values.compactMap { value -> String? in
                        guard case .string(let name) = value, !name.isEmpty else { return nil }
                        return name
                    }
                    return names.count == values.count && Set(names).count == names.count ? names : nil
                case .problem: return nil
                default: continue
                }
            }
            return nil
        }
    }

    /// The members of a top-level object written before its first array (DiscordChatExporter's `guild` and
    /// `channel` before `messages`, Telegram's `name` and `type`), parsed, and that array's name, when it starts
    /// within `prefix`; nil for an array document, or when no array starts there. An array of objects one level
    /// down, in a member object, is named by its path (Discourse's `post_stream.posts`); an array of anything else
    /// there (Chatwoot's `meta.labels`) is passed over.
    static func head(inPrefix prefix: [UInt8]) -> (firstArray: String, members: JSONObject)? {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var walker = JSONStructureWalker(reportDepth: 2)
        var lastKey: String?
        var innerKey: String?
        var members = JSONObject()
        var start: Int?
        return Array(bytes).withUnsafeBytes { raw -> (String, JSONObject)? in
            /// Whether the array opening at `offset` holds an object first.
            func opensObjects(_ offset: Int) -> Bool {
                var next = offset + 1
                while next < raw.count, [0x20, 0x09, 0x0A, 0x0D].contains(raw[next]) { next += 1 }
                return next < raw.count && raw[next] == UInt8(ascii: "{")
            }
            var index = 0
            while let event = walker.next(raw, index: &index, base: 0, atEnd: false) {
                switch event {
                case .valueStart(0, let byte, _) where byte != UInt8(ascii: "{"): return nil
                case .key(1, let name): lastKey = name
                case .key(2, let name): innerKey = name
                case .valueStart(2, UInt8(ascii: "["), let offset) where opensObjects(offset):
                    guard let outer = lastKey, let inner = innerKey, start != nil else { continue }
                    return (outer + "." + inner, members)
                case .valueStart(1, UInt8(ascii: "["), _): return lastKey.map { ($0, members) }
                case .valueStart(1, _, let offset):
                    start = offset
                    innerKey = nil
                case .valueEnd(1, let end):
                    guard let key = lastKey, let begin = start, begin < end, end <= raw.count else { continue }
                    if let value = try? JSONParser.parse(bytes: UnsafeRawBufferPointer(rebasing: raw[begin..<end])) {
                        members[key] = value
                    }
                    start = nil
                case .problem: return nil
                default: continue
                }
            }
            return nil
        }
    }
}
