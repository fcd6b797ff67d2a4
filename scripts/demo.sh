#!/usr/bin/env bash
# The README's main job after setup: build, index the bundled data/ (300 BBC Arabic articles and
# the seed text-file article), then search it.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
# Only the program (not the tests): a minute or two rather than six on two cores, and about one
# more the first time for Xapian, compiled from Debian's source into `bahth` (README: why).
cmake --build --preset release -j "$(nproc)" --target bahth
bahth=build/release/bahth
echo "bahth is built: $PWD/$bahth (or install it with bahth's man page and shell completion:"
echo "  cmake --install build/release --prefix ~/.local   then ~/.local/bin/bahth is on most PATHs)"
db=build/demo-index
echo
echo "== bahth index --db $db data/bbc-arabic-sample.jsonl.gz data/seed"
"$bahth" index --db "$db" data/bbc-arabic-sample.jsonl.gz data/seed
echo
echo "== bahth search --db $db -n 3 'الهجمات الإلكترونية'"
"$bahth" search --db "$db" -n 3 'الهجمات الإلكترونية'
echo "== bahth search --db $db -n 3 --since 2018-06 'انتخابات'   (any form: الانتخابات، وانتخابات...)"
"$bahth" search --db "$db" -n 3 --since 2018-06 'انتخابات'
