#!/bin/bash
# CPU and wall time of the small runs a live index takes (issue #26): add 1 article, add 100,
# replace 1, delete 1, and a rerun that changes nothing, on a copy of a built index.
#
#   [ROUNDS=N] bench/live_updates.sh INDEX BAHTH [LABEL]
#
# CPU is user + system time (the system time includes the commits' copying into the page
# cache and their fsync). ROUNDS (default 1) repeats the runs, for a shared machine. INDEX is
# copied once per run (1.9 GB at 200,000 articles, and this file system has no reflinks), and
# before each later round the copy is given INDEX's bytes back, untimed: the blocks a round's
# commits changed are rewritten from INDEX (Xapian's glass tables write a commit into a few new
# blocks), files INDEX lacks removed. Every round so runs on the bytes of INDEX, as when each
# had a fresh copy, and their figures compare with each other and with earlier runs'. (Deleting
# what a round added would leave the articles but not the index: the changes counted since the
# spelling variants were learned add up, and a later round relearned them: bench/HISTORY.md,
# polish8.) INDEX is a built index (e.g. `bahth index --db /tmp/both
# ../shared/data/*.jsonl.gz`). add1 adds the BBC dump's first article under a new id (where the
# index holds the dump, a copy: a near-duplicate group forms); add1new an article of no group
# (that article's body words in reverse); add100 100 more copies under new ids; replace1
# replaces one of those (a correction appended), delete1 deletes another; delete1old deletes an
# article of INDEX as given (a newsroom retracting an old story): the BBC dump's first article
# where INDEX holds it, else the best article of a search for في read before the rounds; it runs
# first in each round, and INDEX's bytes are given back after it (untimed), so every round deletes
# the same article and the other rows run on INDEX as before.
# A BAHTH without `delete` prints rc=2 for that row.
set -u
index=$1 bin=$2 label=${3:-$(basename "$bin")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/live_lib.sh"
live_inputs
cp -a "$index" "$work/db"
old_id=$(live_old_id "$bin" "$index")
for ((round = 1; round <= ${ROUNDS:-1}; ++round)); do
  ((round == 1)) || live_restore "$index" "$work/db"
  sync
  # First, on INDEX's bytes: after add1 and add100 (copies of the BBC dump's first 101 articles)
  # none of its words would leave the spelling table, the part of its cost an old story has.
  live_run delete1old "$bin" delete -q --db "$work/db" "$old_id"
  live_restore "$index" "$work/db"
  sync
  live_run add1 "$bin" index -q --db "$work/db" "$work/one.jsonl"
  live_run add1new "$bin" index -q --db "$work/db" "$work/new.jsonl"
  live_run add100 "$bin" index -q --db "$work/db" "$work/hundred.jsonl"
  live_run replace1 "$bin" index -q --db "$work/db" "$work/replace.jsonl"
  live_run delete1 "$bin" delete -q --db "$work/db" live-new-50
  live_run unchanged "$bin" index -q --db "$work/db" "$work/one.jsonl"
done
