import WinnowCore

/// `length`: character and word counts within bounds. A support ticket can be short and valid ("Where is my
/// order?"), so the default bounds are loose; missing fields are left to `empty`.
struct LengthCheck: RuleCheck {
    let minCharacters: Int?
    let maxCharacters: Int?
    let minWords: Int?
    let maxWords: Int?

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        let characters = text.characterCount
        // Counting stops once past both bounds: a long response is not counted to its end to learn it has 2 words.
        let words =
            minWords == nil && maxWords == nil
            ? 0 : WordCount.of(utf8: text.bytes, upTo: (maxWords ?? (minWords ?? 0)) + 1)
        func hit(_ message: String) -> [Hit] {
            [
                Hit(
                    range: nil, message: message,
                    evidence: .evidence([
                        "characters": .number(Double(characters)),
                        "words": .number(Double(WordCount.of(utf8: text.bytes))),
                    ]))
            ]
        }
        if let minCharacters, characters < minCharacters {
            return hit("\(characters) characters; at least \(minCharacters) expected")
        }
        if let maxCharacters, characters > maxCharacters {
            return hit("\(characters) characters; at most \(maxCharacters) expected")
        }
        if let minWords, words < minWords {
            return hit("\(words) words; at least \(minWords) expected")
        }
        if let maxWords, words > maxWords {
            return hit("\(words) words; at most \(maxWords) expected")
        }
        return []
    }
}
