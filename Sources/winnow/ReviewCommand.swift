import ArgumentParser

/// `winnow review`: decisions on examples.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract:
            "Decide on examples: approve, reject, relabel, accept a suggestion, edit, reset, undo; a policy; an "
            + "interactive loop.",
        discussion: """
            Every decision is appended to the example's history with the reviewer, the time, the state before and
            after, and the example's version; a decision made against an older version is refused.
            """,
        subcommands: [
            ReviewDecisionCommand<ApproveDecision>.self, ReviewDecisionCommand<RejectDecision>.self,
            ReviewRelabelCommand.self, ReviewAcceptCommand.self, ReviewEditCommand.self,
            ReviewDecisionCommand<ResetDecision>.self,
            ReviewUndoCommand.self, ReviewAutoCommand.self, ReviewPolicyCommand.self, ReviewNextCommand.self,
        ])

    static let selectionHelp = """
        Name example ids, or select by filter (--check, --severity, --label, --training-point, --source,
        --status, --suggestion, --min-confidence); a filter without --status takes pending examples only. Prints what
        changed.
        """
}
