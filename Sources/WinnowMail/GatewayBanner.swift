/// The notices a mail gateway writes into a message it lets in from outside the organisation (Exchange and
/// Microsoft 365 transport rules, Mimecast, Proofpoint, Google Workspace): neither the sender's words nor the
/// reader's, so the reply cleaner takes them out.
///
/// A banner is told by its shape and its words, not by one sentence: a short paragraph that opens like a warning (a
/// label such as `CAUTION:`, `[EXTERNAL]`, `ACHTUNG:`, `PRECAUCIÓN:`, or `This email ...`, `Diese E-Mail ...`),
/// says the message came from outside (`originated from outside of the organization`, `from an external sender`,
/// `von einem externen Absender`, `de l'extérieur de l'organisation`, `fuera de la organización`, `van buiten de
/// organisatie`), and whose every sentence is about that: where the mail came from, links, attachments, the sender,
/// reporting it. Microsoft's first-contact tip (`You don't often get email from a@b.example. Learn why this is
/// important`, and its translations) and a gateway's tag alone on its line (`[EXTERNAL]`, `Externe E-Mail`) count
/// too. Text written in the first person (`my`, `I'm`, `ich`, `ik`) is never a banner, nor is a sentence that only
/// mentions something external (`Caution: the external drive stopped working`).
enum GatewayBanner {
    /// The most UTF-8 bytes a banner holds (the longest, in two languages, run to about 600).
    static let maximumBytes = 900

    /// Whether `text`, a paragraph's lines joined by spaces, is a gateway's banner.
    static func isBanner(_ text: String) -> Bool {
        guard text.utf8.count <= maximumBytes else { return false }
        let trimmed = MailText.trimmed(text)
        if isTag(trimmed, inSubject: false) { return true }
        // Quoted, it is the sender's words about a banner.
        if let first = trimmed.first, "\"“„«'‘".contains(first) { return false }
        let text = normalised(text)
        guard !text.isEmpty, !firstPerson.matches(text) else { return false }
        // Microsoft's first-contact tip names the sender's address and ends in its link.
        if learnWhyAtEnd.matches(text) { return text.contains("@") && text.utf8.count <= 400 }
        guard opening.matches(text) else { return false }
        if firstContact.matches(text) { return text.contains("@") && sentencesAreBanner(text) }
        guard let label = labelEnd(text) else {
            return origin.matches(text) && caution.matches(text) && sentencesAreBanner(text)
        }
        let rest = String(text[label...])
        let labelNamesOrigin = externalWord.matches(String(text[..<label]))
        guard labelNamesOrigin || origin.matches(rest) else { return false }
        return (labelNamesOrigin || selfReference.matches(rest) || caution.matches(rest)) && sentencesAreBanner(rest)
    }

    /// Whether `line` may be part of a banner: it has a non-ASCII byte, or one of the ASCII words every ASCII
    /// banner holds (``asciiWords``).
    static func mayBeBanner(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { bytes in bytes.contains { $0 >= 0x80 } || asciiWordSet.occurs(in: bytes) }
    }

    /// Words one of which every banner written in ASCII holds: its word for "external" or "outside", a tag's
    /// bracket, the first-contact tip's words.
    static let asciiWords = [
        "extern", "outside", "[ext", "*ext", "(ext", "often get", "important", "learnabout", "buiten", "fuera",
        "fora d", "estern", "utanf", "utenfor", "uden for", "spoza", "ulkop", "ulkoinen",
    ]
    private static let asciiWordSet = ASCIIWordSet(asciiWords)

    /// Whether `text` leads into a banner without being one: a label alone (`CAUTION:`, `External Sender Warning`),
    /// or a line of rule characters (`-----`, Proofpoint's `!----|`).
    static func isLeadIn(_ text: String) -> Bool {
        let text = normalised(text)
        guard !text.isEmpty else { return true }
        return labelAlone.matches(text)
    }

    /// Whether `line` only draws around a banner: no letter or digit (`------`, `|-----!`, `****`), or
    /// Proofpoint's markers (`ZjQcmQRYFpfptBannerStart`).
    static func isDecoration(_ line: String) -> Bool {
        if line.lowercased().contains("pfptbanner") { return true }
        return !line.contains { $0.isLetter || $0.isNumber }
    }

    /// Whether `text` is a gateway's tag, as written in a subject or alone on a line (`[EXTERNAL]`, `*EXT*`,
    /// `Externe E-Mail`): a tag of one word counts only between brackets or asterisks, or in a subject in capitals
    /// (`EXTERNAL:`).
    static func isTag(_ text: String, inSubject: Bool) -> Bool {
        guard text.utf8.count <= 64 else { return false }
        var core = Substring(text)
        var decorated = false
        while let first = core.first, "[(*<{".contains(first) {
            core = core.dropFirst()
            decorated = true
        }
        while let last = core.last, "])*>}:!.".contains(last) { core = core.dropLast() }
        let words = core.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard tags.contains(words) else { return false }
        return decorated || words.contains(" ") || inSubject && core.allSatisfy { !$0.isLowercase }
    }

    /// The end of a leading gateway tag in `subject` (`[EXTERNAL] `, `*EXT* `, `EXTERNAL: `, `(External email)
    /// `), spaces after it included; nil when the subject opens with none.
    static func tagEnd(inSubject subject: Substring) -> Substring.Index? {
        guard let first = subject.first else { return nil }
        let end: Substring.Index?
        switch first {
        case "[": end = subject.firstIndex(of: "]").map(subject.index(after:))
        case "(": end = subject.firstIndex(of: ")").map(subject.index(after:))
        case "*":
            let inner = subject.dropFirst().drop { $0 == "*" }
            end = inner.firstIndex(of: "*").map { close in
                subject[close...].firstIndex { $0 != "*" } ?? subject.endIndex
            }
        default: end = subject.firstIndex(where: { $0 == ":" || $0 == "：" }).map(subject.index(after:))
        }
        guard let end, end > subject.startIndex, isTag(String(subject[..<end]), inSubject: true) else { return nil }
        return subject[end...].firstIndex { $0 != " " && $0 != "\t" } ?? subject.endIndex
    }

    // MARK: - Reading a paragraph

    /// `text` without the characters drawn around it (rules, brackets, warning signs), curly apostrophes written
    /// straight, and spaces collapsed.
    static func normalised(_ text: String) -> String {
        let isEdge = { (character: Character) in !character.isLetter && !character.isNumber }
        guard let first = text.firstIndex(where: { !isEdge($0) }) else { return "" }
        var end = text.endIndex
        // The closing punctuation of a sentence or a bracket stays; rules and signs after it do not.
        while end > first, let last = text[..<end].last, isEdge(last), !".!?)]".contains(last) {
            end = text.index(before: end)
        }
        return String(text[first..<end].map { $0 == "’" ? "'" : $0 })
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Where `text` goes on after its opening label (`CAUTION:`, `[EXTERNAL EMAIL]`, `ACHTUNG -`), or nil when it
    /// opens with none.
    private static func labelEnd(_ text: String) -> String.Index? {
        label.firstMatch(in: text)?.upperBound
    }

    /// Whether every sentence of `text` is a banner's: about the mail's origin, links, attachments, the sender, or
    /// where to learn more or report it; a question, about the sender, links or attachments.
    private static func sentencesAreBanner(_ text: String) -> Bool {
        var sentences: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if ".!?]".contains(text[index]), next == text.endIndex || text[next] == " " {
                sentences.append(text[start..<next])
                start = next
            }
            index = next
        }
        sentences.append(text[start...])
        // A banner's questions are about the sender, links or attachments (`Do you know who sent it?`).
        return sentences.allSatisfy { sentence in
            !sentence.contains { $0.isLetter }
                || (sentence.last == "?" ? question : bannerWords).matches(String(sentence))
        }
    }

    // MARK: - Vocabulary

    /// Labels a banner opens with, and words for a gateway's warning in the languages of ``ReplyCleaner``.
    private static let labels = [
        "caution", "warning", "attention", "notice", "alert", "important", "external", "ext", "security warning",
        "security notice", "security alert", "cyber security warning", "achtung", "vorsicht", "warnung", "hinweis",
        "wichtig", "sicherheitshinweis", "extern", "externe", "externer", "avertissement", "avis", "prudence",
        "precaución", "precaucion", "advertencia", "atención", "atencion", "aviso", "cuidado", "externo", "externa",
        "atenção", "atencao", "attenzione", "avviso", "avvertenza", "esterno", "esterna", "let op", "waarschuwing",
        "opgelet", "varning", "obs", "observera", "advarsel", "ekstern", "eksternt", "uwaga", "ostrzeżenie", "huomio",
        "varoitus", "ulkoinen",
    ]
    /// Nouns a label goes on with (`EXTERNAL EMAIL:`, `Externe Nachricht:`, `Correo externo:`).
    private static let labelNouns = [
        "e-mails?", "emails?", "mail", "messages?", "senders?", "notice", "warning", "alert", "nachricht", "absender",
        "courriel", "exp[ée]diteur", "correo", "remitente", "mensaje", "mensagem", "remetente", "messaggio", "mittente",
        "bericht", "afzender", "e-post", "avs[äa]ndare", "afsender", "avsender", "wiadomo[śs][ćc]", "nadawca",
        "s[äa]hk[öo]posti",
    ]
    /// A label and the nouns after it.
    private static let labelWords =
        "(?:" + labels.joined(separator: "|") + ")(?:[\\s/-]+(?:" + (labels + labelNouns).joined(separator: "|")
        + "))*"
    /// A label opening the text, with its colon, bracket, sign, dash or full stop.
    private static let label = LinePattern("^" + labelWords + #"\s*(?:[:：\]!*]+|[-–—.](?=\s))\s*"#)
    /// A label and nothing else.
    private static let labelAlone = LinePattern("^" + labelWords + #"\s*[:：\]!*]*$"#)

    /// Words for "external" that make a label name the mail's origin (`EXTERNAL:`, `[Extern]`).
    private static let externalWord = LinePattern(
        #"\b(extern\w*|ext|esterno|esterna|ekstern\w*|zewn[ęe]trzn\w*|ulkoinen)\b"#)

    /// The ways a banner opens: a label, the message itself (`This email ...`, `Diese E-Mail ...`), the receiver
    /// (`You are receiving this message from ...`), or Microsoft's first-contact tip.
    private static let opening = LinePattern(
        "^(?:" + labelWords + #"\s*(?:[:：\]!*]|[-–—.]\s)|"#
            + #"(?:this|the following|diese[sr]?|ce|cet|cette|este|esta|deze|dit|questa|questo|detta|denna|dette|"#
            + #"denne|ta|ten|tämä)\s+(?:e-?mail|email|message|mail|nachricht|courriel|correo|mensaje|mensagem|"#
            + #"bericht|messaggio|e-?post\w*|meddelande|melding|besked|wiadomo\w+|viesti|s[äa]hk[öo]posti)\b|"#
            + #"this is an? (?:external|outside)\b|"#
            + #"you (?:are receiving|have received|received) (?:this|an?) (?:e-?mail|message)\b|"#
            + firstContactWords + ")",
        starts: [
            "caution", "warning", "attention", "notice", "alert", "important", "ext", "security", "cyber", "achtung",
            "vorsicht", "warnung", "hinweis", "wichtig", "sicherheitshinweis", "avertissement", "avis", "prudence",
            "precauci", "advertencia", "atenci", "aviso", "cuidado", "aten", "attenzione", "avviso", "avvertenza",
            "esterno", "esterna", "let op", "waarschuwing", "opgelet", "varning", "obs", "observera", "advarsel",
            "ekstern", "uwaga", "ostrze", "huomio", "varoitus", "ulkoinen", "this", "the following", "diese", "ce ",
            "cet", "este", "esta", "deze", "dit", "questa", "questo", "detta", "denna", "dette", "denne", "ta ",
            "ten ", "t", "you", "some people", "sie erhalten", "einige", "vous", "certaines", "no suele", "algunos",
            "u ontvangt", "sommige", "non ricevi", "alcune", "voc",
        ])

    /// Microsoft's first-contact tip (`You don't often get email from a@b.example.`, `Some people who received
    /// this message don't often get email from ...`), in the languages Outlook writes it.
    private static let firstContactWords =
        #"you don't often get e-?mail from|some people who received this message don't often get e-?mail from|"#
        + #"sie erhalten nicht oft e-?mails? von|einige personen, die diese nachricht erhalten haben, erhalten nicht "#
        + #"oft e-?mails? von|vous n'obtenez pas souvent d'e-?mail|vous ne recevez pas souvent d'e-?mail|"#
        + #"certaines personnes qui ont re[çc]u ce message ne re[çc]oivent pas souvent d'e-?mail|"#
        + #"no suele recibir correos? electr[óo]nicos? de|algunos contactos que recibieron este mensaje no suelen "#
        + #"recibir correos? electr[óo]nicos? de|u ontvangt niet vaak e-?mail van|sommige personen die dit bericht "#
        + #"hebben ontvangen, ontvangen niet vaak e-?mail van|non ricevi spesso messaggi di posta elettronica da|"#
        + #"você não costuma receber e-?mails? de|你通常不会收到来自|你通常不會收到來自"#
    /// The first-contact tip's link ending the text, with Microsoft's address after it or none.
    private static let learnWhyAtEnd = LinePattern("(?:" + learnWhyWords + #")(?:\s*(?:at\s+)?<?https?://\S+)?\W*$"#)
    /// The first-contact tip anywhere.
    private static let firstContact = LinePattern(firstContactWords)
    /// The first-contact tip's link (`Learn why this is important`, its translations, Microsoft's address for it).
    private static let learnWhy = LinePattern(learnWhyWords)
    /// The expression of ``learnWhy``.
    private static let learnWhyWords =
        #"learn why this is important|erfahren sie, warum dies wichtig ist|pourquoi c'est important|"#
        + #"por qu[ée] (es esto|esto es) importante|waarom dit belangrijk is|"#
        + #"perch[ée] [èe] importante|saiba por que isso [ée] importante|learnaboutsenderidentification"#

    /// Where a banner says the mail came from, in each language: from an external sender or source (`an external
    /// email`, `from external senders`, `von einem externen Absender`), from outside the organisation (`originated
    /// outside Acme`, `came from outside your organization`, `provient de l'extérieur de l'organisation`). Not `the
    /// external drive`, `your external sender policy` nor `sent from outside the app`.
    private static let origin = LinePattern(originWords)
    /// The nouns of an organisation a banner says the mail came from outside of.
    private static let organisation =
        #"(organi[sz]ation|company|firm|network|domain|enterprise|business|agency|university|institution|group|"#
        + #"council|bank|school|college|department|hospital|trust|district|government|ministry|"#
        + #"organisation|unternehmens?|firma|einrichtung|entreprise|soci[ée]t[ée]|[ée]tablissement|organizaci[óo]n|"#
        + #"empresa|compa[ñn][íi]a|entidad|instituci[óo]n|organiza[çc][ãa]o|institui[çc][ãa]o|organizzazione|"#
        + #"azienda|ente|bedrijf|instelling|organisationen|f[öo]retaget|organisasjonen|virksomheten|bedriften|"#
        + #"virksomheden|firmaet|organizacji|firmy|instytucji)"#
    /// The expression of ``origin``.
    private static let originWords =
        #"\b(an|from(\s+an?)?|is|are)\s+(external|outside)\s+(e-?mails?|mails?|senders?|messages?|sources?|"#
        + #"contacts?|part(y|ies)|address(es)?|domains?|correspondents?|organi[sz]ations?|networks?)\b|"#
        + #"\boriginat\w*\s+(from\s+)?outside\b|"#
        + #"\b(came|comes|coming|sent|received|arrived|delivered|is|was)\s+(from\s+)?outside\s+(of\s+)?"#
        + #"(the|your|our|this)\s+"# + organisation + "|"
        + #"\boutside\s+(of\s+)?(your|our)\s+"# + organisation + "|"
        // Outside the organisation by its name: `came from outside Northwind Traders`.
        + #"\b(came|comes|coming|sent|received|arrived|delivered|is|was)\s+(from\s+)?outside\s+(of\s+)?(?-i:\p{Lu})|"#
        + #"\b(von|eine[mnr]?|ein)\s+extern\w*\s+(absender\w*|quelle|kontakt\w*|e-?mail|nachricht|person)|"#
        + #"\bau(ß|ss)erhalb\s+(der|ihrer|unserer|des|ihres|unseres)\s+"# + organisation + "|"
        + #"\b(provient|vient|venant|provenant|issue?)\s+de\s+l'ext[ée]rieur|"#
        + #"\bext[ée]rieur\w*\s+(à|de)\s+(l'|la\s+|votre\s+|notre\s+)"# + organisation + "|"
        + #"\b(un|une|d'un|d'une)\s+(exp[ée]diteur|courriel|message|e-?mail|mail|source)\s+externe|"#
        + #"\b(originó|origina|proviene|procede|llegó|viene)\s+(de\s+)?fuera\b|"#
        + #"\bfuera\s+de\s+(la|su|nuestra|el|nuestro)\s+"# + organisation + "|"
        + #"\b(un|una|de\s+un|de\s+una)\s+(remitente|correo|mensaje|origen|fuente)\s+(electr[óo]nico\s+)?extern[oa]|"#
        + #"\bfora\s+d[ao]\s+(sua\s+|nossa\s+)?"# + organisation + "|"
        + #"\b(um|uma|de\s+um|de\s+uma)\s+(remetente|e-?mail|mensagem|origem|fonte)\s+extern[oa]|"#
        + #"\b(un|una|da\s+un|da\s+una)\s+(mittente|e-?mail|email|messaggio|fonte|indirizzo)\s+estern[oa]|"#
        + #"\b(proviene|provenient\w*|arriva\w*)\s+(dall'|da\s+)esterno|"#
        + #"\b(all'esterno|al\s+di\s+fuori)\s+(dell'|della\s+|del\s+)"# + organisation + "|"
        + #"\b(afkomstig|verzonden|verstuurd|komt|kwam)\s+(van\s+)?buiten\b|"#
        + #"\bbuiten\s+(de|uw|onze|het)\s+"# + organisation + "|"
        + #"\b(van|door|een)\s+(een\s+)?externe?\s+(afzender|bron|partij|e-?mail|bericht)|"#
        + #"\butanf[öo]r\s+(din\s+|er\s+|v[åa]r\s+)?"# + organisation + "|"
        + #"\butenfor\s+(din\s+|v[åa]r\s+)?"# + organisation + "|"
        + #"\buden\s*for\s+(din\s+|jeres\s+|vores\s+)?"# + organisation + "|"
        + #"\b(en|fr[åa]n\s+en)\s+extern\s+avs[äa]ndare|\b(en|fra\s+en)\s+ekstern\s+(avsender|afsender)|"#
        + #"\bspoza\s+"# + organisation + "|"
        + #"\bzewn[ęe]trzn\w*\s+nadawc|\borganisaation\s+ulkopuol|\bulkoise\w*\s+l[äa]hett[äa]j"#
    /// The message itself as a sentence's subject (`this email`, `diese Nachricht`, `ce courriel`).
    private static let selfReference = LinePattern(selfReferenceWords)
    /// The expression of ``selfReference``.
    private static let selfReferenceWords =
        #"\b(this|the)\s+(e-?mail|message|mail)\b|\b(diese[sr]?|dieses)\s+(e-?mail|nachricht|mail)\b|"#
        + #"\b(ce|cet)\s+(courriel|message|e-?mail|mail)\b|\b(este|esta)\s+(correo|mensaje|e-?mail|mensagem)\b|"#
        + #"\b(deze|dit)\s+(e-?mail|bericht|mail)\b|\b(questa|questo)\s+(e-?mail|email|messaggio|mail)\b|"#
        + #"\b(detta|denna|dette|denne)\s+(e-?post\w*|meddelande|e-?mail|melding|besked)\b|"#
        + #"\b(ta|ten)\s+(wiadomo\w+|e-?mail)\b|\bt[äa]m[äa]\s+(s[äa]hk[öo]posti|viesti)\b"#
    /// Caution about links, attachments and the sender, in each language.
    private static let caution = LinePattern(cautionWords)
    /// The expression of ``caution``.
    private static let cautionWords =
        #"\b(links?|attachments?|click\w*|phish\w*|report\w*|safe|safety|trust\w*|recogni[sz]e|careful|caution|"#
        + #"cautious|vigilant|suspicious|legitimate|wary|sender|who (has |have )?sent|virus\w*|malware|scanned|"#
        + #"swept)\b|"#
        + #"\b(anh[äa]ng\w*|klick\w*|vorsicht\w*|sicher\w*|vertrauen\w*|melden|verd[äa]chtig\w*|absender)\b|"#
        + #"\b(liens?|pi[èe]ces?\s+jointes?|cliqu\w*|prudence|prudent|vigilan\w*|s[ûu]r|confiance|signaler|"#
        + #"hame[çc]onnage|suspect\w*|exp[ée]diteur)\b|"#
        + #"\b(enlaces?|v[íi]nculos?|adjuntos?|clic|precauci[óo]n|cuidado|segur[oa]|confianza|sospechos\w*|"#
        + #"remitente|reconoce\w*)\b|\b(anexos?|clique\w*|clicar|confian[çc]a|suspeit\w*|remetente)\b|"#
        + #"\b(link|collegamenti|allegati|clicca\w*|sicur[oa]|fiducia|sospett\w*|mittente)\b|"#
        + #"\b(koppelingen|bijlagen?|klik\w*|voorzichtig|veilig|vertrouw\w*|verdacht\w*|afzender)\b|"#
        + #"\b(länkar|lenker|bilagor|vedlegg|vedhæft\w*|klicka|klikk\w*|försiktig|forsiktig|forsigtig|säker|"#
        + #"sikker|avsändare|avsender|afsender)\b|\b(link\w*|za[łl][ąa]cznik\w*|klika\w*|ostro[żz]n\w*|"#
        + #"bezpieczn\w*|nadawc\w*)\b|\b(linkke\w*|liitte\w*|klikkaa|varovai\w*|turvalli\w*|l[äa]hett[äa]j\w*)\b"#
    /// What a banner asks about: the sender, and whether the message or its links are safe and expected.
    private static let question = LinePattern(
        #"\b(senders?|safe|legitimate|trust\w*|recogni[sz]e|know|sure|expect\w*|who (has |have )?sent|absender|"#
            + #"sicher|vertrauen\w*|kennen|exp[ée]diteur|s[ûu]r|connaissez|remitente|segur[oa]|conoce\w*|afzender|"#
            + #"veilig|kent|mittente|sicur[oa]|conosci)\b"#)
    /// What each sentence of a banner is about: where the mail came from, caution, the message itself, or where to
    /// learn more.
    private static let bannerWords = LinePattern(
        [originWords, selfReferenceWords, cautionWords, firstContactWords, learnWhyWords].joined(separator: "|")
            + #"|\b(additional|more|further) information\b|\blearn more\b|https?://|\bweitere informationen\b|"#
            + #"\bplus d'informations\b|\bm[áa]s informaci[óo]n\b|\bmeer informatie\b|\bmaggiori informazioni\b"#)
    /// Words of a sender writing about themselves, which no banner holds.
    private static let firstPerson = LinePattern(
        #"\b(my|me|i'm|i've|i'd|i'll|ich|mein\w*|mich|mir|j'ai|moi|mon|yo|ik|mijn|jag|jeg)\b|"#
            // `I` before a word in lower case: the English pronoun, not a word of a heading in capitals.
            + #"(?-i:(?<![\p{L}'])I\s+[a-z])"#)

    /// Gateways' tags (lower case, spaces single): what ``isTag(_:inSubject:)`` recognises.
    private static let tags: Set<String> = [
        "external", "ext", "external email", "external e-mail", "external mail", "external sender", "external message",
        "externally sourced", "caution external", "caution: external", "caution - external", "warning: external",
        "extern", "externe", "externe e-mail", "externe email", "externe mail", "externe nachricht",
        "externer absender", "e-mail externe", "courriel externe", "message externe", "expéditeur externe", "externo",
        "externa", "correo externo", "mensaje externo", "remitente externo", "e-mail externo", "email externo",
        "esterno", "esterna", "email esterna", "e-mail esterna", "mail esterna", "messaggio esterno",
        "mittente esterno", "externe afzender", "extern e-post", "externt e-postmeddelande", "ekstern",
        "ekstern e-post", "ekstern e-mail", "ekstern afsender", "wiadomość zewnętrzna", "zewnętrzna wiadomość",
        "ulkoinen sähköposti",
    ]
}
