import ArgumentParser
import Dispatch
import Foundation
import WinnowCore
import WinnowRules

/// `winnow-bench rules`: the default rule set over synthetic support tickets, on all cores.
struct RulesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Tickets per second for the rule checks (winnow check) over synthetic tickets.")

    @Option(help: "Number of synthetic tickets.")
    var tickets = 1_000_000

    @Option(help: "Rule directory.")
    var rules = "Rules"

    @Option(help: "Seed for the ticket generator.")
    var seed: UInt64 = 42

    @ArgumentParser.Flag(help: "Evaluate on one thread instead of all cores (to see how the batch scales).")
    var sequential = false

    @ArgumentParser.Flag(
        help: "Tickets without the three metadata fields of a helpdesk export (created, priority, customer e-mail).")
    var noMetadata = false

    func run() throws {
        let ruleSet = try RuleSet.load(directories: [URL(fileURLWithPath: rules)])
        // The WordPiece tokenizer lives elsewhere; a word-and-punctuation count stands in for it. It is only
        // called for inputs longer than the token budget in bytes, which few tickets are.
        let engine = RuleEngine(ruleSet: ruleSet, tokenCounter: RulesBenchmark.approximateTokenCount)
        print("rules: \(engine.runningRules.count) running from \(rules)")

        let generationStart = DispatchTime.now()
        var generator = TicketGenerator(seed: seed, metadata: !noMetadata)
        let subjects = (0..<tickets).map { _ in generator.next() }
        let bytes = subjects.reduce(0) { $0 + $1.input.utf8.count + ($1.response?.utf8.count ?? 0) }
        print(
            "generated \(tickets) tickets (\(bytes / tickets) bytes of input+response on average, each with a "
                + "2-turn thread\(noMetadata ? "" : " and 3 metadata fields")) in \(seconds(since: generationStart)) s")

        // Warm-up on a slice, outside the timed part.
        _ = engine.evaluate(batch: Array(subjects.prefix(10_000)))

        let cpuStart = RulesBenchmark.processorSeconds()
        let start = DispatchTime.now()
        let results = sequential ? subjects.map { engine.evaluate($0) } : engine.evaluate(batch: subjects)
        let elapsed = seconds(since: start)
        let cpu = RulesBenchmark.processorSeconds() - cpuStart
        let findings = results.reduce(0) { $0 + $1.count }
        let flagged = results.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(
            "evaluated in \(String(format: "%.2f", elapsed)) s on \(cores) cores (CPU time "
                + "\(String(format: "%.2f", cpu)) s: \(String(format: "%.2f", cpu / elapsed)) cores busy)")
        print("findings: \(findings) on \(flagged) tickets")
        print("tickets/s: \(Int(Double(tickets) / elapsed))")
        print("machine: \(MachineDescription.current) at the end")
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// User plus system CPU time of the process so far.
    static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    @Sendable static func approximateTokenCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            let isWordByte = (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte >= 0x80
            if isWordByte {
                if !inWord { count += 1 }
                inWord = true
            } else {
                inWord = false
                if byte > 0x20 { count += 1 }
            }
        }
        return count
    }
}

/// Deterministic synthetic support tickets: mostly clean, about one in six with a planted problem (contact details,
/// markup, placeholders, mis-decoded text, non-answers...).
struct TicketGenerator {
    private var generator: SeededRandom
    /// Whether tickets carry a helpdesk export's extra columns as metadata.
    private let metadata: Bool
    /// Tickets made so far.
    private var count = 0

    /// Tickets drawn with `seed`; the metadata is made from the ticket's number, so the texts are the same with or
    /// without it.
    init(seed: UInt64, metadata: Bool = true) {
        generator = SeededRandom(seed: seed)
        self.metadata = metadata
    }

    private mutating func random() -> UInt64 { generator.next() }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(random() % UInt64(items.count))] }
    private mutating func number(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random() % UInt64(range.count))
    }

    static let openings = [
        "Hi,", "Hello,", "Hello team,", "Good morning,", "Hey there,", "Dear support,", "",
    ]
    static let problems = [
        "I ordered a pair of running shoes on %DATE% and they still haven't arrived.",
        "I was charged twice for my subscription this month, order #%ORDER%.",
        "The app keeps crashing when I open the settings page since the update to v%VERSION%.",
        "My package shows as delivered but I never received it. Tracking 1Z%TRACK%.",
        "I'd like to return the jacket I bought, it doesn't fit. The order number is %ORDER%.",
        "How do I change the email address on my account?",
        "Where is my order?",
        "Can I get a refund for the %PRICE% I paid for the premium plan?",
        "The discount code from your newsletter doesn't work at checkout.",
        "I can't log in to my account, the password reset link has expired.",
        "The blender I received is broken, the lid is cracked.",
        "Is the blue version of this product coming back in stock?",
    ]
    static let details = [
        "I've already tried restarting the app and reinstalling it.",
        "This is the second time this has happened.",
        "I need this sorted before the weekend please.",
        "I have attached a photo of the damage.",
        "My previous ticket was never answered.",
        "",
    ]
    static let closings = ["Thanks,\nAlex", "Regards,\nSam Taylor", "Thank you!", "Cheers, Jo", "Best,\nPriya", ""]
    static let answers = [
        "Thanks for reaching out. I've checked your order and it shipped on %DATE%; it should arrive within two "
            + "business days. You can follow it from the Orders page.",
        "Sorry about the double charge! I've refunded %PRICE% to your card, and it should show on your statement "
            + "within 5 business days.",
        "Version %VERSION% fixes this crash. Please update from the app store and let us know if it happens again.",
        "I've opened a claim with the carrier and sent a replacement today at no cost. You'll get a tracking "
            + "number by email.",
        "You can return it within 30 days from the Returns page; a prepaid label is included. The refund is "
            + "issued once the parcel reaches our warehouse.",
        "Go to Settings > Account > Email, enter the new address and confirm it from the link we send you.",
        "That code expired on %DATE%. I've applied the same discount to your order manually, so you'll see it on "
            + "the final invoice.",
        "I've sent a fresh reset link that is valid for 24 hours. If it still fails, reply here and I'll reset it "
            + "for you.",
    ]
    static let planted = [
        "You can reach me at alex.morgan%N%@example.com or on +44 20 7946 %PHONE4%.",
        "Please call me back on (555) 123-%PHONE4%.",
        "<div>My order&nbsp;is late</div>",
        "I'm having an issue with the {product_purchased}. Please assist.",
        "I donâ€™t have the receipt anymore.",
        "WHERE IS MY ORDER I HAVE BEEN WAITING FOR WEEKS",
        "Refund to DE89 3704 0044 0532 0130 00 please.",
        "Automatic reply: I am out of the office until Monday.",
    ]
    static let badAnswers = [
        "We apologize for the inconvenience.", "Your ticket has been escalated to the relevant team.",
        "Hi {{name}}, thanks for your message.", "Internal note: customer is a chargeback risk, offer 10% max.",
    ]
    static let labels = ["Order Status", "Billing", "Technical Support", "Shipping", "Returns", "Account", "Refund"]

    mutating func next() -> RuleSubject {
        let hasPlantedInput = random() % 10 == 0
        let hasBadAnswer = random() % 20 == 0
        var input = [pick(Self.openings), fill(pick(Self.problems)), fill(pick(Self.details))]
        if hasPlantedInput { input.append(fill(pick(Self.planted))) }
        input.append(pick(Self.closings))
        let inputText = input.filter { !$0.isEmpty }.joined(separator: "\n\n")
        let responseText =
            hasBadAnswer
            ? pick(Self.badAnswers)
            : "Hi,\n\n" + fill(pick(Self.answers)) + "\n\nBest regards,\n" + pick(["Anna", "Marco", "Lee"])
        count += 1
        let fields: JSONObject =
            metadata
            ? JSONObject([
                (key: "created", value: .string("2024-0\(count % 9 + 1)-1\(count % 10)T09:\(10 + count % 50):00Z")),
                (key: "priority", value: .string(["low", "normal", "high"][count % 3])),
                (key: "customer_email", value: .string("customer\(count)@example.com")),
            ]) : JSONObject()
        return RuleSubject(
            input: inputText, response: responseText, label: pick(Self.labels),
            messages: [Message(role: .user, content: inputText), Message(role: .assistant, content: responseText)],
            metadata: fields, sourcePath: "tickets.jsonl")
    }

    private mutating func fill(_ template: String) -> String {
        guard template.contains("%") else { return template }
        var text = template
        let values: [(String, String)] = [
            ("%DATE%", "2024-0\(number(1...9))-1\(number(0...9))"),
            ("%ORDER%", String(number(10_000_000...99_999_999))),
            ("%VERSION%", "\(number(1...9)).\(number(0...30)).\(number(0...9))"),
            ("%TRACK%", "999AA1\(number(100_000_000...999_999_999))"), ("%PRICE%", "$\(number(5...300)).99"),
            ("%N%", String(number(1...999))), ("%PHONE4%", String(number(1000...9999))),
        ]
        for (key, value) in values where text.contains(key) { text = text.replacingOccurrences(of: key, with: value) }
        return text
    }
}
