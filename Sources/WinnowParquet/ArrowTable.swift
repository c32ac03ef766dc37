import Foundation
import WinnowCore

/// An Arrow IPC file or stream read as rows of JSON objects, as Hugging Face `datasets` keeps a dataset on disk
/// (`save_to_disk`'s `data-00000-of-00001.arrow`, and its cache): the same rows as ``ParquetTable`` gives for the
/// same data, one record batch decoded at a time.
///
/// Reads the stream format (messages after a `0xFFFFFFFF` continuation marker, or the older form without it) and the
/// file format (`ARROW1`, the stream inside it). Types: null, booleans, integers, floats (half, single, double),
/// decimals, dates, times, timestamps, durations, UTF-8 text and binary (and their large forms), fixed-size binary,
/// lists (large and fixed-size), structs, maps, and dictionary-encoded columns. Compressed bodies, unions and the
/// view types throw ``ParquetError/unsupported(_:)``; every offset and length is checked against the bytes.
public struct ArrowTable: Sendable {
    /// The file's name as errors give it.
    public let displayPath: String
    /// Rows in the file (the record batches' lengths).
    public let rowCount: Int
    /// The top-level columns read, in order.
    public let columns: [String]
    /// The columns read as class names, with how many names each has.
    public let classLabels: [(column: String, names: Int)]
    /// Record batches.
    public var batchCount: Int { batches.count }

    private let bytes: [UInt8]
    private let fields: [ArrowField]
    private let batches: [(metadata: FlatTable, body: Range<Int>)]
    private let dictionaries: [(id: Int64, metadata: FlatTable, body: Range<Int>, isDelta: Bool)]
    private let names: [String: [String]]

    /// Reads the messages of the file at `url`; `displayPath` names it in errors.
    public init(url: URL, displayPath: String) throws(ParquetError) {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw .malformed("cannot read: \(error.localizedDescription)")
        }
        try self.init(bytes: [UInt8](data), displayPath: displayPath)
    }

    /// Whether `prefix` opens an Arrow file (`ARROW1`) or stream (a continuation marker and a schema message).
    public static func isArrow(_ prefix: [UInt8]) -> Bool {
        if prefix.starts(with: Array("ARROW1".utf8)) { return true }
        // A stream: 0xFFFFFFFF, a metadata length, then a flatbuffer Message whose header is a Schema.
        guard prefix.count >= 16, prefix.starts(with: [0xFF, 0xFF, 0xFF, 0xFF]) else { return false }
        let length = Int(prefix[4]) | Int(prefix[5]) << 8 | Int(prefix[6]) << 16 | Int(prefix[7]) << 24
        guard length >= 8, length % 8 == 0, length < 1 << 24 else { return false }
        let metadata = Array(prefix[8..<min(prefix.count, 8 + length)])
        guard metadata.count == length, let message = try? FlatTable.root(metadata) else { return false }
        return (try? message.uint8(1)) == 1
    }

    /// Reads an Arrow file or stream held in memory.
    public init(bytes: [UInt8], displayPath: String) throws(ParquetError) {
        self.displayPath = displayPath
        self.bytes = bytes
        var position = 0
        var end = bytes.count
        if bytes.starts(with: Array("ARROW1".utf8)) {
            // The file format: the stream after the magic, then a footer, its length and the magic again.
            position = 8
            if bytes.count >= 18, Array(bytes.suffix(6)) == Array("ARROW1".utf8) {
                let footer = Int(Self.int32(bytes, bytes.count - 10))
                if footer > 0, footer <= bytes.count - 18 { end = bytes.count - 10 - footer }
            }
        }
        var schema: FlatTable?
        var batches: [(metadata: FlatTable, body: Range<Int>)] = []
        var dictionaries: [(id: Int64, metadata: FlatTable, body: Range<Int>, isDelta: Bool)] = []
        var rows = 0
        while position + 4 <= end {
            var length = Self.int32(bytes, position)
            var metadataStart = position + 4
            if length == -1 {
                guard position + 8 <= end else { break }
                length = Self.int32(bytes, position + 4)
                metadataStart = position + 8
            }
            // The end of the stream.
            if length == 0 { break }
            guard length > 0, length <= bytes.count - metadataStart else {
                throw .malformed("a message at byte \(position) runs past the file")
            }
            let metadata = Array(bytes[metadataStart..<metadataStart + Int(length)])
            let message = try FlatTable.root(metadata)
            let bodyLength = try message.int64(3)
            let bodyStart = metadataStart + Int(length)
            guard bodyLength >= 0, bodyLength <= Int64(bytes.count - bodyStart) else {
                throw .malformed("a message body at byte \(bodyStart) runs past the file")
            }
            let body = bodyStart..<bodyStart + Int(bodyLength)
            guard let header = try message.table(2) else { throw .malformed("a message without its header") }
            switch try message.uint8(1) {
            case 1: if schema == nil { schema = header }
            case 2:
                guard let data = try header.table(1) else { throw .malformed("a dictionary batch without data") }
                dictionaries.append((try header.int64(0), data, body, try header.bool(2)))
            case 3:
                let length = try header.int64(0)
                guard length >= 0, length <= Int64(Int32.max) else {
                    throw .malformed("a record batch of \(length) rows")
                }
                rows += Int(length)
                batches.append((header, body))
            case 0: break
            default: throw .unsupported("it holds tensors, not a table")
            }
            position = body.upperBound
        }
        guard let schema else { throw .malformed("it holds no schema message") }
        let fields = try schema.tables(1).map { table throws(ParquetError) in try ArrowField(table, depth: 0) }
        guard !fields.isEmpty else { throw .malformed("its schema has no columns") }
        self.fields = fields
        self.batches = batches
        self.dictionaries = dictionaries
        rowCount = rows
        var keyValues: [String: String] = [:]
        for pair in try schema.tables(2) {
            if let key = try pair.string(0), let value = try pair.string(1) { keyValues[key] = value }
        }
        let names = ClassLabelNames.read(keyValues)
        let top = fields.map(\.name)
        self.names = names.filter { top.contains($0.key) }
        columns = top
        classLabels = top.compactMap { column in names[column].map { (column, $0.count) } }
    }

    /// Calls `body` with each row's number (1-based) and object, in file order, one record batch decoded at a time.
    public func forEachRow(_ body: (Int, JSONObject) throws -> Void) throws {
        var dictionaryValues: [Int64: [JSONValue]] = [:]
        for entry in dictionaries {
            let field = fields.lazy.compactMap { $0.dictionaryField(id: entry.id) }.first
            guard let field else {
                throw ParquetReadError(
                    file: displayPath, place: nil, reason: .malformed("dictionary \(entry.id) belongs to no column"))
            }
            do throws(ParquetError) {
                var batch = try ArrowBatch(metadata: entry.metadata, bytes: bytes, body: entry.body)
                let length = Int(try entry.metadata.int64(0))
                let values = try batch.decode(field.withoutDictionary, length: length, dictionaries: [:])
                dictionaryValues[entry.id] = entry.isDelta ? (dictionaryValues[entry.id] ?? []) + values : values
            } catch {
                throw ParquetReadError(file: displayPath, place: "dictionary \(entry.id)", reason: error)
            }
        }
        var number = 0
        for (index, entry) in batches.enumerated() {
            var columns: [[JSONValue]] = []
            let length: Int
            do throws(ParquetError) {
                var batch = try ArrowBatch(metadata: entry.metadata, bytes: bytes, body: entry.body)
                length = Int(try entry.metadata.int64(0))
                for field in fields {
                    columns.append(try batch.decode(field, length: length, dictionaries: dictionaryValues))
                }
            } catch {
                throw ParquetReadError(file: displayPath, place: "record batch \(index + 1)", reason: error)
            }
            for row in 0..<length {
                number += 1
                var object = JSONObject()
                for (field, column) in zip(fields, columns) {
                    var value = column[row]
                    if let classes = names[field.name] { value = ClassLabelNames.name(value, classes) }
                    object[field.name] = value
                }
                try body(number, object)
            }
        }
    }

    static func int32(_ bytes: [UInt8], _ position: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8
                | UInt32(bytes[position + 2]) << 16 | UInt32(bytes[position + 3]) << 24)
    }
}

/// A field of an Arrow schema: its name, type, children and dictionary encoding.
struct ArrowField: Sendable {
    enum Kind: Sendable, Equatable {
        case null, bool, utf8, binary, largeUTF8, largeBinary, list, largeList, structure, map
        case integer(bits: Int, signed: Bool)
        case floating(bits: Int)
        case decimal(scale: Int, bytes: Int)
        case date(millis: Bool)
        case time(unit: LogicalKind.TimeUnit, seconds: Bool, bits: Int)
        case timestamp(unit: LogicalKind.TimeUnit, seconds: Bool, utc: Bool)
        case duration
        case fixedBinary(width: Int)
        case fixedList(size: Int)
    }

    var name: String
    var kind: Kind
    var children: [ArrowField]
    /// A dictionary-encoded field: the dictionary's id and its indices' width in bits.
    var dictionary: (id: Int64, bits: Int, signed: Bool)?

    init(_ table: FlatTable, depth: Int) throws(ParquetError) {
        guard depth < 64 else { throw .malformed("its schema is nested too deeply") }
        name = try table.string(0) ?? ""
        let typeID = try table.uint8(2)
        let type = try table.table(3)
        children = try table.tables(5).map { child throws(ParquetError) in try ArrowField(child, depth: depth + 1) }
        if let encoding = try table.table(4) {
            var bits = 32
            var signed = true
            if let index = try encoding.table(1) {
                bits = Int(try index.int32(0, default: 32))
                signed = try index.bool(1)
            }
            dictionary = (try encoding.int64(0), bits, signed)
        }
        func unit(_ raw: Int16) -> (LogicalKind.TimeUnit, Bool) {
            switch raw {
            case 0: return (.millis, true)
            case 1: return (.millis, false)
            case 2: return (.micros, false)
            default: return (.nanos, false)
            }
        }
        switch typeID {
        case 1: kind = .null
        case 2:
            kind = .integer(bits: Int(try type?.int32(0, default: 32) ?? 32), signed: try type?.bool(1) ?? true)
        case 3:
            switch try type?.int16(0) ?? 2 {
            case 0: kind = .floating(bits: 16)
            case 1: kind = .floating(bits: 32)
            default: kind = .floating(bits: 64)
            }
        case 4: kind = .binary
        case 5: kind = .utf8
        case 6: kind = .bool
        case 7:
            let width = Int(try type?.int32(2, default: 128) ?? 128)
            kind = .decimal(scale: Int(try type?.int32(1) ?? 0), bytes: width / 8)
        case 8: kind = .date(millis: try type?.int16(0, default: 1) ?? 1 == 1)
        case 9:
            let (timeUnit, seconds) = unit(try type?.int16(0, default: 1) ?? 1)
            kind = .time(unit: timeUnit, seconds: seconds, bits: Int(try type?.int32(1, default: 32) ?? 32))
        case 10:
            let (timeUnit, seconds) = unit(try type?.int16(0) ?? 0)
            kind = .timestamp(
                unit: timeUnit, seconds: seconds, utc: (try type?.string(1)).flatMap { $0 }.map { !$0.isEmpty } ?? false
            )
        case 12: kind = .list
        case 13: kind = .structure
        case 15: kind = .fixedBinary(width: Int(try type?.int32(0) ?? 0))
        case 16: kind = .fixedList(size: Int(try type?.int32(0) ?? 0))
        case 17: kind = .map
        case 18: kind = .duration
        case 19: kind = .largeBinary
        case 20: kind = .largeUTF8
        case 21: kind = .largeList
        default:
            throw .unsupported("its column \(name) has an Arrow type Winnow does not read (type \(typeID))")
        }
        if [.list, .largeList, .map].contains(kind)
            || { if case .fixedList = kind { return true } else { return false } }()
        {
            guard children.count == 1 else { throw .malformed("the list \(name) has \(children.count) children") }
        }
    }

    /// This field or one below it encoded with dictionary `id`.
    func dictionaryField(id: Int64) -> ArrowField? {
        if dictionary?.id == id { return self }
        return children.lazy.compactMap { $0.dictionaryField(id: id) }.first
    }

    /// The field as its dictionary's values are written.
    var withoutDictionary: ArrowField {
        var field = self
        field.dictionary = nil
        return field
    }
}

/// One record batch's field nodes and buffers, handed out in the schema's depth-first order.
struct ArrowBatch {
    let bytes: [UInt8]
    let body: Range<Int>
    private var nodes: [(length: Int64, nulls: Int64)] = []
    private var buffers: [Range<Int>] = []
    private var nextNode = 0
    private var nextBuffer = 0

    init(metadata: FlatTable, bytes: [UInt8], body: Range<Int>) throws(ParquetError) {
        self.bytes = bytes
        self.body = body
        if try metadata.table(3) != nil {
            throw .unsupported("its record batches are compressed (write it with compression=None)")
        }
        for (position, count) in [try metadata.structs(1, size: 16)].compactMap({ $0 }) {
            for index in 0..<count {
                nodes.append((metadata.raw64(position + 16 * index), metadata.raw64(position + 16 * index + 8)))
            }
        }
        for (position, count) in [try metadata.structs(2, size: 16)].compactMap({ $0 }) {
            for index in 0..<count {
                let offset = metadata.raw64(position + 16 * index)
                let length = metadata.raw64(position + 16 * index + 8)
                guard offset >= 0, length >= 0, offset <= Int64(body.count), length <= Int64(body.count) - offset else {
                    throw .malformed("a buffer lies outside its message's body")
                }
                buffers.append(body.lowerBound + Int(offset)..<body.lowerBound + Int(offset + length))
            }
        }
    }

    private mutating func node() throws(ParquetError) -> (length: Int, nulls: Int) {
        guard nextNode < nodes.count else { throw .malformed("a record batch has fewer field nodes than columns") }
        defer { nextNode += 1 }
        let node = nodes[nextNode]
        guard node.length >= 0, node.length <= Int64(Int32.max), node.nulls >= 0 else {
            throw .malformed("a field node of \(node.length) values")
        }
        return (Int(node.length), Int(node.nulls))
    }

    private mutating func buffer() throws(ParquetError) -> Range<Int> {
        guard nextBuffer < buffers.count else { throw .malformed("a record batch has fewer buffers than its columns") }
        defer { nextBuffer += 1 }
        return buffers[nextBuffer]
    }

    /// `length` values of `field`, reading its node and buffers (and its children's).
    mutating func decode(_ field: ArrowField, length: Int, dictionaries: [Int64: [JSONValue]]) throws(ParquetError)
        -> [JSONValue]
    {
        let node = try node()
        guard node.length == length else {
            throw .malformed("column \(field.name) holds \(node.length) values where its batch has \(length)")
        }
        if field.kind == .null {
            return [JSONValue](repeating: .null, count: length)
        }
        let validity = try buffer()
        guard node.nulls == 0 || validity.count * 8 >= length else {
            throw .malformed("column \(field.name)'s validity bitmap is too short")
        }
        func valid(_ index: Int) -> Bool {
            node.nulls == 0 || validity.isEmpty || bytes[validity.lowerBound + index / 8] & (1 << (index % 8)) != 0
        }
        var values: [JSONValue]
        if let dictionary = field.dictionary {
            let indices = try buffer()
            let width = dictionary.bits / 8
            guard [1, 2, 4, 8].contains(width), indices.count >= width * length else {
                throw .malformed("column \(field.name)'s dictionary indices are cut short")
            }
            guard let entries = dictionaries[dictionary.id] else {
                throw .malformed("column \(field.name) names dictionary \(dictionary.id), which the file lacks")
            }
            values = []
            values.reserveCapacity(length)
            for index in 0..<length {
                let raw = integer(at: indices.lowerBound + index * width, width: width, signed: dictionary.signed)
                guard valid(index) else {
                    values.append(.null)
                    continue
                }
                guard raw >= 0, raw < Int64(entries.count) else {
                    throw .malformed("column \(field.name) has a dictionary index past its dictionary")
                }
                values.append(entries[Int(raw)])
            }
            return values
        }
        switch field.kind {
        case .bool:
            let data = try buffer()
            guard data.count * 8 >= length else { throw .malformed("column \(field.name) is cut short") }
            values = (0..<length).map { .bool(bytes[data.lowerBound + $0 / 8] & (1 << ($0 % 8)) != 0) }
        case .integer(let bits, let signed):
            let data = try fixed(field, width: bits / 8, length: length)
            let leaf = ParquetLeaf(
                path: [field.name], type: .int64, typeLength: 0, logical: signed ? nil : .integer(unsigned: true),
                maxDefinition: 0, maxRepetition: 0)
            values = (0..<length).map {
                leaf.json(integer: integer(at: data.lowerBound + $0 * (bits / 8), width: bits / 8, signed: signed))
            }
        case .floating(let bits):
            let data = try fixed(field, width: bits / 8, length: length)
            values = (0..<length).map { index in
                let raw = UInt64(
                    bitPattern: integer(at: data.lowerBound + index * bits / 8, width: bits / 8, signed: false))
                switch bits {
                case 16: return .number(ParquetTime.halfFloat(UInt16(truncatingIfNeeded: raw)))
                case 32: return .number(Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw))))
                default: return .number(Double(bitPattern: raw))
                }
            }
        case .decimal(let scale, let width):
            let data = try fixed(field, width: width, length: length)
            let leaf = ParquetLeaf(
                path: [field.name], type: .fixedLengthByteArray, typeLength: width, logical: .decimal(scale: scale),
                maxDefinition: 0, maxRepetition: 0)
            // Arrow writes decimals little-endian; the Parquet leaf reads big-endian bytes.
            values = (0..<length).map { index in
                leaf.json(
                    bytes: bytes[(data.lowerBound + index * width)..<(data.lowerBound + (index + 1) * width)]
                        .reversed()[...])
            }
        case .date(let millis):
            let width = millis ? 8 : 4
            let data = try fixed(field, width: width, length: length)
            values = (0..<length).map { index in
                let raw = integer(at: data.lowerBound + index * width, width: width, signed: true)
                let days = millis ? raw / 86_400_000 - (raw % 86_400_000 < 0 ? 1 : 0) : raw
                return days.magnitude < 1 << 40 ? .string(ParquetTime.date(days: days)) : .null
            }
        case .time(let unit, let seconds, let bits):
            let data = try fixed(field, width: bits / 8, length: length)
            values = (0..<length).map { index in
                let raw = integer(at: data.lowerBound + index * bits / 8, width: bits / 8, signed: true)
                return .string(ParquetTime.time(seconds ? raw &* 1000 : raw, unit: unit))
            }
        case .timestamp(let unit, let seconds, let utc):
            let data = try fixed(field, width: 8, length: length)
            values = (0..<length).map { index in
                let raw = integer(at: data.lowerBound + index * 8, width: 8, signed: true)
                let (value, overflow) = seconds ? raw.multipliedReportingOverflow(by: 1000) : (raw, false)
                return overflow ? .null : .string(ParquetTime.timestamp(value, unit: unit, utc: utc))
            }
        case .duration:
            let data = try fixed(field, width: 8, length: length)
            values = (0..<length).map { .number(Double(integer(at: data.lowerBound + $0 * 8, width: 8, signed: true))) }
        case .fixedBinary(let width):
            guard width > 0 else { throw .malformed("column \(field.name) has a width of \(width)") }
            let data = try fixed(field, width: width, length: length)
            values = (0..<length).map { index in
                let slice = bytes[(data.lowerBound + index * width)..<(data.lowerBound + (index + 1) * width)]
                return String(validating: slice, as: UTF8.self).map(JSONValue.string) ?? .null
            }
        case .utf8, .binary, .largeUTF8, .largeBinary:
            let large = field.kind == .largeUTF8 || field.kind == .largeBinary
            let offsets = try self.offsets(field, large: large, length: length)
            let data = try buffer()
            values = []
            values.reserveCapacity(length)
            for index in 0..<length {
                let start = offsets[index]
                let end = offsets[index + 1]
                guard start >= 0, start <= end, end <= data.count else {
                    throw .malformed("column \(field.name) has an offset past its data")
                }
                let slice = bytes[(data.lowerBound + start)..<(data.lowerBound + end)]
                values.append(
                    field.kind == .utf8 || field.kind == .largeUTF8
                        ? .string(String(decoding: slice, as: UTF8.self))
                        : String(validating: slice, as: UTF8.self).map(JSONValue.string) ?? .null)
            }
        case .list, .largeList, .map:
            let offsets = try self.offsets(field, large: field.kind == .largeList, length: length)
            guard let last = offsets.last, offsets.first ?? 0 >= 0, last >= (offsets.first ?? 0) else {
                throw .malformed("column \(field.name) has offsets out of order")
            }
            let items = try decode(field.children[0], length: last, dictionaries: dictionaries)
            values = []
            values.reserveCapacity(length)
            for index in 0..<length {
                let start = offsets[index]
                let end = offsets[index + 1]
                guard start >= 0, start <= end, end <= items.count else {
                    throw .malformed("column \(field.name) has an offset past its items")
                }
                let slice = items[start..<end]
                if field.kind == .map {
                    var object = JSONObject()
                    for entry in slice {
                        guard case .object(let pair) = entry, pair.members.count == 2 else { continue }
                        let key = pair.members[0].value
                        object[key.scalarText ?? key.serialized] = pair.members[1].value
                    }
                    values.append(.object(object))
                } else {
                    values.append(.array(Array(slice)))
                }
            }
        case .fixedList(let size):
            guard size >= 0, size <= 1 << 20 else { throw .malformed("column \(field.name) has lists of \(size)") }
            let items = try decode(field.children[0], length: length * size, dictionaries: dictionaries)
            values = (0..<length).map { .array(Array(items[($0 * size)..<(($0 + 1) * size)])) }
        case .structure:
            var children: [[JSONValue]] = []
            for child in field.children {
                children.append(try decode(child, length: length, dictionaries: dictionaries))
            }
            values = (0..<length).map { index in
                .object(JSONObject(zip(field.children, children).map { (key: $0.name, value: $1[index]) }))
            }
        case .null: values = []
        }
        if node.nulls > 0, !validity.isEmpty {
            for index in 0..<length where !valid(index) { values[index] = .null }
        }
        return values
    }

    /// A fixed-width column's data buffer, checked to hold `length` values.
    private mutating func fixed(_ field: ArrowField, width: Int, length: Int) throws(ParquetError) -> Range<Int> {
        let data = try buffer()
        guard width > 0, data.count / width >= length else { throw .malformed("column \(field.name) is cut short") }
        return data
    }

    /// `length + 1` offsets, 32 or 64 bits wide.
    private mutating func offsets(_ field: ArrowField, large: Bool, length: Int) throws(ParquetError) -> [Int] {
        let width = large ? 8 : 4
        let data = try buffer()
        guard length == 0 || data.count / width >= length + 1 else {
            throw .malformed("column \(field.name)'s offsets are cut short")
        }
        guard length > 0 else { return [0] }
        var result: [Int] = []
        result.reserveCapacity(length + 1)
        for index in 0...length {
            let value = integer(at: data.lowerBound + index * width, width: width, signed: true)
            guard value >= 0, value <= Int64(Int32.max) * 4 else {
                throw .malformed("column \(field.name) has an offset of \(value)")
            }
            result.append(Int(value))
        }
        return result
    }

    /// A little-endian integer of `width` bytes at `position`.
    private func integer(at position: Int, width: Int, signed: Bool) -> Int64 {
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        guard signed, width < 8 else { return Int64(bitPattern: value) }
        let shift = UInt64(64 - 8 * width)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }
}

/// A flatbuffer table: its fields found through its vtable, every offset checked against the buffer.
struct FlatTable: Sendable {
    let bytes: [UInt8]
    let position: Int

    /// The root table of a flatbuffer.
    static func root(_ bytes: [UInt8]) throws(ParquetError) -> FlatTable {
        guard bytes.count >= 8 else { throw .malformed("a flatbuffer of \(bytes.count) bytes") }
        return try FlatTable(bytes: bytes, position: 0).indirect(0)
    }

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    private func uint32(_ at: Int) throws(ParquetError) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { throw .malformed("a flatbuffer offset past its end") }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3])
            << 24
    }

    private func uint16(_ at: Int) throws(ParquetError) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { throw .malformed("a flatbuffer offset past its end") }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    /// The table an offset at `at` points to.
    private func indirect(_ at: Int) throws(ParquetError) -> FlatTable {
        let target = at + Int(try uint32(at))
        guard target + 4 <= bytes.count else { throw .malformed("a flatbuffer table past its end") }
        return FlatTable(bytes: bytes, position: target)
    }

    /// Where field `index` is, or nil when the table leaves it out.
    private func field(_ index: Int) throws(ParquetError) -> Int? {
        let vtable = position - Int(Int32(bitPattern: try uint32(position)))
        let vtableLength = Int(try uint16(vtable))
        let entry = 4 + 2 * index
        guard entry + 2 <= vtableLength else { return nil }
        let offset = Int(try uint16(vtable + entry))
        return offset == 0 ? nil : position + offset
    }

    func uint8(_ index: Int) throws(ParquetError) -> UInt8 {
        guard let at = try field(index) else { return 0 }
        guard at < bytes.count else { throw .malformed("a flatbuffer field past its end") }
        return bytes[at]
    }

    func bool(_ index: Int) throws(ParquetError) -> Bool { try uint8(index) != 0 }

    func int16(_ index: Int, default value: Int16 = 0) throws(ParquetError) -> Int16 {
        guard let at = try field(index) else { return value }
        return Int16(bitPattern: try uint16(at))
    }

    func int32(_ index: Int, default value: Int32 = 0) throws(ParquetError) -> Int32 {
        guard let at = try field(index) else { return value }
        return Int32(bitPattern: try uint32(at))
    }

    func int64(_ index: Int) throws(ParquetError) -> Int64 {
        guard let at = try field(index) else { return 0 }
        guard at + 8 <= bytes.count else { throw .malformed("a flatbuffer field past its end") }
        return raw64(at)
    }

    /// The little-endian 64-bit integer at `at` (checked by the caller).
    func raw64(_ at: Int) -> Int64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[at + index]) << (8 * UInt64(index)) }
        return Int64(bitPattern: value)
    }

    func table(_ index: Int) throws(ParquetError) -> FlatTable? {
        guard let at = try field(index) else { return nil }
        return try indirect(at)
    }

    func string(_ index: Int) throws(ParquetError) -> String? {
        guard let at = try field(index) else { return nil }
        let start = at + Int(try uint32(at))
        let length = Int(try uint32(start))
        guard length <= bytes.count - start - 4 else { throw .malformed("a flatbuffer string past its end") }
        return String(decoding: bytes[(start + 4)..<(start + 4 + length)], as: UTF8.self)
    }

    /// A vector's first element and length.
    private func vector(_ index: Int, size: Int) throws(ParquetError) -> (position: Int, count: Int)? {
        guard let at = try field(index) else { return nil }
        let start = at + Int(try uint32(at))
        let count = Int(try uint32(start))
        guard count <= (bytes.count - start - 4) / size else { throw .malformed("a flatbuffer vector past its end") }
        return (start + 4, count)
    }

    /// A vector of tables.
    func tables(_ index: Int) throws(ParquetError) -> [FlatTable] {
        guard let (start, count) = try vector(index, size: 4) else { return [] }
        var result: [FlatTable] = []
        for element in 0..<count { result.append(try indirect(start + 4 * element)) }
        return result
    }

    /// A vector of structs `size` bytes each: where its first is, and how many.
    func structs(_ index: Int, size: Int) throws(ParquetError) -> (position: Int, count: Int)? {
        try vector(index, size: size)
    }
}

/// Hugging Face `datasets`' class names, from a schema's key-value metadata.
enum ClassLabelNames {
    /// The `ClassLabel` columns' names, from the `huggingface` metadata: a column that is one, or a list of them
    /// (`Sequence(ClassLabel(...))`, `List` in `datasets` 4: the labels of a multi-label set).
    static func read(_ keyValues: [String: String]) -> [String: [String]] {
        var names: [String: [String]] = [:]
        if let text = keyValues["huggingface"], let value = try? JSONParser.parse(text),
            case .object(let features)? = value.value(atPath: "info.features")
        {
            for (column, feature) in features.members {
                guard case .object(var object) = feature else { continue }
                if ["Sequence", "List", "LargeList"].contains(object["_type"]?.scalarText ?? ""),
                    case .object(let element)? = object["feature"]
                {
                    object = element
                }
                guard object["_type"] == .string("ClassLabel"), case .array(let items)? = object["names"] else {
                    continue
                }
                names[column] = items.compactMap(\.scalarText)
            }
        }
        return names
    }

    /// A class index read as its name (-1, the `datasets` mark of no label, as null), each of a list's too; anything
    /// else as it is.
    static func name(_ value: JSONValue, _ names: [String]) -> JSONValue {
        if case .array(let items) = value { return .array(items.map { name($0, names) }) }
        guard case .number(let number) = value, number.rounded() == number else { return value }
        if number == -1 { return .null }
        guard number >= 0, number < Double(names.count) else { return value }
        return .string(names[Int(number)])
    }
}

/// A columnar file read as rows of JSON objects: a Parquet file or an Arrow IPC file or stream.
public protocol ColumnarRows: Sendable {
    /// Rows in the file.
    var rowCount: Int { get }
    /// The top-level columns read, in order.
    var columns: [String] { get }
    /// The columns read as class names, with how many names each has.
    var classLabels: [(column: String, names: Int)] { get }
    /// `a Parquet file (3 row groups)`.
    var summary: String { get }
    /// Calls `body` with each row's number (1-based) and object, in file order.
    func forEachRow(_ body: (Int, JSONObject) throws -> Void) throws
}

extension ParquetTable: ColumnarRows {
    public var summary: String { "a Parquet file (\(rowGroupCount) row group\(rowGroupCount == 1 ? "" : "s"))" }
}

extension ArrowTable: ColumnarRows {
    public var summary: String { "an Arrow file (\(batchCount) record batch\(batchCount == 1 ? "" : "es"))" }
}
