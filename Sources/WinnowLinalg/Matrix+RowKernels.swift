/// Row-wise kernels used by the transformer layers: bias, GELU, layer normalisation, softmax, L2 normalisation.
///
/// Each kernel is one pass over the rows (a row of 384 or 1536 floats stays in L1 between the passes of
/// layer normalisation), vectorised eight lanes wide and spread over ``ComputeThreads/count`` workers when the
/// matrix is large enough to pay for the hand-off.
extension Matrix {
    /// Adds `bias` (length ``columns``) to every row.
    public mutating func addRowVector(_ bias: [Float]) {
        apply(.addBias(bias))
    }

    /// Adds `bias` to every row and applies GELU (exact erf form) in the same pass.
    public mutating func addRowVectorApplyingGELU(_ bias: [Float]) {
        apply(.addBiasApplyingGELU(bias))
    }

    /// Layer normalisation of every row: `gamma · (x + bias − mean) / √(variance + epsilon) + beta`.
    ///
    /// `bias`, when given, is added first (the bias of the dense layer whose output is normalised).
    public mutating func layerNormalizeRows(
        addingBias bias: [Float]? = nil, scale gamma: [Float], shift beta: [Float], epsilon: Float
    ) {
        let addend = bias ?? [Float](repeating: 0, count: columns)
        apply(.addBiasNormalizing(bias: addend, gamma: gamma, beta: beta, epsilon: epsilon))
    }

    /// Applies `epilogue` to every row.
    public mutating func apply(_ epilogue: RowEpilogue) {
        if case .none = epilogue { return }
        epilogue.validate(width: columns)
        forEachRowBlock { base, rows, width in epilogue.apply(base, rows: rows, width: width) }
    }

    /// Replaces every row by its softmax.
    public mutating func softmaxRows() {
        forEachRowBlock { base, rows, width in
            for row in rows { RowKernels.softmax(base + row * width, width) }
        }
    }

    /// Scales every row to unit Euclidean length (rows of zeros stay zero).
    public mutating func normalizeRows() {
        forEachRowBlock { base, rows, width in
            for row in rows {
                let pointer = base + row * width
                var sum: Float = 0
                for index in 0..<width { sum += pointer[index] * pointer[index] }
                let scale = sum > 0 ? 1 / sum.squareRoot() : 0
                for index in 0..<width { pointer[index] *= scale }
            }
        }
    }

    /// Calls `body` on disjoint row ranges in parallel; `body` gets the base address, its rows and the row width.
    mutating func forEachRowBlock(
        _ only: Range<Int>? = nil,
        _ body: @Sendable (_ base: UnsafeMutablePointer<Float>, _ rows: Range<Int>, _ width: Int) -> Void
    ) {
        let selected = only ?? 0..<rows
        let width = columns
        guard !selected.isEmpty, width > 0 else { return }
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let shared = SharedMutablePointer(base)
            Parallel.forEachRange(selected.count, minimumPerChunk: max(1, 65_536 / width)) { range in
                if let base = shared.base {
                    body(base, selected.lowerBound + range.lowerBound..<selected.lowerBound + range.upperBound, width)
                }
            }
        }
    }
}

/// The per-row loops behind the ``Matrix`` kernels, on raw memory.
enum RowKernels {
    typealias Lanes = VectorMath.Lanes

    /// `x[i] = transform(x[i], y[i])` for `count` elements, eight at a time with a padded tail.
    @inline(__always)
    static func map(
        _ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>?, _ count: Int,
        _ transform: (Lanes, Lanes) -> Lanes
    ) {
        guard let y else { return }
        var index = 0
        while index + 8 <= count {
            VectorMath.store(transform(VectorMath.load(x + index), VectorMath.load(y + index)), x + index)
            index += 8
        }
        if index < count {
            var xs = Lanes(repeating: 0)
            var ys = Lanes(repeating: 0)
            for lane in 0..<(count - index) {
                xs[lane] = x[index + lane]
                ys[lane] = y[index + lane]
            }
            let result = transform(xs, ys)
            for lane in 0..<(count - index) { x[index + lane] = result[lane] }
        }
    }

    /// In-place layer normalisation of one row after adding `bias`.
    @inline(__always)
    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, _ count: Int, _ bias: UnsafePointer<Float>?,
        _ gamma: UnsafePointer<Float>?, _ beta: UnsafePointer<Float>?, _ epsilon: Float
    ) {
        guard let gamma, let beta else { return }
        map(x, bias, count) { value, bias in value + bias }
        var sums = Lanes(repeating: 0)
        var index = 0
        while index + 8 <= count {
            sums += VectorMath.load(x + index)
            index += 8
        }
        var sum = sums.sum()
        while index < count {
            sum += x[index]
            index += 1
        }
        let mean = sum / Float(count)
        let means = Lanes(repeating: mean)
        var squares = Lanes(repeating: 0)
        index = 0
        while index + 8 <= count {
            let deviation = VectorMath.load(x + index) - means
            squares += deviation * deviation
            index += 8
        }
        var squareSum = squares.sum()
        while index < count {
            squareSum += (x[index] - mean) * (x[index] - mean)
            index += 1
        }
        let inverse = 1 / (squareSum / Float(count) + epsilon).squareRoot()
        let inverses = Lanes(repeating: inverse)
        index = 0
        while index + 8 <= count {
            let normalised = (VectorMath.load(x + index) - means) * inverses
            VectorMath.store(normalised * VectorMath.load(gamma + index) + VectorMath.load(beta + index), x + index)
            index += 8
        }
        while index < count {
            x[index] = (x[index] - mean) * inverse * gamma[index] + beta[index]
            index += 1
        }
    }

    /// In-place softmax of one row.
    @inline(__always)
    static func softmax(_ x: UnsafeMutablePointer<Float>, _ count: Int) {
        guard count > 0 else { return }
        let scale = Lanes(repeating: 1 / exponentiateShifted(x, count))
        var index = 0
        while index + 8 <= count {
            VectorMath.store(VectorMath.load(x + index) * scale, x + index)
            index += 8
        }
        while index < count {
            x[index] *= scale[0]
            index += 1
        }
    }

    /// Replaces `x` by `e^(x - max x)` in place and returns the sum: softmax without the final division, which
    /// attention applies to its (narrower) output rows instead.
    @inline(__always)
    static func exponentiateShifted(_ x: UnsafeMutablePointer<Float>, _ count: Int) -> Float {
        var maxima = Lanes(repeating: -Float.infinity)
        var index = 0
        while index + 8 <= count {
            maxima = VectorMath.maximum(maxima, VectorMath.load(x + index))
            index += 8
        }
        var maximum = maxima.max()
        while index < count {
            maximum = Swift.max(maximum, x[index])
            index += 1
        }
        maxima = Lanes(repeating: maximum)
        var sums = Lanes(repeating: 0)
        index = 0
        while index + 8 <= count {
            let value = VectorMath.exponentialOfNonPositive(VectorMath.load(x + index) - maxima)
            sums += value
            VectorMath.store(value, x + index)
            index += 8
        }
        var sum = sums.sum()
        if index < count {
            var tail = Lanes(repeating: 0)
            for lane in 0..<(count - index) { tail[lane] = x[index + lane] - maximum }
            let values = VectorMath.exponentialOfNonPositive(tail)
            for lane in 0..<(count - index) {
                x[index + lane] = values[lane]
                sum += values[lane]
            }
        }
        return sum
    }
}
