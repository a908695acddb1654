#!/usr/bin/env bash
# Runs a command inside the tests' D-Bus session with a real Secret Service:
# gnome-keyring-daemon, its login keyring in a throw-away data folder,
# unlocked with a throw-away password.  The UI tests then check that the
# platform token really lands in the keyring (CN_TEST_KEYRING=1).
#   build-aux/test-session.sh COMMAND [ARG…]   (under dbus-run-session)
set -uo pipefail

if command -v gnome-keyring-daemon >/dev/null && [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  # An empty password would make the daemon prompt for a default keyring.
  if env=$(printf 'connecteur-tests' | XDG_DATA_HOME="$keyring_home" \
             gnome-keyring-daemon --unlock --components=secrets 2>/dev/null); then
    eval "$env"
    export CN_TEST_KEYRING=1
  else
    echo "note: gnome-keyring-daemon did not start; the keyring checks are skipped" >&2
  fi
fi
"$@"
