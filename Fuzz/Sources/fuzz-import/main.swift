import Foundation
import FuzzDriver
import WinnowImport

/// Where each input is written: a folder of this process's own, one file per name below.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "winnow-fuzz-import-\(ProcessInfo.processInfo.processIdentifier)")
try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

/// The names an input is imported under: each extension's format, and no extension (the format told by content).
let names = ["fuzz.csv", "fuzz.json", "fuzz.jsonl", "fuzz.html", "fuzz.txt", "fuzz"]

/// libFuzzer entry: the bytes saved as a file under each name and imported as `winnow import` and its dry run read
/// them: gzip data unpacked, the format told, the records' layout worked out from the first records (conversations,
/// mail rows, fields chosen by content), every record read. Nothing may crash, hang or grow without bound; errors
/// and quarantined records are fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Data(bytes: data, count: size)
    for name in names {
        let url = folder.appendingPathComponent(name)
        guard (try? bytes.write(to: url)) != nil else { continue }
        guard let given = try? SourceFile(url: url, displayPath: name) else { continue }
        // Gzip data is read as what it holds, as the import does.
        let gunzipped = GzipCopy.isGzip(given.prefix) ? try? GzipCopy(of: given) : nil
        defer { gunzipped?.remove() }
        let file = gunzipped?.file ?? given
        guard let format = try? file.format(forced: nil), ![.parquet, .arrow, .xlsx].contains(format) else { continue }
        let (options, _, _) = ImportDetection.prepare(file, format: format, options: ImportOptions())
        guard
            let importer = try? ImporterRegistry.importer(for: format, options: options, workers: 1, file: file),
            var opened = try? importer.open(file, options: options)
        else { continue }
        var events = 0
        try? opened.read { _ in events += 1 }
        opened.close()
    }
    return 0
}

runFuzzer(fuzzImport)
