/// A word-level difference between two texts (Myers' algorithm over whitespace-separated words).
///
/// Words compare exactly (case and punctuation count), so a re-cased or re-punctuated copy shows where it differs.
public enum WordDiff {
    /// What a segment is.
    public enum Kind: String, Sendable, Equatable {
        /// In both texts.
        case equal
        /// Only in the first (left) text.
        case removed
        /// Only in the second (right) text.
        case added
    }

    /// A run of consecutive words of one kind, joined by single spaces.
    public struct Segment: Sendable, Equatable {
        /// Its kind.
        public var kind: Kind
        /// Its words.
        public var text: String

        /// A segment.
        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// The segments that turn `old` into `new`, in order; equal runs are shared, and at a change the removed words
    /// come before the added ones.
    public static func segments(from old: String, to new: String) -> [Segment] {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        var kinds: [(Kind, String)] = []
        for operation in operations(a, b) { kinds.append(operation) }
        var segments: [Segment] = []
        var pendingRemoved: [String] = []
        var pendingAdded: [String] = []
        func flushChanges() {
            if !pendingRemoved.isEmpty { segments.append(Segment(.removed, pendingRemoved.joined(separator: " "))) }
            if !pendingAdded.isEmpty { segments.append(Segment(.added, pendingAdded.joined(separator: " "))) }
            pendingRemoved = []
            pendingAdded = []
        }
        for (kind, word) in kinds {
            switch kind {
            case .removed: pendingRemoved.append(word)
            case .added: pendingAdded.append(word)
            case .equal:
                flushChanges()
                if let last = segments.last, last.kind == .equal {
                    segments[segments.count - 1].text += " " + word
                } else {
                    segments.append(Segment(.equal, word))
                }
            }
        }
        flushChanges()
        return segments
    }

    /// Word operations of a shortest edit script (Myers, O((N + M) · D)).
    static func operations(_ a: [String], _ b: [String]) -> [(Kind, String)] {
        let n = a.count
        let m = b.count
        let maximum = n + m
        guard maximum > 0 else { return [] }
        var frontier = [Int](repeating: 0, count: 2 * maximum + 2)
        var trace: [[Int]] = []
        var finalDepth = 0
        search: for depth in 0...maximum {
            trace.append(frontier)
            for diagonal in stride(from: -depth, through: depth, by: 2) {
                let index = diagonal + maximum
                var x: Int
                if diagonal == -depth || (diagonal != depth && frontier[index - 1] < frontier[index + 1]) {
                    x = frontier[index + 1]
                } else {
                    x = frontier[index - 1] + 1
                }
                var y = x - diagonal
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[index] = x
                if x >= n && y >= m {
                    finalDepth = depth
                    break search
                }
            }
        }
        // Walk back through the saved frontiers.
        var result: [(Kind, String)] = []
        var x = n
        var y = m
        for depth in stride(from: finalDepth, to: 0, by: -1) {
            let previous = trace[depth]
            let diagonal = x - y
            let index = diagonal + maximum
            let previousDiagonal =
                (diagonal == -depth || (diagonal != depth && previous[index - 1] < previous[index + 1]))
                ? diagonal + 1 : diagonal - 1
            let previousX = previous[previousDiagonal + maximum]
            let previousY = previousX - previousDiagonal
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
                result.append((.equal, a[x]))
            }
            if previousDiagonal == diagonal + 1 {
                y -= 1
                result.append((.added, b[y]))
            } else {
                x -= 1
                result.append((.removed, a[x]))
            }
        }
        while x > 0 && y > 0 {
            x -= 1
            y -= 1
            result.append((.equal, a[x]))
        }
        return result.reversed()
    }
}
