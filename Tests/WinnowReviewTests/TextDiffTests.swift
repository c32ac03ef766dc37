import Testing
import WinnowCore

@testable import WinnowReview

@Suite("Word differences and highlighted spans")
struct TextDiffTests {
    static let pairs: [(String, String)] = [
        ("I was charged twice for my order", "I was billed twice for my last order"),
        ("", "something new"),
        ("all gone", ""),
        ("same text\nover two lines", "same text\nover two lines"),
        ("Cant log in, pasword reset link expired", "Can't log in: the password reset link has expired"),
    ]

    @Test("the same and removed runs give the old text, the same and inserted runs the new", arguments: pairs)
    func reconstructs(old: String, new: String) {
        let segments = TextDiff.words(from: old, to: new)
        #expect(segments.filter { $0.kind != .inserted }.map(\.text).joined() == old)
        #expect(segments.filter { $0.kind != .removed }.map(\.text).joined() == new)
        for (left, right) in zip(segments, segments.dropFirst()) {
            #expect(left.kind != right.kind || left.kind == .same)
        }
    }

    @Test("changed words are marked, shared words are not")
    func marksChangedWords() {
        let segments = TextDiff.words(from: "I was charged twice", to: "I was billed twice")
        #expect(segments.filter { $0.kind == .removed }.map(\.text) == ["charged"])
        #expect(segments.filter { $0.kind == .inserted }.map(\.text) == ["billed"])
        #expect(segments.first == DiffSegment(.same, "I was "))
        #expect(TextDiff.words(from: "same", to: "same") == [DiffSegment(.same, "same")])
    }

    @Test("overlapping spans cut the text at every edge and carry both marks")
    func highlights() {
        let text = "call me at 555-0100 or mail a@b.c"
        let cut = HighlightedText(
            text, spans: [TextSpan(start: 11, end: 19), TextSpan(start: 16, end: 33), TextSpan(start: 40, end: 50)])
        #expect(cut.runs.map(\.text).joined() == text)
        #expect(cut.runs.map(\.marks) == [[], [0], [0, 1], [1]])
        #expect(cut.runs[1].text == "555-0")
        #expect(HighlightedText("plain", spans: []).runs == [HighlightedText.Run(text: "plain", marks: [])])
    }
}
