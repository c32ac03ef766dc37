import Foundation
import WinnowCore
import WinnowReview
import WinnowStore

/// `winnow review next`: one flagged pending example at a time, most impact first, decided with single keys
/// (a approve, r reject, l relabel, g accept the suggested label, e edit, t make it a test case, s skip, u undo,
/// q quit, ? help). Decisions name the version shown, so a decision on an example someone else changed meanwhile is
/// refused and the example is shown again.
public final class InteractiveReview {
    private let service: ReviewService
    private let reviewer: String
    private let filter: ExampleFilter
    private let console: any ReviewConsole
    private let renderer: ReviewRenderer
    private var skipped = Set<Int64>()
    /// A fixed order to walk instead of the impact queue (`review next --suggested`); decided examples drop out.
    private let order: [Int64]?
    /// Decisions recorded in this session.
    public private(set) var decided = 0

    /// A loop over `filter`'s examples (pending and flagged unless the filter says otherwise).
    public init(
        service: ReviewService, reviewer: String, filter: ExampleFilter, console: any ReviewConsole,
        order: [Int64]? = nil
    ) {
        self.order = order
        self.service = service
        self.reviewer = reviewer
        var scope = filter.unpaged
        if scope.status == nil { scope.status = .pending }
        if scope.flagged == nil, scope.check == nil, scope.severity == nil { scope.flagged = true }
        self.filter = scope
        self.console = console
        renderer = ReviewRenderer(colours: console.isTerminal)
    }

    static let help = """
        a  approve          r  reject          l  relabel (the suggested label is the default)
        g  accept the suggested label: relabel to it and approve
        e  edit the input or response          s  skip for this session
        t  make it a test case (it never trains from then on)
        u  undo your last decision             q  quit            ?  this help
        Without a terminal, one command per line: a, r, l [LABEL], g, e input|response TEXT, t, s, u, q, ?

        """

    /// Runs until the queue is empty, the input ends or the reviewer quits.
    public func run() throws {
        try Reviewer.validatePerson(reviewer)
        var message: String?
        while true {
            guard let detail = try nextDetail() else {
                if let message { console.write(message + "\n") }
                console.write(
                    "Nothing left to review" + (skipped.isEmpty ? "" : " (\(skipped.count) skipped)")
                        + ". \(decided) decision\(decided == 1 ? "" : "s") recorded.\n")
                return
            }
            let remaining = try remainingCount()
            if console.isTerminal { console.clearScreen() }
            if let message { console.write(message + "\n\n") }
            message = nil
            console.write(renderer.render(detail, position: "\(remaining) left"))
            console.write(
                "[a]pprove [r]eject [l]abel "
                    + (LabelSuggestion.best(in: detail.flags, naming: filter.suggestion).map {
                        "[g] accept \($0.label) "
                    } ?? "")
                    + "[e]dit [t]est case [s]kip [u]ndo [q]uit [?] > ")
            guard let command = console.readCommand() else {
                console.write("\n")
                return
            }
            if console.isTerminal { console.write(command + "\n") }
            let key = command.first.map(String.init) ?? ""
            let argument = command.dropFirst().trimmingCharacters(in: .whitespaces)
            switch key {
            case "a": message = decide(.approve, on: detail)
            case "r": message = decide(.reject, on: detail)
            case "l":
                let suggested = detail.suggestion?.label ?? detail.example.effectiveLabel ?? ""
                var label = argument
                if label.isEmpty, console.isTerminal {
                    guard let typed = console.readLine(prompt: "New label [\(suggested)]: ") else { return }
                    label = typed.trimmingCharacters(in: .whitespaces)
                }
                if label.isEmpty { label = suggested }
                message = label.isEmpty ? "No label given: nothing changed." : decide(.relabel(label), on: detail)
            case "g": message = accept(detail)
            case "e": message = edit(detail, argument: argument)
            case "t": message = promote(detail)
            case "s":
                skipped.insert(detail.example.id)
                message = "Skipped #\(detail.example.id)."
            case "u": message = undo()
            case "q": return
            case "?", "h": message = Self.help
            case "": message = nil
            default: message = "Unknown key \"\(key)\"; ? shows the keys."
            }
        }
    }

    /// The next example: the first of `order` still pending and not skipped, else the impact queue's next.
    private func nextDetail() throws -> ExampleDetail? {
        guard let order else { return try service.next(filter, skipping: skipped) }
        for id in order where !skipped.contains(id) {
            let detail = try service.detail(id: id)
            if detail.example.status == .pending { return detail }
        }
        return nil
    }

    private func remainingCount() throws -> Int {
        guard let order else { return try service.store.count(filter) }
        return try service.store.examples(ids: order).filter { $0.status == .pending }.count
    }

    private func decide(_ action: ReviewAction, on detail: ExampleDetail) -> String {
        let id = detail.example.id
        do {
            let report = try service.decide(
                action, ids: [id], reviewer: reviewer, versions: [id: detail.example.version])
            decided += report.applied.count
            if let stale = report.stale.first { return "Not saved: \(stale.description)." }
            skipped.remove(id)
            return report.summary(for: action)
        } catch {
            return "Not saved: \(error)"
        }
    }

    private func accept(_ detail: ExampleDetail) -> String {
        let id = detail.example.id
        do {
            let report = try service.acceptSuggestions(
                ids: [id], naming: filter.suggestion, reviewer: reviewer, versions: [id: detail.example.version])
            if !report.withoutSuggestion.isEmpty { return "#\(id) has no suggested label: nothing changed." }
            decided += report.decisions.applied.count
            if let stale = report.decisions.stale.first { return "Not saved: \(stale.description)." }
            skipped.remove(id)
            return report.summary
        } catch {
            return "Not saved: \(error)"
        }
    }

    private func edit(_ detail: ExampleDetail, argument: String) -> String {
        var field = ""
        var text: String?
        if console.isTerminal {
            guard let choice = console.readLine(prompt: "Edit [i]nput or [r]esponse? ") else { return "" }
            field = choice.hasPrefix("r") ? "response" : "input"
            let current =
                field == "input" ? detail.example.effectiveInput : (detail.example.effectiveResponse ?? "")
            text = console.edit(current)
        } else {
            let parts = argument.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            field = parts.first.map(String.init) ?? ""
            text = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "\\n", with: "\n") : nil
        }
        guard field == "input" || field == "response" else { return "Edit what? e input TEXT or e response TEXT." }
        guard let text else { return "Edit cancelled: nothing changed." }
        let action: ReviewAction =
            field == "input" ? .edit(input: text, response: nil) : .edit(input: nil, response: text)
        return decide(action, on: detail)
    }

    /// Turns the example into a test case expecting its current label, and moves on (it stays out of training).
    private func promote(_ detail: ExampleDetail) -> String {
        let id = detail.example.id
        do {
            let promoted = try TestCaseService().promote([id], store: service.store, actor: reviewer)
            skipped.insert(id)
            guard let testCase = promoted.first else { return "Nothing promoted." }
            var text = "#\(id) is test case #\(testCase.id), expecting '\(testCase.expectedLabel)'."
            if let duplicate = testCase.duplicate {
                text += " It copies training example #\(duplicate.exampleID), which stays out of training too."
            }
            return text
        } catch {
            return "Not a test case: \(error)"
        }
    }

    private func undo() -> String {
        do {
            let report = try service.undo(reviewer: reviewer)
            decided += report.applied.count
            for record in report.applied { skipped.remove(record.exampleID) }
            return report.undoSummary
        } catch {
            return "Not undone: \(error)"
        }
    }
}
