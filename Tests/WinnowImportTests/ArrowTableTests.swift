import Foundation
import Testing
import WinnowCore

@testable import WinnowParquet

/// Arrow IPC files and streams as pyarrow and Hugging Face `datasets` write them (`Fixtures/parquet/`, written by
/// `make-parquet.py`), read back row by row.
@Suite("Arrow: reading files and streams")
struct ArrowTableTests {
    static func rows(_ name: String) throws -> (table: ArrowTable, rows: [String]) {
        let table = try ArrowTable(url: ColumnarFixtures.url(name), displayPath: name)
        return (table, try ColumnarFixtures.rows(of: table))
    }

    @Test func aSavedDatasetReadsItsClassNamesOverItsBatches() throws {
        let (table, rows) = try Self.rows("intents-saved/data-00000-of-00001.arrow")
        #expect(table.batchCount == 3)
        #expect(table.classLabels.map(\.column) == ["label"])
        #expect(
            rows == [
                #"{"text":"How do I activate my new card?","label":"activate_my_card"}"#,
                #"{"text":"My card still hasn't arrived.","label":"card_arrival"}"#,
                #"{"text":"I lost my card yesterday.","label":"lost_or_stolen_card"}"#,
                #"{"text":"The refund is not in my account yet.","label":"refund_not_showing_up"}"#,
                #"{"text":"Where is the card you sent me?","label":"card_arrival"}"#,
                #"{"text":"unlabelled example","label":"activate_my_card"}"#,
            ])
    }

    @Test func theFileFormatsTypesReadAsTheirParquetTwins() throws {
        // The same columns as nested-types.parquet, and a dictionary-encoded column, large text, fixed-size lists,
        // a map and booleans with a null: each row as pyarrow's `to_pylist()` gives it, in JSON.
        let (_, rows) = try Self.rows("typed.arrow")
        #expect(
            rows == [
                #"{"id":1,"grid":[[1,2],[3]],"customer":{"name":"Ana","address":{"city":"Porto"}},"notes":["a",null,"c"],"blob":null,"big":"18446744073709551615","amount":12.34,"day":"1969-12-31","at":"09:30:00.500000","stamp":"2023-11-14T22:13:20.123456789","kind":"a","big_text":"xxx","pair":[1,2],"meta":{"k":1},"ok":true}"#,
                #"{"id":2,"grid":[],"customer":null,"notes":null,"blob":"plain","big":7,"amount":-0.05,"day":"2000-02-29","at":null,"stamp":null,"kind":"b","big_text":null,"pair":null,"meta":{},"ok":null}"#,
                #"{"id":3,"grid":[[],[4]],"customer":{"name":"Bo","address":null},"notes":[null],"blob":null,"big":null,"amount":null,"day":null,"at":"23:59:59","stamp":"1969-12-31T23:59:59.999999999","kind":"a","big_text":"ü","pair":[5,6],"meta":null,"ok":false}"#,
            ])
        let (stream, chat) = try Self.rows("chat-messages.arrow")
        #expect(stream.batchCount == 2)
        let (_, parquet) = try ParquetTableTests.rows("chat-messages")
        #expect(chat == parquet)
    }

    @Test func arrowIsToldByItsFirstBytes() throws {
        for name in ["typed.arrow", "chat-messages.arrow", "intents-saved/data-00000-of-00001.arrow"] {
            let bytes = [UInt8](try Data(contentsOf: ColumnarFixtures.url(name)))
            #expect(ArrowTable.isArrow(Array(bytes.prefix(4096))), "\(name)")
        }
        #expect(!ArrowTable.isArrow([0xFF, 0xFF, 0xFF, 0xFF] + Array("{\"a\": 1}\n".utf8)))
        #expect(!ArrowTable.isArrow(Array("PAR1".utf8)))
    }

    /// Damaged files (bytes changed, cut short) either read or throw; none may crash the reader.
    @Test func damagedFilesThrowInsteadOfCrashing() throws {
        let names = ["typed.arrow", "chat-messages.arrow", "intents-saved/data-00000-of-00001.arrow"]
        let outcome = try ColumnarFixtures.damage(names, rounds: 600, seed: 0x2545_F491_4F6C_DD1D) { bytes, name in
            try ArrowTable(bytes: bytes, displayPath: name).forEachRow { _, _ in }
        }
        #expect(outcome.read + outcome.refused == 1800)
        #expect(outcome.read > 0 && outcome.refused > 0)
    }
}
