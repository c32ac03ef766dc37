import Testing
import WinnowApp
import WinnowCore

@Suite("Flag context")
struct FlagContextTests {
    @Test("a short span is shown whole with its surroundings")
    func shortSpan() {
        let text = "Call me on 555-123-4567 after five"
        #expect(
            FlagContext.excerpt(text, span: TextSpan(start: 11, end: 23), radius: 5) == "…e on »555-123-4567« afte…")
    }

    @Test("a span far longer than the context shows its start and end only")
    func longSpan() {
        let run = String(repeating: ">", count: 59_000)
        let excerpt = FlagContext.excerpt("see " + run + " end", span: TextSpan(start: 4, end: 59_004), radius: 10)
        #expect(
            excerpt == "see »" + String(repeating: ">", count: 20) + "…" + String(repeating: ">", count: 10) + "« end")
    }
}
