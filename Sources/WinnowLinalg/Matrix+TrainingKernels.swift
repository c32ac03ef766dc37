/// Row-wise kernels of training: layer normalisation that records what its backward pass needs, the backward
/// passes of layer normalisation and GELU, and element-wise products.
///
/// Like the inference kernels, each is one pass over the rows, eight lanes wide, spread over the workers.
extension Matrix {
    /// Layer normalisation of every row in place, `gamma · x̂ + beta` with `x̂ = (x − mean) / √(variance + epsilon)`,
    /// keeping `x̂` in `normalized` and `1 / √(variance + epsilon)` of each row in `inverseDeviations`.
    ///
    /// `normalized` and `inverseDeviations` are reshaped to fit (their storage is reused).
    public mutating func layerNormalizeRows(
        scale gamma: [Float], shift beta: [Float], epsilon: Float, recordingNormalized normalized: inout Matrix,
        inverseDeviations: inout [Float]
    ) {
        precondition(gamma.count == columns && beta.count == columns, "layer-norm parameters do not fit")
        normalized.reshape(rows: rows, columns: columns)
        inverseDeviations.resizeKeepingStorage(to: rows)
        normalized.withUnsafeMutableBufferPointer { normalizedBuffer in
            inverseDeviations.withUnsafeMutableBufferPointer { deviationBuffer in
                gamma.withUnsafeBufferPointer { gamma in
                    beta.withUnsafeBufferPointer { beta in
                        let xHat = SharedMutablePointer(normalizedBuffer.baseAddress)
                        let inverse = SharedMutablePointer(deviationBuffer.baseAddress)
                        let (gammaBase, betaBase) = (SharedPointer(gamma.baseAddress), SharedPointer(beta.baseAddress))
                        forEachRowBlock { base, rows, width in
                            guard let xHat = xHat.base, let inverse = inverse.base, let gamma = gammaBase.base,
                                let beta = betaBase.base
                            else { return }
                            for row in rows {
                                inverse[row] = RowKernels.layerNormRecording(
                                    base + row * width, xHat + row * width, width, gamma, beta, epsilon)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Turns the gradient with respect to a layer normalisation's output into the gradient with respect to its
    /// input, in place: `rstd · (g − mean(g) − x̂ · mean(g · x̂))` per row, with `g = gradient · gamma`.
    ///
    /// `normalized` and `inverseDeviations` are what ``layerNormalizeRows(scale:shift:epsilon:recordingNormalized:inverseDeviations:)``
    /// recorded.
    public mutating func layerNormBackward(normalized: Matrix, inverseDeviations: [Float], scale gamma: [Float]) {
        precondition(normalized.rows == rows && normalized.columns == columns, "normalized values do not fit")
        precondition(inverseDeviations.count == rows && gamma.count == columns, "statistics do not fit")
        normalized.withUnsafeBufferPointer { normalizedBuffer in
            inverseDeviations.withUnsafeBufferPointer { deviationBuffer in
                gamma.withUnsafeBufferPointer { gamma in
                    let xHat = SharedPointer(normalizedBuffer.baseAddress)
                    let inverse = SharedPointer(deviationBuffer.baseAddress)
                    let gammaBase = SharedPointer(gamma.baseAddress)
                    forEachRowBlock { base, rows, width in
                        guard let xHat = xHat.base, let inverse = inverse.base, let gamma = gammaBase.base else {
                            return
                        }
                        for row in rows {
                            RowKernels.layerNormBackward(
                                base + row * width, xHat + row * width, width, gamma, inverse[row])
                        }
                    }
                }
            }
        }
    }

    /// Sets every element to GELU (exact erf form) of the same element of `input` (same shape after a reshape).
    public mutating func setGELU(of input: Matrix) {
        reshape(rows: input.rows, columns: input.columns)
        combineRows(with: input) { _, value in VectorMath.gelu(value) }
    }

    /// Multiplies every element by GELU's derivative at the same element of `input` (the pre-activation).
    public mutating func multiplyByGELUDerivative(of input: Matrix) {
        combineRows(with: input) { gradient, value in gradient * VectorMath.geluDerivative(value) }
    }

    /// Multiplies every element by the same element of `other`.
    public mutating func multiplyElements(by other: Matrix) {
        combineRows(with: other) { value, factor in value * factor }
    }

    /// Adds `other`'s elements to this matrix's, after multiplying them by `factors`' (all three of one shape).
    public mutating func add(_ other: Matrix, multipliedBy factors: Matrix) {
        precondition(other.rows == rows && other.columns == columns, "shapes differ")
        var product = other
        product.multiplyElements(by: factors)
        combineRows(with: product) { value, addend in value + addend }
    }

    /// `self[i] = transform(self[i], other[i])` for every element, eight at a time, over row blocks in parallel.
    private mutating func combineRows(
        with other: Matrix, _ transform: @escaping @Sendable (VectorMath.Lanes, VectorMath.Lanes) -> VectorMath.Lanes
    ) {
        precondition(other.rows == rows && other.columns == columns, "shapes differ: \(other.rows)×\(other.columns)")
        other.withUnsafeBufferPointer { otherBuffer in
            let source = SharedPointer(otherBuffer.baseAddress)
            forEachRowBlock { base, rows, width in
                guard let source = source.base else { return }
                for row in rows {
                    RowKernels.map(base + row * width, source + row * width, width, transform)
                }
            }
        }
    }
}

extension RowKernels {
    /// Layer normalisation of one row in place (no bias), writing `x̂` to `normalized`; returns the inverse
    /// deviation.
    @inline(__always)
    static func layerNormRecording(
        _ x: UnsafeMutablePointer<Float>, _ normalized: UnsafeMutablePointer<Float>, _ count: Int,
        _ gamma: UnsafePointer<Float>, _ beta: UnsafePointer<Float>, _ epsilon: Float
    ) -> Float {
        var sum: Float = 0
        var sums = Lanes(repeating: 0)
        var index = 0
        while index + 8 <= count {
            sums += VectorMath.load(x + index)
            index += 8
        }
        sum = sums.sum()
        while index < count {
            sum += x[index]
            index += 1
        }
        let mean = sum / Float(count)
        var squares: Float = 0
        for column in 0..<count { squares += (x[column] - mean) * (x[column] - mean) }
        let inverse = 1 / (squares / Float(count) + epsilon).squareRoot()
        for column in 0..<count {
            let value = (x[column] - mean) * inverse
            normalized[column] = value
            x[column] = value * gamma[column] + beta[column]
        }
        return inverse
    }

    /// The backward pass of layer normalisation over one row, in place.
    @inline(__always)
    static func layerNormBackward(
        _ gradient: UnsafeMutablePointer<Float>, _ normalized: UnsafePointer<Float>, _ count: Int,
        _ gamma: UnsafePointer<Float>, _ inverse: Float
    ) {
        var sum: Float = 0
        var weighted: Float = 0
        for column in 0..<count {
            let scaled = gradient[column] * gamma[column]
            gradient[column] = scaled
            sum += scaled
            weighted += scaled * normalized[column]
        }
        let mean = sum / Float(count)
        let weightedMean = weighted / Float(count)
        for column in 0..<count {
            gradient[column] = inverse * (gradient[column] - mean - normalized[column] * weightedMean)
        }
    }
}

extension Array where Element == Float {
    /// Gives the array `count` elements, keeping its storage; new elements are zero, old ones keep their values.
    mutating func resizeKeepingStorage(to count: Int) {
        if count <= self.count {
            removeLast(self.count - count)
        } else {
            append(contentsOf: repeatElement(0, count: count - self.count))
        }
    }
}
