#!/usr/bin/env python3
"""Writes the three known-item sets of issue 28 (bench/HISTORY.md) as `bahth eval` input.

    bench/known_item_sets.py BBC_JSONL_GZ OUT_DIR

Each is 500 BBC Arabic articles, a query that should find its own article over both corpora:
  ki  the summaries of bench/relevance.sh (random.Random(20180218) over the articles with a
      summary, sorted by id): the "bench" set;
  hs  500 other summaries (random.Random(28) over the rest): "held-out summaries";
  hl  the first body line, when it has 8 words or more (random.Random(2828) over every article
      with such a line, sorted by id): "held-out leads".
Writes OUT_DIR/{ki,hs,hl}_queries.tsv and _qrels.tsv. c242612 scores 0.9564 / 0.9433 / 0.9797 on
them (MRR@10, folded), the first two as HISTORY.md recorded for the sets it measured.
"""
import gzip
import json
import os
import random
import sys


def write(out_dir, name, pairs):
    with open(os.path.join(out_dir, f"{name}_queries.tsv"), "w", encoding="utf-8") as q, \
            open(os.path.join(out_dir, f"{name}_qrels.tsv"), "w", encoding="utf-8") as j:
        for n, (text, article_id) in enumerate(pairs, 1):
            qid = f"{name}{n:04d}"
            q.write(f"{qid}\t{' '.join(text.split())}\n")  # one line, no tabs
            j.write(f"{qid} 0 {article_id} 1\n")


def main():
    source, out_dir = sys.argv[1:3]
    with gzip.open(source, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    summarized = sorted((r for r in rows if (r.get("summary") or "").strip() and r.get("id")),
                        key=lambda r: r["id"])
    bench = random.Random(20180218).sample(summarized, min(500, len(summarized)))
    write(out_dir, "ki", [(r["summary"], r["id"]) for r in bench])
    in_bench = {r["id"] for r in bench}
    rest = [r for r in summarized if r["id"] not in in_bench]
    write(out_dir, "hs", [(r["summary"], r["id"]) for r in random.Random(28).sample(rest, 500)])
    leads = []
    for r in sorted((r for r in rows if r.get("id") and (r.get("body") or "").strip()),
                    key=lambda r: r["id"]):
        first = next((line for line in r["body"].split("\n") if line.strip()), "")
        if len(first.split()) >= 8:
            leads.append((first, r["id"]))
    write(out_dir, "hl", random.Random(2828).sample(leads, 500))


if __name__ == "__main__":
    main()
