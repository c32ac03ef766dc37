import WinnowMail

/// libFuzzer entry: the bytes as a plain-text message and as an HTML body, through the reply cleaner. Whatever it
/// removes, the parts it returns must come from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplyCleaner(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let cleaner = ReplyCleaner()
    let plain = cleaner.clean(text: text)
    _ = plain.removedMetadata
    _ = cleaner.clean(html: text)
    return 0
}
