import WinnowCore

/// Summary statistics of a list of counts, as OpenAI's data-preparation guide prints them.
public struct Distribution: Sendable, Equatable {
    /// Smallest value.
    public var minimum: Double
    /// Largest value.
    public var maximum: Double
    /// Arithmetic mean.
    public var mean: Double
    /// Median (linear interpolation between the middle values).
    public var median: Double
    /// 5th percentile (linear interpolation, as numpy's default).
    public var percentile5: Double
    /// 95th percentile.
    public var percentile95: Double

    /// The statistics of `values`; nil when empty.
    public init?(_ values: [Int]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted().map(Double.init)
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
        mean = sorted.reduce(0, +) / Double(sorted.count)
        median = quantile(0.5)
        percentile5 = quantile(0.05)
        percentile95 = quantile(0.95)
    }

    /// The statistics as JSON (rounded to 0.1).
    public var json: JSONValue {
        func rounded(_ value: Double) -> JSONValue { .number((value * 10).rounded() / 10) }
        return .object(
            JSONObject([
                ("min", rounded(minimum)), ("max", rounded(maximum)), ("mean", rounded(mean)),
                ("median", rounded(median)), ("p5", rounded(percentile5)), ("p95", rounded(percentile95)),
            ]))
    }
}
