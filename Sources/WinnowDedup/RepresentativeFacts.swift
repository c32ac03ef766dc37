import WinnowCore

/// What decides which member of a duplicate cluster is kept: approved first, then the fewest flags, then one with
/// a response, then the longest response, then the oldest (smallest id).
public struct RepresentativeFacts: Sendable, Equatable {
    /// The example id (the last tie-breaker).
    public var id: Int64
    /// Review state: an approved example is always preferred.
    public var status: ReviewStatus
    /// Flags from other checks (rule findings, label audits); fewer is better.
    public var flagCount: Int
    /// Length of the response in characters, nil when there is none (an empty response counts as none).
    public var responseLength: Int?

    /// The facts of one example.
    public init(id: Int64, status: ReviewStatus, flagCount: Int, responseLength: Int?) {
        self.id = id
        self.status = status
        self.flagCount = flagCount
        self.responseLength = responseLength
    }

    /// Whether `self` is a better representative than `other`.
    public func isPreferred(over other: RepresentativeFacts) -> Bool {
        let (approved, otherApproved) = (status == .approved, other.status == .approved)
        if approved != otherApproved { return approved }
        if flagCount != other.flagCount { return flagCount < other.flagCount }
        let (hasResponse, otherHasResponse) = ((responseLength ?? 0) > 0, (other.responseLength ?? 0) > 0)
        if hasResponse != otherHasResponse { return hasResponse }
        if (responseLength ?? 0) != (other.responseLength ?? 0) {
            return (responseLength ?? 0) > (other.responseLength ?? 0)
        }
        return id < other.id
    }

    /// The index of the preferred member of `members` (not empty).
    public static func choose(_ members: [RepresentativeFacts]) -> Int {
        precondition(!members.isEmpty, "no members to choose from")
        var best = 0
        for index in members.indices.dropFirst() where members[index].isPreferred(over: members[best]) { best = index }
        return best
    }
}
