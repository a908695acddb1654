#!/usr/bin/env bash
# Sets up, builds and starts Connecteur from the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
[ -d _build ] || meson setup _build
meson compile -C _build

# Run uninstalled: settings schema and translations from the build tree.
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
export CONNECTEUR_LOCALEDIR="$PWD/_build/po"
exec _build/src/ui/connecteur "$@"
