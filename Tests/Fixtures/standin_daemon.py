#!/usr/bin/python3
"""A stand-in for a running vigil daemon, for `vigil status` and `vigil resume` tests.

Started through a symlink named `vigil` (so its comm is `vigil`), it writes
RUNTIME_DIR/status.json naming its own pid with PLAN stopped on database:main, then on
each SIGUSR1 takes RUNTIME_DIR/resume/* (removing the files), prints `took NAME` and
rewrites status.json with the plan armed again. With `deaf` it ignores SIGUSR1.

usage: vigil RUNTIME_DIR PLAN [deaf]
"""
import json
import os
import signal
import sys
import time

runtime_dir, plan = sys.argv[1], sys.argv[2]
deaf = len(sys.argv) > 3 and sys.argv[3] == "deaf"
started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def write_status(stopped):
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    document = {
        "overall": "CRITICAL",
        "timestamp": now,
        "checks": [{"name": "database", "kind": "postgres", "status": "CRITICAL",
                    "message": "connection refused", "durationMs": 1.5, "metrics": {}}],
        "summary": {"total": 1, "healthy": 0, "warning": 0, "critical": 1, "unknown": 0},
        "decisions": {
            "checks": [{"name": "database", "confirmed": "CRITICAL", "stateType": "HARD",
                        "since": started, "flapping": False, "flapPercent": 0}],
            "plans": [{"plan": plan, "target": "database:main", "mode": "enforce",
                       "budgetLeft": 0 if stopped else 3, "maxAttempts": 3,
                       "stoppedSince": started if stopped else None}],
        },
        "daemon": {"pid": os.getpid(), "version": "0.1.0", "startedAt": started},
    }
    temporary = os.path.join(runtime_dir, ".status.json.standin.tmp")
    with open(temporary, "w") as file:
        json.dump(document, file)
    os.rename(temporary, os.path.join(runtime_dir, "status.json"))


def take(number, frame):
    folder = os.path.join(runtime_dir, "resume")
    for name in sorted(os.listdir(folder)):
        if name.startswith("."):
            continue
        os.unlink(os.path.join(folder, name))
        print("took " + name, flush=True)
    write_status(stopped=False)


os.makedirs(runtime_dir, exist_ok=True)
write_status(stopped=True)
signal.signal(signal.SIGUSR1, (lambda number, frame: None) if deaf else take)
# A spawned child inherits its parent's signal mask; a daemon must not depend on it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1})
print("ready", flush=True)
while True:
    signal.pause()
