#!/usr/bin/env bash
# Checks the code's formatting, then builds bahth twice — Release and Debug with AddressSanitizer
# + UBSan — with warnings as errors, and runs the whole test suite in both. This is the README's
# test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
# Formatting first: it takes a second, and a misformatted file is cheaper to learn about than a
# failed build. Only in a git checkout (the files git tracks); a source tarball skips it.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "== format (clang-format, .clang-format)"
  git ls-files -z -- '*.cc' '*.h' | xargs -0 clang-format --dry-run -Werror
fi
for preset in release asan; do
  echo "== $preset build"
  # The presets use Ninja; a build folder configured before that with Makefiles would make CMake
  # refuse. Its cache goes (CMake's own advice), so it is configured afresh for Ninja.
  cache=build/$preset/CMakeCache.txt
  if [ -f "$cache" ] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$cache"; then
    rm -rf "$cache" "build/$preset/CMakeFiles"
  fi
  cmake --preset "$preset" -DBAHTH_WERROR=ON >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset tests"
  # One test more than cores: many tests spend part of their time waiting on a child process,
  # a server, a signal or the disk (bench/HISTORY.md, citime4).
  ctest --preset "$preset" -j "$((jobs + 1))"
done
