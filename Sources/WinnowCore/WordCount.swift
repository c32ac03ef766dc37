/// Words of a text as a reader counts them: runs between spaces, where a run in a script written without spaces
/// between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) counts a word for every two of its letters, about as
/// long as a word there is. "您好，您的卡已寄出。" is four words, not one.
public enum WordCount {
    /// The words of `text`.
    public static func of(_ text: String) -> Int {
        var words = 0
        for run in text.split(whereSeparator: \.isWhitespace) { words += count(run.unicodeScalars) }
        return words
    }

    /// The words of UTF-8 `bytes`, counted up to `limit` (past it the count stops, at `limit` or a little over).
    public static func of(utf8 bytes: [UInt8], upTo limit: Int = .max) -> Int {
        var count = 0
        var start: Int?
        var ascii = true
        func close(at end: Int) {
            guard let begin = start else { return }
            if ascii {
                count += 1
            } else {
                count += WordCount.of(String(decoding: bytes[begin..<end], as: UTF8.self))
            }
            start = nil
            ascii = true
        }
        for (index, byte) in bytes.enumerated() {
            if byte == 0x20 || byte &- 0x09 < 5 {
                close(at: index)
                if count >= limit { return count }
            } else {
                if start == nil { start = index }
                if byte >= 0x80 { ascii = false }
            }
        }
        close(at: bytes.count)
        return count
    }

    /// The words of one run between spaces.
    private static func count<S: Sequence<Unicode.Scalar>>(_ run: S) -> Int {
        var unspaced = 0
        for scalar in run where isWrittenWithoutSpaces(scalar) { unspaced += 1 }
        return unspaced >= 2 ? (unspaced + 1) / 2 : 1
    }

    /// Whether `scalar` is a letter of a script that writes no spaces between words: CJK ideographs, kana, Thai,
    /// Lao, Khmer, Myanmar.
    static func isWrittenWithoutSpaces(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF: true
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: true
        case 0x0E00...0x0E7F, 0x0E80...0x0EFF, 0x1780...0x17FF, 0x1000...0x109F: true
        default: false
        }
    }
}
