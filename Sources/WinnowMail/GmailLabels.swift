/// The labels Gmail gives a message, as a Google Takeout mbox writes them (`X-Gmail-Labels: Inbox,Sent,Opened`,
/// comma-separated, a label holding a comma in double quotes) or as IMAP tools copy them (`X-GM-Labels`, system
/// labels written `\Sent`).
///
/// Gmail keeps every message of a mailbox in one archive and says by label what it is: a Takeout of a support
/// mailbox ("All mail Including Spam and Trash.mbox") holds sent replies, unsent drafts, spam, deleted mail and chat
/// transcripts side by side. The system labels are written in the account's language (`Posteingang,Wichtig` from a
/// German account), so each kind is known by its names in the languages Gmail is used in most.
public struct GmailLabels: Sendable, Equatable {
    /// What a system label says a message is.
    public enum Kind: String, Sendable, CaseIterable {
        /// Sent from the mailbox: the support side's own message.
        case sent
        /// A draft, never sent.
        case draft
        /// Sorted out as spam.
        case spam
        /// Deleted.
        case trash
        /// A chat transcript stored as a message.
        case chat
    }

    /// The labels as written, in order.
    public var labels: [String]

    /// The labels of a header value (`Inbox,"Billing, EU",Opened`); encoded words decoded, a leading `\` dropped.
    public init(_ value: String) {
        var labels: [String] = []
        var current = ""
        var quoted = false
        for character in EncodedWords.decode(value).text {
            switch character {
            case "\"": quoted.toggle()
            case "," where !quoted:
                labels.append(current)
                current = ""
            default: current.append(character)
            }
        }
        labels.append(current)
        self.labels = labels.map { label in
            let trimmed = MailText.trimmed(label)
            return trimmed.hasPrefix("\\") ? String(trimmed.dropFirst()) : trimmed
        }.filter { !$0.isEmpty }
    }

    /// Labels already read.
    public init(labels: [String]) {
        self.labels = labels
    }

    /// The labels a person made (`Refunds`, `Billing/EU`): every label but the system ones (``Kind``, and the
    /// inbox, important, starred, unread, opened, archived and category markers, in the same languages).
    public var userLabels: [String] {
        labels.filter { label in
            let name = label.lowercased()
            guard !Self.markers.contains(name), !Self.categoryPrefixes.contains(where: name.hasPrefix) else {
                return false
            }
            return !Kind.allCases.contains { Self.names[$0]?.contains(name) == true }
        }
    }

    /// System labels that mark where or how a message is, not what it is about.
    static let markers: Set<String> = [
        "inbox", "important", "starred", "unread", "opened", "archived", "muted", "snoozed", "scheduled", "outbox",
        "all mail", "flagged", "seen", "answered", "posteingang", "wichtig", "markiert", "ungelesen", "geöffnet",
        "archiviert", "boîte de réception", "ouvert", "suivis", "non lus", "archivés", "recibidos", "importante",
        "destacados", "no leídos", "abierto", "archivados", "caixa de entrada", "com estrela", "não lidos",
        "aberto", "posta in arrivo", "speciali", "da leggere", "aperto", "archiviati", "postvak in", "belangrijk",
        "met ster", "ongelezen", "geopend", "gearchiveerd", "odebrane", "ważne", "oznaczone gwiazdką",
        "nieprzeczytane", "otwarte", "inkorgen", "viktigt", "stjärnmärkt", "oläst", "öppnad", "входящие",
        "важные", "помеченные", "непрочитанные", "открыто", "受信トレイ", "重要", "スター付き", "未読", "받은편지함",
        "收件箱",
    ]

    /// Prefixes of Gmail's inbox categories (`Category Promotions`, `Kategorie Werbung`).
    static let categoryPrefixes = [
        "category ", "kategorie ", "catégorie ", "categoría ", "categoria ", "categorie ", "kategoria ", "kategori ",
        "категория ",
    ]

    /// The labels of a message's headers (`X-Gmail-Labels`, else `X-GM-Labels`); nil when it has neither.
    public init?(headers: MailHeaders) {
        guard let value = headers["X-Gmail-Labels"] ?? headers["X-GM-Labels"] else { return nil }
        self.init(value)
    }

    /// The kinds its system labels say.
    public var kinds: Set<Kind> {
        var found: Set<Kind> = []
        for label in labels {
            let name = label.lowercased()
            for kind in Kind.allCases where Self.names[kind]?.contains(name) == true { found.insert(kind) }
        }
        return found
    }

    /// The first kind that keeps a message out of a conversation (a draft, spam, deleted, a chat), if any.
    public var discarded: Kind? {
        let kinds = kinds
        return [Kind.draft, .spam, .trash, .chat].first { kinds.contains($0) }
    }

    /// Whether a mail folder or mailbox named `name` (any case: `Trash`, `Papierkorb`, `Junk`, `Drafts`) holds, by
    /// its name, messages never sent, sorted out as spam or deleted.
    public static func namesDiscardedMail(_ name: String) -> Bool {
        let name = name.lowercased()
        return [Kind.draft, .spam, .trash].contains { names[$0]?.contains(name) == true }
    }

    /// The label written for `kind` among these labels (`Papierkorb`), for messages.
    public func label(of kind: Kind) -> String? {
        labels.first { Self.names[kind]?.contains($0.lowercased()) == true }
    }

    /// System label names by kind, lower-cased: English (US and UK), German, French, Spanish, Italian, Portuguese,
    /// Dutch, Polish, Swedish, Danish, Norwegian, Czech, Russian, Ukrainian, Turkish, Japanese, Korean and Chinese,
    /// and the IMAP names (`\Sent`, `\Draft`, `\Junk`).
    static let names: [Kind: Set<String>] = [
        .sent: [
            "sent", "sent mail", "sent messages", "gesendet", "envoyés", "messages envoyés", "enviados",
            "enviadas", "correo enviado", "inviati", "posta inviata", "e-mails enviados", "verzonden",
            "verzonden items", "wysłane", "skickat", "skickade", "sendt", "sendte", "odeslané", "отправленные",
            "надіслані", "gönderilmiş", "gönderilenler", "送信済み", "送信済みメール", "보낸편지함", "已发邮件",
            "已傳送郵件",
        ],
        .draft: [
            "draft", "drafts", "entwürfe", "brouillons", "borradores", "bozze", "rascunhos", "concepten",
            "wersje robocze", "utkast", "kladder", "koncepty", "черновики", "чернетки", "taslaklar", "下書き",
            "임시보관함", "草稿",
        ],
        .spam: ["spam", "junk", "bulk mail", "спам", "迷惑メール", "스팸", "垃圾邮件", "垃圾郵件"],
        .trash: [
            "trash", "bin", "deleted", "deleted items", "deleted messages", "papierkorb", "corbeille", "papelera",
            "cestino", "lixeira", "lixo", "prullenbak", "kosz", "papperskorgen", "papirkurv", "papirkurven",
            "koš", "корзина", "кошик", "çöp kutusu", "ゴミ箱", "휴지통", "已删除邮件", "垃圾桶",
        ],
        .chat: ["chat", "chats", "чаты", "чати"],
    ]
}
