import Foundation
import GRDB
import Testing
import WinnowCore
import WinnowStore

/// Kills a real `winnow import` process between batches and checks the store and the re-run.
@Suite("Import crash recovery")
struct CrashRecoveryTests {
    @Test("a killed import leaves whole batches, and the re-run completes without duplicates")
    func killedImportResumes() throws {
        let binary = try CommandLineTool.locate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-crash-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let rows = 12000
        let input = directory.appendingPathComponent("tickets.jsonl")
        var text = ""
        for index in 0..<rows {
            if index % 1000 == 999 {
                text += "{\"subject\": \"broken line \(index)\n"  // truncated JSON: quarantined
                continue
            }
            text += "{\"id\": \"T\(index)\", \"subject\": \"Order \(index) is late\", "
            text += "\"body\": \"Ticket number \(index): where is my parcel?\", \"category\": \"Shipping\"}\n"
        }
        try text.write(to: input, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("winnow.db").path

        let process = Process()
        process.executableURL = binary
        process.arguments = ["import", "--db", database, input.path]
        var environment = ProcessInfo.processInfo.environment
        environment["WINNOW_IMPORT_BATCH_SIZE"] = "50"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Wait until some batches are committed, then kill the process without warning.
        var committed = 0
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if FileManager.default.fileExists(atPath: database),
                let done = try? Self.recordsDone(database: database), done >= 300
            {
                committed = done
                break
            }
            usleep(2000)
        }
        try #require(process.isRunning, "the import finished before it could be interrupted")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        // The store is consistent: every committed batch is whole, nothing else is there.
        let store = try Store(path: database)
        let state = try store.writer.read { db in
            (
                integrity: try String.fetchOne(db, sql: "PRAGMA integrity_check"),
                examples: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM examples") ?? -1,
                errors: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_errors") ?? -1,
                done: try Int.fetchOne(db, sql: "SELECT records_done FROM sources") ?? -1,
                status: try String.fetchOne(db, sql: "SELECT status FROM sources")
            )
        }
        #expect(state.integrity == "ok")
        #expect(state.status == "importing")
        #expect(state.done >= committed)
        #expect(state.done < rows)
        #expect(state.examples + state.errors == state.done)

        // The re-run picks up where the committed batches end.
        let rerun = try CommandLineTool.run(binary, ["import", "--json", "--db", database, input.path])
        #expect(rerun.status == 0)
        let report = try JSONParser.parse(rerun.output)
        let file = try #require(report.value(atPath: "files.0"))
        #expect(file.value(atPath: "resumed_after")?.scalarText == String(state.done))
        #expect(file.value(atPath: "skipped_duplicates")?.scalarText == "0")

        let final = try store.writer.read { db in
            (
                examples: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM examples") ?? -1,
                distinctTickets: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT ticket_id) FROM examples") ?? -1,
                errors: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_errors") ?? -1,
                status: try String.fetchOne(db, sql: "SELECT status FROM sources")
            )
        }
        let quarantined = rows / 1000
        #expect(final.examples == rows - quarantined)
        #expect(final.distinctTickets == rows - quarantined)
        #expect(final.errors == quarantined)
        #expect(final.status == "complete")

        // A third run adds nothing and says so.
        let again = try CommandLineTool.run(binary, ["import", "--json", "--db", database, input.path])
        let againReport = try JSONParser.parse(again.output)
        #expect(againReport.value(atPath: "imported")?.scalarText == "0")
        #expect(againReport.value(atPath: "skipped_duplicates")?.scalarText == String(rows - quarantined))
    }

    static func recordsDone(database: String) throws -> Int? {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: database, configuration: configuration)
        return try queue.read { db in
            guard try db.tableExists("sources") else { return nil }
            return try Int.fetchOne(db, sql: "SELECT records_done FROM sources")
        }
    }
}
