"""mimecheck — compares a message as an SMTP client sent it with the copy a mailbox holds.

Standard library only (the email package). Two comparisons, as docs/smtp.md ("Tested clients")
states them:

passthrough (MIME sendMail): byte-identical. The delivered copy's body (everything after the first
empty line) equals the sent body byte for byte, and its header section is the sent one with
exactly these differences:
  - `Bcc` fields are gone (Exchange strips them from every delivered copy);
  - fields the server chain adds may appear (ADDED_FIELDS: Received, Return-Path, and Message-ID
    when the sent message had none). Nothing else may be added, removed, reordered, refolded or
    re-encoded: every other sent field appears in the same order with the same raw bytes.

fields (the large-message path: a draft plus upload sessions): field-identical. The delivered
copy, parsed, has the same Subject, From, To, Cc, Reply-To, Message-ID, In-Reply-To, References,
Importance and X- headers (decoded), the same text and HTML bodies (decoded), and the same
attachments: name, media type and SHA-256 of the decoded content.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field

# Fields a server on the way may add to a delivered copy (passthrough comparison).
ADDED_FIELDS = {"received", "return-path"}
# Compared in the "fields" comparison, decoded.
FIELD_HEADERS = ["subject", "from", "to", "cc", "reply-to", "message-id", "in-reply-to",
                 "references", "importance"]


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, text: str) -> None:
        self.problems.append(text)

    @property
    def ok(self) -> bool:
        return not self.problems


def split_message(raw: bytes) -> tuple[bytes, bytes]:
    """(header section including its final CRLF, body); CRLF or LF line ends."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        at = raw.find(sep)
        if at >= 0:
            half = len(sep) // 2
            return raw[: at + half], raw[at + len(sep):]
    return raw, b""


def header_fields(section: bytes) -> list[tuple[str, bytes]]:
    """[(lower-case name, raw bytes of the whole field with its folded lines)], in order."""
    fields: list[tuple[str, bytes]] = []
    for line in re.split(rb"(?<=\n)", section):
        if not line:
            continue
        if line[:1] in (b" ", b"\t") and fields:
            name, raw = fields[-1]
            fields[-1] = (name, raw + line)
            continue
        name = line.split(b":", 1)[0].strip().decode("ascii", "replace").lower()
        fields.append((name, line))
    return fields


def compare_passthrough(sent: bytes, delivered: bytes) -> Report:
    report = Report()
    sent_head, sent_body = split_message(sent)
    got_head, got_body = split_message(delivered)
    if sent_body != got_body:
        report.fail(f"body differs: sent {len(sent_body)} bytes, delivered {len(got_body)} bytes, "
                    f"first difference at byte {first_difference(sent_body, got_body)}")
    sent_fields = header_fields(sent_head)
    got_fields = header_fields(got_head)
    sent_names = {name for name, _ in sent_fields}
    allowed = set(ADDED_FIELDS)
    if "message-id" not in sent_names:
        allowed.add("message-id")
    expected = [f for f in sent_fields if f[0] != "bcc"]
    kept = [f for f in got_fields if f[0] not in allowed or f[0] in sent_names]
    added = [f for f in got_fields if f not in kept]
    for name, raw in added:
        report.notes.append(f"added by the server chain: {raw.decode('utf-8', 'replace').rstrip()}")
    if any(name == "bcc" for name, _ in got_fields):
        report.fail("the delivered copy still has a Bcc header")
    if kept != expected:
        report.fail("header fields differ:\n" + field_diff(expected, kept))
    if "message-id" not in sent_names and not any(n == "message-id" for n, _ in got_fields):
        report.fail("the sent message had no Message-ID and the delivered copy has none either")
    return report


def first_difference(a: bytes, b: bytes) -> int:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def field_diff(expected: list[tuple[str, bytes]], got: list[tuple[str, bytes]]) -> str:
    lines = []
    for i in range(max(len(expected), len(got))):
        e = expected[i][1] if i < len(expected) else b"(none)"
        g = got[i][1] if i < len(got) else b"(none)"
        if e != g:
            lines.append(f"  field {i}: sent      {e!r}\n  field {i}: delivered {g!r}")
    return "\n".join(lines[:10])


@dataclass
class Summary:
    headers: dict[str, str]
    text: str | None
    html: str | None
    attachments: list[tuple[str, str, str]]  # (file name, media type, sha256)


def summarize(raw: bytes) -> Summary:
    """The fields the "fields" comparison looks at, decoded."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    headers = {}
    for name in FIELD_HEADERS:
        value = msg.get(name)
        if value is not None:
            headers[name] = normalize(str(value))
    for name in msg.keys():
        if name.lower().startswith("x-"):
            headers[name.lower()] = normalize(str(msg.get(name)))
    text = html = None
    attachments = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        ctype = part.get_content_type()
        if disposition in ("attachment", "inline") and part.get_filename():
            payload = part.get_payload(decode=True) or b""
            attachments.append((part.get_filename(), ctype, hashlib.sha256(payload).hexdigest()))
        elif ctype == "text/plain" and text is None:
            text = part.get_content()
        elif ctype == "text/html" and html is None:
            html = part.get_content()
    attachments.sort()
    return Summary(headers, text, html, attachments)


def normalize(value: str) -> str:
    return " ".join(value.split())


def compare_fields(sent: bytes, delivered: bytes) -> Report:
    report = Report()
    a = summarize(sent)
    b = summarize(delivered)
    for name, value in a.headers.items():
        if b.headers.get(name) != value:
            report.fail(f"{name}: sent {value!r}, delivered {b.headers.get(name)!r}")
    for label, x, y in (("text body", a.text, b.text), ("HTML body", a.html, b.html)):
        if normalize_body(x) != normalize_body(y):
            report.fail(f"{label} differs ({len(x or '')} vs {len(y or '')} characters)")
    if a.attachments != b.attachments:
        report.fail(f"attachments differ: sent {a.attachments}, delivered {b.attachments}")
    return report


def normalize_body(text: str | None) -> str | None:
    # A body that travels as a Graph item is stored with CRLF or LF line ends alike.
    return None if text is None else text.replace("\r\n", "\n").rstrip("\n")


def attachment_hashes(raw: bytes) -> list[tuple[str, str, str]]:
    return summarize(raw).attachments
