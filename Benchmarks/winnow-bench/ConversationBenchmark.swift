import ArgumentParser
import Foundation
import WinnowCore

/// `winnow-bench conversations`: a message-per-row export (1,000,000 messages by default, conversations of 5 to 20
/// turns whose rows interleave as they do in real exports) imported by the `winnow` binary twice: grouped by
/// `--conversation-by` with `--order-by`, and chained by `--reply-link`. Prints messages/s, CPU time and peak memory
/// (the child's max RSS, which is its VmHWM).
struct ConversationBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversations", abstract: "Import speed and peak memory of message-per-row exports.")

    @Option(help: "Number of messages.")
    var messages = 1_000_000

    @Option(help: "Conversations open at once: the rows of this many conversations interleave.")
    var open = 5000

    @Option(help: "The winnow executable to measure (build it with `swift build -c release`).")
    var winnow = ".build/release/winnow"

    @Option(help: "Directory for the generated file and stores (default: a new temporary directory).")
    var workDirectory: String?

    func run() throws {
        let directory = URL(
            fileURLWithPath: workDirectory ?? NSTemporaryDirectory() + "winnow-conversation-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let csv = directory.appendingPathComponent("messages.csv")
        print("Generating \(messages) messages in \(directory.path) ...")
        let conversations = try ConversationExport.write(messages: messages, open: open, to: csv)
        let size = (try? FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        print("\(conversations) conversations, \(size >> 20) MB")
        print("Machine: \(MachineDescription.current)")

        let runs: [(String, [String])] = [
            (
                "--conversation-by conversation_id --order-by created_at",
                [
                    "--conversation-by", "conversation_id", "--order-by", "created_at",
                ]
            ),
            ("--reply-link message_id:parent_id", ["--reply-link", "message_id:parent_id"]),
        ]
        var results: [(String, Measurement)] = []
        for (index, (name, options)) in runs.enumerated() {
            let database = directory.appendingPathComponent("bench-\(index).db").path
            try? FileManager.default.removeItem(atPath: database)
            let measurement = try ChildProcess.measure(winnow, ["import", "--db", database] + options + [csv.path])
            results.append((name, measurement))
        }
        print("Load average at the end: \(MachineDescription.loadAverages)")
        print("")
        print("| winnow import | messages/s | seconds | CPU seconds (user + sys) | peak RSS (VmHWM) |")
        print("|---|---:|---:|---:|---:|")
        for (name, measurement) in results {
            print(
                String(
                    format: "| %@ | %.0f | %.2f | %.2f (%.2f + %.2f) | %.0f MB |", name,
                    Double(messages) / measurement.seconds, measurement.seconds,
                    measurement.userSeconds + measurement.systemSeconds, measurement.userSeconds,
                    measurement.systemSeconds, Double(measurement.peakRSSKilobytes) / 1024))
        }
    }
}

/// A deterministic synthetic support-chat export, one message per row.
enum ConversationExport {
    static let customerOpenings = [
        "Hi, I was charged twice for my subscription this month and I cannot find a way to get the money back.",
        "Hello, my parcel was marked as delivered yesterday but nothing arrived and the neighbours have not seen it.",
        "I cannot log in to the app since the last update, it says my password is wrong even after a reset.",
        "Good morning, I would like to change the delivery address of an order I placed on Monday.",
        "The invoice I received has the wrong company name on it and our accounts team needs a corrected one.",
    ]
    static let customerFollowUps = [
        "Thanks. The order number is on the confirmation e-mail, let me check.",
        "I tried that already, twice, and it still does not work on my phone or on the laptop.",
        "Could you tell me when the refund will show on my card statement?",
        "Yes, that is the right account. Is there anything else you need from me?",
        "OK, I will wait then. Please keep me posted because this is the third time it happens.",
    ]
    static let agentReplies = [
        "Thanks for reaching out, and sorry for the trouble. Could you send me the order number so I can look into it?",
        "I have checked your account and I can see the duplicate charge. I have refunded it; it takes 3 to 5 working days.",
        "I have reset the login on our side. Please close the app completely, open it again and sign in with the link "
            + "I have just sent you by e-mail.",
        "The address is updated. You will receive a new confirmation e-mail within the hour with the new details.",
        "I have asked our billing team for a corrected invoice; you will have it by tomorrow at the latest.",
    ]

    /// One conversation being written.
    private struct Open {
        var id: Int
        var turns: Int
        var written = 0
        var lastMessage = 0
    }

    /// Writes `messages` rows, `open` conversations interleaving at any time; returns the number of conversations.
    static func write(messages: Int, open: Int, to url: URL) throws -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var generator = SeededRandom(seed: 7)
        func random(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        var text = "message_id,conversation_id,parent_id,created_at,role,customer_id,text\n"
        var conversations = 0
        func start() -> Open {
            conversations += 1
            return Open(id: conversations, turns: 5 + random(16))
        }
        var active = (0..<max(1, open)).map { _ in start() }
        let base = 1_700_000_000
        for message in 1...messages {
            let slot = random(active.count)
            var conversation = active[slot]
            let isCustomer = conversation.written % 2 == 0
            let body: String
            if conversation.written == 0 {
                body = customerOpenings[random(customerOpenings.count)]
            } else if isCustomer {
                body = customerFollowUps[random(customerFollowUps.count)]
            } else {
                body = agentReplies[random(agentReplies.count)]
            }
            let parent = conversation.lastMessage == 0 ? "" : "m\(conversation.lastMessage)"
            text += "m\(message),c\(conversation.id),\(parent),\(timestamp(base + message * 3)),"
            text += "\(isCustomer ? "customer" : "agent"),u\(conversation.id % 977),\"\(body) (ref \(message))\"\n"
            conversation.written += 1
            conversation.lastMessage = message
            active[slot] = conversation.written == conversation.turns ? start() : conversation
            if message % 20000 == 0 {
                handle.write(Data(text.utf8))
                text = ""
            }
        }
        handle.write(Data(text.utf8))
        return conversations - active.filter { $0.written == 0 }.count
    }

    /// `2023-11-14T22:13:20Z`.
    static func timestamp(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
