import Foundation

/// The identity of a record's content: SHA-256 over its normalised input, response and label.
///
/// Normalisation folds only what never changes the text a person reads: Unicode canonical form and runs of
/// whitespace (collapsed to one space, trimmed at the ends). Case, punctuation and numbers are kept: a re-cased or
/// re-typed copy is a near-duplicate, which `dedup` flags with evidence instead of import dropping it silently. The fields are joined with a separator that cannot
/// occur in normalised text, so moving text between fields changes the hash.
public enum ContentHash {
    /// The hex content hash of a record.
    public static func of(input: String, response: String?, label: String?) -> String {
        var hasher = SHA256()
        for (index, field) in [input, response ?? "", label ?? ""].enumerated() {
            if index > 0 { hasher.update([0x1F]) }
            var normalised = normalise(field)
            normalised.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        }
        return hasher.finalize().hexString
    }

    /// Whitespace-collapsed, trimmed text in canonical Unicode form.
    public static func normalise(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var isASCII = true
        for byte in text.utf8 where byte >= 0x80 {
            isASCII = false
            break
        }
        if isASCII {
            var bytes = [UInt8]()
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !bytes.isEmpty
                    continue
                }
                if pendingSpace {
                    bytes.append(0x20)
                    pendingSpace = false
                }
                bytes.append(byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        for character in text {
            if character.isWhitespace {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(" ")
                pendingSpace = false
            }
            output.append(character)
        }
        // Canonically equivalent spellings (precomposed or combining accents) hash the same.
        return output.precomposedStringWithCanonicalMapping
    }
}
