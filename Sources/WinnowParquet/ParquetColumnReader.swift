import WinnowCore

/// One column chunk read whole: its repetition and definition levels (empty where the column has none) and its
/// values, as JSON, one per level pair whose definition level is the column's highest.
struct ColumnValues {
    var repetition: [UInt16] = []
    var definition: [UInt16] = []
    var values: [JSONValue] = []
    /// Level pairs (or values, for a required column outside any list).
    var count = 0
}

/// Reads a column chunk's pages: a dictionary page, then data pages (v1 and v2) whose levels are RLE/bit-packed and
/// whose values are plain, dictionary-encoded, delta-encoded or byte-stream-split.
struct ParquetColumnReader {
    let file: [UInt8]
    let chunk: ColumnChunkMetadata
    let leaf: ParquetLeaf

    func read() throws(ParquetError) -> ColumnValues {
        var start = chunk.dataPageOffset
        if let dictionary = chunk.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
        guard start >= 4, chunk.compressedSize >= 0, start < Int64(file.count),
            chunk.compressedSize <= Int64(file.count) - start
        else { throw .malformed("its pages lie outside the file") }
        let end = Int(start + chunk.compressedSize)
        var position = Int(start)
        var column = ColumnValues()
        var dictionary: [JSONValue]?
        let expected = Int(clamping: chunk.valueCount)
        column.values.reserveCapacity(min(expected, 1 << 20))
        while column.count < expected, position < end {
            var reader = ThriftCompactReader(bytes: file, position: position)
            let header = try PageHeader(reading: &reader)
            position = reader.position
            guard header.compressedSize <= end - position else { throw .malformed("a page runs past its column") }
            // Bounds on what a page may claim, so that a damaged header cannot ask for gigabytes: 1 GiB decompressed
            // (writers cut pages at about 1 MiB), and no more values than the column has left or than its bytes
            // could hold at a bit each, past a million (a run of nulls encodes many values in a few bytes).
            guard header.uncompressedSize <= 1 << 30 else {
                throw .malformed("a page of \(header.uncompressedSize) bytes, more than the 1 GiB Winnow reads")
            }
            guard
                header.kind == .dictionary
                    || (header.valueCount <= expected - column.count
                        && header.valueCount <= max(header.uncompressedSize * 8, 1 << 20))
            else { throw .malformed("a page claims \(header.valueCount) values, more than its column or bytes hold") }
            let page = file[position..<position + header.compressedSize]
            position += header.compressedSize
            switch header.kind {
            case .dictionary:
                let bytes = try ParquetCodec.decompress(page, codec: chunk.codec, size: header.uncompressedSize)
                var decoder = ValueDecoder(bytes: bytes[...], leaf: leaf)
                dictionary = try decoder.plain(count: header.valueCount)
            case .data:
                let bytes = try ParquetCodec.decompress(page, codec: chunk.codec, size: header.uncompressedSize)
                var offset = bytes.startIndex
                let repetition = try levels(
                    bytes, at: &offset, maximum: leaf.maxRepetition, count: header.valueCount,
                    encoding: header.repetitionLevelEncoding, prefixed: nil)
                let definition = try levels(
                    bytes, at: &offset, maximum: leaf.maxDefinition, count: header.valueCount,
                    encoding: header.definitionLevelEncoding, prefixed: nil)
                try append(
                    repetition: repetition, definition: definition, values: bytes[offset...], header: header,
                    dictionary: dictionary, to: &column)
            case .dataV2:
                let levelsLength = header.repetitionLevelsLength + header.definitionLevelsLength
                guard levelsLength <= page.count, levelsLength <= header.uncompressedSize else {
                    throw .malformed("a data page's levels run past the page")
                }
                var offset = page.startIndex
                let repetition = try levels(
                    file, at: &offset, maximum: leaf.maxRepetition, count: header.valueCount, encoding: 3,
                    prefixed: header.repetitionLevelsLength)
                let definition = try levels(
                    file, at: &offset, maximum: leaf.maxDefinition, count: header.valueCount, encoding: 3,
                    prefixed: header.definitionLevelsLength)
                let rest = page[(page.startIndex + levelsLength)...]
                let values =
                    header.valuesCompressed
                    ? try ParquetCodec.decompress(
                        rest, codec: chunk.codec, size: header.uncompressedSize - levelsLength)[...] : rest
                try append(
                    repetition: repetition, definition: definition, values: values, header: header,
                    dictionary: dictionary, to: &column)
            case .index, nil: continue
            }
        }
        guard column.count == expected else {
            throw .malformed("it holds \(column.count) values where its metadata says \(expected)")
        }
        return column
    }

    /// A page's levels: none when `maximum` is 0; else RLE/bit-packed, after a 4-byte length (v1) or over
    /// `prefixed` bytes (v2).
    private func levels(
        _ bytes: [UInt8], at offset: inout Int, maximum: Int, count: Int, encoding: Int, prefixed: Int?
    ) throws(ParquetError) -> [UInt16]? {
        guard maximum > 0 else { return nil }
        guard encoding == 3 else {
            throw .unsupported("its levels are bit-packed the way Parquet 1.0 wrote them (encoding \(encoding))")
        }
        let length: Int
        if let prefixed {
            length = prefixed
        } else {
            guard bytes.endIndex - offset >= 4 else { throw .malformed("a data page's levels are cut short") }
            length =
                Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
                | Int(bytes[offset + 3]) << 24
            offset += 4
        }
        guard length >= 0, length <= bytes.endIndex - offset else {
            throw .malformed("a data page's levels are cut short")
        }
        let decoded = try RLEHybrid.decode(
            bytes[offset..<offset + length], bitWidth: RLEHybrid.bitWidth(maximum), count: count)
        offset += length
        var result = [UInt16]()
        result.reserveCapacity(count)
        for level in decoded {
            guard level <= UInt32(maximum) else {
                throw .malformed("a level of \(level) where at most \(maximum) can be")
            }
            result.append(UInt16(level))
        }
        return result
    }

    private func append(
        repetition: [UInt16]?, definition: [UInt16]?, values: ArraySlice<UInt8>, header: PageHeader,
        dictionary: [JSONValue]?, to column: inout ColumnValues
    ) throws(ParquetError) {
        let present =
            definition.map { levels in levels.reduce(0) { $0 + ($1 == leaf.maxDefinition ? 1 : 0) } }
            ?? header.valueCount
        var decoder = ValueDecoder(bytes: values, leaf: leaf)
        switch header.encoding {
        case 0: column.values += try decoder.plain(count: present)
        case 2, 8:
            guard let dictionary else { throw .malformed("a dictionary-encoded page without a dictionary") }
            for index in try decoder.dictionaryIndices(count: present) {
                guard Int(index) < dictionary.count else {
                    throw .malformed("a dictionary index \(index) past the dictionary's \(dictionary.count) values")
                }
                column.values.append(dictionary[Int(index)])
            }
        case 3: column.values += try decoder.rleBooleans(count: present)
        case 5: column.values += try decoder.deltaIntegers(count: present)
        case 6: column.values += try decoder.deltaLengthByteArrays(count: present)
        case 7: column.values += try decoder.deltaByteArrays(count: present)
        case 9: column.values += try decoder.byteStreamSplit(count: present)
        default: throw .unsupported("its values use encoding \(header.encoding), which Winnow does not read")
        }
        if let repetition { column.repetition += repetition }
        if let definition { column.definition += definition }
        column.count += header.valueCount
    }
}

/// The RLE / bit-packing hybrid of levels, dictionary indices and booleans.
enum RLEHybrid {
    /// Bits needed for values up to `maximum`.
    static func bitWidth(_ maximum: Int) -> Int { maximum == 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount }

    static func decode(_ bytes: ArraySlice<UInt8>, bitWidth: Int, count: Int) throws(ParquetError) -> [UInt32] {
        guard bitWidth <= 32 else { throw .malformed("a bit width of \(bitWidth)") }
        var result = [UInt32]()
        result.reserveCapacity(count)
        var position = bytes.startIndex
        let valueBytes = (bitWidth + 7) / 8
        while result.count < count {
            guard position < bytes.endIndex else { throw .malformed("RLE-encoded values are cut short") }
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < bytes.endIndex, shift < 64 else { throw .malformed("an RLE run header is cut short") }
                let byte = bytes[position]
                position += 1
                header |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            if header & 1 == 0 {
                let run = Int(clamping: header >> 1)
                guard valueBytes <= bytes.endIndex - position else { throw .malformed("an RLE run is cut short") }
                var value: UInt32 = 0
                for index in 0..<valueBytes { value |= UInt32(bytes[position + index]) << (8 * index) }
                position += valueBytes
                let take = min(run, count - result.count)
                result.append(contentsOf: repeatElement(value, count: take))
            } else {
                let values = Int(min(header >> 1, 1 << 28)) * 8
                let length = (values * bitWidth + 7) / 8
                // The last run may stop where the page does, short of its padding.
                let available = min(length, bytes.endIndex - position)
                let wanted = min(values, count - result.count)
                guard bitWidth == 0 || available * 8 / bitWidth >= wanted else {
                    throw .malformed("bit-packed values are cut short")
                }
                let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
                let end = position + available
                for index in 0..<wanted {
                    let bit = index * bitWidth
                    let first = position + bit / 8
                    var window: UInt64 = 0
                    for byte in 0..<min(8, end - first) { window |= UInt64(bytes[first + byte]) << (8 * UInt64(byte)) }
                    result.append(UInt32((window >> UInt64(bit % 8)) & mask))
                }
                position = end
            }
        }
        return result
    }
}
