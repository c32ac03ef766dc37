import Foundation
import WinnowCore

/// One example ready to insert: everything the insert binds, computed off the writer (content hash, JSON texts) and
/// packed into one byte buffer, so that the writer binds pointers into it without copying or converting anything.
///
/// Layout of `storage`: the byte length of each of the ``Column`` texts as eight 32-bit integers (-1 for NULL),
/// then the 32-byte content hash, then the texts' UTF-8 bytes one after another in column order.
public struct PreparedExample: Sendable {
    /// The text columns, in storage order.
    enum Column: Int, CaseIterable {
        case input, response, label, trainingPoint, ticketID, messages, metadata, locator
    }

    /// Bytes before the first text: the lengths, then the hash.
    static let hashOffset = Column.allCases.count * 4
    static let textsOffset = hashOffset + 32

    /// The packed values (see the type's description).
    let storage: [UInt8]

    /// Computes the content hash and the JSON texts of `draft` and packs them with its other fields.
    public init(_ draft: ExampleDraft) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(
            PreparedExample.textsOffset + draft.input.utf8.count + (draft.response?.utf8.count ?? 0) + 128)
        bytes.append(contentsOf: repeatElement(0, count: PreparedExample.hashOffset))
        ContentHash.appendDigest(input: draft.input, response: draft.response, label: draft.label, to: &bytes)
        var column = 0
        func record(length: Int) {
            bytes.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: Int32(length).littleEndian, toByteOffset: column * 4, as: Int32.self)
            }
            column += 1
        }
        func append(_ text: String?) {
            guard var text else { return record(length: -1) }
            text.withUTF8 { bytes.append(contentsOf: $0) }
            record(length: text.utf8.count)
        }
        func append(bytesOf body: (inout [UInt8]) -> Void) {
            let start = bytes.count
            body(&bytes)
            record(length: bytes.count - start)
        }
        append(draft.input)
        append(draft.response)
        append(draft.label)
        append(draft.trainingPoint)
        append(draft.ticketID)
        if draft.messages.isEmpty {
            append("[]")
        } else {
            append(bytesOf: { JSONValue.array(draft.messages.map(\.json)).appendSerialized(to: &$0) })
        }
        append(bytesOf: { JSONValue.object(draft.metadata).appendSerialized(to: &$0) })
        append(draft.locator.encoded)
        precondition(column == Column.allCases.count, "every column is packed")
        storage = bytes
    }

    /// The content hash.
    var contentDigest: ContentDigest {
        storage.withUnsafeBytes { ContentDigest(UnsafeRawBufferPointer(rebasing: $0[PreparedExample.hashOffset...])) }
    }

    /// Calls `body` with the packed bytes and the place of each column's text in them (nil for NULL). The
    /// pointers are valid only inside `body`.
    func withColumns<T>(
        _ body: (_ hash: UnsafeRawBufferPointer, _ text: (Column) -> UnsafeRawBufferPointer?) throws -> T
    ) rethrows -> T {
        try storage.withUnsafeBytes { raw in
            func length(_ index: Int) -> Int {
                Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)))
            }
            let hash = UnsafeRawBufferPointer(
                rebasing: raw[PreparedExample.hashOffset..<PreparedExample.textsOffset])
            return try body(hash) { column in
                var start = PreparedExample.textsOffset
                for index in 0..<column.rawValue { start += max(0, length(index)) }
                let count = length(column.rawValue)
                guard count >= 0 else { return nil }
                return UnsafeRawBufferPointer(rebasing: raw[start..<start + count])
            }
        }
    }
}
