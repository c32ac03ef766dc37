/// Where a training run is, reported after every optimiser step.
public struct TrainingProgress: Sendable, Equatable {
    /// The epoch in progress, from 1.
    public var epoch: Int
    /// Epochs planned.
    public var epochs: Int
    /// Optimiser steps done in this run.
    public var step: Int
    /// Optimiser steps planned.
    public var totalSteps: Int
    /// Mean training loss over this epoch's steps so far.
    public var loss: Float
    /// Training examples processed per second of training so far.
    public var examplesPerSecond: Double
    /// Estimated seconds until the last epoch ends.
    public var secondsLeft: Double
}

/// What one epoch achieved.
public struct EpochRecord: Sendable, Equatable, Codable {
    /// The epoch, from 1.
    public var epoch: Int
    /// Mean training loss over the epoch's steps.
    public var trainingLoss: Float
    /// Share of training examples classified right during the epoch (weights changing as it goes).
    public var trainingAccuracy: Float
    /// Mean cross-entropy on the validation examples after the epoch (`nil` without validation).
    public var validationLoss: Float?
    /// Accuracy on the validation examples after the epoch.
    public var validationAccuracy: Float?
    /// Seconds of training (without validation).
    public var seconds: Double
    /// Training examples per second.
    public var examplesPerSecond: Double
    /// Learning rate at the epoch's last step.
    public var learningRate: Float

    enum CodingKeys: String, CodingKey {
        case epoch
        case trainingLoss = "training_loss"
        case trainingAccuracy = "training_accuracy"
        case validationLoss = "validation_loss"
        case validationAccuracy = "validation_accuracy"
        case seconds
        case examplesPerSecond = "examples_per_second"
        case learningRate = "learning_rate"
    }
}

/// Why a run ended.
public enum TrainingStop: String, Sendable, Equatable, Codable {
    /// Every planned epoch ran.
    case completed
    /// Validation stopped improving for the configured number of epochs.
    case earlyStopping = "early-stopping"
    /// The progress callback asked to stop; the weights of the last completed epoch (or the best one) are kept.
    case interrupted
}
