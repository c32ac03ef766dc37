import ArgumentParser
import Foundation
import WinnowCore
import WinnowImport

/// `winnow-bench mbox`: a generated mixed mbox imported by the `winnow` binary (messages/s, peak memory). Reply
/// accuracy on real `.eml` files is `winnow-bench email-replies`.
struct MailBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mbox", abstract: "Mbox import throughput and peak memory.")

    @Option(help: "Number of messages in the generated mbox.")
    var messages = 100_000

    @Option(help: "The winnow executable to measure (build it with `swift build -c release`).")
    var winnow = ".build/release/winnow"

    @Option(help: "Directory for the generated mbox and store (default: a new temporary directory).")
    var workDirectory: String?

    func run() throws {
        let directory = URL(fileURLWithPath: workDirectory ?? NSTemporaryDirectory() + "winnow-mbox-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mbox = directory.appendingPathComponent("support.mbox")
        print("Generating \(messages) messages in \(mbox.path) ...")
        let threads = try MixedMbox.write(messages: messages, to: mbox)
        let size = (try? FileManager.default.attributesOfItem(atPath: mbox.path)[.size] as? Int) ?? 0
        print("Machine: \(MachineDescription.current)")
        let database = directory.appendingPathComponent("bench-mbox.db").path
        try? FileManager.default.removeItem(atPath: database)
        let measurement = try ChildProcess.measure(
            winnow, ["import", "--db", database, "--agent-domain", "shop.example", mbox.path])
        let cpu = measurement.userSeconds + measurement.systemSeconds
        print("Load average at the end: \(MachineDescription.loadAverages)")
        print("")
        print("| work | messages | threads | MB | messages/s | seconds | CPU seconds | peak RSS |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        print(
            String(
                format: "| winnow import (mbox) | %d | %d | %.1f | %.0f | %.2f | %.2f | %.0f MB |", messages, threads,
                Double(size) / 1e6, Double(messages) / measurement.seconds, measurement.seconds, cpu,
                Double(measurement.peakRSSKilobytes) / 1024))

    }
}

/// A deterministic mbox of support threads (1 to 5 messages) mixing the shapes real mail comes in: plain text,
/// quoted-printable, base64, multipart/alternative, HTML only, several charsets, quoted history and signatures.
enum MixedMbox {
    /// Writes `messages` messages to `url`; returns the number of threads.
    static func write(messages: Int, to url: URL) throws -> Int {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        var written = 0
        var thread = 0
        while written < messages {
            let length = min(messages - written, 1 + thread % 5)
            for position in 0..<length {
                buffer += message(thread: thread, position: position)
                written += 1
            }
            thread += 1
            if buffer.count > 1 << 20 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
        return thread
    }

    static let customerLines = [
        "I was charged twice for order %d and would like one payment refunded.",
        "My parcel %d has not arrived although the tracking page says delivered.",
        "Ich kann mich seit gestern nicht mehr anmelden, Kundennummer %d, bitte um Hilfe.",
        "Le colis %d est arrivé abîmé, pouvez-vous m'envoyer un remplacement ?",
        "No puedo cambiar la dirección de envío del pedido %d.",
        "Не приходит письмо для сброса пароля, заказ %d.",
    ]
    static let agentLines = [
        "Thanks for writing in: I have refunded the second payment for order %d.",
        "Sorry about that, a replacement for %d is on its way and should arrive within three days.",
        "I have reset the login for customer %d; please try again and let us know.",
    ]

    /// One message: customers write on even positions, the shop answers on odd ones.
    static func message(thread: Int, position: Int) -> [UInt8] {
        let customer = position % 2 == 0
        let sender = customer ? "customer\(thread % 997)@mail\(thread % 13).example" : "agent\(thread % 7)@shop.example"
        let recipient = customer ? "help@shop.example" : "customer\(thread % 997)@mail\(thread % 13).example"
        let id = "<m\(thread)-\(position)@bench.example>"
        let references = (0..<position).map { "<m\(thread)-\($0)@bench.example>" }.joined(separator: " ")
        let line = String(
            format: (customer ? customerLines[thread % customerLines.count] : agentLines[thread % agentLines.count]),
            thread)
        let quoted =
            position > 0
            ? "\n\nOn Mon, 7 Dec 2026 at 10:00, someone wrote:\n> an earlier message of this thread\n> with two lines\n"
            : ""
        let text = "Hello,\n\n\(line)\n\(quoted)\n-- \nSent from my phone\n"
        var headers = """
            From \(sender) Mon Dec  7 10:\(String(format: "%02d", position)):00 2026
            From: Person \(thread) <\(sender)>
            To: \(recipient)
            Subject: \(position == 0 ? "" : "Re: ")Case \(thread)
            Date: Mon, 7 Dec 2026 10:\(String(format: "%02d", position)):00 +0000
            Message-ID: \(id)
            MIME-Version: 1.0

            """
        if !references.isEmpty {
            headers = headers.replacingOccurrences(of: "MIME-Version", with: "References: \(references)\nMIME-Version")
        }
        let body: String
        switch (thread + position) % 6 {
        case 0:
            body = "Content-Type: text/plain; charset=utf-8\n\n\(text)"
        case 1:
            body =
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                + quotedPrintable(text)
        case 2:
            body =
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + Data(text.utf8).base64EncodedString(options: .lineLength76Characters) + "\n"
        case 3:
            body = """
                Content-Type: multipart/alternative; boundary="alt\(thread)"

                --alt\(thread)
                Content-Type: text/plain; charset=utf-8

                \(text)
                --alt\(thread)
                Content-Type: text/html; charset=utf-8

                <html><body><p>\(line)</p></body></html>
                --alt\(thread)--

                """
        case 4:
            body = "Content-Type: text/html; charset=utf-8\n\n<html><body><p>Hello,</p><p>\(line)</p></body></html>\n"
        default:
            // Latin-1 when the text fits it, else KOI8-R for the Russian line: other charsets than UTF-8.
            let latin = text.data(using: .isoLatin1)
            let charset = latin == nil ? "koi8-r" : "iso-8859-1"
            let encoded = latin ?? koi8r(text)
            return Array(headers.utf8) + Array("Content-Type: text/plain; charset=\(charset)\n\n".utf8)
                + [UInt8](encoded) + Array("\n".utf8)
        }
        return Array((headers + body + "\n").utf8)
    }

    static func quotedPrintable(_ text: String) -> String {
        var output = ""
        var lineLength = 0
        for byte in text.utf8 {
            let piece: String
            if byte == 0x0A {
                output += "\n"
                lineLength = 0
                continue
            } else if byte == 0x3D || byte >= 0x80 {
                piece = String(format: "=%02X", byte)
            } else {
                piece = String(UnicodeScalar(byte))
            }
            if lineLength + piece.count > 72 {
                output += "=\n"
                lineLength = 0
            }
            output += piece
            lineLength += piece.count
        }
        return output
    }

    /// KOI8-R bytes of Russian text (Cyrillic letters, ASCII kept; what does not fit becomes `?`).
    static func koi8r(_ text: String) -> Data {
        let alphabet = Array("юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ")
        var bytes: [UInt8] = []
        for character in text {
            if let ascii = character.asciiValue {
                bytes.append(ascii)
            } else if let index = alphabet.firstIndex(of: character) {
                bytes.append(UInt8(0xC0 + index))
            } else {
                bytes.append(0x3F)
            }
        }
        return Data(bytes)
    }
}
