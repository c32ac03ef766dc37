import Foundation
import WinnowCore

/// A leaf of the schema: a column, with its levels and what its values mean.
struct ParquetLeaf {
    var path: [String]
    var type: PhysicalType
    var typeLength: Int
    var logical: LogicalKind?
    var maxDefinition: Int
    var maxRepetition: Int

    /// The JSON value of an integer column's value.
    func json(integer value: Int64) -> JSONValue {
        switch logical {
        case .date? where value.magnitude < 1 << 40: return .string(ParquetTime.date(days: value))
        case .timestamp(let unit, let utc)?: return .string(ParquetTime.timestamp(value, unit: unit, utc: utc))
        case .time(let unit)?: return .string(ParquetTime.time(value, unit: unit))
        case .decimal(let scale)?: return .number(Double(value) / pow(10, Double(scale)))
        case .integer(unsigned: true)?:
            let unsigned = type == .int32 ? UInt64(UInt32(truncatingIfNeeded: value)) : UInt64(bitPattern: value)
            return unsigned > 1 << 53 ? .string(String(unsigned)) : .number(Double(unsigned))
        default:
            // Past 2^53 a JSON number loses digits: an id keeps them as text.
            return value.magnitude > 1 << 53 ? .string(String(value)) : .number(Double(value))
        }
    }

    /// The JSON value of a byte array or fixed-length value: text when it is annotated so or is UTF-8, a number for
    /// a decimal or half-precision float, a UUID's usual form; null for other binary data (an image's bytes).
    func json(bytes: ArraySlice<UInt8>) -> JSONValue {
        switch logical {
        case .string?, .json?, .enumeration?: return .string(String(decoding: bytes, as: UTF8.self))
        case .uuid? where bytes.count == 16:
            let hex = bytes.map {
                String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
            }
            return .string(
                [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(
                    separator: "-"))
        case .decimal(let scale)?:
            guard let first = bytes.first else { return .null }
            var value = Double(Int8(bitPattern: first))
            for byte in bytes.dropFirst() { value = value * 256 + Double(byte) }
            return .number(value / pow(10, Double(scale)))
        case .float16? where bytes.count == 2:
            let bits = UInt16(bytes[bytes.startIndex]) | UInt16(bytes[bytes.startIndex + 1]) << 8
            return .number(ParquetTime.halfFloat(bits))
        default:
            if type == .int96, bytes.count == 12 {
                var nanos: Int64 = 0
                for index in 0..<8 { nanos |= Int64(bytes[bytes.startIndex + index]) << (8 * Int64(index)) }
                var day: Int64 = 0
                for index in 8..<12 { day |= Int64(bytes[bytes.startIndex + index]) << (8 * Int64(index - 8)) }
                // Julian day 2440588 is 1970-01-01.
                let (nanoseconds, overflow) = ((day - 2_440_588) * 86_400).multipliedReportingOverflow(
                    by: 1_000_000_000)
                let (instant, past) = nanoseconds.addingReportingOverflow(nanos)
                guard !overflow, !past else { return .null }
                return .string(ParquetTime.timestamp(instant, unit: .nanos, utc: true))
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { return .null }
            return .string(text)
        }
    }
}

/// Decodes one page's values into JSON.
struct ValueDecoder {
    var bytes: ArraySlice<UInt8>
    let leaf: ParquetLeaf

    init(bytes: ArraySlice<UInt8>, leaf: ParquetLeaf) {
        self.bytes = bytes
        self.leaf = leaf
    }

    private mutating func take(_ count: Int) throws(ParquetError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count else { throw .malformed("a page's values are cut short") }
        defer { bytes = bytes.dropFirst(count) }
        return bytes.prefix(count)
    }

    private func littleEndian(_ slice: ArraySlice<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for (index, byte) in slice.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        return value
    }

    /// The width of a fixed-size value of the leaf's type; nil for byte arrays.
    private var width: Int? {
        switch leaf.type {
        case .boolean, .byteArray: return nil
        case .int32, .float: return 4
        case .int64, .double: return 8
        case .int96: return 12
        case .fixedLengthByteArray: return leaf.typeLength
        }
    }

    /// A fixed-size value from its little-endian bytes.
    private func fixed(_ raw: ArraySlice<UInt8>) -> JSONValue {
        switch leaf.type {
        case .int32: return leaf.json(integer: Int64(Int32(truncatingIfNeeded: littleEndian(raw))))
        case .int64: return leaf.json(integer: Int64(bitPattern: littleEndian(raw)))
        case .float: return .number(Double(Float(bitPattern: UInt32(truncatingIfNeeded: littleEndian(raw)))))
        case .double: return .number(Double(bitPattern: littleEndian(raw)))
        default: return leaf.json(bytes: raw)
        }
    }

    mutating func plain(count: Int) throws(ParquetError) -> [JSONValue] {
        var result = [JSONValue]()
        // Each value takes a byte at least (a bit, for booleans): a count its bytes cannot hold fails as they run out.
        result.reserveCapacity(min(count, bytes.count * 8))
        switch leaf.type {
        case .boolean:
            let packed = try take((count + 7) / 8)
            for index in 0..<count {
                result.append(.bool(packed[packed.startIndex + index / 8] & (1 << (index % 8)) != 0))
            }
        case .byteArray:
            for _ in 0..<count {
                let length = Int(littleEndian(try take(4)))
                result.append(leaf.json(bytes: try take(length)))
            }
        default:
            let size = width ?? 0
            guard size > 0, size <= 1 << 20 else { throw .malformed("a fixed-length column of width \(size)") }
            for _ in 0..<count { result.append(fixed(try take(size))) }
        }
        return result
    }

    /// Dictionary indices: a bit width byte, then the RLE/bit-packed hybrid.
    mutating func dictionaryIndices(count: Int) throws(ParquetError) -> [UInt32] {
        guard count > 0 else { return [] }
        let width = Int(try take(1).first ?? 0)
        return try RLEHybrid.decode(bytes, bitWidth: width, count: count)
    }

    /// Booleans as RLE (data page v2): a 4-byte length, then the hybrid at width 1.
    mutating func rleBooleans(count: Int) throws(ParquetError) -> [JSONValue] {
        let length = Int(littleEndian(try take(4)))
        return try RLEHybrid.decode(try take(length), bitWidth: 1, count: count).map { .bool($0 != 0) }
    }

    /// DELTA_BINARY_PACKED integers.
    mutating func deltaIntegers(count: Int) throws(ParquetError) -> [JSONValue] {
        try deltas(count: count).map { leaf.json(integer: $0) }
    }

    mutating func varint() throws(ParquetError) -> UInt64 {
        var position = bytes.startIndex
        defer { bytes = bytes[position...] }
        return try Varint.read(bytes, at: &position)
    }

    mutating func zigzag() throws(ParquetError) -> Int64 { Varint.zigzag(try varint()) }

    /// The `count` integers of a DELTA_BINARY_PACKED run.
    mutating func deltas(count: Int) throws(ParquetError) -> [Int64] {
        let blockSize = Int(clamping: try varint())
        let miniblocks = Int(clamping: try varint())
        let total = Int(clamping: try varint())
        var last = try zigzag()
        guard miniblocks > 0, blockSize > 0, blockSize <= 1 << 20, blockSize % miniblocks == 0,
            (blockSize / miniblocks) % 8 == 0
        else { throw .malformed("a delta-encoded run with a malformed header") }
        guard total == count else {
            throw .malformed("a delta-encoded run holds \(total) values where the page calls for \(count)")
        }
        let perMiniblock = blockSize / miniblocks
        var result = [Int64]()
        result.reserveCapacity(min(total, 1 << 20))
        if total > 0 { result.append(last) }
        while result.count < total {
            let minimum = try zigzag()
            let widths = try take(miniblocks)
            for width in widths {
                guard result.count < total else { break }
                guard width <= 64 else { throw .malformed("a delta bit width of \(width)") }
                let packed = try take(perMiniblock * Int(width) / 8)
                for index in 0..<perMiniblock {
                    guard result.count < total else { break }
                    var delta: UInt64 = 0
                    let bit = index * Int(width)
                    for offset in 0..<Int(width)
                    where packed[packed.startIndex + (bit + offset) / 8] & (1 << ((bit + offset) % 8)) != 0 {
                        delta |= 1 << UInt64(offset)
                    }
                    last = last &+ minimum &+ Int64(bitPattern: delta)
                    result.append(last)
                }
            }
        }
        return result
    }

    /// DELTA_LENGTH_BYTE_ARRAY: the lengths delta-encoded, then the bytes one after another.
    mutating func deltaLengthByteArrays(count: Int) throws(ParquetError) -> [JSONValue] {
        try deltaLengthRaw(count: count).map { leaf.json(bytes: $0) }
    }

    private mutating func deltaLengthRaw(count: Int) throws(ParquetError) -> [ArraySlice<UInt8>] {
        let lengths = try deltas(count: count)
        var result = [ArraySlice<UInt8>]()
        for length in lengths.prefix(count) { result.append(try take(Int(clamping: length))) }
        return result
    }

    /// DELTA_BYTE_ARRAY: each value the previous one's prefix of a delta-encoded length, then its own suffix.
    mutating func deltaByteArrays(count: Int) throws(ParquetError) -> [JSONValue] {
        let prefixes = try deltas(count: count)
        let suffixes = try deltaLengthRaw(count: count)
        var previous = [UInt8]()
        var result = [JSONValue]()
        for (prefix, suffix) in zip(prefixes, suffixes) {
            guard prefix >= 0, prefix <= previous.count else { throw .malformed("a delta prefix past its value") }
            var value = Array(previous.prefix(Int(prefix)))
            value += suffix
            result.append(leaf.json(bytes: value[...]))
            previous = value
        }
        return result
    }

    /// BYTE_STREAM_SPLIT: byte k of every value, then byte k + 1 of every value.
    mutating func byteStreamSplit(count: Int) throws(ParquetError) -> [JSONValue] {
        guard let size = width, size > 0 else { throw .malformed("byte stream split on a column of byte arrays") }
        let (length, overflow) = size.multipliedReportingOverflow(by: count)
        guard !overflow else { throw .malformed("a page's values are cut short") }
        let streams = try take(length)
        var result = [JSONValue]()
        var value = [UInt8](repeating: 0, count: size)
        for index in 0..<count {
            for byte in 0..<size { value[byte] = streams[streams.startIndex + byte * count + index] }
            result.append(fixed(value[...]))
        }
        return result
    }
}

/// Dates and times as ISO 8601 text.
enum ParquetTime {
    /// `1970-01-01` plus `days`.
    static func date(days: Int64) -> String {
        let (year, month, day) = CivilDate.civil(fromDays: Int(days))
        return pad(Int64(year), 4) + "-" + pad(Int64(month), 2) + "-" + pad(Int64(day), 2)
    }

    /// `2024-03-01T09:30:00.250Z` (`Z` only for a time adjusted to UTC; the fraction only when not zero).
    static func timestamp(_ value: Int64, unit: LogicalKind.TimeUnit, utc: Bool) -> String {
        let perSecond = unit.perSecond
        var seconds = value / perSecond
        var fraction = value % perSecond
        if fraction < 0 {
            seconds -= 1
            fraction += perSecond
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            days -= 1
            secondOfDay += 86_400
        }
        return date(days: days) + "T" + clock(secondOfDay, fraction: fraction, unit: unit) + (utc ? "Z" : "")
    }

    /// `09:30:00` for a time of day.
    static func time(_ value: Int64, unit: LogicalKind.TimeUnit) -> String {
        let perSecond = unit.perSecond
        return clock(value / perSecond, fraction: value % perSecond, unit: unit)
    }

    private static func clock(_ seconds: Int64, fraction: Int64, unit: LogicalKind.TimeUnit) -> String {
        var text = pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if fraction != 0 {
            let digits: Int
            switch unit {
            case .millis: digits = 3
            case .micros: digits = 6
            case .nanos: digits = 9
            }
            text += "." + pad(fraction, digits)
        }
        return text
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// An IEEE half-precision float.
    static func halfFloat(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F)
        let mantissa = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * pow(2, -24)
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * pow(2, Double(exponent - 15))
        }
    }
}
