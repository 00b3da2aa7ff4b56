#!/usr/bin/env python3
"""A small real HTTP(S) server for the http probe's tests.

Usage: http_server.py [CERTFILE KEYFILE]. Listens on 127.0.0.1 on a free port, prints the port
on the first line of stdout, and serves:
  /health        200 "ok"
  /status/NNN    NNN "status NNN"
  /slow          sleeps 30 s before answering (a frozen upstream)
  /redirect      302 to /health
  /plugins/health 200 "plugins ok"
  /big           200, 2 MiB: "early marker" first, "late marker" after the first MiB
  POST /echo     200, the request as JSON: method, headers (names in lowercase), body in hex
"""
import http.server
import json
import ssl
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, code, body):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            self._answer(200, "ok")
        elif self.path == "/plugins/health":
            self._answer(200, "plugins ok")
        elif self.path.startswith("/status/"):
            code = int(self.path.rsplit("/", 1)[1])
            self._answer(code, f"status {code}")
        elif self.path == "/slow":
            time.sleep(30)
            self._answer(200, "late")
        elif self.path == "/big":
            half = 1 << 20
            self._answer(200, "early marker" + "x" * (half - 12) + "late marker" + "y" * (half - 11))
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/health")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._answer(404, "not found")

    do_HEAD = do_GET

    def do_POST(self):
        if self.path != "/echo":
            return self.do_GET()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._answer(200, json.dumps({"method": self.command, "headers": headers, "body": body.hex()}, sort_keys=True))

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if len(sys.argv) == 3:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
