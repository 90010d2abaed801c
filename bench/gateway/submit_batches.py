#!/usr/bin/env python3
"""bench/gateway/submit_batches.py: queue COUNT messages in a running gateway through
POST /v1/messages/batch (1,000 per request, CLIENTS keep-alive connections), for bench/gateway.sh.
Every answer must be 202 with all 1,000 accepted; anything else is counted and the first one shown.
The API key is read from KEY_FILE (never from argv). sendAt is far in the future, so the messages
stay queued. Prints one line: "accepted N errors E seconds S".
Usage: submit_batches.py BASE_URL KEY_FILE COUNT [TEXT_BYTES=1024] [CLIENTS=4]"""
import http.client
import sys
import threading
import time
import urllib.parse

base, key_file, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
text_bytes = int(sys.argv[4]) if len(sys.argv) > 4 else 1024
clients = int(sys.argv[5]) if len(sys.argv) > 5 else 4
with open(key_file) as f:
    key = f.read().strip()
one = ('{"connection":"demo","to":["pat@company.com"],"subject":"queued","text":"%s",'
       '"sendAt":"2199-01-01T00:00:00Z"}' % ("x" * text_bytes))
batch_size = 1000
batches = (count + batch_size - 1) // batch_size
bodies = {}


def body(n):
    if n not in bodies:
        bodies[n] = ('{"messages":[' + ",".join([one] * n) + "]}").encode()
    return bodies[n]


url = urllib.parse.urlparse(base)
lock = threading.Lock()
state = {"next": 0, "accepted": 0, "errors": 0, "first": ""}
headers = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}


def worker():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    while True:
        with lock:
            i = state["next"]
            if i >= batches:
                return
            state["next"] += 1
        n = min(batch_size, count - i * batch_size)
        conn.request("POST", "/v1/messages/batch", body=body(n), headers=headers)
        r = conn.getresponse()
        answer = r.read()
        ok = r.status == 202 and b'"accepted":%d,' % n in answer
        with lock:
            if ok:
                state["accepted"] += n
            else:
                state["errors"] += 1
                if not state["first"]:
                    state["first"] = "%d %s" % (r.status, answer[:200].decode(errors="replace"))


start = time.monotonic()
threads = [threading.Thread(target=worker) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("accepted %d errors %d seconds %.2f" % (state["accepted"], state["errors"],
                                               time.monotonic() - start))
if state["first"]:
    print("first error: " + state["first"], file=sys.stderr)
