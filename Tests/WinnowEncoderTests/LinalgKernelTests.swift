import Foundation
import Testing
import WinnowCore
import WinnowLinalg

@Suite("Linear-algebra kernels")
struct LinalgKernelTests {
    @Test func erfAndGELUMatchTheLibrary() {
        var worst: Float = 0
        var x: Float = -6
        while x <= 6 {
            let lanes = VectorMath.erf(VectorMath.Lanes(repeating: x))
            worst = max(worst, abs(lanes[0] - Float(Foundation.erf(Double(x)))))
            let gelu = VectorMath.gelu(VectorMath.Lanes(repeating: x))[3]
            let exact = Float(Double(x) * 0.5 * (1 + Foundation.erf(Double(x) / 2.0.squareRoot())))
            worst = max(worst, abs(gelu - exact))
            x += 0.001
        }
        #expect(worst < 1e-6)
    }

    @Test func expMatchesTheLibrary() {
        var worstRelative: Float = 0
        var x: Float = -80
        while x <= 80 {
            let value = VectorMath.exp(VectorMath.Lanes(repeating: x))[5]
            let exact = Foundation.exp(Double(x))
            worstRelative = max(worstRelative, Float(abs(Double(value) - exact) / exact))
            x += 0.01
        }
        #expect(worstRelative < 5e-7)
        #expect(VectorMath.exp(VectorMath.Lanes(repeating: -200))[0] == 0)
        #expect(VectorMath.exp(VectorMath.Lanes(repeating: -Float.infinity))[0] == 0)
    }

    @Test(arguments: [(3, 5, 4), (17, 9, 33), (64, 40, 8)])
    func productsMatchNaiveLoops(m: Int, n: Int, k: Int) {
        var generator = SeededRandom(seed: UInt64(m * 1000 + n))
        let a = TinyModel.randomMatrix(m, k, &generator)
        let b = TinyModel.randomMatrix(n, k, &generator)
        let product = Matrix.product(a, by: b, .transposed)
        let again = Matrix.product(a.transposed(), .transposed, by: b.transposed())
        for row in 0..<m {
            for column in 0..<n {
                let expected = (0..<k).reduce(Float(0)) { $0 + a[row, $1] * b[column, $1] }
                #expect(abs(product[row, column] - expected) < 1e-5)
                #expect(abs(again[row, column] - expected) < 1e-5)
            }
        }
    }

    @Test("epilogues match separate passes", arguments: [(300, 40, 24), (40, 300, 24)])
    func epiloguesMatchSeparatePasses(m: Int, n: Int, k: Int) {
        var generator = SeededRandom(seed: UInt64(m + n))
        let a = TinyModel.randomMatrix(m, k, &generator)
        let b = TinyModel.randomMatrix(n, k, &generator)
        let residual = TinyModel.randomMatrix(m, n, &generator)
        let bias = TinyModel.randomMatrix(1, n, &generator).row(0)
        let gamma = TinyModel.randomMatrix(1, n, &generator).row(0)
        var expected = residual
        expected.multiply(a, by: b, .transposed, beta: 1)
        expected.layerNormalizeRows(addingBias: bias, scale: gamma, shift: bias, epsilon: 1e-6)
        var fused = residual
        fused.multiply(
            a, by: b, .transposed, beta: 1,
            then: .addBiasNormalizing(bias: bias, gamma: gamma, beta: bias, epsilon: 1e-6))
        #expect(zip(fused.elements, expected.elements).allSatisfy { abs($0 - $1) < 1e-5 })
        var gelu = Matrix.product(a, by: b, .transposed)
        gelu.addRowVectorApplyingGELU(bias)
        var fusedGELU = Matrix(rows: m, columns: n)
        fusedGELU.multiply(a, by: b, .transposed, then: .addBiasApplyingGELU(bias))
        #expect(zip(fusedGELU.elements, gelu.elements).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func batchedProductsOverStridedBlocks() {
        var generator = SeededRandom(seed: 99)
        // Four 3×2 blocks side by side in a 3×8 matrix, times four 2×5 blocks stacked in an 8×5 matrix.
        let a = TinyModel.randomMatrix(3, 8, &generator)
        let b = TinyModel.randomMatrix(8, 5, &generator)
        var c = Matrix(rows: 4 * 3, columns: 5)
        c.multiplyBatched(
            count: 4, a, StridedBlocks(rows: 3, columns: 2, leadingDimension: 8, batchStride: 2), .none,
            b, StridedBlocks(rows: 2, columns: 5, batchStride: 10), .none,
            into: StridedBlocks(rows: 3, columns: 5, batchStride: 15))
        for block in 0..<4 {
            for row in 0..<3 {
                for column in 0..<5 {
                    let expected = (0..<2).reduce(Float(0)) {
                        $0 + a[row, block * 2 + $1] * b[block * 2 + $1, column]
                    }
                    #expect(abs(c[block * 3 + row, column] - expected) < 1e-5)
                }
            }
        }
    }

    @Test func rowKernels() {
        var matrix = Matrix(rows: 2, columns: 11, elements: (0..<22).map { Float($0) * 0.37 - 3 })
        let original = matrix
        matrix.softmaxRows()
        for row in 0..<2 {
            let values = original.row(row).map { Foundation.exp(Double($0)) }
            let total = values.reduce(0, +)
            for column in 0..<11 { #expect(abs(Double(matrix[row, column]) - values[column] / total) < 1e-6) }
        }
        var normalised = original
        let gamma = (0..<11).map { 1 + Float($0) * 0.1 }
        let beta = (0..<11).map { Float($0) * -0.05 }
        let bias = (0..<11).map { Float($0) * 0.2 }
        normalised.layerNormalizeRows(addingBias: bias, scale: gamma, shift: beta, epsilon: 1e-5)
        for row in 0..<2 {
            let values = zip(original.row(row), bias).map { Double($0 + $1) }
            let mean = values.reduce(0, +) / 11
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 11
            for column in 0..<11 {
                let expected =
                    (values[column] - mean) / (variance + 1e-5).squareRoot() * Double(gamma[column])
                    + Double(beta[column])
                #expect(abs(Double(normalised[row, column]) - expected) < 1e-5)
            }
        }
        var unit = original
        unit.normalizeRows()
        #expect(abs(unit.row(1).reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
    }
}
