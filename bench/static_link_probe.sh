#!/usr/bin/env bash
# Links this build tree's `bahth` with Xapian, simdjson, libstdc++ and zlib linked into the
# executable, to measure what a search process costs without the dynamic loader's work (issue
# #30: a process linked as bahth is spends 2.7M instructions in the loader). Debian ships no
# static libxapian or libsimdjson, so both are built from Debian's own source packages, of the
# versions installed, with a private apt sources list in WORKDIR (the system's is not touched).
# Building xapian-core takes 15–45 minutes of two cores; a second run reuses it.
#
#   bench/static_link_probe.sh WORKDIR        (after cmake --build --preset release)
#
# The build now does the first of these itself (BAHTH_STATIC_XAPIAN, cmake/bahth_static_xapian.cmake):
# this script, which edits the shared build's link line, needs a tree configured with
# -DBAHTH_STATIC_XAPIAN=OFF, and is kept for the -static-pie variant the build does not make.
#
# Writes WORKDIR/bahth-static-xapian (libc shared) and WORKDIR/bahth-static-pie (nothing shared),
# the same code as build/release/bahth; compare them with bench/process_cpu.sh and
# bench/process_instructions.sh.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 WORKDIR" >&2; exit 2; }
work=$(realpath -m "$1")
build=$(realpath "$(dirname "$0")/../build/release")
link_txt=$build/src/cli/CMakeFiles/bahth.dir/link.txt
[ -f "$link_txt" ] || { echo "no release build: $link_txt is missing" >&2; exit 1; }
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/src"

apt_private=(-o Dir::Etc::SourceList="$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
             -o Dir::State::Lists="$work/apt/lists" -o Dir::Cache="$work/apt/cache")
version() { dpkg-query -W -f '${Version}' "$1"; }
xapian_version=$(version libxapian-dev)
simdjson_version=$(version libsimdjson-dev)
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
if [ ! -f "$work/src/fetched" ]; then
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
    "http://deb.debian.org/debian $codename main" >"$work/apt/sources.list"
  apt-get "${apt_private[@]}" update
  (cd "$work/src" && apt-get "${apt_private[@]}" source --download-only \
    "xapian-core=$xapian_version" "simdjson=$simdjson_version")
  touch "$work/src/fetched"
fi

xapian_a=$work/xapian-build/.libs/libxapian.a
if [ ! -f "$xapian_a" ]; then
  tar -xf "$work"/src/xapian-core_*.orig.tar.xz -C "$work/src"
  mkdir -p "$work/xapian-build"
  (cd "$work/xapian-build" &&
   CXXFLAGS="-O2 -fPIE" CFLAGS="-O2 -fPIE" "$work"/src/xapian-core-*/configure \
     --disable-shared --enable-static --disable-documentation >configure.log &&
   make -j"$(nproc)" libxapian.la >make.log)
fi

simdjson_a=$work/libsimdjson.a
if [ ! -f "$simdjson_a" ]; then
  tar -xzf "$work"/src/simdjson_*.orig.tar.gz -C "$work/src"
  g++ -O3 -fPIE -std=c++17 -c "$work"/src/simdjson-*/singleheader/simdjson.cpp \
    -o "$work/simdjson.o"
  ar rcs "$simdjson_a" "$work/simdjson.o"
fi

# bahth's own link line, its shared Xapian, simdjson and zlib replaced by the archives.
lib=/usr/lib/x86_64-linux-gnu
line=$(sed -e 's#-Wl,--push-state,--no-as-needed [^ ]*libxapian.so -lstdc++ -lgcc_s -l:libc.so.6 -Wl,--pop-state##' \
           -e "s#[^ ]*libsimdjson.so[^ ]*#$simdjson_a#" \
           -e "s#$lib/libz.so#$lib/libz.a#" \
           -e "s#[^ ]*libxapian.so#$xapian_a $lib/libuuid.a $lib/libz.a#g" "$link_txt")
cd "$build/src/cli"
eval "${line/-o ..\/..\/bahth/-static-libstdc++ -static-libgcc -o $work/bahth-static-xapian}"
# The static glibc warns that dlopen and getaddrinfo load shared objects at run time.
eval "${line/-o ..\/..\/bahth/-static-pie -o $work/bahth-static-pie}" 2>&1 |
  grep -v -e "in function" -e "statically linked applications requires at runtime" || true
ls -l "$work/bahth-static-xapian" "$work/bahth-static-pie"
