import Testing
import WinnowCore

@testable import WinnowImport

@Suite("FieldMapping")
struct FieldMappingTests {
    @Test func aSubjectOfAHandfulOfValuesIsACategoryKeptOutOfTheInput() {
        // The Kaggle support tickets: `Ticket Subject` is one of 16 categories.
        let categories = ["Product setup", "Network problem", "Refund request", "Battery life"]
        let records = (0..<60).map { index in
            JSONObject([
                ("Ticket ID", .string(String(index))), ("Ticket Type", "Technical issue"),
                ("Ticket Subject", .string(categories[index % 4])), ("Ticket Description", .string("Issue \(index)")),
            ])
        }
        var mapping = FieldMapping()
        #expect(mapping.categoricalSubject(in: records) == "Ticket Subject")
        #expect(mapping.categoricalSubject(in: Array(records.prefix(40))) == nil)
        mapping.categoricalSubjects = ["Ticket Subject"]
        #expect(mapping.resolve(keys: records[0].keys).assignment[.input] == ["Ticket Description"])
        // Subjects people wrote differ from ticket to ticket.
        let written = records.enumerated().map { index, record in
            var record = record
            record["Ticket Subject"] = .string("Order \(index) late")
            return record
        }
        #expect(FieldMapping().categoricalSubject(in: written) == nil)
    }

    /// The mapping error `specifications` produce, if any.
    private func mappingError(_ specifications: [String]) -> MappingError? {
        do {
            _ = try FieldMapping(specifications: specifications)
            return nil
        } catch {
            return error
        }
    }

    /// Exports in other languages name their columns in phrases or compounds: read word by word.
    @Test(arguments: [
        (
            ["Référence du dossier", "Objet", "Message du client", "Réponse", "Motif"],
            ["Objet", "Message du client"], "Réponse", "Motif"
        ),
        (
            ["ID del ticket", "Asunto", "Descripción del problema", "Categoría", "Respuesta del agente", "Estado"],
            ["Asunto", "Descripción del problema"], "Respuesta del agente", "Categoría"
        ),
        (
            ["número do chamado", "assunto", "mensagem do cliente", "resposta", "motivo do contato"],
            ["assunto", "mensagem do cliente"], "resposta", "motivo do contato"
        ),
        (
            ["Vorgangs-ID", "Betreff der Anfrage", "Nachricht des Kunden", "Antwort des Mitarbeiters", "Kategorie"],
            ["Betreff der Anfrage", "Nachricht des Kunden"], "Antwort des Mitarbeiters", "Kategorie"
        ),
        (["チケットID", "件名", "問い合わせ内容", "問い合わせ種別", "回答内容"], ["件名", "問い合わせ内容"], "回答内容", "問い合わせ種別"),
        (["工单号", "标题", "问题描述", "问题分类", "客服回复"], ["标题", "问题描述"], "客服回复", "问题分类"),
        (
            ["N° de demande", "Objet", "Demande du client", "Catégorie", "Réponse"], ["Objet", "Demande du client"],
            "Réponse", "Catégorie"
        ),
        (["工单编号", "标题", "问题描述", "问题类型", "客服回复", "创建时间"], ["标题", "问题描述"], "客服回复", "问题类型"),
        (
            ["Ticket #", "Customer Message", "Agent Message", "Reason for contact"], ["Customer Message"],
            "Agent Message",
            "Reason for contact"
        ),
    ])
    func columnsNamedInPhrasesOrCompounds(keys: [String], input: [String], response: String, label: String) {
        let resolved = FieldMapping().resolve(keys: keys)
        #expect(resolved.assignment[.ticketID] == [keys[0]])
        #expect(resolved.assignment[.input] == input)
        #expect(resolved.assignment[.response] == [response])
        #expect(resolved.assignment[.label] == [label])
    }

    @Test func wordsOfAnIdADateOrAKindKeepAColumnFromBeingAText() {
        let resolved = FieldMapping().resolve(keys: [
            "Message ID", "Response time", "Request type", "Comment count", "Message du client",
        ])
        #expect(resolved.assignment[.input] == ["Message du client"])
        #expect(resolved.assignment[.response] == nil)
        #expect(resolved.assignment[.label] == ["Request type"])
        // A preposition last names whom or when; inside a phrase it does not.
        let prepositions = FieldMapping().resolve(keys: ["reply_to", "Message from customer", "Reply to customer"])
        #expect(prepositions.assignment[.input] == ["Message from customer"])
        #expect(prepositions.assignment[.response] == ["Reply to customer"])
        // Names known whole come first: the word pass only fills what they leave.
        let known = FieldMapping().resolve(keys: ["body", "Customer message", "answer", "Agent reply"])
        #expect(known.assignment[.input] == ["body"])
        #expect(known.assignment[.response] == ["answer"])
        // A chat export's message type (text, image) is no label; a question's type is.
        let types = FieldMapping().resolve(keys: ["消息类型", "问题描述", "问题类型"])
        #expect(types.assignment[.label] == ["问题类型"])
        #expect(types.assignment[.input] == ["问题描述"])
    }

    @Test func aNameTooLongOrWithoutALetterIsReadAsNoName() {
        // A header guessed from a row of values: a sentence far longer than a name, numbers.
        let sentence =
            "Hello, I would like to know why the message I sent about my order " + String(repeating: "was ", count: 40)
        let resolved = FieldMapping().resolve(keys: [sentence, "0.25", "2024", "Message du client"])
        #expect(resolved.assignment[.input] == ["Message du client"])
        #expect(FieldMapping().resolve(keys: [sentence + " message"]).assignment[.input] == nil)
        // Thousands of columns resolve (each name read once).
        let wide = (0..<3000).map { "Column \($0) note" } + ["Customer message"]
        #expect(FieldMapping().resolve(keys: wide).assignment[.input] == ["Customer message"])
    }

    @Test func columnsNamedByWordsWhoseValuesAreNotTheirFieldsAreSetAside() {
        // A complaint database: its `Company public response` is one of three canned statements, `Timely response?`
        // a yes or no; its narrative is the text.
        let statements = [
            "Company has responded to the consumer and chooses not to provide a public response",
            "Company believes it acted appropriately as authorized by contract or law",
            "Company disputes the facts presented in the complaint",
        ]
        let records = (0..<40).map { index in
            JSONObject([
                ("Complaint ID", .string(String(3_000_000 + index))),
                ("Consumer complaint narrative", .string("My card \(index) was charged twice for one purchase.")),
                ("Company public response", .string(statements[index % 3])), ("Timely response?", "Yes"),
            ])
        }
        let mapping = FieldMapping()
        let setAside = mapping.wordNamedKeysSetAside(in: records)
        #expect(setAside == ["Company public response", "Timely response?"])
        var kept = mapping
        kept.wordKeysSetAside = setAside
        let resolved = kept.resolve(keys: records[0].keys)
        #expect(resolved.assignment[.input] == ["Consumer complaint narrative"])
        #expect(resolved.assignment[.response] == nil)
        // Too few records to see repeats: names are trusted; a label of long texts is not one.
        #expect(mapping.wordNamedKeysSetAside(in: Array(records.prefix(3))).isEmpty)
        let reasons = [JSONObject([("Customer message", "Hi"), ("Reason for contact", .string(statements[0]))])]
        #expect(mapping.wordNamedKeysSetAside(in: reasons) == ["Reason for contact"])
    }

    @Test func parsesSpecifications() throws {
        let mapping = try FieldMapping(specifications: [
            "input=ticket.subject+ticket.body", " Label = meta.queue ", "TRAINING_POINT=skill", "ticket_id=id",
            "response=a + b", "messages=thread",
        ])
        #expect(
            mapping.explicit == [
                .input: ["ticket.subject", "ticket.body"], .label: ["meta.queue"], .trainingPoint: ["skill"],
                .ticketID: ["id"], .response: ["a", "b"], .messages: ["thread"],
            ])
        #expect(try FieldMapping(specifications: []).explicit.isEmpty)
        #expect(try FieldMapping(specifications: ["input=a=b"]).explicit == [.input: ["a=b"]])
    }

    @Test(arguments: [
        (["inputsubject"], "is not FIELD=SOURCE"),
        (["colour=shade"], "unknown field 'colour'"),
        (["=subject"], "is not FIELD=SOURCE"),
        (["input=subject", "input=body"], "field 'input' is mapped twice"),
        (["label=a", "LABEL=b"], "field 'label' is mapped twice"),
        (["input="], "is not FIELD=SOURCE"),
        (["input=a++b"], "empty source name"),
        (["input=a+ "], "empty source name"),
        (["input=+a"], "empty source name"),
    ])
    func rejectsBadSpecifications(specifications: [String], message: String) throws {
        let error = try #require(mappingError(specifications))
        #expect(error.message.contains(message), "message was: \(error.message)")
        #expect(error.description.hasPrefix("invalid --map: "))
    }

    @Test func unknownFieldErrorListsTheKnownFields() throws {
        let error = try #require(mappingError(["colour=shade"]))
        for field in ExampleField.allCases { #expect(error.message.contains(field.rawValue)) }
    }

    @Test(arguments: [
        ("Ticket ID", "ticket_id"), ("ticket-id", "ticket_id"), ("  Agent Reply ", "agent_reply"), ("BODY", "body"),
        ("already_normal", "already_normal"), ("ticketSubject", "ticket_subject"),
        ("conversationId", "conversation_id"),
        ("TicketID", "ticket_id"), ("HTMLBody", "html_body"), ("Ticket - Type", "ticket_type"),
    ])
    func normalisesKeys(key: String, expected: String) {
        #expect(FieldMapping.normaliseKey(key) == expected)
    }

    @Test func trackerTitlesOpenTheInputOnlyBesideADescription() {
        // Jira's export and ServiceNow's incident table.
        let jira = FieldMapping().resolve(keys: ["Issue key", "Issue id", "Summary", "Description", "Status"])
        #expect(jira.assignment[.input] == ["Summary", "Description"])
        #expect(jira.assignment[.ticketID] == ["Issue key"])
        let serviceNow = FieldMapping().resolve(keys: [
            "number", "short_description", "description", "category", "close_notes",
        ])
        #expect(serviceNow.assignment[.input] == ["short_description", "description"])
        #expect(serviceNow.assignment[.response] == ["close_notes"])
        #expect(serviceNow.assignment[.label] == ["category"])
        // ServiceNow's task number is the ticket id there; a `number` elsewhere is no id.
        #expect(serviceNow.assignment[.ticketID] == ["number"])
        #expect(FieldMapping().resolve(keys: ["number", "question", "answer"]).assignment[.ticketID] == nil)
        // A summary beside a dialogue to summarise is no ticket title.
        let summarised = FieldMapping().resolve(keys: ["dialogue_text", "summary"])
        #expect(summarised.assignment[.input] == nil)
        // A subject wins over a summary.
        let both = FieldMapping().resolve(keys: ["subject", "summary", "body"])
        #expect(both.assignment[.input] == ["subject", "body"])
    }

    @Test func automaticResolutionPrefersEarlierNames() {
        let resolved = FieldMapping().resolve(keys: [
            "id", "ticket_id", "type", "category", "reply", "answer", "message", "body", "subject", "extra",
        ])
        #expect(resolved.assignment[.ticketID] == ["ticket_id"])
        #expect(resolved.assignment[.label] == ["category"])
        #expect(resolved.assignment[.response] == ["answer"])
        #expect(resolved.assignment[.input] == ["subject", "body"])
        #expect(resolved.metadataKeys == ["id", "type", "reply", "message", "extra"])
    }

    @Test func subjectJoinsTheBodyAndTitleStandsAlone() {
        let both = FieldMapping().resolve(keys: ["Subject", "Description"])
        #expect(both.assignment[.input] == ["Subject", "Description"])
        #expect(FieldMapping().resolve(keys: ["title"]).assignment[.input] == ["title"])
        #expect(FieldMapping().resolve(keys: ["priority"]).assignment[.input] == nil)
    }

    @Test func explicitEntriesWinAndTheirRootsAreNotReused() throws {
        let mapping = try FieldMapping(specifications: ["input=ticket.subject+ticket.body", "label=meta.queue"])
        let resolved = mapping.resolve(keys: ["ticket", "meta", "id", "category", "body"])
        #expect(resolved.assignment[.input] == ["ticket.subject", "ticket.body"])
        #expect(resolved.assignment[.label] == ["meta.queue"])
        // `ticket` is in the automatic ticket-id names but already feeds the input.
        #expect(resolved.assignment[.ticketID] == ["id"])
        #expect(resolved.metadataKeys.contains("category"))
        #expect(resolved.metadataKeys.contains("body"))
    }

    @Test func messagesReplaceAutomaticInputAndResponse() {
        let resolved = FieldMapping().resolve(keys: ["messages", "text", "answer", "label", "id"])
        #expect(resolved.assignment[.messages] == ["messages"])
        #expect(resolved.assignment[.input] == nil)
        #expect(resolved.assignment[.response] == nil)
        #expect(resolved.assignment[.label] == ["label"])
        #expect(resolved.assignment[.ticketID] == ["id"])
        #expect(resolved.metadataKeys == ["text", "answer"])
    }

    @Test func summaryListsWhatWasMappedAndWhatWasNot() {
        let resolved = FieldMapping().resolve(keys: ["subject", "body", "queue", "priority", "created_at"])
        #expect(
            resolved.summary == [
                "input <- subject + body", "label <- queue", "order <- created_at (kept in metadata)",
                "kept only in metadata: priority",
                "no source for: response, ticket_id (name one with --map FIELD=SOURCE)",
            ])
        #expect(
            FieldMapping().resolve(keys: ["text", "answer", "label", "id"]).summary == [
                "input <- text", "response <- answer", "label <- label", "ticket_id <- id",
                "kept only in metadata: (nothing)",
            ])
        #expect(
            FieldMapping().resolve(keys: ["priority"]).summary.last
                == "no source for: input, response, label, ticket_id (name one with --map FIELD=SOURCE)")
    }

    /// Names a user meets in real exports, however they are written.
    @Test(arguments: [
        ["Ticket Subject", "Ticket Description", "Ticket Type", "Ticket ID"],
        ["ticketSubject", "ticketDescription", "ticketType", "ticketId"],
        ["ticket-subject", "ticket-description", "ticket-type", "ticket-id"],
        ["TICKET_SUBJECT", "TICKET_DESCRIPTION", "TICKET_TYPE", "TICKETID"],
        // HubSpot's ticket export.
        ["Ticket name", "Ticket description", "Category", "Ticket ID"],
    ])
    func spacedDashedAndCamelCaseNamesAreOneName(keys: [String]) {
        let resolved = FieldMapping().resolve(keys: keys)
        #expect(resolved.assignment[.input] == [keys[0], keys[1]])
        #expect(resolved.assignment[.label] == [keys[2]])
        #expect(resolved.assignment[.ticketID] == [keys[3]])
    }

    @Test(arguments: [
        ("sentence", "intent"), ("utterance", "label"), ("complaint", "category"), ("query", "topic"),
        ("request", "queue"), ("prompt", "label"), ("message", "department_name"),
    ])
    func commonInputNames(input: String, label: String) {
        let resolved = FieldMapping().resolve(keys: [input, label])
        #expect(resolved.assignment[.input] == [input])
        #expect(resolved.assignment[.label] == [label])
    }

    @Test func instructionDataTakesTheInputAsContext() {
        let alpaca = FieldMapping().resolve(keys: ["instruction", "input", "output"])
        #expect(alpaca.assignment[.input] == ["instruction", "input"])
        #expect(alpaca.assignment[.response] == ["output"])
        let dolly = FieldMapping().resolve(keys: ["instruction", "context", "response", "category"])
        #expect(dolly.assignment[.input] == ["instruction", "context"])
        #expect(dolly.assignment[.label] == ["category"])
        // Without an instruction, `input` is the input itself.
        #expect(FieldMapping().resolve(keys: ["input", "output"]).assignment[.input] == ["input"])
    }

    @Test func conversationIDsServeAsTicketIDsWhenThereIsNone() {
        #expect(FieldMapping().resolve(keys: ["text", "conversationId"]).assignment[.ticketID] == ["conversationId"])
        #expect(FieldMapping().resolve(keys: ["text", "session_id", "id"]).assignment[.ticketID] == ["session_id"])
        let both = FieldMapping().resolve(keys: ["text", "thread_id", "Ticket ID"])
        #expect(both.assignment[.ticketID] == ["Ticket ID"])
        #expect(both.metadataKeys == ["thread_id"])
    }

    @Test func theOrderFieldIsRecognisedAndKeptInMetadata() throws {
        let resolved = FieldMapping().resolve(keys: ["text", "timestamp"])
        #expect(resolved.orderKey == "timestamp")
        let record = JSONObject([(key: "text", value: "Q"), (key: "timestamp", value: "2024-01-02T03:04:05Z")])
        let draft = try resolved.draft(from: record, file: "f", locator: .line(1), raw: "").get()
        #expect(draft.metadata["timestamp"] == "2024-01-02T03:04:05Z")
    }

    @Test(arguments: [
        ("  plain  ", "plain" as String?), ("a\r\nb\rc", "a\nb\nc"), ("\r\n \t", nil), ("", nil),
        ("keep  inner  spaces", "keep  inner  spaces"),
    ])
    func cleansFieldText(text: String, expected: String?) {
        #expect(ResolvedMapping.clean(text) == expected)
    }

    @Test func draftJoinsLabelsWithSpacesAndTicketIDsWithDashes() throws {
        let mapping = try FieldMapping(specifications: ["input=q", "label=a+b", "ticket_id=x+y"])
        let record = JSONObject([
            (key: "q", value: "Q"), (key: "a", value: "L1"), (key: "b", value: "L2"),
            (key: "x", value: 12), (key: "y", value: "B"),
        ])
        let draft = try mapping.resolve(keys: record.keys).draft(
            from: record, file: "f", locator: .line(1), raw: ""
        ).get()
        #expect(draft.label == "L1 L2")
        #expect(draft.ticketID == "12-B")
    }

    @Test func noInputErrorNamesTheTriedFields() throws {
        let mapping = try FieldMapping(specifications: ["input=q+r"])
        let record = JSONObject([(key: "q", value: " "), (key: "z", value: 1)])
        let result = mapping.resolve(keys: record.keys).draft(from: record, file: "f", locator: .line(3), raw: "raw")
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .noInput)
        #expect(error.message.contains("q, r"))
        #expect(error.locator == .line(3))
        #expect(error.snippet == "raw")
    }
}

@Suite("Field mapping: field slots")
struct FieldSlotTests {
    @Test func slotsFollowTheOrderOfAllCases() {
        #expect(ExampleField.allCases.map(\.slot) == Array(ExampleField.allCases.indices))
    }
}
