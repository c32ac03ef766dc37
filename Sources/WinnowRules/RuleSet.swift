/// The rules loaded from one or more rule directories, overrides applied, in load order.
public struct RuleSet: Sendable {
    /// Every rule after overrides, disabled ones included (for listings).
    public let rules: [Rule]

    /// A set of already-loaded rules.
    init(rules: [Rule]) {
        self.rules = rules
    }

    /// The rules that run: those not switched off with `enabled: false`.
    public var activeRules: [Rule] { rules.filter(\.enabled) }

    /// The rule with `id`, if any.
    public func rule(withID id: String) -> Rule? { rules.first { $0.id == id } }
}
