#!/usr/bin/env python3
"""An API endpoint with authentication, for the auth check's tests.

Usage: auth_server.py TOKEN BASIC EXPIRED BYPASS_FILE. Listens on 127.0.0.1 on a free port, prints
the port on the first line of stdout, and answers /api/documents (GET, HEAD, POST):
  200 with `Authorization: Bearer TOKEN`, `Authorization: Basic base64(BASIC)` or `X-API-Key: TOKEN`;
  401 "token expired" with `Authorization: Bearer EXPIRED`;
  401 without credentials or with any other, 404 elsewhere;
  and, while BYPASS_FILE exists (the bug), 200 to every request, credentials or not.
"""
import base64
import http.server
import os
import sys

TOKEN, BASIC, EXPIRED, BYPASS = sys.argv[1:5]


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, code, body):
        data = body.encode()
        self.send_response(code)
        if code == 401:
            self.send_header("WWW-Authenticate", 'Bearer realm="alexandria"')
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path != "/api/documents":
            return self._answer(404, "not found")
        if os.path.exists(BYPASS):
            return self._answer(200, "documents")
        authorization = self.headers.get("Authorization", "")
        if authorization == "Bearer " + EXPIRED:
            return self._answer(401, "token expired")
        valid = {"Bearer " + TOKEN, "Basic " + base64.b64encode(BASIC.encode()).decode()}
        if authorization in valid or self.headers.get("X-API-Key") == TOKEN:
            return self._answer(200, "documents")
        return self._answer(401, "unauthorized")

    do_GET = do_HEAD = do_POST = _handle

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
