#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds (if needed) and runs the portfolio benchmark: import, search, list,
# re-import and, when the app is built, the launch of the window on the
# imported portfolio.  It prints figures; it never fails on a time.
#
#   benchmarks/run-portfolio-bench.sh [--count N] [--builddir DIR] [--no-app]
#                                     [other bench-portfolio options…]
#
# Other options (--queries, --seed, --keep, --explain, --profile-sql, --dir,
# --app PATH, --schema-dir DIR, --app-timeout S, --app-runs N) go to
# bench-portfolio as is; see `bench-portfolio --help`.
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BUILDDIR:-$srcdir/_build}
count=100000
app=auto
with_app=yes

usage() {
  sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//'
}

# Our own options first; everything else is kept, in order, for the program.
args_file=$(mktemp)
while [ $# -gt 0 ]; do
  case $1 in
    --count|-n) count=${2:?--count needs a number}; shift 2 ;;
    --count=*) count=${1#--count=}; shift ;;
    --builddir) builddir=${2:?--builddir needs a folder}; shift 2 ;;
    --builddir=*) builddir=${1#--builddir=}; shift ;;
    --app) app=${2:?--app needs a path}; shift 2 ;;
    --app=*) app=${1#--app=}; shift ;;
    --no-app) with_app=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) printf '%s\n' "$1" >>"$args_file"; shift ;;
  esac
done

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$srcdir"
fi
ninja -C "$builddir" >&2

bench=$builddir/benchmarks/bench-portfolio
if [ ! -x "$bench" ]; then
  echo "run-portfolio-bench.sh: $bench was not built." >&2
  echo "Add subdir('benchmarks') to the top-level meson.build (after subdir('tests'))." >&2
  exit 1
fi

set -- --count "$count"
while IFS= read -r arg; do
  set -- "$@" "$arg"
done <"$args_file"

bus_pid=
cleanup() {
  rm -f "$args_file"
  [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null || true
}
trap cleanup EXIT

if [ "$with_app" = yes ]; then
  [ "$app" = auto ] && app=$builddir/src/ui/connecteur
  # The program reports a missing binary itself.
  set -- "$bench" "$@" --app "$app" --schema-dir "$builddir/data"

  # A session bus of our own, so that an already running Connecteur does not
  # take the activation; the daemon and the accessibility services it starts
  # write to /dev/null, not into the report.
  if command -v dbus-daemon >/dev/null 2>&1; then
    bus=$(dbus-daemon --session --fork --print-address=1 --print-pid=1)
    DBUS_SESSION_BUS_ADDRESS=$(echo "$bus" | sed -n 1p)
    bus_pid=$(echo "$bus" | sed -n 2p)
    export DBUS_SESSION_BUS_ADDRESS
  fi

  if [ -z "${DISPLAY:-}" ]; then
    if command -v xvfb-run >/dev/null 2>&1; then
      xvfb-run -a -s "-screen 0 1280x800x24" "$@"
      exit $?
    fi
    echo "run-portfolio-bench.sh: no DISPLAY and no xvfb-run (Debian package xvfb): the app part will be skipped." >&2
  fi
  "$@"
  exit $?
fi

exec "$bench" "$@"
