/// Column names read word by word, for the names the automatic mapping does not know whole: a helpdesk's export in
/// another language names its columns in phrases (`Message du client`, `Respuesta del agente`, `mensagem do
/// cliente`, `motivo do contato`) or, in Chinese, Japanese and Korean, in compounds (`問い合わせ内容`, `回答`), where
/// ``FieldMapping/automaticNames`` lists single names. A name tells a field by one of its words (in a phrase, a word
/// matches its plural or a longer inflection too: `Nachrichten`, `Mitarbeiters`); a word of an id, a date, a count, a
/// status, a kind or a dialogue (`Message ID`, `Response time`, `dialogue_text`; a `Request type` is a label), or a
/// preposition last (`reply_to`, `created_by`), keeps it from being a text. In order: a kind of contact is the label,
/// an answer's word the response, a title's word the subject (`Betreff der Anfrage`), a message written by the
/// agent's side (`Agent message`) the response, a message's word the input.
enum HeaderWords {
    /// What a column named `key` holds, by its words; nil when no word tells.
    static func field(of key: String) -> Field? {
        guard case .field(let field) = reading(of: key) else { return nil }
        return field
    }

    /// Whether the name `key` says nothing of what its column holds: no word of a field, nor of what is no text (an
    /// id, a date, a note, a kind, the agent's side), as `Anliegen`, a made-up name or a text's word alone does.
    static func saysNothing(of key: String) -> Bool {
        reading(of: key) == .nothing
    }

    /// What the words of a name say.
    private enum Reading: Equatable {
        case field(Field), notText, nothing
    }

    private static func reading(of key: String) -> Reading {
        // A name runs to a few words: a longer "name" is a value (a header guessed wrongly, a row of numbers), and
        // a name without a letter tells nothing.
        guard key.utf8.count <= 200 else { return .nothing }
        let lowered = key.lowercased()
        let words = lowered.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        guard words.contains(where: { $0.contains(where: \.isLetter) }) else { return .nothing }
        // A name of one word is read as it is (a list of `issues` is no customer's issue); a phrase's words may be
        // inflected.
        let phrase = words.count > 1
        // The compounds' tokens are all Chinese, Japanese or Korean: a name in ASCII holds none of them.
        let mayHoldTokens = !lowered.utf8.allSatisfy { $0 < 0x80 }
        func holdsToken(_ tokens: [String]) -> Bool { mayHoldTokens && tokens.contains { lowered.contains($0) } }
        func has(_ list: Set<String>, _ tokens: [String]) -> Bool {
            words.contains { word in phrase ? matches(word, list) : list.contains(word) } || holdsToken(tokens)
        }
        if words.contains(where: { matches($0, ticketWords) }),
            words.contains(where: { matches($0, idWords) }) || ["#", "n°", "nº"].contains(where: lowered.contains)
        {
            return .field(.ticketID)
        }
        // Compounds: `チケットID`, `工单号`.
        if holdsToken(ticketTokens),
            holdsToken(idTokens) || lowered.hasSuffix("id") || lowered.hasSuffix("no")
        {
            return .field(.ticketID)
        }
        if has(notText, notTextTokens) { return .notText }
        // A preposition last names whom or when (`reply_to`, `created_by`, `sent_at`, `message_from`); inside a
        // phrase it does not (`Message from customer`, `Reply to customer`).
        if words.count > 1, let last = words.last, ["to", "from", "by", "at"].contains(last) { return .notText }
        if has(labelWords, labelTokens) { return .field(.label) }
        if has(responseWords, responseTokens) { return .field(.response) }
        if has(subjectWords, subjectTokens) { return .field(.subject) }
        // A text's words name the input only in a phrase or a compound (`Customer message`, `問い合わせ内容`): a
        // text's names of one word the automatic mapping knows whole, and `problem` or `issue` alone may be a code.
        guard phrase || holdsToken(inputTokens) else { return .nothing }
        if has(inputWords, inputTokens) { return .field(has(agentWords, agentTokens) ? .response : .input) }
        // The support side's column that is no message (`Agent Skill`) says it is not the customer's.
        return has(agentWords, agentTokens) ? .notText : .nothing
    }

    /// The fields a column's words may tell.
    enum Field: Equatable {
        case input, response, label, subject, ticketID
    }

    /// Words of a ticket, which with an id's word (`ID del ticket`, `Ticket #`, `チケットID`) name its id.
    private static let ticketWords: Set<String> = [
        "ticket", "case", "caso", "chamado", "vorgang", "vorgangs", "fall", "dossier", "incidencia", "incidente",
        "incident", "demande", "solicitud", "zgłoszenie", "zgłoszenia", "ärende", "melding",
    ]
    private static let ticketTokens = ["チケット", "工单", "案件", "問い合わせ番号", "티켓"]
    private static let idWords: Set<String> = [
        "id", "number", "no", "nr", "nummer", "numéro", "numero", "número", "num", "key", "ref", "reference",
        "référence", "referencia", "referência",
    ]
    private static let idTokens = ["番号", "号", "ＩＤ", "번호"]

    /// Whether `word` is one of `list`, or one of its words of five letters or more with up to three letters more
    /// (`messages`, `nachrichten`, `mitarbeiters`).
    private static func matches(_ word: String, _ list: Set<String>) -> Bool {
        if list.contains(word) { return true }
        guard word.count > 5 else { return false }
        for cut in 1...3 where word.count - cut >= 5 {
            if list.contains(String(word.dropLast(cut))) { return true }
        }
        return false
    }

    /// Words of what is not a text: ids, dates and times, counts, states, kinds, addresses, people, scores.
    private static let notText: Set<String> = [
        "id", "ids", "uuid", "key", "date", "time", "timestamp", "count", "number", "num", "no", "nr", "size",
        "length", "status", "state", "type", "kind", "code", "url", "link", "author", "sender",
        "language", "lang", "locale", "channel", "priority", "score", "rating", "sentiment", "tone", "internal",
        "note", "notes", "format", "attachment", "attachments", "address", "phone", "name",
        // A dialogue's or a chat's text is read by what it holds (a transcript, a dialogue to summarise).
        "dialogue", "dialog", "conversation", "transcript", "chat",
        "fecha", "hora", "data", "datum", "uhrzeit", "heure", "estado", "statut", "tipo", "typ", "sprache", "idioma",
        "langue", "lingua", "nummer", "numéro", "numero", "número", "interne", "intern", "interna", "interno",
        "priorität", "prioridad", "prioridade", "priorité", "anzahl", "nombre", "nome", "nom",
    ]
    private static let notTextTokens = [
        "番号", "日時", "日付", "日期", "时间", "時間", "時刻", "状态", "状態", "状況", "번호", "날짜", "상태", "ステータス", "優先度", "优先级",
        // A message's or a file's type (text, image) is no label, as `message_type` is none.
        "消息类型", "消息類型", "メッセージタイプ", "文件类型", "ファイルタイプ",
    ]

    /// Words of a kind of contact: its category, intent, topic or reason.
    private static let labelWords: Set<String> = [
        "category", "categories", "intent", "intents", "label", "topic", "queue", "reason", "classification",
        "disposition", "kategorie", "catégorie", "categorie", "categoría", "categoria", "kategoria", "kategori",
        "motif", "motivo", "motivazione", "grund", "thema", "tema", "reden",
    ]
    private static let labelTokens = [
        "カテゴリ", "分類", "分类", "類別", "类别", "種別", "種類", "种类", "意図", "意图", "ラベル", "标签", "카테고리", "분류", "유형",
        // A type, as the name `type` alone is a label: `问题类型`, `工单类型`, `問題タイプ`.
        "类型", "類型", "タイプ",
    ]

    /// Words of an answer.
    private static let responseWords: Set<String> = [
        "response", "answer", "reply", "resolution", "solution", "antwort", "lösung", "loesung", "réponse",
        "reponse", "respuesta", "solución", "solucion", "resposta", "solução", "solucao", "risposta", "soluzione",
        "antwoord", "oplossing", "odpowiedź", "odpowiedz", "svar", "svaret",
    ]
    private static let responseTokens = ["回答", "返信", "返答", "回复", "答复", "対応", "解決", "解决", "답변", "응답"]

    /// Words of a message, a question or a description.
    private static let inputWords: Set<String> = [
        "message", "body", "description", "text", "question", "query", "inquiry", "enquiry", "request", "complaint",
        "content", "utterance", "prompt", "comment", "comments",
        "beschreibung", "nachricht", "anfrage", "frage", "inhalt", "kommentar", "problembeschreibung", "texte",
        "demande", "contenu", "commentaire", "problème", "descripción", "descripcion", "mensaje", "texto", "pregunta",
        "consulta", "contenido", "solicitud", "comentario", "problema", "descrição", "descricao", "mensagem",
        "pergunta", "conteúdo", "conteudo", "solicitação", "solicitacao", "reclamação", "reclamacao", "descrizione",
        "messaggio", "testo", "domanda", "richiesta", "contenuto", "beschrijving", "bericht", "tekst", "vraag",
        "inhoud", "opis", "wiadomość", "wiadomosc", "treść", "tresc", "beskrivning", "meddelande",
    ]
    private static let inputTokens = [
        "内容", "本文", "質問", "问题", "問題", "描述", "メッセージ", "消息", "留言", "詳細", "详情", "문의", "내용", "질문",
    ]

    /// Words of the support side, which make a message's column the answer.
    private static let agentWords: Set<String> = [
        "agent", "agente", "support", "staff", "operator", "operador", "operatore", "opérateur", "mitarbeiter",
        "berater", "conseiller", "atendente", "medewerker", "employee", "representative", "advisor", "rep",
    ]
    private static let agentTokens = ["担当者", "客服", "スタッフ", "상담원"]

    /// Words of a title.
    private static let subjectWords: Set<String> = [
        "subject", "title", "betreff", "titel", "sujet", "objet", "titre", "asunto", "título", "titulo", "assunto",
        "oggetto", "titolo", "onderwerp", "temat", "ämne",
    ]
    private static let subjectTokens = ["件名", "標題", "标题", "主题", "主題", "제목", "タイトル"]
}
