import Foundation
import WinnowCore
import WinnowStore

/// The queue's filters and page, read from a query string and written back into links. Every value ends up as a
/// bound SQL argument (``ExampleFilter``); unknown status or severity names are refused.
struct QueueQuery: Sendable, Equatable {
    /// Rows per page.
    static let pageSize = 50

    var check: String?
    var severity: Severity?
    var label: String?
    var trainingPoint: String?
    var source: String?
    /// nil: any status. The default is pending.
    var status: ReviewStatus? = .pending
    /// nil: flagged or not.
    var flagged: Bool?
    /// Only examples suggested this label (a label audit's or rule's suggestion).
    var suggestion: String?
    /// Only examples whose suggestion is at least this confident.
    var minimumConfidence: Double?
    /// 1-based.
    var page = 1

    /// A value that cannot be used, in words.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init() {}

    /// The query in `fields` (from a query string or a form's `q` field).
    init(fields: [String: String]) throws(Invalid) {
        func text(_ name: String) -> String? {
            guard let value = fields[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        check = text("check")
        label = text("label")
        trainingPoint = text("training_point")
        source = text("source")
        suggestion = text("suggestion")
        if let value = text("confidence") {
            guard let confidence = Double(value), (0...1).contains(confidence) else {
                throw Invalid(description: "confidence must be a number from 0 to 1")
            }
            minimumConfidence = confidence
        }
        if let value = text("severity") {
            guard let severity = Severity(rawValue: value) else {
                throw Invalid(description: "unknown severity \"\(value)\": expected error, warning or info")
            }
            self.severity = severity
        }
        if let value = text("status") {
            if value == "any" {
                status = nil
            } else {
                guard let status = ReviewStatus(rawValue: value) else {
                    throw Invalid(
                        description: "unknown status \"\(value)\": expected pending, approved, rejected or any")
                }
                self.status = status
            }
        }
        if let value = text("flagged") {
            switch value {
            case "yes": flagged = true
            case "no": flagged = false
            case "any": flagged = nil
            default: throw Invalid(description: "unknown flagged value \"\(value)\": expected yes, no or any")
            }
        }
        if let value = text("page") {
            guard let page = Int(value), page >= 1, page <= 1_000_000 else {
                throw Invalid(description: "page must be a whole number from 1")
            }
            self.page = page
        }
    }

    /// The store filter for this query, one page of it.
    var filter: ExampleFilter {
        ExampleFilter(
            status: status, label: label, source: source, check: check, severity: severity,
            trainingPoint: trainingPoint, flagged: flagged, suggestion: suggestion,
            minimumConfidence: minimumConfidence, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
    }

    /// The fields that differ from the defaults, in a fixed order.
    func fields(includingPage: Bool = true) -> [(String, String)] {
        var fields: [(String, String)] = []
        if let check { fields.append(("check", check)) }
        if let severity { fields.append(("severity", severity.rawValue)) }
        if let label { fields.append(("label", label)) }
        if let trainingPoint { fields.append(("training_point", trainingPoint)) }
        if let source { fields.append(("source", source)) }
        if status != .pending { fields.append(("status", status?.rawValue ?? "any")) }
        if let flagged { fields.append(("flagged", flagged ? "yes" : "no")) }
        if let suggestion { fields.append(("suggestion", suggestion)) }
        if let minimumConfidence { fields.append(("confidence", String(minimumConfidence))) }
        if includingPage, page > 1 { fields.append(("page", String(page))) }
        return fields
    }

    /// The query string (without `?`; empty for the defaults).
    func queryString(includingPage: Bool = true) -> String { FormFields.encode(fields(includingPage: includingPage)) }

    /// `/queue?...`.
    var queueURL: String { Self.withQuery("/queue", queryString()) }

    /// `/examples/ID?...` (the filters carry over so that j and k follow this queue).
    func exampleURL(_ id: Int64) -> String { Self.withQuery("/examples/\(id)", queryString(includingPage: false)) }

    /// This query on another page.
    func onPage(_ page: Int) -> QueueQuery {
        var copy = self
        copy.page = page
        return copy
    }

    static func withQuery(_ path: String, _ query: String) -> String { query.isEmpty ? path : path + "?" + query }
}
