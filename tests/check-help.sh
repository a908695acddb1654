#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the Mallard user guide.  Usage: check-help.sh SOURCE_ROOT
#
#  a. yelp-check validate on the English pages (help/C/*.page);
#  b. help/fr/fr.po: msgfmt --check, and every message of the template
#     (itstool over help/C/*.page) translated, none fuzzy;
#  c. the French pages built with itstool from fr.po validate too.
#
# Exit status: 0 when everything passes, 1 on a failure, 77 (skipped) when
# yelp-tools, itstool or the gettext tools are not installed.
set -u

srcdir=${1:?usage: check-help.sh SOURCE_ROOT}
help="$srcdir/help"

for tool in yelp-check itstool msgfmt msgmerge msgattrib; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "skipped: $tool is not installed (yelp-tools, itstool, gettext)" >&2
    exit 77
  fi
done

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/check-help.XXXXXX") || exit 1
trap 'rm -rf "$tmpdir"' EXIT
trap 'exit 1' HUP INT TERM

cd "$help" || exit 1
status=0

# ---- a. English pages ----------------------------------------------------------
if ! yelp-check validate C/*.page; then
  echo "error: help/C pages are not valid Mallard (see above)" >&2
  status=1
fi
if ! yelp-check links C/*.page > "$tmpdir/links" 2>&1 || [ -s "$tmpdir/links" ]; then
  echo "error: broken links in help/C:" >&2
  cat "$tmpdir/links" >&2
  status=1
fi

# ---- b. French translation complete ------------------------------------------------
if ! itstool -o "$tmpdir/help.pot" C/*.page; then
  echo "error: itstool could not extract the strings of help/C" >&2
  exit 1
fi
if ! msgfmt --check -o "$tmpdir/fr.mo" fr/fr.po; then
  echo "error: msgfmt --check failed on help/fr/fr.po (see above)" >&2
  exit 1
fi
if ! msgmerge --quiet --no-fuzzy-matching fr/fr.po "$tmpdir/help.pot" -o "$tmpdir/fr.po"; then
  echo "error: msgmerge failed on help/fr/fr.po" >&2
  exit 1
fi
msgattrib --untranslated --no-obsolete --no-wrap "$tmpdir/fr.po" -o "$tmpdir/untranslated.po"
msgattrib --only-fuzzy --no-obsolete --no-wrap fr/fr.po -o "$tmpdir/fuzzy.po"
if grep -q '^msgid "..*"' "$tmpdir/untranslated.po" 2>/dev/null; then
  echo "error: help messages not translated in help/fr/fr.po:" >&2
  grep '^msgid "..*"' "$tmpdir/untranslated.po" >&2
  status=1
fi
if grep -q '^msgid "..*"' "$tmpdir/fuzzy.po" 2>/dev/null; then
  echo "error: fuzzy messages in help/fr/fr.po (check them, then remove the fuzzy flag):" >&2
  grep '^msgid "..*"' "$tmpdir/fuzzy.po" >&2
  status=1
fi

# ---- c. French pages -----------------------------------------------------------------
mkdir "$tmpdir/fr"
if ! itstool -m "$tmpdir/fr.mo" -o "$tmpdir/fr" C/*.page; then
  echo "error: itstool could not build the French pages from help/fr/fr.po" >&2
  status=1
elif ! yelp-check validate "$tmpdir"/fr/*.page; then
  echo "error: the French pages built from help/fr/fr.po are not valid Mallard (see above)" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  n=$(ls C/*.page | wc -l)
  m=$(grep -c '^msgid "..*"' "$tmpdir/help.pot")
  echo "ok: $n help pages valid in English and French; help/fr/fr.po translates all $m messages"
fi
exit "$status"
