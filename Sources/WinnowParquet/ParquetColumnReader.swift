import WinnowCore

/// Level pairs and values: a page's, or one row's of a column. Its repetition and definition levels are empty where
/// the column has none; its values, as JSON, one per level pair whose definition level is the column's highest.
struct ColumnValues {
    var repetition: [UInt16] = []
    var definition: [UInt16] = []
    var values: [JSONValue] = []
    /// Level pairs (or values, for a required column outside any list).
    var count = 0
}

/// Reads a column chunk's pages one at a time and hands out its rows: a dictionary page, then data pages (v1 and v2)
/// whose levels are RLE/bit-packed and whose values are plain, dictionary-encoded, delta-encoded or
/// byte-stream-split. Only the page being read is held decoded.
struct ParquetColumnCursor {
    /// The chunk's bytes, from its first page on.
    let bytes: [UInt8]
    let codec: Int
    let leaf: ParquetLeaf
    /// Level pairs in the chunk, as its metadata says.
    let expected: Int
    private var position = 0
    private var dictionary: [JSONValue]?
    private var page = ColumnValues()
    private var pair = 0
    private var value = 0
    /// Level pairs decoded so far, of every page read.
    private(set) var loaded = 0

    init(bytes: [UInt8], chunk: ColumnChunkMetadata, leaf: ParquetLeaf) {
        self.bytes = bytes
        codec = chunk.codec
        self.leaf = leaf
        expected = Int(clamping: chunk.valueCount)
    }

    /// Whether every level pair of the chunk has been handed out.
    var isFinished: Bool { pair == page.count && loaded == expected }

    /// Appends the next row's level pairs and values to `row`: one pair, and for a column inside a list every pair
    /// after it until the next row starts (in this page or the ones after it).
    mutating func nextRow(into row: inout ColumnValues) throws(ParquetError) {
        guard try available() else { throw .malformed("it ends before the row group's last row") }
        if leaf.maxRepetition > 0, page.repetition[pair] != 0 {
            throw .malformed("a row starts with a repetition level of \(page.repetition[pair])")
        }
        take(into: &row)
        guard leaf.maxRepetition > 0 else { return }
        while try available(), page.repetition[pair] != 0 { take(into: &row) }
    }

    private mutating func take(into row: inout ColumnValues) {
        if leaf.maxRepetition > 0 { row.repetition.append(page.repetition[pair]) }
        if leaf.maxDefinition > 0 {
            let level = page.definition[pair]
            row.definition.append(level)
            if Int(level) == leaf.maxDefinition {
                row.values.append(page.values[value])
                value += 1
            }
        } else {
            row.values.append(page.values[value])
            value += 1
        }
        row.count += 1
        pair += 1
    }

    /// Whether a level pair is there to take, reading the next data page when this one is done.
    private mutating func available() throws(ParquetError) -> Bool {
        while pair == page.count {
            guard loaded < expected else { return false }
            try readPage()
        }
        return true
    }

    /// Reads pages up to and including the next data page.
    private mutating func readPage() throws(ParquetError) {
        while position < bytes.count {
            var reader = ThriftCompactReader(bytes: bytes, position: position)
            let header = try PageHeader(reading: &reader)
            position = reader.position
            guard header.compressedSize <= bytes.count - position else {
                throw .malformed("a page runs past its column")
            }
            // Bounds on what a page may claim, so that a damaged header cannot ask for gigabytes: 1 GiB decompressed
            // (writers cut pages at about 1 MiB), and no more values than the column has left, than its bytes could
            // hold at a bit each past a million (a run of nulls encodes many values in a few bytes), or than 16
            // million (pyarrow writes at most 20,000 rows a page).
            guard header.uncompressedSize <= 1 << 30 else {
                throw .malformed("a page of \(header.uncompressedSize) bytes, more than the 1 GiB Winnow reads")
            }
            guard header.valueCount <= 1 << 24,
                header.kind == .dictionary
                    || (header.valueCount <= expected - loaded
                        && header.valueCount <= max(header.uncompressedSize * 8, 1 << 20))
            else { throw .malformed("a page claims \(header.valueCount) values, more than its column or bytes hold") }
            let data = bytes[position..<position + header.compressedSize]
            position += header.compressedSize
            switch header.kind {
            case .dictionary:
                let decompressed = try ParquetCodec.decompress(data, codec: codec, size: header.uncompressedSize)
                var decoder = ValueDecoder(bytes: decompressed[...], leaf: leaf)
                dictionary = try decoder.plain(count: header.valueCount)
            case .data:
                let decompressed = try ParquetCodec.decompress(data, codec: codec, size: header.uncompressedSize)
                var offset = decompressed.startIndex
                let repetition = try levels(
                    decompressed, at: &offset, maximum: leaf.maxRepetition, count: header.valueCount,
                    encoding: header.repetitionLevelEncoding, prefixed: nil)
                let definition = try levels(
                    decompressed, at: &offset, maximum: leaf.maxDefinition, count: header.valueCount,
                    encoding: header.definitionLevelEncoding, prefixed: nil)
                return try load(
                    repetition: repetition, definition: definition, values: decompressed[offset...], header: header)
            case .dataV2:
                guard header.repetitionLevelsLength <= data.count, header.definitionLevelsLength <= data.count else {
                    throw .malformed("a data page's levels run past the page")
                }
                let levelsLength = header.repetitionLevelsLength + header.definitionLevelsLength
                guard levelsLength <= data.count, levelsLength <= header.uncompressedSize else {
                    throw .malformed("a data page's levels run past the page")
                }
                var offset = data.startIndex
                let repetition = try levels(
                    bytes, at: &offset, maximum: leaf.maxRepetition, count: header.valueCount, encoding: 3,
                    prefixed: header.repetitionLevelsLength)
                let definition = try levels(
                    bytes, at: &offset, maximum: leaf.maxDefinition, count: header.valueCount, encoding: 3,
                    prefixed: header.definitionLevelsLength)
                let rest = data[(data.startIndex + levelsLength)...]
                let values =
                    header.valuesCompressed
                    ? try ParquetCodec.decompress(rest, codec: codec, size: header.uncompressedSize - levelsLength)[...]
                    : rest
                return try load(repetition: repetition, definition: definition, values: values, header: header)
            case .index, nil: continue
            }
        }
        throw .malformed("it holds \(loaded) values where its metadata says \(expected)")
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

    /// Makes a data page's levels and values the page being read.
    private mutating func load(
        repetition: [UInt16]?, definition: [UInt16]?, values: ArraySlice<UInt8>, header: PageHeader
    ) throws(ParquetError) {
        var column = ColumnValues()
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
        guard column.values.count == present else {
            throw .malformed("a data page holds \(column.values.count) values for \(present) places")
        }
        column.repetition = repetition ?? []
        column.definition = definition ?? []
        column.count = header.valueCount
        page = column
        pair = 0
        value = 0
        loaded += header.valueCount
    }
}

/// The RLE / bit-packing hybrid of levels, dictionary indices and booleans.
enum RLEHybrid {
    /// Bits needed for values up to `maximum`.
    static func bitWidth(_ maximum: Int) -> Int { maximum == 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount }

    static func decode(_ bytes: ArraySlice<UInt8>, bitWidth: Int, count: Int) throws(ParquetError) -> [UInt32] {
        guard bitWidth <= 32 else { throw .malformed("a bit width of \(bitWidth)") }
        var result = [UInt32]()
        result.reserveCapacity(min(count, 1 << 20))
        var position = bytes.startIndex
        let valueBytes = (bitWidth + 7) / 8
        while result.count < count {
            guard position < bytes.endIndex else { throw .malformed("RLE-encoded values are cut short") }
            let header = try Varint.read(bytes, at: &position)
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
