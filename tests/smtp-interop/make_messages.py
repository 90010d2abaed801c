#!/usr/bin/env python3
"""make_messages.py — the hand-written MIME messages the swaks and Postfix cases send, and the
manifest entries check_delivered.py reads.

  make_messages.py build OUT_DIR          writes OUT_DIR/<case>.eml (CRLF) and <case>.json
  make_messages.py entry CASE FILE MODE RCPT...   prints the manifest entry for any .eml

Each message is written byte for byte as the client will put it on the wire, so the delivered
copy can be compared with it exactly. They exercise what fidelity problems are made of:
quoted-printable with soft line breaks, `=3D` and an encoded trailing space, a line starting with
a dot (dot-stuffing), a "From " line, raw 8-bit UTF-8, RFC 2047 encoded-words in Subject and
display names, a folded header with a tab, a preamble and an epilogue, nested multiparts,
attachments, Bcc, and a message without Message-ID.
"""

from __future__ import annotations

import base64
import email
import email.policy
import email.utils
import json
import os
import random
import sys
import uuid

SENDER = "references@company.com"


def crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def b64_lines(data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))


def common_headers(case: str, subject_encoded: str, to: str = "pat@company.com",
                   message_id: bool = True) -> str:
    lines = [
        "From: =?UTF-8?Q?R=C3=A9f=C3=A9rence_=C3=89quipe?= <references@company.com>",
        f'To: "=?UTF-8?B?UMOidCBLdW5kZW5lcmZvbGc=?=" <{to}>',
        f"Subject: {subject_encoded}",
        f"Date: {email.utils.formatdate()}",
    ]
    if message_id:
        lines.append(f"Message-ID: <{case}.{uuid.uuid4().hex}@interop.company.com>")
    lines += ["MIME-Version: 1.0", f"X-Interop-Case: {case}"]
    return "\n".join(lines) + "\n"


QP_TEXT = (
    "Gr=C3=BC=C3=9Fe,\n"
    "dies ist ein quoted-printable K=C3=B6rper mit einer sehr langen Zeile, die mit einem =\n"
    "weichen Zeilenumbruch fortgesetzt wird, und einem Gleichheitszeichen: a=3Db.\n"
    "Ein Leerzeichen am Zeilenende bleibt erhalten:=20\n"
    ".Eine Zeile, die mit einem Punkt beginnt (dot-stuffing).\n"
    "..Und eine mit zwei Punkten.\n"
    "From here on, a line that mbox would quote.\n"
    ".\n"
    "Ende.\n"
)


def qp_message(case: str, rng: random.Random) -> str:
    pdf = b"%PDF-1.4\n" + rng.randbytes(60_000)
    return common_headers(case, "=?UTF-8?Q?Pr=C3=BCfbericht_mit_quoted-printable_K=C3=B6rper?=\n"
                                " =?UTF-8?Q?_und_gefalteter_Zeile?=") + (
        "X-Folded: first part\n"
        "\tsecond part after a tab fold\n"
        'Content-Type: multipart/mixed; boundary="=_outer_7f3a"\n'
        "\n"
        "This is a preamble that MIME readers ignore.\n"
        "--=_outer_7f3a\n"
        'Content-Type: multipart/alternative; boundary="=_alt_91c2"\n'
        "\n"
        "--=_alt_91c2\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n" + QP_TEXT +
        "--=_alt_91c2\n"
        "Content-Type: text/html; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "<html><body><p>Grüße — rohes 8-bit UTF-8: ÄÖÜ äöü ß € 日本</p></body></html>\n"
        "--=_alt_91c2--\n"
        "\n"
        "--=_outer_7f3a\n"
        'Content-Type: application/pdf; name="bericht.pdf"\n'
        'Content-Disposition: attachment; filename="bericht.pdf"\n'
        "Content-Transfer-Encoding: base64\n"
        "\n" + b64_lines(pdf) + "\n"
        "--=_outer_7f3a--\n"
        "This is an epilogue.\n"
    )


def plain_message(case: str, subject_encoded: str, body: str, extra: str = "",
                  message_id: bool = True) -> str:
    return common_headers(case, subject_encoded, message_id=message_id) + extra + (
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n" + body)


def build(out_dir: str) -> None:
    rng = random.Random(8)
    cases = {
        # swaks, AUTH LOGIN: nested multipart, QP, 8-bit HTML, an attachment.
        "swaks-qp-login": (qp_message("swaks-qp-login", rng), ["pat@company.com"]),
        # swaks: Bcc in the header and the envelope; no delivered copy may show it.
        "swaks-bcc": (plain_message("swaks-bcc", "=?UTF-8?Q?Blindkopie_f=C3=BCr_admin?=",
                                    "Nur Pât steht im To; admin bekommt eine Blindkopie.\n",
                                    extra="Bcc: admin@company.com\n"),
                      ["pat@company.com", "admin@company.com"]),
        # swaks: no Message-ID; the delivered copy must carry one (= internetMessageId).
        "swaks-no-message-id": (plain_message("swaks-no-message-id",
                                              "Ohne Message-ID " + uuid.uuid4().hex[:8],
                                              "Die Message-ID fügt der Server hinzu.\n",
                                              message_id=False), ["pat@company.com"]),
        # Postfix as a relay with graphpost as its relayhost, without and with SASL.
        "postfix-nosasl": (qp_message("postfix-nosasl", rng), ["pat@company.com"]),
        "postfix-sasl": (plain_message("postfix-sasl", "=?UTF-8?B?UG9zdGZpeCDDvGJlciBTQVNM?=",
                                       "Über Postfix mit SASL und TLS: äöü €\n.Punktzeile\n"),
                         ["pat@company.com"]),
    }
    for case, (text, rcpt) in cases.items():
        path = os.path.join(out_dir, case + ".eml")
        with open(path, "wb") as f:
            f.write(crlf(text))
        with open(os.path.join(out_dir, case + ".json"), "w") as f:
            f.write(json.dumps(entry(case, path, "passthrough", rcpt)) + "\n")


def entry(case: str, path: str, mode: str, rcpt: list[str]) -> dict:
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    mid = msg.get("Message-ID")
    return {"case": case, "file": path, "rcpt": rcpt, "mode": mode,
            "subject": " ".join(str(msg.get("Subject", "")).split()),
            "message_id": str(mid).strip() if mid else None}


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "build":
        build(sys.argv[2])
        return 0
    if len(sys.argv) >= 6 and sys.argv[1] == "entry":
        print(json.dumps(entry(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
