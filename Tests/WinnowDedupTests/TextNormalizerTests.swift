import Testing
import WinnowDedup

@Suite("Normalisation and word diffs")
struct TextNormalizerTests {
    @Test("case, spacing and punctuation are ignored; numbers and placeholders on request")
    func normalise() {
        #expect(TextNormalizer.normalize("Can't   log IN!") == TextNormalizer.normalize("cant log in."))
        #expect(TextNormalizer.normalize("Order #48213, v3.8.0") == "order 48213 v380")
        #expect(TextNormalizer.normalize("Café — déjà vu") == "cafe deja vu")
        let numbers = NormalizationOptions(ignoreNumbers: true)
        #expect(TextNormalizer.normalize("order 48213 on 12/05", options: numbers) == "order 0 on 0")
        let placeholders = NormalizationOptions(ignorePlaceholders: true)
        #expect(
            TextNormalizer.normalize("Mail me at [EMAIL_1].", options: placeholders)
                == TextNormalizer.normalize("mail me at [EMAIL_2]", options: placeholders))
        #expect(TextNormalizer.normalize("[EMAIL_1]") == "email1")
    }

    @Test("word diff: shared words, removed before added at a change")
    func wordDiff() {
        let segments = WordDiff.segments(
            from: "I was charged twice for my order", to: "I was charged two times for order")
        #expect(
            segments == [
                .init(.equal, "I was charged"), .init(.removed, "twice"), .init(.added, "two times"),
                .init(.equal, "for"), .init(.removed, "my"), .init(.equal, "order"),
            ])
        #expect(WordDiff.segments(from: "", to: "new text") == [.init(.added, "new text")])
        #expect(WordDiff.segments(from: "same", to: "same") == [.init(.equal, "same")])
        #expect(WordDiff.segments(from: "", to: "").isEmpty)
    }
}
