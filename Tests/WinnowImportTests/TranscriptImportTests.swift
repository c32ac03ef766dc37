import Foundation
import Testing
import WinnowCore

@testable import WinnowImport

/// Chat transcripts saved as text files: WhatsApp's exports and a chat tool's transcript, one conversation per file.
@Suite("Import: chat transcripts as text files")
struct TranscriptImportTests {
    private static let folder = fixturesDirectory.appendingPathComponent("transcripts")

    private static func run(_ name: String) throws -> ImportRun {
        try ImportRun(TranscriptImporter(), file: folder.appendingPathComponent(name))
    }

    @Test func lineExportsNameTheCustomerInTheirHeader() throws {
        // English: the header names the other party; a message of two lines is quoted; a sticker is no message.
        let english =
            "[LINE] Chat history with Ann Lee\r\nSaved on: 2024/03/05 10:00\r\n\r\n2024/03/04(Mon)\r\n"
            + "09:00\tAnn Lee\tMy order has not arrived.\r\n09:01\tAnn Lee\t[Sticker]\r\n"
            + "09:05\tAcme Support\tSorry! It ships today.\r\n\r\n2024/03/05(Tue)\r\n"
            + "08:00\tAnn Lee\t\"Another question:\r\ncan I change the \"\"delivery\"\" address?\"\r\n"
            + "08:10\tAcme Support\tYes, under Account.\r\n"
        #expect(SourceFormat.detect(path: "chat.txt", prefix: Array(english.utf8)) == .transcript)
        let run = try ImportRun(TranscriptImporter(), name: "[LINE] Chat with Ann Lee.txt", text: english)
        let chat = try #require(run.records.first)
        #expect(chat.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(
            chat.messages.map(\.content) == [
                "My order has not arrived.", "Sorry! It ships today.",
                "Another question:\ncan I change the \"delivery\" address?", "Yes, under Account.",
            ])
        // Japanese: `[LINE] NAMEとのトーク履歴`, times `午前9:00`.
        let japanese =
            "[LINE] 佐藤花子とのトーク履歴\n保存日時：2024/03/05 10:00\n\n2024/03/04(月)\n"
            + "午前9:00\t佐藤花子\t注文した商品がまだ届きません。\n午前9:05\tアクメ\t申し訳ありません。本日発送します。\n"
        let japaneseRun = try ImportRun(TranscriptImporter(), name: "chat.txt", text: japanese)
        #expect(try #require(japaneseRun.records.first).messages.map(\.role) == [.user, .assistant])
        // A message that only opens with a quote is no quoted message; a doubled quote ending a line does not
        // close one.
        let quotes = LINEChat.transcriptText(
            [
                "[LINE] Chat history with Ann", #"10:00|Ann|"Hello" she said"#, #"10:01|Bob|"He wrote ""hi"""#,
                #"then left""#, #"10:02|Ann|"ok""#,
            ].joined(separator: "\n").replacingOccurrences(of: "|", with: "\t"))
        #expect(quotes == "\nAnn: \"Hello\" she said\nBob: He wrote \"hi\"\nthen left\nAnn: ok")
        #expect(LINEChat.partner(header: "[LINE] Chat history with Bo (Shop)", fileName: "x.txt") == "Bo Shop")
        #expect(LINEChat.partner(header: "[LINE] Chat", fileName: "[LINE] Chat with Cy.txt") == "Cy")
        #expect(LINEChat.partner(header: "[LINE] ประวัติการสนทนากับ Dao", fileName: "x.txt") == "Dao")
        #expect(LINEChat.partner(header: "[LINE] Chat history in Team Acme", fileName: "x.txt") == nil)
        #expect(LINEChat.isTime("午後9:00") && LINEChat.isTime("21:05") && !LINEChat.isTime("2024/03/04(Mon)"))
    }

    @Test func kakaoTalkExportsNameTheCustomerInTheirHeader() throws {
        // The desktop app: days under dashed dates, `[speaker] [time] text`, further lines under a message.
        let desktop =
            "김한길 님과 카카오톡 대화\r\n저장한 날짜 : 2020-11-03 10:44:52\r\n\r\n"
            + "--------------- 2020년 6월 28일 일요일 ---------------\r\n[김한길] [오전 1:01] 주문한 상품이 아직 안 왔어요.\r\n"
            + "[김한길] [오전 1:03] 사진\r\n[에이스 고객센터] [오전 9:12] 확인해 보겠습니다.\r\n주문번호를 알려주시겠어요?\r\n"
            + "김한길님이 나갔습니다.\r\n--------------- 2020년 6월 29일 월요일 ---------------\r\n"
            + "[김한길] [오후 12:03] 20231104-5512 입니다\r\n[에이스 고객센터] [오후 12:11] 오늘 발송되었습니다.\r\n"
        #expect(SourceFormat.detect(path: "chat.txt", prefix: Array(desktop.utf8)) == .transcript)
        let chat = try #require(try ImportRun(TranscriptImporter(), name: "chat.txt", text: desktop).records.first)
        #expect(chat.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(
            chat.messages.map(\.content) == [
                "주문한 상품이 아직 안 왔어요.", "확인해 보겠습니다.\n주문번호를 알려주시겠어요?", "20231104-5512 입니다", "오늘 발송되었습니다.",
            ])
        // The phone apps: a date line, then `date time, speaker : text`; the one exporting is `You` or `회원님`.
        let phone =
            "KakaoTalk Chats with Ann Lee\nDate Saved : November 3, 2020, 1:08 PM\n\n\n"
            + "February 10, 2016, 2:33 AM\nFebruary 10, 2016, 2:33 AM, Ann Lee : My order has not arrived.\n"
            + "Order 4411, placed 2016.\n\nFebruary 10, 2016, 2:40 AM\nFebruary 10, 2016, 2:40 AM, You : Sorry! It ships today.\n"
            + "February 10, 2016, 2:41 AM, Ann Lee : Photo\nFebruary 10, 2016 at 2:42 AM, Ann Lee : Thanks : great\n"
        let phoneChat = try #require(try ImportRun(TranscriptImporter(), name: "chat.txt", text: phone).records.first)
        #expect(
            phoneChat.messages.map(\.content) == [
                "My order has not arrived.\nOrder 4411, placed 2016.", "Sorry! It ships today.", "Thanks : great",
            ])
        let korean =
            "\u{FEFF}김한길 님과 카카오톡 대화\n저장한 날짜 : 2026. 2. 9. 오전 10:50\n\n2026년 2월 1일 일요일\n"
            + "2026. 2. 2. 오전 7:33, 김한길 : 배송지 변경 가능한가요?\n2026. 2. 2. 오전 7:34: 김한길님이 들어왔습니다.\n"
            + "2026. 2. 2. 오전 8:00, 회원님 : 네, 주소를 알려주세요.\n"
        let koreanChat = try #require(try ImportRun(TranscriptImporter(), name: "chat.txt", text: korean).records.first)
        #expect(koreanChat.messages.map(\.content) == ["배송지 변경 가능한가요?", "네, 주소를 알려주세요."])
        #expect(KakaoTalkChat.partner(header: "Ann Lee with KakaoTalk Chats") == "Ann Lee")
        #expect(KakaoTalkChat.partner(header: "김한길 님과의 카카오톡 대화") == "김한길")
        // A header alone, without when it was saved, opens no export.
        #expect(!KakaoTalkChat.isExport(Array("KakaoTalk Chats with Ann\nHello there\n".utf8)))
        #expect(KakaoTalkChat.isPlaceholder("사진 3장") && !KakaoTalkChat.isPlaceholder("사진이 흐려요"))
    }

    @Test func textFilesOfSpeakerLinesAreTranscripts() throws {
        for name in [
            "WhatsApp Chat with Ann Lee.txt", "WhatsApp Chat - Bo Chen/_chat.txt", "livechat-transcript.txt",
            "unnamed-chat.txt",
        ] {
            let file = try SourceFile(url: Self.folder.appendingPathComponent(name), displayPath: name)
            #expect(SourceFormat.detect(path: name, prefix: file.prefix) == .transcript, "\(name)")
        }
        // A CSV saved as .txt stays one; prose with a colon or two is no transcript (nor a table: sentences).
        #expect(
            SourceFormat.detect(path: "a.txt", prefix: Array("id,text\n1,Customer: hi\n2,Agent: hello\n".utf8)) == .csv)
        let note = "Note: call back on Monday.\nTodo: refund order 5521.\nThe customer was happy in the end.\n"
        #expect(SourceFormat.detect(path: "a.txt", prefix: Array(note.utf8)) == nil)
        #expect(SourceFormat.unreadableKind(path: "a.txt", prefix: Array(note.utf8))?.hasPrefix("plain text") == true)
        // A pasted reply's quoted header block names no speakers, in any language its labels are written in.
        for labels in [
            ["From", "Sent", "To", "Subject"], ["Von", "Gesendet", "An", "Betreff"], ["De", "Envoyé", "À", "Objet"],
        ] {
            let reply =
                "Outlook with a reply directly above line\n________________________________________\n"
                + "\(labels[0]): CRM Comments [crm-comment@example.com]\n\(labels[1]): Friday, 23 March 2012 5:08 p.m.\n"
                + "\(labels[2]): John S. Greene\n\(labels[3]): [contact:106] John Greene\n\nA new comment was added.\n"
            #expect(!TranscriptImporter.looksLikeTranscript(Array(reply.utf8)), "\(labels)")
        }
    }

    @Test func anAndroidExportNamesTheCustomerInItsFileName() throws {
        let run = try Self.run("WhatsApp Chat with Ann Lee.txt")
        let record = try #require(run.records.first)
        // The encryption notice before the first speaker is no message; a message over two lines is one.
        #expect(
            record.turnLines == [
                "customer: Hi, my order 5521 has not arrived", "customer: It was due on Friday",
                "agent: Sorry about that! It left our warehouse today,\nyou will get the tracking link by mail.",
                "customer: Thanks!",
            ])
        #expect(record.input == "Hi, my order 5521 has not arrived\n\nIt was due on Friday")
        #expect(record.metadata["customer_name"] == "Ann Lee")
    }

    @Test func anIPhoneExportNamesTheCustomerInItsFolderAndItsNoticesGo() throws {
        let run = try Self.run("WhatsApp Chat - Bo Chen/_chat.txt")
        let record = try #require(run.records.first)
        // The notice written as the shop's message and the omitted image are no one's words.
        #expect(
            record.turnLines == [
                "customer: Can I change my delivery address?",
                "agent: Yes: Settings > Addresses, before the order ships.",
            ])
    }

    @Test func anIPhoneExportWithNarrowSpacesBeforeTheHourIsATranscript() throws {
        // Recent iPhone exports write `9:12:45\u{202F}AM` inside the brackets and mark lines with U+200E.
        let name = "WhatsApp Chat with Dana Cole.txt"
        let file = try SourceFile(url: Self.folder.appendingPathComponent(name), displayPath: name)
        #expect(SourceFormat.detect(path: name, prefix: file.prefix) == .transcript)
        let record = try #require(try Self.run(name).records.first)
        #expect(
            record.turnLines == [
                "customer: Hello, the blender I ordered arrived with a cracked jar.",
                "agent: So sorry! A new jar ships today, no need to return the old one.",
                "customer: Thank you!",
            ])
    }

    @Test func aChatToolsTranscriptIsToldByItsRoleWords() throws {
        let record = try #require(try Self.run("livechat-transcript.txt").records.first)
        #expect(record.turnLines.first == "customer: Hello, I was charged twice for my subscription")
        #expect(
            record.response
                == "I see the double charge; the second one is refunded now.\nIt shows on your card in 3-5 days.")
    }

    @Test func speakersNobodyNamesAreQuarantinedSayingHowToNameThem() throws {
        let run = try Self.run("unnamed-chat.txt")
        #expect(run.records.isEmpty)
        let failure = try #require(run.failures.first)
        #expect(failure.message.contains("(Dana, Eli)"))
        #expect(failure.message.contains("WhatsApp Chat with NAME.txt"))
    }
}
