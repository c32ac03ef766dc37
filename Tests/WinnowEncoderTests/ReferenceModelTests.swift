import Foundation
import Testing
import WinnowEncoder
import WinnowLinalg

/// The MiniLM forward pass against sentence-transformers' outputs (needs the installed model).
@Suite("MiniLM against the reference", .serialized)
struct ReferenceModelTests {
    /// Every case embedded in batches of 8 (sorted by length inside `embed`, returned in input order).
    static let embeddings: Result<[[Float]], any Error> = Result {
        try RealModel.require().embed(Fixtures.minilm.cases.map(\.text), batchSize: 8)
    }

    @Test("embeddings match sentence-transformers", arguments: Fixtures.minilm.cases.indices)
    func embedding(index: Int) throws {
        let reference = Fixtures.minilm.cases[index]
        let vector = try Self.embeddings.get()[index]
        let (cosine, difference) = compare(vector, reference.embedding)
        #expect(cosine >= 0.99999, "text: \(reference.text.debugDescription)")
        #expect(difference <= 1e-4, "text: \(reference.text.debugDescription)")
    }

    @Test func aTextAloneEmbedsAsInABatch() throws {
        let encoder = try RealModel.require()
        for index in [0, 9, 12] {
            let alone = try #require(try encoder.embed([Fixtures.minilm.cases[index].text]).first)
            #expect(compare(alone, try Self.embeddings.get()[index]).maxDifference <= 1e-6)
        }
    }

    @Test func hiddenStatesOfEveryLayer() throws {
        let encoder = try RealModel.require()
        let reference = Fixtures.minilm.hidden_states_case
        #expect(encoder.tokenizer.encode(reference.text) == reference.input_ids)
        let states = encoder.hiddenStates(for: reference.text)
        try #require(states.count == reference.hidden_states.count)
        for (layer, (actual, expected)) in zip(states, reference.hidden_states).enumerated() {
            let (_, difference) = compare(actual.elements, Matrix(stacking: expected).elements)
            #expect(difference <= 1e-4, "hidden states after layer \(layer) differ by \(difference)")
        }
    }
}
