import FuzzDriver
import WinnowParquet

/// libFuzzer entry: the bytes as a Parquet file and as an Arrow file or stream, every row read back. Nothing may
/// crash, hang or grow without bound (a page may claim at most 1 GiB, and no more values than its column has left);
/// errors are fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParquet(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var rows = 0
    if let table = try? ParquetTable(bytes: bytes, displayPath: "fuzz.parquet") {
        try? table.forEachRow { _, _ in rows += 1 }
    }
    _ = ArrowTable.isArrow(Array(bytes.prefix(65536)))
    if let table = try? ArrowTable(bytes: bytes, displayPath: "fuzz.arrow") {
        try? table.forEachRow { _, _ in rows += 1 }
    }
    return 0
}

runFuzzer(fuzzParquet)
