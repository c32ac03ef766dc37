import WinnowCore
import WinnowLinalg

/// A linear classifier over the mean-pooled sentence vector: `logits = scale · x Wᵀ + b`, where `x` is the pooled
/// vector itself or, when ``normalizesInput`` is set, the pooled vector scaled to unit length.
public struct ClassificationHead: Sendable, Equatable {
    /// `[classes, hidden]`.
    public var weight: Matrix
    /// `[classes]`.
    public var bias: [Float]
    /// Whether the pooled vector is scaled to unit length before the product.
    public var normalizesInput: Bool
    /// The fixed factor applied to `x Wᵀ` (1 for a plain head; a larger value lets a head over unit vectors
    /// reach confident probabilities).
    public var logitScale: Float

    /// A head from its parts.
    public init(weight: Matrix, bias: [Float], normalizesInput: Bool, logitScale: Float = 1) {
        precondition(bias.count == weight.rows, "bias of \(bias.count) for \(weight.rows) classes")
        self.weight = weight
        self.bias = bias
        self.normalizesInput = normalizesInput
        self.logitScale = logitScale
    }

    /// A fresh head initialised as PyTorch's `nn.Linear` (weight and bias uniform in `±1/√hidden`).
    public init(classes: Int, hidden: Int, normalizesInput: Bool, logitScale: Float = 1, seed: UInt64) {
        var generator = SeededRandom(seed: seed)
        let bound = 1 / Float(hidden).squareRoot()
        let weight = Matrix(
            rows: classes, columns: hidden,
            elements: (0..<classes * hidden).map { _ in Float.random(in: -bound..<bound, using: &generator) })
        let bias = (0..<classes).map { _ in Float.random(in: -bound..<bound, using: &generator) }
        self.init(weight: weight, bias: bias, normalizesInput: normalizesInput, logitScale: logitScale)
    }

    /// Number of classes.
    public var classCount: Int { weight.rows }

    /// Width of the pooled vector.
    public var inputSize: Int { weight.columns }

    /// The head's input for `pooled` (`[batch, hidden]`): the pooled vectors, normalised when the head says so.
    public func inputs(_ pooled: Matrix) -> Matrix {
        var result = pooled
        if normalizesInput { result.normalizeRows() }
        return result
    }

    /// `[batch, classes]` logits for `pooled` vectors (`[batch, hidden]`, before any normalisation).
    public func logits(_ pooled: Matrix) -> Matrix {
        logits(ofInputs: inputs(pooled))
    }

    /// Logits for vectors already prepared by ``inputs(_:)``.
    func logits(ofInputs inputs: Matrix) -> Matrix {
        var result = Matrix(rows: inputs.rows, columns: classCount)
        result.multiply(inputs, by: weight, .transposed, alpha: logitScale, then: .addBias(bias))
        return result
    }

    /// `[batch, classes]` class probabilities (softmax of the logits).
    public func probabilities(_ pooled: Matrix) -> Matrix {
        var result = logits(pooled)
        result.softmaxRows()
        return result
    }
}
