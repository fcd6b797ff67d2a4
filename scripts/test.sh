#!/usr/bin/env bash
# Builds bahth twice — Release and Debug with AddressSanitizer + UBSan — with warnings as errors,
# and runs the whole test suite in both. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
for preset in release asan; do
  echo "== $preset build"
  cmake --preset "$preset" -DBAHTH_WERROR=ON >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset tests"
  ctest --preset "$preset" -j "$jobs"
done
