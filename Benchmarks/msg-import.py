#!/usr/bin/env python3
"""Outlook .msg import: `winnow import` of a folder of .msg files against extract_msg reading the same files.

Writes N Outlook messages with the fixture writer (`Fixtures/mail/make-outlook-msg.py`: a version 3 compound file,
strings in UTF-16): questions as delivered (transport headers, an HTML body) and answers from Sent Items (headers
built from properties, a text body quoting the question, `In-Reply-To`), every third answer with a 6 KiB
attachment; and the same messages as .eml files (Python's `email` package). Then times, each as a child process:
`winnow import` of the folder into a new store (the messages threaded, cleaned and stored; wall time, CPU time and
peak RSS from `wait4`), extract_msg opening every file and reading its subject, sender, date, text or HTML body
and attachments (what a user would otherwise run to get at the mail before writing it out as .eml), and
`winnow import` of the .eml folder (what the per-file import costs whatever the format). Needs
`pip install extract-msg`. With `--rtf` the questions keep their HTML only as compressed RTF, as Outlook does for
some mail (`pip install compressed-rtf`): Winnow de-encapsulates it, extract_msg (through RTFDE) does too when its
HTML body is read.

Usage: Benchmarks/msg-import.py WINNOW_BINARY [--messages 2000] [--work-directory DIR] [--rtf]"""

import argparse
import os
import random
import struct
import sys
import tempfile
from email.message import EmailMessage

from bench_common import sentence, timed

HERE = os.path.dirname(os.path.abspath(__file__))


def writer():
    path = os.path.join(HERE, "..", "Fixtures", "mail", "make-outlook-msg.py")
    source = open(path).read()
    # The writer's functions only: the fixture part below them writes files into the current folder.
    functions = source[:source.index("received_headers = (")]
    # and the RTF encapsulation's, which follow the fixtures written above them
    functions += source[source.index("def rtf_escape("):source.index("rtf_html_pieces = [")]
    module = {}
    exec(compile(functions, path, "exec"), module)
    return module


def rtf_body(w, html):
    """`html` encapsulated in compressed RTF as Outlook keeps it when a message has no other body: the tags in
    {\\*\\htmltag} groups, the text between them."""
    import compressed_rtf
    import re
    pieces = [("tag" if part.startswith("<") else "text", part) for part in re.split(r"(<[^>]*>)", html) if part]
    return compressed_rtf.compress(w["encapsulate"](pieces), compressed=True)


def write_messages(directory, eml_directory, count, rtf=False):
    w = writer()
    rng = random.Random(11)
    for index in range(0, count, 2):
        subject = f"Order {index}: " + sentence(rng, 4)
        question = sentence(rng, 40)
        qid = f"<q{index}@kunde.example>"
        headers = (f"From: \"Lopez, Ana\" <ana{index}@kunde.example>\r\nTo: Shop Support <support@shop.example>\r\n"
                   f"Subject: {subject}\r\nDate: Tue, 3 Nov 2026 10:15:00 +0100\r\nMessage-ID: {qid}\r\n"
                   "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
        html = f"<html><body><div>Hello,<br><br>{question}<br><br>Thanks,<br>Ana</div></body></html>"
        received = w["message"](
            {0x001A: "IPM.Note", 0x0037: subject, 0x0C1A: "Lopez, Ana", 0x0C1F: f"ana{index}@kunde.example",
             0x007D: headers, 0x1035: qid},
            binaries=[(0x1009, rtf_body(w, html)) if rtf else (0x1013, html.encode())],
            fixed=[(3, 0x3FDE, struct.pack("<Q", 65001)), (0x40, 0x0039, w["filetime"](2026, 11, 3, 9, 15))],
            recipients=[(1, "Shop Support", "support@shop.example")])
        open(os.path.join(directory, f"{index:06d}-question.msg"), "wb").write(w["cfb"](received))
        text = (f"Hi Ana,\r\n\r\n{sentence(rng, 30)}\r\n\r\nBest regards,\r\nTom\r\n\r\n"
                f"From: Lopez, Ana <ana{index}@kunde.example>\r\nSent: Tuesday, November 3, 2026 10:15 AM\r\n"
                f"To: Shop Support <support@shop.example>\r\nSubject: {subject}\r\n\r\nHello,\r\n\r\n{question}\r\n")
        attachments = []
        if index % 3 == 0:
            attachments = [{
                "__substg1.0_3707001F": w["u"](f"label-{index}.pdf"), "__substg1.0_370E001F": w["u"]("application/pdf"),
                "__substg1.0_37010102": bytes(range(256)) * 24,
                "__properties_version1.0": w["props"]([(3, 0x3705, struct.pack("<Q", 1))], b"\0" * 8),
            }]
        reply = w["message"](
            {0x001A: "IPM.Note", 0x0037: "RE: " + subject, 0x0C1A: "Tom Berg", 0x5D01: "tom@shop.example",
             0x0C1F: "tom@shop.example", 0x1000: text, 0x1035: f"<a{index}@shop.example>", 0x1042: qid},
            fixed=[(0x40, 0x0039, w["filetime"](2026, 11, 3, 14, 2))],
            recipients=[(1, "Lopez, Ana", f"ana{index}@kunde.example")], attachments=attachments)
        open(os.path.join(directory, f"{index:06d}-reply.msg"), "wb").write(w["cfb"](reply))
        # The same two messages as .eml files, as a mail client saves them.
        asked = EmailMessage()
        for name, value in [("From", f"\"Lopez, Ana\" <ana{index}@kunde.example>"),
                            ("To", "Shop Support <support@shop.example>"), ("Subject", subject),
                            ("Date", "Tue, 3 Nov 2026 10:15:00 +0100"), ("Message-ID", qid)]:
            asked[name] = value
        asked.set_content(html, subtype="html")
        open(os.path.join(eml_directory, f"{index:06d}-question.eml"), "wb").write(bytes(asked))
        answered = EmailMessage()
        for name, value in [("From", "Tom Berg <tom@shop.example>"), ("To", f"ana{index}@kunde.example"),
                            ("Subject", "RE: " + subject), ("Date", "Tue, 3 Nov 2026 14:02:00 +0000"),
                            ("Message-ID", f"<a{index}@shop.example>"), ("In-Reply-To", qid)]:
            answered[name] = value
        answered.set_content(text.replace("\r\n", "\n"))
        if attachments:
            answered.add_attachment(bytes(range(256)) * 24, maintype="application", subtype="pdf",
                                    filename=f"label-{index}.pdf")
        open(os.path.join(eml_directory, f"{index:06d}-reply.eml"), "wb").write(bytes(answered))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("winnow")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--work-directory")
    parser.add_argument("--rtf", action="store_true",
                        help="the questions' HTML kept only as compressed RTF (needs pip install compressed-rtf)")
    args = parser.parse_args()
    directory = args.work_directory or tempfile.mkdtemp(prefix="winnow-msg-")
    kind = "rtf" if args.rtf else "msg"
    folder = os.path.join(directory, f"{kind}-{args.messages}")
    eml_folder = os.path.join(directory, f"eml-{args.messages}")
    if not os.path.isdir(folder) or not os.path.isdir(eml_folder):
        os.makedirs(folder, exist_ok=True)
        os.makedirs(eml_folder, exist_ok=True)
        print(f"Writing {args.messages} messages to {folder} and {eml_folder} ...", file=sys.stderr)
        write_messages(folder, eml_folder, args.messages, rtf=args.rtf)
    store = os.path.join(directory, "bench.db")
    eml_store = os.path.join(directory, "bench-eml.db")
    for path in (store, eml_store):
        if os.path.exists(path):
            os.remove(path)
    reader = ("import extract_msg, os, sys\n"
              "n = 0\n"
              "for name in sorted(os.listdir(sys.argv[1])):\n"
              "    m = extract_msg.openMsg(os.path.join(sys.argv[1], name))\n"
              "    n += len(m.subject or '') + len(m.sender or '') + len(str(m.date)) + len(m.body or m.htmlBody or '')\n"
              "    n += sum(len(a.data or b'') for a in m.attachments)\n"
              "    m.close()\n")
    results = [
        ("winnow import (a folder of .msg)", timed([args.winnow, "import", "--db", store, folder])),
        ("extract_msg: open, read the fields and bodies", timed([sys.executable, "-c", reader, folder])),
        ("winnow import (the same mail as .eml files)", timed([args.winnow, "import", "--db", eml_store, eml_folder])),
    ]
    size = sum(os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder)) / 1e6
    print(f"{args.messages} .msg files, {size:.1f} MB; load average {os.getloadavg()[0]:.2f}\n")
    print("| work | messages/s | seconds | CPU seconds | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    for name, (wall, cpu, rss) in results:
        print(f"| {name} | {args.messages / wall:,.0f} | {wall:.2f} | {cpu:.2f} | {rss:.0f} MB |")
    print(f"\nwinnow import: {results[1][1][0] / results[0][1][0]:.2f}x the speed of extract_msg's read alone")


if __name__ == "__main__":
    main()
