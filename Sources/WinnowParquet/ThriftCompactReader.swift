/// Reads Apache Thrift's compact protocol, in which Parquet writes its footer and page headers.
///
/// Every read is bounded by the bytes given: a length or count running past them, a varint longer than ten bytes or
/// structures nested deeper than ``maximumDepth`` throw ``ParquetError/malformed(_:)``.
struct ThriftCompactReader {
    /// The compact protocol's type codes.
    enum FieldType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
        case list = 9, set = 10, map = 11, structure = 12
    }

    static let maximumDepth = 64

    let bytes: [UInt8]
    private(set) var position: Int
    private var depth = 0

    init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func byte() throws(ParquetError) -> UInt8 {
        guard position < bytes.count else { throw .malformed("a Thrift structure runs past its end") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(ParquetError) -> UInt64 { try Varint.read(bytes[...], at: &position) }

    mutating func zigzag() throws(ParquetError) -> Int64 { Varint.zigzag(try varint()) }

    /// An i32 field's value (also i16 and byte fields, which Parquet readers accept for enums).
    mutating func int(_ type: FieldType) throws(ParquetError) -> Int {
        switch type {
        case .byte: return Int(Int8(bitPattern: try byte()))
        case .i16, .i32, .i64: return Int(try zigzag())
        default: throw .malformed("a Thrift field of type \(type) where an integer was expected")
        }
    }

    mutating func bool(_ type: FieldType) throws(ParquetError) -> Bool {
        switch type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw .malformed("a Thrift field of type \(type) where a boolean was expected")
        }
    }

    mutating func binary() throws(ParquetError) -> ArraySlice<UInt8> {
        let length = try varint()
        guard length <= UInt64(bytes.count - position) else { throw .malformed("a Thrift string runs past its end") }
        defer { position += Int(length) }
        return bytes[position..<position + Int(length)]
    }

    mutating func string() throws(ParquetError) -> String {
        String(decoding: try binary(), as: UTF8.self)
    }

    /// Calls `body` with each field of a structure (its id and type) until its stop; `body` reads the value or
    /// calls ``skip(_:)``.
    mutating func structure(_ body: (inout ThriftCompactReader, Int, FieldType) throws(ParquetError) -> Void)
        throws(ParquetError)
    {
        depth += 1
        guard depth <= Self.maximumDepth else { throw .malformed("Thrift structures nested too deeply") }
        defer { depth -= 1 }
        var lastID = 0
        while true {
            let header = try byte()
            guard let type = FieldType(rawValue: header & 0x0F) else {
                throw .malformed("an unknown Thrift type \(header & 0x0F)")
            }
            if type == .stop { return }
            let delta = Int(header >> 4)
            let id = delta == 0 ? Int(try zigzag()) : lastID + delta
            lastID = id
            try body(&self, id, type)
        }
    }

    /// Calls `body` with each element type of a list or set, once per element.
    mutating func list(_ body: (inout ThriftCompactReader, FieldType) throws(ParquetError) -> Void)
        throws(ParquetError)
    {
        let header = try byte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint() }
        guard let type = FieldType(rawValue: header & 0x0F) else {
            throw .malformed("an unknown Thrift list element type \(header & 0x0F)")
        }
        // Each element takes a byte at least.
        guard count <= UInt64(bytes.count - position) else { throw .malformed("a Thrift list runs past its end") }
        for _ in 0..<count { try body(&self, type) }
    }

    /// A list's element read as a boolean: in a list, one byte each.
    mutating func listBool(_ type: FieldType) throws(ParquetError) -> Bool {
        guard type == .boolTrue || type == .boolFalse else { return try bool(type) }
        return try byte() == 1
    }

    /// Passes over a value of `type`.
    mutating func skip(_ type: FieldType) throws(ParquetError) {
        switch type {
        case .stop, .boolTrue, .boolFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double:
            guard bytes.count - position >= 8 else { throw .malformed("a Thrift double runs past its end") }
            position += 8
        case .binary: _ = try binary()
        case .list, .set:
            depth += 1
            guard depth <= Self.maximumDepth else { throw .malformed("Thrift structures nested too deeply") }
            defer { depth -= 1 }
            try list { reader, element throws(ParquetError) in
                if element == .boolTrue || element == .boolFalse {
                    _ = try reader.byte()
                } else {
                    try reader.skip(element)
                }
            }
        case .map:
            let count = try varint()
            guard count > 0 else { return }
            let types = try byte()
            guard let key = FieldType(rawValue: types >> 4), let value = FieldType(rawValue: types & 0x0F) else {
                throw .malformed("an unknown Thrift map type")
            }
            guard count <= UInt64(bytes.count - position) else { throw .malformed("a Thrift map runs past its end") }
            depth += 1
            guard depth <= Self.maximumDepth else { throw .malformed("Thrift structures nested too deeply") }
            defer { depth -= 1 }
            // In a map, as in a list, a boolean takes a byte.
            for _ in 0..<count {
                if key == .boolTrue || key == .boolFalse { _ = try byte() } else { try skip(key) }
                if value == .boolTrue || value == .boolFalse { _ = try byte() } else { try skip(value) }
            }
        case .structure: try structure { reader, _, type throws(ParquetError) in try reader.skip(type) }
        }
    }
}

/// Unsigned LEB128 varints, as Thrift's compact protocol, the delta encodings and RLE run headers write them, and
/// their zigzag form for signed numbers.
enum Varint {
    /// The varint at `position` in `bytes`, moving `position` past it.
    static func read(_ bytes: ArraySlice<UInt8>, at position: inout Int) throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.endIndex else { throw .malformed("a varint is cut short") }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw .malformed("a varint longer than ten bytes") }
        }
    }

    /// The signed number a zigzag-encoded varint stands for.
    static func zigzag(_ raw: UInt64) -> Int64 { Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1) }
}
