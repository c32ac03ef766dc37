import WinnowLinalg

/// The AdamW optimiser (Loshchilov & Hutter): Adam with weight decay applied to the weights directly
/// (decoupled), as PyTorch's `torch.optim.AdamW` computes it.
///
/// Per step `t` and element: `p ← p − lr · wd · p`, `m ← β₁ m + (1 − β₁) g`, `v ← β₂ v + (1 − β₂) g²`,
/// `p ← p − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)`.
public struct AdamW: Sendable {
    /// Decay of the first moment.
    public var beta1: Float
    /// Decay of the second moment.
    public var beta2: Float
    /// Added to the root of the second moment.
    public var epsilon: Float
    /// Steps taken.
    public private(set) var step = 0
    private var firstMoments: [[Float]] = []
    private var secondMoments: [[Float]] = []

    /// An optimiser with PyTorch's defaults.
    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Starts a step: call once before the ``update(_:gradient:slot:learningRate:weightDecay:gradientScale:)``
    /// calls of that step.
    public mutating func beginStep() {
        step += 1
    }

    /// Updates `parameter` from `gradient` (times `gradientScale`, for clipping); `slot` names the parameter's
    /// moment buffers (0, 1, 2, … in a fixed order).
    public mutating func update(
        _ parameter: inout Matrix, gradient: Matrix, slot: Int, learningRate: Float, weightDecay: Float,
        gradientScale: Float = 1
    ) {
        precondition(step > 0, "beginStep() must come first")
        precondition(parameter.rows == gradient.rows && parameter.columns == gradient.columns, "gradient shape differs")
        let count = parameter.elements.count
        while firstMoments.count <= slot {
            firstMoments.append([])
            secondMoments.append([])
        }
        if firstMoments[slot].count != count {
            firstMoments[slot] = [Float](repeating: 0, count: count)
            secondMoments[slot] = [Float](repeating: 0, count: count)
        }
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        let correction1 = 1 - Float(Double(beta1).power(step))
        let correction2 = 1 - Float(Double(beta2).power(step))
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        let decay = 1 - learningRate * weightDecay
        parameter.withUnsafeMutableBufferPointer { values in
            gradient.withUnsafeBufferPointer { gradients in
                firstMoments[slot].withUnsafeMutableBufferPointer { first in
                    secondMoments[slot].withUnsafeMutableBufferPointer { second in
                        for index in 0..<count {
                            let g = gradients[index] * gradientScale
                            let m = beta1 * first[index] + (1 - beta1) * g
                            let v = beta2 * second[index] + (1 - beta2) * g * g
                            first[index] = m
                            second[index] = v
                            values[index] =
                                values[index] * decay - stepSize * m / (v.squareRoot() / rootCorrection2 + epsilon)
                        }
                    }
                }
            }
        }
    }
}

extension Double {
    /// `self` to the integer power `exponent` (by repeated squaring).
    func power(_ exponent: Int) -> Double {
        var result = 1.0
        var base = self
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result *= base }
            base *= base
            remaining >>= 1
        }
        return result
    }
}
