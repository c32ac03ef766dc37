import WinnowCore
import WinnowHTML
import WinnowMail

extension HTMLPageReader {
    /// One record (or failure) per element the profile's `tickets` expression selects.
    func readProfile(_ profile: HTMLProfile, _ body: (ImportEvent) throws -> Void) throws {
        let tickets: [HTMLElement]
        do {
            tickets = try document.select(profile.tickets)
        } catch {
            try body(.failure(profileFailure(profile, key: "tickets", error: error, locator: nil)))
            return
        }
        guard !tickets.isEmpty else {
            let message = "the HTML profile \(profile.file) selects no tickets here ('tickets: \(profile.tickets)')"
            try body(.failure(RecordFailure(kind: .noInput, file: file, message: message, snippet: self.body.text)))
            return
        }
        for ticket in tickets {
            try body(readProfileTicket(ticket, profile))
        }
    }

    private func readProfileTicket(_ ticket: HTMLElement, _ profile: HTMLProfile) -> ImportEvent {
        var record = ThreadRecord()
        record.metadata["layout"] = "profile"
        var key = "fields"
        do throws(HTMLError) {
            for field in profile.fields {
                key = "fields.\(field.name)"
                if field.name == "input" || field.name == "response" {
                    guard
                        let cleaned = try cleanedValue(
                            field.expression, in: ticket, agent: field.name == "response")
                    else { continue }
                    record.removed = record.removed.merged(
                        with: CleanedReply(
                            text: "", quoted: cleaned.quoted,
                            forwarded: cleaned.forwarded, signatures: cleaned.signatures,
                            disclaimers: cleaned.disclaimers, banners: cleaned.banners))
                    if field.name == "input" { record.input = cleaned.text } else { record.response = cleaned.text }
                    continue
                }
                let text = try document.strings(field.expression, from: ticket).joined(separator: "\n\n")
                guard !text.isEmpty else { continue }
                switch field.name {
                case "subject": record.subject = text
                case "label": record.label = text
                case "training_point": record.trainingPoint = text
                case "ticket_id": record.ticketID = text
                default: record.metadata[field.name] = .string(text)
                }
            }
            if let messages = profile.messages, let role = profile.role {
                key = "messages"
                var unclassified: [JSONValue] = []
                for message in try document.select(messages, from: ticket) where !message.isHidden {
                    key = "role"
                    let marker = try document.strings(role, from: message).first ?? ""
                    key = "message_text"
                    let author = profile.author(forRole: marker)
                    var cleaned = messageCleaner.clean(message, agent: author == .agent)
                    if let messageText = profile.messageText {
                        cleaned =
                            try cleanedValue(messageText, in: message, agent: author == .agent)
                            ?? CleanedReply(text: "")
                    }
                    guard let author else {
                        unclassified.append(["role": .string(marker), "content": .string(cleaned.text)])
                        continue
                    }
                    record.turns.append(ThreadTurn(author: author, cleaned: cleaned))
                }
                if !unclassified.isEmpty { record.metadata["unclassified_messages"] = .array(unclassified) }
                if !unclassified.isEmpty, !record.turns.contains(where: { $0.author == .customer }) {
                    let values = unclassified.compactMap { $0.objectValue?["role"]?.scalarText }
                    record.noInputHint = HTMLPageReader.roleHint(profile, role: role, values: values)
                }
            }
        } catch {
            return .failure(profileFailure(profile, key: key, error: error, locator: .element(ticket.path)))
        }
        return event(record.draft(file: file, locator: .element(ticket.path), snippet: ticket.text))
    }

    /// The cleaned text an expression selects: elements lose their quoted history and signatures by markup and by
    /// text; attribute and string results by text. Nil when it selects nothing with text.
    private func cleanedValue(_ expression: String, in context: HTMLElement, agent: Bool) throws(HTMLError)
        -> CleanedReply?
    {
        let elements = try document.select(expression, from: context)
        var parts: [CleanedReply]
        let cleaner = messageCleaner
        if elements.isEmpty {
            parts = try document.strings(expression, from: context).map { cleaner.clean(text: $0, agent: agent) }
        } else {
            parts = elements.map { cleaner.clean($0, agent: agent) }
        }
        parts = parts.filter { !$0.text.isEmpty || $0.removedAnything }
        guard let first = parts.first else { return nil }
        return parts.dropFirst().reduce(first) { $0.merged(with: $1) }
    }

    /// Why a profile's messages named no customer: the role values they gave (or that the role expression found
    /// none), and the profile keys that would map them.
    static func roleHint(_ profile: HTMLProfile, role: String, values: [String]) -> String {
        var distinct: [String] = []
        for value in values where !distinct.contains(value) { distinct.append(value) }
        let given = distinct.filter { !$0.isEmpty }
        let empty = distinct.contains("")
        var parts: [String] = []
        if !given.isEmpty {
            let shown = given.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            parts.append("the messages' role values (role: \(role)) were \(shown)\(given.count > 10 ? ", ..." : "")")
        }
        if empty {
            parts.append(
                "role: \(role) selected nothing in \(values.filter(\.isEmpty).count) of \(values.count) messages")
        }
        guard !given.isEmpty else {
            return parts.joined(separator: "; ")
                + ": make role select each message's author or role in \(profile.file),"
                + " then list the customer's values under customer_values and the team's under agent_values"
        }
        let known =
            "customer_values [\(profile.customerValues.joined(separator: ", "))], agent_values"
            + " [\(profile.agentValues.joined(separator: ", "))]"
        return parts.joined(separator: "; ") + "; none is in \(known): list the customer's values under"
            + " customer_values and the team's under agent_values in \(profile.file)"
    }

    private func profileFailure(_ profile: HTMLProfile, key: String, error: HTMLError, locator: Locator?)
        -> RecordFailure
    {
        RecordFailure(
            kind: .invalidProfile, file: file, locator: locator,
            message: "HTML profile \(profile.file), '\(key)': \(error)")
    }
}
