#!/usr/bin/env python3
"""Opens N keep-alive connections to a proxy, sends one request on each, reads the
answer and keeps the sockets open; prints 'ready N' and waits for stdin to close.

    idle_conns.py PORT N [PID]

With PID (the proxy process), it also prints that process's RSS before and after and the
delta per idle connection, on stderr (bench/proxy.sh measures around it instead)."""
import socket, sys, time

port, n = int(sys.argv[1]), int(sys.argv[2])
pid = int(sys.argv[3]) if len(sys.argv) > 3 else None


def rss_kib(p):
    with open(f"/proc/{p}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


before = rss_kib(pid) if pid else 0
socks = []
req = b"GET /idle HTTP/1.1\r\nHost: bench\r\n\r\n"
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(req)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit(f"connection {i}: closed before a response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    while len(body) < length:
        chunk = s.recv(4096)
        if not chunk:
            break
        body += chunk
    socks.append(s)
if pid:
    time.sleep(1)
    after = rss_kib(pid)
    print(f"RSS before {before} KiB, with {n} idle {after} KiB: {(after - before) / n:.3f} KiB per idle connection",
          file=sys.stderr, flush=True)
print("ready", len(socks), flush=True)
sys.stdin.read()
