#!/usr/bin/env python3
"""smtplib_client.py — Python's smtplib submits to graphpost's SMTP listener: STARTTLS (the
certificate verified against CA_FILE) and login(), send_message() with EmailMessage objects.

Usage: smtplib_client.py HOST PORT CA_FILE USER PASSWORD_FILE OUT_DIR MANIFEST

Cases:
  py-8bitmime   non-ASCII subject and display names (RFC 2047), an 8-bit UTF-8 text part and a
                quoted-printable HTML part, two attachments; BODY=8BITMIME
  py-smtputf8   the same kind of message with raw UTF-8 headers (policy SMTPUTF8), SMTPUTF8
  py-20mb       a 20 MB message (text, HTML and three attachments): the large-message path
Each message's wire bytes (what send_message() puts after DATA) go to OUT_DIR/<case>.eml and a
line to MANIFEST (see check_delivered.py). The password is read from a file, never argv.
"""

from __future__ import annotations

import email.generator
import email.policy
import email.utils
import io
import json
import os
import random
import smtplib
import ssl
import sys
from email.message import EmailMessage

SENDER = "references@company.com"
RCPT = "pat@company.com"


def base_message(case: str, subject: str, policy) -> EmailMessage:
    msg = EmailMessage(policy=policy)
    msg["From"] = email.utils.formataddr(("Référence Équipe ✉", SENDER))
    msg["To"] = email.utils.formataddr(("Pât Kundenerfolg", RCPT))
    msg["Subject"] = subject
    msg["Date"] = email.utils.formatdate(localtime=False)
    msg["Message-ID"] = email.utils.make_msgid(idstring=case, domain="interop.company.com")
    msg["X-Interop-Case"] = case
    return msg


def wire_bytes(msg: EmailMessage, smtputf8: bool) -> bytes:
    """What smtplib.send_message() sends after DATA (before dot-stuffing), generated the way it
    does: BytesGenerator with CRLF line ends, utf8 when SMTPUTF8 is used, Bcc dropped."""
    policy = msg.policy.clone(linesep="\r\n")
    if smtputf8:
        policy = policy.clone(utf8=True)
    out = io.BytesIO()
    email.generator.BytesGenerator(out, policy=policy).flatten(msg, linesep="\r\n")
    return out.getvalue()


def eightbit_message() -> EmailMessage:
    msg = base_message("py-8bitmime", "Grüße aus Köln — Prüfbericht Nr. 7 ✓", email.policy.SMTP)
    msg.set_content("Hallo Pät,\n\nanbei der Bericht. Größe: 2 Anhänge.\nÄÖÜ äöü ß — €\n",
                    subtype="plain", charset="utf-8", cte="8bit")
    long_line = "Ein sehr langer Absatz mit Umlauten (äöü) " * 6
    msg.add_alternative(f"<p>{long_line}</p>\n<p>a=b &amp; 100%</p>\n", subtype="html",
                        charset="utf-8", cte="quoted-printable")
    msg.add_attachment(random.Random(7).randbytes(150_000), maintype="application",
                       subtype="octet-stream", filename="daten.bin")
    msg.add_attachment("Spalte;Wert\nÄpfel;3\n".encode(), maintype="text", subtype="csv",
                       filename="übersicht.csv")
    return msg


def smtputf8_message() -> EmailMessage:
    msg = base_message("py-smtputf8", "Résumé: naïve café — 日本語の件名", email.policy.SMTPUTF8)
    msg.set_content("Bonjour Pât,\n\nLigne accentuée: éèê — 日本語\n", charset="utf-8", cte="8bit")
    msg.add_attachment(b"%PDF-1.4\n% fake\n" + bytes(range(256)) * 40, maintype="application",
                       subtype="pdf", filename="relevé.pdf")
    return msg


def large_message() -> EmailMessage:
    msg = base_message("py-20mb", "20 MB mit Anhängen — großer Bericht", email.policy.SMTP)
    msg["In-Reply-To"] = "<earlier@interop.company.com>"
    msg["References"] = "<first@interop.company.com> <earlier@interop.company.com>"
    msg["Importance"] = "high"
    msg.set_content("Der große Bericht ist angehängt.\n", charset="utf-8")
    msg.add_alternative("<p>Der <b>große</b> Bericht ist angehängt.</p>\n", subtype="html",
                        charset="utf-8")
    rng = random.Random(20)
    for name, size in (("teil-1.bin", 6_000_000), ("teil-2.bin", 5_000_000),
                       ("tabelle.csv", 3_900_000)):
        msg.add_attachment(rng.randbytes(size), maintype="application", subtype="octet-stream",
                           filename=name)
    return msg


def main() -> int:
    host, port, ca_file, user, password_file, out_dir, manifest = sys.argv[1:8]
    with open(password_file) as f:
        password = f.read().strip()
    tls = ssl.create_default_context(cafile=ca_file)
    cases = [(eightbit_message(), ["BODY=8BITMIME"], False, "passthrough"),
             (smtputf8_message(), ["SMTPUTF8", "BODY=8BITMIME"], True, "passthrough"),
             (large_message(), [], False, "fields")]
    with smtplib.SMTP(host, int(port), timeout=120) as smtp:
        smtp.ehlo("python-smtplib.interop")
        smtp.starttls(context=tls)
        smtp.ehlo("python-smtplib.interop")
        for ext in ("8bitmime", "smtputf8", "pipelining", "size", "auth"):
            if not smtp.has_extn(ext):
                print(f"smtplib: the server does not announce {ext.upper()} after STARTTLS")
                return 1
        smtp.login(user, password)
        for msg, options, utf8, mode in cases:
            case = msg["X-Interop-Case"]
            wire = wire_bytes(msg, utf8)
            if case == "py-20mb" and len(wire) < 20_000_000:
                print(f"smtplib: {case} is only {len(wire)} bytes")
                return 1
            path = os.path.join(out_dir, case + ".eml")
            with open(path, "wb") as f:
                f.write(wire)
            refused = smtp.send_message(msg, mail_options=options)
            if refused:
                print(f"smtplib: {case}: recipients refused: {refused}")
                return 1
            print(f"smtplib: {case} accepted ({len(wire)} bytes, {' '.join(options) or 'no options'})")
            with open(manifest, "a") as f:
                f.write(json.dumps({"case": case, "file": path, "rcpt": [RCPT], "mode": mode,
                                    "subject": str(msg["Subject"]),
                                    "message_id": str(msg["Message-ID"])}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
