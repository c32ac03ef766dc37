import Foundation
import WinnowLinalg

/// Softmax cross-entropy of a ``ClassificationHead`` over a batch, with the gradients of the mean loss with
/// respect to the head's parameters and to the pooled vectors.
struct HeadLoss {
    /// Mean cross-entropy over the batch.
    var loss: Float
    /// Examples whose highest logit is their label.
    var correct: Int
    /// `[batch, hidden]`: gradient with respect to the pooled vectors (before normalisation).
    var pooledGradient: Matrix
    /// `[classes, hidden]`.
    var weightGradient: Matrix
    /// `[classes]`.
    var biasGradient: [Float]

    /// Computes the loss of `head` on `pooled` (`[batch, hidden]`) with class indices `labels`.
    init(head: ClassificationHead, pooled: Matrix, labels: [Int]) {
        precondition(pooled.rows == labels.count && pooled.columns == head.inputSize, "batch does not fit the head")
        let batch = pooled.rows
        let classes = head.classCount
        let inputs = head.inputs(pooled)
        var gradient = head.logits(ofInputs: inputs)
        var loss: Double = 0
        var correct = 0
        gradient.withUnsafeMutableBufferPointer { values in
            for row in 0..<batch {
                let label = labels[row]
                precondition(label >= 0 && label < classes, "label \(label) outside 0..<\(classes)")
                let logits = UnsafeMutableBufferPointer(rebasing: values[row * classes..<(row + 1) * classes])
                let top = logits.max() ?? 0
                if logits[label] >= top { correct += 1 }
                var sum: Double = 0
                for index in 0..<classes { sum += Foundation.exp(Double(logits[index] - top)) }
                loss += Foundation.log(sum) - Double(logits[label] - top)
                for index in 0..<classes {
                    let probability = Foundation.exp(Double(logits[index] - top)) / sum
                    logits[index] = Float((probability - (index == label ? 1 : 0)) / Double(batch))
                }
            }
        }
        self.loss = Float(loss / Double(max(batch, 1)))
        self.correct = correct
        biasGradient = [Float](repeating: 0, count: classes)
        for row in 0..<batch {
            for index in 0..<classes { biasGradient[index] += gradient[row, index] }
        }
        weightGradient = Matrix(rows: classes, columns: head.inputSize)
        weightGradient.multiply(gradient, .transposed, by: inputs, alpha: head.logitScale)
        var inputGradient = Matrix(rows: batch, columns: head.inputSize)
        inputGradient.multiply(gradient, by: head.weight, alpha: head.logitScale)
        if head.normalizesInput {
            inputGradient = Self.normalizationBackward(inputGradient, pooled: pooled, normalized: inputs)
        }
        pooledGradient = inputGradient
    }

    /// The gradient through `x ↦ x / |x|` per row: `(g − x̂ (x̂ · g)) / |x|`.
    static func normalizationBackward(_ gradient: Matrix, pooled: Matrix, normalized: Matrix) -> Matrix {
        var result = gradient
        let width = gradient.columns
        for row in 0..<gradient.rows {
            var norm: Float = 0
            var dot: Float = 0
            for column in 0..<width {
                norm += pooled[row, column] * pooled[row, column]
                dot += normalized[row, column] * gradient[row, column]
            }
            let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
            for column in 0..<width {
                result[row, column] = (gradient[row, column] - normalized[row, column] * dot) * inverse
            }
        }
        return result
    }
}
