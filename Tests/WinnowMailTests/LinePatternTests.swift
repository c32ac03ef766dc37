import Foundation
import Testing

@testable import WinnowMail

/// The byte prefilter in front of the anchored patterns never turns away a line the expression matches.
@Suite struct LinePatternTests {
    /// The patterns with a prefilter.
    static let patterns: [(String, LinePattern)] = [
        ("fromLabel", ReplyCleaner.fromLabel), ("dateLabel", ReplyCleaner.dateLabel),
        ("otherLabel", ReplyCleaner.otherLabel), ("deviceFooter", ReplyCleaner.deviceFooter),
        ("closingLine", ReplyCleaner.closingLine), ("forwardMarker", ReplyCleaner.forwardMarker),
        ("originalMessage", ReplyCleaner.originalMessage), ("leadingAttribution", ReplyCleaner.leadingAttribution),
        ("attributionLead", ReplyCleaner.attributionLead), ("bareAttribution", ReplyCleaner.bareAttribution),
    ]

    /// Lines of every shape the patterns are for, in several languages and cases, with the bold, quote and
    /// bracket marks clients put before them, and the lines of every mail fixture.
    static func lines() throws -> [String] {
        var lines = [
            "Sent from my iPhone", "SENT WITH Spark", "(Sent from my phone)", "<Sent via BlackBerry>",
            "Get Outlook for iOS", "Von meinem iPhone gesendet", "Gesendet von meinem Samsung", "Envoyé de mon iPad",
            "Enviado desde mi móvil", "Enviado do meu iPhone", "Inviato da iPhone", "Verzonden met BlueMail",
            "Verstuurd vanaf mijn iPhone", "Skickat från min iPhone", "Sendt fra min iPhone", "Wysłane z iPhone'a",
            "Отправлено с iPhone", "Надіслано з iPhone", "iPhoneから送信", "Androidから送信", "发自我的iPhone",
            "从我的 iPhone 发送", "Diese Nachricht wurde von meinem Android gesendet", "From my Android phone",
            "Kind regards,", "Best,", "Thanks!", "thank you again.", "Cheers", "Mit freundlichen Grüßen", "Viele Grüße",
            "Liebe Grüße", "Cordialement", "Bien à vous", "Un saludo", "Obrigada", "Cordiali saluti",
            "Met vriendelijke groet", "Med vänlig hälsning", "Hälsningar", "Med vennlig hilsen", "Venlig hilsen",
            "Pozdrawiam", "Z poważaniem", "Dziękuję", "С уважением", "Спасибо", "All the best", "Yours sincerely",
            "On Mon, 7 Dec 2026 at 10:00, Kim <k@x.example> wrote:", "Am 28.04.2017 um 11:53 schrieb Max <m@x.de>:",
            "Le 16 nov. 2016 à 02:22, Erlend a écrit :", "El 3 mar 2026, a las 10:00, Ana escribió:",
            "W dniu 23.03.2017 o 21:25, Neil pisze:", "В 10:00 Иван написал:", "---- On Mon, 7 Dec 2026 Kim wrote ----",
            "Op 3 maart 2026 schreef Jan <j@x.nl>:", "Den 3 mars 2026 skrev Per <p@x.se>:",
            "På 3. mars 2026 skrev Per <p@x.no>:", "Il giorno 3 mar 2026, alle ore 10:00, Gio ha scritto:",
            "Em 3 de mar de 2026, Ana escreveu:", "Dnia 3 marca 2026 Jan napisał:", "El día 3, Ana escribió:",
            "-----Original Message-----", "---------- Forwarded message ---------", "Begin forwarded message:",
            "Début du message réexpédié :", "Anfang der weitergeleiteten Nachricht:", "Inicio del mensaje reenviado:",
            "Início da mensagem reencaminhada:", "Inizio messaggio inoltrato:", "Början på vidarebefordrat meddelande:",
            "> ---------- Forwarded message ----------", "*-----Ursprüngliche Nachricht-----*",
            "_____ Original Message _____", "===== Messaggio originale =====", "-------- Исходное сообщение --------",
            "2013/7/20 sam via Discourse Meta <info@discourse.org>", "2026-03-03 10:02 Acme <help@acme.example>",
            "Hello,", "My order has not arrived.", "Order 5 - please help", "Ok:", "ON:",
        ]
        let labels = ReplyCleaner.fromLabels + ReplyCleaner.dateLabels + ReplyCleaner.otherLabels
        for label in labels {
            for form in [label, label.uppercased(), label.capitalized] {
                lines += [
                    "\(form): x", "*\(form):* x", "> \(form) : x", "__\(form)__: x", " \t\(form)：x", "\(form)x: y",
                ]
            }
        }
        for folder in ["mail", "html"] {
            let directory = mailFixtures.deletingLastPathComponent().appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                let text = String(decoding: data, as: UTF8.self)
                lines += text.split(whereSeparator: \.isNewline).map { ReplyLines.trimmingSpaces($0[...]) }
            }
        }
        // Each line also upper-cased and with marks in front, as the header and footer patterns allow.
        return lines.flatMap { [$0, $0.uppercased(), $0.lowercased(), "* " + $0, "(" + $0] }
    }

    @Test func prefilterKeepsEveryLineTheExpressionMatches() throws {
        let lines = try LinePatternTests.lines()
        for (name, pattern) in LinePatternTests.patterns {
            var matched = 0
            for line in lines where pattern.expressionMatches(line) {
                matched += 1
                #expect(pattern.mayMatch(line), "\(name) turns away \(line)")
            }
            // The lines hold matches for every pattern, so the check above is not vacuous.
            #expect(matched > 0, "\(name) matched nothing")
        }
    }

    @Test func prefilterTurnsAwayOrdinaryLines() {
        for line in ["Hello,", "My order has not arrived.", "Where is my refund?", "12 items"] {
            #expect(!ReplyCleaner.deviceFooter.mayMatch(line))
            #expect(!ReplyCleaner.fromLabel.mayMatch(line))
        }
        // "Hello," goes to the expression: "Hälsningar" starts with an ASCII "h".
        #expect(ReplyCleaner.closingLine.mayMatch("Hello,"))
        for line in ["My order has not arrived.", "Where is my refund?", "12 items"] {
            #expect(!ReplyCleaner.closingLine.mayMatch(line))
        }
        // Lines opening with a non-ASCII letter always go to the expression.
        #expect(ReplyCleaner.deviceFooter.mayMatch("Отправлено с iPhone"))
        #expect(ReplyCleaner.deviceFooter.matches("Отправлено с iPhone"))
    }

    @Test func trimmingMatchesFoundationWhitespace() {
        for line in [" \t a b \u{00A0}", "\u{3000}x\u{200B}", "\u{2028}y ", "", " \t ", "\r"] {
            #expect(ReplyLines.trimmingSpaces(line[...]) == line.trimmingCharacters(in: .whitespaces))
        }
    }
}
