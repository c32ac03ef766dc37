import Testing
import WinnowCore

@Suite("SHA256 against the NIST vectors")
struct SHA256Tests {
    static let millionA = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func knownVectors(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    /// Lengths around the padding boundary (one or two final blocks).
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(SHA256.hex(message) == digest)
        var bytewise = SHA256()
        for byte in message { bytewise.update([byte]) }
        #expect(bytewise.finalize().hexString == digest)
    }

    @Test func oneMillionAInOddSizedPieces() {
        let total = 1_000_000
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 5000)
        let pieceSizes = [1, 3, 7, 63, 64, 65, 127, 1000, 4093, 2]
        var hasher = SHA256()
        var fed = 0
        var index = 0
        chunk.withUnsafeBytes { buffer in
            while fed < total {
                let size = min(pieceSizes[index % pieceSizes.count], total - fed)
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<size]))
                fed += size
                index += 1
            }
        }
        #expect(hasher.finalize().hexString == Self.millionA)
    }

    @Test func oneMillionAInOneCall() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == Self.millionA)
    }

    @Test func digestHasThirtyTwoBytesAndLowerCaseHex() {
        var hasher = SHA256()
        hasher.update(Array("abc".utf8))
        let digest = hasher.finalize()
        #expect(digest.bytes.count == 32)
        #expect(digest.bytes.first == 0xBA)
        #expect(digest.hexString.count == 64)
        #expect(digest.hexString == digest.hexString.lowercased())
    }

    @Test func emptyUpdatesChangeNothing() {
        var hasher = SHA256()
        hasher.update([])
        hasher.update(Array("ab".utf8))
        hasher.update([])
        hasher.update(Array("c".utf8))
        #expect(hasher.finalize().hexString == SHA256.hex("abc"))
    }
}
