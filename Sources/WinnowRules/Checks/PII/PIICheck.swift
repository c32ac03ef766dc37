import WinnowCore

/// `pii`: personal data and secrets, each found by a hand-written scanner with a cheap pre-check (no "@", no
/// e-mail scan; fewer than 13 digits, no card scan). Evidence names the type but never holds the found text.
struct PIICheck: RuleCheck {
    let types: [PIIType]

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        var found: [(range: Range<Int>, type: PIIType)] = []
        for type in types {
            for range in PIICheck.scan(type, text) { found.append((range, type)) }
        }
        guard !found.isEmpty else { return [] }
        // Where two scanners claim the same text (a phone-looking run inside an IBAN), the earlier, longer one wins.
        found.sort { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }
        var hits: [Hit] = []
        var lastEnd = 0
        for item in found where item.range.lowerBound >= lastEnd {
            hits.append(
                Hit(
                    range: item.range, message: item.type.noun,
                    evidence: .evidence(["type": .string(item.type.rawValue)]), redactAs: item.type.placeholder))
            lastEnd = item.range.upperBound
        }
        return hits
    }

    static func scan(_ type: PIIType, _ text: FieldText) -> [Range<Int>] {
        switch type {
        case .email: return text.hasAt ? PIIScanner.emails(in: text.bytes) : []
        case .phone: return text.digitCount >= 7 ? PIIScanner.phones(in: text) : []
        case .card: return text.digitCount >= 13 ? PIIScanner.cards(in: text.bytes) : []
        case .iban: return text.digitCount >= 4 && text.upperCount >= 2 ? PIIScanner.ibans(in: text.bytes) : []
        case .ip: return text.digitCount >= 4 ? PIIScanner.ipAddresses(in: text.bytes) : []
        case .address: return text.digitCount >= 1 && text.upperCount >= 2 ? PIIScanner.streetAddresses(in: text) : []
        case .secret: return PIIScanner.secrets(in: text)
        case .handle: return text.hasAt ? PIIScanner.handles(in: text.bytes) : []
        }
    }
}
