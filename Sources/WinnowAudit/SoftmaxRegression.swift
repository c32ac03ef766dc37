import Foundation
import WinnowLinalg

/// Multinomial logistic (softmax) regression with L2 regularisation, trained full-batch with L-BFGS.
///
/// The objective is the mean cross-entropy plus `regularization / 2 · ‖W‖²` (the biases are not penalised):
/// strictly convex, so L-BFGS reaches the same minimum from any start. Features are standardised first (each
/// column centred and scaled to unit variance on the training rows), which puts every embedding dimension on
/// the same footing and makes one regularisation strength fit data sets of any scale.
public struct SoftmaxRegression: Sendable {
    /// `[features, classes]` weights on standardised features.
    public let weights: Matrix
    /// Per-class biases.
    public let biases: [Float]
    /// Column means of the training features.
    public let means: [Float]
    /// Column scales (inverse standard deviations) of the training features.
    public let inverseScales: [Float]
    /// Optimiser iterations used.
    public let iterations: Int

    /// Trains on `features` (`[rows, dimension]`) and class indices `labels` (one per row, `0..<classCount`),
    /// starting from `start` (``parameters`` of a model of the same shape, e.g. one trained on overlapping data;
    /// zeros when nil).
    public init(
        features: Matrix, labels: [Int], classCount: Int, regularization: Double, solver: LBFGS = LBFGS(),
        start: [Float]? = nil
    ) {
        precondition(labels.count == features.rows, "one label per row")
        precondition(labels.allSatisfy { (0..<classCount).contains($0) }, "labels must be class indices")
        let (means, inverseScales) = Self.standardization(of: features)
        let x = Self.standardize(features, means: means, inverseScales: inverseScales)
        let dimension = features.columns
        let weightCount = dimension * classCount
        var objective = Objective(features: x, labels: labels, classCount: classCount, regularization: regularization)
        let initial = start.flatMap { $0.count == weightCount + classCount ? $0 : nil }
        let outcome = solver.minimize(from: initial ?? [Float](repeating: 0, count: weightCount + classCount)) {
            parameters, gradient in
            objective.evaluate(parameters, gradient: &gradient)
        }
        weights = Matrix(rows: dimension, columns: classCount, elements: Array(outcome.point[0..<weightCount]))
        biases = Array(outcome.point[weightCount...])
        self.means = means
        self.inverseScales = inverseScales
        iterations = outcome.iterations
    }

    /// Weights then biases, as one vector (what `start` takes).
    public var parameters: [Float] { weights.elements + biases }

    /// Class probabilities for each row of `features`: `[rows, classes]`, rows summing to 1.
    public func probabilities(_ features: Matrix) -> Matrix {
        let x = Self.standardize(features, means: means, inverseScales: inverseScales)
        var result = Matrix(rows: features.rows, columns: weights.columns)
        result.multiply(x, by: weights, then: .addBias(biases))
        result.softmaxRows()
        return result
    }

    static func standardization(of features: Matrix) -> (means: [Float], inverseScales: [Float]) {
        let (rows, columns) = (features.rows, features.columns)
        var sums = [Double](repeating: 0, count: columns)
        var squares = [Double](repeating: 0, count: columns)
        features.withUnsafeBufferPointer { values in
            for row in 0..<rows {
                for column in 0..<columns {
                    let value = Double(values[row * columns + column])
                    sums[column] += value
                    squares[column] += value * value
                }
            }
        }
        let count = Double(max(rows, 1))
        let means = sums.map { Float($0 / count) }
        let inverseScales = (0..<columns).map { column -> Float in
            let variance = squares[column] / count - (sums[column] / count) * (sums[column] / count)
            return variance > 1e-12 ? Float(1 / variance.squareRoot()) : 1
        }
        return (means, inverseScales)
    }

    static func standardize(_ features: Matrix, means: [Float], inverseScales: [Float]) -> Matrix {
        var result = features
        let columns = features.columns
        result.withUnsafeMutableBufferPointer { values in
            for row in 0..<features.rows {
                for column in 0..<columns {
                    let index = row * columns + column
                    values[index] = (values[index] - means[column]) * inverseScales[column]
                }
            }
        }
        return result
    }
}

extension SoftmaxRegression {
    /// The training objective: mean cross-entropy of softmax(X·W + b) plus `regularization / 2 · ‖W‖²`, and its
    /// gradient. Parameters are `W` (`[features, classes]`, row-major) followed by `b`.
    struct Objective {
        let features: Matrix
        let labels: [Int]
        let classCount: Int
        let regularization: Double
        private var logits: Matrix
        private var gradientWeights: Matrix

        init(features: Matrix, labels: [Int], classCount: Int, regularization: Double) {
            self.features = features
            self.labels = labels
            self.classCount = classCount
            self.regularization = regularization
            logits = Matrix(rows: features.rows, columns: classCount)
            gradientWeights = Matrix(rows: features.columns, columns: classCount)
        }

        /// The objective at `parameters`; writes its gradient into `gradient`.
        mutating func evaluate(_ parameters: [Float], gradient: inout [Float]) -> Double {
            let (rows, dimension) = (features.rows, features.columns)
            let weightCount = dimension * classCount
            let weights = Matrix(rows: dimension, columns: classCount, elements: Array(parameters[0..<weightCount]))
            let biases = Array(parameters[weightCount...])
            logits.multiply(features, by: weights, then: .addBias(biases))
            logits.softmaxRows()
            // logits now holds probabilities; turn them into (P − Y) / n and take the loss on the way.
            var loss: Double = 0
            let scale = 1 / Float(rows)
            let labels = labels
            let classCount = classCount
            logits.withUnsafeMutableBufferPointer { probabilities in
                for row in 0..<rows {
                    let index = row * classCount + labels[row]
                    loss -= Double(log(max(probabilities[index], 1e-30)))
                    probabilities[index] -= 1
                }
                for index in 0..<probabilities.count { probabilities[index] *= scale }
            }
            loss /= Double(max(rows, 1))
            gradientWeights.multiply(features, .transposed, by: logits)
            var penalty: Double = 0
            let lambda = Float(regularization)
            gradientWeights.withUnsafeBufferPointer { computed in
                for index in 0..<weightCount {
                    let weight = parameters[index]
                    penalty += Double(weight * weight)
                    gradient[index] = computed[index] + lambda * weight
                }
            }
            for column in 0..<classCount { gradient[weightCount + column] = 0 }
            logits.withUnsafeBufferPointer { residuals in
                for row in 0..<rows {
                    for column in 0..<classCount {
                        gradient[weightCount + column] += residuals[row * classCount + column]
                    }
                }
            }
            return loss + 0.5 * regularization * penalty
        }
    }
}
