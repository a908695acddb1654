#!/usr/bin/env bash
# Installs the Debian 12 packages Connecteur needs to build, run and test.
# Safe to run again: apt-get skips what is already there.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc gettext itstool
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev libsoup-3.0-dev libjson-glib-dev libcsv-dev librsvg2-dev
  libpoppler-glib-dev libcairo2-dev libpango1.0-dev libsecret-1-dev libical-dev
  # build-aux/test-sanitizers.sh, build-aux/fuzz.sh, meson test --setup valgrind
  clang-14 libclang-rt-14-dev libfuzzer-14-dev valgrind
  # validators
  desktop-file-utils appstream yelp-tools
  # running tests headless
  xvfb xauth dbus dbus-x11 at-spi2-core python3-gi gir1.2-atspi-2.0 gnome-keyring
  fonts-cantarell fonts-dejavu-core adwaita-icon-theme poppler-utils locales
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The tests run some cases in French (decimal comma, translated strings).
if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  $sudo sed -i 's/^# *fr_FR.UTF-8 UTF-8/fr_FR.UTF-8 UTF-8/' /etc/locale.gen
  $sudo locale-gen fr_FR.UTF-8
fi
