#!/usr/bin/env python3
"""One hostile client against `bahth serve`, and one polite client beside it (loopback only):
the polite client's latency (p50, p99, worst) and its answers by status, and what the flood got.

  bench/serve_fairness.py BAHTH_BINARY INDEX_DIR [SECONDS] [FLOOD_CONNECTIONS] [SERVE_ARGS...]

The flood: FLOOD_CONNECTIONS keep-alive connections from 127.0.0.1, each asking again as soon as
it has read its answer for a 2,000-result page (`limit=2000`, facets on, a common word). The
polite client: from 127.0.0.2 (another address to the server), one ordinary search (10 results)
every 100 ms on a new connection, each waited for at most 15 s. The server runs with
--threads 2 and the SERVE_ARGS given.
"""
import asyncio, multiprocessing, re, subprocess, sys, time, urllib.parse

bahth, db = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 30
flood_connections = int(sys.argv[4]) if len(sys.argv) > 4 else 500
serve_args = sys.argv[5:]

COSTLY = "/api/search?q=" + urllib.parse.quote("الى") + "&limit=2000&facets=1"
POLITE = ["سوريا", "مصر", "الانتخابات", "اللاجئين", "النفط", "كورونا", "ترامب", "القدس"]


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
    await reader.readexactly(length)
    closes = re.search(rb"(?i)connection: *close", head) is not None
    return status, closes


async def flood_one(port, stop_at, counts):
    request = f"GET {COSTLY} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    while time.monotonic() < stop_at:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            counts["refused"] = counts.get("refused", 0) + 1
            await asyncio.sleep(0.05)
            continue
        try:
            while time.monotonic() < stop_at:
                writer.write(request)
                status, closes = await asyncio.wait_for(read_response(reader), 30)
                counts[status] = counts.get(status, 0) + 1
                if closes:
                    break
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError):
            counts["cut"] = counts.get("cut", 0) + 1
        finally:
            writer.close()


async def polite_one(port, word, results):
    start = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.2", 0))
        query = urllib.parse.quote(word)
        writer.write(f"GET /api/search?q={query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Connection: close\r\n\r\n".encode())
        status, _ = await asyncio.wait_for(read_response(reader), 15)
        writer.close()
    except asyncio.TimeoutError:
        status = "timeout"
    except (OSError, asyncio.IncompleteReadError):
        status = "cut"
    results.append((status, time.monotonic() - start))


def flood_process(port, stop_at, queue):
    async def run():
        counts = {}
        await asyncio.gather(*[flood_one(port, stop_at, counts) for _ in range(flood_connections)])
        queue.put(counts)
    asyncio.run(run())


async def polite_all(port, stop_at):
    results, polite, i = [], [], 0
    while time.monotonic() < stop_at - 1:
        polite.append(asyncio.create_task(polite_one(port, POLITE[i % len(POLITE)], results)))
        i += 1
        await asyncio.sleep(0.1)
    await asyncio.gather(*polite)
    return results


def main():
    proc = subprocess.Popen([bahth, "serve", "--db", db, "--threads", "2", "--port", "0",
                             "--access-log", "off", *serve_args],
                            stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+)/", proc.stdout.readline()).group(1))
    stop_at = time.monotonic() + seconds
    # The flood in a process of its own: the polite client's times are the server's, not those
    # of an event loop shared with 500 connections.
    queue = multiprocessing.Queue()
    flood = multiprocessing.Process(target=flood_process, args=(port, stop_at, queue))
    if flood_connections > 0:
        flood.start()
        time.sleep(2)  # the flood under way
    results = asyncio.run(polite_all(port, stop_at))
    counts = queue.get() if flood_connections > 0 else {}
    if flood_connections > 0:
        flood.join()
    with open(f"/proc/{proc.pid}/status") as f:
        peak = int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) / 1024
    proc.terminate()
    proc.wait(timeout=30)
    ok = sorted(t for s, t in results if s == 200)
    by_status = {}
    for s, _ in results:
        by_status[s] = by_status.get(s, 0) + 1
    pct = lambda p: ok[min(len(ok) - 1, int(p * len(ok)))] * 1000 if ok else float("nan")
    print(f"polite: {len(results)} asked, {len(ok)} answered 200 "
          f"({100 * len(ok) / len(results):.1f}%); by status {by_status}; p50 {pct(0.5):.0f} ms, "
          f"p99 {pct(0.99):.0f} ms, worst {max(t for _, t in results) * 1000:.0f} ms")
    print(f"flood: {sum(counts.values())} answers/events {counts}; server peak {peak:.0f} MiB")


main()
