import WinnowCore
import WinnowHTML

/// Reads the examples of one parsed page (see ``HTMLImporter`` for the layouts it knows).
struct HTMLPageReader {
    let document: HTMLDocument
    let root: HTMLElement
    let file: String
    let options: ImportOptions

    init(document: HTMLDocument, file: String, options: ImportOptions) {
        self.document = document
        self.root = document.root
        self.file = file
        self.options = options
    }

    /// Streams the page's records and failures to `body`: the profile's tickets when there is a profile, else the
    /// page's thread when it has one, else its ticket tables, else the page as one e-mail. A thread wins over tables
    /// beside it (a forum's related topics, a ticket's attachments listed with a description).
    func read(_ body: (ImportEvent) throws -> Void) throws {
        if let profile = options.htmlProfile {
            try readProfile(profile, body)
            return
        }
        let tables = ticketTables()
        if !tables.isEmpty, !hasThread() {
            for table in tables { try readTable(table, body) }
            return
        }
        try readThread(body)
    }

    /// The message cleaner the options ask for (`cleanReplies`, on unless turned off).
    var messageCleaner: MessageElementCleaner {
        MessageElementCleaner(cleans: options.cleanReplies ?? true)
    }

    /// The page's `<body>` (the root when there is none).
    var body: HTMLElement {
        root.childElements.first { $0.name == "body" } ?? root
    }

    /// An import event for a drafted record.
    func event(_ result: Result<ExampleDraft, RecordFailure>) -> ImportEvent {
        switch result {
        case .success(let draft): return .record(draft)
        case .failure(let error): return .failure(error)
        }
    }
}
