#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a file of the core includes a GTK, GDK or libadwaita header, or
# when the core's meson.build pulls in their dependencies: the core is shared
# by the app, the CLI and the tests, and must build and run without a display.
set -u

core_dir=${1:?usage: check-core-no-gtk.sh SRC/CORE}

if [ ! -d "$core_dir" ]; then
  echo "not a directory: $core_dir" >&2
  exit 1
fi

# An empty or wrong directory would pass vacuously.
n_sources=$(find "$core_dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.inc' \) | wc -l)
if [ "$n_sources" -eq 0 ]; then
  echo "no C sources found in $core_dir" >&2
  exit 1
fi

status=0

if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](gtk|gdk|adwaita|libadwaita|gsk)[/a-z0-9_-]*(\.h)?[>"/]' \
     --include='*.c' --include='*.h' --include='*.inc' "$core_dir"; then
  echo "error: the core includes a GTK/libadwaita header (listed above)" >&2
  status=1
fi

if [ -f "$core_dir/meson.build" ] &&
   grep -nE '\b(gtk_dep|adw_dep)\b|dependency\(.(gtk4|libadwaita-1)' "$core_dir/meson.build"; then
  echo "error: src/core/meson.build depends on GTK or libadwaita (listed above)" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "ok: $n_sources core files, no GTK or libadwaita header"
fi
exit "$status"
