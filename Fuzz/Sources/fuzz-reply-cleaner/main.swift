import FuzzDriver
import WinnowMail

/// libFuzzer entry: the bytes as a plain-text message and as an HTML body, through the reply cleaner, and as a
/// quoted history (counted, and read back as the message it quotes). Nothing may crash, hang or grow without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplyCleaner(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let cleaner = ReplyCleaner()
    let plain = cleaner.clean(text: text)
    _ = plain.removedMetadata
    _ = cleaner.clean(html: text)
    // The history counted, and read back as the message it quotes first.
    _ = ReplyCleaner.quotedMessageCount(text: text)
    _ = QuotedMessage(quote: text)
    return 0
}

runFuzzer(fuzzReplyCleaner)
