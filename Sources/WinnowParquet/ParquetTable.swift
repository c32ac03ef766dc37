import Foundation
import WinnowCore

/// A Parquet file read as rows of JSON objects, one member per top-level column, as pandas or Hugging Face
/// `datasets` write it to JSON Lines.
///
/// Nested columns come back nested: a list (`LIST`, or a bare repeated field) as an array, a struct as an object, a
/// map as an object keyed by its keys' text, so a chat dataset's `messages` column of `{role, content}` structs reads
/// as the `messages` array of its JSON Lines. Text is text; integers are numbers (past 2^53, text that keeps every
/// digit); dates and timestamps ISO 8601 text; binary data that is not UTF-8 (an image's bytes) null. A column that
/// is a `ClassLabel` in the Hugging Face metadata stored with the file reads as its class names (BANKING77's `label`
/// 11 as `card_arrival`), and the index pandas stored as a column (`__index_level_0__`) is left out.
public struct ParquetTable: Sendable {
    /// The file's name as errors give it.
    public let displayPath: String
    /// Rows in the file.
    public let rowCount: Int
    /// The top-level columns read, in order.
    public let columns: [String]
    /// The columns read as class names, with how many names each has.
    public let classLabels: [(column: String, names: Int)]
    /// The columns left out: the index pandas stored beside the data (`__index_level_0__`).
    public var indexColumns: [String] { nodes[0].children.map { nodes[$0].element.name }.filter(skipped.contains) }
    /// Row groups (read one after another, a page of each column at a time).
    public var rowGroupCount: Int { metadata.rowGroups.count }
    /// The writer the footer names (`parquet-cpp-arrow version 17.0.0`), if any.
    public var createdBy: String? { metadata.createdBy }

    private let storage: Storage
    private let metadata: FileMetadata
    private let nodes: [Node]
    private let leaves: [ParquetLeaf]
    private let names: [String: [String]]
    private let skipped: Set<String>

    /// A schema node: a group or a leaf, with the levels at which it is defined and repeated.
    private struct Node: Sendable {
        var element: SchemaElement
        var children: [Int] = []
        /// The leaves under the node (itself, for a leaf), as indices into ``leaves``.
        var leaves: Range<Int> = 0..<0
        var definition = 0
        var repetition = 0
        var isLeaf: Bool { children.isEmpty && element.type != nil }
    }

    /// Where the file's bytes are read from: a file on disk, a column chunk at a time, or memory.
    private enum Storage: Sendable {
        case file(URL, size: Int)
        case memory([UInt8])

        var size: Int {
            switch self {
            case .file(_, let size): return size
            case .memory(let bytes): return bytes.count
            }
        }

        /// `count` bytes from `offset`, which the caller has checked lie in the file.
        func read(offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
            switch self {
            case .memory(let bytes): return Array(bytes[offset..<offset + count])
            case .file(let url, _):
                do {
                    let handle = try FileHandle(forReadingFrom: url)
                    defer { try? handle.close() }
                    try handle.seek(toOffset: UInt64(offset))
                    let data = try handle.read(upToCount: count) ?? Data()
                    guard data.count == count else { throw ParquetError.malformed("the file is cut short") }
                    return [UInt8](data)
                } catch let error as ParquetError {
                    throw error
                } catch {
                    throw .malformed("cannot read: \(error.localizedDescription)")
                }
            }
        }
    }

    /// Reads the footer of the file at `url`; `displayPath` names it in errors. The rows are read by
    /// ``forEachRow(_:)``, one column chunk at a time: the file is never held whole.
    public init(url: URL, displayPath: String) throws(ParquetError) {
        let size: Int
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            size = Int(try handle.seekToEnd())
        } catch {
            throw .malformed("cannot read: \(error.localizedDescription)")
        }
        try self.init(storage: .file(url, size: size), displayPath: displayPath)
    }

    /// Reads a Parquet file held in memory.
    public init(bytes: [UInt8], displayPath: String) throws(ParquetError) {
        try self.init(storage: .memory(bytes), displayPath: displayPath)
    }

    private init(storage: Storage, displayPath: String) throws(ParquetError) {
        self.displayPath = displayPath
        self.storage = storage
        let magic = Array("PAR1".utf8)
        guard storage.size >= 12, try storage.read(offset: 0, count: 4) == magic else {
            throw .malformed("not a Parquet file (it does not start with PAR1)")
        }
        let tail = try storage.read(offset: storage.size - 8, count: 8)
        if Array(tail.suffix(4)) == Array("PARE".utf8) {
            throw .unsupported("its footer is encrypted")
        }
        guard Array(tail.suffix(4)) == magic else {
            throw .malformed("the file is cut short: it does not end with PAR1, as a whole Parquet file does")
        }
        let end = storage.size - 8
        let length = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard length > 0, length <= end - 4 else {
            throw .malformed("its footer's length (\(length)) is past the file")
        }
        var reader = ThriftCompactReader(bytes: try storage.read(offset: end - length, count: length))
        let metadata = try FileMetadata(reading: &reader)
        self.metadata = metadata
        guard !metadata.schema.isEmpty else { throw .malformed("its footer holds no schema") }

        // The schema tree, from its depth-first list.
        var nodes: [Node] = []
        var leaves: [ParquetLeaf] = []
        var index = 0
        func build(parent: (definition: Int, repetition: Int)?, path: [String]) throws(ParquetError) -> Int {
            guard index < metadata.schema.count else { throw .malformed("its schema lists fewer fields than it says") }
            let element = metadata.schema[index]
            index += 1
            var node = Node(element: element)
            if let parent {
                node.definition = parent.definition + (element.repetition == .required ? 0 : 1)
                node.repetition = parent.repetition + (element.repetition == .repeated ? 1 : 0)
            }
            let path = parent == nil ? [] : path + [element.name]
            let id = nodes.count
            nodes.append(node)
            let firstLeaf = leaves.count
            guard element.childCount >= 0, element.childCount <= metadata.schema.count else {
                throw .malformed("its schema gives \(element.name) \(element.childCount) fields")
            }
            if element.childCount > 0 {
                guard path.count < 64 else { throw .malformed("its schema is nested too deeply") }
                var children: [Int] = []
                for _ in 0..<element.childCount {
                    children.append(try build(parent: (node.definition, node.repetition), path: path))
                }
                nodes[id].children = children
            } else if let type = element.type, parent != nil {
                leaves.append(
                    ParquetLeaf(
                        path: path, type: type, typeLength: element.typeLength, logical: element.logical,
                        maxDefinition: node.definition, maxRepetition: node.repetition))
            }
            nodes[id].leaves = firstLeaf..<leaves.count
            return id
        }
        _ = try build(parent: nil, path: [])
        guard !leaves.isEmpty else { throw .malformed("its schema has no columns") }
        self.nodes = nodes
        self.leaves = leaves
        for (number, group) in metadata.rowGroups.enumerated() {
            guard group.rowCount >= 0 else { throw .malformed("row group \(number + 1) has a negative number of rows") }
            guard group.columns.count == leaves.count else {
                throw .malformed(
                    "row group \(number + 1) has \(group.columns.count) columns where the schema has \(leaves.count)")
            }
        }
        rowCount = Int(clamping: metadata.rowCount)

        let (names, skipped) = Self.datasetMetadata(metadata.keyValues)
        let top = nodes[0].children.map { nodes[$0].element.name }
        self.skipped = skipped.intersection(top)
        self.names = names.filter { top.contains($0.key) }
        columns = top.filter { !skipped.contains($0) }
        classLabels = columns.compactMap { column in names[column].map { (column, $0.count) } }
    }

    /// Class names of the Hugging Face `ClassLabel` columns, and pandas' index columns, from the key-value metadata.
    private static func datasetMetadata(_ keyValues: [String: String]) -> (
        names: [String: [String]], index: Set<String>
    ) {
        var index = Set<String>()
        if let text = keyValues["pandas"], let value = try? JSONParser.parse(text),
            case .array(let columns)? = value.value(atPath: "index_columns")
        {
            for case .string(let name) in columns { index.insert(name) }
        }
        return (ClassLabelNames.read(keyValues), index)
    }

    /// Calls `body` with each row's number (1-based) and object, in file order, one row group decoded at a time.
    /// A row group that cannot be read throws, naming it and its column.
    public func forEachRow(_ body: (Int, JSONObject) throws -> Void) throws {
        var number = 0
        for (groupIndex, group) in metadata.rowGroups.enumerated() {
            /// `row group 2, column messages.list.element.content`.
            func place(_ leaf: Int) -> String {
                "row group \(groupIndex + 1), column \(leaves[leaf].path.joined(separator: "."))"
            }
            var cursors: [ParquetColumnCursor] = []
            for (leafIndex, chunk) in group.columns.enumerated() {
                do throws(ParquetError) {
                    cursors.append(try cursor(chunk, leaf: leaves[leafIndex]))
                } catch {
                    throw ParquetReadError(file: displayPath, place: place(leafIndex), reason: error)
                }
            }
            for _ in 0..<group.rowCount {
                number += 1
                var columns = [ColumnValues](repeating: ColumnValues(), count: cursors.count)
                for index in cursors.indices {
                    do throws(ParquetError) {
                        try cursors[index].nextRow(into: &columns[index])
                    } catch {
                        throw ParquetReadError(file: displayPath, place: place(index), reason: error)
                    }
                }
                var object = JSONObject()
                do throws(ParquetError) {
                    let assembler = try RowAssembler(nodes: nodes, leaves: leaves, columns: columns)
                    let ranges = columns.map { 0..<$0.count }
                    for child in nodes[0].children where !skipped.contains(nodes[child].element.name) {
                        let name = nodes[child].element.name
                        var value = try assembler.value(child, ranges)
                        if let classes = names[name] { value = ClassLabelNames.name(value, classes) }
                        object[name] = value
                    }
                } catch {
                    throw ParquetReadError(file: displayPath, place: "row \(number)", reason: error)
                }
                try body(number, object)
            }
            for (index, cursor) in cursors.enumerated() where !cursor.isFinished {
                throw ParquetReadError(
                    file: displayPath, place: place(index),
                    reason: .malformed("it holds more values than the row group's \(group.rowCount) rows"))
            }
        }
    }

    /// A cursor over a column chunk's pages, its bytes read from the file.
    private func cursor(_ chunk: ColumnChunkMetadata, leaf: ParquetLeaf) throws(ParquetError) -> ParquetColumnCursor {
        guard chunk.type == leaf.type else { throw .malformed("its column chunk's type differs from the schema's") }
        var start = chunk.dataPageOffset
        if let dictionary = chunk.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
        guard start >= 4, chunk.compressedSize >= 0, start < Int64(storage.size),
            chunk.compressedSize <= Int64(storage.size) - start
        else { throw .malformed("its pages lie outside the file") }
        let bytes = try storage.read(offset: Int(start), count: Int(chunk.compressedSize))
        return ParquetColumnCursor(bytes: bytes, chunk: chunk, leaf: leaf)
    }

    /// Puts one row back together from its columns' level pairs.
    private struct RowAssembler {
        let nodes: [Node]
        let leaves: [ParquetLeaf]
        let columns: [ColumnValues]
        /// Per leaf, the value index of each level pair holding a value (-1 for none); empty for a leaf that is
        /// always defined.
        var valueAt: [[Int32]] = []

        init(nodes: [Node], leaves: [ParquetLeaf], columns: [ColumnValues]) throws(ParquetError) {
            self.nodes = nodes
            self.leaves = leaves
            self.columns = columns
            for (index, column) in columns.enumerated() {
                var positions = [Int32]()
                if leaves[index].maxDefinition > 0 {
                    positions.reserveCapacity(column.count)
                    var next: Int32 = 0
                    for level in column.definition {
                        if Int(level) == leaves[index].maxDefinition {
                            positions.append(next)
                            next += 1
                        } else {
                            positions.append(-1)
                        }
                    }
                }
                valueAt.append(positions)
            }
        }

        private func definition(_ leaf: Int, _ position: Int) -> Int {
            leaves[leaf].maxDefinition == 0 ? 0 : Int(columns[leaf].definition[position])
        }

        /// A node's value: an array for a repeated node, else ``single(_:_:)``.
        func value(_ node: Int, _ ranges: [Range<Int>]) throws(ParquetError) -> JSONValue {
            guard nodes[node].element.repetition == .repeated else { return try single(node, ranges) }
            var items: [JSONValue] = []
            for element in try elements(node, ranges) { items.append(try single(node, element)) }
            return .array(items)
        }

        /// The leaves' level pairs of each element of a repeated node.
        func elements(_ node: Int, _ ranges: [Range<Int>]) throws(ParquetError) -> [[Range<Int>]] {
            let info = nodes[node]
            guard let firstLeaf = info.leaves.first, let start = ranges[firstLeaf].first else { return [] }
            guard definition(firstLeaf, start) >= info.definition else { return [] }
            var result: [[Range<Int>]] = []
            for leaf in info.leaves {
                let range = ranges[leaf]
                var bounds: [Int] = []
                for position in range
                where position == range.lowerBound || Int(columns[leaf].repetition[position]) == info.repetition {
                    bounds.append(position)
                }
                if leaf == firstLeaf {
                    result = bounds.indices.map { _ in ranges }
                } else if bounds.count != result.count {
                    throw .malformed("the columns of \(info.element.name) disagree on its number of items")
                }
                for (item, bound) in bounds.enumerated() {
                    result[item][leaf] = bound..<(item + 1 < bounds.count ? bounds[item + 1] : range.upperBound)
                }
            }
            return result
        }

        /// A node's value where it stands once (an element of a list, or a field that does not repeat).
        func single(_ node: Int, _ ranges: [Range<Int>]) throws(ParquetError) -> JSONValue {
            let info = nodes[node]
            guard let firstLeaf = info.leaves.first, let start = ranges[firstLeaf].first else { return .null }
            if info.isLeaf {
                let position = valueAt[firstLeaf].isEmpty ? start : Int(valueAt[firstLeaf][start])
                return position < 0 ? .null : columns[firstLeaf].values[position]
            }
            if definition(firstLeaf, start) < info.definition { return .null }
            let children = info.children
            if info.element.logical == .list, children.count == 1, nodes[children[0]].element.repetition == .repeated {
                // LIST: `repeated group list { element }`, or an older writer's repeated element itself.
                let repeated = nodes[children[0]]
                let unwrap =
                    !repeated.isLeaf && repeated.children.count == 1 && repeated.element.name != "array"
                    && repeated.element.name != info.element.name + "_tuple"
                var items: [JSONValue] = []
                for element in try elements(children[0], ranges) {
                    items.append(unwrap ? try value(repeated.children[0], element) : try single(children[0], element))
                }
                return .array(items)
            }
            if info.element.logical == .map, children.count == 1, nodes[children[0]].element.repetition == .repeated,
                nodes[children[0]].children.count == 2
            {
                let pair = nodes[children[0]]
                var object = JSONObject()
                for element in try elements(children[0], ranges) {
                    let key = try value(pair.children[0], element)
                    object[key.scalarText ?? key.serialized] = try value(pair.children[1], element)
                }
                return .object(object)
            }
            var object = JSONObject()
            for child in children { object[nodes[child].element.name] = try value(child, ranges) }
            return .object(object)
        }
    }
}

/// A Parquet file that cannot be read, with where: `row group 2, column messages.list.element.content: ...`.
public struct ParquetReadError: Error, CustomStringConvertible {
    public let file: String
    public let place: String?
    public let reason: ParquetError

    public var description: String { (place.map { "\($0): " } ?? "") + reason.description }
}
