#!/usr/bin/env python3
"""An HTTP/1.1 keep-alive service that can be made slow and failing, for the load tests.

Usage: load_server.py FOLDER. Listens on 127.0.0.1 on a free port, prints the port on the first
line of stdout, and answers every path with 200 "ok", except that, read again for each request:
  FOLDER/delay_ms (an integer) makes each answer wait that long first;
  FOLDER/fail_percent (an integer P) answers 500 to exactly every (100/P)-th request.
Each request is appended to FOLDER/requests.log as "MONOTONIC_SECONDS METHOD PATH".
"""
import http.server
import os
import sys
import threading
import time

FOLDER = sys.argv[1]
lock = threading.Lock()
served = 0
log = open(os.path.join(FOLDER, "requests.log"), "a", buffering=1)


def setting(name):
    try:
        with open(os.path.join(FOLDER, name)) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Head and body in one write, sent at once: otherwise Nagle and the client's delayed ACK add 40 ms.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def _handle(self):
        global served
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with lock:
            served += 1
            number = served
            log.write("%.6f %s %s\n" % (time.monotonic(), self.command, self.path))
        delay = setting("delay_ms")
        if delay:
            time.sleep(delay / 1000)
        percent = setting("fail_percent")
        failing = percent > 0 and number % max(1, round(100 / percent)) == 0
        data = b"failed\n" if failing else b"ok\n"
        self.send_response(500 if failing else 200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_HEAD = do_POST = do_PUT = _handle

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
