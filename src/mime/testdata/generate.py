#!/usr/bin/env python3
"""Regenerates the MIME test messages in this folder with the real clients that shape them:
swaks, Python's email package (what smtplib sends), and nodemailer's MailComposer. The
Postfix-shaped and hand-made edge cases (postfix_relayed.eml, smtputf8_group.eml) are written
here too. Attachments are deterministic bytes; their SHA-256s are printed for the tests.

Run from this folder: python3 generate.py /path/to/node_modules (nodemailer 6 installed there).
The tests only read the .eml files; rerunning changes Date/boundaries, so update the tests too."""
import hashlib, os, subprocess, sys
from email.message import EmailMessage
from email.headerregistry import Address
from email import policy


def payload(seed, size):
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}-{counter}".encode()).digest()
        counter += 1
    return out[:size]


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


ATT = {
    "data.bin": payload("data", 3000),
    "report.pdf": payload("report", 40000),
    "logo.png": payload("logo", 2500),
    "große Übersicht.xlsx": payload("xlsx", 12000),
}
for name, data in ATT.items():
    print(f"{name}: {len(data)} bytes sha256 {hashlib.sha256(data).hexdigest()}")

# swaks: a plain body and one base64 attachment.
write("/tmp/data.bin", ATT["data.bin"])
dump = subprocess.run(
    ["swaks", "--dump", "DATA", "--to", "pat@company.com,Lee <lee@company.com>",
     "--from", "references@company.com", "--server", "127.0.0.1",
     "--header", "Subject: Monthly data", "--attach", "@/tmp/data.bin", "--body", "See attached."],
    capture_output=True, check=True).stdout.decode()
lines = dump.split("\n")
start = next(i for i, l in enumerate(lines) if "data = <<." in l) + 1
end = max(i for i, l in enumerate(lines) if l.strip() == ".")
write("swaks_attachment.eml", crlf("\n".join(lines[start:end]).encode() + b"\n"))

# Python email (what smtplib.send_message sends): text + html alternative, QP bodies, RFC 2047
# subject and names, an RFC 2231 filename, a PDF.
m = EmailMessage(policy=policy.SMTP)
m["From"] = Address("Jörg Müller", "references", "company.com")
m["To"] = [Address("Pat Smith", "pat", "company.com"), Address("Zoë Ørsted", "zoe", "company.com")]
m["Cc"] = "lee@company.com"
m["Subject"] = "Quartalsübersicht – Größe und Maße"
m["Message-ID"] = "<170000000000.12345.678@build.example>"
m.set_content("Grüße aus München,\n" + "die Übersicht ist angehängt. " * 6 + "\n", cte="quoted-printable")
m.add_alternative("<p>Grüße aus <b>München</b></p>\n", subtype="html", cte="quoted-printable")
m.add_attachment(ATT["report.pdf"], maintype="application", subtype="pdf", filename="report.pdf")
m.add_attachment(ATT["große Übersicht.xlsx"], maintype="application",
                 subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 filename="große Übersicht.xlsx")
write("python_mixed.eml", m.as_bytes())

# nodemailer: text + html with an inline cid image and an attachment; no Message-ID given (it adds one).
node = r"""
const MailComposer = require('nodemailer/lib/mail-composer');
const fs = require('fs');
new MailComposer({
  from: '"Ünïcode Sender" <references@company.com>',
  to: 'Pat <pat@company.com>',
  bcc: 'audit@company.com',
  subject: 'Invoice № 42 ✓',
  text: 'Your invoice is attached.',
  html: '<p>Your invoice</p><img src="cid:logo@company">',
  attachments: [
    {filename: 'logo.png', content: fs.readFileSync('/tmp/logo.png'), cid: 'logo@company'},
    {filename: 'report.pdf', content: fs.readFileSync('/tmp/report.pdf')},
  ],
}).compile().build((err, msg) => { if (err) throw err; process.stdout.write(msg); });
"""
write("/tmp/logo.png", ATT["logo.png"])
write("/tmp/report.pdf", ATT["report.pdf"])
env = dict(os.environ, NODE_PATH=sys.argv[1])
write("nodemailer_related.eml", subprocess.run(["node", "-e", node], capture_output=True,
                                               check=True, env=env).stdout)
