import WinnowCore

/// `repeated_chars`: one character repeated `min_run` times or more ("!!!!!!", "heeeeelp"). Digits and whitespace
/// are ignored (amounts, indentation), and so is any character listed in `ignore` (separator lines, masks).
struct RepeatedCharsCheck: RuleCheck {
    let minRun: Int
    let ignored: Set<UInt8>

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        var hits: [Hit] = []
        let bytes = text.bytes
        var start = 0
        while start < bytes.count {
            let byte = bytes[start]
            var end = start + 1
            while end < bytes.count, bytes[end] == byte { end += 1 }
            if end - start >= minRun, byte < 0x80, !ASCII.isDigit(byte), !ASCII.isSpace(byte),
                !ignored.contains(byte)
            {
                let character = String(UnicodeScalar(byte))
                hits.append(
                    Hit(
                        range: start..<end, message: "\"\(character)\" repeated \(end - start) times",
                        evidence: .evidence(["matched": .string(text.string(start..<end))])))
            }
            start = end
        }
        return hits
    }
}
