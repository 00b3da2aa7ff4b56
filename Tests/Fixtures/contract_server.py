#!/usr/bin/env python3
"""The petstore API of Tests/Fixtures/contracts/petstore.yaml, for the contract check's tests.

Usage: contract_server.py FOLDER. Listens on 127.0.0.1 on a free port, prints the port on the first
line of stdout, and answers under /api: GET /pets (a page of four pets), GET /pets/{id} (pet 7,
404 for others), and GET /openapi.yaml (the file FOLDER/document names, the API's own document).
While FOLDER/broken exists, the answers break the contract: the fourth pet's createdAt is null and
its status is "lost", an owner carries a property the schema forbids, and pet 7 comes as text/html.
"""
import http.server
import json
import os
import sys

FOLDER = sys.argv[1]


def pet(number, broken=False):
    value = {"id": number, "name": f"pet-{number}", "tag": "dog", "status": "available",
             "createdAt": "2026-12-04T10:15:00Z", "externalId": "3f2c8e52-9a41-4c1e-8d2b-5b7f6c0a1e93",
             "owner": {"name": "ada", "email": "ada@example.com"}}
    if broken:
        value["createdAt"] = None
        value["status"] = "lost"
        value["owner"]["phone"] = "555-0100"
    return value


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, code, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        broken = os.path.exists(os.path.join(FOLDER, "broken"))
        path = self.path.split("?")[0]
        if path == "/api/pets":
            items = [pet(n) for n in range(1, 4)] + [pet(4, broken)]
            self._answer(200, {"items": items, "total": 4, "next": None})
        elif path == "/api/pets/7":
            if broken:
                self._answer(200, b"<html>pet 7</html>", "text/html")
            else:
                self._answer(200, pet(7))
        elif path.startswith("/api/pets/"):
            self._answer(404, {"code": 404, "message": "no such pet"})
        elif path == "/openapi.yaml":
            with open(os.path.join(FOLDER, "document")) as named, open(named.read().strip(), "rb") as document:
                self._answer(200, document.read(), "application/yaml")
        else:
            self._answer(404, {"code": 404, "message": "not found"})

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
