#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Connecteur and regenerates the screenshots of every main screen,
# in French, from the real app under Xvfb (the UI test program's cases):
#
#   build-aux/screenshots.sh [BUILD_DIR]        (default: _build)
#
# Writes BUILD_DIR/screenshots/fr-WIDTH-THEME/*.png for each width in
# $WIDTHS (default "1280 360") and theme in $THEMES (default "light dark hc";
# "hc-dark" is also understood), then copies the four screenshots the
# metainfo names (1280 px, light) into data/screenshots/.
# CN_JOBS=N limits the build to N jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-_build}
widths=${WIDTHS:-1280 360}
themes=${THEMES:-light dark hc}

# Everything below runs in one X server and one D-Bus session.
if [ -z "${CN_SCREENSHOTS_INNER:-}" ]; then
  [ -d "$build" ] || meson setup "$build"
  meson compile -C "$build" ${CN_JOBS:+-j "$CN_JOBS"}
  exec env CN_SCREENSHOTS_INNER=1 WIDTHS="$widths" THEMES="$themes" \
    xvfb-run -a -s "-screen 0 1920x1200x24" dbus-run-session -- bash build-aux/test-session.sh bash "$0" "$build"
fi

src=$PWD
build=$(cd "$build" && pwd)
test_ui=$build/tests/test-ui
test_ui_catalogue=$build/tests/test-ui-catalogue
test_ui_basket=$build/tests/test-ui-basket
[ -x "$test_ui" ] || { echo "error: $test_ui is not built" >&2; exit 1; }
[ -x "$test_ui_catalogue" ] || { echo "error: $test_ui_catalogue is not built" >&2; exit 1; }
[ -x "$test_ui_basket" ] || { echo "error: $test_ui_basket is not built" >&2; exit 1; }
[ -f "$build/po/fr/LC_MESSAGES/connecteur.mo" ] || { echo "error: the French catalogue is not built" >&2; exit 1; }
locale -a | grep -qi '^fr_FR\.utf-\?8$' || echo "warning: the fr_FR.UTF-8 locale is not installed: dates and numbers will not be French" >&2

# As tests/meson.build's ui_test_env, in French.
export G_TEST_SRCDIR=$src/tests G_TEST_BUILDDIR=$build/tests
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data
export GDK_BACKEND=x11 GTK_A11Y=none
export CONNECTEUR_LOCALEDIR=$build/po LANGUAGE=fr LC_ALL=fr_FR.UTF-8
unset CN_TEST_SHARED_DIR

# The cases that reach the main screens: portfolio (main-window), company
# page (company-diagnostics, company-between-visits), diagnostic
# (diagnostic-results), plan (plan-preview), agenda, indicators (dashboard),
# leads, synchronisation and a conflict, the directory search, the
# privacy confirmation; then the catalogue section's pages and the
# catalogue page of the preferences (catalogue-*.png); then a company's
# aids and recommendations, the chooser, the refusal of a linked provider,
# « Pour aller plus loin » and a plan's planned expense (basket-*.png, each
# at 360 and 1280 px whatever the width asked).
status=0
for width in $widths; do
  for theme in $themes; do
    out=$build/screenshots/fr-$width-$theme
    rm -rf "$out"
    mkdir -p "$out"
    echo "== $width px, $theme -> $out"
    export CN_SCREENSHOT_DIR=$out CN_SCREENSHOT_WIDTH=$width CN_SCREENSHOT_THEME=$theme
    for case in /ui/sample-portfolio /ui/plan /ui/between-visits /ui/diagnostic/prospect \
                /ui/leads /ui/conflict /ui/sync-state /ui/registry /ui/privacy; do
      "$test_ui" -q -p "$case" >"$out/log-${case//\//_}.txt" 2>&1 \
        || { echo "error: $case failed at $width px, $theme (see $out/log-${case//\//_}.txt)" >&2; status=1; }
    done
    "$test_ui_catalogue" -q -p /ui-catalogue/screenshots >"$out/log-catalogue.txt" 2>&1 \
      || { echo "error: /ui-catalogue/screenshots failed at $width px, $theme (see $out/log-catalogue.txt)" >&2; status=1; }
    for case in /ui-basket/aids /ui-basket/basket /ui-basket/going-further /ui-basket/plan-expense; do
      "$test_ui_basket" -q -p "$case" >"$out/log-${case//\//_}.txt" 2>&1 \
        || { echo "error: $case failed at $width px, $theme (see $out/log-${case//\//_}.txt)" >&2; status=1; }
    done
    bash "$src/tests/run-in-two-processes.sh" "$test_ui" /ui/diagnostic/first-half /ui/diagnostic/resume \
      >"$out/log-diagnostic-restart.txt" 2>&1 \
      || { echo "error: the diagnostic cases failed at $width px, $theme (see $out/log-diagnostic-restart.txt)" >&2; status=1; }
    # GTK warnings are not fatal in screenshot mode: show them.
    grep -h -- "-WARNING \*\*" "$out"/log-*.txt | sed 's/^.*-WARNING \*\*: [0-9:.]* /   warning: /' | sort | uniq -c || true
    for png in "$out"/*.png; do
      printf '   %-36s %s\n' "$(basename "$png")" "$(file -b "$png" | cut -d, -f2 | tr -d ' ')"
    done
  done
done

# The metainfo's four screenshots: French, 1280 px, light.
ref=$build/screenshots/fr-1280-light
if [ -d "$ref" ]; then
  for pair in main-window.png:main-window.png company-diagnostics.png:company-page.png \
              diagnostic-results.png:diagnostic-results.png plan-preview.png:plan-preview.png; do
    from=${pair%%:*} to=${pair#*:}
    if [ -f "$ref/$from" ]; then
      cp "$ref/$from" "data/screenshots/$to"
      size=$(wc -c <"data/screenshots/$to")
      [ "$size" -lt 512000 ] || { echo "error: data/screenshots/$to is 500 KB or more" >&2; status=1; }
      echo "data/screenshots/$to <- $ref/$from ($(file -b "data/screenshots/$to" | cut -d, -f2 | tr -d ' '), $((size / 1024)) KB)"
    else
      echo "error: $ref/$from was not taken" >&2
      status=1
    fi
  done
else
  echo "note: no 1280 px light run, data/screenshots/ left as it is"
fi
exit $status
