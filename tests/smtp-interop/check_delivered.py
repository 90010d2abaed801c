#!/usr/bin/env python3
"""check_delivered.py — waits until every message an interop client sent is in its recipients'
mailboxes in the sandbox, fetches each copy ($value and the Graph JSON with its attachments) and
compares it with the bytes the client sent (mimecheck.py says exactly what may differ).

Usage: check_delivered.py SANDBOX_STATE_DIR MANIFEST [--timeout SECONDS]

MANIFEST is JSON lines written by the clients, one per message:
  {"case": "...", "file": "sent.eml", "rcpt": ["pat@company.com"], "mode": "passthrough"|"fields",
   "subject": "decoded subject", "message_id": "<...>" or null}
`file` holds the message exactly as the client put it on the wire (after DATA, dot-unstuffed).
The sandbox's Graph API is read with the guide app's client secret (the app has Mail.ReadWrite),
over TLS trusting the sandbox's CA. Prints one line per message and copy; exits 1 on any problem.
Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import glob
import hashlib
import json
import os
import ssl
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mimecheck  # noqa: E402

TENANT = "3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13"
CLIENT = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d"


class Graph:
    def __init__(self, state_dir: str):
        with open(os.path.join(state_dir, "endpoint.json")) as f:
            endpoint = json.load(f)
        self.login = endpoint["loginUrl"].rstrip("/")
        self.graph = endpoint["graphUrl"].rstrip("/")
        self.tls = ssl.create_default_context(cafile=endpoint["caPath"])
        secrets = sorted(glob.glob(os.path.join(state_dir, "secrets", "*.secret")))
        if not secrets:
            raise SystemExit(f"check: no client secret under {state_dir}/secrets")
        with open(secrets[0]) as f:
            self.secret = f.read().strip()
        self.token = None

    def _token(self) -> str:
        if self.token is None:
            form = urllib.parse.urlencode({
                "client_id": CLIENT, "client_secret": self.secret, "grant_type": "client_credentials",
                "scope": "https://graph.microsoft.com/.default"}).encode()
            url = f"{self.login}/{TENANT}/oauth2/v2.0/token"
            with urllib.request.urlopen(url, form, context=self.tls, timeout=30) as r:
                self.token = json.load(r)["access_token"]
        return self.token

    def get(self, path: str, query: dict | None = None) -> bytes:
        url = self.graph + path
        if query:
            url += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
        req = urllib.request.Request(url, headers={"Authorization": "Bearer " + self._token()})
        with urllib.request.urlopen(req, context=self.tls, timeout=120) as r:
            return r.read()

    def json(self, path: str, query: dict | None = None):
        return json.loads(self.get(path, query))


def find_message(graph: Graph, mailbox: str, entry: dict) -> str | None:
    """The id of the message's copy in `mailbox`'s Inbox, or None when it is not there yet."""
    base = f"/users/{urllib.parse.quote(mailbox)}/mailFolders/inbox/messages"
    if entry.get("message_id"):
        mid = entry["message_id"].replace("'", "''")
        found = graph.json(base, {"$filter": f"internetMessageId eq '{mid}'",
                                  "$select": "id,subject"})["value"]
    else:
        found = [m for m in graph.json(base, {"$select": "id,subject", "$top": "1000"})["value"]
                 if m.get("subject") == entry["subject"]]
    if len(found) > 1:
        raise RuntimeError(f"{len(found)} copies in {mailbox}'s Inbox (expected one)")
    return found[0]["id"] if found else None


def check_json(graph: Graph, mailbox: str, message_id: str, sent: bytes, entry: dict,
               report: mimecheck.Report) -> None:
    path = f"/users/{urllib.parse.quote(mailbox)}/messages/{message_id}"
    item = graph.json(path)
    if mimecheck.normalize(item.get("subject") or "") != entry["subject"]:
        report.fail(f"Graph subject {item.get('subject')!r}, sent {entry['subject']!r}")
    if entry.get("message_id") and item.get("internetMessageId") != entry["message_id"]:
        report.fail(f"Graph internetMessageId {item.get('internetMessageId')!r}, "
                    f"sent {entry['message_id']!r}")
    got = sorted((a.get("name"), hashlib.sha256(base64.b64decode(a.get("contentBytes", ""))).hexdigest())
                 for a in graph.json(path + "/attachments")["value"]
                 if a.get("@odata.type", "").endswith("fileAttachment"))
    want = sorted((name, digest) for name, _, digest in mimecheck.attachment_hashes(sent))
    if got != want:
        report.fail(f"Graph attachments (name, sha256) {got}, sent {want}")


def check_copy(graph: Graph, mailbox: str, message_id: str, entry: dict) -> mimecheck.Report:
    with open(entry["file"], "rb") as f:
        sent = f.read()
    delivered = graph.get(f"/users/{urllib.parse.quote(mailbox)}/messages/{message_id}/$value")
    if entry["mode"] == "passthrough":
        report = mimecheck.compare_passthrough(sent, delivered)
    else:
        report = mimecheck.compare_fields(sent, delivered)
    check_json(graph, mailbox, message_id, sent, entry, report)
    if not report.ok:
        with open(entry["file"] + f".{mailbox}.delivered", "wb") as f:
            f.write(delivered)
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("state_dir")
    parser.add_argument("manifest")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    graph = Graph(args.state_dir)
    with open(args.manifest) as f:
        entries = [json.loads(line) for line in f if line.strip()]
    pending = [(e, rcpt) for e in entries for rcpt in e["rcpt"]]
    deadline = time.monotonic() + args.timeout
    failed = passed = 0
    while pending:
        still = []
        for entry, rcpt in pending:
            try:
                found = find_message(graph, rcpt, entry)
            except Exception as e:  # noqa: BLE001 — report and count, keep checking the rest
                print(f"FAIL {entry['case']} → {rcpt}: {e}")
                failed += 1
                continue
            if found is None:
                still.append((entry, rcpt))
                continue
            report = check_copy(graph, rcpt, found, entry)
            label = f"{entry['case']} → {rcpt} ({entry['mode']})"
            if report.ok:
                passed += 1
                print(f"ok   {label}")
            else:
                failed += 1
                print(f"FAIL {label}")
                for p in report.problems:
                    print("     " + p.replace("\n", "\n     "))
            for n in report.notes:
                print("     note: " + n)
        pending = still
        if pending and time.monotonic() > deadline:
            for entry, rcpt in pending:
                print(f"FAIL {entry['case']} → {rcpt}: not delivered within {args.timeout:.0f} s")
                failed += 1
            break
        if pending:
            time.sleep(0.5)  # the gateway delivers in another process: a bounded poll
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
