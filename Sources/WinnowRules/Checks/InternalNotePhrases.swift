/// The phrase list of `internal_note_leak`: what agents write to each other, never to a customer.
enum InternalNotePhrases {
    static let lists: [(category: String, phrases: [String])] = [
        (
            "internal_note",
            [
                "internal note", "internal only", "internal use only", "for internal use", "[internal]", "(internal)",
                "internal:", "note to self", "agent note", "private note", "note to agent", "note for agent",
                "do not send to customer", "do not send to the customer", "do not share with customer",
                "do not share with the customer", "don't share with the customer", "don't tell the customer",
                "do not tell the customer", "not customer facing", "not customer-facing", "not for the customer",
                "@here", "@channel", "todo:", "fyi team", "escalate to tier", "assigning to tier", "reassigning to",
                "per macro", "macro used:",
            ]
        ),
        (
            "third_person",
            [
                "the customer is", "the customer was", "the customer has", "the customer wants", "the customer seems",
                "the customer said", "customer seems", "cust is", "cust wants", "cx is", "cx wants",
            ]
        ),
    ]

    static func describe(_ category: String) -> String {
        category == "third_person"
            ? "speaks about the customer in the third person, like a note between agents"
            : "internal note meant for agents"
    }
}
