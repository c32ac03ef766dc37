import CCrypto
import Foundation

/// Salted, slow password hashes with scrypt (OpenSSL's `EVP_PBE_scrypt`), written in the PHC string form
/// `$scrypt$ln=15,r=8,p=1$SALT$HASH` (base64 without padding), so the cost can grow without breaking old hashes.
public enum PasswordHash {
    /// The cost of new hashes: N = 2^15, r = 8, p = 1 (32 MiB and some 100 ms per hash on one core), the
    /// parameters OWASP names for scrypt.
    public static let defaultCost = Cost(logN: 15, r: 8, p: 1)

    /// scrypt's parameters.
    public struct Cost: Sendable, Equatable {
        /// log2 of N, the CPU and memory cost.
        public var logN: Int
        /// The block size.
        public var r: Int
        /// Parallelism.
        public var p: Int

        /// A cost.
        public init(logN: Int, r: Int, p: Int) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// The memory scrypt needs for these parameters, with room to spare.
        var memory: UInt64 { UInt64(128 * r) * (UInt64(1) << UInt64(logN)) * 2 + 1 << 20 }
    }

    /// A stored hash that is not in the form ``make(_:cost:)`` writes.
    public struct MalformedHash: Error, CustomStringConvertible {
        public let description: String
    }

    /// The PHC string for `password` under a new random salt.
    public static func make(_ password: String, cost: Cost = defaultCost) throws -> String {
        let salt = randomBytes(16)
        let hash = try derive(Array(password.utf8), salt: salt, cost: cost, length: 32)
        return "$scrypt$ln=\(cost.logN),r=\(cost.r),p=\(cost.p)$\(encode(salt))$\(encode(hash))"
    }

    /// Whether `password` matches `stored` (compared in time independent of where the hashes differ).
    public static func verify(_ password: String, against stored: String) throws -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else {
            throw MalformedHash(description: "not an scrypt hash in PHC form")
        }
        var values: [String: Int] = [:]
        for field in parts[2].split(separator: ",") {
            let pair = field.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let value = Int(pair[1]) else {
                throw MalformedHash(description: "bad parameter '\(field)'")
            }
            values[String(pair[0])] = value
        }
        guard let logN = values["ln"], let r = values["r"], let p = values["p"], (1...24).contains(logN),
            (1...64).contains(r), (1...16).contains(p), let salt = decode(parts[3]), let expected = decode(parts[4]),
            !expected.isEmpty
        else { throw MalformedHash(description: "bad parameters, salt or hash") }
        let actual = try derive(
            Array(password.utf8), salt: salt, cost: Cost(logN: logN, r: r, p: p), length: expected.count)
        return constantTimeEqual(actual, expected)
    }

    /// scrypt itself (RFC 7914).
    public static func derive(_ password: [UInt8], salt: [UInt8], cost: Cost, length: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        let status = password.withUnsafeBufferPointer { passwordBytes in
            salt.withUnsafeBufferPointer { saltBytes in
                passwordBytes.withMemoryRebound(to: CChar.self) { passwordChars in
                    EVP_PBE_scrypt(
                        passwordChars.baseAddress, passwordChars.count, saltBytes.baseAddress, saltBytes.count,
                        UInt64(1) << UInt64(cost.logN), UInt64(cost.r), UInt64(cost.p), cost.memory, &output, length)
                }
            }
        }
        guard status == 1 else { throw MalformedHash(description: "scrypt refused the parameters") }
        return output
    }

    /// `count` bytes from OpenSSL's generator (seeded by the operating system).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            // Falls back to the system generator, also cryptographically secure on every supported platform.
            var generator = SystemRandomNumberGenerator()
            return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        }
        return bytes
    }

    /// A password for a new account: 20 characters from an alphabet without look-alikes (about 100 bits).
    public static func newPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679")
        var password = ""
        while password.count < 20 {
            for byte in randomBytes(32) where Int(byte) < 256 - 256 % alphabet.count {
                password.append(alphabet[Int(byte) % alphabet.count])
                if password.count == 20 { break }
            }
        }
        return password
    }

    /// Whether two byte strings are equal, in time that depends only on their lengths.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        var padded = String(text)
        while padded.count % 4 != 0 { padded.append("=") }
        return Data(base64Encoded: padded).map { Array($0) }
    }
}
