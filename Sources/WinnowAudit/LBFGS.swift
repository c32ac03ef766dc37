/// Limited-memory BFGS for smooth unconstrained minimisation (Nocedal & Wright, algorithm 7.4 and 7.5), with a
/// backtracking line search on the Armijo condition that also requires a positive curvature pair before storing
/// it.
public struct LBFGS: Sendable {
    /// Correction pairs kept.
    public var memory = 10
    /// Iteration limit.
    public var maximumIterations = 200
    /// Stop when the gradient's largest component falls below this.
    public var gradientTolerance: Double = 1e-5
    /// Stop when the relative decrease of the objective over one iteration falls below this.
    public var relativeTolerance: Double = 1e-9

    /// The defaults: memory 10, at most 200 iterations.
    public init() {}

    /// What a minimisation ended with.
    public struct Outcome: Sendable {
        /// The last point.
        public var point: [Float]
        /// The objective there.
        public var value: Double
        /// Iterations done.
        public var iterations: Int
    }

    /// Minimises `objective`, which returns the value at a point and writes the gradient into its second argument.
    public func minimize(
        from start: [Float], _ objective: ([Float], inout [Float]) -> Double
    ) -> Outcome {
        let count = start.count
        var point = start
        var gradient = [Float](repeating: 0, count: count)
        var value = objective(point, &gradient)
        var steps: [[Float]] = []
        var changes: [[Float]] = []
        var curvatures: [Double] = []
        var candidate = [Float](repeating: 0, count: count)
        var candidateGradient = [Float](repeating: 0, count: count)
        var iterations = 0
        while iterations < maximumIterations {
            if Self.largestMagnitude(gradient) < gradientTolerance { break }
            // Two-loop recursion: direction = -H · gradient.
            var direction = gradient.map { -$0 }
            var alphas = [Double](repeating: 0, count: steps.count)
            for index in stride(from: steps.count - 1, through: 0, by: -1) {
                alphas[index] = curvatures[index] * Self.dot(steps[index], direction)
                Self.addScaled(&direction, changes[index], -alphas[index])
            }
            if let lastStep = steps.last, let lastChange = changes.last {
                let scale = Self.dot(lastStep, lastChange) / max(Self.dot(lastChange, lastChange), 1e-30)
                for index in 0..<count { direction[index] *= Float(scale) }
            } else {
                let norm = Self.dot(gradient, gradient).squareRoot()
                if norm > 0 { for index in 0..<count { direction[index] /= Float(norm) } }
            }
            for index in 0..<steps.count {
                let beta = curvatures[index] * Self.dot(changes[index], direction)
                Self.addScaled(&direction, steps[index], alphas[index] - beta)
            }
            var slope = Self.dot(gradient, direction)
            if slope >= 0 {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                steps.removeAll()
                changes.removeAll()
                curvatures.removeAll()
                direction = gradient.map { -$0 }
                slope = -Self.dot(gradient, gradient)
            }
            var stepLength = 1.0
            var newValue = value
            var accepted = false
            for _ in 0..<30 {
                for index in 0..<count { candidate[index] = point[index] + Float(stepLength) * direction[index] }
                newValue = objective(candidate, &candidateGradient)
                if newValue.isFinite && newValue <= value + 1e-4 * stepLength * slope {
                    accepted = true
                    break
                }
                stepLength *= 0.5
            }
            iterations += 1
            guard accepted else { break }
            var step = [Float](repeating: 0, count: count)
            var change = [Float](repeating: 0, count: count)
            for index in 0..<count {
                step[index] = candidate[index] - point[index]
                change[index] = candidateGradient[index] - gradient[index]
            }
            let curvature = Self.dot(step, change)
            if curvature > 1e-12 {
                steps.append(step)
                changes.append(change)
                curvatures.append(1 / curvature)
                if steps.count > memory {
                    steps.removeFirst()
                    changes.removeFirst()
                    curvatures.removeFirst()
                }
            }
            let decrease = value - newValue
            swap(&point, &candidate)
            swap(&gradient, &candidateGradient)
            value = newValue
            if decrease <= relativeTolerance * max(abs(value), 1) { break }
        }
        return Outcome(point: point, value: value, iterations: iterations)
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        var sum: Double = 0
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var partial: Float = 0
                for index in 0..<a.count {
                    partial += a[index] * b[index]
                    if index & 1023 == 1023 {
                        sum += Double(partial)
                        partial = 0
                    }
                }
                sum += Double(partial)
            }
        }
        return sum
    }

    static func addScaled(_ target: inout [Float], _ source: [Float], _ scale: Double) {
        let factor = Float(scale)
        target.withUnsafeMutableBufferPointer { target in
            source.withUnsafeBufferPointer { source in
                for index in 0..<target.count { target[index] += factor * source[index] }
            }
        }
    }

    static func largestMagnitude(_ values: [Float]) -> Double {
        Double(values.reduce(0) { max($0, abs($1)) })
    }
}
