import CCrypto

/// SHA-256 (FIPS 180-4), incremental: feed bytes with ``update(_:)``, read the digest with ``finalize()``.
///
/// Used for source-file fingerprints, content hashes, model checks and export manifests. The block function is
/// OpenSSL's libcrypto, which uses the processor's SHA extensions where it has them.
public struct SHA256: Sendable {
    private var context = SHA256_CTX()

    /// A fresh hasher.
    public init() {
        SHA256_Init(&context)
    }

    /// The hex digest of `text`'s UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        var hasher = SHA256()
        var copy = text
        copy.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        return hasher.finalize().hexString
    }

    /// The hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize().hexString
    }

    /// Feeds `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        SHA256_Update(&context, base, bytes.count)
    }

    /// Feeds `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Finishes and returns the 32-byte digest. The hasher must not be fed again afterwards.
    public mutating func finalize() -> Digest {
        var bytes: [UInt8] = []
        finalize(appendingTo: &bytes)
        return Digest(bytes: bytes)
    }

    /// Finishes and appends the 32 digest bytes to `output` (no separate digest value is made).
    /// The hasher must not be fed again afterwards.
    public mutating func finalize(appendingTo output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: 32))
        output.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            _ = SHA256_Final(base + start, &context)
        }
    }

    /// A finished digest.
    public struct Digest: Sendable, Equatable, Hashable {
        /// The 32 digest bytes.
        public let bytes: [UInt8]

        /// Lower-case hex, 64 characters.
        public var hexString: String { Hex.encode(bytes) }
    }
}
