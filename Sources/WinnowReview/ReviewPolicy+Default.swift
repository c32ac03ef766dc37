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
            description: Reject exact and near duplicates that are not their cluster's representative
            action: reject
            checks: [exact-duplicate, near-duplicate]
            only_non_representatives: true
          - id: relabel-confident-label-issues
            description: Relabel to the audit's suggested label when it is more than 90% confident
            action: relabel
            checks: [label-issue]
            confidence_above: 0.9
          - id: approve-clean
            description: Approve examples with no warning or error flag
            action: approve
            max_severity: info

        """
}
