import Foundation

/// A proportion with a confidence interval.
public struct ProportionInterval: Sendable, Equatable, Codable {
    /// The estimate.
    public var estimate: Double
    /// Lower confidence limit.
    public var lower: Double
    /// Upper confidence limit.
    public var upper: Double

    /// An interval from its parts.
    public init(estimate: Double, lower: Double, upper: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }

    /// The normal quantile for a two-sided 95% interval.
    public static let z95 = 1.959_963_984_540_054

    /// The Wilson score interval of `successes` out of `trials` (Wilson 1927):
    /// `(p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n)`. With no trials, the estimate is 0 and the interval
    /// is [0, 1].
    public static func wilson(successes: Int, trials: Int, z: Double = z95) -> ProportionInterval {
        precondition(successes >= 0 && successes <= trials, "successes must be in 0...trials")
        guard trials > 0 else { return ProportionInterval(estimate: 0, lower: 0, upper: 1) }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let centre = p + z2 / (2 * n)
        let spread = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        let denominator = 1 + z2 / n
        return ProportionInterval(
            estimate: p, lower: max(0, (centre - spread) / denominator), upper: min(1, (centre + spread) / denominator))
    }

    /// The change from "before" to "after" in the share of successes on the same cases (paired data), with
    /// Newcombe's hybrid score interval for a difference of paired proportions (Newcombe 1998, "Improved
    /// confidence intervals for the difference between binomial proportions based on paired data", method 10).
    ///
    /// With `both` cases right before and after, `gained` right only after, `lost` right only before and
    /// `neither` right in neither, `n` their total: `p₁ = (both + gained) / n` (after) and
    /// `p₂ = (both + lost) / n` (before) have Wilson intervals `[l₁, u₁]` and `[l₂, u₂]`; the change is
    /// `d = p₁ − p₂` and its interval is
    ///
    ///     lower = d − √((p₁ − l₁)² − 2φ (p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
    ///     upper = d + √((p₂ − l₂)² − 2φ (p₂ − l₂)(u₁ − p₁) + (u₁ − p₁)²)
    ///
    /// where `φ` estimates the correlation of the two outcomes: with `A = both · neither − gained · lost` and the
    /// four margins' product `M`, `φ = (A − n/2) / √M` when `A > n/2`, `0` when `0 ≤ A ≤ n/2`, `A / √M` when
    /// `A < 0`, and `0` when a margin is empty. (The `n/2` is Newcombe's continuity adjustment of `φ`; this is the
    /// "square-and-add" interval of Fagerland, Lydersen and Laake, *Statistical Analysis of Contingency Tables*,
    /// chapter 8.) The limits are clipped to [−1, 1].
    public static func pairedDifference(
        both: Int, gained: Int, lost: Int, neither: Int, z: Double = z95
    ) -> ProportionInterval {
        precondition(both >= 0 && gained >= 0 && lost >= 0 && neither >= 0, "counts must not be negative")
        let total = both + gained + lost + neither
        guard total > 0 else { return ProportionInterval(estimate: 0, lower: -1, upper: 1) }
        let n = Double(total)
        let after = wilson(successes: both + gained, trials: total, z: z)
        let before = wilson(successes: both + lost, trials: total, z: z)
        let difference = after.estimate - before.estimate
        let margins = [both + gained, lost + neither, both + lost, gained + neither].map(Double.init)
        var phi = 0.0
        if margins.allSatisfy({ $0 > 0 }) {
            let product = margins.reduce(1, *).squareRoot()
            let a = Double(both) * Double(neither) - Double(gained) * Double(lost)
            if a > n / 2 {
                phi = (a - n / 2) / product
            } else if a < 0 {
                phi = a / product
            }
        }
        let (p1, l1, u1) = (after.estimate, after.lower, after.upper)
        let (p2, l2, u2) = (before.estimate, before.lower, before.upper)
        let down = ((p1 - l1) * (p1 - l1) - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) * (u2 - p2))
        let up = ((p2 - l2) * (p2 - l2) - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) * (u1 - p1))
        return ProportionInterval(
            estimate: difference, lower: max(-1, difference - max(0, down).squareRoot()),
            upper: min(1, difference + max(0, up).squareRoot()))
    }
}
