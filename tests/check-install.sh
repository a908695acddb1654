#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: check-install.sh SOURCE_ROOT BUILD_ROOT
#
# Installs the build into a temporary DESTDIR (`meson install --destdir`),
# checks that every file a desktop installation needs is there, validates
# the installed desktop entry, metainfo and GSettings schema, and lists what
# was installed. Fails with one "missing: ..." line per absent file.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 SOURCE_ROOT BUILD_ROOT" >&2
  exit 2
fi
source_root=$1
build_root=$2
app_id=io.github.croissanceconnectee.Connecteur

for tool in meson python3 desktop-file-validate appstreamcli glib-compile-schemas; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done
[ -f "$build_root/build.ninja" ] || { echo "error: $build_root is not a meson build directory" >&2; exit 1; }
[ -f "$source_root/meson.build" ] || { echo "error: $source_root is not the source tree" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/connecteur-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
destdir=$tmp/root

# The install directories as configured (prefix /usr/local unless -Dprefix=).
eval "$(meson introspect --buildoptions "$build_root" | python3 -c '
import json, shlex, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
for key in ("prefix", "bindir", "datadir", "localedir"):
    print("%s=%s" % (key, shlex.quote(str(opts[key]))))
')"
case "$bindir" in /*) ;; *) bindir=$prefix/$bindir ;; esac
case "$datadir" in /*) ;; *) datadir=$prefix/$datadir ;; esac
case "$localedir" in /*) ;; *) localedir=$prefix/$localedir ;; esac

if ! meson install -C "$build_root" --destdir "$destdir" --no-rebuild --quiet >"$tmp/install.log" 2>&1; then
  echo "error: meson install --destdir failed:" >&2
  cat "$tmp/install.log" >&2
  exit 1
fi

status=0
expected=(
  "$bindir/connecteur"
  "$bindir/connecteur-cli"
  "$datadir/applications/$app_id.desktop"
  "$datadir/metainfo/$app_id.metainfo.xml"
  "$datadir/glib-2.0/schemas/$app_id.gschema.xml"
  "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
  "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  "$datadir/dbus-1/services/$app_id.service"
  "$localedir/fr/LC_MESSAGES/connecteur.mo"
  "$datadir/help/C/connecteur/index.page"
  "$datadir/help/fr/connecteur/index.page"
)
for f in "${expected[@]}"; do
  if [ ! -f "$destdir$f" ]; then
    echo "missing: $f"
    status=1
  fi
done
for f in "$bindir/connecteur" "$bindir/connecteur-cli"; do
  if [ -f "$destdir$f" ] && [ ! -x "$destdir$f" ]; then
    echo "not executable: $f"
    status=1
  fi
done

# Every page of the C help has its French translation installed.
for page in "$source_root"/help/C/*.page; do
  [ -e "$page" ] || continue
  name=$(basename "$page")
  for lang in C fr; do
    if [ ! -f "$destdir$datadir/help/$lang/connecteur/$name" ]; then
      echo "missing: $datadir/help/$lang/connecteur/$name"
      status=1
    fi
  done
done

# The installed files, not the build tree's, are what the desktop reads.
desktop=$destdir$datadir/applications/$app_id.desktop
metainfo=$destdir$datadir/metainfo/$app_id.metainfo.xml
service=$destdir$datadir/dbus-1/services/$app_id.service
if [ -f "$desktop" ]; then
  desktop-file-validate "$desktop" || { echo "error: the installed desktop file is not valid"; status=1; }
  grep -q "^Exec=connecteur" "$desktop" || { echo "error: the desktop file does not run connecteur"; status=1; }
  grep -q "^Icon=$app_id$" "$desktop" || { echo "error: the desktop file's Icon is not $app_id"; status=1; }
  grep -q "^Name\[fr\]=" "$desktop" || { echo "error: the installed desktop file has no French name"; status=1; }
fi
if [ -f "$metainfo" ]; then
  appstreamcli validate --no-net "$metainfo" >"$tmp/appstream.log" 2>&1 \
    || { cat "$tmp/appstream.log"; echo "error: the installed metainfo is not valid"; status=1; }
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || { echo "error: the metainfo does not launch $app_id.desktop"; status=1; }
fi
if [ -f "$service" ]; then
  grep -q "^Name=$app_id$" "$service" || { echo "error: the D-Bus service is not named $app_id"; status=1; }
  grep -q "^Exec=$bindir/connecteur" "$service" \
    || { echo "error: the D-Bus service does not run $bindir/connecteur"; status=1; }
fi
mkdir -p "$tmp/schemas"
if ! glib-compile-schemas --strict --targetdir="$tmp/schemas" "$destdir$datadir/glib-2.0/schemas"; then
  echo "error: the installed GSettings schemas do not compile"
  status=1
fi

echo "Installed under $prefix:"
(cd "$destdir" && find . \( -type f -o -type l \) | sed 's|^\.||' | LC_ALL=C sort)

if [ "$status" -ne 0 ]; then
  echo "FAIL: meson install does not put everything in place (see above)"
  exit 1
fi
echo "ok: $(cd "$destdir" && find . \( -type f -o -type l \) | wc -l) files installed, desktop file, metainfo and schema valid"
