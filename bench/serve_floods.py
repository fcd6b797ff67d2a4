#!/usr/bin/env python3
"""Hostile clients against `bahth serve` (issue 25), loopback only, each flood bounded in time:
the server's peak RSS (VmHWM) under each flood, and how long a new client waits for /healthz
while 100 connections trickle their requests.

  bench/serve_floods.py BAHTH_BINARY INDEX_DIR

Each flood gets a fresh server (--threads 2), so each peak is that flood's. The write floods
start it with a write key (a key file in /tmp): it opens INDEX_DIR for writing, though nothing is
written (give a copy).
"""
import os, re, socket, subprocess, sys, threading, time

bahth, db = sys.argv[1], sys.argv[2]


WRITE_KEY = "flood-write-key-0123456789abcdef"


def start(writes=False):
    args = [bahth, "serve", "--db", db, "--threads", "2", "--port", "0"]
    if writes:
        keys = f"/tmp/serve_floods_keys.{os.getpid()}"
        with open(os.open(keys, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(f"write {WRITE_KEY}\n")
        args += ["--keys", keys]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    port = int(re.search(r":(\d+)/", line).group(1))
    if writes:
        os.unlink(keys)  # read at the start: listening means it is read
    return proc, port


def peak_mib(proc):
    with open(f"/proc/{proc.pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) / 1024


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return s


def send_all(s, data):
    try:
        s.sendall(data)
        return True
    except OSError:
        return False


def read_all(s, limit_s=30):
    s.settimeout(limit_s)
    out = bytearray()
    deadline = time.time() + limit_s
    try:
        while time.time() < deadline:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            out += chunk
    except OSError:
        pass
    return bytes(out)


def header_line_flood(port):
    """One 256 MB header line."""
    s = connect(port)
    send_all(s, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ")
    block = b"a" * (1 << 20)
    for _ in range(256):
        if not send_all(s, block):
            break
    send_all(s, b"\r\n\r\n")
    answer = read_all(s, 20)
    s.close()
    return answer[:12].decode(errors="replace")


def header_count_flood(port):
    """32,768 header lines of 8 KB."""
    s = connect(port)
    send_all(s, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    line = b"X-Flood: " + b"a" * 8000 + b"\r\n"
    for _ in range(32768 // 64):
        if not send_all(s, line * 64):
            break
    send_all(s, b"\r\n")
    answer = read_all(s, 20)
    s.close()
    return answer[:12].decode(errors="replace")


def range_flood(port):
    """150 ranges of a large search answer, on 4 connections."""
    q = "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"  # سوريا
    req = (f"GET /api/search?q={q}&limit=2000 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           f"Range: bytes=0-{',0-' * 149}\r\nConnection: close\r\n\r\n").encode()
    sizes = []
    socks = [connect(port) for _ in range(4)]
    for s in socks:
        send_all(s, req)
    for s in socks:
        sizes.append(len(read_all(s, 60)))
        s.close()
    return f"answers of {max(sizes) / 1e6:.1f} MB"


def connection_flood(port):
    """1,000 connections each sending half a request, held 3 s."""
    socks = []
    for _ in range(1000):
        try:
            s = connect(port)
            send_all(s, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
            socks.append(s)
        except OSError:
            break
    time.sleep(3)
    for s in socks:
        s.close()
    return f"{len(socks)} connections"


def healthz_ms(port, bound):
    start = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=bound)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = read_all(s, bound)
        s.close()
        ok = answer.startswith(b"HTTP/1.1 200")
    except OSError:
        ok = False
    return (time.time() - start) * 1000, ok


def slowloris(port):
    """100 connections trickling a byte a second for 6 s; a new client's /healthz meanwhile."""
    socks = []
    for _ in range(100):
        s = connect(port)
        send_all(s, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)
    times = []
    end = time.time() + 6
    while time.time() < end:
        for s in socks:
            send_all(s, b"X")
        ms, ok = healthz_ms(port, 5)
        times.append(ms if ok else float("inf"))
        time.sleep(0.5)
    for s in socks:
        s.close()
    finite = [t for t in times if t != float("inf")]
    return (f"/healthz: {len(finite)}/{len(times)} answered within 5 s, worst "
            f"{max(finite):.0f} ms" if finite else f"/healthz: 0/{len(times)} answered within 5 s")


def post_body(port, body):
    """POST /api/articles with `body`; the status and the answer's size."""
    s = connect(port)
    send_all(s, (f"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 f"Authorization: Bearer {WRITE_KEY}\r\nContent-Length: {len(body)}\r\n"
                 f"Connection: close\r\n\r\n").encode() + body)
    answer = read_all(s, 120)
    s.close()
    return f"{answer[9:12].decode(errors='replace')}, answer of {len(answer) / 1e6:.1f} MB"


def bad_lines_post(port):
    """8 MiB of one-byte lines, each a bad article."""
    return post_body(port, b"x\n" * (4 << 20))


def many_articles_post(port):
    """200,000 short articles in one body (6.3 MB), the queue holding 10,000."""
    return post_body(port, b"".join(b'{"id":"m%d","title":"t"}\n' % i for i in range(200_000)))


def chunk_extension_flood(port):
    """A chunked body of 1-byte chunks with 4 KB extensions, sent as fast as read for 12 s."""
    s = connect(port)
    send_all(s, (f"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 f"Authorization: Bearer {WRITE_KEY}\r\nTransfer-Encoding: chunked\r\n\r\n")
             .encode())
    chunks = (b"1;" + b"e" * 4000 + b"\r\nx\r\n") * 100
    start_time, sent = time.time(), 0
    while time.time() - start_time < 12 and send_all(s, chunks):
        sent += len(chunks)
    took = time.time() - start_time
    s.close()
    return f"{sent / 1e6:.0f} MB read in {took:.1f} s"


print(f"| flood | peak RSS | note |\n|---|---|---|")
for name, flood in [("idle", lambda port: "no client"),
                    ("one 256 MB header line", header_line_flood),
                    ("32,768 header lines of 8 KB", header_count_flood),
                    ("150 ranges of a 2,000-result answer, 4 connections", range_flood),
                    ("1,000 half-sent requests", connection_flood),
                    ("slowloris: 100 trickling connections", slowloris),
                    ("write: 8 MiB of one-byte bad lines", bad_lines_post),
                    ("write: 200,000 short articles", many_articles_post),
                    ("write: chunk extensions as fast as read", chunk_extension_flood)]:
    proc, port = start(writes=name.startswith("write:"))
    time.sleep(0.3)
    note = flood(port)
    print(f"| {name} | {peak_mib(proc):.0f} MiB | {note} |", flush=True)
    t0 = time.time()
    stop(proc)
