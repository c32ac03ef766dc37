import ArgumentParser
import WinnowCore
import WinnowStore

/// Which examples a command works on: `--status`, `--label`, `--source`.
struct SelectionOptions: ParsableArguments {
    @Option(help: "Only examples with this review status: pending, approved or rejected.")
    var status: String?

    @Option(help: "Only examples with this label (after relabels).")
    var label: String?

    @Option(help: "Only examples from this source file (path or its ending).")
    var source: String?

    func validate() throws {
        try Self.validate(status: status)
    }

    /// Refuses a `--status` value that is not a review status.
    static func validate(status: String?) throws {
        if let status, ReviewStatus(rawValue: status) == nil {
            throw ValidationError("--status must be pending, approved or rejected (got '\(status)')")
        }
    }

    /// Whether any selection was given.
    var isEmpty: Bool { status == nil && label == nil && source == nil }

    /// The selection as a store filter.
    var filter: ExampleFilter {
        ExampleFilter(status: status.flatMap(ReviewStatus.init(rawValue:)), label: label, source: source)
    }
}
