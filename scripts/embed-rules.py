#!/usr/bin/env python3
"""Writes Sources/WinnowRules/Loading/BuiltInRules.swift from Rules/*.yml: the shipped rules compiled into the
binary, so that `winnow check` has them wherever the binary is installed. Run after editing a rule file
(`BuiltInRulesTests` fails until the two agree)."""
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
files = sorted((root / "Rules").glob("*.yml"))
out = [
    "// swift-format-ignore-file",
    "// Written by scripts/embed-rules.py from Rules/*.yml; edit those and run the script again.",
    "",
    "/// The shipped rule files (`Rules/*.yml`), compiled in: the defaults wherever the binary is installed.",
    "public enum BuiltInRules {",
    "    /// Each file's name and text, in name order.",
    "    public static let files: [(name: String, text: String)] = [",
]
for path in files:
    text = path.read_text(encoding="utf-8")
    if '"""#' in text:
        raise SystemExit(f"{path} holds the sequence that ends a raw string literal")
    out.append(f'        ("{path.name}", #"""')
    out.extend(text.rstrip("\n").split("\n"))
    out.append('"""#),')
out += ["    ]", "}", ""]
(root / "Sources/WinnowRules/Loading/BuiltInRules.swift").write_text("\n".join(out), encoding="utf-8")
