#!/usr/bin/env bash
# connecteur-cli plan export, one plan and a batch, read back with poppler's
# tools: the files, their text, the statuses, and the errors.
# Usage: test-cli-plan.sh PATH_TO_connecteur-cli
set -u
cli="$1"
dir=$(mktemp -d)
trap 'chmod -R u+w "$dir"; rm -rf "$dir"' EXIT
export LC_ALL=C.UTF-8
failures=0

fail() { echo "not ok - $*"; failures=$((failures + 1)); }
pass() { echo "ok - $*"; }
expect_status() { # expected actual what
  if [ "$1" -eq "$2" ]; then pass "$3 (exit $2)"; else fail "$3: exit $2, expected $1"; fi
}
run() { "$cli" "$@" --data-dir "$dir/data"; }

# A diagnostic answered low everywhere (many actions), for three companies.
echo '{"questionnaire": "commerce-connecte", "answers": {}}' > "$dir/answers.json"
ids=()
for name in "<b>Dupont & Fils</b> \"l'Atelier\"" "Fleurs de Lise" "Garage du Centre"; do
  id=$(run add --name "$name" --postcode 35000 --naf 47.76Z --headcount 02)
  run diagnostic run --company "$id" --answers "$dir/answers.json" >/dev/null || fail "diagnostic for $name"
  ids+=("$id")
done
nodiag=$(run add --name "Sans diagnostic" --postcode 75001)

# The connector's profile signs the plans.
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO connector_profile (id, name, organisation, email, phone, kind, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)", ("Camille Durand", "CCI Ille-et-Vilaine", "camille@example.fr", "02 99 00 00 00", "charter", "2026-11-23T00:00:00Z")); c.commit()' "$dir/data/connecteur.db"

# One plan.
out=$(run plan export --company "${ids[0]}" -o "$dir/one.pdf"); st=$?
expect_status 0 $st "plan export"
[ "$out" = "$dir/one.pdf" ] && pass "export prints the file written" || fail "export printed '$out'"
head -c 5 "$dir/one.pdf" | grep -q '%PDF-' && pass "the file is a PDF" || fail "not a PDF"
text=$(pdftotext -layout "$dir/one.pdf" - 2>/dev/null)
[[ "$text" == *'<b>Dupont & Fils</b> "l'"'"'Atelier"'* ]] && pass "the company name appears literally" || fail "company name missing"
[[ "$text" == *"Camille Durand"* && "$text" == *"CCI Ille-et-Vilaine"* ]] && pass "the connector signs the plan" || fail "connector missing"
pdfinfo "$dir/one.pdf" | grep -q "^Author: *Camille Durand" && pass "the connector is the PDF's author" || fail "author: $(pdfinfo "$dir/one.pdf" | grep Author)"
pages=$(pdfinfo "$dir/one.pdf" | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -ge 1 ] && pass "the plan has $pages page(s)" || fail "no pages"
[[ "$text" == *"Page 1 of $pages"* ]] && pass "pages are numbered" || fail "no page numbers"
run show "${ids[0]}" --format json | grep -q '"status" : "plan_delivered"' && pass "the company is now plan delivered" || fail "status"

# Errors: no diagnostic, unknown company, wrong arguments, unwritable file.
err=$(run plan export --company "$nodiag" -o "$dir/none.pdf" 2>&1 >/dev/null); st=$?
expect_status 1 $st "export for a company without diagnostic"
[[ "$err" == *"Sans diagnostic"* ]] && pass "the error names the company" || fail "error: $err"
[ ! -e "$dir/none.pdf" ] && pass "no file left behind" || fail "a file was written"
run plan export --company nope -o "$dir/x.pdf" >/dev/null 2>&1; expect_status 1 $? "export for an unknown company"
run plan export --all-diagnosed >/dev/null 2>&1; expect_status 2 $? "--all-diagnosed without --out-dir"
run plan export --company "${ids[0]}" >/dev/null 2>&1; expect_status 2 $? "export without -o"
mkdir "$dir/locked" && chmod a-w "$dir/locked"
if [ "$(id -u)" != 0 ]; then
  run plan export --company "${ids[0]}" -o "$dir/locked/plan.pdf" >/dev/null 2>&1; expect_status 1 $? "export to a read-only folder"
  [ -z "$(ls -A "$dir/locked")" ] && pass "nothing left in the read-only folder" || fail "files left in the read-only folder"
fi

# The batch: one plan per diagnosed company, named after it.
out=$(run plan export --all-diagnosed --out-dir "$dir/batch" 2>"$dir/batch.err"); st=$?
expect_status 0 $st "plan export --all-diagnosed"
[ "$(ls "$dir/batch" | wc -l)" -eq 3 ] && pass "three plans in the batch" || fail "batch: $(ls "$dir/batch")"
[ "$(echo "$out" | wc -l)" -eq 3 ] && pass "each plan written is printed" || fail "batch output: $out"
grep -q "3 plans written" "$dir/batch.err" && pass "the batch ends with a summary" || fail "summary: $(cat "$dir/batch.err")"
ls "$dir/batch" | grep -q "fleurs-de-lise" && pass "files are named after the company" || fail "names: $(ls "$dir/batch")"

echo "$failures failed"
[ "$failures" -eq 0 ]
