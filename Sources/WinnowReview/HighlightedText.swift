import WinnowCore

/// A text cut at the edges of flagged spans, so that a page or a terminal can mark each flagged run.
public struct HighlightedText: Sendable, Equatable {
    /// One run of the text and the marks (indices into the spans given) that cover it.
    public struct Run: Sendable, Equatable {
        /// The run's text.
        public var text: String
        /// The spans covering the run (empty: not flagged).
        public var marks: [Int]
    }

    /// The runs, in order; joined they give the text.
    public var runs: [Run]

    /// `text` cut at the edges of `spans` (Character offsets; spans outside the text are clipped or dropped).
    /// Overlapping spans give runs carrying several marks.
    public init(_ text: String, spans: [TextSpan]) {
        let characters = Array(text)
        var edges = Set([0, characters.count])
        let clipped = spans.map { span -> Range<Int> in
            let start = max(0, min(span.start, characters.count))
            let end = max(start, min(span.end, characters.count))
            return start..<end
        }
        for range in clipped where !range.isEmpty {
            edges.insert(range.lowerBound)
            edges.insert(range.upperBound)
        }
        let sorted = edges.sorted()
        var runs: [Run] = []
        for (start, end) in zip(sorted, sorted.dropFirst()) where start < end {
            let marks = clipped.indices.filter { clipped[$0].lowerBound <= start && end <= clipped[$0].upperBound }
            let piece = String(characters[start..<end])
            if let last = runs.last, last.marks == marks {
                runs[runs.count - 1].text += piece
            } else {
                runs.append(Run(text: piece, marks: marks))
            }
        }
        self.runs = runs
    }
}
