#!/usr/bin/env python3
"""Synthetic news articles for growth measurements (bench/growth.sh), made of real text.

    bench/synth_corpus.py N OUT.jsonl.gz [--seed S] [CORPUS.jsonl.gz ...]

Reads the corpora (default: both files of ../shared/data), keeps their titles and the
paragraphs of their bodies, and writes N articles: each takes a real title and as many real
paragraphs, drawn at random from the whole pool, as a real article of the corpora has (its
paragraph count is drawn from theirs), a new id (synth-000000...), a date uniform over
2010-01-01..2024-12-31 and a real section and source. The same N and seed give the same file.

What it does not reproduce: a real archive's vocabulary keeps growing with its size (new names,
new events); these articles reuse the corpora's words, so the term dictionary grows more slowly
than it would. Paragraphs repeat (200,000 articles from ~30,000), but the combination of
paragraphs in an article does not, so near-duplicate grouping finds few copies.
"""
import argparse
import datetime
import gzip
import json
import os
import random
import sys


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.path.join(here, "..", "..", "shared", "data")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("corpora", nargs="*", default=[
        os.path.join(shared, "bbc-arabic.jsonl.gz"),
        os.path.join(shared, "ant-other-arabic-news.jsonl.gz")])
    args = parser.parse_args()
    titles, paragraphs, shapes, sections = [], [], [], []
    for path in args.corpora:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                article = json.loads(line)
                body = [p for p in (article.get("body") or "").split("\n") if p.strip()]
                if not body or not article.get("title"):
                    continue
                titles.append(article["title"])
                paragraphs.extend(body)
                shapes.append(len(body))
                sections.append((article.get("section") or "", article.get("source") or ""))
    if not titles:
        print(f"no articles in {args.corpora}", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    first = datetime.date(2010, 1, 1).toordinal()
    days = datetime.date(2024, 12, 31).toordinal() - first + 1
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=1) as out:
        for i in range(args.n):
            date = datetime.date.fromordinal(first + rng.randrange(days))
            section, source = rng.choice(sections)
            body = "\n".join(rng.choice(paragraphs) for _ in range(rng.choice(shapes)))
            record = {
                "id": f"synth-{i:09d}",
                "url": f"https://example.org/synth/{i}",
                "title": rng.choice(titles),
                "date": f"{date.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z",
                "section": section,
                "source": source,
                "body": body,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
