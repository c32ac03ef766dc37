/// Linear warm-up from near zero to the peak rate, then linear decay to zero at the last step (the schedule of
/// Hugging Face's `get_linear_schedule_with_warmup`, shifted by one step so that the first step already learns).
public struct LearningRateSchedule: Sendable, Equatable {
    /// The peak learning rate.
    public var peak: Float
    /// Steps of warm-up.
    public var warmupSteps: Int
    /// Total optimiser steps of the run.
    public var totalSteps: Int

    /// A schedule from its parts.
    public init(peak: Float, warmupSteps: Int, totalSteps: Int) {
        precondition(warmupSteps >= 0 && totalSteps > 0, "steps must be positive")
        self.peak = peak
        self.warmupSteps = min(warmupSteps, totalSteps)
        self.totalSteps = totalSteps
    }

    /// The rate for step `index` (0-based): `peak · (index + 1) / warmup` while warming up, then
    /// `peak · (total − index) / (total − warmup)`.
    public func rate(at index: Int) -> Float {
        if index < warmupSteps { return peak * Float(index + 1) / Float(warmupSteps) }
        let remaining = max(0, totalSteps - index)
        return peak * Float(remaining) / Float(max(1, totalSteps - warmupSteps))
    }
}
