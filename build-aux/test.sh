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
echo "${ok} passed, ${failed} failed, ${skipped:-0} skipped"
rm -f "$log"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
