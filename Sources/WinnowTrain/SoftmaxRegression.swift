import Foundation
import WinnowLinalg

/// Multinomial logistic regression fitted with L-BFGS: the head fitted on frozen embeddings (linear probing, and
/// the frozen baseline of an evaluation).
///
/// Minimises `mean cross-entropy(scale · x Wᵀ + b) + (λ / 2) ‖W‖²` (the bias is not penalised). With
/// `λ = 1 / n` this is scikit-learn's `LogisticRegression(C=1)` objective divided by `n`.
public enum SoftmaxRegression {
    /// Fits a head on `features` (`[examples, width]`, already normalised when the head normalises) with class
    /// indices `labels`, starting from `start` (zeros when `nil`).
    public static func fit(
        features: Matrix, labels: [Int], classes: Int, regularization: Float, normalizesInput: Bool,
        logitScale: Float = 1, maximumIterations: Int = 200, start: ClassificationHead? = nil
    ) -> ClassificationHead {
        precondition(features.rows == labels.count && classes > 0, "one label per row is needed")
        let width = features.columns
        let objective = Objective(
            features: features, labels: labels, classes: classes, regularization: regularization, scale: logitScale)
        var parameters = [Double](repeating: 0, count: classes * (width + 1))
        if let start {
            precondition(start.classCount == classes && start.inputSize == width, "start head does not fit")
            for index in 0..<classes * width { parameters[index] = Double(start.weight.elements[index]) }
            for index in 0..<classes { parameters[classes * width + index] = Double(start.bias[index]) }
        }
        parameters = LBFGS.minimize(from: parameters, maximumIterations: maximumIterations) {
            objective.evaluate($0)
        }
        let weight = Matrix(rows: classes, columns: width, elements: parameters[0..<classes * width].map { Float($0) })
        let bias = parameters.suffix(classes).map { Float($0) }
        return ClassificationHead(
            weight: weight, bias: bias, normalizesInput: normalizesInput, logitScale: logitScale)
    }

    /// The objective and its gradient over a flat `[W (classes × width), b (classes)]` vector.
    struct Objective {
        let features: Matrix
        let labels: [Int]
        let classes: Int
        let regularization: Float
        let scale: Float

        func evaluate(_ parameters: [Double]) -> (value: Double, gradient: [Double]) {
            let width = features.columns
            let count = features.rows
            let weight = Matrix(
                rows: classes, columns: width, elements: parameters[0..<classes * width].map { Float($0) })
            let bias = parameters.suffix(classes).map { Float($0) }
            var logits = Matrix(rows: count, columns: classes)
            logits.multiply(features, by: weight, .transposed, alpha: scale, then: .addBias(bias))
            var loss = 0.0
            logits.withUnsafeMutableBufferPointer { values in
                for row in 0..<count {
                    let base = row * classes
                    var top = -Float.infinity
                    for column in 0..<classes { top = max(top, values[base + column]) }
                    var sum = 0.0
                    for column in 0..<classes { sum += exp(Double(values[base + column] - top)) }
                    loss += log(sum) - Double(values[base + labels[row]] - top)
                    for column in 0..<classes {
                        let probability = exp(Double(values[base + column] - top)) / sum
                        values[base + column] = Float(
                            (probability - (column == labels[row] ? 1 : 0)) / Double(count))
                    }
                }
            }
            var weightGradient = Matrix(rows: classes, columns: width)
            weightGradient.multiply(logits, .transposed, by: features, alpha: scale)
            var gradient = [Double](repeating: 0, count: parameters.count)
            var penalty = 0.0
            for index in 0..<classes * width {
                penalty += parameters[index] * parameters[index]
                gradient[index] = Double(weightGradient.elements[index]) + Double(regularization) * parameters[index]
            }
            for row in 0..<count {
                for column in 0..<classes { gradient[classes * width + column] += Double(logits[row, column]) }
            }
            return (loss / Double(max(count, 1)) + 0.5 * Double(regularization) * penalty, gradient)
        }
    }
}

/// Limited-memory BFGS with a backtracking (Armijo) line search, in Double.
enum LBFGS {
    /// Minimises `function` from `start`; stops after `maximumIterations`, when the gradient's largest element
    /// falls below `tolerance`, or when no step decreases the value.
    static func minimize(
        from start: [Double], maximumIterations: Int, history: Int = 10, tolerance: Double = 1e-6,
        _ function: (([Double]) -> (value: Double, gradient: [Double]))
    ) -> [Double] {
        var x = start
        var (value, gradient) = function(x)
        var steps: [[Double]] = []
        var changes: [[Double]] = []
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        for iteration in 0..<maximumIterations {
            guard (gradient.map(abs).max() ?? 0) > tolerance else { break }
            // Two-loop recursion: direction = −H · gradient.
            var q = gradient
            var alphas: [Double] = []
            for (s, y) in zip(steps, changes).reversed() {
                let alpha = dot(s, q) / dot(y, s)
                alphas.append(alpha)
                for index in q.indices { q[index] -= alpha * y[index] }
            }
            if let s = steps.last, let y = changes.last {
                let gamma = dot(s, y) / dot(y, y)
                for index in q.indices { q[index] *= gamma }
            } else {
                let norm = dot(gradient, gradient).squareRoot()
                for index in q.indices { q[index] /= max(norm, 1) }
            }
            for ((s, y), alpha) in zip(zip(steps, changes), alphas.reversed()) {
                let beta = dot(y, q) / dot(y, s)
                for index in q.indices { q[index] += s[index] * (alpha - beta) }
            }
            let direction = q.map { -$0 }
            var slope = dot(gradient, direction)
            var descent = direction
            if slope >= 0 {
                descent = gradient.map { -$0 }
                slope = -dot(gradient, gradient)
                steps.removeAll()
                changes.removeAll()
            }
            var step = 1.0
            var accepted: (x: [Double], value: Double, gradient: [Double])?
            for _ in 0..<30 {
                let candidate = zip(x, descent).map { $0 + step * $1 }
                let (candidateValue, candidateGradient) = function(candidate)
                if candidateValue <= value + 1e-4 * step * slope {
                    accepted = (candidate, candidateValue, candidateGradient)
                    break
                }
                step *= 0.5
            }
            guard let accepted else { break }
            let s = zip(accepted.x, x).map { $0 - $1 }
            let y = zip(accepted.gradient, gradient).map { $0 - $1 }
            if dot(s, y) > 1e-12 {
                steps.append(s)
                changes.append(y)
                if steps.count > history {
                    steps.removeFirst()
                    changes.removeFirst()
                }
            }
            let improvement = value - accepted.value
            (x, value, gradient) = accepted
            if improvement < 1e-10 * max(1, abs(value)), iteration > 0 { break }
        }
        return x
    }
}
