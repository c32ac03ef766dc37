import Foundation
import Testing
import WinnowCore

@testable import WinnowParquet

/// Parquet files as pandas, pyarrow, Polars and Hugging Face `datasets` write them (`Fixtures/parquet/`, written by
/// `make-parquet.py`), read back row by row.
@Suite("Parquet: reading files")
struct ParquetTableTests {
    static func rows(_ name: String) throws -> (table: ParquetTable, rows: [String]) {
        let table = try ParquetTable(url: ColumnarFixtures.url("\(name).parquet"), displayPath: name)
        return (table, try ColumnarFixtures.rows(of: table))
    }

    @Test func aPandasExportReadsEveryRowGroupWithoutItsIndex() throws {
        let (table, rows) = try Self.rows("helpdesk-tickets")
        #expect(table.rowGroupCount == 3)
        #expect(
            table.columns == [
                "ticket_id", "subject", "body", "agent_reply", "category", "priority", "created_at", "due",
            ])
        // An id past 2^53 keeps its digits as text; a UTC timestamp is ISO 8601 with its fraction; nulls are null.
        #expect(
            rows[0]
                == #"{"ticket_id":"9007199254740993","subject":"Refund","body":"I was charged twice for order 1001, please refund one.","agent_reply":"Sorry about that: the second charge is refunded.","category":"Billing","priority":1,"created_at":"2024-03-01T09:30:00.250000Z","due":"2024-03-08"}"#
        )
        #expect(rows[1].contains(#""body":"Mon colis n'est pas arrivé depuis dix jours.""#))
        #expect(rows[1].contains(#""priority":null"#))
        #expect(rows[4].contains(#""body":null"#))
        #expect(rows[6].hasPrefix(#"{"ticket_id":7,"subject":"Invoice""#))
    }

    @Test func aHuggingFaceClassLabelReadsAsItsNames() throws {
        let (table, rows) = try Self.rows("intents-hf")
        #expect(table.classLabels.map(\.column) == ["label"])
        #expect(table.classLabels.map(\.names) == [4])
        #expect(
            rows == [
                #"{"text":"How do I activate my new card?","label":"activate_my_card"}"#,
                #"{"text":"My card still hasn't arrived.","label":"card_arrival"}"#,
                #"{"text":"I lost my card yesterday.","label":"lost_or_stolen_card"}"#,
                #"{"text":"The refund is not in my account yet.","label":"refund_not_showing_up"}"#,
                #"{"text":"Where is the card you sent me?","label":"card_arrival"}"#,
                #"{"text":"unlabelled example","label":null}"#,
            ])
    }

    @Test func aListOfClassLabelsReadsAsTheirNames() throws {
        // A multi-label set: `labels` a `Sequence(ClassLabel)` (`List` in `datasets` 5's metadata).
        let (table, rows) = try Self.rows("emotions-hf")
        #expect(table.classLabels.map(\.column) == ["labels"])
        #expect(
            rows == [
                #"{"text":"Thanks, that made my day and I laughed!","labels":["gratitude","joy","amusement"]}"#,
                #"{"text":"My order is late again.","labels":["anger"]}"#,
                #"{"text":"Ok.","labels":[]}"#,
            ])
    }

    @Test func chatMessagesListsAndMapsReadNested() throws {
        // gzip, data pages v2.
        let (_, rows) = try Self.rows("chat-messages")
        #expect(
            rows[0]
                == #"{"id":"c1","messages":[{"role":"system","content":"You are the support assistant of Acme."},{"role":"user","content":"How do I change my e-mail address?"},{"role":"assistant","content":"Open Settings > Account and edit the address."}],"tags":["account","email"],"meta":{"lang":"en"}}"#
        )
        #expect(
            rows[1].contains(#"{"role":"assistant","content":null}],"tags":[],"meta":{"lang":"en","channel":"web"}}"#))
        #expect(rows[2].hasSuffix(#""tags":null,"meta":{}}"#))
    }

    @Test func polarsDeltaEncodingsAndLZ4Read() throws {
        let (table, rows) = try Self.rows("conversation-rows")
        #expect(table.createdBy?.hasPrefix("Polars") == true)
        #expect(
            rows[3]
                == #"{"conversation_id":"A","sender":"customer","message":"Thanks, I will wait for the claim.","sent_at":"2024-05-01T09:07:00"}"#
        )
        let (_, delta) = try Self.rows("delta-lz4")
        #expect(
            delta == [
                #"{"question":"Where is my order?","answer":"It ships today.","n":100}"#,
                #"{"question":"Where is my refund?","answer":"It was sent on Monday.","n":105}"#,
                #"{"question":"Where is my invoice?","answer":"In your account.","n":98}"#,
            ])
    }

    @Test func nestedAndTypedColumnsReadAsPyarrowReadsThem() throws {
        // Each row as `pq.read_table(...).to_pylist()` gives it, in JSON: bytes that are not UTF-8 are null, a
        // uint64 past 2^53 is text, decimals are numbers, dates and times ISO 8601.
        let (_, rows) = try Self.rows("nested-types")
        #expect(
            rows == [
                #"{"id":1,"grid":[[1,2],[3]],"customer":{"name":"Ana","address":{"city":"Porto"}},"notes":["a",null,"c"],"blob":null,"big":"18446744073709551615","amount":12.34,"day":"1969-12-31","at":"09:30:00.500000","stamp":"2023-11-14T22:13:20.123456789"}"#,
                #"{"id":2,"grid":[],"customer":null,"notes":null,"blob":"plain","big":7,"amount":-0.05,"day":"2000-02-29","at":null,"stamp":null}"#,
                #"{"id":3,"grid":[[],[4]],"customer":{"name":"Bo","address":null},"notes":[null],"blob":null,"big":null,"amount":null,"day":null,"at":"23:59:59","stamp":"1969-12-31T23:59:59.999999999"}"#,
            ])
        // Spark's INT96 timestamps; a list whose element is named `item`.
        let (_, legacy) = try Self.rows("int96")
        #expect(legacy == [#"{"sent":"2024-01-02T03:04:05Z","text":"hi","tags":["x","y"]}"#])
    }

    @Test func listsCutAcrossManySmallPagesComeBackWhole() throws {
        // 200 chats of 0 to 12 turns, pages of about 64 bytes: a row's turns are read over several pages.
        let table = try ParquetTable(
            url: fixturesDirectory.appendingPathComponent("parquet/paged-lists.parquet"), displayPath: "paged")
        var turns = 0
        var empty = 0
        try table.forEachRow { number, row in
            guard case .number(let n)? = row["n"], case .array(let messages)? = row["messages"] else {
                Issue.record("row \(number): \(JSONValue.object(row).serialized)")
                return
            }
            #expect(Int(n) == number - 1)
            for (turn, message) in messages.enumerated() {
                #expect(message.objectValue?["content"] == .string("turn \(turn) of chat \(number - 1)"))
                #expect(message.objectValue?["role"] == .string(turn % 2 == 0 ? "user" : "assistant"))
            }
            turns += messages.count
            empty += messages.isEmpty ? 1 : 0
        }
        // As pyarrow reads the file: 1,240 turns, 17 chats without any.
        #expect(turns == 1240)
        #expect(empty == 17)
    }

    @Test func whatCannotBeReadSaysWhereAndWhy() throws {
        let brotli = fixturesDirectory.appendingPathComponent("parquet/brotli.parquet")
        let table = try ParquetTable(url: brotli, displayPath: "brotli.parquet")
        let error = #expect(throws: ParquetReadError.self) { try table.forEachRow { _, _ in } }
        #expect(
            error?.description.hasPrefix("row group 1, column question: its pages are compressed with Brotli") == true)

        let whole = [UInt8](
            try Data(contentsOf: fixturesDirectory.appendingPathComponent("parquet/intents-hf.parquet")))
        #expect(
            throws: ParquetError.malformed(
                "the file is cut short: it does not end with PAR1, as a whole Parquet file does")
        ) {
            _ = try ParquetTable(bytes: Array(whole.dropLast(100)), displayPath: "cut.parquet")
        }
        #expect(throws: ParquetError.self) { _ = try ParquetTable(bytes: Array("PAR1PAR1".utf8), displayPath: "x") }
        var encrypted = whole
        encrypted.replaceSubrange((whole.count - 4)..., with: Array("PARE".utf8))
        #expect(throws: ParquetError.unsupported("its footer is encrypted")) {
            _ = try ParquetTable(bytes: encrypted, displayPath: "x")
        }
    }

    /// Damaged files (bytes changed, cut short) either read or throw; none may crash the reader or make it ask for
    /// memory its bytes cannot back.
    @Test func damagedFilesThrowInsteadOfCrashing() throws {
        let names = [
            "helpdesk-tickets", "intents-hf", "chat-messages", "conversation-rows", "delta-lz4", "nested-types",
            "paged-lists",
        ]
        let outcome = try ColumnarFixtures.damage(
            names.map { $0 + ".parquet" }, rounds: 400, seed: 0x9E37_79B9_7F4A_7C15
        ) {
            bytes, name in try ParquetTable(bytes: bytes, displayPath: name).forEachRow { _, _ in }
        }
        #expect(outcome.read + outcome.refused == 2800)
        #expect(outcome.read > 0 && outcome.refused > 0)
    }

    @Test func rleAndBitPackedRunsDecode() throws {
        // The format's own example: 0 to 7 bit-packed at width 3, then a run of five 4s.
        let bytes: [UInt8] = [0x03, 0x88, 0xC6, 0xFA, 0x0A, 0x04]
        #expect(try RLEHybrid.decode(bytes[...], bitWidth: 3, count: 13) == [0, 1, 2, 3, 4, 5, 6, 7, 4, 4, 4, 4, 4])
        #expect(throws: ParquetError.self) { try RLEHybrid.decode(bytes[..<3], bitWidth: 3, count: 8) }
        #expect(RLEHybrid.bitWidth(0) == 0 && RLEHybrid.bitWidth(1) == 1 && RLEHybrid.bitWidth(3) == 2)
    }

    @Test func snappyAndLZ4BlocksDecodeWithinTheirBounds() throws {
        // "abcabcabcabc": a 3-byte literal, then a copy of 9 at offset 3.
        let snappy: [UInt8] = [12, 0x08, 0x61, 0x62, 0x63, 0x15, 0x03]
        #expect(try ParquetCodec.snappy(snappy[...], size: 12) == Array("abcabcabcabc".utf8))
        #expect(throws: ParquetError.self) {
            try ParquetCodec.snappy([12, 0x08, 0x61, 0x62, 0x63, 0x15, 0x09][...], size: 12)
        }
        // LZ4: token 0x35 (3 literals, match of 5 + 4), offset 3, then a last literal.
        let lz4: [UInt8] = [0x35, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x21]
        #expect(try ParquetCodec.lz4(lz4[...], size: 13) == Array("abcabcabcabc!".utf8))
        #expect(ParquetTime.date(days: -1) == "1969-12-31")
        #expect(ParquetTime.halfFloat(0x3C00) == 1)
        // An INT96 timestamp whose nanoseconds or day cannot be a time (found by fuzz-parquet) is null, not a trap.
        let int96 = ParquetLeaf(
            path: ["at"], type: .int96, typeLength: 0, logical: nil, maxDefinition: 1, maxRepetition: 0)
        #expect(int96.json(bytes: ([UInt8](repeating: 0xFF, count: 8) + [0x10, 0x27, 0xFF, 0x7F])[...]) == .null)
        #expect(
            int96.json(bytes: ([UInt8](repeating: 0, count: 8) + [0x8C, 0x3D, 0x25, 0x00])[...])
                == .string("1970-01-01T00:00:00Z"))
    }
}
