import Foundation
import WinnowCore
import WinnowReport
import WinnowStore

/// What `winnow report` wrote.
public struct ReportOutcome: Sendable, Equatable {
    /// The file.
    public var path: String
    /// Its size in bytes.
    public var bytes: Int
    /// The section ids, in order.
    public var sections: [String]
    /// The run recorded for this report.
    public var runID: Int64

    /// The outcome as JSON (`report --json`).
    public var json: JSONValue {
        [
            "path": .string(path), "bytes": .number(Double(bytes)), "sections": .array(sections.map(JSONValue.string)),
            "run": .number(Double(runID)),
        ]
    }
}

/// The report file could not be written.
public struct ReportWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file asked for.
    public var path: String
    /// Why it failed, from the system.
    public var reason: String

    public var description: String { "cannot write the report to \(path): \(reason)" }
}

/// Builds the one-page report of a curation round from the store: what the data was, what was wrong with it, what
/// was decided, and what training on it achieved. Every number is read from the store's tables or from a stored
/// run, and each section names its source.
public struct ReportService: Sendable {
    /// Flags shown per check in the examples table.
    public var examplesPerCheck: Int
    /// Rows of long tables (clusters, label findings).
    public var tableRows: Int

    /// A service with the given table sizes.
    public init(examplesPerCheck: Int = 3, tableRows: Int = 25) {
        self.examplesPerCheck = examplesPerCheck
        self.tableRows = tableRows
    }

    /// The report page for `store`.
    public func page(store: Store, now: Date = Date()) throws -> ReportPage {
        let statistics = try store.statistics()
        let runs = try store.runs(limit: 1000)
        var sections = [
            try overview(statistics: statistics, store: store),
            try sources(statistics: statistics, store: store),
            distributions(statistics: statistics),
            try flags(store: store, runs: runs),
            try duplicates(store: store, runs: runs),
            try labelAudit(store: store, runs: runs),
            curation(runs: runs),
            try review(statistics: statistics, store: store),
            try splits(store: store),
        ]
        sections.append(contentsOf: try training(store: store, runs: runs))
        let formatter = ISO8601DateFormatter()
        // A file by its name; a PostgreSQL database by its address (never with a password).
        let place = store.path.map { URL(fileURLWithPath: $0).lastPathComponent } ?? store.location
        return ReportPage(
            title: "Winnow report",
            subtitle:
                "\(place): \(ReportNumber.counted(statistics.examples, "example")) from "
                + "\(ReportNumber.counted(statistics.sources.count, "source file")); written \(formatter.string(from: now)) by Winnow "
                + WinnowVersion.current,
            sections: sections)
    }

    /// Writes the report to `url` (atomically) and records a `report` run.
    public func write(store: Store, to url: URL) throws -> ReportOutcome {
        let runID = try store.startRun(command: "report", parameters: JSONObject([("out", .string(url.path))]))
        do {
            let page = try page(store: store)
            let data = Data(page.html.utf8)
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
                let reason =
                    underlying.flatMap {
                        $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil
                    }
                    ?? error.localizedDescription
                throw ReportWriteError(path: url.path, reason: reason)
            }
            let outcome = ReportOutcome(
                path: url.path, bytes: data.count, sections: page.sections.map(\.id), runID: runID)
            try store.finishRun(
                runID,
                summary: JSONObject([
                    ("bytes", .number(Double(data.count))),
                    ("sections", .array(outcome.sections.map(JSONValue.string))),
                ]))
            return outcome
        } catch {
            try? store.finishRun(runID, summary: JSONObject([("error", .string("\(error)"))]), status: "failed")
            throw error
        }
    }

    /// `run #12 dedup (2026-12-01 10:02)`: how a section names the run its numbers come from.
    static func describe(_ run: RunInfo) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return "run #\(run.id) `\(run.command)` (\(formatter.string(from: run.startedAt)))"
    }

    /// The newest complete run of `command`, if any.
    static func latest(_ command: String, in runs: [RunInfo]) -> RunInfo? {
        runs.first { $0.command == command && $0.status == "complete" }
    }
}
