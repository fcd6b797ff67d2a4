#!/usr/bin/env bash
# The README's main job after setup: build, index the bundled data/ (300 BBC Arabic articles and
# the seed text-file article), then search it.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
bahth=build/release/bahth
db=build/demo-index
echo
echo "== bahth index --db $db data/bbc-arabic-sample.jsonl.gz data/seed"
"$bahth" index --db "$db" data/bbc-arabic-sample.jsonl.gz data/seed
echo
echo "== bahth search --db $db -n 3 'الهجمات الإلكترونية'"
"$bahth" search --db "$db" -n 3 'الهجمات الإلكترونية'
echo "== bahth search --db $db -n 3 --since 2018-06 'انتخابات'   (any form: الانتخابات، وانتخابات...)"
"$bahth" search --db "$db" -n 3 --since 2018-06 'انتخابات'
