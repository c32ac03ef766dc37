import WinnowCore

/// `shouting`: a text whose letters are mostly capitals. Short texts and acronyms are left alone through
/// `min_letters`.
struct ShoutingCheck: RuleCheck {
    let minLetters: Int
    let maxUppercaseRatio: Double

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        let letters = text.upperCount + text.lowerCount
        guard letters >= minLetters else { return [] }
        let ratio = Double(text.upperCount) / Double(letters)
        guard ratio > maxUppercaseRatio else { return [] }
        let percent = Int((ratio * 100).rounded())
        return [
            Hit(
                range: nil, message: "\(percent)% of the letters are capitals",
                evidence: .evidence(["uppercase_ratio": .number((ratio * 1000).rounded() / 1000)]))
        ]
    }
}
