#!/usr/bin/env python3
"""Opens COUNT connections to HOST:PORT at once, each sending half a request and nothing more,
holds them HOLD seconds, then prints how many connected and how many the server closed, as JSON.
With OPEN_AT_MOST, after HOLD it waits (at most 60 s more) until no more than that many are still
open: a loaded machine accepts the backlog more slowly, and what is measured is that the server
closes them, not how fast."""
import json, resource, selectors, socket, sys, time

host, port, count, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
open_at_most = int(sys.argv[5]) if len(sys.argv) > 5 else None
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, count + 100), max(hard, count + 100)))
sockets = []
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.connect_ex((host, port))
    sockets.append(s)
selector = selectors.DefaultSelector()
for s in sockets:
    selector.register(s, selectors.EVENT_WRITE)
connected, closed, sent = 0, 0, set()
start = time.monotonic()
def waiting():
    now = time.monotonic()
    if now < start + hold:
        return True
    settled = len(sent) == count and connected - closed <= open_at_most if open_at_most is not None else True
    return not settled and now < start + hold + 60
while waiting():
    for key, events in selector.select(timeout=0.2):
        s = key.fileobj
        if s not in sent:
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                try:
                    s.send(b"GET /metrics HTTP/1.1\r\nX-Half: ")
                    connected += 1
                except OSError:
                    pass
            sent.add(s)
            selector.modify(s, selectors.EVENT_READ)
        else:
            try:
                if s.recv(4096) == b"":
                    closed += 1
                    selector.unregister(s)
            except OSError:
                closed += 1
                selector.unregister(s)
print(json.dumps({"connected": connected, "closed_by_server": closed}))
for s in sockets:
    s.close()
