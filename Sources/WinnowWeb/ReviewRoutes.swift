import Foundation
import HTTPTypes
import Hummingbird
import WinnowApp
import WinnowCore
import WinnowStore

/// The handlers behind the routes. They parse and check what the request says (ids as integers, filters into a
/// ``QueueQuery``), call the ``ReviewService`` and draw a page; none of them decides anything itself.
struct ReviewRoutes: Sendable {
    let service: ReviewService
    let sessions: any WebSessions

    func session(_ context: WebContext) throws -> WebSession {
        guard let session = context.session else { throw HTTPError(.internalServerError, message: "no session") }
        return session
    }

    func chrome(_ context: WebContext, query: QueueQuery, error: String? = nil) async throws -> Pages.Chrome {
        let session = try session(context)
        let current = await sessions.current(session.id) ?? session
        return Pages.Chrome(
            csrfToken: session.csrfToken, reviewer: current.reviewer, flash: await sessions.takeFlash(for: session.id),
            error: error, query: query, account: current.account)
    }

    func query(from text: String?) throws -> QueueQuery {
        do {
            return try QueueQuery(fields: FormFields.parse(text ?? ""))
        } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
    }

    private func exampleID(_ context: WebContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
            throw HTTPError(.notFound, message: "example ids are whole numbers")
        }
        return id
    }

    // MARK: Pages (GET: nothing changes)

    func queue(_ request: Request, _ context: WebContext) async throws -> Response {
        let query = try query(from: request.uri.query)
        let page = try service.queue(query.filter)
        let choices = QueueView.Choices(
            checks: Array(Set(try service.store.flagCounts().map(\.check))).sorted(),
            labels: try service.store.knownLabels())
        let chrome = try await chrome(context, query: query)
        return Pages.document(
            title: "Queue", kind: "queue", chrome: chrome,
            body: QueueView.render(page: page, query: query, choices: choices, token: chrome.csrfToken))
    }

    func summary(_ request: Request, _ context: WebContext) async throws -> Response {
        let chrome = try await chrome(context, query: QueueQuery())
        return Pages.document(
            title: "Summary", kind: "summary", chrome: chrome,
            body: SummaryView.render(try service.summary(), report: try ReportService().page(store: service.store)))
    }

    func example(_ request: Request, _ context: WebContext) async throws -> Response {
        let query = try query(from: request.uri.query)
        return try await examplePage(id: try exampleID(context), query: query, context: context)
    }

    private func examplePage(
        id: Int64, query: QueueQuery, context: WebContext, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let detail: ExampleDetail
        do {
            detail = try service.detail(id: id)
        } catch let error as StoreError {
            throw HTTPError(.notFound, message: error.description)
        }
        let neighbours = try service.neighbours(of: id, in: query.filter)
        let chrome = try await chrome(context, query: query, error: error)
        let view = ExampleView.Context(
            detail: detail, query: query, previous: neighbours.previous, next: neighbours.next,
            labels: try service.store.knownLabels(), token: chrome.csrfToken)
        return Pages.document(
            title: "Example #\(id)", kind: "example", chrome: chrome, body: ExampleView.render(view), status: status)
    }

    // MARK: Actions (POST, CSRF-checked by the middleware)

    func decide(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try session(context)
        let id = try exampleID(context)
        let form = context.form
        let query = try query(from: form["q"])
        guard let versionText = form["version"], let version = Int(versionText) else {
            throw HTTPError(.badRequest, message: "the form has no version: reload the page")
        }
        if form["action"] == "testcase" {
            return try await promote(id: id, query: query, session: session, context: context)
        }
        if form["action"] == "accept" {
            return try await accept(id: id, version: version, query: query, session: session, context: context)
        }
        let action: ReviewAction
        switch form["action"] ?? "" {
        case "approve": action = .approve
        case "reject": action = .reject
        case "reset": action = .reset
        case "relabel": action = .relabel(form["label"] ?? "")
        case "edit": action = .edit(input: Self.text(form["input"]), response: Self.text(form["response"]))
        default:
            throw HTTPError(
                .badRequest,
                message: "unknown action; expected approve, reject, relabel, accept, reset, edit or testcase")
        }
        // The next example in the queue as it stood before the decision (the decision can move this one out of it);
        // not needed when the form goes back to the queue.
        let fromQueue = form["from"] == "queue"
        let next = fromQueue ? nil : try service.neighbours(of: id, in: query.filter).next
        let reviewer = await sessions.current(session.id)?.reviewer ?? session.reviewer
        let report: DecisionReport
        do {
            let note = form["note"].flatMap { $0.isEmpty ? nil : $0 }
            report = try service.decide(action, ids: [id], reviewer: reviewer, note: note, versions: [id: version])
        } catch let error as ReviewError {
            return try await examplePage(
                id: id, query: query, context: context, error: "Not saved: \(error.description).", status: .badRequest)
        } catch let error as StoreError {
            throw HTTPError(.notFound, message: error.description)
        }
        if let stale = report.stale.first {
            return try await examplePage(
                id: id, query: query, context: context,
                error: "Not saved: \(stale.description). The page now shows the current state.", status: .conflict)
        }
        await sessions.setFlash(report.summary(for: action), for: session.id)
        if fromQueue { return Pages.redirect(to: query.queueURL) }
        if action == .approve || action == .reject, let next { return Pages.redirect(to: query.exampleURL(next)) }
        return Pages.redirect(to: query.exampleURL(id))
    }

    /// Makes example `id` a test case expecting its current label (by the signed-in reviewer) and moves on to the
    /// next example of the queue.
    private func promote(id: Int64, query: QueueQuery, session: WebSession, context: WebContext) async throws
        -> Response
    {
        let next = try service.neighbours(of: id, in: query.filter).next
        let reviewer = await sessions.current(session.id)?.reviewer ?? session.reviewer
        let promoted: [TestCase]
        do {
            promoted = try TestCaseService().promote([id], store: service.store, actor: reviewer)
        } catch let error as TestCaseServiceError {
            return try await examplePage(
                id: id, query: query, context: context, error: "Not a test case: \(error.description).",
                status: .badRequest)
        } catch let error as TestCaseStoreError {
            return try await examplePage(
                id: id, query: query, context: context, error: "Not a test case: \(error.description).",
                status: .conflict)
        }
        var message =
            "#\(id) is test case #\(promoted.first?.id ?? 0), expecting '\(promoted.first?.expectedLabel ?? "")'."
        if let duplicate = promoted.first?.duplicate {
            message += " It copies training example #\(duplicate.exampleID), which stays out of training too."
        }
        await sessions.setFlash(message, for: session.id)
        if let next { return Pages.redirect(to: query.exampleURL(next)) }
        return Pages.redirect(to: query.queueURL)
    }

    /// The example's suggested label accepted (relabelled to it and approved), from its page or the queue.
    private func accept(
        id: Int64, version: Int, query: QueueQuery, session: WebSession, context: WebContext
    ) async throws -> Response {
        let form = context.form
        let fromQueue = form["from"] == "queue"
        let next = fromQueue ? nil : try service.neighbours(of: id, in: query.filter).next
        let reviewer = await sessions.current(session.id)?.reviewer ?? session.reviewer
        let report: AcceptReport
        do {
            let note = form["note"].flatMap { $0.isEmpty ? nil : $0 }
            // From a queue filtered by a suggestion, that suggestion (the one the page showed).
            report = try service.acceptSuggestions(
                ids: [id], naming: query.suggestion, reviewer: reviewer, note: note, versions: [id: version])
        } catch let error as ReviewError {
            return try await examplePage(
                id: id, query: query, context: context, error: "Not saved: \(error.description).", status: .badRequest)
        } catch let error as StoreError {
            throw HTTPError(.notFound, message: error.description)
        }
        if let stale = report.decisions.stale.first {
            return try await examplePage(
                id: id, query: query, context: context,
                error: "Not saved: \(stale.description). The page now shows the current state.", status: .conflict)
        }
        if !report.withoutSuggestion.isEmpty {
            await sessions.setFlash("#\(id) has no suggested label to accept.", for: session.id)
            return Pages.redirect(to: fromQueue ? query.queueURL : query.exampleURL(id))
        }
        await sessions.setFlash(report.summary, for: session.id)
        if fromQueue { return Pages.redirect(to: query.queueURL) }
        if let next { return Pages.redirect(to: query.exampleURL(next)) }
        return Pages.redirect(to: query.exampleURL(id))
    }

    func bulk(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try session(context)
        let form = context.form
        let query = try query(from: form["q"])
        let action: ReviewAction?
        switch form["action"] ?? "" {
        case "approve": action = .approve
        case "reject": action = .reject
        case "reset": action = .reset
        case "accept": action = nil
        default: throw HTTPError(.badRequest, message: "bulk actions are approve, reject, reset and accept")
        }
        guard let asOfText = form["as_of"], let asOf = Int64(asOfText) else {
            throw HTTPError(.badRequest, message: "the form has no as_of: reload the page")
        }
        let reviewer = await sessions.current(session.id)?.reviewer ?? session.reviewer
        var filter = query.filter
        filter.limit = nil
        filter.offset = 0
        guard let action else {
            do {
                let report = try service.acceptSuggestions(filter: filter, reviewer: reviewer, notAfter: asOf)
                var message = report.summary
                if !report.decisions.stale.isEmpty {
                    message +=
                        " Someone decided on \(report.decisions.stale.count) of them after the page was drawn: "
                        + "those were left alone."
                }
                await sessions.setFlash(message, for: session.id)
            } catch let error as ReviewError {
                await sessions.setFlash("Not done: \(error.description).", for: session.id)
            }
            return Pages.redirect(to: query.onPage(1).queueURL)
        }
        do {
            let report = try service.decide(action, filter: filter, reviewer: reviewer, notAfter: asOf)
            var message = report.summary(for: action)
            if !report.stale.isEmpty {
                message =
                    "\(action.pastTense) \(report.applied.count) example\(report.applied.count == 1 ? "" : "s"); "
                    + "\(report.stale.count) left alone because someone decided on them after the page was drawn: "
                    + DecisionReport.list(report.stale.map(\.exampleID)) + "."
            }
            await sessions.setFlash(message, for: session.id)
        } catch let error as ReviewError {
            await sessions.setFlash("Not done: \(error.description).", for: session.id)
        }
        return Pages.redirect(to: query.onPage(1).queueURL)
    }

    func undo(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try session(context)
        let query = try query(from: context.form["q"])
        let reviewer = await sessions.current(session.id)?.reviewer ?? session.reviewer
        do {
            let report = try service.undo(reviewer: reviewer)
            let undone = report.applied.first
            await sessions.setFlash(report.undoSummary, for: session.id)
            if let undone { return Pages.redirect(to: query.exampleURL(undone.exampleID)) }
        } catch let error as ReviewError {
            await sessions.setFlash("Not undone: \(error.description).", for: session.id)
        }
        return Pages.redirect(to: query.queueURL)
    }

    func reviewer(_ request: Request, _ context: WebContext) async throws -> Response {
        let session = try session(context)
        let query = try query(from: context.form["q"])
        let name = (context.form["reviewer"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let memory = sessions as? SessionStore else {
            throw HTTPError(
                .forbidden, message: "Decisions on this server are recorded under the name you signed in with.")
        }
        do {
            try Reviewer.validatePerson(name)
            await memory.setReviewer(name, for: session.id)
            await sessions.setFlash("Decisions from this browser are now recorded as \(name).", for: session.id)
        } catch {
            await sessions.setFlash("Not changed: \(error.description).", for: session.id)
        }
        return Pages.redirect(to: query.queueURL)
    }

    /// A textarea's value with the browser's CRLF line breaks back to LF; nil when the field was not sent.
    static func text(_ value: String?) -> String? {
        value?.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
