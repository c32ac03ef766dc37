/// Row-wise work that follows a matrix product, applied to each block of rows as soon as the block is computed
/// (while it is still in cache, and without another pass or another hand-off to the workers).
///
/// The transformer layers need three: bias, bias + GELU, and bias + layer normalisation.
public enum RowEpilogue: Sendable {
    /// Nothing.
    case none
    /// `x + bias` per row.
    case addBias([Float])
    /// `GELU(x + bias)` per row, GELU in the exact erf form.
    case addBiasApplyingGELU([Float])
    /// `gamma · (x + bias − mean) / √(variance + epsilon) + beta` per row.
    case addBiasNormalizing(bias: [Float], gamma: [Float], beta: [Float], epsilon: Float)
    /// `x · GELU′(pre)` per row, `pre` being the same rows of the given matrix (the backward pass of GELU).
    case multiplyByGELUDerivative(of: Matrix)

    /// Whether this is ``none``.
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// Checks that the vectors fit rows of `width` elements.
    func validate(width: Int) {
        switch self {
        case .none: break
        case .addBias(let bias), .addBiasApplyingGELU(let bias):
            precondition(bias.count == width, "bias of \(bias.count) for \(width) columns")
        case .addBiasNormalizing(let bias, let gamma, let beta, _):
            precondition(
                bias.count == width && gamma.count == width && beta.count == width, "layer-norm parameters do not fit")
        case .multiplyByGELUDerivative(let input):
            precondition(input.columns == width, "pre-activations of width \(input.columns) for \(width) columns")
        }
    }

    /// Applies the epilogue to `rows` of the row-major matrix at `base` whose rows are `width` apart.
    func apply(_ base: UnsafeMutablePointer<Float>, rows: Range<Int>, width: Int) {
        switch self {
        case .none:
            break
        case .addBias(let bias):
            bias.withUnsafeBufferPointer { bias in
                for row in rows {
                    RowKernels.map(base + row * width, bias.baseAddress, width) { value, bias in value + bias }
                }
            }
        case .addBiasApplyingGELU(let bias):
            bias.withUnsafeBufferPointer { bias in
                for row in rows {
                    RowKernels.map(base + row * width, bias.baseAddress, width) { value, bias in
                        VectorMath.gelu(value + bias)
                    }
                }
            }
        case .addBiasNormalizing(let bias, let gamma, let beta, let epsilon):
            bias.withUnsafeBufferPointer { bias in
                gamma.withUnsafeBufferPointer { gamma in
                    beta.withUnsafeBufferPointer { beta in
                        for row in rows {
                            RowKernels.layerNorm(
                                base + row * width, width, bias.baseAddress, gamma.baseAddress, beta.baseAddress,
                                epsilon)
                        }
                    }
                }
            }
        case .multiplyByGELUDerivative(let input):
            precondition(rows.upperBound <= input.rows, "pre-activations have \(input.rows) rows")
            input.withUnsafeBufferPointer { input in
                guard let source = input.baseAddress else { return }
                for row in rows {
                    RowKernels.map(base + row * width, source + row * width, width) { gradient, value in
                        gradient * VectorMath.geluDerivative(value)
                    }
                }
            }
        }
    }
}
