import Foundation
import Testing
import WinnowEncoder

@Suite("WordPiece tokenizer")
struct WordPieceTokenizerTests {
    static let tokenizer: WordPieceTokenizer? = try? WordPieceTokenizer(vocabularyURL: Fixtures.vocabularyURL)

    @Test("matches the reference tokenizer", arguments: Fixtures.minilm.cases.indices)
    func matchesReference(index: Int) throws {
        let tokenizer = try #require(Self.tokenizer)
        let reference = Fixtures.minilm.cases[index]
        let ids = tokenizer.encode(reference.text)
        #expect(ids == reference.input_ids, "text: \(reference.text.debugDescription)")
        #expect(ids.map { tokenizer.pieces[$0] } == reference.tokens)
    }

    @Test func specialTokensAndTruncation() throws {
        let tokenizer = try #require(Self.tokenizer)
        #expect(tokenizer.classifierID == 101 && tokenizer.separatorID == 102 && tokenizer.unknownID == 100)
        #expect(tokenizer.paddingID == 0)
        let long = String(repeating: "refund please ", count: 400)
        let ids = tokenizer.encode(long)
        #expect(ids.count == 256 && ids.first == 101 && ids.last == 102)
        #expect(tokenizer.tokenCount(long) == tokenizer.wordPieceIDs(long).count + 2)
        #expect(tokenizer.tokenCount(long) > 256)
        #expect(tokenizer.tokenCount("") == 2)
    }

    @Test func overlongWordsBecomeUnknown() throws {
        let tokenizer = try #require(Self.tokenizer)
        #expect(tokenizer.encode(String(repeating: "a", count: 101)) == [101, 100, 102])
        #expect(tokenizer.encode(String(repeating: "a", count: 100)).count > 3)
    }

    @Test func normalisation() {
        let words = WordPieceTokenizer.normalizedWords("Ça\u{00A0}va?\u{0000}\u{FFFD} 東京\tX\u{200B}Y")
        #expect(words.map { String(String.UnicodeScalarView($0)) } == ["ca", "va", "?", "東", "京", "xy"])
    }
}
