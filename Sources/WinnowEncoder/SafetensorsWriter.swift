import Foundation
import WinnowCore

/// Writes safetensors files: a little-endian header length, a JSON header, then the tensors' bytes in order.
public enum SafetensorsWriter {
    /// One tensor to write: its name, type, shape and raw little-endian bytes.
    public struct Tensor: Sendable {
        /// The tensor's key.
        public var name: String
        /// Element type of `bytes`.
        public var dtype: SafetensorsDType
        /// Dimensions, outermost first.
        public var shape: [Int]
        /// The raw data; its count must be `shape` product × dtype size.
        public var bytes: [UInt8]

        /// A tensor from raw bytes (any dtype).
        public init(name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) {
            precondition(shape.reduce(dtype.byteSize, *) == bytes.count, "\(name): bytes do not match the shape")
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.bytes = bytes
        }

        /// An F32 tensor of `values` with `shape`.
        public init(name: String, shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "\(name): \(values.count) values for shape \(shape)")
            self.init(
                name: name, dtype: .f32, shape: shape,
                bytes: values.withUnsafeBytes { Array($0) })
        }
    }

    /// The file contents for `tensors` (in the given order) and optional `metadata`.
    public static func encode(_ tensors: [Tensor], metadata: [String: String] = [:]) -> [UInt8] {
        var members: [(key: String, value: JSONValue)] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) }
            members.append((key: "__metadata__", value: .object(JSONObject(pairs))))
        }
        var offset = 0
        for tensor in tensors {
            let entry: JSONValue = [
                "dtype": .string(tensor.dtype.rawValue),
                "shape": .array(tensor.shape.map { .number(Double($0)) }),
                "data_offsets": [.number(Double(offset)), .number(Double(offset + tensor.bytes.count))],
            ]
            members.append((key: tensor.name, value: entry))
            offset += tensor.bytes.count
        }
        var header = Array(JSONValue.object(JSONObject(members)).serialized.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var output: [UInt8] = []
        output.reserveCapacity(8 + header.count + offset)
        for index in 0..<8 { output.append(UInt8(truncatingIfNeeded: header.count >> (8 * index))) }
        output += header
        for tensor in tensors { output += tensor.bytes }
        return output
    }

    /// Writes `tensors` to `url` (replacing the file).
    public static func write(
        _ tensors: [Tensor], metadata: [String: String] = [:], to url: URL
    ) throws(SafetensorsError) {
        do {
            try Data(encode(tensors, metadata: metadata)).write(to: url, options: .atomic)
        } catch {
            throw SafetensorsError(.unreadable, file: url.path, "cannot write: \(error.localizedDescription)")
        }
    }
}
