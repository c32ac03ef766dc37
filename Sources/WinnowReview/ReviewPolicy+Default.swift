extension ReviewPolicy {
    /// The built-in policies by name.
    public static let builtIn: [String: String] = ["default": defaultYAML]

    /// The built-in default policy, as YAML (what `winnow review policy` prints).
    public static let defaultYAML = """
        # The built-in review policy (`winnow review auto` without --policy). Rules run in order: for each example
        # no person has decided, the first rule that matches and would change something decides.
        name: default
        description: Clear the obvious cases and leave the rest for a person.
        rules:
          - id: reject-duplicate-copies
            description: >-
              Reject copies of a kept example (the same words but for case, punctuation, numbers, names, greetings,
              politeness words or a typo); paraphrases stay, flagged at info for a reviewer
            action: reject
            checks: [exact-duplicate, near-duplicate]
            copies_only: true
          - id: cap-over-represented-meanings
            description: >-
              Where one meaning is grossly over-represented (a duplicate cluster of paraphrases more than 30 times
              its label's typical cluster size), keep a sample of that size and reject the rest
            action: reject
            checks: [exact-duplicate, near-duplicate]
            over_represented: 30
          - id: relabel-precise-label-issues
            description: >-
              Relabel to the audit's suggestion, and approve, where the audit measured at least 95% precision
              at the suggestion's confidence (planted flips on this data)
            action: relabel
            checks: [label-issue]
            min_estimated_precision: 0.95
            approve: true
          - id: approve-clean
            description: Approve examples with no warning or error flag
            action: approve
            max_severity: info

        """
}
