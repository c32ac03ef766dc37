import FuzzDriver
import WinnowMail

/// libFuzzer entry: the bytes as one message, as an Outlook `.msg` (a compound file), as an Outlook RTF body
/// (compressed, and as RTF), as an mbox, and as header values (dates, addresses, encoded words), then the messages
/// threaded. Nothing may crash, hang or grow without
/// bound; errors are fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMail(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? MailMessage(bytes: bytes)
    if let outlook = try? OutlookMessage(bytes: bytes) { _ = try? MailMessage(bytes: outlook.mime) }
    // An Outlook RTF body: compressed, and as RTF (encapsulated HTML or text, or plain).
    _ = try? CompressedRTF.decompress(bytes)
    _ = RTFBody(rtf: bytes)
    var envelopes: [MailThreader.Envelope] = []
    for entry in MboxReader.entries(bytes) {
        if let message = try? MailMessage(bytes: entry.bytes) {
            envelopes.append(MailThreader.Envelope(number: entry.number, message: message))
        }
    }
    _ = MailThreader().threads(envelopes)
    let text = String(decoding: bytes, as: UTF8.self)
    _ = MailDate(parsing: text)
    _ = MailAddress.list(text)
    _ = EncodedWords.decode(text)
    _ = MIMEContentType(text)
    _ = MailThreader.normalisedSubject(text)
    _ = TransferEncoding.quotedPrintable(bytes[...])
    _ = try? TransferEncoding.base64(bytes[...])
    if let newline = bytes.firstIndex(of: 0x0A) {
        // The first line names a charset, the rest is decoded in it.
        let charset = String(decoding: bytes[..<newline].prefix(40), as: UTF8.self)
        _ = MailCharset.decode(Array(bytes[(newline + 1)...]), charset: charset)
    }
    return 0
}

runFuzzer(fuzzMail)
