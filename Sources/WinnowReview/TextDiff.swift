/// A run of text in a comparison of two texts.
public struct DiffSegment: Sendable, Equatable {
    /// How the run relates the two texts.
    public enum Kind: String, Sendable {
        /// In both.
        case same
        /// Only in the first (old) text.
        case removed
        /// Only in the second (new) text.
        case inserted
    }

    /// How the run relates the two texts.
    public var kind: Kind
    /// The run's text, whitespace included.
    public var text: String

    /// A run.
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// Word-level differences between two texts (the standard library's Myers difference over words and whitespace
/// runs), for showing a near-duplicate beside the example it resembles.
public enum TextDiff {
    /// Texts longer than this many tokens are compared as wholes (the difference grows with length times edits).
    public static let tokenLimit = 4000

    /// The segments that turn `old` into `new`: same, removed and inserted runs in reading order. Joining the same
    /// and removed runs gives `old`; the same and inserted runs give `new`.
    public static func words(from old: String, to new: String) -> [DiffSegment] {
        let oldTokens = tokens(old)
        let newTokens = tokens(new)
        guard oldTokens.count <= tokenLimit, newTokens.count <= tokenLimit else {
            if old == new { return old.isEmpty ? [] : [DiffSegment(.same, old)] }
            return [DiffSegment(.removed, old), DiffSegment(.inserted, new)].filter { !$0.text.isEmpty }
        }
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in newTokens.difference(from: oldTokens) {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var segments: [DiffSegment] = []
        func append(_ kind: DiffSegment.Kind, _ text: Substring) {
            if let last = segments.last, last.kind == kind {
                segments[segments.count - 1].text += text
            } else {
                segments.append(DiffSegment(kind, String(text)))
            }
        }
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < oldTokens.count || newIndex < newTokens.count {
            if oldIndex < oldTokens.count, removed.contains(oldIndex) {
                append(.removed, oldTokens[oldIndex])
                oldIndex += 1
            } else if newIndex < newTokens.count, inserted.contains(newIndex) {
                append(.inserted, newTokens[newIndex])
                newIndex += 1
            } else {
                append(.same, newTokens[newIndex])
                oldIndex += 1
                newIndex += 1
            }
        }
        return segments
    }

    /// Runs of non-whitespace and runs of whitespace, in order.
    static func tokens(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var inSpace: Bool?
        for index in text.indices {
            let space = text[index].isWhitespace
            if let current = inSpace, current != space {
                result.append(text[start..<index])
                start = index
            }
            inSpace = space
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }
}
