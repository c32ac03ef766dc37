import WinnowLinalg

/// What ``BertModel/forward(_:recordingLayers:)`` returns: packed hidden states and where each sequence lies.
public struct BertOutput: Sendable {
    /// Last layer's hidden states, `[total tokens, hidden]`, sequences one after another.
    public var hiddenStates: Matrix
    /// Token rows of each input sequence, in input order.
    public var sequences: [Range<Int>]
    /// When recorded: the embedding output, then every layer's output (each `[total tokens, hidden]`).
    public var layers: [Matrix]

    /// Mean of each sequence's token states, optionally scaled to unit length: `[sequences, hidden]`.
    public func meanPooled(normalized: Bool = true) -> Matrix {
        let width = hiddenStates.columns
        var pooled = Matrix(rows: sequences.count, columns: width)
        pooled.withUnsafeMutableBufferPointer { output in
            hiddenStates.withUnsafeBufferPointer { states in
                for (index, range) in sequences.enumerated() where !range.isEmpty {
                    let scale = 1 / Float(range.count)
                    for row in range {
                        for column in 0..<width { output[index * width + column] += states[row * width + column] }
                    }
                    for column in 0..<width { output[index * width + column] *= scale }
                }
            }
        }
        if normalized { pooled.normalizeRows() }
        return pooled
    }
}
