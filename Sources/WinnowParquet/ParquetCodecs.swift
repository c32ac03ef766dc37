import CCompression

/// Parquet's compression codecs: none, Snappy (what pandas, pyarrow, DuckDB and Hugging Face write by default), gzip,
/// Zstandard (Polars' default) and LZ4's raw blocks. Brotli and the deprecated LZO and Hadoop-framed LZ4 throw
/// ``ParquetError/unsupported(_:)``. Every decoder stops at the size the page header promised: a page that
/// decompresses to more or fewer bytes is malformed.
enum ParquetCodec {
    static func name(_ codec: Int) -> String {
        switch codec {
        case 0: return "none"
        case 1: return "Snappy"
        case 2: return "gzip"
        case 3: return "LZO"
        case 4: return "Brotli"
        case 5: return "LZ4 (Hadoop)"
        case 6: return "Zstandard"
        case 7: return "LZ4"
        default: return "codec \(codec)"
        }
    }

    static func decompress(_ input: ArraySlice<UInt8>, codec: Int, size: Int) throws(ParquetError) -> [UInt8] {
        // No codec makes more of a byte than this (deflate's limit is about 1,032; LZ4's 255; Snappy's length is
        // checked against the size first; Zstandard's frame says its size): a page claiming more is damaged, and
        // is refused before its size is allocated.
        let bound = codec == 6 ? Int.max : input.count.multipliedReportingOverflow(by: 1100).partialValue + 1024
        guard size <= bound else {
            throw .malformed("a \(name(codec)) page of \(input.count) bytes cannot hold the \(size) its header says")
        }
        let output: [UInt8]
        switch codec {
        case 0: output = Array(input)
        case 1: output = try snappy(input, size: size)
        case 2: output = try gzip(input, size: size)
        case 6: output = try zstd(input, size: size)
        case 7: output = try lz4(input, size: size)
        default:
            throw .unsupported(
                "its pages are compressed with \(name(codec)), which Winnow does not read: write it again with"
                    + " Snappy or Zstandard (pyarrow: `pq.write_table(table, FILE, compression=\"zstd\")`)")
        }
        guard output.count == size else {
            throw .malformed(
                "a \(name(codec)) page decompressed to \(output.count) bytes, not the \(size) its header says")
        }
        return output
    }

    /// Snappy's raw format: the length as a varint, then literals and copies.
    static func snappy(_ input: ArraySlice<UInt8>, size: Int) throws(ParquetError) -> [UInt8] {
        var position = input.startIndex
        func next() throws(ParquetError) -> UInt8 {
            guard position < input.endIndex else { throw .malformed("a Snappy page is cut short") }
            defer { position += 1 }
            return input[position]
        }
        let length = try Varint.read(input, at: &position)
        guard length == UInt64(size) else {
            throw .malformed("a Snappy page holds \(length) bytes, not the \(size) its header says")
        }
        var output = [UInt8]()
        output.reserveCapacity(size)
        while position < input.endIndex {
            let tag = try next()
            switch tag & 3 {
            case 0:
                var literal = Int(tag >> 2)
                if literal >= 60 {
                    let bytes = literal - 59
                    literal = 0
                    for index in 0..<bytes { literal |= Int(try next()) << (8 * index) }
                }
                literal += 1
                guard literal <= input.endIndex - position, output.count + literal <= size else {
                    throw .malformed("a Snappy literal runs past its page")
                }
                output.append(contentsOf: input[position..<position + literal])
                position += literal
            default:
                let count: Int
                let offset: Int
                switch tag & 3 {
                case 1:
                    count = Int((tag >> 2) & 7) + 4
                    offset = Int(tag >> 5) << 8 | Int(try next())
                case 2:
                    count = Int(tag >> 2) + 1
                    offset = Int(try next()) | Int(try next()) << 8
                default:
                    count = Int(tag >> 2) + 1
                    var value = 0
                    for index in 0..<4 { value |= Int(try next()) << (8 * index) }
                    offset = value
                }
                try copyMatch(offset: offset, count: count, into: &output, size: size, codec: "Snappy")
            }
        }
        return output
    }

    /// Appends `count` bytes copied from `offset` bytes back (Snappy's and LZ4's matches, which may overlap what they
    /// write), within the page's `size`.
    private static func copyMatch(offset: Int, count: Int, into output: inout [UInt8], size: Int, codec: String)
        throws(ParquetError)
    {
        guard offset > 0, offset <= output.count, count <= size - output.count else {
            throw .malformed("a \(codec) match reaches outside its page")
        }
        let start = output.count - offset
        for index in 0..<count { output.append(output[start + index]) }
    }

    /// LZ4's block format (no frame), as `LZ4_RAW` pages hold it.
    static func lz4(_ input: ArraySlice<UInt8>, size: Int) throws(ParquetError) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(size)
        var position = input.startIndex
        func next() throws(ParquetError) -> UInt8 {
            guard position < input.endIndex else { throw .malformed("an LZ4 page is cut short") }
            defer { position += 1 }
            return input[position]
        }
        func extended(_ base: Int) throws(ParquetError) -> Int {
            var value = base
            guard base == 15 else { return value }
            while true {
                let byte = try next()
                value += Int(byte)
                guard value <= size else { throw .malformed("an LZ4 length runs past its page") }
                if byte != 255 { return value }
            }
        }
        while position < input.endIndex {
            let token = try next()
            let literal = try extended(Int(token >> 4))
            guard literal <= input.endIndex - position, output.count + literal <= size else {
                throw .malformed("an LZ4 literal runs past its page")
            }
            output.append(contentsOf: input[position..<position + literal])
            position += literal
            // The last sequence holds literals only.
            if position == input.endIndex { break }
            let offset = Int(try next()) | Int(try next()) << 8
            let count = try extended(Int(token & 0x0F)) + 4
            try copyMatch(offset: offset, count: count, into: &output, size: size, codec: "LZ4")
        }
        return output
    }

    /// Zstandard frames, through libzstd.
    static func zstd(_ input: ArraySlice<UInt8>, size: Int) throws(ParquetError) -> [UInt8] {
        // A page of one frame that says its size (as writers make them) is checked before its size is allocated;
        // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two highest values.
        let (declared, frame) = input.withUnsafeBytes {
            (ZSTD_getFrameContentSize($0.baseAddress, $0.count), ZSTD_findFrameCompressedSize($0.baseAddress, $0.count))
        }
        if declared < UInt64.max - 1, declared > UInt64(size) || (declared != UInt64(size) && frame == input.count) {
            throw .malformed("a Zstandard page holds \(declared) bytes, not the \(size) its header says")
        }
        var output = [UInt8](repeating: 0, count: size)
        if size == 0, input.isEmpty { return output }
        let result = output.withUnsafeMutableBytes { target in
            input.withUnsafeBytes { source in
                ZSTD_decompress(target.baseAddress, target.count, source.baseAddress, source.count)
            }
        }
        if ZSTD_isError(result) != 0 {
            throw .malformed("a Zstandard page cannot be read: \(String(cString: ZSTD_getErrorName(result)))")
        }
        output.removeLast(size - result)
        return output
    }

    /// A gzip member (or several, one after another), through zlib.
    static func gzip(_ input: ArraySlice<UInt8>, size: Int) throws(ParquetError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var source = Array(input)
        guard !source.isEmpty else { throw .malformed("an empty gzip page") }
        var stream = z_stream()
        // 15 window bits, plus 16: a gzip header and trailer.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .malformed("zlib cannot start")
        }
        defer { inflateEnd(&stream) }
        var written = 0
        let status: Int32 = source.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = input.baseAddress
                stream.avail_in = UInt32(input.count)
                while true {
                    stream.next_out = target.baseAddress.map { $0 + written }
                    stream.avail_out = UInt32(target.count - written)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    written = target.count - Int(stream.avail_out)
                    // Another member after this one: read it on.
                    if result == Z_STREAM_END, stream.avail_in > 0, written < target.count {
                        guard inflateReset(&stream) == Z_OK else { return Z_DATA_ERROR }
                        continue
                    }
                    return result
                }
            }
        }
        guard status == Z_STREAM_END else {
            throw .malformed(
                status == Z_BUF_ERROR || status == Z_OK
                    ? "a gzip page is cut short or holds more than its header says" : "a gzip page cannot be read")
        }
        output.removeLast(size - written)
        return output
    }
}
