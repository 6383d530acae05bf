#!/usr/bin/env python3
"""Sends N GET requests one after another on one keep-alive connection; exits non-zero on
a failed or non-200 answer. Used for fixed-count runs (callgrind)."""
import socket, sys

port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port), timeout=30)
req = b"GET /bench HTTP/1.1\r\nHost: bench\r\n\r\n"
buf = b""
for i in range(n):
    s.sendall(req)
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d: sys.exit("closed")
        buf += d
    head, _, buf = buf.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"): sys.exit("bad status: %r" % head[:40])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length": length = int(v)
    while len(buf) < length:
        d = s.recv(65536)
        if not d: sys.exit("closed mid-body")
        buf += d
    buf = buf[length:]
print("ok", n)
