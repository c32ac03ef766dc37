import CCrypto

/// HMAC-SHA-256 (OpenSSL): a tag only the holder of the key can compute, for tokens a server checks without storing
/// them.
public enum MessageAuthentication {
    /// The tag of `message` under `key`, as 64 hex digits.
    public static func hexTag(key: [UInt8], message: String) -> String {
        var tag = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let bytes = Array(message.utf8)
        _ = key.withUnsafeBufferPointer { keyBytes in
            bytes.withUnsafeBufferPointer { messageBytes in
                HMAC(
                    EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), messageBytes.baseAddress,
                    messageBytes.count, &tag, &length)
            }
        }
        return Hex.encode(tag.prefix(Int(length)))
    }
}
