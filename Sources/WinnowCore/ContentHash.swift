import Foundation

/// The identity of a record's content: SHA-256 over its normalised input, response and label.
///
/// Normalisation folds only what never changes the text a person reads: Unicode canonical form and runs of
/// whitespace (collapsed to one space, trimmed at the ends). Case, punctuation and numbers are kept: a re-cased or
/// re-typed copy is a near-duplicate, which `dedup` flags with evidence instead of import dropping it silently.
/// Each field is hashed after its byte length, so moving text between fields always changes the hash. The fields are joined with a separator that cannot
/// occur in normalised text, so moving text between fields changes the hash.
public enum ContentHash {
    /// The hex content hash of a record.
    public static func of(input: String, response: String?, label: String?) -> String {
        digest(input: input, response: response, label: label).hexString
    }

    /// The content hash of a record as a digest.
    public static func digest(input: String, response: String?, label: String?) -> SHA256.Digest {
        var hasher = SHA256()
        var scratch: [UInt8] = []
        scratch.reserveCapacity(input.utf8.count + 64)
        for field in [input, response ?? "", label ?? ""] {
            scratch.removeAll(keepingCapacity: true)
            if !appendNormalisedASCII(field, to: &scratch) {
                scratch.append(contentsOf: normalise(field).utf8)
            }
            var length = UInt64(scratch.count).littleEndian
            withUnsafeBytes(of: &length) { hasher.update($0) }
            hasher.update(scratch)
        }
        return hasher.finalize()
    }

    /// Appends the normalised bytes of an ASCII `text`; returns false (appending nothing) when it is not ASCII.
    static func appendNormalisedASCII(_ text: String, to bytes: inout [UInt8]) -> Bool {
        var copy = text
        return copy.withUTF8 { source in
            let start = bytes.count
            bytes.reserveCapacity(start + source.count)
            var pendingSpace = false
            var written = 0
            var isASCII = true
            bytes.append(contentsOf: repeatElement(0, count: source.count))
            bytes.withUnsafeMutableBufferPointer { target in
                for byte in source {
                    if byte >= 0x80 {
                        isASCII = false
                        return
                    }
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        pendingSpace = written > 0
                        continue
                    }
                    if pendingSpace {
                        target[start + written] = 0x20
                        written += 1
                        pendingSpace = false
                    }
                    target[start + written] = byte
                    written += 1
                }
            }
            bytes.removeSubrange((start + (isASCII ? written : 0))...)
            return isASCII
        }
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
