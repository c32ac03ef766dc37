import Foundation

/// The identity of a record's content: SHA-256 over its normalised input, response and label.
///
/// Normalisation folds only what never changes the text a person reads: Unicode canonical form and runs of
/// whitespace (collapsed to one space, trimmed at the ends). Case, punctuation and numbers are kept: a re-cased or
/// re-typed copy is a near-duplicate, which `dedup` flags with evidence instead of import dropping it silently.
/// Each field is hashed after its byte length, so moving text between fields always changes the hash.
public enum ContentHash {
    /// The hex content hash of a record.
    public static func of(input: String, response: String?, label: String?) -> String {
        digest(input: input, response: response, label: label).hexString
    }

    /// The content hash of a record as a digest.
    public static func digest(input: String, response: String?, label: String?) -> SHA256.Digest {
        var bytes: [UInt8] = []
        appendDigest(input: input, response: response, label: label, to: &bytes)
        return SHA256.Digest(bytes: bytes)
    }

    /// Appends the 32 bytes of a record's content hash to `output` (the import's hot path: no digest value is made).
    public static func appendDigest(input: String, response: String?, label: String?, to output: inout [UInt8]) {
        var hasher = SHA256()
        var runs: [Range<Int>] = []
        feed(input, to: &hasher, runs: &runs)
        feed(response ?? "", to: &hasher, runs: &runs)
        feed(label ?? "", to: &hasher, runs: &runs)
        hasher.finalize(appendingTo: &output)
    }

    /// Feeds one field's normalised bytes to `hasher`, after their length. `runs` is scratch space.
    private static func feed(_ field: String, to hasher: inout SHA256, runs: inout [Range<Int>]) {
        if feedNormalisedASCII(field, to: &hasher, runs: &runs) { return }
        let normalised = Array(normalise(field).utf8)
        var length = UInt64(normalised.count).littleEndian
        withUnsafeBytes(of: &length) { hasher.update($0) }
        hasher.update(normalised)
    }

    /// Feeds the normalised form of an ASCII `text` to `hasher`, after its byte length, without copying it. Returns
    /// false, feeding nothing, when `text` is not ASCII. `runs` is scratch space.
    ///
    /// Normalisation changes only whitespace runs other than a single space between two words. One pass finds
    /// them (and the length); then the text between them goes to the hasher as it is, with one space for each such
    /// run between words.
    static func feedNormalisedASCII(_ text: String, to hasher: inout SHA256, runs: inout [Range<Int>]) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            runs.removeAll(keepingCapacity: true)
            var length = raw.count
            var finder = ChangedWhitespaceRuns(raw)
            while let run = finder.next() {
                guard let run else { return false }
                runs.append(run)
                length -= run.count
                if run.lowerBound > 0, run.upperBound < raw.count { length += 1 }
            }
            var framed = UInt64(length).littleEndian
            withUnsafeBytes(of: &framed) { hasher.update($0) }
            var start = 0
            for run in runs {
                if run.lowerBound > start {
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[start..<run.lowerBound]))
                }
                if run.lowerBound > 0, run.upperBound < raw.count { hasher.update(ContentHash.space) }
                start = run.upperBound
            }
            if start < raw.count { hasher.update(UnsafeRawBufferPointer(rebasing: raw[start...])) }
            return true
        }
    }

    /// The whitespace runs of an ASCII text that normalisation changes, in order: every run except a single space
    /// between two words. `next()` gives `.some(nil)` at a byte from 0x80 (the text is not ASCII), nil at the end.
    private struct ChangedWhitespaceRuns {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func next() -> Range<Int>?? {
            let count = bytes.count
            while index < count {
                // Most of a text is words and single spaces: eight bytes at a time.
                if index &+ 8 <= count, let plain = ContentHash.plainBytes(at: index, in: bytes) {
                    index &+= plain
                    continue
                }
                let byte = bytes[index]
                if byte > 0x20, byte < 0x80 {
                    index &+= 1
                    continue
                }
                if byte >= 0x80 { return .some(nil) }
                guard ContentHash.isSpace(byte) else {
                    index &+= 1
                    continue
                }
                let start = index
                index &+= 1
                while index < count, ContentHash.isSpace(bytes[index]) { index &+= 1 }
                // A run that starts after the first byte follows a word; one that ends before the last precedes one.
                if start > 0, index < count, byte == 0x20, index == start &+ 1 { continue }
                return start..<index
            }
            return nil
        }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    private static let space: [UInt8] = [0x20]

    /// How many of the 8 bytes at `index` normalisation leaves as they are, when they are visible ASCII characters
    /// and single spaces between them: 8, or 7 when the last is a space (whose run may go on); nil when the word
    /// holds anything else (a byte from 0x80, a control or whitespace character, two spaces in a row, or a space
    /// at the very start of the text, which is dropped).
    @inline(__always)
    static func plainBytes(at index: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        guard word & highBits == 0 else { return nil }
        // Any byte below 0x20 (the word has no high bits, so subtracting borrows only from such bytes).
        guard (word &- ones &* 0x20) & ~word & highBits == 0 else { return nil }
        // The high bit of each byte that is a space.
        let difference = word ^ (ones &* 0x20)
        let spaces = ~(((difference & lowBits) &+ lowBits) | difference) & highBits
        guard spaces & (spaces << 8) == 0 else { return nil }
        // Bytes are little-endian in the word: bit 7 is the first byte, bit 63 the last.
        if index == 0, spaces & 0x80 != 0 { return nil }
        return spaces >> 63 == 1 ? 7 : 8
    }

    /// Appends the normalised bytes of an ASCII `text`; returns false (appending nothing) when it is not ASCII.
    static func appendNormalisedASCII(_ text: String, to bytes: inout [UInt8]) -> Bool {
        var copy = text
        return copy.withUTF8 { source in
            let start = bytes.count
            var written = 0
            var isASCII = true
            bytes.append(contentsOf: repeatElement(0, count: source.count))
            bytes.withUnsafeMutableBufferPointer { target in
                guard let output = target.baseAddress.map({ $0 + start }) else { return }
                var pendingSpace = false
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
                        output[written] = 0x20
                        written += 1
                        pendingSpace = false
                    }
                    output[written] = byte
                    written += 1
                }
            }
            bytes.removeSubrange((start + (isASCII ? written : 0))...)
            return isASCII
        }
    }

    /// Whitespace-collapsed, trimmed text in canonical Unicode form.
    public static func normalise(_ text: String) -> String {
        var bytes: [UInt8] = []
        if appendNormalisedASCII(text, to: &bytes) { return String(decoding: bytes, as: UTF8.self) }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
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
