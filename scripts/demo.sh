#!/usr/bin/env bash
# The README's main command after setup: analyze the bundled seed article (indexing and search
# replace this once they exist).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
echo "== bahth analyze --stage stem on the first lines of data/seed/"
head -n 6 data/seed/000_541d1cda0e759833.txt | build/release/bahth analyze --stage stem
