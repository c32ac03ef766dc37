import ArgumentParser
import Foundation
import WinnowCore

/// `winnow-bench import`: 1,000,000 synthetic tickets imported as JSONL and as CSV by the `winnow` binary, next to
/// `sqlite3`'s own `.import` of the same CSV. Prints rows/s, the child's CPU time (user + system, which a busy
/// machine disturbs less than wall time) and peak memory (max RSS of the child process).
struct ImportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import throughput and peak memory against sqlite3 .import.")

    @Option(help: "Number of synthetic tickets.")
    var rows = 1_000_000

    @Option(help: "The winnow executable to measure (build it with `swift build -c release`).")
    var winnow = ".build/release/winnow"

    @Option(help: "Directory for the generated files and stores (default: a new temporary directory).")
    var workDirectory: String?

    @Option(
        help: """
            Also import the JSONL into a new database `winnow_bench` on this PostgreSQL server \
            (postgresql://USER@HOST:PORT/DATABASE, a database to connect to), next to psql's \\copy of the CSV.
            """)
    var postgres: String?

    func run() throws {
        let directory = URL(
            fileURLWithPath: workDirectory ?? NSTemporaryDirectory() + "winnow-import-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let jsonl = directory.appendingPathComponent("tickets.jsonl")
        let csv = directory.appendingPathComponent("tickets.csv")
        print("Generating \(rows) tickets in \(directory.path) ...")
        try ImportTicketFiles.write(rows: rows, jsonl: jsonl, csv: csv)
        print("Machine: \(MachineDescription.current)")

        var results: [(String, Measurement)] = []
        for (name, file) in [("winnow import (JSONL)", jsonl), ("winnow import (CSV)", csv)] {
            let database = directory.appendingPathComponent("bench-\(file.pathExtension).db").path
            try? FileManager.default.removeItem(atPath: database)
            let measurement = try ChildProcess.measure(winnow, ["import", "--db", database, file.path])
            results.append((name, measurement))
        }
        if let postgres {
            guard let psql = ChildProcess.which("psql") else { throw ValidationError("psql not found") }
            let base = postgres.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
                separator: "/")
            for database in ["winnow_bench", "psql_bench"] {
                _ = try ChildProcess.measure(
                    psql,
                    ["-q", postgres, "-c", "DROP DATABASE IF EXISTS \(database)", "-c", "CREATE DATABASE \(database)"])
            }
            results.append(
                (
                    "winnow import (JSONL) into PostgreSQL",
                    try ChildProcess.measure(winnow, ["import", "--db", base + "/winnow_bench", jsonl.path])
                ))
            _ = try ChildProcess.measure(
                psql,
                [
                    "-q", base + "/psql_bench", "-c",
                    "CREATE TABLE tickets (id text, subject text, body text, category text, response text, priority text)",
                ])
            results.append(
                (
                    "psql \\copy (CSV) into PostgreSQL",
                    try ChildProcess.measure(
                        psql,
                        [
                            "-q", base + "/psql_bench", "-c",
                            "\\copy tickets FROM '\(csv.path)' WITH (FORMAT csv, HEADER)",
                        ])
                ))
        }
        let sqliteDatabase = directory.appendingPathComponent("bench-sqlite3.db").path
        try? FileManager.default.removeItem(atPath: sqliteDatabase)
        if let sqlite = ChildProcess.which("sqlite3") {
            let measurement = try ChildProcess.measure(
                sqlite, [sqliteDatabase, ".mode csv", ".import \(csv.path) tickets"])
            results.append(("sqlite3 .import (CSV)", measurement))
        } else {
            print("sqlite3 not found: install it (apt-get install sqlite3) for the side-by-side figure")
        }
        print("Load average at the end: \(MachineDescription.loadAverages)")
        print("")
        print("| work | rows/s | seconds | CPU seconds (user + sys) | CPU µs per row | peak RSS |")
        print("|---|---:|---:|---:|---:|---:|")
        for (name, measurement) in results {
            let rate = Double(rows) / measurement.seconds
            let cpu = measurement.userSeconds + measurement.systemSeconds
            print(
                String(
                    format: "| %@ | %.0f | %.2f | %.2f (%.2f + %.2f) | %.1f | %.0f MB |", name, rate,
                    measurement.seconds, cpu, measurement.userSeconds, measurement.systemSeconds,
                    cpu * 1e6 / Double(rows), Double(measurement.peakRSSKilobytes) / 1024))
        }
        if let sqlite = results.first(where: { $0.0.hasPrefix("sqlite3") })?.1 {
            for (name, measurement) in results where !name.hasPrefix("sqlite3") {
                print(
                    String(format: "%@: %.2fx the speed of sqlite3 .import", name, sqlite.seconds / measurement.seconds)
                )
            }
        }
    }
}

/// Deterministic synthetic support tickets.
enum ImportTicketFiles {
    static let categories = [
        "Billing", "Shipping", "Account", "Technical", "Returns", "Refunds", "Orders", "Subscriptions", "Security",
        "Feedback",
    ]
    static let problems = [
        "was charged twice for", "has not received", "cannot log in to", "gets an error when opening",
        "wants to cancel", "needs an invoice for", "wants to return", "cannot update the address of",
    ]
    static let things = ["order", "subscription", "account", "parcel", "invoice", "app", "device", "plan"]

    /// Writes the same tickets as JSONL and CSV.
    static func write(rows: Int, jsonl: URL, csv: URL) throws {
        _ = FileManager.default.createFile(atPath: jsonl.path, contents: nil)
        _ = FileManager.default.createFile(atPath: csv.path, contents: nil)
        let jsonlHandle = try FileHandle(forWritingTo: jsonl)
        let csvHandle = try FileHandle(forWritingTo: csv)
        defer {
            try? jsonlHandle.close()
            try? csvHandle.close()
        }
        var jsonText = ""
        var csvText = "ticket_id,subject,body,category,response,priority\n"
        var generator = SeededRandom(seed: 42)
        for index in 0..<rows {
            let category = categories[Int(generator.next() % UInt64(categories.count))]
            let problem = problems[Int(generator.next() % UInt64(problems.count))]
            let thing = things[Int(generator.next() % UInt64(things.count))]
            let number = 100_000 + Int(generator.next() % 900_000)
            let subject = "Problem with \(thing) \(number)"
            let body =
                "Hello, the customer \(problem) the \(thing) number \(number) placed on day \(index % 28 + 1). "
                + "They tried the steps in the help centre twice, but it still does not work, and would like "
                + "an answer today if possible. Ticket reference \(index)."
            let response =
                "Thanks for reaching out about \(thing) \(number). I have looked into it and fixed the problem; "
                + "you should see the change within 24 hours. Reply to this e-mail if anything is still wrong."
            let priority = index % 7 == 0 ? "high" : "normal"
            var line = ""
            JSONValue.writeEscaped("T\(index)", to: &line)
            jsonText += "{\"ticket_id\":\(line),\"subject\":\"\(subject)\",\"body\":\"\(body)\","
            jsonText += "\"category\":\"\(category)\",\"response\":\"\(response)\",\"priority\":\"\(priority)\"}\n"
            csvText += "T\(index),\(subject),\"\(body)\",\(category),\"\(response)\",\(priority)\n"
            if index % 10000 == 9999 {
                jsonlHandle.write(Data(jsonText.utf8))
                csvHandle.write(Data(csvText.utf8))
                jsonText = ""
                csvText = ""
            }
        }
        jsonlHandle.write(Data(jsonText.utf8))
        csvHandle.write(Data(csvText.utf8))
    }
}

/// Wall time, CPU time and peak memory of one child process.
struct Measurement {
    var seconds: Double
    /// CPU time in user mode, over all the child's threads.
    var userSeconds: Double
    /// CPU time in the kernel on the child's behalf.
    var systemSeconds: Double
    var peakRSSKilobytes: Int
}

/// Runs child processes and measures them.
enum ChildProcess {
    /// Runs `executable` with `arguments` (stdout discarded), returning wall time, the child's CPU times and peak RSS.
    ///
    /// The child is started with `posix_spawn` and reaped with `wait4`, whose resource usage is the child's own.
    static func measure(_ executable: String, _ arguments: [String]) throws -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ValidationError("cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = Date().timeIntervalSince(start)
        guard status == 0 else {
            throw ValidationError("\(executable) \(arguments.joined(separator: " ")) failed with status \(status)")
        }
        func total(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return Measurement(
            seconds: seconds, userSeconds: total(usage.ru_utime), systemSeconds: total(usage.ru_stime),
            peakRSSKilobytes: usage.ru_maxrss)
    }

    /// The full path of a command on PATH.
    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// The machine a benchmark ran on, for the record.
enum MachineDescription {
    /// CPU model, cores, memory and the current load average.
    static var current: String {
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + "\(ProcessInfo.processInfo.physicalMemory >> 30) GiB, load average \(loadAverages)"
    }

    /// The 1, 5 and 15 minute load averages, as `uptime` shows them.
    static var loadAverages: String {
        let fields = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ") ?? []
        return fields.count >= 3 ? fields.prefix(3).joined(separator: ", ") : "?"
    }
}
