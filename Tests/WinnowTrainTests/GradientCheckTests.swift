import Testing
import WinnowCore
import WinnowEncoder
import WinnowLinalg

@testable import WinnowTrain

/// Every layer kind's backward pass against central finite differences of its forward pass, along random
/// directions, in Float32 on a tiny random BERT.
@Suite("Gradients against finite differences")
struct GradientCheckTests {
    @Test func layerNormalization() {
        var generator = SeededRandom(seed: 1)
        let x = TinyBert.matrix(5, 16, 2, &generator)
        let weights = (
            gamma: (0..<16).map { _ in Float.random(in: 0.5...1.5, using: &generator) },
            beta: (0..<16).map { _ in Float.random(in: -0.2...0.2, using: &generator) }
        )
        let upstream = TinyBert.matrix(5, 16, 1, &generator)
        func forward(_ input: Matrix) -> (output: Matrix, normalized: Matrix, deviations: [Float]) {
            var output = input
            var normalized = Matrix(rows: 0, columns: 0)
            var deviations: [Float] = []
            output.layerNormalizeRows(
                scale: weights.gamma, shift: weights.beta, epsilon: 1e-12, recordingNormalized: &normalized,
                inverseDeviations: &deviations)
            return (output, normalized, deviations)
        }
        let recorded = forward(x)
        var expected = x
        expected.layerNormalizeRows(scale: weights.gamma, shift: weights.beta, epsilon: 1e-12)
        #expect(zip(recorded.output.elements, expected.elements).allSatisfy { abs($0 - $1) < 1e-5 })
        var gradient = upstream
        gradient.layerNormBackward(
            normalized: recorded.normalized, inverseDeviations: recorded.deviations, scale: weights.gamma)
        for _ in 0..<3 {
            let direction = randomDirection(like: x, &generator)
            let numeric = centralDifference { dot(forward(adding(x, direction, times: $0)).output, upstream) }
            #expect(agrees(dot(gradient, direction), numeric))
        }
    }

    @Test func gelu() {
        var generator = SeededRandom(seed: 2)
        let x = TinyBert.matrix(4, 24, 3, &generator)
        let upstream = TinyBert.matrix(4, 24, 1, &generator)
        func forward(_ input: Matrix) -> Matrix {
            var output = Matrix(rows: 0, columns: 0)
            output.setGELU(of: input)
            return output
        }
        var gradient = upstream
        gradient.multiplyByGELUDerivative(of: x)
        let direction = randomDirection(like: x, &generator)
        let numeric = centralDifference { dot(forward(adding(x, direction, times: $0)), upstream) }
        #expect(agrees(dot(gradient, direction), numeric))
        // The same derivative as the epilogue of a product (the backward pass uses it so).
        let identity = Matrix(rows: 24, columns: 24, elements: (0..<576).map { $0 % 25 == 0 ? 1 : 0 })
        var fused = Matrix(rows: 4, columns: 24)
        fused.multiply(upstream, by: identity, then: .multiplyByGELUDerivative(of: x))
        #expect(zip(fused.elements, gradient.elements).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func attentionAndSoftmax() {
        var generator = SeededRandom(seed: 3)
        let hidden = 8
        let sequences = [0..<3, 3..<8, 8..<9]
        let qkv = TinyBert.matrix(9, 3 * hidden, 1.5, &generator)
        let upstream = TinyBert.matrix(9, hidden, 1, &generator)
        func forward(_ input: Matrix) -> Matrix {
            var context = Matrix(rows: 9, columns: hidden)
            Attention.selfAttention(qkv: input, sequences: sequences, heads: 2, into: &context)
            return context
        }
        var gradient = Matrix(rows: 9, columns: 3 * hidden)
        Attention.selfAttentionBackward(
            qkv: qkv, contextGradient: upstream, sequences: sequences, heads: 2, into: &gradient)
        for part in 0..<3 {
            // Queries, keys and values separately: each part of the gradient is checked on its own.
            var direction = randomDirection(like: qkv, &generator)
            for row in 0..<9 {
                for column in 0..<3 * hidden where column / hidden != part { direction[row, column] = 0 }
            }
            let numeric = centralDifference { dot(forward(adding(qkv, direction, times: $0)), upstream) }
            #expect(agrees(dot(gradient, direction), numeric), "part \(part)")
        }
    }

    @Test(arguments: [false, true])
    func poolingHeadAndCrossEntropy(normalized: Bool) {
        var generator = SeededRandom(seed: 4)
        let head = ClassificationHead(
            weight: TinyBert.matrix(5, 16, 0.5, &generator),
            bias: (0..<5).map { _ in Float.random(in: -0.5...0.5, using: &generator) }, normalizesInput: normalized,
            logitScale: normalized ? 4 : 1)
        var tape = ForwardTape()
        tape.sequences = [0..<3, 3..<4, 4..<9]
        tape.output = TinyBert.matrix(9, 16, 1, &generator)
        let labels = [2, 0, 4]
        func loss(_ output: Matrix, _ head: ClassificationHead) -> Double {
            var copy = tape
            copy.output = output
            return Double(HeadLoss(head: head, pooled: copy.meanPooled(), labels: labels).loss)
        }
        let result = HeadLoss(head: head, pooled: tape.meanPooled(), labels: labels)
        let outputGradient = tape.unpooled(result.pooledGradient)
        let direction = randomDirection(like: tape.output, &generator)
        let numeric = centralDifference { loss(adding(tape.output, direction, times: $0), head) }
        #expect(agrees(dot(outputGradient, direction), numeric))
        let weightDirection = randomDirection(like: head.weight, &generator)
        let weightNumeric = centralDifference { step in
            var moved = head
            moved.weight = adding(head.weight, weightDirection, times: step)
            return loss(tape.output, moved)
        }
        #expect(agrees(dot(result.weightGradient, weightDirection), weightNumeric))
        let biasNumeric = centralDifference { step in
            var moved = head
            moved.bias[3] += step
            return loss(tape.output, moved)
        }
        #expect(agrees(Double(result.biasGradient[3]), biasNumeric))
    }

    /// The loss of the whole tiny model with `adapter` and a head, on a fixed batch.
    struct Problem {
        let base = TinyBert.model()
        let head: ClassificationHead
        let sequences: [[Int]]
        let labels = [0, 2, 1, 2]

        init(normalized: Bool = false) throws {
            let tokenizer = try TinyBert.tokenizer()
            sequences = ["my card was stolen", "where is my parcel", "reset password please", "i want my money back"]
                .map(tokenizer.encode)
            var generator = SeededRandom(seed: 9)
            head = ClassificationHead(
                weight: TinyBert.matrix(3, 16, 0.6, &generator), bias: [0.1, -0.2, 0.05], normalizesInput: normalized,
                logitScale: normalized ? 5 : 1)
        }

        func loss(_ encoder: TrainableEncoder, seed: UInt64 = 3) -> Double {
            var tape = ForwardTape()
            var generator = SeededRandom(seed: seed)
            encoder.forward(sequences, tape: &tape, generator: &generator)
            return Double(HeadLoss(head: head, pooled: tape.meanPooled(), labels: labels).loss)
        }

        func gradients(_ encoder: TrainableEncoder, seed: UInt64 = 3) -> [LoRAGradient] {
            var tape = ForwardTape()
            var generator = SeededRandom(seed: seed)
            encoder.forward(sequences, tape: &tape, generator: &generator)
            let result = HeadLoss(head: head, pooled: tape.meanPooled(), labels: labels)
            var gradients = encoder.makeGradients()
            var workspace = BackwardWorkspace()
            encoder.backward(
                tape, outputGradient: tape.unpooled(result.pooledGradient), into: &gradients, workspace: &workspace)
            return gradients
        }

        /// Checks `A` and `B` of every module along random directions.
        func check(_ configuration: LoRAConfiguration, seed: UInt64 = 3) {
            let encoder = TrainableEncoder(base: base, adapter: TinyBert.randomAdapter(configuration))
            let gradients = gradients(encoder, seed: seed)
            var generator = SeededRandom(seed: 21)
            for (slot, key) in encoder.keys.enumerated() {
                for part in ["A", "B"] {
                    let parameter = part == "A" ? encoder.modules[slot].a : encoder.modules[slot].b
                    let direction = randomDirection(like: parameter, &generator)
                    let numeric = centralDifference { step in
                        var moved = encoder
                        if part == "A" {
                            moved.modules[slot].a = adding(parameter, direction, times: step)
                        } else {
                            moved.modules[slot].b = adding(parameter, direction, times: step)
                        }
                        moved.refreshMergedWeights()
                        return loss(moved, seed: seed)
                    }
                    let gradient = part == "A" ? gradients[slot].a : gradients[slot].b
                    let analytic = dot(gradient, direction)
                    #expect(agrees(analytic, numeric), "\(key) \(part): analytic \(analytic), numeric \(numeric)")
                }
            }
        }
    }

    @Test(arguments: LoRATarget.allCases)
    func everyLoRATarget(target: LoRATarget) throws {
        try Problem().check(LoRAConfiguration(rank: 3, alpha: 6, targets: [target]))
    }

    @Test func allTargetsTogetherWithANormalisedHead() throws {
        try Problem(normalized: true).check(LoRAConfiguration(rank: 2, alpha: 8))
    }

    @Test func upperLayerOnlyStopsTheBackwardPassThere() throws {
        try Problem().check(LoRAConfiguration(rank: 2, alpha: 4, targets: [.query, .output], layers: [1]))
    }

    @Test func withDropoutTheBranchRunsBesideTheBaseWeights() throws {
        try Problem().check(LoRAConfiguration(rank: 2, alpha: 4, dropout: 0.3), seed: 17)
    }
}
