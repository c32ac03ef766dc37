import ArgumentParser

/// Benchmarks kept in the repo; each subcommand prints its figures and the machine it ran on.
struct WinnowBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow-bench",
        abstract: "Measure Winnow against the tools users would otherwise pick.",
        subcommands: [
            ImportBenchmark.self, RulesBenchmark.self, EmbedBenchmark.self, TokensBenchmark.self,
            DedupAuditBenchmark.self, DedupSpeedBenchmark.self, CurationBenchmark.self, TrainBenchmark.self,
            AdapterEmbedBenchmark.self, MailBenchmark.self, EmailRepliesBenchmark.self, ConversationBenchmark.self,
            LoopBenchmark.self, GateBenchmark.self,
        ])
}

WinnowBench.main()
