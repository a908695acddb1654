#!/usr/bin/env bash
# Builds Connecteur with AddressSanitizer + UndefinedBehaviorSanitizer in
# its own directory and runs the whole test suite there (UI tests under
# Xvfb and a D-Bus session, as build-aux/test.sh does).  Any memory error,
# undefined behaviour or leak fails the test that hit it; leaks that
# belong to the libraries are listed in tests/lsan.supp.  Leaks are
# checked everywhere but in the UI suite (see below).
#   build-aux/test-sanitizers.sh [meson test arguments]   ASAN_BUILD_DIR overrides the dir
# Prints "sanitizers: N passed, N failed, N skipped" last.
set -uo pipefail
cd "$(dirname "$0")/.."

build=${ASAN_BUILD_DIR:-_build-asan}
if [ ! -d "$build" ]; then
  meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
fi
meson compile -C "$build" >/dev/null || { meson compile -C "$build"; exit 1; }

# UBSan stops at the first error, like ASan.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

# Everything but the UI and the crash trials, with leak checking.  fast_unwind_on_malloc=0:
# GLib is built without frame pointers, and the suppressions only match a
# stack walked in full.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
  meson test -C "$build" --print-errorlogs --num-processes 2 --timeout-multiplier 3 \
    --no-suite ui --no-suite crash "$@" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# The UI: memory errors and undefined behaviour, no leak checking.  GTK,
# GDK and the GL/X11 stacks keep caches and singletons until exit by
# design, and full stacks for all of them would make each case take
# minutes.  In the tests' keyring session (build-aux/test-session.sh), as
# in the normal run.  The crash trials run apart, below.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  xvfb-run -a -s "-screen 0 1920x1200x24" \
  dbus-run-session -- bash build-aux/test-session.sh \
  meson test -C "$build" --print-errorlogs --num-processes 2 --timeout-multiplier 3 \
    --suite ui "$@" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# The crash trials, fewer of them (the normal run does 200): the CLI killed
# with SIGKILL never reaches the leak check, but what it does before must
# be free of memory errors.  Counted as one test.
if ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 /usr/bin/python3 tests/crash-safety.py \
     "$build/src/cli/connecteur-cli" "$build/tests/cn-platform-server" --trials 40 2>&1 | tail -3; then
  echo "Ok: 1" >> "$log"
else
  echo "Fail: 1" >> "$log"
  status=1
fi

# The summaries added up.
sum() { grep -E "^$1:[[:space:]]+[0-9]+" "$log" | awk '{n += $NF} END {print n + 0}'; }
ok=$(sum "Ok"); fail=$(sum "Fail"); timeout=$(sum "Timeout"); xpass=$(sum "Unexpected Pass")
skipped=$(sum "Skipped")
failed=$(( fail + timeout + xpass ))
if [ "$ok" -eq 0 ]; then
  echo "sanitizers: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
echo "sanitizers: ${ok} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
