#!/usr/bin/env python3
"""Writes outlook-received.msg, outlook-sent-reply.msg, outlook-rtf-html.msg and outlook-rtf-plain.msg into the
current folder: Outlook message files ([MS-OXMSG] in a version 3 compound file, [MS-CFB]) as Outlook saves them,
string properties as UTF-16 (type 001F), fixed-size properties in __properties_version1.0. Checked by reading them back with olefile and
extract_msg (pip install extract-msg), which give the same subjects, senders, recipients, bodies and
attachments; RTFDE gives back the HTML encapsulated in the first RTF body. Needs compressed-rtf (pip install
compressed-rtf) for the RTF bodies."""
import struct

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def cfb(tree):
    """tree: dict name -> bytes (stream) or dict (storage). Returns the compound file's bytes."""
    entries = []  # [name, type, children(list of idx), data]

    def add(name, node, etype=None):
        idx = len(entries)
        if isinstance(node, dict):
            entries.append([name, etype or 1, [], None])
            kids = [add(k, v) for k, v in node.items()]
            entries[idx][2] = kids
        else:
            entries.append([name, 2, [], node])
        return idx

    add("Root Entry", tree, 5)
    # small streams in the mini stream, the rest in sectors
    mini, minifat, regular = bytearray(), [], []
    starts = {}
    for i, e in enumerate(entries):
        if e[1] != 2:
            continue
        data = e[3]
        if len(data) == 0:
            starts[i] = ENDOFCHAIN
        elif len(data) < 4096:
            first = len(mini) // 64
            n = (len(data) + 63) // 64
            starts[i] = first
            minifat += [first + k + 1 for k in range(n - 1)] + [ENDOFCHAIN]
            mini += data + b"\0" * (n * 64 - len(data))
        else:
            regular.append(i)
    # sector plan: FAT sectors first, then directory, mini FAT, mini stream, regular streams
    dir_bytes_len = ((len(entries) + 3) // 4) * 512
    blocks = []  # (kind, bytes)
    dirsecs = dir_bytes_len // 512
    minifat_bytes = b"".join(struct.pack("<I", x) for x in minifat)
    minifat_bytes += b"\xff" * ((-len(minifat_bytes)) % 512)
    mini_bytes = bytes(mini) + b"\0" * ((-len(mini)) % 512)
    reg = [(i, entries[i][3] + b"\0" * ((-len(entries[i][3])) % 512)) for i in regular]
    data_secs = dirsecs + len(minifat_bytes) // 512 + len(mini_bytes) // 512 + sum(len(b) // 512 for _, b in reg)
    nfat = 1
    while nfat * 128 < nfat + data_secs:
        nfat += 1
    fat = [FATSECT] * nfat
    pos = nfat

    def chain(n):
        nonlocal pos
        first = pos
        for k in range(n):
            fat.append(pos + 1 if k < n - 1 else ENDOFCHAIN)
            pos += 1
        return first

    dir_start = chain(dirsecs)
    minifat_start = chain(len(minifat_bytes) // 512) if minifat_bytes else ENDOFCHAIN
    mini_start = chain(len(mini_bytes) // 512) if mini_bytes else ENDOFCHAIN
    for i, b in reg:
        starts[i] = chain(len(b) // 512)
    fat += [FREESECT] * (nfat * 128 - len(fat))

    def key(i):
        n = entries[i][0]
        return (len(n), n.upper())

    # siblings: a right-leaning chain in name order (a valid search tree)
    left, right, child = {}, {}, {}
    for i, e in enumerate(entries):
        kids = sorted(e[2], key=key)
        child[i] = kids[0] if kids else NOSTREAM
        for a, b in zip(kids, kids[1:]):
            right[a] = b
    d = bytearray()
    for i, e in enumerate(entries):
        name = e[0].encode("utf-16-le") + b"\0\0"
        rec = name + b"\0" * (64 - len(name))
        rec += struct.pack("<HBB", len(name), e[1], 1)
        rec += struct.pack("<III", left.get(i, NOSTREAM), right.get(i, NOSTREAM), child[i])
        rec += b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16
        if e[1] == 5:
            rec += struct.pack("<IQ", mini_start, len(mini))
        elif e[1] == 2:
            rec += struct.pack("<IQ", starts[i], len(e[3]))
        else:
            rec += struct.pack("<IQ", 0, 0)
        d += rec
    assert len(d) % 128 == 0
    while len(d) < dir_bytes_len:
        d += b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 48
    header = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, nfat, dir_start, 0, 4096, minifat_start, len(minifat_bytes) // 512,
                          ENDOFCHAIN, 0)
    difat = list(range(nfat)) + [FREESECT] * (109 - nfat)
    header += b"".join(struct.pack("<I", x) for x in difat)
    assert len(header) == 512
    out = bytes(header) + b"".join(struct.pack("<I", x) for x in fat) + bytes(d) + minifat_bytes + mini_bytes
    out += b"".join(b for _, b in reg)
    return out


def u(text):
    return text.encode("utf-16-le")


def props(fixed, header):
    """fixed: list of (type, id, value bytes(8)); header: bytes before the entries."""
    out = bytearray(header)
    for t, pid, value in fixed:
        out += struct.pack("<HHI", t, pid, 6) + value
    return bytes(out)


def filetime(year, month, day, hour, minute):
    import datetime
    delta = datetime.datetime(year, month, day, hour, minute) - datetime.datetime(1601, 1, 1)
    return struct.pack("<Q", int(delta.total_seconds()) * 10_000_000)


def message(strings, binaries=(), fixed=(), recipients=(), attachments=(), top=True):
    node = {}
    for pid, text in strings.items():
        node["__substg1.0_%04X001F" % pid] = u(text)
    for pid, data in binaries:
        node["__substg1.0_%04X0102" % pid] = data
    header = struct.pack("<QIIII", 0, len(recipients), len(attachments), len(recipients), len(attachments))
    header += b"\0" * 8 if top else b""
    node["__properties_version1.0"] = props(fixed, header if top else header[:24])
    for n, (kind, name, address) in enumerate(recipients):
        node["__recip_version1.0_#%08X" % n] = {
            "__substg1.0_3001001F": u(name), "__substg1.0_3002001F": u("SMTP"),
            "__substg1.0_3003001F": u(address), "__substg1.0_39FE001F": u(address),
            "__properties_version1.0": props([(3, 0x0C15, struct.pack("<Q", kind))], b"\0" * 8),
        }
    for n, att in enumerate(attachments):
        node["__attach_version1.0_#%08X" % n] = att
    if top:
        node["__nameid_version1.0"] = {"__substg1.0_00020102": b"", "__substg1.0_00030102": b"",
                                       "__substg1.0_00040102": b""}
    return node

received_headers = (
    "Received: from mail.kunde.example (mail.kunde.example [192.0.2.7])\r\n"
    "\tby mx.shop.example with ESMTPS; Tue, 3 Nov 2026 09:15:04 +0000\r\n"
    "From: \"Lopez, Ana\" <ana.lopez@kunde.example>\r\n"
    "To: Shop Support <support@shop.example>\r\n"
    "Subject: =?UTF-8?Q?Pedido_4471:_devoluci=C3=B3n?=\r\n"
    "Date: Tue, 3 Nov 2026 10:15:00 +0100\r\n"
    "Message-ID: <CAK4471question@mail.kunde.example>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed;\r\n\tboundary=\"----=_Part_1\"\r\n"
    "\r\n"
)
html = ("<html><body><div dir=\"ltr\">Hola,<br><br>devolví el pedido 4471 hace dos semanas y todavía no "
        "tengo el reembolso. Adjunto el aviso del transportista.<br><br>Gracias,<br>Ana</div></body></html>")
carrier = message(
    {0x001A: "IPM.Note", 0x0037: "Your parcel was delivered", 0x0C1A: "Courier", 0x0C1F: "notice@courier.example",
     0x5D01: "notice@courier.example", 0x1000: "Parcel 4471 was delivered to the shop's depot on 1 November."},
    fixed=[(0x40, 0x0039, filetime(2026, 11, 1, 8, 0))], top=False)
received = message(
    {0x001A: "IPM.Note", 0x0037: "Pedido 4471: devolución", 0x0C1A: "Lopez, Ana", 0x0C1F: "ana.lopez@kunde.example",
     0x007D: received_headers, 0x1035: "<CAK4471question@mail.kunde.example>"},
    binaries=[(0x1013, html.encode("utf-8"))],
    fixed=[(3, 0x3FDE, struct.pack("<Q", 65001)), (0x40, 0x0039, filetime(2026, 11, 3, 9, 15)),
           (0x40, 0x0E06, filetime(2026, 11, 3, 9, 15))],
    recipients=[(1, "Shop Support", "support@shop.example")],
    attachments=[{
        "__substg1.0_3001001F": u("Your parcel was delivered"),
        "__substg1.0_3701000D": carrier,
        "__properties_version1.0": props([(3, 0x3705, struct.pack("<Q", 5))], b"\0" * 8),
    }])
open("outlook-received.msg", "wb").write(cfb(received))

reply_text = ("Hola Ana,\r\n\r\nel reembolso se ha enviado hoy; lo verás en tu tarjeta en 3 a 5 días.\r\n\r\n"
              "Un saludo,\r\nTom\r\n\r\n"
              "From: Lopez, Ana <ana.lopez@kunde.example>\r\nSent: Tuesday, November 3, 2026 10:15 AM\r\n"
              "To: Shop Support <support@shop.example>\r\nSubject: Pedido 4471: devolución\r\n\r\n"
              "Hola,\r\n\r\ndevolví el pedido 4471 hace dos semanas y todavía no tengo el reembolso.\r\n")
label = bytes(range(256)) * 24  # 6 KiB: a stream in regular sectors, not the mini stream
reply = message(
    {0x001A: "IPM.Note", 0x0037: "RE: Pedido 4471: devolución", 0x0C1A: "Berg, Tom",
     0x0C1F: "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=TOM.BERG",
     0x0C1E: "EX", 0x5D01: "tom.berg@shop.example", 0x0042: "Berg, Tom", 0x1000: reply_text,
     0x1035: "<AM0PR4471answer@shop.example>", 0x1042: "<CAK4471question@mail.kunde.example>",
     0x1039: "<CAK4471question@mail.kunde.example>"},
    binaries=[(0x0071, bytes.fromhex("01DC4E2F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B"))],
    fixed=[(0x40, 0x0039, filetime(2026, 11, 3, 14, 2))],
    recipients=[(1, "Lopez, Ana", "ana.lopez@kunde.example"), (2, "Returns", "returns@shop.example")],
    attachments=[{
        "__substg1.0_3707001F": u("return-label-4471.pdf"), "__substg1.0_3704001F": u("RETURN~1.PDF"),
        "__substg1.0_370E001F": u("application/pdf"), "__substg1.0_37010102": label,
        "__properties_version1.0": props([(3, 0x3705, struct.pack("<Q", 1))], b"\0" * 8),
    }])
open("outlook-sent-reply.msg", "wb").write(cfb(reply))

# Messages whose only body is compressed RTF (PR_RTF_COMPRESSED, 0x1009; pip install compressed-rtf): one with
# HTML encapsulated as Outlook writes it ([MS-OXRTFEX]: the tags in {\*\htmltag} groups, the text between them,
# RTF for RTF readers only between \htmlrtf and \htmlrtf0), its Cyrillic text in a font of charset 204
# (Windows-1251 bytes) and one character as \uN; and one of plain RTF (no encapsulation), as WordPad or a rich
# text editor writes it.
import compressed_rtf


def rtf_escape(text, codepage):
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 0x80:
            out.append(ch)
        else:
            try:
                out.append("".join("\\'%02x" % b for b in ch.encode(codepage)))
            except UnicodeEncodeError:
                out.append("\\u%d?" % (ord(ch) if ord(ch) < 0x8000 else ord(ch) - 0x10000))
    return "".join(out)


def encapsulate(pieces):
    """pieces: ("tag", html) or ("text", text) in order; text in font 1 (Windows-1251)."""
    rtf = ["{\\rtf1\\ansi\\ansicpg1251\\fromhtml1 \\fbidis \\deff0{\\fonttbl\r\n"
           "{\\f0\\fswiss\\fcharset204 Arial;}\r\n{\\f1\\fmodern Courier New;}\r\n"
           "{\\f2\\fnil\\fcharset2 Symbol;}\r\n{\\f3\\fmodern\\fcharset0 Courier New;}\r\n"
           "{\\f4\\fswiss\\fcharset204 Calibri;}}\r\n"
           "{\\colortbl\\red0\\green0\\blue0;\\red5\\green99\\blue193;}\r\n"
           "\\uc1\\pard\\plain\\deftab360 \\f0\\fs24 \r\n"]
    for kind, value in pieces:
        if kind == "tag":
            rtf.append("{\\*\\htmltag19 " + rtf_escape(value, "cp1251").replace("\n", "\\par\r\n") + "}")
            if value.startswith("</p") or value.startswith("<br"):
                rtf.append("\\htmlrtf \\par\r\n\\htmlrtf0 ")
        else:
            rtf.append("\\htmlrtf {\\f4 \\htmlrtf0 " + rtf_escape(value, "cp1251") + "\\htmlrtf }\\htmlrtf0 ")
    rtf.append("}")
    return "".join(rtf).encode("ascii")


rtf_html_pieces = [
    ("tag", "<html><head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\n"
            "<style><!--\np.MsoNormal {margin:0cm; font-family:\"Calibri\",sans-serif;}\n--></style>\n"
            "</head>\n<body lang=\"RU\" link=\"#0563C1\">\n<div class=\"WordSection1\">\n<p class=\"MsoNormal\">"),
    ("text", "Здравствуйте,"),
    ("tag", "</p>\n<p class=\"MsoNormal\">"),
    ("text", "посылка по заказу 5120 так и не пришла: трек-номер не обновляется со 2 ноября. Что делать?"),
    ("tag", "</p>\n<p class=\"MsoNormal\">"),
    ("text", "С уважением,"), ("tag", "<br>"), ("text", "Иван"),
    ("tag", "</p>\n<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\">\n"
            "<p class=\"MsoNormal\"><b>"),
    ("text", "From:"), ("tag", "</b>"), ("text", " Shop Support "), ("tag", "&lt;"),
    ("text", "support@shop.example"), ("tag", "&gt;<br><b>"), ("text", "Sent:"), ("tag", "</b>"),
    ("text", " Monday, November 2, 2026 4:10 PM"), ("tag", "<br><b>"), ("text", "To:"), ("tag", "</b>"),
    ("text", " Иван Петров"), ("tag", "<br><b>"), ("text", "Subject:"), ("tag", "</b>"),
    ("text", " Заказ 5120 отправлен ✓"),
    ("tag", "</p>\n</div>\n<p class=\"MsoNormal\">"),
    ("text", "Ваш заказ 5120 отправлен, трек-номер RU123456789."),
    ("tag", "</p>\n</div>\n</body>\n</html>"),
]
rtf_html = message(
    {0x001A: "IPM.Note", 0x0037: "RE: Заказ 5120 отправлен ✓", 0x0C1A: "Иван Петров",
     0x0C1F: "ivan.petrov@klient.example", 0x5D01: "ivan.petrov@klient.example",
     0x1035: "<rtf5120@klient.example>"},
    binaries=[(0x1009, compressed_rtf.compress(encapsulate(rtf_html_pieces), compressed=True))],
    fixed=[(0x40, 0x0039, filetime(2026, 11, 9, 8, 30)), (3, 0x3FFD, struct.pack("<Q", 1251))],
    recipients=[(1, "Shop Support", "support@shop.example")])
open("outlook-rtf-html.msg", "wb").write(cfb(rtf_html))

rtf_plain = (
    "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat{\\fonttbl{\\f0\\fswiss\\fcharset0 Calibri;}"
    "{\\f1\\fnil\\fcharset2 Symbol;}}\r\n{\\colortbl ;\\red5\\green99\\blue193;}\r\n"
    "{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \r\n"
    "\\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang1031 Guten Tag,\\par\r\n"
    "die R\\'fccksendung f\\'fcr Bestellung 3308 ist seit zwei Wochen unterwegs. K\\'f6nnen Sie mir die 49,90 "
    "\\u8364?\\~erstatten? Die Sendung: {{\\field{\\*\\fldinst{HYPERLINK https://track.example/3308 }}"
    "{\\fldrslt{\\ul\\cf1\\cf1\\ul Sendungsverfolgung}}}}\\f0\\fs22\\par\r\n"
    "{\\pict{\\*\\picprop}\\wmetafile8\\picw265\\pich265 010009000003\r\n0a0000000000}\\par\r\n"
    "Mit freundlichen Gr\\'fc\\'dfen\\line Jana Vogel\\par\r\n}\r\n").encode("ascii")
plain = message(
    {0x001A: "IPM.Note", 0x0037: "Rücksendung 3308", 0x0C1A: "Jana Vogel", 0x0C1F: "jana.vogel@kunde.example",
     0x5D01: "jana.vogel@kunde.example", 0x1035: "<rtf3308@kunde.example>"},
    binaries=[(0x1009, compressed_rtf.compress(rtf_plain, compressed=True))],
    fixed=[(0x40, 0x0039, filetime(2026, 11, 10, 7, 45))],
    recipients=[(1, "Shop Support", "support@shop.example")])
open("outlook-rtf-plain.msg", "wb").write(cfb(plain))

# Items that are not a person's mail, as a folder exported from Outlook holds them beside it: a contact (not mail at
# all) and a meeting request the agent sent (mail, but the calendar's).
contact = message(
    {0x001A: "IPM.Contact", 0x0037: "Ana Lopez", 0x3001: "Ana Lopez", 0x8083: "ana.lopez@kunde.example",
     0x1000: "Prefers calls after 4 pm."})
open("outlook-contact.msg", "wb").write(cfb(contact))
meeting = message(
    {0x001A: "IPM.Schedule.Meeting.Request", 0x0037: "Call about order 4471", 0x0C1A: "Berg, Tom",
     0x0C1F: "tom.berg@shop.example", 0x5D01: "tom.berg@shop.example", 0x1035: "<AM0PR4471meeting@shop.example>",
     0x1000: "Hi Ana, let's go through the refund together.\r\n\r\nJoin: https://meet.shop.example/4471\r\n"},
    fixed=[(0x40, 0x0039, filetime(2026, 11, 4, 9, 0))],
    recipients=[(1, "Lopez, Ana", "ana.lopez@kunde.example")])
open("outlook-meeting-request.msg", "wb").write(cfb(meeting))
