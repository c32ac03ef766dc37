import Foundation
import WinnowCore
import WinnowMail

/// A chat transcript saved as a text file, one conversation per file: WhatsApp's "Export chat" (`12/31/23, 10:02 PM -
/// Ann Lee: ...`, `[31/12/2023, 22:02:11] Ann Lee: ...`), LINE's or KakaoTalk's exported chat history
/// (``LINEChat``, ``KakaoTalkChat``) or a chat tool's transcript (`(10:02:11 AM) Visitor: ...`).
///
/// The text is read as a transcript column is (``TranscriptText``): speakers told by role words, or by the customer
/// the file's name gives (`WhatsApp Chat with Ann Lee.txt` and its translations; an iPhone export's `_chat.txt` by
/// its folder, `WhatsApp Chat - Ann Lee`), the one other speaker then the agent. A file whose speakers cannot be told
/// is quarantined, naming them.
struct TranscriptImporter: Importer {
    func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let whole = try file.readWhole()
        let export = ChatExport(Array(whole.bytes.prefix(2048)))
        var name = TranscriptImporter.customerName(path: file.url.path)
        let header = String(decoding: whole.bytes.prefix(512).prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        switch export {
        case .line?: name = LINEChat.partner(header: header, fileName: file.url.lastPathComponent)
        case .kakaoTalk?: name = KakaoTalkChat.partner(header: header)
        case nil: break
        }
        return OpenedFile(
            digest: whole.digest,
            records: .stream(
                RecordStream { body in
                    try TranscriptImporter.read(
                        whole.bytes, customer: name, export: export, displayPath: file.displayPath, body)
                }))
    }

    /// A chat app's export whose lines are read into a transcript's.
    enum ChatExport {
        case line
        case kakaoTalk

        /// The export a file's first bytes open, nil for a transcript as it is.
        init?(_ prefix: [UInt8]) {
            if LINEChat.isExport(prefix) {
                self = .line
            } else if KakaoTalkChat.isExport(prefix) {
                self = .kakaoTalk
            } else {
                return nil
            }
        }
    }

    /// How WhatsApp names an exported chat, before the other party's name, in the languages it is most used in.
    static let exportNamePrefixes = [
        "WhatsApp Chat with ", "WhatsApp Chat mit ", "Chat de WhatsApp con ", "Conversa do WhatsApp com ",
        "Discussion WhatsApp avec ", "Chat WhatsApp con ", "WhatsApp-chat met ", "Czat WhatsApp z ",
        "WhatsApp-chatt med ",
        "WhatsApp Chat - ",
    ]

    /// The customer a WhatsApp export's name gives: the file's name, or an iPhone export's folder (`_chat.txt`).
    static func customerName(path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        for name in [url.deletingPathExtension().lastPathComponent, url.deletingLastPathComponent().lastPathComponent] {
            for prefix in exportNamePrefixes where name.hasPrefix(prefix) {
                let customer = name.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                if !customer.isEmpty { return customer }
            }
        }
        return nil
    }

    private static func read(
        _ bytes: [UInt8], customer: String?, export: ChatExport?, displayPath: String,
        _ body: (ImportEvent) throws -> Void
    ) throws {
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        guard var text = String(validating: content, as: UTF8.self) else {
            try body(
                .failure(
                    RecordFailure(
                        kind: .invalidEncoding, file: displayPath, locator: .record(1),
                        message: "a chat transcript that is not UTF-8 text")))
            return
        }
        // LINE's lines of a time, a sender and a text apart by tabs, KakaoTalk's of a time and a sender in
        // brackets or before a comma, as a transcript's.
        switch export {
        case .line?: text = LINEChat.transcriptText(text)
        case .kakaoTalk?: text = KakaoTalkChat.transcriptText(text)
        case nil: break
        }
        // WhatsApp marks attachments and some lines with direction marks.
        text.removeAll { $0 == "\u{200E}" || $0 == "\u{200F}" }
        // Its notices and the placeholders of media are no one's words (the line goes, not the message around it).
        text = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).filter { line in
            guard let (_, said) = TranscriptText.speakerLine(String(line)) else { return true }
            return !isNotice(said)
        }.joined(separator: "\n")
        var members: [(key: String, value: JSONValue)] = [(key: "transcript", value: .string(text))]
        if let customer { members.append((key: "customer_name", value: .string(customer))) }
        let record = JSONObject(members)
        let mapping = try FieldMapping(specifications: ["messages=transcript"]).resolve(keys: record.keys)
        switch mapping.draft(from: record, file: displayPath, locator: .record(1), raw: String(text.prefix(300))) {
        case .success(let draft): try body(.record(draft))
        case .failure(var failure):
            // Speakers nobody names: a file is named, not given a field.
            if case .unknownSpeakers(let speakers) = TranscriptText.read(text, record: record) {
                failure.message =
                    "a chat transcript whose speakers (" + speakers.prefix(6).joined(separator: ", ")
                    + ") are not roles (customer, visitor, agent...): name the file as WhatsApp names an export,"
                    + " `WhatsApp Chat with NAME.txt`, NAME being the customer"
            }
            try body(.failure(failure))
        }
    }

    /// WhatsApp's texts for a message that holds no words: media left out of the export, a deleted message, the
    /// encryption notice (in English, German, Spanish, Portuguese and French).
    static func isNotice(_ said: String) -> Bool {
        let lower = said.trimmingCharacters(in: .whitespaces).lowercased()
        let placeholders = [
            "<media omitted>", "image omitted", "video omitted", "audio omitted", "sticker omitted", "gif omitted",
            "document omitted", "contact card omitted", "this message was deleted", "you deleted this message",
            "<medien ausgeschlossen>", "bild weggelassen", "diese nachricht wurde gelöscht", "<multimedia omitido>",
            "imagen omitida", "se eliminó este mensaje", "<mídia oculta>", "imagem ocultada",
            "essa mensagem foi apagada", "<médias omis>", "image absente", "ce message a été supprimé",
        ]
        if placeholders.contains(lower) || (lower.hasPrefix("<attached: ") && lower.hasSuffix(">")) { return true }
        return lower.hasPrefix("messages and calls are end-to-end encrypted")
            || lower.hasPrefix("nachrichten und anrufe sind ende-zu-ende-verschlüsselt")
            || lower.hasPrefix("los mensajes y las llamadas están cifrados de extremo a extremo")
            || lower.hasPrefix("as mensagens e as chamadas são protegidas com a criptografia de ponta a ponta")
            || lower.hasPrefix("les messages et les appels sont chiffrés de bout en bout")
    }

    /// Whether a text file's first lines are a chat transcript: of its first 30 lines with text, at least three and
    /// half are led by a speaker (after an optional time), and two speakers or more lead them.
    static func looksLikeTranscript(_ prefix: [UInt8]) -> Bool {
        let text = String(decoding: prefix.prefix(65_536), as: UTF8.self)
        var lines = 0
        var speakerLines = 0
        var speakers = Set<String>()
        for line in text.split(whereSeparator: \.isNewline).prefix(31) {
            let cleaned = line.filter { $0 != "\u{200E}" && $0 != "\u{200F}" && $0 != "\u{FEFF}" }
            guard !cleaned.allSatisfy(\.isWhitespace) else { continue }
            lines += 1
            if lines > 30 { break }
            // A pasted reply's quoted header block (`From:`, `Sent:`, `To:`, `Subject:`) names no speakers.
            if let (speaker, _) = TranscriptText.speakerLine(String(cleaned)), !ReplyCleaner.isHeaderLabel(speaker) {
                speakerLines += 1
                speakers.insert(speaker)
            }
        }
        return speakerLines >= 3 && speakerLines * 2 >= lines && speakers.count >= 2
    }
}
