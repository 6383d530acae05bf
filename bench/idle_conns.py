#!/usr/bin/env python3
"""Opens N keep-alive connections to a proxy, sends one request on each, reads the
answer and keeps the sockets open; prints 'ready' and waits for stdin to close."""
import socket, sys

port, n = int(sys.argv[1]), int(sys.argv[2])
socks = []
req = b"GET /idle HTTP/1.1\r\nHost: bench\r\n\r\n"
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(req)
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    while len(body) < length:
        body += s.recv(4096)
    socks.append(s)
print("ready", len(socks), flush=True)
sys.stdin.read()
