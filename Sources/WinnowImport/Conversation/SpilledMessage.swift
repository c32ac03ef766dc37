import Foundation
import WinnowCore

/// A message row's text and fields as the spill file holds them until its conversation is assembled:
/// length-prefixed text, label, metadata (serialized JSON), message id and subject.
struct SpilledMessage: Sendable, Equatable {
    /// The row's message text (empty when it has none), without its subject.
    var text: String
    var label: String?
    /// The row's other fields, serialized JSON; parsed only for a conversation's first row.
    var metadataJSON: [UInt8]
    var messageID: String?
    /// The row's subject line, when the records have a subject field (an e-mail's `Subject`): placed by the
    /// conversation, since a reply's `RE: ...` repeats the thread's.
    var subject: String?

    /// The row's other fields.
    var metadata: JSONObject {
        guard !metadataJSON.isEmpty else { return JSONObject() }
        let value = metadataJSON.withUnsafeBytes { try? JSONParser.parse(bytes: $0) }
        return value?.objectValue ?? JSONObject()
    }

    /// Appends a record to `bytes`.
    static func append(
        text: String, label: String?, metadata: JSONObject, messageID: String?, subject: String? = nil,
        to bytes: inout [UInt8]
    ) {
        appendField(text.utf8, to: &bytes)
        if let label { appendField(label.utf8, to: &bytes) } else { appendLength(UInt32.max, to: &bytes) }
        let start = bytes.count
        appendLength(0, to: &bytes)
        if !metadata.isEmpty { JSONValue.object(metadata).appendSerialized(to: &bytes) }
        let length = UInt32(bytes.count - start - 4)
        withUnsafeBytes(of: length.littleEndian) { bytes.replaceSubrange(start..<start + 4, with: $0) }
        for optional in [messageID, subject] {
            if let optional { appendField(optional.utf8, to: &bytes) } else { appendLength(UInt32.max, to: &bytes) }
        }
    }

    /// Reads a record written by ``append(text:label:metadata:messageID:subject:to:)``; nil when the bytes are cut short.
    init?(_ bytes: UnsafeRawBufferPointer) {
        var position = 0
        func field() -> [UInt8]?? {
            guard position + 4 <= bytes.count else { return .none }
            let length = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian
            position += 4
            if length == UInt32.max { return .some(nil) }
            guard position + Int(length) <= bytes.count else { return .none }
            defer { position += Int(length) }
            return .some(Array(bytes[position..<position + Int(length)]))
        }
        guard let text = field(), let label = field(), let metadata = field(), let messageID = field(),
            let subject = field()
        else { return nil }
        self.text = text.map { String(decoding: $0, as: UTF8.self) } ?? ""
        self.label = label.map { String(decoding: $0, as: UTF8.self) }
        self.metadataJSON = metadata ?? []
        self.messageID = messageID.map { String(decoding: $0, as: UTF8.self) }
        self.subject = subject.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func appendField(_ utf8: String.UTF8View, to bytes: inout [UInt8]) {
        appendLength(UInt32(utf8.count), to: &bytes)
        bytes.append(contentsOf: utf8)
    }

    private static func appendLength(_ length: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: length.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// A temporary file holding spilled message records while a file's conversations are grouped: removed from the
/// directory as soon as it is open, so that nothing is left behind however the import ends.
///
/// A class: it owns an open file descriptor, closed when the last reference goes.
final class SpillFile {
    private let descriptor: Int32
    /// Bytes written so far.
    private(set) var size: Int64 = 0

    /// Creates the file in the temporary directory.
    init() throws {
        let directory = NSTemporaryDirectory()
        let path = (directory as NSString).appendingPathComponent("winnow-conversations-\(UUID().uuidString)")
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ImportError(
                kind: .unreadableFile, file: path,
                message: "cannot create a temporary file for grouping messages: \(String(cString: strerror(errno)))"
                    + " (set TMPDIR to a writable directory)")
        }
        unlink(path)
    }

    deinit { close(descriptor) }

    /// Appends `bytes`, returning the offset they start at.
    func append(_ bytes: [UInt8]) throws -> Int64 {
        let start = size
        try bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = pwrite(
                    descriptor, raw.baseAddress.map { $0 + written }, raw.count - written, off_t(start) + off_t(written)
                )
                guard result > 0 else { throw spillError("write") }
                written += result
            }
        }
        size += Int64(bytes.count)
        return start
    }

    /// Reads `length` bytes at `offset` into `buffer` (resized to fit).
    func read(offset: Int64, length: Int, into buffer: inout [UInt8]) throws {
        if buffer.count < length { buffer = [UInt8](repeating: 0, count: length) }
        try buffer.withUnsafeMutableBytes { raw in
            var done = 0
            while done < length {
                let result = pread(
                    descriptor, raw.baseAddress.map { $0 + done }, length - done, off_t(offset) + off_t(done))
                guard result > 0 else { throw spillError("read") }
                done += result
            }
        }
    }

    private func spillError(_ action: String) -> ImportError {
        ImportError(
            kind: .unreadableFile, file: NSTemporaryDirectory(),
            message: "cannot \(action) the temporary file grouping messages: \(String(cString: strerror(errno)))")
    }
}
