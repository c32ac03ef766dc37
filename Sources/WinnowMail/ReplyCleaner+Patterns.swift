/// The words and shapes the cleaner recognises, in the languages support teams meet: English, German, French,
/// Spanish, Portuguese, Italian, Dutch, Swedish, Norwegian, Danish, Finnish, Polish, Czech, Slovak, Hungarian,
/// Romanian, Croatian, Turkish, Greek, Russian, Ukrainian, Chinese, Japanese, Korean; Outlook's header labels and
/// Gmail's reply verbs also in Vietnamese, Indonesian, Malay, Thai, Arabic and Hindi, reply verbs in Persian,
/// Lithuanian, Bulgarian and Catalan, Outlook's labels and Gmail's and Apple Mail's reply headers in Hebrew, iOS
/// Mail's device footer also in Hungarian, Romanian and Arabic.
extension ReplyCleaner {
    /// Verbs of a reply header (`On ... wrote:`, `Am ... schrieb ...:`, `... написал(а):`, `在 ... 写道：`).
    static let replyVerbs =
        #"(wrote|writes|has written|schrieb|geschrieben|a écrit|a ecrit|écrit|escribió|escribio|escribieron|escreveu|"#
        + #"ha scritto|scritto|schreef|geschreven|skrev|skrev følgende|kirjoitti|pisze|napisał\(a\)|napisała|"#
        + #"napisał|napisal|napisana przez|napsal\(a\)|napsala|napsal|napísal\(a\)|napísala|napísal|írta|a scris|"#
        + #"napisao/la|napisao|yazdı|έγραψε|작성|написал\(а\)|написала|написал|пише|написав|написала|đã viết|menulis|"#
        + #"เขียนว่า|تمت كتابة ما يلي بواسطة|كتب/كتبت|كتب|ने लिखा|כתב/ה|כתבה|כתב|نوشت|rašė|написа|пишет|va escriure|ha escrit|"#
        + #"写于)"#

    /// A reply header that opens with the language's "On" word: `On Tue, 3 Mar 2026, Ann <a@b.c> wrote:`,
    /// `Le 2016-11-16 02:22, Erlend a écrit :`, Zoho's `---- On ... wrote ----`.
    static let leadingAttribution = LinePattern(
        #"^(-{2,}\s*)?(on|am|le|el|em|il|op|den|på|w dniu|dnia|dne|в|il giorno|el día)\s.{3,300}?"#
            + replyVerbs + #"(\s.{0,160}?)?\s*([:：]|-{2,})\s*$"#, starts: attributionStarts)
    /// A reply header that opens with the language's "On" word and ends in the sender's address and the verb, with
    /// no colon (`On Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.com> wrote`), as some clients write it.
    static let uncolonedAttribution = LinePattern(
        #"^(on|am|le|el|em|il|op|den|på|w dniu|dnia|dne|в|il giorno|el día)\s.{3,300}?<[^<>\s@]+@[^<>\s]+>\s*"#
            + replyVerbs + #"\s*$"#, starts: attributionStarts)
    /// The sender's address in angle brackets right before the verb and the colon (`Bob <bob@example.com> wrote:`,
    /// Gmail's Spanish `Bob (<bob@example.com>) escribió:`), or after the verb, ending the header, where the language
    /// puts the verb first (German's `schrieb Bob <bob@example.com>:`, Dutch' `schreef`), as mail clients write a
    /// reply header and people do not write a sentence.
    static let addressBeforeVerb = LinePattern(
        #"<[^<>\s@]+@[^<>\s]+>\)?\s*"# + replyVerbs + #"\s*[:：]\s*$|"# + replyVerbs
            + #"\s.{0,160}?<[^<>\s@]+@[^<>\s]+>\s*[:：]\s*$"#)
    /// The language's "On" word opening a reply header (`On`, `Am`, `Le`, `El`, `Em`, `Il`, `Op`, `Den`, `W dniu`),
    /// after dashes or a dash (Zimbra's `- On 2021-04-09 23:25, Toby a wrote:`).
    static let attributionLead = LinePattern(
        #"^(-+\s*)?(on|am|le|el|em|il|op|den|på|w dniu|dnia|dne|в|il giorno|el día)\s"#,
        starts: attributionStarts)
    /// How the two patterns above can open an ASCII line (see ``LinePattern``).
    private static let attributionStarts = [
        "-", "on", "am", "le", "el", "em", "il", "op", "den", "på", "w dniu", "dnia", "dne", "il giorno", "el día",
    ]
    /// A reply header with its verb anywhere (`Max <m@x.de> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:`,
    /// `23 mar 2017 21:25 "Neil" <n@x.com> napisał(a):`), and the Chinese and Japanese forms.
    static let verbAttribution = LinePattern(
        #"^.{0,300}(\b|\s|^)"# + replyVerbs + #"(\s.{0,160}?)?\s*[:：]\s*$|写道[:：]?\s*$|寫道[:：]?\s*$|"#
            + #"のメッセージ[:：]\s*$|さんは書きました[:：]?\s*$"#)
    /// A reply header of the sender and the verb alone, as Thunderbird writes it without the date in its locales
    /// (`Bob wrote:`, `Bob <b@x.example> schrieb:`, `Bob a écrit :`, `Bob пишет:`, `Bob 写道:`): at most six words
    /// before the verb, none ending a sentence. Only right above a quote (``ReplyLines``).
    static let senderAttribution = LinePattern(
        #"^(?:"# + word + #"\s+){1,6}"# + replyVerbs + #"\s*[:：]$|^(?:"# + word + #"\s+){0,6}"#
            + #"[^\s.:：;!?。！？]*?(写道|寫道)[:：]?$"#)
    /// A word of ``senderAttribution``: no colon nor a sentence's end, dots only inside (`<b@x.example>`); atomic,
    /// so that a line of many words is turned away without trying every way to split it.
    private static let word = #"(?>[^\s.:：;!?。！？]+(?:\.[^\s.:：;!?。！？]+)*)"#
    /// A reply header with no verb that opens with its date and ends in the sender's address, as Gmail writes it in
    /// Japanese (`2026年3月3日(火) 10:02 Acme <help@acme.example>:`), Hebrew (`בתאריך יום ג׳, 3 במרץ 2026 ב-10:02 מאת
    /// Acme <help@acme.example>:`) and Russian (`вт, 3 мар. 2026 г. в 10:02, Acme <help@acme.example>:`), and
    /// Yandex, Mail.ru and older Gmail (`2014-10-17 11:28 GMT+03:00 Bob <bob@example.com>:`, `30.09.2017, 18.30,
    /// "Bob" <bob@example.com>:`, `11:00 AM, November 17, 2021, "Bob" <bob@example.com>:`, `Wednesday, 17 November
    /// 2021, 3:32 PM +0300 from bob@example.com <bob@example.com>:`): a date, a time or a weekday and the day first,
    /// a year or a numeric date and a time of day (`10:02`, `18.30`) anywhere, `<address>` and the colon last. Such
    /// a header cuts unquoted history too; a line ending in a colon with less than that (``looseAttribution``)
    /// counts only above a quote.
    static let datedSenderAttribution = LinePattern(
        #"^(?=.*(\b(19|20)\d{2}\b|\d{4}年|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b))"#
            + #"(?=.*(?<![\d./:])\d{1,2}(:\d{2}|\.\d{2}(?![./]?\d)))"#
            + #"(\d|\p{L}{2,12}\.?,\s*\d|בתאריך\s).{0,280}<\s*[^<>\s@]+@[^<>\s]+>\s*[:：]$"#)
    /// A date with its year: a year, a numeric date (`3/3/26`, `03.03.2026`, `2026-03-03`), `2026年`, `2026년`.
    private static let yearDate = #"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b(19|20)\d{2}\b|\d{4}[年년]"#
    /// A time of day or a date, loosely: `10:02`, `10.02` and `10h02` (also the day and month of a numeric date).
    private static let looseTime = #"\b\d{1,2}[:.h]\d{2}\b"#
    /// Something that dates or addresses a header: an e-mail address, a time of day, a numeric date, a year.
    static let headerEvidence = LinePattern(#"@|<[^>]*>|"# + looseTime + "|" + yearDate)
    /// What the first line of a wrapped reply header holds: an e-mail address or its opening `<`, a time, a date.
    static let headerStartEvidence = LinePattern(#"[\w.+-]+@[\w-]+\.[\w.]+|<|"# + looseTime + "|" + yearDate)
    /// A date with its year (read with ASCII digits, ``ReplyLines/asciiDigits(_:)``): what, or an address, a reply
    /// header opening with the language's "On" word needs to cut unquoted history.
    static let datedEvidence = LinePattern(yearDate)
    /// The sender's address in angle brackets or parentheses (`<a@acme.com>`, `(a@acme.com)`), also with the
    /// direction marks right-to-left text writes inside them.
    static let bracketedAddress = LinePattern(#"<[^<>\s]*@[^<>\s]+>|\([^()\s]*@[^()\s]+\)"#)
    /// A time of day (`10:02`, `10h02`, `10.02`) that is not the day and month of a numeric date (`3.03.2026`).
    static let timeOfDay = LinePattern(#"(?<![\d./:])\d{1,2}[:h]\d{2}(?!\d)|(?<![\d./])\d{1,2}\.\d{2}(?![./]?\d)"#)
    /// A time of day or an e-mail address: what a header with its verb mid-line must hold right above a quote.
    static let strongHeaderEvidence = LinePattern(#"@|"# + looseTime + #"|\d{4}年"#)
    /// A line ending in a colon right above quoted text, holding a date or an address (Mail.ru's
    /// `Thu, 26 Jun 2014 14:00:51 +0400 от Alexander <a@b.c>:`, Yandex's `26.06.2014, 14:41, "Alexander" <a@b.c>:`).
    static let looseAttribution = LinePattern(#"[:：]\s*$"#)

    /// A reply header with neither verb nor colon, as older Gmail wrote it in some locales: a numeric date (and a
    /// time), the sender, the address (`2013/7/20 sam via Discourse Meta <info@discourse.org>`). Only a header
    /// right above quoted text (``ReplyLines``).
    static let bareAttribution = LinePattern(
        #"^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s+[^<>]{1,120}<[^<>\s@]+@[^<>\s]+>$"#,
        starts: (0...9).map(String.init))

    /// `-----Original Message-----` and its translations (Outlook's and Thunderbird's, in the languages above).
    static let originalMessage = LinePattern(
        #"^[\s*]*[-_=]{2,}\s*(original message|original|ursprüngliche nachricht|originalnachricht|"#
            + #"message d'origine|message original|mensaje original|mensagem original|messaggio originale|"#
            + #"oorspronkelijk bericht|origineel bericht|originalmeddelande|ursprungligt meddelande|"#
            + #"opprinnelig melding|original melding|oprindelig meddelelse|oprindelig besked|originalbesked|wiadomość oryginalna|"#
            + #"oryginalna wiadomość|исходное сообщение|оригинальное сообщение|原始邮件|原始郵件|元のメッセージ|"#
            + #"reply message|antwort nachricht|antwortnachricht|původní zpráva|pôvodná správa|eredeti üzenet|"#
            + #"alkuperäinen viesti|mesaj original|mesajul original|izvorna poruka|izvirno sporočilo|özgün [iİı]leti|"#
            + #"orijinal mesaj|αρχικό μήνυμα|початкове повідомлення|оригінальне повідомлення|оригинално писмо|"#
            + #"оригинално съобщение|원본 메시지|missatge original|originalus laiškas|thư gốc|pesan asli|mesej asal|"#
            + #"הודעה מקורית|الرسالة الأصلية|الرسالة الأصليَّة|پیام اصلی|ข้อความต้นฉบับ|मूल संदेश)\s*[-_=]{2,}[\s*]*($|(from|von|de|van|fra|från|da|od|от)\s*[:：])"#,
        skipping: asciiSpaces + "*",
        starts: ["-", "_", "="])
    /// A helpdesk notification's reply line, above which the customer writes and below which its message and the
    /// thread follow: `##- Please type your reply above this line -##` (Zendesk, in its languages), `Please reply
    /// above this line` (Freshdesk, Jira Service Management), `## Please do not write below this line ##`, and a
    /// marker between rules that names no line (`-- Reply above --`).
    static let replyAboveLine = LinePattern(
        #"\b(reply|respond|(type|write|enter) your (reply|response|answer))\b[^.]{0,40}\babove (this|the) line|"#
            + #"\b(répondre|repondre|antwort|antworten|respuesta|resposta|risposta|antwoord|svar|ответ)\b[^.]{0,60}"#
            + #"\b(über|oberhalb|au-dessus|encima|acima|sopra|boven|ovanför|над)( de cette| dieser| desta| de esta|"#
            + #" esta| questa| deze| denna| этой) (zeile|ligne|línea|linea|linha|riga|regel|rad|строкой)|"#
            + #"(do not|don't) (write|reply|type)[^.]{0,20}below (this|the) line|"#
            // A marker set between rules with no line named (`-- Reply above --`, `### reply above ###`).
            + #"^[#*=_~-]{2,}\s*(please\s+)?(reply|respond|answer|(type|write) your (reply|response|answer))"#
            + #"\s+above\s*[#*=_~-]{2,}$"#)
    /// Words one of which every line ``replyAboveLine`` matches holds (a byte test before the expression).
    static let replyAboveLineWords = [
        "line", "above", "zeile", "ligne", "línea", "linea", "linha", "riga", "regel", "rad", "строкой",
    ]
    /// The title a forum's or helpdesk's notification puts over the earlier replies it quotes, under a rule
    /// (Discourse's `---` / `*Previous Replies*`): with the rule above it, where the quoted history starts.
    static let previousRepliesTitle = LinePattern(
        #"^[\s*_]*(previous replies|previous discussion|earlier replies|vorherige antworten|frühere antworten|"#
            + #"réponses précédentes|respuestas anteriores|risposte precedenti|respostas anteriores|"#
            + #"eerdere antwoorden|vorige antwoorden|tidigare svar|poprzednie odpowiedzi)[\s*_:：]*$"#,
        skipping: asciiSpaces + "*_",
        starts: [
            "previous", "earlier", "vorherige", "fr", "r", "respuestas", "risposte", "respostas", "eerdere", "vorige",
            "tidigare", "poprzednie",
        ])
    /// `---------- Forwarded message ---------`, `Begin forwarded message:` and their translations.
    static let forwardMarker = LinePattern(
        #"^[\s*>]*([-_=]{2,}\s*)(forwarded message|weitergeleitete nachricht|message transféré|"#
            + #"message transfere|mensaje reenviado|mensaje reenviado original|mensagem encaminhada|"#
            + #"messaggio inoltrato|doorgestuurd bericht|vidarebefordrat meddelande|videresendt melding|"#
            + #"videresendt meddelelse|videresendt besked|przekazana wiadomość|wiadomość przekazana|"#
            + #"пересылаемое сообщение|пересланное сообщение|перенаправленное сообщение|переслане повідомлення|"#
            + #"přeposlaná zpráva|preposlaná správa|továbbított üzenet|välitetty viesti|προωθημένο μήνυμα|"#
            + #"mesaj redirecționat|proslijeđena poruka|missatge reenviat|전달된 메시지|转发的消息|"#
            + #"转发的邮件|轉寄的郵件|転送されたメッセージ)"#
            + #"(\s*[-_=]{2,})?[\s*]*$|^[\s*]*(begin forwarded message|anfang der weitergeleiteten nachricht|"#
            + #"début du message réexpédié|début du message transféré|inicio del mensaje reenviado|"#
            + #"início da mensagem reencaminhada|inizio messaggio inoltrato|begin doorgestuurd bericht|"#
            + #"början på vidarebefordrat meddelande)\s*[:：]?[\s*]*$|^[\s*]*forwarded message\s*[:：][\s*]*$"#,
        skipping: asciiSpaces + "*>",
        starts: [
            "-", "_", "=", "begin forwarded", "anfang der", "début du", "inicio del", "início da", "inizio messaggio",
            "begin doorgestuurd", "början", "forwarded message",
        ])
    /// The ASCII characters `\s` stands for in the patterns.
    static let asciiSpaces = " \t\n\r\u{0B}\u{0C}"

    /// Header labels naming the sender (`From:`, `Von:`, `De :`, `От:`, `发件人：`), in bold or not.
    static let fromLabel = labelPattern(fromLabels)
    /// The words of ``fromLabel``.
    static let fromLabels = [
        "from", "von", "de", "van", "od", "от", "fra", "från", "da", "mittente", "remitente", "afzender", "avsändare",
        "lähettäjä", "nadawca", "від", "feladó", "de la", "šalje", "kimden", "από", "发件人", "寄件者", "差出人", "送信者",
        "보낸 사람", "מאת", "من", "المرسل", "từ", "dari", "daripada", "pengirim", "จาก", "प्रेषक",
    ]
    /// Header labels naming the date (`Sent:`, `Date:`, `Gesendet:`, `Envoyé :`, `Отправлено:`).
    static let dateLabel = labelPattern(dateLabels)
    /// The words of ``dateLabel``.
    static let dateLabels = [
        "sent", "date", "message du", "gesendet", "datum", "envoyé", "envoye", "date d'envoi", "enviado em",
        "enviada em", "enviado",
        "enviada", "data de envio", "fecha", "data", "inviato", "verzonden", "verstuurd", "skickat", "sendt", "dato",
        "wysłano", "wysłane", "data wysłania", "lähetetty", "надіслано", "odesláno", "odoslané", "küldve", "elküldve",
        "dátum", "trimis", "poslano", "gönderildi", "tarih", "στάλθηκε", "απεστάλη", "ημερομηνία", "отправлено",
        "дата", "发送时间", "發送時間", "日期", "送信日時", "日付", "보낸 날짜", "נשלח", "תאריך", "تاريخ الإرسال", "أُرسل",
        "أرسل", "التاريخ", "đã gửi", "ngày", "dikirim", "tanggal", "dihantar", "tarikh", "ส่ง", "วันที่", "भेजा गया",
        "दिनांक",
    ]
    /// Other header labels (`To:`, `Subject:`, `Cc:`, `An:`, `Betreff:`, `Objet :`, `Asunto:`, `Кому:`, `Тема:`).
    static let otherLabel = labelPattern(otherLabels)
    /// The words of ``otherLabel``.
    static let otherLabels = [
        "to", "cc", "bcc", "reply-to", "subject", "an", "betreff", "kopie", "à", "a", "objet", "para", "asunto", "cco",
        "assunto", "sujet", "copie à", "pour", "oggetto", "risposta", "aan", "onderwerp", "till", "ämne", "kopia",
        "til", "emne", "do", "temat", "adresat", "odbiorca",
        "dw", "vastaanottaja", "aihe", "komu", "předmět", "predmet", "kópia", "címzett", "tárgy", "másolatot kap",
        "către", "subiect", "prima", "kopija", "kime", "konu", "bilgi", "προς", "θέμα", "κοιν.", "кому", "тема",
        "копия", "收件人", "抄送", "主题", "主旨", "宛先", "件名", "받는 사람", "참조", "제목", "אל", "נושא", "עותק", "إلى",
        "الموضوع", "نسخة", "đến", "chủ đề", "kepada", "subjek", "perihal", "tembusan", "perkara", "ถึง", "เรื่อง",
        "สำเนาถึง", "प्रति", "विषय",
    ]

    /// Whether `word` is a mail header's label in one of the languages quoted headers are read in (`From`, `Sent`,
    /// `Subject`, `Betreff`, `Objet`), as a pasted reply's quoted header block writes them.
    public static func isHeaderLabel(_ word: String) -> Bool { headerLabels.contains(word.lowercased()) }
    private static let headerLabels = Set(fromLabels + dateLabels + otherLabels)

    /// A header label line: one of `words`, in bold or not, then a colon (also the full-width one).
    private static func labelPattern(_ words: [String]) -> LinePattern {
        LinePattern(
            #"^[\s*_>]*("# + words.joined(separator: "|") + #")[\s*_]*[:：]"#, skipping: asciiSpaces + "*_>",
            starts: words)
    }
    /// A sender line whose value is an address, with or without a name: `From: bob@example.com`, `Von: Bob
    /// <bob@example.com>`, `De : "Bob" [mailto:bob@example.com]`.
    static let addressedFromLine = LinePattern(
        #"^[\s*_>]*("# + fromLabels.joined(separator: "|") + #")[\s*_]*[:：]\s*"#
            + #"([^<>\[\]@]{0,80}[<\[](mailto:)?[^\s<>@]+@[^\s<>]+[>\]]|[^\s<>@]+@[\w-]+(\.[\w-]+)+)\s*$"#,
        skipping: asciiSpaces + "*_>", starts: fromLabels)
    /// Any header label after other text on the same line (``fromLabels``, ``dateLabels``, ``otherLabels``): what
    /// a header block flattened into one line holds after its first label, whichever that is.
    static let inlineFromLabel = inlinePattern(fromLabels)
    static let inlineDateLabel = inlinePattern(dateLabels)
    static let inlineOtherLabel = inlinePattern(otherLabels)

    private static func inlinePattern(_ words: [String]) -> LinePattern {
        LinePattern(#"\s[*_]*("# + words.joined(separator: "|") + #")[*_]*\s*[:：]"#)
    }

    /// A sender or date label after other text on the same line: a header block flattened into one line.
    static let inlineHeaderLabel = LinePattern(
        #"\s[*_]*(sent|date|to|subject|gesendet|datum|an|betreff|envoyé|objet|enviado|fecha|para|asunto|"#
            + #"verzonden|aan|onderwerp|отправлено|кому|тема)[*_]*\s*[:：]"#)

    /// Device and app footers: `Sent from my iPhone`, `Von meinem iPhone gesendet`, `Envoyé de mon iPhone`,
    /// `Enviado desde mi iPhone`, `Get Outlook for Android`... After `Sent from my` comes a device: a name (a
    /// capital or a digit) or a word for one (`phone`, `mobile`, `iPad`...); `Sent from my desk, is much easier`
    /// is a sentence. An app named after `Sent from` counts with its link (`Sent from TypeApp<https://...>`), `Sent
    /// using ...` with an app word ending the line (`Sent using the mobile mail app`), and so does `Sent from` with an
    /// app's name of a few words ending in a word for mail or a phone (`Sent from AOL Mobile Mail`, `Sent from Proton
    /// Mail Android`). BlackBerry's carrier footers (`Sent wirelessly from my BlackBerry device on the Bell network.`, and in French
    /// `Envoyé sans fil par mon terminal mobile BlackBerry`) too.
    static let deviceFooter = LinePattern(
        #"^[\s(<]*(sent from (my\s+((?-i:[A-Z0-9])|(?-i:i[A-Z])|(i(phone|pad|pod)|phone|mobile|cell|smartphone|"#
            + #"tablet|device|handheld|android|galaxy|samsung|blackberry|huawei|pixel|kindle|watch)\b)|mail|outlook|yahoo|windows|"#
            + #"mailbox|samsung|\[mail)|sent via|sent with|via (mobile|phone|cell|iphone|ipad|android|blackberry)\W*$|"#
            + #"sent by|get outlook for|get \[outlook|from my (iphone|ipad|android|mobile|phone|samsung|galaxy)|"#
            + #"sent using [^.!?,]{0,40}\b(app|mail|mobile|phone|iphone|ipad|android|outlook)\W*$|"#
            + #"sent from (?-i:[A-Z])[\w-]*( [\w-]+){0,3}\s*<https?://[^>\s]*>\s*$|"#
            + #"sent from (?-i:[A-Z])[\w-]*( [\w-]+){0,3} (mail|mobile|app|android|ios|iphone|ipad)\W*$|"#
            + #"sent wirelessly from|envoyé sans fil par|"#
            + #"von meinem .{1,40} gesendet|gesendet von meinem|gesendet von outlook|gesendet mit|"#
            + #"von meinem mobilgerät|télécharger outlook pour|"#
            + #"diese nachricht wurde von meinem|envoyé de mon|envoyé depuis mon|envoyé avec|"#
            + #"enviado desde mi|enviado desde|enviado do meu|enviado de meu|enviado do|inviato da|"#
            + #"inviato dal mio|verzonden met|verzonden vanaf|verzonden vanuit|verstuurd vanaf|verstuurd met|"#
            + #"skickat från|trimis de pe|az .{1,40}(ról|ről) küldve\W*$|أُرسلت من|أرسلت من|"#
            + #"sendt fra|sendt från|wysłane z|wysłano z|отправлено с|отправлено из|надіслано з|"#
            + #"從我的 .{1,20} 傳送|从我的.{1,20}发送|发自我的|iphoneから送信|androidから送信)"#,
        skipping: asciiSpaces + "(<",
        starts: [
            "sent ", "get ", "from my ", "von meinem ", "gesendet ", "diese nachricht", "envoy", "enviad", "inviato ",
            "verzonden ", "verstuurd ", "skickat ", "sendt ", "wys", "iphone", "android", "via ", "télécharger",
            "trimis de pe",
            "az ",
        ])
    /// A closing line: `Kind regards,`, `Thanks,`, `Best`, `Cheers!`, and their translations.
    static let closingLine = LinePattern(
        #"^((kind|kindest|best|warm|warmest|many|with|mit|viele|beste|liebe|freundliche)\s+){0,2}"#
            + #"(regards|wishes|thanks|thank you|cheers|sincerely|all the best|best|yours (sincerely|truly)|"#
            + #"respectfully|grüße|grüßen|gruß|danke|cordialement|bien à vous|merci|saludos|un saludo|"#
            + #"atentamente|gracias|atenciosamente|obrigad[oa]|cordiali saluti|saluti|grazie|"#
            + #"met vriendelijke groet|groeten|bedankt|med vänlig hälsning|hälsningar|tack|"#
            + #"med vennlig hilsen|hilsen|takk|venlig hilsen|tak|pozdrawiam|z poważaniem|dziękuję|"#
            + #"с уважением|спасибо)(\s+again)?\s*[,.!]*$"#,
        starts: [
            "kind", "best", "warm", "many", "with", "mit", "viele", "beste", "liebe", "freundliche", "regards",
            "wishes", "thanks", "thank you", "cheers", "sincerely", "all the best", "yours", "respectfully", "grüße",
            "gruß", "danke", "cordialement", "bien à vous", "merci", "saludos", "un saludo", "atentamente", "gracias",
            "atenciosamente", "obrigad", "cordiali saluti", "saluti", "grazie", "met vriendelijke groet", "groeten",
            "bedankt", "med vänlig hälsning", "hälsningar", "tack", "med vennlig hilsen", "hilsen", "takk",
            "venlig hilsen", "tak", "pozdrawiam", "z poważaniem", "dziękuję",
        ])
    /// The opening words of common legal disclaimers and confidentiality notices.
    static let disclaimer = LinePattern(
        #"^\W*(confidentiality notice|confidentiality note|disclaimer|legal notice|important notice|"#
            + #"this (e-?mail|message|communication|transmission)( and any (files|attachments)[^.]{0,60})? "#
            + #"(is|are|may be|contains?|and its attachments)[^.]{0,40}(confidential|privileged|intended)|"#
            + #"the information (contained )?in this (e-?mail|message|communication)|"#
            + #"if you (are not|have received this)[^.]{0,40}(intended recipient|in error)|"#
            + #"diese e-?mail enthält vertrauliche|diese nachricht enthält vertrauliche|"#
            + #"diese e-?mail (und|sowie) (alle|etwaige|ihre) anhänge|"#
            + #"ce (message|courriel|e-?mail)( et (toutes )?(les|ses) pièces jointes)? (est|sont|peu(ven)?t)"#
            + #"[^.]{0,40}confidenti|este (mensaje|correo)( electrónico)?[^.]{0,60}(confidencial|privilegiad)|"#
            + #"esta mensagem[^.]{0,60}(confidencia|privilegiad)|questo messaggio[^.]{0,60}(riservat|confidenzia)|"#
            + #"dit (e-?mail)?bericht[^.]{0,60}vertrouwelijk|detta (e-?post)?meddelande[^.]{0,60}konfidentiell|"#
            + #"denne e-?post(en)?[^.]{0,60}konfidensiell|ta wiadomość[^.]{0,60}poufn|"#
            + #"это (сообщение|письмо)[^.]{0,60}конфиденциальн|"#
            // Mailing lists' footers: Google Groups, Groups.io (Mailman's is told by its rule line, in
            // `ReplyLines`).
            + #"you received this (message|e-?mail) because you are subscribed|groups\.io links:|"#
            // Virus scanners' footers: MailScanner's, Symantec's, Avast's and AVG's.
            + #"this (e-?mail|message)( message)? (has been|was|is) (scanned|checked|virus[- ]checked)\b"#
            + #"[^.]{0,80}\b(virus\w*|mailscanner|antivirus|anti-virus|malware|dangerous content|security)|"#
            + #"this (e-?mail|message) has been checked for viruses)"#)
    /// The line under a Mailman footer's rule of underscores: `NAME mailing list`.
    static let mailingListName = LinePattern(#"^[\w.-]+ mailing list\s*$"#)
}
