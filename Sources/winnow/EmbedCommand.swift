import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder

/// `winnow embed`: sentence embeddings for every example (or for given texts).
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed every example that has no current embedding, or embed --text without a store.",
        discussion: """
            Vectors are stored per model; a changed text is embedded again, nothing is embedded twice. Work is
            committed every few hundred texts, so an interrupted run (Ctrl-C) resumes where it stopped.

            On a PostgreSQL store, any number of `winnow embed` processes, on any machines, share the work: each
            claims --chunk-size texts at a time for --lease seconds, and a batch whose worker died is taken over by
            another once its lease ends. Each worker stops when nothing is left.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("text"), help: "Embed this text and print the vector (repeatable); no store is used.")
    var texts: [String] = []

    @Option(help: "Texts per forward pass.")
    var batchSize = 32

    @Option(help: "Compute threads (default: one per core).")
    var threads: Int?

    @Option(help: "Texts claimed and committed at a time.")
    var chunkSize = 512

    @Option(help: "PostgreSQL store: seconds a claimed chunk stays this worker's before others may take it over.")
    var lease: Double = 300

    @Option(help: "PostgreSQL store: this worker's name in the shared queue (default: HOST:PID).")
    var worker: String?

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard chunkSize > 0 else { throw ValidationError("--chunk-size must be positive") }
        guard lease > 0 else { throw ValidationError("--lease must be positive") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let service: EmbeddingService
            do {
                service = try EmbeddingService(threads: threads)
            } catch let error as ModelError {
                throw Failure.input(error.description)
            }
            if !texts.isEmpty {
                let vectors = try service.encoder.embed(texts, batchSize: batchSize)
                let json: JSONValue = [
                    "model": .string(service.modelID),
                    "embeddings": .array(vectors.map { .array($0.map { .number(Double($0)) }) }),
                ]
                global.emit(json) {
                    zip(texts, vectors).map { text, vector in
                        "\(TextTable.clip(text, 40)): ["
                            + vector.prefix(6).map { String(format: "%.4f", $0) }
                            .joined(separator: ", ") + ", …] (\(vector.count) dimensions)"
                    }.joined(separator: "\n")
                }
                return
            }
            let store = try global.openStore()
            let line = ProgressLine(enabled: ProgressLine().isEnabled && !global.json)
            let stop = InterruptFlag()
            let report = try service.embedPending(
                store: store, chunkSize: chunkSize, batchSize: batchSize, worker: worker, lease: lease
            ) { progress in
                line.update(
                    "embed: "
                        + ProgressLine.describe(
                            done: Double(progress.done), total: Double(progress.total), elapsed: progress.elapsed,
                            unit: "texts"))
                return !stop.isRaised
            }
            line.finish()
            global.emit(report.json) {
                var text =
                    "Embedded \(report.embedded) texts with \(report.model) in "
                    + String(
                        format: "%.1f s (%.0f texts/s); %d already up to date.", report.seconds,
                        report.seconds > 0 ? Double(report.embedded) / report.seconds : 0, report.upToDate)
                if let worker = report.worker {
                    text += "\nWorker \(worker): \(report.reclaimed) texts taken over from workers whose lease ended"
                    if report.lost > 0 { text += ", \(report.lost) embedded too late to keep (lease ended)" }
                    text += "."
                }
                if report.interrupted { text += "\nInterrupted: run `winnow embed` again to finish." }
                return text
            }
        }
    }
}

/// Turns Ctrl-C into a flag that long work polls, so it can stop after committing what it has.
final class InterruptFlag: @unchecked Sendable {
    // @unchecked: `raised` is only read and written through atomic-free single-word access from the signal
    // source's queue and the worker; a stale read only delays stopping by one batch.
    private var raised = false
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            if self.raised { exit(130) }
            self.raised = true
            FileHandle.standardError.write(
                Data("\nStopping after the current batch (Ctrl-C again to quit now)…\n".utf8))
        }
        source.resume()
    }

    var isRaised: Bool { raised }
}
