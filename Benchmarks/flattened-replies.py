#!/usr/bin/env python3
"""Replies flattened into one line, as a helpdesk's CSV export or a webmail's text of its HTML writes them (the
reply, its client's header and the quote on one line), imported by one or more Winnow builds with `--clean-replies`:
how many keep exactly the reply.

Thirty-seven bodies: Gmail's and Apple Mail's headers in English, German, French, Spanish, Portuguese, Italian and
Dutch, Thunderbird's naming no address, Outlook's header blocks (English, German, French) after the reply, with
`-----Original Message-----`, Yahoo's `----- Original Message -----` or a rule of underscores before them, device
footers ending the reply's words, and Gmail's headers in nineteen languages whose header opens with the date or the
sender (Japanese, Chinese, Korean, Russian, Polish, Turkish, Czech, Danish, Finnish, Hungarian, Hebrew, Greek,
Ukrainian, Romanian, Indonesian, Vietnamese, Arabic, Swedish, Thai).

Usage: Benchmarks/flattened-replies.py WINNOW_BINARY [WINNOW_BINARY...] [--work-directory DIR]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

QUOTE_EN = "Please restart the app."
BODIES = [
    ("Thanks, that worked On Tue, Mar 5, 2024 at 10:00 AM Acme Support <support@acme.com> wrote: > " + QUOTE_EN,
     "Thanks, that worked"),
    ("Danke, hat geklappt Am Di., 5. März 2024 um 10:00 Uhr schrieb Acme Support <support@acme.com>: > Bitte starten"
     " Sie die App neu.", "Danke, hat geklappt"),
    ("Merci beaucoup Le mar. 5 mars 2024 à 10:00, Acme Support <support@acme.com> a écrit : > Veuillez redémarrer"
     " l'application.", "Merci beaucoup"),
    ("ok thanks -----Original Message----- From: Acme Support <support@acme.com> Sent: Tuesday, March 5, 2024 10:00 AM"
     " To: ann@example.com Subject: RE: App crash " + QUOTE_EN, "ok thanks"),
    ("Still broken for me From: Acme Support <support@acme.com> Sent: Tuesday, March 5, 2024 10:00 AM To:"
     " ann@example.com Subject: RE: App crash " + QUOTE_EN, "Still broken for me"),
    ("Gracias El mar, 5 mar 2024 a las 10:00, Acme Support (<support@acme.com>) escribió: > Por favor reinicie la"
     " aplicación.", "Gracias"),
    ("Obrigado Em ter., 5 de mar. de 2024 às 10:00, Acme Support <support@acme.com> escreveu: > Por favor reinicie o"
     " aplicativo.", "Obrigado"),
    ("Grazie mille Il giorno mar 5 mar 2024 alle ore 10:00 Acme Support <support@acme.com> ha scritto: > Riavvia"
     " l'app.", "Grazie mille"),
    ("Bedankt Op di 5 mrt 2024 om 10:00 schreef Acme Support <support@acme.com>: > Start de app opnieuw.", "Bedankt"),
    ("Thanks! Sent from my iPhone On Mar 5, 2024, at 10:00, Acme Support <support@acme.com> wrote: > " + QUOTE_EN,
     "Thanks!"),
    ("Hat leider nicht geklappt Von: Acme Support <support@acme.com> Gesendet: Dienstag, 5. März 2024 10:00 An:"
     " ann@example.de Betreff: AW: Absturz Bitte starten Sie neu.", "Hat leider nicht geklappt"),
    ("Toujours en panne De : Acme Support <support@acme.com> Envoyé : mardi 5 mars 2024 10:00 À : ann@example.fr"
     " Objet : RE: Plantage Veuillez redémarrer.", "Toujours en panne"),
    ("Thanks ----- Original Message ----- From: Acme Support <support@acme.com> To: ann@example.com Sent: Tuesday,"
     " March 5, 2024 10:00 AM Subject: Re: crash Please restart.", "Thanks"),
    ("Thank you. On 05.03.2024 10:00, Acme Support wrote: > " + QUOTE_EN, "Thank you."),
    ("Works now, thanks On Tuesday, March 5, 2024, 10:00:00 AM GMT+1, Acme Support <support@acme.com> wrote: "
     + QUOTE_EN, "Works now, thanks"),
    ("Thanks a lot On 2024-03-05 10:00, Acme Support wrote: > " + QUOTE_EN, "Thanks a lot"),
    ("Great, thanks! Sent from Yahoo Mail on Android On Tue, Mar 5, 2024 at 10:00, Acme Support<support@acme.com>"
     " wrote: " + QUOTE_EN, "Great, thanks!"),
    ("It still fails ________________________________ From: Acme Support <support@acme.com> Sent: Tuesday, March 5,"
     " 2024 10:00 AM To: Ann Lee <ann@example.com> Subject: RE: crash Please restart.", "It still fails"),
]

# Gmail's headers in languages whose header opens with the date or the sender, not an "On" word, after a reply
# whose sentence ends (a quote's mark after the colon).
ACME = "Acme Support <support@acme.com>"
LEADLESS_HEADERS = [
    "2024年3月5日(火) 10:00 " + ACME + ":",
    ACME + " 于2024年3月5日周二 10:00写道：",
    "2024년 3월 5일 (화) 오전 10:00, " + ACME + "님이 작성:",
    "вт, 5 мар. 2024 г. в 10:00, " + ACME + ":",
    "wt., 5 mar 2024 o 10:00 " + ACME + " napisał(a):",
    ACME + ", 5 Mar 2024 Sal, 10:00 tarihinde şunu yazdı:",
    "út 5. 3. 2024 v 10:00 odesílatel " + ACME + " napsal:",
    "tir. 5. mar. 2024 kl. 10.00 skrev " + ACME + ":",
    "ti 5.3.2024 klo 10.00 Acme Support (support@acme.com) kirjoitti:",
    ACME + " ezt írta (időpont: 2024. márc. 5., K, 10:00):",
    "\u202bבתאריך יום ג׳, 5 במרץ 2024 ב-10:00 מאת \u202aAcme Support\u202c\u200f <\u202asupport@acme.com\u202c\u200f>:\u202c",
    "Στις Τρί 5 Μαρ 2024 στις 10:00, ο/η " + ACME + " έγραψε:",
    "вт, 5 бер. 2024 р. о 10:00 " + ACME + " пише:",
    "marți, 5 mar. 2024, 10:00 " + ACME + " a scris:",
    "Pada tanggal Sel, 5 Mar 2024 pukul 10.00 " + ACME + " menulis:",
    "Vào Th 3, 5 thg 3, 2024 vào lúc 10:00 " + ACME + " đã viết:",
    "في الثلاثاء، 5 مارس 2024 في 10:00 ص " + ACME + " كتب:",
    "Den tis 5 mars 2024 kl 10:00 skrev " + ACME + ":",
    "เมื่อ อ. 5 มี.ค. 2024 เวลา 10:00 " + ACME + " เขียนว่า:",
]
BODIES += [("Thanks, it works now. " + header + " > " + QUOTE_EN + " > Best, Acme", "Thanks, it works now.")
           for header in LEADLESS_HEADERS]


def run(binary, directory):
    store = os.path.join(directory, "store")
    os.makedirs(store, exist_ok=True)
    source = os.path.join(directory, "flattened.jsonl")
    with open(source, "w", encoding="utf-8") as out:
        for index, (body, _) in enumerate(BODIES):
            out.write(json.dumps({"ticket_id": f"f{index:02d}", "body": body, "reply": "ok"}) + "\n")
    subprocess.run([binary, "init"], cwd=store, capture_output=True, check=True)
    subprocess.run([binary, "import", "--clean-replies", source], cwd=store, capture_output=True)
    listed = subprocess.run([binary, "list", "--json", "--limit", "100"], cwd=store, capture_output=True, text=True)
    stored = {e["ticket_id"]: e.get("input") for e in json.loads(listed.stdout)["examples"]}
    return [stored.get(f"f{index:02d}") for index in range(len(BODIES))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--work-directory")
    args = parser.parse_args()
    root = args.work_directory or tempfile.mkdtemp(prefix="winnow-flattened-")
    for number, binary in enumerate(args.binaries):
        directory = os.path.join(root, f"build{number}")
        os.makedirs(directory, exist_ok=True)
        stored = run(os.path.abspath(binary), directory)
        wrong = [(index, text) for index, ((_, want), text) in enumerate(zip(BODIES, stored)) if text != want]
        print(f"{binary}: {len(BODIES) - len(wrong)} of {len(BODIES)} keep exactly the reply")
        for index, text in wrong:
            print(f"  f{index:02d}: {text!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
