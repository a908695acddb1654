#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (UI tests under Xvfb and a
# D-Bus session). Prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh || exit 1
[ -d _build ] || meson setup _build || exit 1
meson compile -C _build || exit 1

log=$(mktemp)
xvfb-run -a -s "-screen 0 1920x1200x24" \
  dbus-run-session -- bash build-aux/test-session.sh \
  meson test -C _build --print-errorlogs --num-processes 2 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# meson's summary: "Ok: N", "Expected Fail: N", "Fail: N", "Unexpected Pass: N", "Skipped: N", "Timeout: N"
count() { grep -E "^$1:[[:space:]]+[0-9]+" "$log" | tail -1 | awk '{print $NF}'; }
ok=$(count "Ok"); fail=$(count "Fail"); timeout=$(count "Timeout"); xpass=$(count "Unexpected Pass")
skipped=$(count "Skipped")
failed=$(( ${fail:-0} + ${timeout:-0} + ${xpass:-0} ))
if [ -z "$ok" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi

# Then the whole suite again under ASan + UBSan, and each fuzz target for
# 10 s (build-aux/test-sanitizers.sh, build-aux/fuzz.sh; each in its own
# build directory).  Their counts go into the last line: every sanitizer
# test counts once, every fuzz target once.  CN_TEST_QUICK=1 skips both.
if [ "${CN_TEST_QUICK:-0}" != 1 ]; then
  bash build-aux/test-sanitizers.sh 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  line=$(grep -E '^sanitizers: [0-9]+ passed' "$log" | tail -1)
  if [ -n "$line" ]; then
    read -r san_ok san_failed san_skipped < <(echo "$line" | awk '{print $2, $4, $6}')
  else
    san_ok=0 san_failed=1 san_skipped=0
  fi
  ok=$(( ok + san_ok )); failed=$(( failed + san_failed )); skipped=$(( ${skipped:-0} + san_skipped ))

  bash build-aux/fuzz.sh 10 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  line=$(grep -E '^fuzz: [0-9]+ passed' "$log" | tail -1)
  if [ -n "$line" ]; then
    read -r fuzz_ok fuzz_failed < <(echo "$line" | awk '{print $2, $4}')
  else
    fuzz_ok=0 fuzz_failed=1
  fi
  ok=$(( ok + fuzz_ok )); failed=$(( failed + fuzz_failed ))
fi

echo "${ok} passed, ${failed} failed, ${skipped:-0} skipped"
rm -f "$log"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
