#!/usr/bin/env bash
# Kills `bahth serve` at every fdatasync (and rename) its writes make, one kill per run, while a
# client PUTs articles one after another; checks that every write answered 201 before the kill is
# in the index afterwards, that xapian-check passes, and that a restarted server takes writes.
# tests/serve/serve_crash_test.cc tries a few points; this tries them all.
#   scripts/serve_crash_sweep.sh [BAHTH] [WRITES]     (defaults: build/release/bahth, 8)
set -euo pipefail
bahth=$(realpath "${1:-build/release/bahth}")
writes=${2:-8}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
key=write-key-0123456789abcdef
printf 'write %s\n' "$key" >"$work/keys"
chmod 600 "$work/keys"
printf '{"id": "seed/1", "title": "خبر", "body": "نص الخبر"}\n' >"$work/seed.jsonl"

port_of() {  # waits for the "listening on" line in $1 (up to 60 s: a loaded machine is slow)
  for _ in $(seq 1200); do
    if grep -q listening "$1" 2>/dev/null; then sed -n 's/.*:\([0-9]*\)\/$/\1/p' "$1"; return; fi
    sleep 0.05
  done
}

points=0 kills=0 acked_total=0 lost=0 unsound=0
for call in fdatasync rename; do
  for n in $(seq 1 200); do
    rm -rf "$work/db" "$work/db.bahth-"*
    "$bahth" index --quiet --db "$work/db" "$work/seed.jsonl"
    strace -f -qq -o /dev/null -e trace=$call -e inject=$call:signal=KILL:when=$n \
      "$bahth" serve --port 0 --db "$work/db" --keys "$work/keys" --access-log off \
      --commit-interval 0 >"$work/out" 2>"$work/err" &
    tracer=$!
    port=$(port_of "$work/out")
    acked=()
    if [ -n "$port" ]; then
      for i in $(seq 1 "$writes"); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $key" \
          --data "{\"title\": \"عنوان $i\", \"body\": \"نص المقال رقم $i\"}" \
          "http://127.0.0.1:$port/api/articles/crash/$i" || true)
        [ "$code" = 201 ] || break
        acked+=("crash/$i")
      done
    fi
    # Killed by the injection, or still alive (the Nth call never came): then stop it.
    killed=1
    child=$(cat /proc/$tracer/task/$tracer/children 2>/dev/null || true)
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
      sleep 0.5  # a kill under way (the answer came back before the sync of the passes)
      child=$(cat /proc/$tracer/task/$tracer/children 2>/dev/null || true)
    fi
    if [ -n "$child" ]; then
      [ ${#acked[@]} -eq "$writes" ] || { unsound=$((unsound + 1)); echo "WRITE FAILED, NO KILL ($call #$n)"; }
      kill -TERM $child 2>/dev/null || true
    fi
    status=0
    wait "$tracer" || status=$?
    # Killed at last (also while draining on SIGTERM: the end passes run at the stop), or not.
    [ "$status" = $((128 + 9)) ] || killed=0
    points=$((points + 1))
    acked_total=$((acked_total + ${#acked[@]}))
    for id in "${acked[@]}"; do
      "$bahth" show --db "$work/db" "$id" >/dev/null 2>&1 || { lost=$((lost + 1)); echo "LOST $id ($call #$n)"; }
    done
    xapian-check "$work/db" >/dev/null 2>&1 || { unsound=$((unsound + 1)); echo "UNSOUND ($call #$n)"; }
    "$bahth" serve --port 0 --db "$work/db" --keys "$work/keys" --access-log off >"$work/out2" 2>&1 &
    server=$!
    port=$(port_of "$work/out2")
    code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $key" \
      --data '{"title": "بعد", "body": "بعد"}' "http://127.0.0.1:$port/api/articles/after" || true)
    kill -TERM "$server"; wait "$server" || true
    [ "$code" = 201 ] || { unsound=$((unsound + 1)); echo "NO WRITE AFTER RESTART ($call #$n): $code"; }
    [ "$killed" = 1 ] || break
    kills=$((kills + 1))
  done
done
echo "kill points: $kills (of $points runs); writes acknowledged before the kills: $acked_total;" \
  "lost: $lost; unsound or refusing writes after: $unsound"
[ "$lost" = 0 ] && [ "$unsound" = 0 ]
