import WinnowCore

/// Where the records of a JSON document are.
public enum JSONRecordsLocation: Sendable, Equatable, CustomStringConvertible {
    /// The elements of the array reached by these member names from the top-level object (none: the top-level
    /// value is the array).
    case array(path: [String])
    /// The top-level object is the one record.
    case document

    public var description: String {
        switch self {
        case .array(let path): return path.isEmpty ? "the top-level array" : path.joined(separator: ".")
        case .document: return "the top-level object"
        }
    }
}

/// Finds the records of a JSON document for ``ChunkReader``: each element of the records array (or the whole
/// document) is one record, with its 1-based index as its row and the line it starts on.
///
/// The document's structure is checked as it streams; a fault becomes a final span of kind `syntaxError` and the
/// rest of the file is passed over. A record cut by a block edge is handed back to be scanned whole with the next
/// block, but the walker itself never scans a byte twice.
struct JSONRecordScanner: RecordScanner {
    private let location: JSONRecordsLocation
    private var walker: JSONStructureWalker
    /// Absolute offset of the first byte of the bytes last scanned.
    private var base = 0
    /// What the last scan returned: the bytes before it were let go.
    private var lastReturned = 0
    /// Absolute offset of the next byte to walk.
    private var cursor = 0
    /// Member names of the records path matched by the open containers.
    private var matched = 0
    /// Whether the last member name read in the innermost matched object is the next name of the path.
    private var keyMatches = false
    /// The depth of the records (elements of the records array, or 0 for the document), once it is open.
    private var recordDepth: Int?
    /// The open record's absolute start offset and line.
    private var recordStart: Int?
    private var recordLine = 0
    private var recordIndex = 0
    private var finished = false

    /// A scanner for records at `location`.
    init(location: JSONRecordsLocation) {
        self.location = location
        switch location {
        case .array(let path):
            walker = JSONStructureWalker(reportDepth: path.count + 1)
        case .document:
            walker = JSONStructureWalker(reportDepth: 0)
            recordDepth = 0
        }
    }

    private var path: [String] {
        if case .array(let path) = location { return path }
        return []
    }

    mutating func scan(
        _ bytes: UnsafeRawBufferPointer, from start: Int, atEnd: Bool, records: inout [RecordSpan],
        fieldBounds: inout [Int]
    ) -> Int {
        // The reader hands back the same bytes, grown, from where the last scan stopped; or new bytes starting
        // there.
        if start == 0 { base += lastReturned }
        var index = cursor - base
        while !finished {
            guard let event = walker.next(bytes, index: &index, base: base, atEnd: atEnd) else { break }
            handle(event, bytes: bytes, records: &records)
        }
        cursor = base + index
        if finished { cursor = base + bytes.count }
        let returned = finished ? bytes.count : (recordStart.map { $0 - base } ?? bytes.count)
        lastReturned = returned
        return returned
    }

    private mutating func handle(
        _ event: JSONStructureWalker.Event, bytes: UnsafeRawBufferPointer, records: inout [RecordSpan]
    ) {
        switch event {
        case .key(let depth, let name):
            let path = self.path
            keyMatches = recordDepth == nil && depth == matched + 1 && matched < path.count && name == path[matched]
        case .valueStart(let depth, let byte, let offset):
            if let recordDepth {
                if depth == recordDepth {
                    recordStart = offset
                    recordLine = walker.line
                    walker.openRecord = recordIndex + 1
                    walker.openRecordLine = walker.line
                }
                return
            }
            let path = self.path
            guard depth == matched + (depth == 0 ? 0 : 1), depth == 0 || keyMatches else { return }
            keyMatches = false
            let isLast = depth == path.count
            let wanted: UInt8 = isLast ? 0x5B : 0x7B
            guard byte == wanted else {
                if case .problem(let problem) = walker.fail(.recordsPathNotArray, at: offset, found: byte) {
                    report(problem, bytes: bytes, records: &records)
                }
                return
            }
            if isLast { recordDepth = depth + 1 } else if depth > 0 { matched += 1 }
        case .valueEnd(let depth, let offset):
            guard let recordDepth else {
                if depth > 0, depth == matched { matched -= 1 }
                return
            }
            if depth == recordDepth, let start = recordStart {
                recordIndex += 1
                records.append(
                    RecordSpan(
                        kind: .record, start: start - base, end: offset - base, line: recordLine,
                        lineCount: walker.line - recordLine + 1, row: recordIndex))
                recordStart = nil
                walker.recordsBefore = recordIndex
                walker.openRecord = 0
            } else if depth == recordDepth - 1 {
                // The records array closed: what follows is only checked.
                self.recordDepth = Int.max
                walker.reportDepth = -1
            }
        case .problem(let problem):
            report(problem, bytes: bytes, records: &records)
        }
    }

    /// Ends the scan with a span describing `problem`, holding the bytes around it.
    private mutating func report(
        _ problem: JSONStructureProblem, bytes: UnsafeRawBufferPointer, records: inout [RecordSpan]
    ) {
        let at = min(max(0, problem.offset - base), bytes.count)
        records.append(
            RecordSpan(
                kind: .syntaxError(problem), start: max(0, at - 60), end: min(bytes.count, at + 60),
                line: problem.line, row: recordIndex + 1))
        recordStart = nil
        finished = true
    }
}
