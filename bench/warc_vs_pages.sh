#!/usr/bin/env bash
# The WARC reader's speed against the same pages read as files: the pages of
# bench/pages_vs_jsonl.sh (a JSON Lines corpus laid out as BBC Arabic's pages) written into a web
# archive as a crawler writes one (a request record, then the response with its HTTP headers,
# each page), plain and as .warc.gz (one gzip member a record); read_speed reads each (the
# readers alone), three rounds alternated. MB/s are of the bytes on disk.
# Usage: bench/warc_vs_pages.sh READ_SPEED_BINARY [CORPUS.jsonl.gz] [WORK_DIR]
set -euo pipefail
read_speed=$1
corpus=${2:-../shared/data/bbc-arabic.jsonl.gz}
work=${3:-$(mktemp -d)}
bash "$(dirname "$0")/pages_vs_jsonl.sh" "$read_speed" "$corpus" "$work" > /dev/null
python3 - "$work" <<'PY'
import gzip, os, sys
work = sys.argv[1]
names = sorted(os.listdir(f"{work}/pages"))
with open(f"{work}/crawl.warc", "wb") as plain, open(f"{work}/crawl.warc.gz", "wb") as packed:
    for n, name in enumerate(names):
        page = open(f"{work}/pages/{name}", "rb").read()
        uri = f"https://www.bbc.com/arabic/{n}"
        date = f"2018-10-15T10:{n // 60 % 60:02d}:{n % 60:02d}Z"
        request = f"GET /arabic/{n} HTTP/1.1\r\nHost: www.bbc.com\r\n\r\n".encode()
        response = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    f"Content-Length: {len(page)}\r\n\r\n").encode() + page
        for kind, block in (("request", request), ("response", response)):
            record = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
                      f"WARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{n:08d}-{kind}>\r\n"
                      f"Content-Type: application/http; msgtype={kind}\r\n"
                      f"Content-Length: {len(block)}\r\n\r\n").encode() + block + b"\r\n\r\n"
            plain.write(record)
            packed.write(gzip.compress(record, 6))
PY
echo "pages: $(du -sb "$work/pages" | cut -f1) bytes; warc: $(stat -c %s "$work/crawl.warc") bytes;" \
  "warc.gz: $(stat -c %s "$work/crawl.warc.gz") bytes"
for round in 1 2 3; do
  echo "round $round pages: $("$read_speed" "$work/pages")"
  echo "round $round warc: $("$read_speed" "$work/crawl.warc")"
  echo "round $round warc.gz: $("$read_speed" "$work/crawl.warc.gz")"
done
