#!/bin/bash
# Xapian's own cost of adding a batch of articles into the index itself against into a small
# second database beside it (a "delta segment", as Lucene's segments), issue #26: the same
# documents, as bahth built them, added and committed by `xapian_add_floor`, CPU and wall.
#
#   [ROUNDS=N] [SEEDS="0 2000"] bench/segment_floor.sh SOURCE_DB ID_PREFIX INDEX [BUILD_DIR]
#
# SOURCE_DB holds the documents whose id starts with ID_PREFIX (e.g. an index that
# `bahth index` gave live_updates.sh's hundred.jsonl); INDEX is the index they would join (each
# round adds them to a fresh copy of it). Each SEEDS value N is a new database holding N other
# documents of SOURCE_DB first: 0 is an empty segment, 2000 one that took 20 batches already.
set -eu
source_db=$1 prefix=$2 index=$3 build=${4:-build/release}
floor=$build/bench/xapian_add_floor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ((round = 1; round <= ${ROUNDS:-3}; ++round)); do
  rm -rf "$work/big"
  cp -a "$index" "$work/big"
  sync
  echo "round $round, into a copy of the index: $("$floor" "$source_db" "$prefix" "$work/big")"
  for seed in ${SEEDS:-0 2000}; do
    rm -rf "$work/segment"
    echo "round $round, into a new segment of $seed: $("$floor" "$source_db" "$prefix" "$work/segment" --new "$seed")"
  done
done
