import WinnowCore
import WinnowLinalg

/// Out-of-fold class probabilities: each row's probabilities come from a model that never saw it.
public enum CrossValidation {
    /// Stratified folds: each class's rows are shuffled with `seed` and dealt round-robin, so every fold holds about
    /// the same share of every class. Returns the fold of each row.
    public static func stratifiedFolds(labels: [Int], classCount: Int, folds: Int, seed: UInt64) -> [Int] {
        precondition(folds > 1, "at least two folds")
        var random = SeededRandom(seed: seed)
        var byClass = [[Int]](repeating: [], count: classCount)
        for (row, label) in labels.enumerated() { byClass[label].append(row) }
        var fold = [Int](repeating: 0, count: labels.count)
        var next = 0
        for var rows in byClass {
            rows.shuffle(using: &random)
            for row in rows {
                fold[row] = next % folds
                next += 1
            }
        }
        return fold
    }

    /// Out-of-fold probabilities `[rows, classes]` from softmax regressions trained on the other folds, and the
    /// optimiser iterations of each fold.
    ///
    /// Each fold's model starts from the previous fold's solution: the training sets share all but two folds, so
    /// the optimum moves little and L-BFGS needs a fraction of the iterations. `progress` is called after each
    /// fold with (folds done, folds).
    public static func outOfFoldProbabilities(
        features: Matrix, labels: [Int], classCount: Int, folds: Int, regularization: Double, seed: UInt64,
        solver: LBFGS = LBFGS(), progress: ((Int, Int) -> Void)? = nil
    ) -> (probabilities: Matrix, iterations: [Int]) {
        let assignment = stratifiedFolds(labels: labels, classCount: classCount, folds: folds, seed: seed)
        var result = Matrix(rows: features.rows, columns: classCount)
        var iterations: [Int] = []
        var previous: [Float]?
        for fold in 0..<folds {
            let training = assignment.indices.filter { assignment[$0] != fold }
            let held = assignment.indices.filter { assignment[$0] == fold }
            guard !held.isEmpty else { continue }
            let model = SoftmaxRegression(
                features: features.rows(at: training), labels: training.map { labels[$0] },
                classCount: classCount, regularization: regularization, solver: solver, start: previous)
            previous = model.parameters
            iterations.append(model.iterations)
            let probabilities = model.probabilities(features.rows(at: held))
            for (index, row) in held.enumerated() {
                for column in 0..<classCount { result[row, column] = probabilities[index, column] }
            }
            progress?(fold + 1, folds)
        }
        return (result, iterations)
    }
}
