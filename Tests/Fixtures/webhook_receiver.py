#!/usr/bin/env python3
"""A real HTTP server that receives webhook notifications, for the notifier's tests.

Usage: webhook_receiver.py RECORD STATUSES [SECRET]. Listens on 127.0.0.1 on a free port and prints
the port on the first line of stdout. Each POST is appended to RECORD as one JSON line: path,
headers (names in lowercase, a repeated one's values joined by ", "), the body as text, and (with SECRET) whether X-Vigil-Signature verifies with Python's own
hmac, and the status it was answered with (null for /silent). The answers' statuses come from STATUSES, comma separated ("500,500,200"); the last one
repeats. A POST to /silent is read and never answered (a frozen receiver).
"""
import hashlib
import hmac
import http.server
import json
import sys
import threading
import time

record_path = sys.argv[1]
statuses = [int(s) for s in sys.argv[2].split(",")]
secret = sys.argv[3].encode() if len(sys.argv) > 3 else None
lock = threading.Lock()
answered = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global answered
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        entry = {"path": self.path, "headers": {k.lower(): ", ".join(self.headers.get_all(k)) for k in self.headers.keys()}, "body": body.decode()}
        if secret is not None:
            expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            entry["signature_valid"] = hmac.compare_digest(expected, self.headers.get("X-Vigil-Signature", ""))
        with lock:
            status = statuses[min(answered, len(statuses) - 1)]
            answered += 1
            entry["status"] = None if self.path == "/silent" else status
            with open(record_path, "a") as record:
                record.write(json.dumps(entry) + "\n")
        if self.path == "/silent":
            time.sleep(120)
            return
        answer = f"status {status} from the receiver".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
