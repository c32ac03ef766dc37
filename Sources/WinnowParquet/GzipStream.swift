import CCompression
import Foundation

/// Gzip data read from a file as a stream, every member one after another, through zlib: what the import unpacks a
/// `.gz` file with. (It lives beside the Parquet codecs, which link zlib already.)
public enum GzipStream {
    /// Why gzip data could not be read on: cut short, or damaged, after so many compressed bytes.
    public struct Failure: Error, CustomStringConvertible {
        /// What happened to the data (`is cut short`, `is damaged (invalid block type)`).
        public let what: String
        /// Compressed bytes read before it.
        public let consumed: UInt64

        public var description: String { "the gzip data \(what) after \(consumed) compressed bytes" }
    }

    /// Whether `prefix` opens gzip data.
    public static func isGzip(_ prefix: [UInt8]) -> Bool { prefix.starts(with: [0x1F, 0x8B, 0x08]) }

    /// Streams the unpacked bytes of the gzip file at `url` to `body` in blocks; `body` returns false to stop. A member's
    /// end followed by another member goes on; followed by anything else (a padding of zeros), stops as gunzip does.
    /// Data cut short or damaged throws a ``Failure``; an unreadable file throws its error.
    public static func inflate(url: URL, _ body: ([UInt8]) throws -> Bool) throws {
        let input = try FileHandle(forReadingFrom: url)
        defer { try? input.close() }
        var stream = z_stream()
        // 15 window bits, plus 16: a gzip header and trailer.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(what: "cannot be read (zlib cannot start)", consumed: 0)
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 1 << 20)
        var consumed: UInt64 = 0
        var ended = false
        while let data = try input.read(upToCount: 1 << 20), !data.isEmpty {
            var block = [UInt8](data)
            if ended {
                guard isGzip(Array(block.prefix(3))) else { return }
                guard inflateReset(&stream) == Z_OK else { throw Failure(what: "cannot be read", consumed: consumed) }
                ended = false
            }
            var offset = 0
            while offset < block.count {
                var result: Int32 = Z_OK
                var produced = 0
                var used = 0
                block.withUnsafeMutableBufferPointer { source in
                    output.withUnsafeMutableBufferPointer { target in
                        stream.next_in = source.baseAddress.map { $0 + offset }
                        stream.avail_in = UInt32(source.count - offset)
                        stream.next_out = target.baseAddress
                        stream.avail_out = UInt32(target.count)
                        result = CCompression.inflate(&stream, Z_NO_FLUSH)
                        produced = target.count - Int(stream.avail_out)
                        used = source.count - offset - Int(stream.avail_in)
                    }
                }
                offset += used
                consumed += UInt64(used)
                if produced > 0, try !body(Array(output[..<produced])) { return }
                switch result {
                case Z_STREAM_END:
                    ended = true
                    guard offset < block.count else { break }
                    guard isGzip(Array(block[offset...].prefix(3))) else { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw Failure(what: "cannot be read", consumed: consumed)
                    }
                    ended = false
                case Z_OK, Z_BUF_ERROR:
                    if used == 0, produced == 0 { throw Failure(what: "cannot be read", consumed: consumed) }
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? String(cString: zError(result))
                    throw Failure(what: "is damaged (\(reason))", consumed: consumed)
                }
                if ended { break }
            }
        }
        if !ended { throw Failure(what: "is cut short", consumed: consumed) }
    }
}
