import CLibXML2

/// Collects the errors libxml2 raises during one call instead of letting them reach stderr.
///
/// libxml2 keeps its structured error handler per thread, so capturing on one thread does not affect parsing on
/// another. The handler is removed again when `run` returns.
final class LibXMLErrorCapture {
    /// What was raised, in order.
    private(set) var diagnostics: [HTMLDiagnostic] = []

    /// Runs `body` with this object as the thread's libxml2 error handler.
    func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(
            context,
            { context, error in
                guard let context, let error else { return }
                let capture = Unmanaged<LibXMLErrorCapture>.fromOpaque(context).takeUnretainedValue()
                capture.record(error.pointee)
            })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return try withExtendedLifetime(self) { try body() }
    }

    /// The first error's message, or `fallback` when libxml2 gave none.
    func firstMessage(or fallback: String) -> String {
        diagnostics.first { !$0.isWarning }?.message ?? diagnostics.first?.message ?? fallback
    }

    private func record(_ error: xmlError) {
        // libxml2 2.9 knows HTML 4 only: `<article>`, `<main>` and the other HTML 5 elements would each be reported
        // as an invalid tag although they parse fine. They are not problems in the page.
        if error.domain == Int32(XML_FROM_HTML.rawValue), error.code == Int32(XML_HTML_UNKNOWN_TAG.rawValue) { return }
        let text = error.message.map { String(cString: $0) } ?? "unknown error (code \(error.code))"
        let message = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        diagnostics.append(
            HTMLDiagnostic(line: Int(error.line), message: message, isWarning: error.level == XML_ERR_WARNING))
    }
}
