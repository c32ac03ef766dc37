#!/usr/bin/env python3
"""Compares two JSON outputs of one command, times and per-run figures aside; prints where they differ.

Usage: same-json.py A.json B.json   (exit 0 when equal)
"""
import json
import sys

VARYING = {"started_at", "finished_at", "created_at", "seconds", "stages", "texts_per_second", "worker",
           "examples_per_second", "queue_seconds", "shared_key", "at"}


def strip(value):
    if isinstance(value, dict):
        return {key: strip(item) for key, item in value.items() if key not in VARYING}
    if isinstance(value, list):
        return [strip(item) for item in value]
    return value


def walk(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            walk(a.get(key), b.get(key), path + "." + key)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{index}]")
    elif a != b:
        print(f"  | {path or '.'}: {str(a)[:100]} / {str(b)[:100]}")


try:
    first, second = (strip(json.load(open(path))) for path in sys.argv[1:3])
except ValueError as error:
    print("  | not JSON:", error)
    sys.exit(1)
if first != second:
    walk(first, second)
    sys.exit(1)
