import WinnowLinalg

/// Confident learning (Northcutt, Jiang & Chuang 2021) over out-of-fold class probabilities.
///
/// 1. Per-class thresholds: the average probability of class `j` over the rows labelled `j` (the class's
///    average self-confidence).
/// 2. The confident joint: each row whose probability reaches the threshold of at least one class is counted at
///    (given label, the most probable of those classes).
/// 3. Calibration: each row of the joint is scaled to the number of examples with that given label, then the
///    whole to the number of examples, and rounded keeping the row totals. Its off-diagonal total is the
///    estimated number of wrong labels.
/// 4. Selection, one of:
///    - ``Selection/lowestSelfConfidence`` (the default): the estimated number of rows with the lowest
///      self-confidence (probability of the given label) are issues. One global ranking, so the estimate is
///      spent where the model doubts most, instead of being rounded cell by cell.
///    - ``Selection/pruneByNoiseRate``: cleanlab's `find_label_issues(filter_by="prune_by_noise_rate")`: for
///      every given label `k` and other class `j`, the joint's count `C[k][j]` of the rows labelled `k` with the
///      largest margin `p(j) − p(k)`. With many classes most cells hold a fraction of an example, and the rounding
///      decides; kept for comparison.
/// 5. A row whose most probable class is its given label is never an issue.
public enum ConfidentLearning {
    /// How issues are picked once the number of wrong labels is estimated.
    public enum Selection: String, Sendable, CaseIterable {
        /// The estimated number of rows with the lowest self-confidence.
        case lowestSelfConfidence = "self-confidence"
        /// cleanlab's `prune_by_noise_rate`.
        case pruneByNoiseRate = "prune-by-noise-rate"
    }

    /// One suspected wrong label.
    public struct Issue: Sendable, Equatable {
        /// The row.
        public var row: Int
        /// Its given label (class index).
        public var givenLabel: Int
        /// The most probable other class.
        public var suggestedLabel: Int
        /// The model's probability of the given label (the self-confidence; issues are ranked by it, lowest first).
        public var selfConfidence: Double
        /// The model's probability of the suggested label.
        public var suggestedProbability: Double
    }

    /// What confident learning found.
    public struct Result: Sendable {
        /// The issues, lowest self-confidence first.
        public var issues: [Issue]
        /// Per-class thresholds.
        public var thresholds: [Double]
        /// The calibrated confident joint `[given][true]`.
        public var joint: [[Int]]
        /// The off-diagonal total of the calibrated joint: the estimated number of wrong labels.
        public var estimatedIssues: Int
    }

    /// Runs confident learning on `probabilities` (`[rows, classes]`) and given labels. Rows with
    /// `eligible[row] == false` are never selected (they still count in the estimate).
    public static func findIssues(
        probabilities: Matrix, labels: [Int], selection: Selection = .lowestSelfConfidence, eligible: [Bool]? = nil
    ) -> Result {
        let classCount = probabilities.columns
        let rows = probabilities.rows
        precondition(labels.count == rows, "one label per row")
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }

        // 1. Thresholds.
        var sums = [Double](repeating: 0, count: classCount)
        for row in 0..<rows { sums[labels[row]] += Double(probabilities[row, labels[row]]) }
        let thresholds = (0..<classCount).map { counts[$0] > 0 ? max(sums[$0] / Double(counts[$0]), 2e-16) : 2 }

        // 2. Confident joint.
        var joint = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)
        probabilities.withUnsafeBufferPointer { values in
            for row in 0..<rows {
                var confident = 0
                var firstConfident = -1
                var best = 0
                for column in 0..<classCount {
                    let value = Double(values[row * classCount + column])
                    if value >= thresholds[column] - 1e-6 {
                        confident += 1
                        if firstConfident < 0 { firstConfident = column }
                    }
                    if values[row * classCount + column] > values[row * classCount + best] { best = column }
                }
                guard confident > 0 else { continue }
                joint[labels[row]][confident > 1 ? best : firstConfident] += 1
            }
        }
        for label in 0..<classCount { joint[label][label] = max(joint[label][label], 1) }

        // 3. Calibration.
        for label in 0..<classCount {
            let total = joint[label].reduce(0, +)
            let scale = Double(counts[label]) / max(total, 1e-100)
            joint[label] = joint[label].map { $0 * scale }
        }
        let grand = joint.joined().reduce(0, +)
        let calibrated = joint.map { row in roundPreservingSum(row.map { $0 / max(grand, 1e-100) * Double(rows) }) }
        let pruneCounts = keepingAtLeastOnePerClass(calibrated)

        let estimated = (0..<classCount).reduce(0) { total, given in
            total + pruneCounts[given].reduce(0, +) - pruneCounts[given][given]
        }

        // 4. Selection.
        var isIssue = [Bool](repeating: false, count: rows)
        switch selection {
        case .lowestSelfConfidence:
            let ranked = (0..<rows).filter { row in
                (eligible?[row] ?? true) && !agreesWithGivenLabel(probabilities, row: row, given: labels[row])
            }.sorted { a, b in
                let (confidenceA, confidenceB) = (probabilities[a, labels[a]], probabilities[b, labels[b]])
                return confidenceA < confidenceB || (confidenceA == confidenceB && a < b)
            }
            for row in ranked.prefix(estimated) { isIssue[row] = true }
        case .pruneByNoiseRate:
            var rowsOfLabel = [[Int]](repeating: [], count: classCount)
            for (row, label) in labels.enumerated() { rowsOfLabel[label].append(row) }
            for given in 0..<classCount where rowsOfLabel[given].count > 1 {
                let members = rowsOfLabel[given]
                for other in 0..<classCount where other != given && pruneCounts[given][other] > 0 {
                    let ranked = members.sorted { a, b in
                        let marginA = probabilities[a, other] - probabilities[a, given]
                        let marginB = probabilities[b, other] - probabilities[b, given]
                        return marginA > marginB || (marginA == marginB && a < b)
                    }
                    for row in ranked.prefix(pruneCounts[given][other]) where eligible?[row] ?? true {
                        isIssue[row] = true
                    }
                }
            }
        }

        // 5. Never a row the model agrees with; rank by self-confidence.
        var issues: [Issue] = []
        for row in 0..<rows where isIssue[row] {
            let given = labels[row]
            var best = -1
            for column in 0..<classCount where column != given {
                if best < 0 || probabilities[row, column] > probabilities[row, best] { best = column }
            }
            let selfConfidence = Double(probabilities[row, given])
            guard best >= 0, !agreesWithGivenLabel(probabilities, row: row, given: given) else { continue }
            issues.append(
                Issue(
                    row: row, givenLabel: given, suggestedLabel: best, selfConfidence: selfConfidence,
                    suggestedProbability: Double(probabilities[row, best])))
        }
        issues.sort {
            $0.selfConfidence < $1.selfConfidence || ($0.selfConfidence == $1.selfConfidence && $0.row < $1.row)
        }
        return Result(issues: issues, thresholds: thresholds, joint: pruneCounts, estimatedIssues: estimated)
    }

    /// Whether the given label is the most probable class (within 1e-6, as cleanlab's `_reduce_issues`).
    static func agreesWithGivenLabel(_ probabilities: Matrix, row: Int, given: Int) -> Bool {
        let own = probabilities[row, given] + 1e-6
        for column in 0..<probabilities.columns where column != given && probabilities[row, column] > own {
            return false
        }
        return true
    }

    /// Rounds to integers keeping the (rounded) total: the entries with the largest rounding loss go up first.
    static func roundPreservingSum(_ values: [Double]) -> [Int] {
        var integers = values.map { $0.rounded() }
        let target = values.reduce(0, +).rounded()
        var total = integers.reduce(0, +).rounded()
        while abs(total - target) > 1e-6 {
            let difference = (target - total).rounded()
            let increment: Double = difference < 0 ? -1 : 1
            let changes = min(Int(abs(difference)), values.count)
            let order = values.indices.sorted { a, b in
                let lossA = values[a] - integers[a]
                let lossB = values[b] - integers[b]
                return increment > 0 ? lossA > lossB : lossA < lossB
            }
            for index in order.prefix(changes) { integers[index] += increment }
            total = integers.reduce(0, +).rounded()
        }
        return integers.map { Int($0) }
    }

    /// Makes every diagonal entry at least 1 by taking the difference evenly from the non-zero noise counts of
    /// that given label (cleanlab's `_keep_at_least_n_per_class` with n = 1, which subtracts per given label), then
    /// rounds keeping row totals.
    static func keepingAtLeastOnePerClass(_ joint: [[Int]]) -> [[Int]] {
        let classCount = joint.count
        guard joint.indices.contains(where: { joint[$0][$0] < 1 }) else { return joint }
        var result = joint.map { $0.map(Double.init) }
        for given in 0..<classCount where joint[given][given] < 1 {
            let missing = 1 - Double(joint[given][given])
            let noisy = (0..<classCount).filter { $0 != given && joint[given][$0] > 0 }
            guard !noisy.isEmpty else { continue }
            for truth in noisy { result[given][truth] = max(0, result[given][truth] - missing / Double(noisy.count)) }
            result[given][given] = 1
        }
        return result.map(roundPreservingSum)
    }
}
