import WinnowLinalg

/// Scratch matrices for ``BertModel/forward(_:recordingLayers:workspace:)``, kept between calls so that a run of
/// batches reuses one set of buffers (sized by the largest batch) instead of allocating them for every batch.
public struct BertWorkspace: Sendable {
    /// `[tokens, 3 · hidden]`: the fused query/key/value projection.
    var queriesKeysValues = Matrix(rows: 0, columns: 0)
    /// `[tokens, hidden]`: the attention context.
    var context = Matrix(rows: 0, columns: 0)
    /// `[tokens, intermediate]`: the feed-forward activations.
    var intermediate = Matrix(rows: 0, columns: 0)

    /// An empty workspace; it grows to the largest batch it serves.
    public init() {}

    /// Moves the matrix at `path` out (leaving an empty one, so the caller owns the only reference), reshaped to
    /// `rows × columns`; its contents are left over from earlier use and must be overwritten.
    mutating func take(_ path: WritableKeyPath<BertWorkspace, Matrix>, rows: Int, columns: Int) -> Matrix {
        var matrix = Matrix(rows: 0, columns: 0)
        swap(&matrix, &self[keyPath: path])
        matrix.reshape(rows: rows, columns: columns)
        return matrix
    }
}
