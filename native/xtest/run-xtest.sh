#!/usr/bin/env bash
# native/xtest/run-xtest.sh: build OP-TEE's regression suite xtest from the user's checkouts of
# optee_client, optee_test and optee_os, start a private jtee, run xtest against jtee's
# libteec.so.2 (only the loader path changes) and write a per-case result table.
# `bin/jtee xtest` calls this script; docs/xtest.md tells the whole story.
#
# Nothing of OP-TEE is part of jtee: every OP-TEE file this script uses is read at run time from
# the checkouts given on the command line, and everything it builds goes under --work.
set -euo pipefail

script_dir=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -P -- "$script_dir/../.." && pwd)
jtee=$root/bin/jtee

usage() {
  cat <<'EOF'
Usage: run-xtest.sh --optee-client DIR --optee-test DIR --optee-os DIR [options] [-- XTEST ARGS]

Builds OP-TEE's xtest (optee_test) against optee_client's headers and libteec, starts a private
jtee, runs xtest with LD_LIBRARY_PATH pointing at jtee's libteec.so.2, and writes a per-case
result table.

  --optee-client DIR   checkout of OP-TEE/optee_client (its headers and libteec, for linking)
  --optee-test DIR     checkout of OP-TEE/optee_test (xtest)
  --optee-os DIR       checkout of OP-TEE/optee_os (a few headers of its TA dev kit)
  --work DIR           where to build and write results (default: native/target/xtest)
  --libteec DIR        directory holding the libteec.so.2 xtest runs against
                       (default: native/target/release/libteec, built by native/build.sh)
  --ta-dir DIR         a directory of signed <uuid>.ta images for jtee to serve; repeatable
                       (default: jtee-xtest-tas/target/ta); the bundled example TAs are served too
  --timeout SECONDS    stop xtest after this long (default: no limit)
  --pkcs11             run the PKCS#11 suite instead: build optee_client's libckteec against
                       jtee's libteec.so.2, build xtest with CFG_PKCS11_TA=y and OpenSSL, and
                       run `xtest -l 0 -t pkcs11` (pkcs11_1000 to pkcs11_1030) against the
                       core's built-in PKCS#11 TA
  --rebuild            rebuild optee_client, the dev kit stand-in and xtest even if present
  --no-apt             never run apt-get for missing build dependencies; just say what is missing
  -v, --verbose        show xtest's whole output while it runs (it is always in WORK/xtest.log)
  -h, --help           this help

XTEST ARGS are appended to `xtest -l 0` (`xtest -l 0 -t pkcs11` with --pkcs11), e.g.
`-- -x regression_1033` or `-- regression_4001` (`-- pkcs11_1019` with --pkcs11). If they set a
level (-l N) or start with an applet option (--clear-storage, --sha-perf, ...), they are passed
alone.

Results: WORK/xtest-results.md (case, title, result, reason) and WORK/xtest.log (raw output),
WORK/xtest-pkcs11-results.md and WORK/xtest-pkcs11.log with --pkcs11; jtee's own log is
WORK/jtee.log. Exit status: xtest's (the number of failed cases, 255 when it
could not open a TEE context), or 1 when the script itself failed, 2 for a usage error.

Environment: JTEE_XTEST_START_TIMEOUT  seconds to wait for jtee to answer (default 600,
             the first use of bin/jtee builds jtee).
EOF
}

t0=$SECONDS
say() { printf '[%4ds] %s\n' "$((SECONDS - t0))" "$*" 2>/dev/null || true; }
warn() { printf 'run-xtest: warning: %s\n' "$*" >&2; }
die() {
  printf 'run-xtest: %s\n' "$*" >&2
  exit 1
}
usage_error() {
  printf 'run-xtest: %s\n' "$*" >&2
  printf 'Try run-xtest.sh --help.\n' >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# Command line

optee_client='' optee_test='' optee_os='' work='' libteec=''
ta_dirs=() xtest_extra=()
ta_dirs_given=0 timeout=0 rebuild=0 no_apt=0 verbose=0 pkcs11=0

while (($# > 0)); do
  opt=$1
  case $opt in
    --optee-client | --optee-test | --optee-os | --work | --libteec | --ta-dir | --timeout)
      (($# >= 2)) || usage_error "$opt needs a value"
      val=$2
      shift 2
      ;;
    --optee-client=* | --optee-test=* | --optee-os=* | --work=* | --libteec=* | --ta-dir=* | --timeout=*)
      val=${opt#*=}
      opt=${opt%%=*}
      shift
      ;;
    --rebuild) rebuild=1 && shift && continue ;;
    --pkcs11) pkcs11=1 && shift && continue ;;
    --no-apt) no_apt=1 && shift && continue ;;
    -v | --verbose) verbose=1 && shift && continue ;;
    -h | --help)
      usage
      exit 0
      ;;
    --)
      shift
      xtest_extra=("$@")
      break
      ;;
    *) usage_error "unknown argument: $opt" ;;
  esac
  case $opt in
    --optee-client) optee_client=$val ;;
    --optee-test) optee_test=$val ;;
    --optee-os) optee_os=$val ;;
    --work) work=$val ;;
    --libteec) libteec=$val ;;
    --ta-dir)
      ta_dirs+=("$val")
      ta_dirs_given=1
      ;;
    --timeout)
      [[ $val =~ ^[0-9]+$ ]] || usage_error "--timeout needs a number of seconds, not '$val'"
      timeout=$val
      ;;
  esac
done

[[ -n $optee_client ]] || usage_error "--optee-client DIR is required (a checkout of OP-TEE/optee_client)"
[[ -n $optee_test ]] || usage_error "--optee-test DIR is required (a checkout of OP-TEE/optee_test)"
[[ -n $optee_os ]] || usage_error "--optee-os DIR is required (a checkout of OP-TEE/optee_os)"

# checkout NAME DIR FILE: the absolute path of DIR, which must hold FILE.
checkout() {
  local name=$1 dir=$2 file=$3 abs
  [[ -d $dir ]] || die "$name: $dir is not a directory"
  abs=$(cd -P -- "$dir" && pwd)
  [[ -f $abs/$file ]] || die "$name: $abs has no $file; is it a checkout of OP-TEE/$name?"
  printf '%s\n' "$abs"
}
optee_client=$(checkout optee_client "$optee_client" libteec/include/tee_client_api.h)
optee_test=$(checkout optee_test "$optee_test" host/xtest/xtest_main.c)
optee_os=$(checkout optee_os "$optee_os" lib/libutee/include/tee_api_defines.h)

work=${work:-$root/native/target/xtest}
mkdir -p -- "$work"
work=$(cd -P -- "$work" && pwd)
libteec_default=0
if [[ -z $libteec ]]; then
  libteec=$root/native/target/release/libteec
  libteec_default=1
fi
((ta_dirs_given)) || ta_dirs=("$root/jtee-xtest-tas/target/ta")

# xtest's arguments: `-l 0` (with --pkcs11 also `-t pkcs11`) plus the extra ones; no `-l 0` when
# those choose a level, nothing but them when they start with an applet option. A `-t` among the
# extra ones comes after ours, and xtest takes the last one.
xtest_level=(-l 0) xtest_suite=()
((!pkcs11)) || xtest_suite=(-t pkcs11)
if ((${#xtest_extra[@]} > 0)); then
  for a in "${xtest_extra[@]}"; do
    if [[ $a == -l* ]]; then
      xtest_level=()
      break
    fi
  done
  if [[ ${xtest_extra[0]} == --* || ${xtest_extra[0]} == -h ]]; then
    xtest_level=() xtest_suite=()
  fi
fi
xtest_args=(${xtest_level[@]+"${xtest_level[@]}"} ${xtest_suite[@]+"${xtest_suite[@]}"} ${xtest_extra[@]+"${xtest_extra[@]}"})

logs=$work/logs
mkdir -p -- "$logs"

# One run per work directory at a time.
if command -v flock >/dev/null 2>&1; then
  exec 8>"$work/.lock"
  if ! flock -n 8; then
    say "waiting for another run-xtest.sh using $work…"
    flock 8
  fi
fi

jobs=$(nproc 2>/dev/null || echo 4)

# ---------------------------------------------------------------------------------------------
# Build dependencies (checked only when something has to be built)

deps_checked=0
with_teeacl=ON
with_openssl=y

# has_header HEADER: the C compiler finds HEADER.
has_header() {
  printf '#include <%s>\n' "$1" | "${CC:-cc}" -E -x c - >/dev/null 2>&1
}

# missing_deps: prints the Debian packages whose tools or headers are missing.
missing_deps() {
  local have_cc=1
  command -v "${CC:-cc}" >/dev/null 2>&1 || {
    have_cc=0
    echo build-essential
  }
  command -v make >/dev/null 2>&1 || echo make
  command -v cmake >/dev/null 2>&1 || echo cmake
  command -v pkg-config >/dev/null 2>&1 || echo pkg-config
  if ((!have_cc)) || ! has_header openssl/evp.h; then echo libssl-dev; fi
  if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists uuid; }; then echo uuid-dev; fi
}

check_deps() {
  ((deps_checked)) && return 0
  deps_checked=1
  local -a missing
  mapfile -t missing < <(missing_deps)
  if ((${#missing[@]} > 0)); then
    if ((!no_apt)) && ((EUID == 0)) && command -v apt-get >/dev/null 2>&1; then
      say "installing missing build dependencies with apt-get: ${missing[*]}…"
      local apt=(apt-get install -y -q --no-install-recommends "${missing[@]}")
      if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" >"$logs/apt.log" 2>&1; then
        say "apt-get install failed; running apt-get update and trying again…"
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive "${apt[@]}"; } >>"$logs/apt.log" 2>&1 ||
          warn "apt-get could not install ${missing[*]} (see $logs/apt.log)"
      fi
      mapfile -t missing < <(missing_deps)
    fi
  fi
  ((${#missing[@]} == 0)) && return 0
  local hint="apt-get install ${missing[*]}"
  ((EUID == 0)) || hint="sudo $hint"
  local p
  for p in "${missing[@]}"; do
    case $p in
      build-essential | make | cmake)
        die "missing build tools (${missing[*]}); on Debian/Ubuntu: $hint"
        ;;
    esac
  done
  warn "missing: ${missing[*]} (on Debian/Ubuntu: $hint); building with what there is:"
  for p in "${missing[@]}"; do
    case $p in
      pkg-config | uuid-dev)
        [[ $with_teeacl == OFF ]] || warn "  optee_client without libteeacl (-DWITH_TEEACL=OFF; xtest does not need it)"
        with_teeacl=OFF
        ;;
      libssl-dev)
        # Without OpenSSL, pkcs11 1003, 1024 and 1027 are compiled out and would count as passed.
        ((!pkcs11)) || die "--pkcs11 needs OpenSSL's headers (pkcs11 1003, 1024 and 1027 are compiled out without them); on Debian/Ubuntu: $hint"
        warn "  xtest without OpenSSL (WITH_OPENSSL=n): regression 1027, 1028 and 8103's check then skip"
        with_openssl=n
        ;;
    esac
  done
}

# ---------------------------------------------------------------------------------------------
# Build steps. Each leaves a stamp naming what it was built from; a step runs again when its
# output is missing, its stamp differs (another checkout or commit), or with --rebuild.

# source_id DIR: DIR and, when DIR is the top of a git work tree, its commit.
source_id() {
  local dir=$1 top commit=no-git
  if top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null) &&
    [[ $(cd -P -- "$top" && pwd) == "$dir" ]]; then
    commit=$(git -C "$dir" rev-parse HEAD 2>/dev/null) || commit=no-commit
  fi
  printf '%s@%s' "$dir" "$commit"
}

# up_to_date STEP KEY FILE...: the stamp of STEP says KEY and every FILE exists.
up_to_date() {
  local step=$1 key=$2 f
  shift 2
  ((!rebuild)) || return 1
  [[ -f $work/.stamp-$step && $(<"$work/.stamp-$step") == "$key" ]] || return 1
  for f in "$@"; do
    [[ -e $f ]] || return 1
  done
}

# run_logged LOG CMD...: runs CMD with its output in LOG; on failure shows the end of LOG.
run_logged() {
  local log=$1
  shift
  if ! "$@" >>"$log" 2>&1; then
    tail -n 40 -- "$log" >&2
    die "failed: $* (whole log: $log)"
  fi
}

# ---------------------------------------------------------------------------------------------
# jtee's libteec.so.2: built first, libckteec (--pkcs11) links against it

if [[ ! -e $libteec/libteec.so.2 ]] && ((libteec_default)) && [[ -x $root/native/build.sh ]]; then
  s=$SECONDS
  say "building jtee's libteec (native/build.sh)… (log: $logs/libteec-build.log)"
  : >"$logs/libteec-build.log"
  run_logged "$logs/libteec-build.log" "$root/native/build.sh" --release-only
  say "native/build.sh finished in $((SECONDS - s)) s"
fi
if [[ ! -e $libteec/libteec.so.2 ]]; then
  if ((libteec_default)); then
    die "jtee's libteec.so.2 is not in $libteec: build it with native/build.sh, or pass --libteec DIR"
  fi
  die "--libteec $libteec: there is no libteec.so.2 in it"
fi
libteec=$(cd -P -- "$libteec" && pwd)
run_env=(LD_LIBRARY_PATH="$libteec${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")

# ---------------------------------------------------------------------------------------------
# The builds

client_build=$work/optee_client/build
client_export=$work/optee_client/export
devkit=$work/devkit
ckteec=$work/ckteec
pkcs11_export=$work/pkcs11-export
if ((pkcs11)); then
  xtest_step=xtest-pkcs11 xtest_out=$work/xtest-pkcs11-out xtest_export=$pkcs11_export
else
  xtest_step=xtest xtest_out=$work/xtest-out xtest_export=$client_export
fi
xtest_bin=$xtest_out/xtest/xtest

client_key="client-v1 $(source_id "$optee_client")"
devkit_key="devkit-v1 $(source_id "$optee_os")"
ckteec_key="ckteec-v1 $(source_id "$optee_client") libteec=$libteec"
xtest_key="$xtest_step-v1 $(source_id "$optee_test") [$client_key] [$devkit_key]"
((!pkcs11)) || xtest_key+=" [$ckteec_key]"
client_rebuilt=0 devkit_rebuilt=0 ckteec_rebuilt=0

# optee_client: its headers (the struct layouts jtee's library matches) and its libteec.so.2,
# which xtest is linked against (at run time the loader finds jtee's instead).
if up_to_date client "$client_key" "$client_export/lib/libteec.so.2" "$client_export/include/tee_client_api.h"; then
  say "optee_client: up to date ($client_export)"
else
  check_deps
  s=$SECONDS
  say "building optee_client… (log: $logs/optee_client.log)"
  rm -rf -- "$work/optee_client" "$work/.stamp-client"
  : >"$logs/optee_client.log"
  run_logged "$logs/optee_client.log" cmake -S "$optee_client" -B "$client_build" \
    -DCMAKE_INSTALL_PREFIX="$client_export" -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_SHARED_LIBS=ON -DCFG_WERROR=OFF \
    -DWITH_TEEACL="$with_teeacl"
  run_logged "$logs/optee_client.log" cmake --build "$client_build" -j "$jobs"
  run_logged "$logs/optee_client.log" cmake --install "$client_build"
  [[ -e $client_export/lib/libteec.so.2 ]] || die "optee_client built, but $client_export/lib/libteec.so.2 is missing"
  printf '%s\n' "$client_key" >"$work/.stamp-client"
  client_rebuilt=1
  say "optee_client built in $((SECONDS - s)) s"
fi

# --pkcs11: optee_client's libckteec, unmodified, built with its own Makefile and linked against
# jtee's libteec.so.2 (its Makefile links with -L<output>/../libteec -lteec: that directory holds
# only a link to jtee's library). Then an export directory for xtest's Makefile: optee_client's
# headers, jtee's libteec and this libckteec, so that xtest is linked against the two libraries it
# runs with.
ckteec_lib=$ckteec/libckteec
if ((pkcs11)); then
  if ((!client_rebuilt)) && up_to_date ckteec "$ckteec_key" "$ckteec_lib/libckteec.so.0" "$pkcs11_export/lib/libckteec.so"; then
    say "libckteec: up to date ($ckteec_lib)"
  else
    check_deps
    s=$SECONDS
    say "building libckteec against jtee's libteec… (log: $logs/libckteec.log)"
    rm -rf -- "$ckteec" "$pkcs11_export" "$work/.stamp-ckteec"
    mkdir -p -- "$ckteec/libteec" "$pkcs11_export/lib"
    ln -s -- "$libteec/libteec.so.2" "$ckteec/libteec/libteec.so"
    : >"$logs/libckteec.log"
    run_logged "$logs/libckteec.log" make -C "$optee_client/libckteec" -j "$jobs" \
      O="$ckteec" CROSS_COMPILE= CC="${CC:-cc}" CFG_WERROR=n
    [[ -e $ckteec_lib/libckteec.so.0 ]] || die "libckteec's make succeeded, but $ckteec_lib/libckteec.so.0 is missing"
    ln -s -- "$client_export/include" "$pkcs11_export/include"
    ln -s -- "$libteec/libteec.so.2" "$pkcs11_export/lib/libteec.so"
    ln -s -- "$libteec/libteec.so.2" "$pkcs11_export/lib/libteec.so.2"
    ln -s -- "$ckteec_lib/libckteec.so.0" "$pkcs11_export/lib/libckteec.so"
    ln -s -- "$ckteec_lib/libckteec.so.0" "$pkcs11_export/lib/libckteec.so.0"
    printf '%s\n' "$ckteec_key" >"$work/.stamp-ckteec"
    ckteec_rebuilt=1
    say "libckteec built in $((SECONDS - s)) s"
  fi
fi

# A stand-in for the host_include directory of an optee_os TA dev kit: headers copied from the
# user's optee_os checkout, and the configuration an optee_os build would generate.
devkit_headers=(
  lib/libutee/include/tee_api_defines.h
  lib/libutee/include/tee_api_defines_extensions.h
  lib/libutee/include/tee_api_types.h
  lib/libutee/include/tee_api_compat.h
  lib/libutee/include/utee_defines.h
  lib/libutee/include/pta_invoke_tests.h
  lib/libutee/include/pta_secstor_ta_mgmt.h
  lib/libutee/include/pta_attestation.h
  lib/libutee/include/pta_stats.h
  lib/libutee/include/__tee_isocket_defines.h
  lib/libutee/include/__tee_tcpsocket_defines.h
  lib/libutee/include/__tee_udpsocket_defines.h
  lib/libutils/ext/include/util.h
  lib/libutils/ext/include/compiler.h
  lib/libutils/ext/include/types_ext.h
  core/include/signed_hdr.h
)
# Only needed by a CFG_GP_SOCKETS=y build; copied when present.
devkit_optional=(
  lib/libutee/include/tee_isocket.h
  lib/libutee/include/tee_tcpsocket.h
  lib/libutee/include/tee_udpsocket.h
  lib/libutee/include/__tee_ipsocket.h
  lib/libutee/include/__tee_tcpsocket_defines_extensions.h
)

write_devkit_conf() {
  local dir=$1
  cat >"$dir/conf.h" <<'EOF'
/* Written by jtee's native/xtest/run-xtest.sh in place of an optee_os build's conf.h. */
#ifndef _CONF_H_
#define _CONF_H_
#define CFG_REE_FS 1
#define CFG_TA_MBEDTLS 1
#endif
EOF
  cat >"$dir/conf.mk" <<'EOF'
# Written by jtee's native/xtest/run-xtest.sh in place of an optee_os build's conf.mk.
ARCH=x86_64
PLATFORM=jtee
CFG_REE_FS=y
CFG_TA_MBEDTLS=y
CFG_SECURE_DATA_PATH=n
CFG_GP_SOCKETS=n
CFG_PKCS11_TA=n
CFG_SECURE_PARTITION=n
CFG_SPMC_TESTS=n
CFG_CRYPTO_SE05X=n
CFG_GCM_NIST_VECTORS=n
EOF
  cat >"$dir/conf.cmake" <<'EOF'
# Written by jtee's native/xtest/run-xtest.sh in place of an optee_os build's conf.cmake.
set(CFG_REE_FS y)
set(CFG_TA_MBEDTLS y)
EOF
}

devkit_outputs=("$devkit/host_include/conf.h" "$devkit/host_include/conf.mk" "$devkit/host_include/conf.cmake")
for h in "${devkit_headers[@]}"; do devkit_outputs+=("$devkit/host_include/${h##*/}"); done
if up_to_date devkit "$devkit_key" "${devkit_outputs[@]}"; then
  say "dev kit stand-in: up to date ($devkit/host_include)"
else
  s=$SECONDS
  say "creating the dev kit stand-in from optee_os's headers…"
  rm -rf -- "$devkit" "$work/.stamp-devkit"
  mkdir -p -- "$devkit.new/host_include"
  for h in "${devkit_headers[@]}"; do
    [[ -f $optee_os/$h ]] || die "optee_os: $optee_os/$h is missing (an optee_os too old or too new? docs/xtest.md names the commits known to work)"
    cp -- "$optee_os/$h" "$devkit.new/host_include/"
  done
  for h in "${devkit_optional[@]}"; do
    if [[ -f $optee_os/$h ]]; then cp -- "$optee_os/$h" "$devkit.new/host_include/"; fi
  done
  write_devkit_conf "$devkit.new/host_include"
  mv -- "$devkit.new" "$devkit"
  printf '%s\n' "$devkit_key" >"$work/.stamp-devkit"
  devkit_rebuilt=1
  say "dev kit stand-in created in $((SECONDS - s)) s"
fi

# xtest, with optee_test's own Makefile (host part only: the `xtest` target).
# With --pkcs11 it is a build of its own (CFG_PKCS11_TA=y, in xtest-pkcs11-out), with OpenSSL.
xtest_log=$logs/$xtest_step-build.log
if ((!client_rebuilt && !devkit_rebuilt && !ckteec_rebuilt)) && up_to_date "$xtest_step" "$xtest_key" "$xtest_bin"; then
  say "xtest: up to date ($xtest_bin)"
else
  check_deps
  s=$SECONDS
  say "building xtest$( ((!pkcs11)) || echo ' with the PKCS#11 suite')… (log: $xtest_log)"
  # The Makefile does not track headers: start from an empty output directory.
  rm -rf -- "$xtest_out" "$work/.stamp-$xtest_step"
  : >"$xtest_log"
  run_logged "$xtest_log" make -C "$optee_test" xtest -j "$jobs" \
    O="$xtest_out" TA_DEV_KIT_DIR="$devkit" OPTEE_CLIENT_EXPORT="$xtest_export" \
    CROSS_COMPILE= WITH_OPENSSL="$with_openssl" CFG_PKCS11_TA="$( ((pkcs11)) && echo y || echo n)"
  [[ -x $xtest_bin ]] || die "make succeeded, but $xtest_bin is missing"
  printf '%s\n' "$xtest_key" >"$work/.stamp-$xtest_step"
  say "xtest built in $((SECONDS - s)) s"
fi

# ---------------------------------------------------------------------------------------------
# The check that xtest will load jtee's libteec.so.2 (and, with --pkcs11, the libckteec built here)

command -v ldd >/dev/null 2>&1 || die "ldd is missing (Debian: apt-get install libc-bin)"
loaded=$(env "${run_env[@]}" ldd "$xtest_bin" | awk '$1 == "libteec.so.2" { print $3; exit }')
if [[ -z $loaded || $loaded != /* ]]; then
  die "the loader finds no libteec.so.2 for $xtest_bin with LD_LIBRARY_PATH=$libteec"
fi
loaded_dir=$(cd -P -- "$(dirname -- "$loaded")" && pwd)
if [[ $loaded_dir != "$libteec" ]]; then
  die "xtest would load libteec.so.2 from $loaded, not from $libteec (an RUNPATH in the binary?)"
fi
loaded_file=$(readlink -f -- "$loaded")
say "xtest loads libteec.so.2 from $loaded_dir (file: $loaded_file)"

if ((pkcs11)); then
  run_env=(LD_LIBRARY_PATH="$libteec:$ckteec_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  libs=$(env "${run_env[@]}" ldd "$xtest_bin")
  loaded_ckteec=$(awk '$1 == "libckteec.so.0" { print $3; exit }' <<<"$libs")
  [[ $loaded_ckteec == "$ckteec_lib/libckteec.so.0" ]] ||
    die "xtest would load libckteec.so.0 from '$loaded_ckteec', not from $ckteec_lib"
  # 1003, 1024 and 1027 are compiled only with OpenSSL; a build without it would pass them empty.
  grep -q 'libcrypto\.so' <<<"$libs" || die "$xtest_bin is not linked with OpenSSL's libcrypto: rebuild with --rebuild"
  # Every symbol libckteec takes from libteec (the TEEC_ functions and the trace helper _dprintf)
  # must be in jtee's library, or xtest dies at the first case with a symbol lookup error.
  unresolved=$(env "${run_env[@]}" ldd -r "$ckteec_lib/libckteec.so.0" 2>&1 | grep 'undefined symbol' || true)
  [[ -z $unresolved ]] || die "libckteec needs symbols jtee's libteec.so.2 lacks: $unresolved"
  say "xtest loads libckteec.so.0 from $ckteec_lib (built from optee_client, linked against jtee's libteec.so.2)"
fi

# ---------------------------------------------------------------------------------------------
# A private jtee, stopped on exit whatever happens

jtee_pid='' jtee_group=0 jtee_tmp='' xtest_pid=''

# alive PID: PID runs (a zombie, exited but not yet waited for, does not count).
alive() {
  local state
  if [[ -r /proc/$1/stat ]]; then
    state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $state && ${state:0:1} != Z ]]
  else
    kill -0 "$1" 2>/dev/null
  fi
}

# stop_xtest: when xtest still runs (this script was interrupted), it goes first.
# shellcheck disable=SC2317 # run by cleanup
stop_xtest() {
  [[ -n $xtest_pid ]] || return 0
  local pid=$xtest_pid
  xtest_pid=''
  if alive "$pid"; then
    say "stopping xtest (pid $pid)…"
    kill -TERM "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_jtee() {
  [[ -n $jtee_pid ]] || return 0
  local pid=$jtee_pid i
  if alive "$pid"; then
    say "stopping jtee (pid $pid)…"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      warn "jtee did not stop within 30 s of SIGTERM; killing it"
      if ((jtee_group)); then kill -KILL -- "-$pid" 2>/dev/null || true; fi
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  jtee_pid=''
  # jtee stops its supplicant and TA hosts itself; whatever of its process group is left goes too.
  if ((jtee_group)); then kill -TERM -- "-$pid" 2>/dev/null || true; fi
}

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  # Nothing here may stop the cleanup: not a failed command, not a closed standard output
  # (`run-xtest.sh | head` ends with a SIGPIPE).
  set +e
  trap '' PIPE
  stop_xtest
  stop_jtee
  if [[ -n $jtee_tmp ]]; then rm -rf -- "$jtee_tmp"; fi
}
trap cleanup EXIT
trap 'exit 141' PIPE
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

s=$SECONDS
say "preparing jtee (bin/jtee builds it on first use, which takes a few minutes)…"
jtee_version=$("$jtee" --version) || die "bin/jtee --version failed"
say "$jtee_version ready in $((SECONDS - s)) s"

up_args=()
for d in ${ta_dirs[@]+"${ta_dirs[@]}"}; do
  if [[ -d $d ]]; then
    up_args+=(--ta-dir "$(cd -P -- "$d" && pwd)")
  else
    warn "skipping TA directory $d: no such directory (no TAs for xtest built yet?)"
  fi
done
# Naming --ta-dir replaces jtee's default directories: add the bundled example TAs back.
if [[ -d $root/jtee-cli/target/ta ]]; then
  up_args+=(--ta-dir "$root/jtee-cli/target/ta")
fi

jtee_tmp=$(mktemp -d "${TMPDIR:-/tmp}/jtee-xtest.XXXXXX")
socket=$jtee_tmp/client.sock
up_cmd=("$jtee" up --home "$jtee_tmp/home" --client-socket "$socket" ${up_args[@]+"${up_args[@]}"})
say "starting jtee: bin/jtee up --home $jtee_tmp/home --client-socket $socket ${up_args[*]:-}"
say "  (its log: $work/jtee.log)"
if command -v setsid >/dev/null 2>&1; then
  # A process group of its own: Ctrl-C does not reach it, and it can be stopped as a whole.
  setsid "${up_cmd[@]}" </dev/null >"$work/jtee.log" 2>&1 &
  jtee_group=1
else
  "${up_cmd[@]}" </dev/null >"$work/jtee.log" 2>&1 &
fi
jtee_pid=$!

start_timeout=${JTEE_XTEST_START_TIMEOUT:-600}
[[ $start_timeout =~ ^[0-9]+$ ]] || die "JTEE_XTEST_START_TIMEOUT must be a number of seconds, not '$start_timeout'"
s=$SECONDS
while :; do
  if ! alive "$jtee_pid"; then
    rc=0
    wait "$jtee_pid" || rc=$?
    jtee_pid=''
    tail -n 30 -- "$work/jtee.log" >&2
    die "bin/jtee up exited with status $rc before it answered (log: $work/jtee.log)"
  fi
  if [[ -S $socket ]] && JTEE_SOCKET=$socket "$jtee" status >"$logs/jtee-status.log" 2>&1; then
    break
  fi
  ((SECONDS - s < start_timeout)) || die "jtee did not answer on $socket within $start_timeout s (log: $work/jtee.log)"
  sleep 1
done
say "jtee answers on $socket (pid $jtee_pid, up in $((SECONDS - s)) s)"

# ---------------------------------------------------------------------------------------------
# xtest

if ((pkcs11)); then
  log=$work/xtest-pkcs11.log results=$work/xtest-pkcs11-results.md
else
  log=$work/xtest.log results=$work/xtest-results.md
fi
run_env+=(JTEE_SOCKET="$socket")
runner=()
if ((timeout > 0)); then runner=(timeout --signal=TERM --kill-after=10 "$timeout"); fi

# show_progress: xtest's output on stdin; prints what it says before the suite starts, then each
# case's verdict with the time the case took (everything with --verbose).
show_progress() {
  local line started=0 case_start=$SECONDS
  while IFS= read -r line; do
    if ((verbose)); then
      printf '%s\n' "$line"
    elif [[ $line == '#####'* ]]; then
      started=1
    elif ((!started)); then
      printf '%s\n' "$line"
    elif [[ $line == '* '* ]]; then
      case_start=$SECONDS
    elif [[ $line =~ ^\ \ [^\ .]+\ (OK|FAILED)$ ]]; then
      say "${line#  } ($((SECONDS - case_start)) s)"
    elif [[ $line == *'symbol lookup error'* || $line == 'Test suite'*'ABORTED'* || $line == 'Test suite aborted'* ]]; then
      printf '%s\n' "$line"
    fi
  done
}

say "running xtest ${xtest_args[*]} (log: $log)"
s=$SECONDS
# xtest runs in the background with its output in the log, shown as it comes by tail, so that a
# signal to this script is handled at once (bash runs traps only between foreground commands).
: >"$log"
(cd -- "$work" && exec env "${run_env[@]}" ${runner[@]+"${runner[@]}"} "$xtest_bin" ${xtest_args[@]+"${xtest_args[@]}"}) \
  </dev/null >"$log" 2>&1 &
xtest_pid=$!
tail -n +1 -s 0.2 --pid="$xtest_pid" -f -- "$log" | show_progress &
shown_pid=$!
status=0
wait "$xtest_pid" || status=$?
xtest_pid=''
wait "$shown_pid" || true
xtest_secs=$((SECONDS - s))
if ((timeout > 0 && status == 124)); then
  warn "xtest was stopped after $timeout s (--timeout)"
fi
stop_jtee

# ---------------------------------------------------------------------------------------------
# Results: one row per case, from the case blocks ("* ID TITLE" ... "  ID OK|FAILED") and the
# summary xtest prints after "Result of testsuite".

# Prints "C id title result reason" per case in run order, then "S line" for each of xtest's
# summary lines, the fields separated by the unit separator (\037).
parse_log() {
  awk '
    function clean(s) { gsub(/[\t\r\037]/, " ", s); gsub(/  +/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
    # "path/file.c:123: message" -> "file.c:123: message"
    function located(s,   loc) {
      if (match(s, /^[^ ]+:[0-9]+:/)) {
        loc = substr(s, 1, RLENGTH); sub(/^.*\//, "", loc)
        return loc substr(s, RLENGTH + 1)
      }
      return s
    }
    function short(s) { s = clean(s); return length(s) > 300 ? substr(s, 1, 297) "..." : s }
    function add(id) { if (!(id in seen)) { seen[id] = 1; order[++n] = id } }
    /^Result of testsuite / { insum = 1; cur = ""; next }
    insum && /^[0-9]+ (subtests?|test cases?) (of which [0-9]+ failed|(was|were) skipped)$/ {
      summary[++ns] = $0; next
    }
    insum && /^Test suite was ABORTED/ { summary[++ns] = $0; next }
    insum && /^[^ ]+ (OK|FAILED)/ {
      id = $1; main = id; sub(/\..*/, "", main)
      if (id == main) { add(main); result[main] = $2 }
      if ($2 == "FAILED" && !(main in firstat) && match($0, / first error at /))
        firstat[main] = (id == main ? "" : id ": ") "first error at " located(substr($0, RSTART + RLENGTH))
      next
    }
    insum { next }
    /^\* [A-Za-z0-9_]+ / {
      cur = $2; add(cur); title[cur] = substr($0, length(cur) + 4); sub_id = ""; next
    }
    cur == "" { next }
    /^o [^ ]+ / { sub_id = $2; sub_title[sub_id] = substr($0, length(sub_id) + 4); next }
    /^  [^ ]+ (OK|FAILED)$/ {
      if ($1 == cur) { ended[cur] = $2; cur = "" }
      else { sub_id = $1; sub(/\.[0-9]+$/, "", sub_id); if (sub_id == cur) sub_id = "" }  # back to the parent
      next
    }
    /^[^ ]+:[0-9]+: / {
      if (!(cur in err)) err[cur] = (sub_id == "" ? "" : sub_id " (" sub_title[sub_id] "): ") located($0)
      next
    }
    /^[ \t]*$/ { next }
    # the error trace of libckteec (PKCS#11 suite): "ERR [pid] ckteec:function:line: message"
    /^ERR \[[0-9]+\] ckteec:/ {
      if (!(cur in ckerr)) { ckerr[cur] = $0; sub(/^ERR \[[0-9]+\] /, "", ckerr[cur]) }
      next
    }
    {
      last[cur] = $0
      if (!(cur in note) && tolower($0) ~ /skip|not supported|not found|init_storage_info\(\) failed|ignore test/)
        note[cur] = $0
    }
    END {
      for (i = 1; i <= n; i++) {
        id = order[i]
        r = (id in result) ? result[id] : (id in ended) ? ended[id] : "NOT FINISHED"
        why = ""
        if (r == "FAILED") {
          why = (id in err) ? err[id] : (id in firstat) ? firstat[id] : "(no message in the log)"
          if (id in ckerr) why = why " [before it, " ckerr[id] "]"
        }
        else if (r == "OK" && (id in note))
          why = "may have skipped, the log says: " clean(note[id])
        else if (r == "NOT FINISHED")
          why = "xtest stopped during this case" ((id in last) ? "; last line: " clean(last[id]) : "")
        t = clean(title[id]); if (t == "") t = "-"
        printf "C\037%s\037%s\037%s\037%s\n", id, t, r, short(why)
      }
      for (i = 1; i <= ns; i++) printf "S\037%s\n", summary[i]
    }' "$1"
}

# jtee_commit: the commit of this checkout, with "+changes" when files under git differ from it.
jtee_commit() {
  local c
  c=$(git -C "$root" rev-parse --short HEAD 2>/dev/null) || {
    echo "no git"
    return
  }
  git -C "$root" diff --quiet HEAD -- 2>/dev/null || c+=" +changes"
  printf '%s' "$c"
}

md() { # escape for a Markdown table cell
  local s=${1//|/\\|}
  printf '%s' "$s"
}

mapfile -t rows < <(parse_log "$log")
n_ok=0 n_failed=0 n_unfinished=0 failed_ids=() summary_lines=()
{
  echo "# xtest results"
  echo
  echo "- run: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $xtest_secs s"
  echo "- command: \`xtest ${xtest_args[*]}\` with ${run_env[0]}"
  ((!pkcs11)) || echo "- libckteec.so.0: built from optee_client's source, linked against jtee's libteec.so.2 ($ckteec_lib)"
  echo "- libteec.so.2 loaded: $loaded_file"
  echo "- jtee: $jtee_version at $(jtee_commit), \`bin/jtee up ${up_args[*]:-}\`"
  echo "- optee_test: $(source_id "$optee_test"); optee_client: $(source_id "$optee_client"); optee_os: $(source_id "$optee_os")"
  echo "- xtest exit status: $status"
  echo
  if ((${#rows[@]} == 0 || ${#rows[0]} < 2)) || [[ ${rows[0]:0:1} != C ]]; then
    echo "xtest ran no test case."
  else
    echo "| case | title | result | reason |"
    echo "|---|---|---|---|"
  fi
  for row in ${rows[@]+"${rows[@]}"}; do
    IFS=$'\037' read -r kind id title result why <<<"$row"
    case $kind in
      C)
        case $result in
          OK) n_ok=$((n_ok + 1)) ;;
          FAILED)
            n_failed=$((n_failed + 1))
            failed_ids+=("$id")
            ;;
          *) n_unfinished=$((n_unfinished + 1)) ;;
        esac
        printf '| %s | %s | %s | %s |\n' "$(md "$id")" "$(md "$title")" "$result" "$(md "$why")"
        ;;
      S) summary_lines+=("$id") ;;
    esac
  done
  echo
  if ((${#summary_lines[@]} > 0)); then
    echo "xtest's summary:"
    echo
    for l in "${summary_lines[@]}"; do echo "    $l"; done
  else
    echo "xtest printed no summary; the end of its log:"
    echo
    tail -n 5 -- "$log" | sed 's/^/    /'
  fi
} >"$results"

echo
say "xtest finished in $xtest_secs s with exit status $status"
n_cases=$((n_ok + n_failed + n_unfinished))
if ((n_cases == 0)); then
  echo "xtest ran no test case; the end of its log:"
  tail -n 5 -- "$log" | sed 's/^/    /'
else
  echo "cases: $n_cases, OK: $n_ok, FAILED: $n_failed$( ((n_unfinished == 0)) || echo ", not finished: $n_unfinished")"
  for l in ${summary_lines[@]+"${summary_lines[@]}"}; do echo "xtest: $l"; done
  if ((${#failed_ids[@]} > 0)); then
    echo "failed:"
    printf '%s\n' "${failed_ids[@]}" | paste -sd' ' | fold -s -w 100 | sed 's/^/    /'
  fi
fi
echo "results: $results"
echo "raw log: $log"
exit "$status"
