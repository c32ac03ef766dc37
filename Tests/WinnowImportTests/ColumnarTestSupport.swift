import Foundation
import Testing
import WinnowCore
import WinnowParquet

/// What the Parquet and Arrow reader tests share: their fixtures' rows as JSON text, and damaged copies of them.
enum ColumnarFixtures {
    static func url(_ name: String) -> URL { fixturesDirectory.appendingPathComponent("parquet/\(name)") }

    /// Every row of `table` as compact JSON, checking that rows are numbered from 1 and that there are as many as
    /// the table says.
    static func rows(of table: any ColumnarRows) throws -> [String] {
        var rows: [String] = []
        try table.forEachRow { number, row in
            #expect(number == rows.count + 1)
            rows.append(JSONValue.object(row).serialized)
        }
        #expect(rows.count == table.rowCount)
        return rows
    }

    /// Reads `rounds` damaged copies of each fixture in `names` (one to five bytes changed; every tenth also cut
    /// short) with `read`; returns how many read and how many threw a reader's error. Any other error fails the test,
    /// and a crash fails the run.
    static func damage(
        _ names: [String], rounds: Int, seed: UInt64, read: ([UInt8], String) throws -> Void
    ) throws -> (read: Int, refused: Int) {
        var state = seed
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var outcome = (read: 0, refused: 0)
        for name in names {
            let original = [UInt8](try Data(contentsOf: url(name)))
            for round in 0..<rounds {
                var bytes = original
                for _ in 0...(next() % 4) {
                    let index = Int(next() % UInt64(bytes.count))
                    bytes[index] = next() % 2 == 0 ? bytes[index] ^ UInt8(1 << (next() % 8)) : UInt8(next() % 256)
                }
                if round % 10 == 0 { bytes.removeLast(Int(next() % UInt64(bytes.count))) }
                do {
                    try read(bytes, name)
                    outcome.read += 1
                } catch is ParquetError {
                    outcome.refused += 1
                } catch is ParquetReadError {
                    outcome.refused += 1
                }
            }
        }
        return outcome
    }
}
