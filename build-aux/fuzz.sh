#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) in
# their own build directory and runs each for SECONDS (default 20) from a
# copy of its corpus.  New crashes are left as crash-* files in the work
# directory; fix them and add them to tests/fuzz/corpus/<target>/ so that
# `meson test` replays them from then on.
#   build-aux/fuzz.sh [SECONDS]        FUZZ_BUILD_DIR, FUZZ_WORK_DIR override the dirs
# Prints "fuzz TARGET: N executions, N crashes" per target, then
# "fuzz: N passed, N failed" (one per target); fails on a crash.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
build=${FUZZ_BUILD_DIR:-_build-fuzz}
work=${FUZZ_WORK_DIR:-_build-fuzz/work}
targets=(csv referential catalogue sync identifiers)

if [ ! -d "$build" ]; then
  # fuzzer-no-link instruments the core for coverage; the targets add the
  # libFuzzer main themselves (tests/fuzz/meson.build).
  CC=clang meson setup "$build" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link >/dev/null || { echo "fuzz: 0 passed, ${#targets[@]} failed"; exit 1; }
fi
if ! meson compile -C "$build" "${targets[@]/#/fuzz-}" >/dev/null; then
  echo "fuzz: 0 passed, ${#targets[@]} failed"
  exit 1
fi

# Each target runs from its own work directory: absolute paths from here.
build=$(cd "$build" && pwd)
mkdir -p "$work"
work=$(cd "$work" && pwd)

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8

failed=0
n_ok=0
for target in "${targets[@]}"; do
  dir=$work/$target
  mkdir -p "$dir/corpus"
  cp -n tests/fuzz/corpus/"$target"/* "$dir/corpus/" 2>/dev/null
  log=$dir/log
  : >"$dir/stamp"
  (cd "$dir" && "$build/tests/fuzz/fuzz-$target" -max_total_time="$seconds" -print_final_stats=1 \
     -timeout=10 -rss_limit_mb=2048 corpus >"$log" 2>&1)
  status=$?
  execs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}')
  # Only what this run found: earlier artifacts stay for the record.
  crashes=$(find "$dir" -maxdepth 1 -newer "$dir/stamp" \( -name 'crash-*' -o -name 'leak-*' \
              -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  echo "fuzz $target: ${execs:-0} executions, $crashes crashes (exit $status)"
  if [ "$status" -eq 0 ]; then
    n_ok=$(( n_ok + 1 ))
  else
    failed=1
    grep -E -m 20 'ERROR|SUMMARY|runtime error|#[0-9]+ 0x' "$log"
  fi
done
echo "fuzz: ${n_ok} passed, $(( ${#targets[@]} - n_ok )) failed"
exit $failed
