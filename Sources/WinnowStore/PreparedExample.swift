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
        self.init(
            draft,
            appendingHash: { bytes in
                ContentHash.appendDigest(input: draft.input, response: draft.response, label: draft.label, to: &bytes)
            })
    }

    /// `draft` with a content hash of the caller's choosing (32 bytes), for tests of hash collisions.
    init(_ draft: ExampleDraft, contentHash: [UInt8]) {
        precondition(contentHash.count == 32, "a content hash has 32 bytes")
        self.init(draft, appendingHash: { $0.append(contentsOf: contentHash) })
    }

    private init(_ draft: ExampleDraft, appendingHash appendHash: (inout [UInt8]) -> Void) {
        var packer = Packer(capacity: draft.input.utf8.count + (draft.response?.utf8.count ?? 0) + 128)
        appendHash(&packer.bytes)
        packer.append(draft.input)
        packer.append(draft.response)
        packer.append(draft.label)
        packer.append(draft.trainingPoint)
        packer.append(draft.ticketID)
        packer.appendJSON(draft.messages.isEmpty ? nil : JSONValue.array(draft.messages.map(\.json)), empty: "[]")
        packer.appendJSON(JSONValue.object(draft.metadata), empty: "{}")
        packer.append(draft.locator.encoded)
        precondition(packer.column == Column.allCases.count, "every column is packed")
        storage = packer.bytes
    }

    /// Builds `storage`: the lengths go in front as each text is appended.
    private struct Packer {
        var bytes: [UInt8] = []
        /// The next column.
        private(set) var column = 0

        init(capacity: Int) {
            bytes.reserveCapacity(PreparedExample.textsOffset + capacity)
            bytes.append(contentsOf: repeatElement(0, count: PreparedExample.hashOffset))
        }

        mutating func append(_ text: String?) {
            guard var text else { return record(length: -1) }
            text.withUTF8 { bytes.append(contentsOf: $0) }
            record(length: text.utf8.count)
        }

        /// Appends `value` serialised, or `empty` when it is nil.
        mutating func appendJSON(_ value: JSONValue?, empty: StaticString) {
            let start = bytes.count
            if let value {
                value.appendSerialized(to: &bytes)
            } else {
                bytes.append(contentsOf: UnsafeBufferPointer(start: empty.utf8Start, count: empty.utf8CodeUnitCount))
            }
            record(length: bytes.count - start)
        }

        private mutating func record(length: Int) {
            let offset = column * 4
            bytes.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: Int32(length).littleEndian, toByteOffset: offset, as: Int32.self)
            }
            column += 1
        }
    }

    /// The content hash.
    var contentDigest: ContentDigest {
        storage.withUnsafeBytes { ContentDigest(UnsafeRawBufferPointer(rebasing: $0[PreparedExample.hashOffset...])) }
    }

    /// The packed bytes.
    var byteCount: Int { storage.count }
}

/// A view of one example's packed bytes (``PreparedExample``'s layout): the hash and each column's text.
struct PackedColumns {
    /// The example's packed bytes.
    let raw: UnsafeRawBufferPointer

    /// The 32-byte content hash.
    var hash: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: raw[PreparedExample.hashOffset..<PreparedExample.textsOffset])
    }

    /// A column's UTF-8 text, nil for NULL.
    func text(_ column: PreparedExample.Column) -> UnsafeRawBufferPointer? {
        var start = PreparedExample.textsOffset
        for index in 0..<column.rawValue { start += max(0, length(index)) }
        let count = length(column.rawValue)
        guard count >= 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: raw[start..<start + count])
    }

    private func length(_ index: Int) -> Int {
        Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)))
    }
}

/// A 64-bit FNV-1a hash of a ticket id's UTF-8 bytes: equal ids hash equal, so that ticket ids held twice are found
/// by sorting numbers (a clash only brings two examples to the exact comparison).
public enum TicketHash {
    /// The hash of `bytes`.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Whether `hashes` holds a value twice (sorts them).
    public static func repeats(_ hashes: inout [UInt64]) -> Bool {
        hashes.sort()
        return hashes.indices.dropFirst().contains { hashes[$0] == hashes[$0 - 1] }
    }
}

extension PreparedExample {
    /// The ``TicketHash`` of the ticket id, nil without one (read from the packed bytes, no string made).
    public var ticketHash: UInt64? {
        storage.withUnsafeBytes { raw in PackedColumns(raw: raw).text(.ticketID).map(TicketHash.of) }
    }

    /// A text column as a string (nil for NULL): the identity checks read the locator and the ticket id.
    func string(_ column: Column) -> String? {
        storage.withUnsafeBytes { raw in
            PackedColumns(raw: raw).text(column).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
