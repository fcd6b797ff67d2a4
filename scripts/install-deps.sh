#!/usr/bin/env bash
# Installs what bahth needs to build, test and run, from Debian 12's own packages (as root).
set -euo pipefail
packages=(
  cmake g++ make git python3
  ninja-build           # the CMake presets' generator: schedules the build better than make
  mold                  # linker: links the ~100 test executables in a fraction of GNU ld's time
  libicu-dev            # normalization and character properties
  libxapian-dev         # index and ranking
  uuid-dev              # libuuid.a: Xapian, built from Debian's source and linked into bahth
  debian-archive-keyring  # checks that source (apt-get source at configure: CMakeLists.txt)
  xapian-tools          # xapian-check, xapian-tcpsrv: used by tests
  strace                # fault injection: tests kill bahth at each rename, removal and sync
  libcli11-dev          # command line
  libsimdjson-dev       # JSON Lines reader
  nlohmann-json3-dev    # JSON output
  zlib1g-dev            # gzip input
  libdeflate-dev        # glass deflates the term lists with it: half zlib's CPU, the same format
  libzstd-dev           # stored articles: zstd with a dictionary trained on the index
  libxml2-dev           # RSS and Atom feeds, HTML stripped to text
  liblzma-dev           # xz input; also libxml2.a's: bahth links libxml2 statically (faster start)
  libbz2-dev            # bzip2 input
  libfmt-dev            # formatting
  libboost-dev          # bahth serve: HTTP layer (Boost.Beast, header-only)
  libcpp-httplib-dev    # the tests' HTTP client
  libgtest-dev libbenchmark-dev
  clang-format          # the test command checks the code's formatting (.clang-format)
  chromium              # tests/serve/serve_browser_test: the pages at 375 and 1,280 px, headless
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
