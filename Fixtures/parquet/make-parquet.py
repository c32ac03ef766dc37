#!/usr/bin/env python3
"""Writes the Parquet and Arrow fixtures of this folder (pyarrow 26, polars 2, datasets 5; see Fixtures/README.md).

    python3 -m pip install pyarrow polars pandas datasets && python3 Fixtures/parquet/make-parquet.py
"""
import json
import os
import datetime as dt
import decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


# A helpdesk export written by pandas (Snappy, dictionary pages, its index kept as a column), three rows a group.
tickets = pd.DataFrame(
    {
        "ticket_id": pd.array([9007199254740993, 2, 3, 4, 5, 6, 7], dtype="int64"),
        "subject": ["Refund", "Colis", "Login", "Card", "Empty", "Umlaut", "Invoice"],
        "body": [
            "I was charged twice for order 1001, please refund one.",
            "Mon colis n'est pas arrivé depuis dix jours.",
            "I can't log in after the update.",
            "My card was declined at checkout.",
            None,
            "Die Rechnung enthält einen falschen Betrag für März.",
            "Where can I download last month's invoice?",
        ],
        "agent_reply": [
            "Sorry about that: the second charge is refunded.",
            "Nous avons relancé le transporteur.",
            "Please reset your password from the sign-in page.",
            "Your bank declined it; please call them.",
            "Hello?",
            "Wir haben die Rechnung korrigiert.",
            "Under Billing > Invoices in your account.",
        ],
        "category": ["Billing", "Shipping", "Account", "Billing", "Account", "Billing", "Billing"],
        "priority": pd.array([1, None, 2, None, 3, 1, None], dtype="Int32"),
        "created_at": pd.to_datetime(
            [
                "2024-03-01 09:30:00.250",
                "2024-03-02 10:00:00",
                "2024-03-03 11:15:00",
                "2024-03-04 08:00:00",
                "2024-03-05 12:00:00",
                "2024-03-06 13:45:00",
                "2024-03-07 14:00:00",
            ],
            utc=True,
            format="ISO8601",
        ),
        "due": [dt.date(2024, 3, 8)] * 7,
    },
    index=[10, 11, 12, 13, 14, 15, 16],
)
tickets.to_parquet(path("helpdesk-tickets.parquet"), engine="pyarrow", compression="snappy", row_group_size=3)

# A labelled intent set as Hugging Face `datasets` stores one: the label a ClassLabel index, its names in the
# schema's `huggingface` metadata; Zstandard.
names = ["activate_my_card", "card_arrival", "lost_or_stolen_card", "refund_not_showing_up"]
intents = pa.table(
    {
        "text": [
            "How do I activate my new card?",
            "My card still hasn't arrived.",
            "I lost my card yesterday.",
            "The refund is not in my account yet.",
            "Where is the card you sent me?",
            "unlabelled example",
        ],
        "label": pa.array([0, 1, 2, 3, 1, -1], type=pa.int64()),
    }
)
features = {
    "text": {"dtype": "string", "_type": "Value"},
    "label": {"names": names, "_type": "ClassLabel"},
}
intents = intents.replace_schema_metadata({"huggingface": json.dumps({"info": {"features": features}})})
pq.write_table(intents, path("intents-hf.parquet"), compression="zstd")

# A chat dataset: `messages` a list of {role, content} structs, a list of tags, a map; gzip and data page v2.
messages = pa.table(
    {
        "id": ["c1", "c2", "c3"],
        "messages": [
            [
                {"role": "system", "content": "You are the support assistant of Acme."},
                {"role": "user", "content": "How do I change my e-mail address?"},
                {"role": "assistant", "content": "Open Settings > Account and edit the address."},
            ],
            [
                {"role": "user", "content": "Is there a student discount?"},
                {"role": "assistant", "content": None},
            ],
            [
                {"role": "user", "content": "Can I pause my subscription for a month?"},
                {"role": "assistant", "content": "Yes: Billing > Pause, up to three months."},
            ],
        ],
        "tags": [["account", "email"], [], None],
        "meta": pa.array(
            [[("lang", "en")], [("lang", "en"), ("channel", "web")], []],
            type=pa.map_(pa.string(), pa.string()),
        ),
    }
)
pq.write_table(messages, path("chat-messages.parquet"), compression="gzip", data_page_version="2.0")

# Conversation rows, one message a row, written by Polars (Zstandard, its own writer).
rows = pl.DataFrame(
    {
        "conversation_id": ["A", "A", "B", "A", "B"],
        "sender": ["customer", "agent", "customer", "customer", "agent"],
        "message": [
            "My parcel shows delivered but I have nothing.",
            "I have opened a claim with the courier for you.",
            "How long does a refund take?",
            "Thanks, I will wait for the claim.",
            "Refunds reach your card in 3 to 5 working days.",
        ],
        "sent_at": [
            dt.datetime(2024, 5, 1, 9, 0),
            dt.datetime(2024, 5, 1, 9, 5),
            dt.datetime(2024, 5, 2, 10, 0),
            dt.datetime(2024, 5, 1, 9, 7),
            dt.datetime(2024, 5, 2, 10, 30),
        ],
    }
)
rows.write_parquet(path("conversation-rows.parquet"))

# Delta encodings and LZ4 (pyarrow without dictionaries).
pq.write_table(
    pa.table(
        {
            "question": ["Where is my order?", "Where is my refund?", "Where is my invoice?"],
            "answer": ["It ships today.", "It was sent on Monday.", "In your account."],
            "n": pa.array([100, 105, 98], type=pa.int32()),
        }
    ),
    path("delta-lz4.parquet"),
    compression="lz4",
    use_dictionary=False,
    column_encoding={"question": "DELTA_BYTE_ARRAY", "answer": "DELTA_LENGTH_BYTE_ARRAY", "n": "DELTA_BINARY_PACKED"},
)

# Brotli, which Winnow does not read: a clear error.
pq.write_table(
    pa.table({"question": ["Where is my order?"], "answer": ["It ships today."]}),
    path("brotli.parquet"),
    compression="brotli",
)

# Nested and typed columns: lists of lists, structs in structs with nulls, null list items, a legacy two-level
# list, binary bytes, big unsigned integers, decimals, dates, times, nanosecond and INT96 timestamps.
nested = pa.table(
    {
        "id": pa.array([1, 2, 3], type=pa.int64()).cast(pa.int64()),
        "grid": pa.array([[[1, 2], [3]], [], [[], [4]]], type=pa.list_(pa.list_(pa.int32()))),
        "customer": pa.array(
            [{"name": "Ana", "address": {"city": "Porto"}}, None, {"name": "Bo", "address": None}],
            type=pa.struct([("name", pa.string()), ("address", pa.struct([("city", pa.string())]))]),
        ),
        "notes": pa.array([["a", None, "c"], None, [None]], type=pa.list_(pa.string())),
        "blob": pa.array([b"\xff\xfe\x00", b"plain", None], type=pa.binary()),
        "big": pa.array([18446744073709551615, 7, None], type=pa.uint64()),
        "amount": pa.array([decimal.Decimal("12.34"), decimal.Decimal("-0.05"), None], type=pa.decimal128(9, 2)),
        "day": pa.array([dt.date(1969, 12, 31), dt.date(2000, 2, 29), None], type=pa.date32()),
        "at": pa.array([dt.time(9, 30, 0, 500000), None, dt.time(23, 59, 59)], type=pa.time64("us")),
        "stamp": pa.array([1_700_000_000_123_456_789, None, -1], type=pa.timestamp("ns")),
    },
    schema=pa.schema(
        [
            pa.field("id", pa.int64(), nullable=False),
            pa.field("grid", pa.list_(pa.list_(pa.int32()))),
            pa.field("customer", pa.struct([("name", pa.string()), ("address", pa.struct([("city", pa.string())]))])),
            pa.field("notes", pa.list_(pa.string())),
            pa.field("blob", pa.binary()),
            pa.field("big", pa.uint64()),
            pa.field("amount", pa.decimal128(9, 2)),
            pa.field("day", pa.date32()),
            pa.field("at", pa.time64("us")),
            pa.field("stamp", pa.timestamp("ns")),
        ]
    ),
)
pq.write_table(nested, path("nested-types.parquet"), compression="none", use_dictionary=False)
pq.write_table(
    pa.table(
        {
            "sent": pa.array([dt.datetime(2024, 1, 2, 3, 4, 5)], type=pa.timestamp("ms")),
            "text": ["hi"],
            "tags": [["x", "y"]],
        }
    ),
    path("int96.parquet"),
    use_deprecated_int96_timestamps=True,
    use_compliant_nested_type=False,
)

# Lists cut across many small pages (v1 pages may cut a row's list): 200 chats of 0 to 12 turns.
rng = __import__("random").Random(3)
chats = []
for number in range(200):
    chats.append(
        [{"role": ("user", "assistant")[turn % 2], "content": f"turn {turn} of chat {number}"} for turn in range(rng.randint(0, 12))]
    )
pq.write_table(
    pa.table({"n": list(range(200)), "messages": chats}),
    path("paged-lists.parquet"),
    compression="snappy",
    data_page_size=64,
    write_batch_size=3,
    use_dictionary=False,
)

# Arrow IPC, as `datasets` keeps a dataset on disk: `save_to_disk` of labelled intents (a ClassLabel; record batches
# of two rows), and pyarrow's file and stream formats of typed and nested columns.
import datasets  # noqa: E402

disk = path("intents-saved")
datasets.Dataset.from_dict(
    {"text": [r["text"] for r in intents.to_pylist()], "label": [max(r["label"], 0) for r in intents.to_pylist()]},
    features=datasets.Features({"text": datasets.Value("string"), "label": datasets.ClassLabel(names=names)}),
).save_to_disk(disk, max_shard_size="1MB")
for name in os.listdir(disk):
    if name.endswith(".arrow"):
        # Small batches: the rows of several record batches.
        with open(os.path.join(disk, name), "rb") as handle:
            table = pa.ipc.open_stream(pa.BufferReader(handle.read())).read_all()
        with pa.ipc.new_stream(os.path.join(disk, name), table.schema) as writer:
            for batch in table.to_batches(max_chunksize=2):
                writer.write_batch(batch)

typed = nested.append_column("kind", pa.array(["a", "b", "a"]).dictionary_encode())
typed = typed.append_column("big_text", pa.array(["x" * 3, None, "ü"], type=pa.large_string()))
typed = typed.append_column("pair", pa.array([[1, 2], None, [5, 6]], type=pa.list_(pa.int16(), 2)))
typed = typed.append_column("meta", pa.array([[("k", 1)], [], None], type=pa.map_(pa.string(), pa.int8())))
typed = typed.append_column("ok", pa.array([True, None, False]))
with pa.ipc.new_file(path("typed.arrow"), typed.schema) as writer:
    writer.write_table(typed)
with pa.ipc.new_stream(path("chat-messages.arrow"), messages.schema) as writer:
    for batch in messages.to_batches(max_chunksize=2):
        writer.write_batch(batch)

# A multi-label set as `datasets` stores one (GoEmotions' shape): `labels` a list of ClassLabel numbers.
emotions = ["amusement", "anger", "gratitude", "joy", "sadness"]
datasets.Dataset.from_dict(
    {
        "text": ["Thanks, that made my day and I laughed!", "My order is late again.", "Ok."],
        "labels": [[2, 3, 0], [1], []],
    },
    features=datasets.Features(
        {"text": datasets.Value("string"), "labels": datasets.Sequence(datasets.ClassLabel(names=emotions))}
    ),
).to_parquet(path("emotions-hf.parquet"))
