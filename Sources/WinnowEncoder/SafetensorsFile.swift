import Foundation
import WinnowCore
import WinnowLinalg

/// A safetensors file, memory-mapped, with a validated header; tensors are converted to `Float` on request.
///
/// Validation on open: the header length is sane and inside the file, the header is a JSON object of tensor
/// entries, every dtype is known, every shape × dtype size equals the entry's byte range, every range lies inside
/// the data section, and no two ranges overlap.
public struct SafetensorsFile: Sendable {
    /// Where a tensor is and what it holds.
    public struct TensorInfo: Sendable, Equatable {
        /// Element type.
        public var dtype: SafetensorsDType
        /// Dimensions, outermost first.
        public var shape: [Int]
        /// Byte range inside the data section (after the header).
        public var byteRange: Range<Int>

        /// Number of elements (product of the shape).
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Largest header accepted (the format's reference implementation uses the same bound).
    public static let maximumHeaderLength = 100_000_000

    /// The file's path, for messages.
    public let path: String
    /// The tensors by name.
    public let tensors: [String: TensorInfo]
    /// The free-form `__metadata__` strings.
    public let metadata: [String: String]
    private let mapping: MappedFile
    private let dataStart: Int

    /// Opens and validates the file at `url`.
    public init(url: URL) throws(SafetensorsError) {
        path = url.path
        mapping = try MappedFile(path: path)
        let bytes = mapping.bytes
        guard bytes.count >= 8 else {
            throw SafetensorsError(.truncated, file: path, "file of \(bytes.count) bytes has no header length")
        }
        var headerLength = 0
        for index in 0..<8 { headerLength |= Int(bytes[index]) << (8 * index) }
        guard headerLength >= 2, headerLength <= Self.maximumHeaderLength else {
            throw SafetensorsError(.invalidHeader, file: path, "header length \(headerLength) is not plausible")
        }
        guard 8 + headerLength <= bytes.count else {
            throw SafetensorsError(
                .truncated, file: path, "header of \(headerLength) bytes but the file has \(bytes.count)")
        }
        dataStart = 8 + headerLength
        let header: JSONValue
        do {
            header = try JSONParser.parse(bytes: UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]))
        } catch {
            throw SafetensorsError(.invalidHeader, file: path, "header is not JSON: \(error)")
        }
        guard let entries = header.objectValue else {
            throw SafetensorsError(.invalidHeader, file: path, "header is not a JSON object")
        }
        (tensors, metadata) = try Self.parseEntries(entries, dataLength: bytes.count - dataStart, path: path)
    }

    private static func parseEntries(
        _ entries: JSONObject, dataLength: Int, path: String
    ) throws(SafetensorsError) -> ([String: TensorInfo], [String: String]) {
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in entries {
            if name == "__metadata__" {
                guard let object = value.objectValue else {
                    throw SafetensorsError(.invalidHeader, file: path, "__metadata__ is not an object")
                }
                for (key, item) in object {
                    guard case .string(let text) = item else {
                        throw SafetensorsError(
                            .invalidHeader, file: path, "__metadata__ value '\(key)' is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            tensors[name] = try parseTensor(name: name, value, dataLength: dataLength, path: path)
        }
        let ordered = tensors.filter { !$0.value.byteRange.isEmpty }
            .sorted { $0.value.byteRange.lowerBound < $1.value.byteRange.lowerBound }
        for (previous, next) in zip(ordered, ordered.dropFirst())
        where next.value.byteRange.lowerBound < previous.value.byteRange.upperBound {
            throw SafetensorsError(
                .invalidTensor, file: path, tensor: next.key,
                "bytes \(next.value.byteRange) overlap tensor '\(previous.key)' at \(previous.value.byteRange)")
        }
        return (tensors, metadata)
    }

    private static func parseTensor(
        name: String, _ value: JSONValue, dataLength: Int, path: String
    ) throws(SafetensorsError) -> TensorInfo {
        func fail(_ message: String) -> SafetensorsError {
            SafetensorsError(.invalidTensor, file: path, tensor: name, message)
        }
        guard let object = value.objectValue else { throw fail("entry is not an object") }
        guard case .string(let typeName) = object["dtype"] else { throw fail("dtype missing") }
        guard let dtype = SafetensorsDType(rawValue: typeName) else { throw fail("unknown dtype \(typeName)") }
        guard let shapeValues = object["shape"]?.arrayValue, let shape = integers(shapeValues) else {
            throw fail("shape is not a list of non-negative integers")
        }
        guard let offsetValues = object["data_offsets"]?.arrayValue, let offsets = integers(offsetValues),
            offsets.count == 2, offsets[0] <= offsets[1]
        else { throw fail("data_offsets is not a pair [begin, end] with begin <= end") }
        guard offsets[1] <= dataLength else {
            throw fail("data_offsets \(offsets) reach beyond the \(dataLength) data bytes")
        }
        var byteCount = dtype.byteSize
        for dimension in shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail("shape \(shape) is too large") }
            byteCount = product
        }
        guard byteCount == offsets[1] - offsets[0] else {
            throw fail(
                "shape \(shape) of \(typeName) needs \(byteCount) bytes, data_offsets give \(offsets[1] - offsets[0])")
        }
        return TensorInfo(dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
    }

    private static func integers(_ values: [JSONValue]) -> [Int]? {
        var result: [Int] = []
        for value in values {
            guard case .number(let number) = value, number >= 0, number <= 0x1p53, number.rounded() == number else {
                return nil
            }
            result.append(Int(number))
        }
        return result
    }

    /// The tensor `name` as row-major `Float`s, converted from F32, F16 or BF16.
    public func floats(_ name: String) throws(SafetensorsError) -> [Float] {
        guard let info = tensors[name] else {
            throw SafetensorsError(.missingTensor, file: path, tensor: name, "no such tensor")
        }
        let count = info.elementCount
        let source = UnsafeRawBufferPointer(
            rebasing: mapping.bytes[(dataStart + info.byteRange.lowerBound)..<(dataStart + info.byteRange.upperBound)])
        switch info.dtype {
        case .f32:
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0, let target = buffer.baseAddress, let origin = source.baseAddress {
                    memcpy(target, origin, count * 4)
                }
                initialized = count
            }
        case .f16:
            return (0..<count).map {
                SafetensorsDType.floatFromHalf(source.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))
            }
        case .bf16:
            return (0..<count).map {
                SafetensorsDType.floatFromBFloat16(source.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))
            }
        default:
            throw SafetensorsError(
                .unsupportedType, file: path, tensor: name, "\(info.dtype.rawValue) is not a float type")
        }
    }

    /// The tensor `name`, checked to have exactly `shape`, as `Float`s.
    public func floats(_ name: String, shape: [Int]) throws(SafetensorsError) -> [Float] {
        guard let info = tensors[name] else {
            throw SafetensorsError(.missingTensor, file: path, tensor: name, "no such tensor")
        }
        guard info.shape == shape else {
            throw SafetensorsError(.shapeMismatch, file: path, tensor: name, "shape \(info.shape), expected \(shape)")
        }
        return try floats(name)
    }

    /// The two-dimensional tensor `name`, checked to be `rows × columns`, as a ``Matrix``.
    public func matrix(_ name: String, rows: Int, columns: Int) throws(SafetensorsError) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: try floats(name, shape: [rows, columns]))
    }
}
