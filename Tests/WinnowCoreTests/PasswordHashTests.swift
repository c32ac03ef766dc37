import Foundation
import Testing
import WinnowCore

@Suite("Password hashes (scrypt)")
struct PasswordHashTests {
    @Test("scrypt gives RFC 7914's test vectors")
    func rfcVectors() throws {
        let first = try PasswordHash.derive(
            Array("password".utf8), salt: Array("NaCl".utf8), cost: .init(logN: 10, r: 8, p: 16), length: 64)
        #expect(
            first.map { String(format: "%02x", $0) }.joined()
                == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d98"
                + "30dac727afb94a83ee6d8360cbdfa2cc0640")
        let second = try PasswordHash.derive(
            Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8), cost: .init(logN: 14, r: 8, p: 1),
            length: 64)
        #expect(
            second.map { String(format: "%02x", $0) }.joined()
                == "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9a"
                + "f9e61e85dc0d651e40dfcf017b45575887")
    }

    @Test("a hash verifies its password only, carries its cost, and differs every time by its salt")
    func roundTrip() throws {
        let cost = PasswordHash.Cost(logN: 12, r: 8, p: 1)
        let hash = try PasswordHash.make("correct horse battery staple", cost: cost)
        #expect(hash.hasPrefix("$scrypt$ln=12,r=8,p=1$"))
        #expect(try PasswordHash.verify("correct horse battery staple", against: hash))
        #expect(try !PasswordHash.verify("correct horse battery stapler", against: hash))
        #expect(try !PasswordHash.verify("", against: hash))
        #expect(try PasswordHash.make("correct horse battery staple", cost: cost) != hash)
        #expect(try PasswordHash.verify("pässwörd ✓", against: PasswordHash.make("pässwörd ✓", cost: cost)))
        #expect(PasswordHash.defaultCost.logN >= 15)
    }

    @Test("malformed stored hashes are refused, not accepted")
    func malformed() {
        for stored in [
            "", "plain", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "$scrypt$ln=99,r=8,p=1$c2FsdA$aGFzaA",
            "$scrypt$ln=12,r=8$c2FsdA$aGFzaA", "$scrypt$ln=12,r=8,p=1$c2FsdA$",
        ] {
            #expect(throws: PasswordHash.MalformedHash.self, "\(stored)") {
                _ = try PasswordHash.verify("x", against: stored)
            }
        }
    }

    @Test("new passwords are 20 characters from the unambiguous alphabet and do not repeat")
    func newPasswords() {
        let passwords = (0..<200).map { _ in PasswordHash.newPassword() }
        #expect(Set(passwords).count == 200)
        for password in passwords {
            #expect(password.count == 20)
            #expect(!password.contains(where: { "0O1lI5S8B2Z".contains($0) }))
        }
    }
}

@Suite("HMAC-SHA-256")
struct MessageAuthenticationTests {
    @Test("RFC 4231's test case 2, and a different key gives a different tag")
    func rfcVector() {
        let tag = MessageAuthentication.hexTag(key: Array("Jefe".utf8), message: "what do ya want for nothing?")
        #expect(tag == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(MessageAuthentication.hexTag(key: Array("Jeff".utf8), message: "what do ya want for nothing?") != tag)
    }
}

@Suite("Hex")
struct HexTests {
    @Test("bytes round-trip through hex; odd lengths and other characters are refused")
    func roundTrip() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xab, 0xff]
        #expect(Hex.encode(bytes) == "00017f80abff")
        #expect(Hex.decode("00017f80abff") == bytes)
        #expect(Hex.decode("00017F80ABFF") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
