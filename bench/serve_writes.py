#!/usr/bin/env python3
"""Writes over HTTP on `bahth serve`, loopback only, bounded durations (issue 26).

  1. latency of one PUT (wait=true: answered once committed), one after another, with the
     default --commit-interval (100 ms) and with --commit-interval 0;
  2. throughput of POST /api/articles with 100 articles (JSON Lines) a request;
  3. p50/p99 of /api/search over bench/queries.txt (2 client threads, closed loop, in a process
     of their own; SEARCH_RATE=R: R searches a second on schedule, open loop; also the server's
     took_ms, the search alone) for SECONDS without writes, then for INGEST_SECONDS while 10
     PUTs a second are sent on schedule, each whatever became of the earlier ones (open loop,
     up to 16 under way; each article new, with a unique word), then SECONDS without writes
     again (the two quiet windows are the noise band); for each write, the time from its
     answer to the first search finding it (polled every 25 ms);
  4. the top 10 of each query before and after the ingest, new articles aside (each a copy of
     an indexed one: a copy may stand for its original's group); then, the server stopped, the
     same against the index after `bahth index --rebuild-passes` (every end pass redone over the
     whole index): what the live passes left out.

  bench/serve_writes.py BAHTH DB [SECONDS] [INGEST_SECONDS]     (defaults 30, 60)
  INGEST_ONLY=1: only 3 and 4.  PUT_ONLY=1: only 1 and 2.
  SERVE_ARGS="--commit-interval 500 ...": options given to every `bahth serve` started.
  ACCESS_LOG=FILE: the servers' access log; the searches' times in the server (from the request
  read to its answer ready: a worker's queue included, the client's own CPU not) are then shown.

The server runs in a session of its own (see Server). DB is an index built beforehand (it is
written to: use a copy). The articles written are the
index's own, under new ids, read back with `bahth show --json`.
"""
import concurrent.futures
import http.client
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

KEY = "bench-write-key-0123456789abcdef"
HEADERS = {"Authorization": "Bearer " + KEY}


def quantile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


SERVERS = []


class Server:
    def __init__(self, bahth, db, keys, extra):
        self.proc = subprocess.Popen(
            [bahth, "serve", "--port", "0", "--db", db, "--keys", keys, "--threads", "2",
             "--access-log", os.environ.get("ACCESS_LOG", "off")]
            + os.environ.get("SERVE_ARGS", "").split() + extra,
            # A session of its own: where the kernel groups a session's threads for the CPU
            # (autogroup), the clients' Python is not taken out of the server's share, as when
            # they run on other machines.
            stdout=subprocess.PIPE, text=True, start_new_session=True)
        line = self.proc.stdout.readline()
        self.port = int(line.rstrip().rstrip("/").rsplit(":", 1)[1])
        SERVERS.append(self)

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def cpu_ms(self):
        """The server's CPU so far (user + system, all its threads; the kernel counts in ticks)."""
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(timeout=60)


def request(conn, method, path, body=None):
    start = time.perf_counter()
    for attempt in range(2):
        try:
            conn.request(method, path, body=body, headers=HEADERS)
            res = conn.getresponse()
            break
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed a connection idle past its keep-alive time (2 s) or after its
            # 100 requests: open another (a PUT is idempotent).
            conn.close()
            if attempt == 1:
                raise
            start = time.perf_counter()
    data = res.read()
    return res.status, data, time.perf_counter() - start


def articles(bahth, db, n):
    """n articles of the index (ids from a search), as JSON objects."""
    out = subprocess.run([bahth, "search", "--db", db, "--json", "-n", str(n), "في"],
                         capture_output=True, text=True, check=True)
    ids = [hit["id"] for hit in json.loads(out.stdout)["results"]]
    shown = subprocess.run([bahth, "show", "--db", db, "--json"] + ids,
                           capture_output=True, text=True, check=True)
    return [json.loads(line) for line in shown.stdout.splitlines() if line.strip()]


def put_latency(server, pool, label, count=20):
    conn = server.connection()
    times = []
    cpu_start = server.cpu_ms()
    for i in range(count):
        article = dict(pool[i % len(pool)])
        article.pop("id", None)
        status, body, seconds = request(conn, "PUT", f"/api/articles/bench-{label}-{i}",
                                        json.dumps(article, ensure_ascii=False).encode())
        assert status == 201, (status, body)
        times.append(seconds * 1000)
    print(f"PUT one article ({label}): median {statistics.median(times):.1f} ms, "
          f"p90 {quantile(times, 0.9):.1f} ms, min {min(times):.1f} ms over {count}; "
          f"server CPU {(server.cpu_ms() - cpu_start) / count:.1f} ms a PUT")


def post_throughput(server, pool, batches=5):
    conn = server.connection()
    rates = []
    cpus = []
    for b in range(batches):
        cpu_start = server.cpu_ms()
        lines = []
        for i, article in enumerate(pool[:100]):
            article = dict(article)
            article["id"] = f"bench-post-{b}-{i}"
            lines.append(json.dumps(article, ensure_ascii=False))
        status, body, seconds = request(conn, "POST", "/api/articles",
                                        ("\n".join(lines) + "\n").encode())
        assert status == 200, (status, body)
        assert json.loads(body)["added"] == 100, body
        rates.append(100 / seconds)
        cpus.append(server.cpu_ms() - cpu_start)
        print(f"POST 100 articles: {seconds * 1000:.0f} ms ({100 / seconds:.0f} articles/s), "
              f"server CPU {cpus[-1]:.0f} ms")
    print(f"POST 100: median {statistics.median(rates):.0f} articles/s, "
          f"server CPU median {statistics.median(cpus):.0f} ms a request")


def search_load(port, queries, seconds, out, took):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = random.randrange(len(queries))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        q = queries[i % len(queries)]
        i += 1
        search_once(conn, q, out, took)


def search_once(conn, q, out, took):
    path = "/api/search?limit=10&q=" + urllib_quote(q)
    status, data, t = request(conn, "GET", path)
    assert status == 200
    out.append(t * 1000)
    took.append(json.loads(data)["took_ms"])


def paced_search_load(port, queries, seconds, rate, out, took):
    """Search n is sent at n/rate s from the start, whatever became of the earlier ones (open
    loop, as a site's readers arrive): a load that leaves the CPU room, unlike the closed loop,
    which keeps both cores busy so that any write must take time from the searches."""
    local = threading.local()
    start = time.monotonic()

    def one(n):
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        target = start + n / rate
        now = time.monotonic()
        if target > now:
            time.sleep(target - now)
        search_once(local.conn, queries[n % len(queries)], out, took)

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as workers:
        for future in [workers.submit(one, n) for n in range(int(seconds * rate))]:
            future.result()


def urllib_quote(text):
    from urllib.parse import quote
    return quote(text)


def search_process(port, queries, seconds, pipe):
    """The search clients, in a process of their own: the writers' threads (and their Python)
    would otherwise hold the searches' GIL, which the latencies measured would count. Two
    clients in a closed loop, or SEARCH_RATE searches a second on schedule."""
    rate = float(os.environ.get("SEARCH_RATE", "0"))
    if rate > 0:
        times, took = [], []
        paced_search_load(port, queries, seconds, rate, times, took)
        pipe.send((times, took))
        pipe.close()
        return
    results = [([], []), ([], [])]
    threads = [threading.Thread(target=search_load,
                                args=(port, queries, seconds) + results[k]) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pipe.send((results[0][0] + results[1][0], results[0][1] + results[1][1]))
    pipe.close()


def logged_search_ms(start):
    """The ms of the searches of bench's clients (limit=10) logged since offset `start`."""
    with open(os.environ["ACCESS_LOG"], encoding="utf-8") as log:
        log.seek(start)
        lines = [json.loads(line) for line in log if line.strip()]
    return [line["ms"] for line in lines
            if line["path"].startswith("/api/search?limit=10&")]


def log_offset():
    return os.path.getsize(os.environ["ACCESS_LOG"]) if os.environ.get("ACCESS_LOG") else 0


def report_logged(label, start):
    if os.environ.get("ACCESS_LOG"):
        ms = logged_search_ms(start)
        print(f"  {label} in the server (access log): p50 {quantile(ms, 0.5):.2f} ms, "
              f"p99 {quantile(ms, 0.99):.2f} ms over {len(ms)}")


def report_window(label, seconds, times, took, offset):
    """One window's searches: the client's times, the server's took_ms, and the access log's."""
    print(f"search, {label}, {seconds:.0f} s: {len(times)} searches, "
          f"p50 {quantile(times, 0.5):.1f} ms, p99 {quantile(times, 0.99):.1f} ms "
          f"(took_ms p50 {quantile(took, 0.5)}, p99 {quantile(took, 0.99)})")
    report_logged(label, offset)


def searches(server, queries, seconds, writer=None):
    """Client-side latencies (ms) of the searches, and the server's own took_ms."""
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=search_process, args=(server.port, queries, seconds, send))
    process.start()
    if writer:
        writer()
    times, took = receive.recv()
    process.join()
    return times, took


def top10(server, queries):
    conn = server.connection()
    out = {}
    for q in queries:
        status, data, _ = request(conn, "GET", "/api/search?limit=10&q=" + urllib_quote(q))
        assert status == 200, (status, data)
        out[q] = [hit["id"] for hit in json.loads(data)["results"]]
    return out


def compare_top10(before, after, copy_of):
    """Queries whose top 10 after the ingest is the one before with new articles put in; a new
    article in place of its own original (the copy folded with it) counts as the same."""
    same, changed = 0, []
    for q, ids in before.items():
        old = [i for i in after[q] if not i.startswith("live-")]
        originals = [copy_of[i] for i in after[q] if i.startswith("live-")]
        expected = [i for i in ids if i not in originals][:len(old)]
        if old == expected:
            same += 1
        else:
            changed.append((q, ids, after[q]))
    return same, changed


def report_top10(label, compared):
    same, changed = compared
    reordered = [c for c in changed if set(c[1]) == set(c[2])]
    print(f"{label}: {same} of {same + len(changed)} queries the same, {len(reordered)} the same "
          f"articles in another order, {len(changed) - len(reordered)} with other articles")
    for q, old, new in changed:
        moved = ", ".join(f"{old.index(i) + 1}->{new.index(i) + 1}" for i in new
                          if i in old and old.index(i) != new.index(i))
        print(f"  {q}: in {[i for i in new if i not in old]}, out {[i for i in old if i not in new]}, "
              f"moved {moved}")


def ingest(server, pool, seconds, answers, visible, copy_of):
    """PUT n is sent at n/10 s from the start whatever became of the others (open loop, as
    independent publishers would send them), each on a connection of its own thread."""
    local = threading.local()
    start = time.monotonic()
    lock = threading.Lock()

    def put(n):
        if not hasattr(local, "conn"):
            local.conn, local.search_conn = server.connection(), server.connection()
        target = start + n / 10
        now = time.monotonic()
        if target > now:
            time.sleep(target - now)
        article = dict(pool[n % len(pool)])
        original = article.pop("id", None)
        token = f"livetoken{n}x"
        article["body"] = article.get("body", "") + " " + token
        status, body, seconds_taken = request(
            local.conn, "PUT", f"/api/articles/live-{n}",
            json.dumps(article, ensure_ascii=False).encode())
        assert status == 201, (status, body)
        answered = time.perf_counter()
        seen = float("inf")
        for _ in range(300):
            status, data, _ = request(local.search_conn, "GET", "/api/search?limit=1&q=" + token)
            if status == 200 and json.loads(data)["total"] > 0:
                seen = (time.perf_counter() - answered) * 1000
                break
            # Every 25 ms: finer polling is itself a load of up to 200 searches a second
            # that the windows without writes do not carry.
            time.sleep(0.025)
        with lock:
            copy_of[f"live-{n}"] = original
            answers.append(seconds_taken * 1000)
            visible.append(seen)

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as workers:
        for future in [workers.submit(put, n) for n in range(int(seconds * 10))]:
            future.result()


def cli_top10(bahth, db, queries):
    out = {}
    for q in queries:
        shown = subprocess.run([bahth, "search", "--db", db, "--json", "-n", "10", q],
                               capture_output=True, text=True, check=True)
        out[q] = [hit["id"] for hit in json.loads(shown.stdout)["results"]]
    return out


def main():
    bahth, db = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 30
    ingest_seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 60
    here = os.path.dirname(os.path.abspath(__file__))
    queries = [q.strip() for q in open(os.path.join(here, "queries.txt"), encoding="utf-8")
               if q.strip() and not q.startswith("#")]
    work = tempfile.mkdtemp()
    try:
        keys = os.path.join(work, "keys")
        with open(keys, "w") as f:
            f.write(f"write {KEY}\n")
        os.chmod(keys, 0o600)
        pool = articles(bahth, db, 200)
        print(f"{len(pool)} articles to write, from the index")
        phases = () if os.environ.get("INGEST_ONLY") else (
            ("commit-interval 100 ms", []), ("commit-interval 0", ["--commit-interval", "0"]))
        for label, extra in phases:
            server = Server(bahth, db, keys, extra)
            put_latency(server, pool, label.replace(" ", "-"))
            if not extra:
                post_throughput(server, pool)
            server.stop()
        if os.environ.get("PUT_ONLY"):
            return
        server = Server(bahth, db, keys, [])
        offset = log_offset()
        idle, idle_took = searches(server, queries, seconds)
        report_window("no writes", seconds, idle, idle_took, offset)
        before = top10(server, queries)
        answers, visible, copy_of = [], [], {}
        started = time.monotonic()
        offset = log_offset()
        busy, busy_took = searches(server, queries, ingest_seconds,
                        writer=lambda: ingest(server, pool, ingest_seconds, answers, visible,
                                              copy_of))
        ingest_wall = time.monotonic() - started
        report_window("ingest 10 articles/s", ingest_seconds, busy, busy_took, offset)
        # A second window without writes, after the ingest's end passes have settled: the two
        # windows without writes are the noise band the ingest's figures are read against.
        time.sleep(5)
        offset = log_offset()
        idle2, idle2_took = searches(server, queries, seconds)
        report_window("no writes again", seconds, idle2, idle2_took, offset)
        print(f"ingest: {len(answers)} PUTs answered, p50 {quantile(answers, 0.5):.0f} ms, "
              f"p99 {quantile(answers, 0.99):.0f} ms, max {max(answers):.0f} ms")
        print(f"answer -> searchable: p50 {quantile(visible, 0.5):.1f} ms, "
              f"p99 {quantile(visible, 0.99):.1f} ms, max {max(visible):.1f} ms "
              f"(over 1 s: {sum(1 for v in visible if v > 1000)})")
        print(f"ingest: {len(answers)} PUTs in {ingest_wall:.1f} s "
              f"({len(answers) / ingest_wall:.1f}/s)")
        # The writer's end passes run once writes pause (250 ms) and take seconds: read the top
        # 10 again until two readings 2 s apart agree (at most 30 s).
        after = top10(server, queries)
        for _ in range(15):
            time.sleep(2)
            again = top10(server, queries)
            if again == after:
                break
            after = again
        report_top10("top 10 before and after the ingest, new articles aside",
                     compare_top10(before, after, copy_of))
        print(f"server exit status on SIGTERM: {server.stop()}")
        # The control: the same index with every end pass redone over the whole of it, as a
        # batch build would leave it. What differs is what the live passes left out.
        subprocess.run([bahth, "index", "-q", "--db", db, "--rebuild-passes"], check=True)
        full = cli_top10(bahth, db, queries)
        report_top10("top 10 after the ingest against the same index after --rebuild-passes",
                     compare_top10(full, after, {}))
    finally:
        for server in SERVERS:  # those a failure left running
            if server.proc.poll() is None:
                server.proc.kill()
                server.proc.wait()
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
