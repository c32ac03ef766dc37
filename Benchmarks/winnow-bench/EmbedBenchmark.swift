import ArgumentParser
import Foundation
import WinnowEncoder
import WinnowLinalg

/// `winnow-bench embed`: sentence-embedding throughput on three workloads, and how close the matrix products
/// come to a plain `sgemm` of the same sizes measured in the same run.
struct EmbedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Measure embedding throughput (texts/s) and achieved GFLOP/s against plain sgemm.")

    @Option(help: "BANKING77 CSV with a `text` column.")
    var csv = "../shared/datasets/banking77/test.csv"

    @Option(help: "Model directory (default: the installed model, $WINNOW_HOME or the cache).")
    var model: String?

    @Option(help: "Threads for OpenBLAS and the kernels.")
    var threads = 2

    @Option(help: "Texts per forward pass.")
    var batchSize = 32

    @Option(help: "Synthetic 60-word tickets to embed.")
    var mediumCount = 512

    @Option(help: "Synthetic 200-word tickets to embed.")
    var longCount = 128

    @Option(help: "Timed runs per workload (the best is reported).")
    var repeats = 2

    @Option(help: "Workloads to run: banking, medium (60 words), long (200 words); all by default.")
    var workload: [String] = ["banking", "medium", "long"]

    @Option(help: "Write the workloads' texts as JSON files into this directory (for other tools to embed).")
    var writeTexts: String?

    func run() throws {
        let directory = try model.map { URL(fileURLWithPath: $0) } ?? ModelStore().locate()
        let encoder = try SentenceEncoder(modelDirectory: directory, threads: threads)
        var workloads: [Workload] = []
        if workload.contains("banking") {
            workloads.append(Workload(key: "banking", name: "BANKING77 test", texts: try Self.readTexts(csv: csv)))
        }
        if workload.contains("medium") {
            let texts = SyntheticTickets.make(count: mediumCount, words: 60, seed: 1)
            workloads.append(Workload(key: "medium", name: "60-word tickets", texts: texts))
        }
        if workload.contains("long") {
            let texts = SyntheticTickets.make(count: longCount, words: 200, seed: 2)
            workloads.append(Workload(key: "long", name: "200-word tickets", texts: texts))
        }
        if let writeTexts { try Self.write(workloads, to: writeTexts) }
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) processors; threads: \(threads)")
        print("OpenBLAS: \(ComputeThreads.blasDescription)")
        print("model: \(directory.path); batch size \(batchSize)")
        print("ceiling: sgemm 1024×1024×1024 at \(format(Self.sgemmRate(m: 1024, k: 1024, n: 1024))) GFLOP/s")
        print("")
        for workload in workloads { try measure(workload, encoder) }
    }

    private func measure(_ workload: Workload, _ encoder: SentenceEncoder) throws {
        let lengths = workload.texts.map { encoder.tokenizer.encode($0).count }
        let flops = encoder.model.matmulFLOPs(sequenceLengths: lengths)
        _ = try encoder.embed(Array(workload.texts.prefix(batchSize)), batchSize: batchSize)
        var best = Double.infinity
        var kept: [[Float]] = []
        var cpu = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = Self.processCPUSeconds()
            kept = try encoder.embed(workload.texts, batchSize: batchSize)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpu = min(cpu, Self.processCPUSeconds() - cpuStart)
        }
        precondition(kept.count == workload.texts.count)
        let meanLength = Double(lengths.reduce(0, +)) / Double(lengths.count)
        let batchTokens = max(1, Int((meanLength * Double(batchSize)).rounded()))
        let config = encoder.model.config
        let reference = Self.projectionRate(
            tokens: batchTokens, hidden: config.hiddenSize, intermediate: config.intermediateSize)
        let achieved = flops / best / 1e9
        print("\(workload.name): \(workload.texts.count) texts, mean \(format(meanLength)) tokens")
        print(
            "  \(format(Double(workload.texts.count) / best)) texts/s (\(format(best)) s wall, "
                + "\(format(cpu)) s CPU on all threads)")
        print("  matmul work \(format(flops / 1e9)) GFLOP -> \(format(achieved)) GFLOP/s achieved")
        print(
            "  plain sgemm, the four projections at \(batchTokens) tokens: \(format(reference)) GFLOP/s "
                + "(encoder reaches \(format(100 * achieved / reference))%)")
    }

    /// GFLOP/s of one `m×k · k×n` product, repeated for about half a second.
    static func sgemmRate(m: Int, k: Int, n: Int) -> Double {
        timedRate(products: [(m, k, n)])
    }

    /// GFLOP/s of the encoder layer's four dense products for `tokens` rows.
    static func projectionRate(tokens: Int, hidden: Int, intermediate: Int) -> Double {
        timedRate(products: [
            (tokens, hidden, 3 * hidden), (tokens, hidden, hidden), (tokens, hidden, intermediate),
            (tokens, intermediate, hidden),
        ])
    }

    private static func timedRate(products: [(m: Int, k: Int, n: Int)]) -> Double {
        let operands = products.map { shape in
            (
                Matrix(rows: shape.m, columns: shape.k, repeating: 0.5),
                Matrix(rows: shape.n, columns: shape.k, repeating: 0.25)
            )
        }
        var outputs = products.map { Matrix(rows: $0.m, columns: $0.n) }
        let flopsPerRound = products.reduce(0.0) { $0 + 2 * Double($1.m) * Double($1.k) * Double($1.n) }
        var rounds = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        while elapsed < 0.5 || rounds < 3 {
            for index in products.indices {
                outputs[index].multiply(operands[index].0, by: operands[index].1, .transposed)
            }
            rounds += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        precondition(outputs.allSatisfy { $0.elements.first.map { $0 > 0 } ?? true })
        return flopsPerRound * Double(rounds) / elapsed / 1e9
    }

    /// CPU time used by the whole process so far (all threads), in seconds.
    static func processCPUSeconds() -> Double {
        // clock() counts the CPU time of every thread of the process, in microseconds on Linux.
        Double(clock()) / Double(CLOCKS_PER_SEC)
    }

    static func readTexts(csv path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read the BANKING77 CSV at \(path) (set it with --csv)")
        }
        let rows = CSVRows.parse(text)
        guard let header = rows.first, let column = header.firstIndex(of: "text") else {
            throw ValidationError("\(path) has no `text` column")
        }
        return rows.dropFirst().compactMap { $0.count > column ? $0[column] : nil }
    }

    static func write(_ workloads: [Workload], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for workload in workloads {
            let data = try JSONEncoder().encode(workload.texts)
            try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(workload.key).json"))
        }
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// A named list of texts to embed.
struct Workload {
    var key: String
    var name: String
    var texts: [String]
}

/// Deterministic support-ticket-like texts of a given word count.
enum SyntheticTickets {
    static let words = """
        my card was charged twice for the same order and I would like a refund as soon as possible please \
        the app keeps crashing when I open the payment screen after the latest update on my phone \
        I transferred money to my account yesterday but it still has not arrived and the status says pending \
        why was my top-up declined I have enough balance and the card is not expired \
        I need to change the address on my account because I moved last month and my new card was sent to \
        the old one can you cancel it and send another exchange rate fee seems wrong for this transaction \
        someone used my card without permission I did not make these purchases please block it immediately
        """.split(separator: " ").map(String.init)

    static func make(count: Int, words length: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0..<count).map { _ in
            var sentence: [String] = []
            for index in 0..<length {
                var word = words[next() % words.count]
                if index % 12 == 11 { word += "." }
                sentence.append(word)
            }
            return sentence.joined(separator: " ")
        }
    }
}

/// A small RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes).
enum CSVRows {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            handle(following, &row, &field, &rows, &quoted)
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else {
                handle(character, &row, &field, &rows, &quoted)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    private static func handle(
        _ character: Character, _ row: inout [String], _ field: inout String, _ rows: inout [[String]],
        _ quoted: inout Bool
    ) {
        switch character {
        case "\"" where field.isEmpty: quoted = true
        case ",":
            row.append(field)
            field = ""
        case "\n", "\r\n":
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        default: field.append(character)
        }
    }
}
