#!/usr/bin/env bash
# Runs two cases of a GLib test program one after the other, each in its own
# process, on one shared data folder: what the first leaves on disk is all
# the second gets, as when the app is quit and started again.
# Usage: run-in-two-processes.sh TEST_PROGRAM FIRST_CASE SECOND_CASE
set -eu
program="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export CN_TEST_SHARED_DIR="$dir"
"$program" -p "$2"
"$program" -p "$3"
