/// Why a Parquet file cannot be read.
public enum ParquetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not what the format says they must be (a cut file, a length past the end).
    case malformed(String)
    /// A valid file using what this reader does not read (an encrypted footer, a codec).
    case unsupported(String)

    public var description: String {
        switch self {
        case .malformed(let message): return message
        case .unsupported(let message): return message
        }
    }
}

/// The physical types a column's values are stored as.
enum PhysicalType: Int {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLengthByteArray = 7
}

/// Whether a schema field must be there, may be missing, or repeats.
enum Repetition: Int {
    case required = 0, optional = 1, repeated = 2
}

/// What a field's values mean beyond their physical type: the logical type, or the older converted type.
enum LogicalKind: Equatable {
    case string, json, enumeration, uuid, date, list, map, float16, unknown
    case decimal(scale: Int)
    case timestamp(unit: TimeUnit, utc: Bool)
    case time(unit: TimeUnit)
    case integer(unsigned: Bool)

    enum TimeUnit: Equatable {
        case millis, micros, nanos

        /// Units in a second.
        var perSecond: Int64 {
            switch self {
            case .millis: return 1000
            case .micros: return 1_000_000
            case .nanos: return 1_000_000_000
            }
        }
    }
}

/// One element of the schema, flattened depth first as the footer lists it.
struct SchemaElement {
    var name = ""
    var type: PhysicalType?
    var typeLength = 0
    var repetition = Repetition.required
    var childCount = 0
    var logical: LogicalKind?
}

/// A column chunk's metadata: where its pages are and how they are compressed.
struct ColumnChunkMetadata {
    var type = PhysicalType.byteArray
    var path: [String] = []
    var codec = 0
    var valueCount: Int64 = 0
    var compressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
}

struct RowGroupMetadata {
    var columns: [ColumnChunkMetadata] = []
    var rowCount: Int64 = 0
}

/// The file's footer.
struct FileMetadata {
    var schema: [SchemaElement] = []
    var rowCount: Int64 = 0
    var rowGroups: [RowGroupMetadata] = []
    var keyValues: [String: String] = [:]
    var createdBy: String?

    init(reading reader: inout ThriftCompactReader) throws(ParquetError) {
        try reader.structure { reader, id, type throws(ParquetError) in
            switch (id, type) {
            case (2, .list):
                try reader.list { reader, _ throws(ParquetError) in schema.append(try Self.schemaElement(&reader)) }
            case (3, _): rowCount = Int64(try reader.int(type))
            case (4, .list):
                try reader.list { reader, _ throws(ParquetError) in rowGroups.append(try Self.rowGroup(&reader)) }
            case (5, .list):
                try reader.list { reader, _ throws(ParquetError) in
                    var key = ""
                    var value = ""
                    try reader.structure { reader, id, type throws(ParquetError) in
                        switch (id, type) {
                        case (1, .binary): key = try reader.string()
                        case (2, .binary): value = try reader.string()
                        default: try reader.skip(type)
                        }
                    }
                    keyValues[key] = value
                }
            case (6, .binary): createdBy = try reader.string()
            default: try reader.skip(type)
            }
        }
    }

    static func schemaElement(_ reader: inout ThriftCompactReader) throws(ParquetError) -> SchemaElement {
        var element = SchemaElement()
        var converted: Int?
        var scale = 0
        try reader.structure { reader, id, type throws(ParquetError) in
            switch (id, type) {
            case (1, _): element.type = PhysicalType(rawValue: try reader.int(type))
            case (2, _): element.typeLength = try reader.int(type)
            case (3, _): element.repetition = Repetition(rawValue: try reader.int(type)) ?? .optional
            case (4, .binary): element.name = try reader.string()
            case (5, _): element.childCount = try reader.int(type)
            case (6, _): converted = try reader.int(type)
            case (7, _): scale = try reader.int(type)
            case (10, .structure): element.logical = try logicalType(&reader)
            default: try reader.skip(type)
            }
        }
        if element.logical == nil, let converted {
            element.logical = convertedType(converted, scale: scale)
        }
        return element
    }

    /// The older `ConvertedType` enum's meaning.
    static func convertedType(_ value: Int, scale: Int) -> LogicalKind? {
        switch value {
        case 0: return .string
        case 1, 2: return .map
        case 3: return .list
        case 4: return .enumeration
        case 5: return .decimal(scale: scale)
        case 6: return .date
        case 7: return .time(unit: .millis)
        case 8: return .time(unit: .micros)
        case 9: return .timestamp(unit: .millis, utc: true)
        case 10: return .timestamp(unit: .micros, utc: true)
        case 11, 12, 13, 14: return .integer(unsigned: true)
        case 15, 16, 17, 18: return .integer(unsigned: false)
        case 19: return .json
        default: return nil
        }
    }

    /// The `LogicalType` union.
    static func logicalType(_ reader: inout ThriftCompactReader) throws(ParquetError) -> LogicalKind? {
        var kind: LogicalKind?
        try reader.structure { reader, id, type throws(ParquetError) in
            switch (id, type) {
            case (1, .structure): kind = .string; try reader.skip(type)
            case (2, .structure): kind = .map; try reader.skip(type)
            case (3, .structure): kind = .list; try reader.skip(type)
            case (4, .structure): kind = .enumeration; try reader.skip(type)
            case (5, .structure):
                var scale = 0
                try reader.structure { reader, id, type throws(ParquetError) in
                    if id == 1 { scale = try reader.int(type) } else { try reader.skip(type) }
                }
                kind = .decimal(scale: scale)
            case (6, .structure): kind = .date; try reader.skip(type)
            case (7, .structure): kind = .time(unit: try timeUnit(&reader).unit)
            case (8, .structure):
                let time = try timeUnit(&reader)
                kind = .timestamp(unit: time.unit, utc: time.utc)
            case (10, .structure):
                var signed = true
                try reader.structure { reader, id, type throws(ParquetError) in
                    if id == 2 { signed = try reader.bool(type) } else { try reader.skip(type) }
                }
                kind = .integer(unsigned: !signed)
            case (11, .structure): kind = .unknown; try reader.skip(type)
            case (12, .structure): kind = .json; try reader.skip(type)
            case (14, .structure): kind = .uuid; try reader.skip(type)
            case (15, .structure): kind = .float16; try reader.skip(type)
            default: try reader.skip(type)
            }
        }
        return kind
    }

    /// A `TIME` or `TIMESTAMP` logical type's unit, and whether its values are adjusted to UTC.
    static func timeUnit(_ reader: inout ThriftCompactReader) throws(ParquetError) -> (
        unit: LogicalKind.TimeUnit, utc: Bool
    ) {
        var unit = LogicalKind.TimeUnit.micros
        var utc = false
        try reader.structure { reader, id, type throws(ParquetError) in
            if id == 1, type == .boolTrue || type == .boolFalse { return utc = try reader.bool(type) }
            guard id == 2, type == .structure else { return try reader.skip(type) }
            try reader.structure { reader, id, type throws(ParquetError) in
                switch id {
                case 1: unit = .millis
                case 2: unit = .micros
                case 3: unit = .nanos
                default: break
                }
                try reader.skip(type)
            }
        }
        return (unit, utc)
    }

    static func rowGroup(_ reader: inout ThriftCompactReader) throws(ParquetError) -> RowGroupMetadata {
        var group = RowGroupMetadata()
        try reader.structure { reader, id, type throws(ParquetError) in
            switch (id, type) {
            case (1, .list):
                try reader.list { reader, _ throws(ParquetError) in group.columns.append(try columnChunk(&reader)) }
            case (3, _): group.rowCount = Int64(try reader.int(type))
            default: try reader.skip(type)
            }
        }
        return group
    }

    static func columnChunk(_ reader: inout ThriftCompactReader) throws(ParquetError) -> ColumnChunkMetadata {
        var column = ColumnChunkMetadata()
        var external: String?
        var found = false
        try reader.structure { reader, id, type throws(ParquetError) in
            switch (id, type) {
            case (1, .binary): external = try reader.string()
            case (3, .structure):
                found = true
                try reader.structure { reader, id, type throws(ParquetError) in
                    switch (id, type) {
                    case (1, _):
                        let raw = try reader.int(type)
                        guard let physical = PhysicalType(rawValue: raw) else {
                            throw .malformed("a column of unknown physical type \(raw)")
                        }
                        column.type = physical
                    case (3, .list):
                        try reader.list { reader, _ throws(ParquetError) in column.path.append(try reader.string()) }
                    case (4, _): column.codec = try reader.int(type)
                    case (5, _): column.valueCount = Int64(try reader.int(type))
                    case (7, _): column.compressedSize = Int64(try reader.int(type))
                    case (9, _): column.dataPageOffset = Int64(try reader.int(type))
                    case (11, _): column.dictionaryPageOffset = Int64(try reader.int(type))
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        if let external, !external.isEmpty {
            throw .unsupported(
                "its column \(column.path.joined(separator: ".")) is stored in another file (\(external))")
        }
        guard found else { throw .malformed("a column chunk without its metadata") }
        return column
    }
}

/// The page kinds and their headers.
struct PageHeader {
    enum Kind: Int { case data = 0, index = 1, dictionary = 2, dataV2 = 3 }

    var kind: Kind?
    var uncompressedSize = 0
    var compressedSize = 0
    var valueCount = 0
    var encoding = 0
    var definitionLevelEncoding = 3
    var repetitionLevelEncoding = 3
    /// Data page v2: the levels' lengths (they are never compressed) and whether the values are.
    var definitionLevelsLength = 0
    var repetitionLevelsLength = 0
    var valuesCompressed = true

    init(reading reader: inout ThriftCompactReader) throws(ParquetError) {
        var header = self
        try reader.structure { reader, id, type throws(ParquetError) in
            switch (id, type) {
            case (1, _): header.kind = Kind(rawValue: try reader.int(type))
            case (2, _): header.uncompressedSize = try reader.int(type)
            case (3, _): header.compressedSize = try reader.int(type)
            case (5, .structure):
                try reader.structure { reader, id, type throws(ParquetError) in
                    switch id {
                    case 1: header.valueCount = try reader.int(type)
                    case 2: header.encoding = try reader.int(type)
                    case 3: header.definitionLevelEncoding = try reader.int(type)
                    case 4: header.repetitionLevelEncoding = try reader.int(type)
                    default: try reader.skip(type)
                    }
                }
            case (7, .structure):
                try reader.structure { reader, id, type throws(ParquetError) in
                    switch id {
                    case 1: header.valueCount = try reader.int(type)
                    case 2: header.encoding = try reader.int(type)
                    default: try reader.skip(type)
                    }
                }
            case (8, .structure):
                try reader.structure { reader, id, type throws(ParquetError) in
                    switch id {
                    case 1: header.valueCount = try reader.int(type)
                    case 4: header.encoding = try reader.int(type)
                    case 5: header.definitionLevelsLength = try reader.int(type)
                    case 6: header.repetitionLevelsLength = try reader.int(type)
                    case 7: header.valuesCompressed = try reader.bool(type)
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        guard header.compressedSize >= 0, header.uncompressedSize >= 0, header.valueCount >= 0,
            header.definitionLevelsLength >= 0, header.repetitionLevelsLength >= 0
        else { throw .malformed("a page header with a negative size") }
        self = header
    }
}
