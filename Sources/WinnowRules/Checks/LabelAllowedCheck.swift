import WinnowCore

/// `label_allowed`: the field (normally the label) must be one of the allowed labels. A value that is not suggests
/// the nearest allowed label: the same after folding case, spaces and separators ("billing " → "Billing"), else
/// within a small edit distance ("Shiping" → "Shipping").
///
/// A rule without a list of its own (no `labels`, no `labels_file`) uses the project's list (`winnow init
/// --labels FILE`); without one it does not run. Messages name where the list came from.
struct LabelAllowedCheck: RuleCheck {
    let allowed: Set<String>
    /// Where the list came from (a file name, or "the rule's labels"), for messages.
    let origin: String
    private let folded: [(folded: [UInt8], label: String)]

    init(labels: [String], origin: String) {
        allowed = Set(labels)
        self.origin = origin
        folded = labels.map { (LabelAllowedCheck.fold($0), $0) }
    }

    /// Waiting for the project's list.
    var needsProjectLabels: Bool { allowed.isEmpty }

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        let value = text.text
        guard !allowed.isEmpty, !allowed.contains(value), !text.bytes.allSatisfy(ASCII.isSpace) else { return [] }
        var evidence: JSONObject = .evidence(["label": .string(value), "labels_from": .string(origin)])
        var message = "\"\(value)\" is not in the label list (\(origin))"
        if let suggestion = suggestion(for: value) {
            evidence["suggestion"] = .string(suggestion)
            message += "; did you mean \"\(suggestion)\"?"
        }
        return [Hit(range: nil, message: message, evidence: evidence)]
    }

    /// The allowed label `value` most likely meant, if one is close enough.
    func suggestion(for value: String) -> String? {
        let key = LabelAllowedCheck.fold(value)
        if let exact = folded.first(where: { $0.folded == key }) { return exact.label }
        let limit = max(1, key.count / 4)
        var best: (distance: Int, label: String)?
        for candidate in folded {
            guard abs(candidate.folded.count - key.count) <= limit else { continue }
            let distance = LabelAllowedCheck.editDistance(key, candidate.folded)
            if distance <= limit, distance < (best?.distance ?? .max) { best = (distance, candidate.label) }
        }
        return best?.label
    }

    /// Lower-case, trimmed, with runs of spaces, `_`, `-` and `/` folded to one `_`.
    static func fold(_ label: String) -> [UInt8] {
        var output: [UInt8] = []
        var pendingSeparator = false
        for byte in label.lowercased().utf8 {
            if ASCII.isSpace(byte) || byte == ASCII.underscore || byte == ASCII.minus || byte == ASCII.slash {
                pendingSeparator = !output.isEmpty
                continue
            }
            if pendingSeparator { output.append(ASCII.underscore) }
            pendingSeparator = false
            output.append(byte)
        }
        return output
    }

    /// Levenshtein distance over bytes.
    static func editDistance(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        if lhs.isEmpty { return rhs.count }
        var previous = Array(0...rhs.count)
        var current = previous
        for (row, left) in lhs.enumerated() {
            current[0] = row + 1
            for (column, right) in rhs.enumerated() {
                let substitution = previous[column] + (left == right ? 0 : 1)
                current[column + 1] = min(previous[column + 1] + 1, current[column] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[rhs.count]
    }
}
