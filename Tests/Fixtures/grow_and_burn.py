"""A stand-in for a leaking, CPU-hungry worker (the seed's event replay): writes its pid to the
file named by argv[1], then, each second, keeps GROW_MB more megabytes (touched, so they are
resident) and burns a core, until killed or after 120 seconds."""
import os
import sys
import time

pid_file, grow_mb = sys.argv[1], int(os.environ.get("GROW_MB", "20"))
with open(pid_file + ".tmp", "w") as out:
    out.write(f"{os.getpid()}\n")
os.rename(pid_file + ".tmp", pid_file)
held = []
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    held.append(bytearray(b"x" * (grow_mb * 1_000_000)))
    started = time.monotonic()
    while time.monotonic() - started < 1:
        pass
