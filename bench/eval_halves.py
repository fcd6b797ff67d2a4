#!/usr/bin/env python3
"""A `bahth eval --json` result split into a tuning half and a held-out half.

    bench/eval_halves.py QUERIES EVAL_JSON [EVAL_JSON...]

QUERIES is the topics file the evaluation ran (`qid<TAB>query`); its rows 1, 3, 5... are the
first half (tune on it), rows 2, 4, 6... the second (report it beside, untouched), the split
bench/HISTORY.md uses for ARCD and the known-item sets of bench/known_item_sets.py. Prints one
line a JSON: MRR@10 of all the queries, then of each half. With two JSONs or more, the queries
whose first relevant rank differs from the first JSON's are listed under each line (rank 0: not
in the results), so that a change's gain can be read query by query.
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        result = json.load(f)
    key = next(k for k in result["metrics"] if k.lower().startswith("mrr"))
    return key, result["per_query"]


def mean(values):
    return sum(values) / len(values) if values else float("nan")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        qids = [line.split("\t", 1)[0] for line in f if line.strip()]
    first_run = None
    for path in sys.argv[2:]:
        key, per_query = load(path)
        asked = [q for q in qids if q in per_query]
        if not asked:
            sys.exit(f"{path}: none of the queries of {sys.argv[1]} was evaluated")
        scores = [per_query[q][key] for q in asked]
        print(f"{path}: {key} {mean(scores):.4f} (first half {mean(scores[0::2]):.4f}, "
              f"second half {mean(scores[1::2]):.4f}; {len(asked)} queries)")
        ranks = {q: per_query[q]["first_relevant_rank"] or 0 for q in asked}
        if first_run is None:
            first_run = ranks
            continue
        moved = [(q, first_run[q], ranks[q]) for q in asked
                 if q in first_run and ranks[q] != first_run[q]]
        for q, before, after in moved:
            half = "first" if qids.index(q) % 2 == 0 else "second"
            print(f"  {q} ({half} half): {before} -> {after}")


if __name__ == "__main__":
    main()
