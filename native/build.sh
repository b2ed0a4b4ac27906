#!/usr/bin/env bash
# Builds jtee's native code with CMake: target/release (libteec.so.2, the C tests, the example
# clients) and, unless --release-only, target/sanitize (the same under ASan and UBSan).
# Called by Maven (native/pom.xml) and by bin/jtee; says what to install when gcc or cmake is
# missing, and installs them with apt-get when it runs as root on Debian or Ubuntu.
set -euo pipefail
here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
builds=(release sanitize)
if [[ ${1:-} == --release-only ]]; then
  builds=(release)
fi

need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v make >/dev/null 2>&1 || need+=(make)
if ((${#need[@]} > 0)); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "jtee: installing ${need[*]} to build the native code" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
  else
    echo "jtee: building libteec.so.2 needs ${need[*]}: on Debian/Ubuntu, apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

jobs=$(nproc 2>/dev/null || echo 2)
for b in "${builds[@]}"; do
  dir=$here/target/$b
  args=(-S "$here" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo)
  if [[ $b == sanitize ]]; then
    args+=(-DJTEE_SANITIZE=ON)
  fi
  # quiet when it works; everything CMake and the compiler said when it does not
  if [[ ! -f $dir/CMakeCache.txt ]] && ! out=$(cmake "${args[@]}" 2>&1); then
    printf '%s\n' "$out" >&2
    echo "jtee: configuring the native $b build failed" >&2
    exit 1
  fi
  if ! out=$(cmake --build "$dir" -j "$jobs" 2>&1); then
    printf '%s\n' "$out" >&2
    echo "jtee: the native $b build failed" >&2
    exit 1
  fi
done
