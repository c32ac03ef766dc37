import Foundation
import Testing
import WinnowEncoder
import WinnowLinalg

@Suite("Safetensors")
struct SafetensorsTests {
    /// A file with the given raw header text and data bytes.
    static func file(header: String, data: [UInt8], in directory: URL) throws -> URL {
        var bytes: [UInt8] = []
        let headerBytes = Array(header.utf8)
        for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: headerBytes.count >> (8 * index))) }
        bytes += headerBytes + data
        let url = directory.appendingPathComponent("\(UUID().uuidString).safetensors")
        try Data(bytes).write(to: url)
        return url
    }

    static func openError(_ url: URL) -> SafetensorsError? {
        do {
            _ = try SafetensorsFile(url: url)
            return nil
        } catch {
            return error
        }
    }

    @Test func roundTripF32WithMetadata() throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("weights.safetensors")
        try SafetensorsWriter.write(
            [
                .init(name: "a.weight", shape: [2, 3], values: [1, 2, 3, 4, 5, -6.5]),
                .init(name: "b", shape: [0], values: []),
                .init(name: "c", shape: [], values: [42]),
            ], metadata: ["format": "pt"], to: url)
        let file = try SafetensorsFile(url: url)
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.floats("a.weight") == [1, 2, 3, 4, 5, -6.5])
        #expect(try file.matrix("a.weight", rows: 2, columns: 3)[1, 2] == -6.5)
        #expect(try file.floats("b").isEmpty)
        #expect(try file.floats("c") == [42])
        #expect(file.tensors["a.weight"]?.shape == [2, 3])
        #expect(throws: SafetensorsError.self) { try file.matrix("a.weight", rows: 3, columns: 2) }
        #expect(throws: SafetensorsError.self) { try file.floats("missing") }
    }

    @Test func decodesHalfAndBFloat16() throws {
        let directory = try Fixtures.temporaryDirectory()
        let half: [UInt16] = [0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0x3555]
        let brain: [UInt16] = [0x3F80, 0xC040, 0x4049, 0x0000]
        func bytes(_ values: [UInt16]) -> [UInt8] { values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        let url = directory.appendingPathComponent("mixed.safetensors")
        try SafetensorsWriter.write(
            [
                .init(name: "half", dtype: .f16, shape: [8], bytes: bytes(half)),
                .init(name: "brain", dtype: .bf16, shape: [2, 2], bytes: bytes(brain)),
                .init(name: "ints", dtype: .i32, shape: [1], bytes: [1, 0, 0, 0]),
            ], to: url)
        let file = try SafetensorsFile(url: url)
        let halves = try file.floats("half")
        #expect(Array(halves[0..<4]) == [1, -2, 0.5, 65504])
        #expect(halves[4] == 0x1p-24)
        #expect(halves[5] == 0 && halves[5].sign == .minus)
        #expect(halves[6] == .infinity)
        #expect(abs(halves[7] - 1.0 / 3) < 1e-3)
        #expect(try file.floats("brain") == [1, -3, 3.140625, 0])
        let error = #expect(throws: SafetensorsError.self) { try file.floats("ints") }
        #expect(error?.kind == .unsupportedType)
    }

    static let malformed: [(name: String, header: String, data: Int, kind: SafetensorsError.Kind)] = [
        ("bad JSON", #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]"#, 4, .invalidHeader),
        ("not an object", #"[1, 2]"#, 0, .invalidHeader),
        ("offsets out of file", #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#, 4, .invalidTensor),
        ("shape and size differ", #"{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}"#, 8, .invalidTensor),
        (
            "overlapping offsets",
            #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "#
                + #""b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}"#,
            12, .invalidTensor
        ),
        ("unknown dtype", #"{"a": {"dtype": "F8", "shape": [1], "data_offsets": [0, 1]}}"#, 1, .invalidTensor),
        ("negative shape", #"{"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}"#, 4, .invalidTensor),
        ("reversed offsets", #"{"a": {"dtype": "U8", "shape": [0], "data_offsets": [4, 0]}}"#, 4, .invalidTensor),
    ]

    @Test("malformed headers are refused", arguments: malformed)
    func refusesMalformed(name: String, header: String, data: Int, kind: SafetensorsError.Kind) throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = try Self.file(header: header, data: [UInt8](repeating: 0, count: data), in: directory)
        let error = try #require(Self.openError(url), "\(name) was accepted")
        #expect(error.kind == kind, "\(name): \(error)")
        #expect(error.file == url.path)
        if kind == .invalidTensor { #expect(error.tensor != nil, "\(name) does not name the tensor") }
    }

    @Test func truncatedFilesAreRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        let url = directory.appendingPathComponent("whole.safetensors")
        try SafetensorsWriter.write([.init(name: "a", shape: [4], values: [1, 2, 3, 4])], to: url)
        let whole = try Data(contentsOf: url)
        for length in [0, 5, 20, whole.count - 1] {
            let cut = directory.appendingPathComponent("cut-\(length).safetensors")
            try whole.prefix(length).write(to: cut)
            let error = try #require(Self.openError(cut), "a file cut to \(length) bytes was accepted")
            #expect([.truncated, .invalidTensor, .invalidHeader].contains(error.kind))
        }
        var huge = whole
        huge.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0])
        let hugeURL = directory.appendingPathComponent("huge.safetensors")
        try huge.write(to: hugeURL)
        #expect(Self.openError(hugeURL)?.kind == .invalidHeader)
        let missing = Self.openError(directory.appendingPathComponent("absent.safetensors"))
        #expect(missing?.kind == .unreadable)
    }
}
