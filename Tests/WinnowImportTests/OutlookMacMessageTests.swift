import Foundation
import Testing
import WinnowCore
import WinnowMail

@testable import WinnowImport

/// An Outlook for Mac archive's message XML read as the MIME message it stands for.
@Suite struct OutlookMacMessageTests {
    static let reply = """
        <?xml version="1.0" encoding="UTF-8"?>
        <emails><email>
        <OPFMessageCopySubject>RE: Lampe cassée</OPFMessageCopySubject>
        <OPFMessageCopySentTime>2026-11-02T11:05:09</OPFMessageCopySentTime>
        <OPFMessageCopyMessageID>a1@shop.example</OPFMessageCopyMessageID>
        <OPFMessageCopyInReplyTo>&lt;q1@customer.example&gt;</OPFMessageCopyInReplyTo>
        <OPFMessageCopyReferences>&lt;q0@customer.example&gt; &lt;q1@customer.example&gt;</OPFMessageCopyReferences>
        <OPFMessageCopySenderAddress><emailAddress OPFContactEmailAddressAddress="Help@Shop.example" \
        OPFContactEmailAddressName="Équipe Shop" OPFContactEmailAddressType="0"/></OPFMessageCopySenderAddress>
        <OPFMessageCopyToAddresses><emailAddress OPFContactEmailAddressAddress="lea@customer.example" \
        OPFContactEmailAddressName="Léa"/><emailAddress OPFContactEmailAddressAddress="bo@customer.example"/>\
        </OPFMessageCopyToAddresses>
        <OPFMessageCopyBody>Bonjour Léa,

        une nouvelle lampe part aujourd'hui.</OPFMessageCopyBody>
        <OPFMessageCopyHTMLBody>&lt;p&gt;Bonjour Léa,&lt;/p&gt;</OPFMessageCopyHTMLBody>
        </email></emails>
        """

    @Test func aMessagesHeadersAndBodyBecomeAMIMEMessage() throws {
        let bytes = Array(Self.reply.utf8)
        #expect(OutlookMacMessage.isMessage(prefix: bytes))
        #expect(SourceFormat.detect(path: "message_00000.xml", prefix: bytes) == .eml)
        let message = try MailMessage(bytes: try OutlookMacMessage.mime(bytes))
        #expect(message.subject == "RE: Lampe cassée")
        #expect(message.from.map(\.address) == ["help@shop.example"])
        #expect(message.from.first?.name == "Équipe Shop")
        #expect(message.to.map(\.address) == ["lea@customer.example", "bo@customer.example"])
        #expect(message.messageID == "a1@shop.example")
        #expect(message.inReplyTo == ["q1@customer.example"])
        #expect(message.references == ["q0@customer.example", "q1@customer.example"])
        #expect(message.date?.secondsSince1970 == MailDate(parsing: "Mon, 2 Nov 2026 11:05:09 +0000")?.secondsSince1970)
        // The plain body is preferred; the HTML one stands in when there is no other.
        #expect(message.body == "Bonjour Léa,\n\nune nouvelle lampe part aujourd'hui.")
        #expect(!message.bodyIsHTML)
        let htmlOnly = Self.reply.replacingOccurrences(
            of: #"<OPFMessageCopyBody>[\s\S]*</OPFMessageCopyBody>"#, with: "", options: .regularExpression)
        let html = try MailMessage(bytes: try OutlookMacMessage.mime(Array(htmlOnly.utf8)))
        #expect(html.bodyIsHTML)
        #expect(html.body.contains("<p>Bonjour Léa,</p>"))
        // Headers alone, for threading.
        let headers = String(decoding: try OutlookMacMessage.mime(bytes, headersOnly: true), as: UTF8.self)
        #expect(headers.hasSuffix("Content-Transfer-Encoding: base64\r\n\r\n"))
    }

    @Test func brokenXMLTwoMessagesOrDeclaredEntitiesAreErrors() throws {
        let cut = Array(Self.reply.utf8.prefix(200))
        do {
            _ = try OutlookMacMessage.mime(cut)
            Issue.record("a message cut short was read")
        } catch let error as MailError {
            #expect(error.message.hasPrefix("an Outlook for Mac message whose XML cannot be read (line "))
        }
        let two = Self.reply.replacingOccurrences(of: "</email></emails>", with: "</email><email></email></emails>")
        do {
            _ = try OutlookMacMessage.mime(Array(two.utf8))
            Issue.record("a file of two messages was read as one")
        } catch let error as MailError {
            #expect(error.message.contains("holding 2 messages"))
        }
        // An external entity in untrusted XML is never read.
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-olm-secret-\(UUID())")
        try "top secret".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let entity = Self.reply.replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            with: "<?xml version=\"1.0\"?><!DOCTYPE emails [<!ENTITY x SYSTEM \"file://\(secret.path)\">]>"
        ).replacingOccurrences(of: "<OPFMessageCopySubject>RE: Lampe cassée", with: "<OPFMessageCopySubject>&x;")
        do {
            let read = String(decoding: try OutlookMacMessage.mime(Array(entity.utf8)), as: UTF8.self)
            Issue.record(
                "a message declaring entities was read: \(read.contains("dG9wIHNlY3JldA") ? "with" : "without") the file"
            )
        } catch let error as MailError {
            #expect(error.message.contains("document type declaration"))
        }
    }

    @Test func otherWritersShapesOfTheSameElementsAreReadToo() throws {
        // A message element alone (no <emails> around it) in Outlook's namespace, addresses as child elements or
        // as text, the id in escaped angle brackets, a time in UTC with its Z.
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <email xmlns="http://schemas.microsoft.com/outlook/mac/2011" version="1.0">
              <OPFMessageCopyMessageID>&lt;abc123@example.com&gt;</OPFMessageCopyMessageID>
              <OPFMessageCopySubject>Quarterly report</OPFMessageCopySubject>
              <OPFMessageCopySentTime>2022-05-23T10:32:00Z</OPFMessageCopySentTime>
              <OPFMessageCopySenderAddress>Ana.Smith@Example.com</OPFMessageCopySenderAddress>
              <OPFMessageCopyToAddresses>
                <emailAddress>
                  <OPFContactEmailAddressName>Me Myself</OPFContactEmailAddressName>
                  <OPFContactEmailAddressAddress>me@example.com</OPFContactEmailAddressAddress>
                </emailAddress>
              </OPFMessageCopyToAddresses>
              <OPFMessageCopyBody>Hi, see attached.</OPFMessageCopyBody>
            </email>
            """
        let bytes = Array(xml.utf8)
        #expect(OutlookMacMessage.isMessage(prefix: bytes))
        let message = try MailMessage(bytes: try OutlookMacMessage.mime(bytes))
        #expect(message.messageID == "abc123@example.com")
        #expect(message.from.map(\.address) == ["ana.smith@example.com"])
        #expect(message.to.map(\.address) == ["me@example.com"])
        #expect(message.to.first?.name == "Me Myself")
        #expect(
            message.date?.secondsSince1970 == MailDate(parsing: "Mon, 23 May 2022 10:32:00 +0000")?.secondsSince1970)
        #expect(message.body == "Hi, see attached.")

        // A value holding a line break (a character reference) stays inside its header.
        let injected = xml.replacingOccurrences(
            of: "<OPFContactEmailAddressAddress>me@example.com</OPFContactEmailAddressAddress>",
            with:
                "<OPFContactEmailAddressAddress>me@example.com&#13;&#10;X-Gmail-Labels: Trash</OPFContactEmailAddressAddress>"
        ).replacingOccurrences(
            of: "<OPFMessageCopySubject>Quarterly report",
            with: "<OPFMessageCopySubject>Quarterly&#10;Content-Type: text/html;&#10;report")
        let headers = String(decoding: try OutlookMacMessage.mime(Array(injected.utf8)), as: UTF8.self).lowercased()
        #expect(!headers.contains("\nx-gmail-labels:"))
        #expect(!headers.contains("\ncontent-type: text/html"))
        #expect(try MailMessage(bytes: try OutlookMacMessage.mime(Array(injected.utf8))).to.count == 1)
        // A document type declared after a long prolog is still refused.
        let padded = xml.replacingOccurrences(
            of: "<email xmlns",
            with:
                "<!-- \(String(repeating: "padding ", count: 1_000)) --><!DOCTYPE email [<!ENTITY a \"boom\">]><email xmlns"
        )
        #expect(throws: MailError.self) { try OutlookMacMessage.mime(Array(padded.utf8)) }
    }
}
