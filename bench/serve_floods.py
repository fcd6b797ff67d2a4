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


SEARCH_FAILURES = []


def search_ms(port, bound=10):
    """A new client's search for سوريا: milliseconds, and whether it was answered 200."""
    start = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=bound)
        s.sendall(b"GET /api/search?q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7&limit=10 HTTP/1.1\r\n"
                  b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = read_all(s, bound)
        ok = answer.startswith(b"HTTP/1.1 200")
        s.close()
        if not ok:
            SEARCH_FAILURES.append(answer[9:12].decode(errors="replace") or "no answer")
    except OSError:
        ok = False
        SEARCH_FAILURES.append("refused")
    return (time.time() - start) * 1000, ok


def unread_answers(port, connections=500, pipelined=4, q="%D8%B3%D9%88%D8%B1%D9%8A%D8%A7",
                   limit=2000, hold_s=12):
    """Connections each asking for a large page (pipelined times) and never reading it, held
    12 s; a new client's search meanwhile."""
    req = f"GET /api/search?q={q}&limit={limit} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    socks = []
    for _ in range(connections):
        try:
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(10)
            s.connect(("127.0.0.1", port))
            send_all(s, req * pipelined)  # pipelined: the others wait behind the unread answer
            socks.append(s)
        except OSError:
            break
    times, statuses = [], {}
    end = time.time() + hold_s
    while time.time() < end:
        ms, ok = search_ms(port, 10)
        times.append(ms if ok else float("inf"))
        time.sleep(0.5)
    for s in socks:
        s.close()
    finite = [t for t in times if t != float("inf")]
    worst = f"worst {max(finite):.0f} ms" if finite else "none"
    counts = {f: SEARCH_FAILURES.count(f) for f in SEARCH_FAILURES}
    failures = (" (others: " + ", ".join(f"{n}× {f}" for f, n in counts.items()) + ")"
                if SEARCH_FAILURES else "")
    SEARCH_FAILURES.clear()
    return (f"{len(socks)} held {hold_s} s; a search every 0.5 s: {len(finite)}/{len(times)} "
            f"answered, {worst}{failures}")


def pipelined(port):
    """2,000 requests (/healthz and a search, alternated) in one send; answers counted."""
    q = "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"
    reqs = (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
            f"GET /api/search?q={q}&limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    s = connect(port)
    start_time = time.time()
    send_all(s, reqs * 1000)
    answer = read_all(s, 30)
    s.close()
    return (f"{answer.count(b'HTTP/1.1 200')} of 2,000 answered 200 in "
            f"{time.time() - start_time:.1f} s (then closed: per-connection cap)")


def chunk_sizes(port):
    """Chunked PUT bodies whose chunk size is 2^80, negative, not hex, or 2^64 - 1."""
    notes = []
    for size in [b"100000000000000000000", b"-1", b"zz", b"ffffffffffffffff"]:
        s = connect(port)
        send_all(s, (f"PUT /api/articles/c1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     f"Authorization: Bearer {WRITE_KEY}\r\nTransfer-Encoding: chunked\r\n\r\n")
                 .encode() + size + b"\r\n" + b"a" * 1000)
        answer = read_all(s, 8)
        s.close()
        notes.append(f"{size.decode()[:6]}: {answer[9:12].decode(errors='replace') or 'closed'}")
    return ", ".join(notes)


def put_flood(port):
    """?wait=false PUTs as fast as 8 keep-alive connections send them, for 10 s."""
    statuses, retry_after = {}, 0
    lock = threading.Lock()

    def client(c):
        nonlocal retry_after
        s = connect(port)
        s.settimeout(30)
        i, buf = 0, b""
        end = time.time() + 10
        while time.time() < end:
            body = (b'{"title":"\xd8\xae\xd8\xa8\xd8\xb1 %d","body":"\xd9\x86\xd8\xb5 %d"}'
                    % (i, i))
            try:
                s.sendall(f"PUT /api/articles/f{c}-{i}?wait=false HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          f"Authorization: Bearer {WRITE_KEY}\r\nContent-Length: {len(body)}"
                          f"\r\n\r\n".encode() + body)
                while b"\r\n\r\n" not in buf:
                    chunk = s.recv(65536)
                    if not chunk:
                        raise OSError("closed")
                    buf += chunk
            except OSError:
                s.close()
                s = connect(port)
                s.settimeout(30)
                buf = b""
                continue
            head, _, rest = buf.partition(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
            while len(rest) < length:
                rest += s.recv(65536)
            buf = rest[length:]
            status = head[9:12].decode()
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if b"Retry-After" in head:
                    retry_after += 1
            i += 1
        s.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())) +
            f"; {retry_after} with Retry-After")


def deep_json(port):
    """PUT of an article whose title is 1,000,000 nested arrays (1 MB)."""
    body = b'{"title":' + b"[" * 1_000_000 + b"]" * 1_000_000 + b"}"
    s = connect(port)
    send_all(s, (f"PUT /api/articles/deep HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 f"Authorization: Bearer {WRITE_KEY}\r\nContent-Length: {len(body)}"
                 f"\r\nConnection: close\r\n\r\n").encode() + body)
    answer = read_all(s, 20)
    s.close()
    body = answer.split(b"\r\n\r\n", 1)[-1][:90].decode(errors="replace")
    return f"{answer[9:12].decode(errors='replace')}: {body}"


def long_query(port):
    """A 10 MB query string."""
    s = connect(port)
    send_all(s, b"GET /api/search?q=" + b"a" * (10 << 20) + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = read_all(s, 20)
    s.close()
    return answer[:12].decode(errors="replace") or "closed"


FLOODS = [("idle", lambda port: "no client"),
          ("one 256 MB header line", header_line_flood),
          ("32,768 header lines of 8 KB", header_count_flood),
          ("150 ranges of a 2,000-result answer, 4 connections", range_flood),
          ("1,000 half-sent requests", connection_flood),
          ("slowloris: 100 trickling connections", slowloris),
          ("500 connections that never read a 2,000-result answer", unread_answers),
          ("30 connections that never read a 2.8 MB answer (الى, limit=10000), one each",
           lambda port: unread_answers(port, 30, 1, "%D8%A7%D9%84%D9%89", 10000, 30)),
          ("2,000 pipelined requests on one connection", pipelined),
          ("a 10 MB query string", long_query),
          ("write: 8 MiB of one-byte bad lines", bad_lines_post),
          ("write: 200,000 short articles", many_articles_post),
          ("write: chunk extensions as fast as read", chunk_extension_flood),
          ("write: bogus chunk sizes", chunk_sizes),
          ("write: ?wait=false PUTs from 8 clients for 10 s", put_flood),
          ("write: 1,000,000 nested arrays", deep_json)]

# Optional further arguments: words, one of which a flood's name must hold to be run.
wanted = sys.argv[3:]
print(f"| flood | peak RSS | note |\n|---|---|---|")
for name, flood in [(n, f) for n, f in FLOODS if not wanted or any(w in n for w in wanted)]:
    proc, port = start(writes=name.startswith("write:"))
    time.sleep(0.3)
    note = flood(port)
    print(f"| {name} | {peak_mib(proc):.0f} MiB | {note} |", flush=True)
    t0 = time.time()
    stop(proc)
