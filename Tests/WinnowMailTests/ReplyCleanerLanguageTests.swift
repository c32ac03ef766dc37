import Testing
import WinnowCore
import WinnowMail

/// Reply headers, header blocks, separators, footers and disclaimers in the languages support teams meet.
@Suite struct ReplyCleanerLanguageTests {
    let cleaner = ReplyCleaner()
    static let reply = "Danke, das hat geholfen."

    /// A reply header above a `>` quote, one or more lines, per language.
    @Test(arguments: [
        "On Tue, Mar 3, 2026 at 10:02 AM Acme Support <help@acme.example> wrote:",
        "On Tue, Mar 3, 2026 at 10:02 AM Acme Support <help@acme.example>\nwrote:",
        "On Tue, Mar 3, 2026 at 10:02 AM, Acme Support via Helpdesk <\nhelp@acme.example> wrote:",
        "Am 03.03.2026 um 10:02 schrieb Acme Support <help@acme.example>:",
        "Acme Support <help@acme.example> schrieb am Di., 3. März 2026 um\n10:02 Uhr:",
        "Le mar. 3 mars 2026 à 10:02, Acme Support <help@acme.example> a écrit :",
        "El mar, 3 mar 2026 a las 10:02, Acme Support (<help@acme.example>) escribió:",
        "Em ter., 3 de mar. de 2026 às 10:02, Acme Support <help@acme.example>\nescreveu:",
        "Il giorno mar 3 mar 2026 alle ore 10:02 Acme Support <help@acme.example> ha scritto:",
        "Op di 3 mrt. 2026 om 10:02 schreef Acme Support <help@acme.example>:",
        "Op 3 mrt. 2026 10:02 schreef \"Acme Support\" <help@acme.example> het\nvolgende geschreven:",
        "Den tis 3 mars 2026 kl 10:02 skrev Acme Support <help@acme.example>:",
        "Den 3. mar. 2026 kl. 10.02 skrev Acme Support <help@acme.example>:",
        "tir. 3. mar. 2026 kl. 10:02 skrev Acme Support <help@acme.example>:",
        "W dniu 3.03.2026 o 10:02, Acme Support <help@acme.example> pisze:",
        "3 mar 2026 10:02 \"Acme Support\" <help@acme.example> napisał(a):",
        "вт, 3 мар. 2026 г. в 10:02, Acme Support <help@acme.example>:",
        "3 марта 2026 г., в 10:02, Acme Support <help@acme.example> написал(а):",
        "3 бер. 2026 р. 10:02 \"Acme\" <help@acme.example> пише:",
        "在 2026年3月3日 上午10:02，Acme Support <help@acme.example> 写道：",
        "2026年3月3日(火) 10:02 Acme Support <help@acme.example>:",
        "Acme Support <help@acme.example> 於 2026年3月3日 週二 上午10:02寫道：",
        "26.06.2014, 14:41, \"Acme Support\" <help@acme.example>:",
        // The sender first: Gmail in German and Spanish, Thunderbird's "#1 wrote on #2 #3:" in its locales.
        "Acme Support <help@acme.example> schrieb am Di., 3. März 2026, 10:02:",
        "Acme Support <help@acme.example> escribió el mar, 3 mar 2026 a las 10:02:",
        "Acme Support wrote on 03/03/2026 10:02:", "Acme Support schrieb am 03.03.2026 um 10:02:",
        "Acme Support a écrit le 03/03/2026 à 10:02 :", "Acme Support 写于 2026/3/3 10:02:",
        "Acme Support пишет 03.03.2026 10:02:",
        // Thunderbird's "On #2 #3, #1 wrote:" in Russian, Lithuanian, Bulgarian and Catalan.
        "03.03.2026 10:02, Acme Support пишет:", "2026-03-03 10:02, Acme Support rašė:",
        "На 3.03.26 г. в 10:02, Acme Support написа:", "El 3/3/26 a les 10:02, Acme Support ha escrit:",
        // Thunderbird's "#1 wrote:", the header without a date, in its locales.
        "Acme Support wrote:", "Acme Support <help@acme.example> schrieb:", "Acme Support a écrit :",
        "Acme Support пишет:", "Acme Support rašė:", "Acme Support написа:", "Acme Support 写道:",
        // Gmail's shape (date, time, the sender's address, the verb) in Persian, also in direction marks,
        // Lithuanian, Bulgarian and Catalan; Apple Mail in Catalan and Japanese.
        "در تاریخ سه‌شنبه ۳ مارس ۲۰۲۶ ساعت ۱۰:۰۲ Acme Support <help@acme.example> نوشت:",
        "\u{202B}در تاریخ سه‌شنبه ۳ مارس ۲۰۲۶ ساعت ۱۰:۰۲ Acme Support <\u{202A}help@acme.example\u{202C}> نوشت:\u{202C}",
        "2026-03-03, an, 10:02 Acme Support <help@acme.example> rašė:",
        "На вт, 3.03.2026 г. в 10:02 Acme Support <help@acme.example> написа:",
        "El dt., 3 de març 2026 a les 10:02, Acme Support (<help@acme.example>) va escriure:",
        "El 3 de març de 2026, a les 10:02, Acme Support <help@acme.example> va escriure:",
        "2026/03/03 10:02、Acme Support <help@acme.example>のメッセージ:",
    ])
    func replyHeaderAboveAQuote(header: String) {
        let cleaned = cleaner.clean(text: "\(Self.reply)\n\n\(header)\n\n> Hat es geklappt?\n> Acme")
        #expect(cleaned.text == Self.reply, "\(header)")
        #expect(cleaned.quoted.count == 1)
        #expect(cleaned.quoted.first?.hasPrefix(String(header.prefix(8))) == true)
    }

    /// A reply header followed by unquoted history (Outlook, mobile clients) cuts the rest.
    @Test(arguments: [
        "On Sun, Feb 7, 2026 at 12:12 AM -0800, \"Acme\" <help@acme.example> wrote:",
        "Am 03.02.2026 3:35 nachm. schrieb Acme <noreply@acme.example>:",
        "Le 2016-11-16 02:22, Acme a écrit :",
        "---- On Tue, 22 Dec 2015 14:17:36 +0530 Acme<help@acme.example> wrote ----",
        "20 окт. 2016 г. 19:37 пользователь \"Acme\" <\nhelp@acme.example> написал:",
        "Dne út 3. 3. 2026 10:02 Acme Support <help@acme.example> napsal(a):",
        "ut 3. 3. 2026 o 10:02 Acme Support <help@acme.example> napísal(a):",
        "2026. márc. 3., K 10:02 időpontban Acme Support <help@acme.example> ezt írta:",
        "În mar., 3 mar. 2026 la 10:02, Acme Support <help@acme.example> a scris:",
        "uto, 3. ožu 2026. u 10:02 Acme Support <help@acme.example> napisao je:",
        "3 Mar 2026 Sal, 10:02 tarihinde Acme Support <help@acme.example> şunu yazdı:",
        "Στις Τρί 3 Μαρ 2026 στις 10:02, ο/η Acme Support <help@acme.example> έγραψε:",
        "2026년 3월 3일 (화) 오전 10:02, Acme Support <help@acme.example>님이 작성:",
        "Vào Th 3, 3 thg 3, 2026 vào lúc 10:02 Acme Support <help@acme.example> đã viết:",
        "Pada tanggal Sel, 3 Mar 2026 pukul 10.02 Acme Support <help@acme.example> menulis:",
        "เมื่อ อ. 3 มี.ค. 2026 เวลา 10:02 Acme Support <help@acme.example> เขียนว่า:",
        "في الثلاثاء، 3 مارس 2026 في 10:02 ص تمت كتابة ما يلي بواسطة Acme Support <help@acme.example>:",
        // The sender or the verb first, with a date, a time and an address; also wrapped as Gmail wraps them.
        "Acme Support <help@acme.example> schrieb am Di., 3. März 2026, 10:02:",
        "Acme Support <help@acme.example> escribió el mar, 3 mar 2026 a las 10:02:",
        "Acme Support <help@acme.example> schrieb am Di., 3. März 2026 um\n10:02 Uhr:",
        "Acme Support (<help@acme.example>) escribió el mar., 3 mar. 2026\na las 10:02:",
        "在 2026年3月3日 10:02，Acme Support <help@acme.example> 写道：",
        "در تاریخ سه‌شنبه ۳ مارس ۲۰۲۶ ساعت ۱۰:۰۲ Acme Support <help@acme.example> نوشت:",
        "2026-03-03, an, 10:02 Acme Support <help@acme.example> rašė:",
        "На вт, 3.03.2026 г. в 10:02 Acme Support <help@acme.example> написа:",
        "El dt., 3 de març 2026 a les 10:02, Acme Support (<help@acme.example>) va escriure:",
        "2026/03/03 10:02、Acme Support <help@acme.example>のメッセージ:",
        // Opening with the language's "On" word, with the date's year and no address (Apple Mail in German,
        // Evolution in Catalan).
        "Am 03.03.2026 um 10:02 schrieb Acme Support:", "El 03/03/26 10:02:08, en/na Acme Support va escriure:",
        "On Monday, March 3, 2026, Acme wrote:", "On 3/3/26 10:02 AM, Acme wrote:",
        // No verb, opening with the date, the time or the weekday and ending in the address: Yandex's dotted time,
        // a time before the date, Mail.ru's weekday spelled out.
        "03.03.2026, 10.02, \"Acme\" <help@acme.example>:", "10:02 AM, March 3, 2026, \"Acme\" <help@acme.example>:",
        "Tuesday, 3 March 2026, 10:02 AM +0100 from help@acme.example <help@acme.example>:",
        // Apple Mail in Polish and Arabic, iCloud's Spanish plural.
        "Wiadomość napisana przez Acme <help@acme.example> w dniu 03.03.2026, o godz. 10:02:",
        "في ٠٣/٠٣/٢٠٢٦ الساعة ١٠:٠٢ ص، كتب/كتبت Acme <help@acme.example>:",
        "El 03/03/2026 10:02, Acme <help@acme.example> escribieron:",
    ])
    func replyHeaderAboveUnquotedHistory(header: String) {
        let cleaned = cleaner.clean(text: "\(Self.reply)\n\n\(header)\n\nHat es geklappt?\n\nAcme")
        #expect(cleaned.text == Self.reply, "\(header)")
        #expect(cleaned.quoted.first?.hasSuffix("Acme") == true)
    }

    /// Outlook header blocks and original-message separators per language.
    @Test(arguments: [
        "From: Acme <help@acme.example>\nSent: Tuesday, March 3, 2026 10:02 AM\nTo: Kim\nSubject: RE: Order",
        "*From:* Acme [mailto:help@acme.example]\n*Sent:* Tuesday, March 3, 2026 10:02 AM\n*To:* Kim\n*Subject:* Order",
        "________________________________________\nFrom: Acme <help@acme.example>\nSent: 3 March 2026 10:02",
        "Von: Acme <help@acme.example>\nGesendet: Dienstag, 3. März 2026 10:02\nAn: Kim\nBetreff: AW: Bestellung",
        "De : Acme <help@acme.example>\nEnvoyé : mardi 3 mars 2026 10:02\nÀ : Kim\nObjet : RE: Commande",
        "De: Acme <help@acme.example>\nEnviado: martes, 3 de marzo de 2026 10:02\nPara: Kim\nAsunto: RE: Pedido",
        "De: Acme <help@acme.example>\nEnviada em: terça-feira, 3 de março de 2026 10:02\nPara: Kim\nAssunto: Pedido",
        "Da: Acme <help@acme.example>\nInviato: martedì 3 marzo 2026 10:02\nA: Kim\nOggetto: R: Ordine",
        "Van: Acme <help@acme.example>\nVerzonden: dinsdag 3 maart 2026 10:02\nAan: Kim\nOnderwerp: RE: Bestelling",
        "Från: Acme <help@acme.example>\nSkickat: den 3 mars 2026 10:02\nTill: Kim\nÄmne: SV: Order",
        "Fra: Acme <help@acme.example>\nSendt: 3. mars 2026 10:02\nTil: Kim\nEmne: SV: Ordre",
        "Od: Acme <help@acme.example>\nWysłano: wtorek, 3 marca 2026 10:02\nDo: Kim\nTemat: RE: Zamówienie",
        "От: Acme <help@acme.example>\nОтправлено: 3 марта 2026 г. 10:02\nКому: Kim\nТема: RE: Заказ",
        "发件人: Acme <help@acme.example>\n发送时间: 2026年3月3日 10:02\n收件人: Kim\n主题: 回复: 订单",
        "差出人: Acme <help@acme.example>\n送信日時: 2026年3月3日 10:02\n宛先: Kim\n件名: RE: 注文",
        "Od: Acme <help@acme.example>\nOdesláno: úterý 3. března 2026 10:02\nKomu: Kim\nPředmět: RE: Objednávka",
        "Od: Acme <help@acme.example>\nOdoslané: utorok 3. marca 2026 10:02\nKomu: Kim\nPredmet: RE: Objednávka",
        "Feladó: Acme <help@acme.example>\nKüldve: 2026. március 3. 10:02\nCímzett: Kim\nTárgy: RE: Rendelés",
        "De la: Acme <help@acme.example>\nTrimis: marți, 3 martie 2026 10:02\nCătre: Kim\nSubiect: RE: Comanda",
        "Šalje: Acme <help@acme.example>\nPoslano: utorak, 3. ožujka 2026. 10:02\nPrima: Kim\nPredmet: RE: Narudžba",
        "Kimden: Acme <help@acme.example>\nGönderildi: 3 Mart 2026 Salı 10:02\nKime: Kim\nKonu: YNT: Sipariş",
        "Από: Acme <help@acme.example>\nΣτάλθηκε: Τρίτη, 3 Μαρτίου 2026 10:02 πμ\nΠρος: Kim\nΘέμα: RE: Παραγγελία",
        "보낸 사람: Acme <help@acme.example>\n보낸 날짜: 2026년 3월 3일 화요일 오전 10:02\n받는 사람: Kim\n제목: RE: 주문",
        "מאת: Acme <help@acme.example>\nנשלח: יום שלישי 3 מרץ 2026 10:02\nאל: Kim\nנושא: RE: הזמנה",
        "من: Acme <help@acme.example>\nتاريخ الإرسال: الثلاثاء، 3 مارس 2026 10:02 ص\nإلى: Kim\nالموضوع: RE: طلب",
        "Từ: Acme <help@acme.example>\nĐã gửi: Thứ Ba, 3 tháng 3, 2026 10:02\nĐến: Kim\nChủ đề: RE: Đơn hàng",
        "Dari: Acme <help@acme.example>\nDikirim: Selasa, 03 Maret 2026 10.02\nKepada: Kim\nSubjek: RE: Pesanan",
        "จาก: Acme <help@acme.example>\nส่ง: 3 มีนาคม 2569 10:02\nถึง: Kim\nเรื่อง: RE: คำสั่งซื้อ",
        "Date: Thu, 26 Jun 2014 13:53:45 +0400\nSubject: Order\nFrom: help@acme.example\nTo: kim@example.org",
        "-----Original Message-----\nFrom: Acme\nSent: Tuesday\nSubject: Order",
        "-----Ursprüngliche Nachricht-----\nVon: Acme\nGesendet: Dienstag",
        "-------- Message d'origine --------\nDe : Acme",
        "-----Mensaje original-----\nDe: \"Acme\" <help@acme.example>",
        "-------- Original Message --------",
        "-----Oorspronkelijk bericht-----",
        "-----Исходное сообщение-----",
        "-------- Oprindelig besked --------\nFra: Acme <help@acme.example>\nDato: 03.03.2026 10.02",
        // Outlook's and Thunderbird's separators in more of the languages the cleaner reads.
        "-----Antwort Nachricht-----", "-----Původní zpráva-----\nOd: Acme", "-----Pôvodná správa-----",
        "-----Eredeti üzenet-----\nFeladó: Acme", "-----Alkuperäinen viesti-----", "-----Mesaj original-----",
        "-----Izvorna poruka-----", "-----Özgün İleti-----", "-------- Αρχικό μήνυμα --------",
        "-----Оригінальне повідомлення-----", "-------- 원본 메시지 --------", "-----Pesan Asli-----",
        "-----הודעה מקורית-----", "-----الرسالة الأصلية-----",
        // A block opening with its date, a time and a year in it and an address below.
        "Date: Wed, 16 May 2012 00:15:02 -0600\nTo: kim@example.org",
        // A separator with the quoted header flattened onto its line; the French labels `Copie à` and `Sujet`.
        "-------- Ursprüngliche Nachricht --------Von: \"Acme\"  Datum: 03.03.26  10:02 An: Betreff: Retoure",
        "De : \"Acme\" <help@acme.example>\nA : kim@example.org\nCopie à :\nSujet : Votre commande",
    ])
    func headerBlocksCutTheHistory(header: String) {
        let cleaned = cleaner.clean(text: "\(Self.reply)\n\n\(header)\n\nHat es geklappt?\nAcme")
        #expect(cleaned.text == Self.reply, "\(header)")
        #expect(cleaned.quoted.count == 1)
    }

    @Test(arguments: [
        "---------- Forwarded message ---------", "Begin forwarded message:",
        "---------- Weitergeleitete Nachricht ----------", "-------- Message transféré --------",
        "---------- Mensaje reenviado ----------", "Anfang der weitergeleiteten Nachricht:",
        // Thunderbird's in Russian, Czech and Korean.
        "-------- Перенаправленное сообщение --------", "-------- Přeposlaná zpráva --------",
        "-------- 전달된 메시지 --------",
    ])
    func forwardedMessages(marker: String) {
        let cleaned = cleaner.clean(
            text: "Can you look at this?\n\n\(marker)\nFrom: Shop <shop@example.com>\nDate: 3 March 2026\n"
                + "Subject: Invoice\n\nYour invoice is attached.")
        #expect(cleaned.text == "Can you look at this?")
        #expect(cleaned.forwarded.count == 1)
        #expect(cleaned.quoted.isEmpty)
        #expect(cleaned.metadata["removed_forwarded"] != nil)
    }

    @Test(arguments: [
        "Sent from my iPhone", "Von meinem iPhone gesendet", "Envoyé de mon iPhone", "Enviado desde mi iPhone",
        "Enviado do meu iPhone", "Inviato da iPhone", "Verzonden met mijn iPhone", "Skickat från min iPhone",
        "Sendt fra min iPad", "Wysłane z mojego iPhone'a", "Отправлено с iPhone", "从我的iPhone发送", "iPhoneから送信",
        "Get Outlook for Android", "Sent from Yahoo Mail on Android",
    ])
    func deviceFootersInEveryLanguage(footer: String) {
        let cleaned = cleaner.clean(text: "\(Self.reply)\n\n\(footer)")
        #expect(cleaned.text == Self.reply, "\(footer)")
        #expect(cleaned.signatures == [footer])
    }

    @Test(arguments: [
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the "
            + "addressee.",
        "This e-mail and any attachments are confidential and may be privileged. If you are not the intended "
            + "recipient, please delete it.",
        "Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen.",
        "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses "
            + "destinataires.",
        "Este mensaje y sus anexos son confidenciales y para uso exclusivo del destinatario.",
    ])
    func disclaimers(notice: String) {
        let cleaned = cleaner.clean(text: "\(Self.reply)\n\nKim Park\n\n\(notice)\nSecond line of the notice.")
        #expect(cleaned.text == "\(Self.reply)\n\nKim Park", "\(notice)")
        #expect(cleaned.disclaimers == ["\(notice)\nSecond line of the notice."])
    }

    @Test(arguments: [
        ("_______________________________________________\nMailman-users mailing list\nMailman-users@python.org\n"
            + "https://mail.python.org/mailman/listinfo/mailman-users"),
        ("You received this message because you are subscribed to the Google Groups \"acme-support\" group.\n"
            + "To unsubscribe from this group and stop receiving emails from it, send an email to "
            + "acme-support+unsubscribe@googlegroups.com."),
        "-=-=-=-=-=-=-=-=-=-=-=-\nGroups.io Links: You receive all messages sent to this group.",
        // Mailman's rule cut short, under a quote.
        "__\nacme-users mailing list\nacme-users@lists.acme.example\nhttp://lists.acme.example/mailman/listinfo/acme-users",
    ])
    func mailingListFootersAreKeptApart(footer: String) {
        let cleaned = cleaner.clean(text: "\(Self.reply)\n\n\(footer)")
        #expect(cleaned.text == Self.reply)
        #expect(cleaned.disclaimers == [footer])
        // A customer naming a mailing list or unsubscribing keeps their words.
        for sentence in [
            "I keep getting your newsletter mailing list\nemails although I unsubscribed twice.",
            "Hi,\n\nplease remove me from the\nnewsletter mailing list\nthanks",
            "Hi,\n\nTo unsubscribe from this list I clicked the link, but the mails keep coming.",
        ] {
            #expect(cleaner.clean(text: sentence).text == sentence)
        }
    }

    @Test(arguments: [
        "##- Please type your reply above this line -##", "##- Bitte geben Sie Ihre Antwort über dieser Zeile ein. -##",
        "##- Veuillez répondre au-dessus de cette ligne. -##", "##- Escriba su respuesta encima de esta línea. -##",
        "##- Digite sua resposta acima desta linha -##", "##- Typ uw antwoord boven deze regel -##",
        "Please reply above this line", "## Please do not write below this line ##",
        "##- Введите ответ над этой строкой -##",
        "-- Reply above --", "### please reply above ###",
    ])
    func helpdeskReplyLinesCutTheNotificationBelow(marker: String) {
        let text = "\(Self.reply)\n\n\(marker)\n\nYour request (4101) has been updated.\n\nBob\nHere is your label."
        let cleaned = cleaner.clean(text: text)
        #expect(cleaned.text == Self.reply, "\(marker)")
        #expect(cleaned.quoted.first?.hasPrefix(marker) == true)
        // A customer mentioning a line is not cut.
        for sentence in [
            "The second line of the invoice is wrong.\nPlease fix the address line above.",
            "The prototype went over the line limit.\nIt failed at the type above this line, I think.",
            "See my reply above.\n-- reply above the fold --\nThanks",
        ] {
            #expect(cleaner.clean(text: sentence).text == sentence)
        }
    }

    @Test func disclaimerAfterASignatureIsKeptApart() {
        let cleaned = cleaner.clean(
            text: "\(Self.reply)\n-- \nKim Park\n\nCONFIDENTIALITY NOTICE: this message is confidential.")
        #expect(cleaned.text == Self.reply)
        #expect(cleaned.signatures == ["-- \nKim Park"])
        #expect(cleaned.disclaimers == ["CONFIDENTIALITY NOTICE: this message is confidential."])
    }

    @Test func aReplyFlattenedIntoOneLineLosesItsHistoryInEveryClientsForm() {
        // A helpdesk's export or a webmail's text of its HTML writes the reply, its header and the quote on one line.
        for (text, reply) in [
            (
                "Danke, hat geklappt Am Di., 5. März 2024 um 10:00 Uhr schrieb Acme Support <support@acme.com>: >"
                    + " Bitte starten Sie die App neu.", "Danke, hat geklappt"
            ),
            (
                "Bedankt Op di 5 mrt 2024 om 10:00 schreef Acme Support <support@acme.com>: > Start de app opnieuw.",
                "Bedankt"
            ),
            (
                "Gracias El mar, 5 mar 2024 a las 10:00, Acme Support (<support@acme.com>) escribió: > Por favor"
                    + " reinicie la aplicación.", "Gracias"
            ),
            (
                "Still broken for me From: Acme Support <support@acme.com> Sent: Tuesday, March 5, 2024 10:00 AM To:"
                    + " ann@example.com Subject: RE: App crash Please restart the app.", "Still broken for me"
            ),
            (
                "ok thanks -----Original Message----- From: Acme Support <support@acme.com> Sent: Tuesday, March 5,"
                    + " 2024 10:00 AM To: ann@example.com Subject: RE: App crash Please restart the app.", "ok thanks"
            ),
            // The device footer ending the reply goes with the signatures.
            (
                "Thanks! Sent from my iPhone On Mar 5, 2024, at 10:00, Acme Support <support@acme.com> wrote: >"
                    + " Please restart the app.", "Thanks!"
            ),
            // Thunderbird's header names no address: the quote's mark after it says what it is.
            ("Thanks a lot On 2024-03-05 10:00, Acme Support wrote: > Please restart the app.", "Thanks a lot"),
            ("Thank you. On 05.03.2024 10:00, Acme Support wrote: > Please restart the app.", "Thank you."),
            (
                "Hat leider nicht geklappt Von: Acme Support <support@acme.com> Gesendet: Dienstag, 5. März 2024 10:00"
                    + " An: ann@example.de Betreff: AW: Absturz Bitte starten Sie neu.", "Hat leider nicht geklappt"
            ),
            (
                "Thanks ----- Original Message ----- From: Acme Support <support@acme.com> To: ann@example.com Sent:"
                    + " Tuesday, March 5, 2024 10:00 AM Subject: Re: crash Please restart.", "Thanks"
            ),
            (
                "It still fails ________________________________ From: Acme Support <support@acme.com> Sent: Tuesday,"
                    + " March 5, 2024 10:00 AM To: Ann Lee <ann@example.com> Subject: RE: crash Please restart.",
                "It still fails"
            ),
        ] {
            #expect(cleaner.clean(text: text).text == reply, "\(text)")
        }
        // A sentence naming a sender, an address and a time holds no header block.
        for sentence in [
            "Please forward the mail from: ann@example.com to the team by 10:00 tomorrow.",
            "I wrote to Acme Support <support@acme.com>: nobody answered since March 5, 2024 at 10:00.",
            "On Monday your agent wrote: > it ships today, and it did not.",
        ] {
            #expect(cleaner.clean(text: sentence).text == sentence)
        }
    }

    @Test func aHeaderWithNoOnWordFlattenedIntoOneLineLosesItsQuoteInEachLanguage() {
        // Gmail writes most languages' headers opening with the date or the sender, not an "On" word.
        let quote = " > Please restart the app. > Best, Acme"
        let acme = "Acme Support <support@acme.com>"
        for header in [
            "2024年3月5日(火) 10:00 \(acme):",
            "\(acme) 于2024年3月5日周二 10:00写道：",
            "2024년 3월 5일 (화) 오전 10:00, \(acme)님이 작성:",
            "вт, 5 мар. 2024 г. в 10:00, \(acme):",
            "wt., 5 mar 2024 o 10:00 \(acme) napisał(a):",
            "\(acme), 5 Mar 2024 Sal, 10:00 tarihinde şunu yazdı:",
            "út 5. 3. 2024 v 10:00 odesílatel \(acme) napsal:",
            "tir. 5. mar. 2024 kl. 10.00 skrev \(acme):",
            "ti 5.3.2024 klo 10.00 Acme Support (support@acme.com) kirjoitti:",
            "\(acme) ezt írta (időpont: 2024. márc. 5., K, 10:00):",
            "\u{202B}בתאריך יום ג׳, 5 במרץ 2024 ב-10:00 מאת \u{202A}Acme Support\u{202C}\u{200F}"
                + " <\u{202A}support@acme.com\u{202C}\u{200F}>:\u{202C}",
            "Στις Τρί 5 Μαρ 2024 στις 10:00, ο/η \(acme) έγραψε:",
            "marți, 5 mar. 2024, 10:00 \(acme) a scris:",
            "Pada tanggal Sel, 5 Mar 2024 pukul 10.00 \(acme) menulis:",
            "في الثلاثاء، 5 مارس 2024 في 10:00 ص \(acme) كتب:",
            "เมื่อ อ. 5 มี.ค. 2024 เวลา 10:00 \(acme) เขียนว่า:",
        ] {
            let cleaned = cleaner.clean(text: "Thanks, it works now. Done. " + header + quote)
            #expect(cleaned.text == "Thanks, it works now. Done.", "\(header)")
        }
        // Without a quote's mark after its colon, or an address, a year and a time in it, a sentence stays whole;
        // so does a reply whose words end no sentence before the header.
        for sentence in [
            "I mailed Acme Support <support@acme.com> on 5 March 2024 at 10:00: nobody answered.",
            "Thanks. Please reply to Acme Support <support@acme.com> today: > the old address is gone.",
            "Thanks 2024年3月5日(火) 10:00 \(acme):" + quote,
        ] {
            #expect(cleaner.clean(text: sentence).text == sentence)
        }
        // A one-word sentence with a capital ends the reply; a lower-case abbreviation is the date's.
        #expect(cleaner.clean(text: "Thanks. Done. 2024年3月5日(火) 10:00 \(acme):" + quote).text == "Thanks. Done.")
    }

    @Test func aHeaderBlockFlattenedIntoOneLineCutsWhicheverLabelOpensIt() {
        // Webmails' text of their HTML header: the subject first (Onet, WP), or the sender; any language's labels.
        for header in [
            "Temat: Zamówienie 55 Nadawca: Jan Kowalski <jan@example.pl> Adresat: help@acme.example Data: 2 marca 2026",
            "Von: Acme Support <help@acme.example> Gesendet: Montag, 2. März 2026 10:00 An: kim@example.de",
            "Objet : Commande 55 De : Acme Support <help@acme.example> Date : lundi 2 mars 2026 10:00",
        ] {
            let cleaned = cleaner.clean(text: "\(Self.reply)\n\n\(header)\n\nBitte starten Sie neu.")
            #expect(cleaned.text == Self.reply, "\(header)")
            #expect(cleaned.quoted.first?.hasPrefix(header) == true)
        }
        // Labels without an address are a message's own line: a booking's date and hours, a form's fields.
        for text in [
            "Termin:\nData: 2 marca 2026 Od: 10:00 Do: 12:00\nProszę o potwierdzenie.",
            "Subject: refund Date: today To: whom it may concern\nThe order never came.",
        ] {
            #expect(cleaner.clean(text: text).text == text)
        }
    }
}
