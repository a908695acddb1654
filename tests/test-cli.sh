#!/usr/bin/env bash
# connecteur-cli as a script uses it: outputs, exit statuses, bad input.
# Usage: test-cli.sh PATH_TO_connecteur-cli
set -u
cli="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LC_ALL=C.UTF-8
failures=0

fail() { echo "not ok - $*"; failures=$((failures + 1)); }
pass() { echo "ok - $*"; }
expect_status() { # expected actual what
  if [ "$1" -eq "$2" ]; then pass "$3 (exit $2)"; else fail "$3: exit $2, expected $1"; fi
}

run() { "$cli" "$@" --data-dir "$dir/data"; }

# add prints the new id, a UUID
id=$(run add --name "École des Arts" --siret "418 166 096 00069" --postcode 19000 --naf 4771Z); st=$?
expect_status 0 $st "add"
[[ "$id" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]] && pass "add prints a v4 UUID" || fail "add printed '$id'"

# invalid SIRET: usage error, clear message, nothing stored
err=$(run add --name "Faux" --siret 41816609600068 2>&1 >/dev/null); st=$?
expect_status 2 $st "add with an invalid SIRET"
[[ "$err" == *"SIRET"* ]] && pass "the message names the SIRET" || fail "message: $err"
[ "$(run list | wc -l)" -eq 1 ] && pass "nothing stored by the failed add" || fail "list has $(run list | wc -l) rows"

# empty name
run add --name "   " >/dev/null 2>&1; expect_status 2 $? "add with an empty name"
run add >/dev/null 2>&1; expect_status 2 $? "add without --name"

# json carries every field, id included, and is valid JSON
json=$(run list --format json); st=$?
expect_status 0 $st "list --format json"
echo "$json" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 1, rows
r = rows[0]
for key in ("id", "name", "siren", "siret", "naf", "naf_label", "headcount", "postcode", "commune",
            "department", "region", "status", "notes", "tags", "consent_share", "created_at", "contacts"):
    assert key in r, key
assert r["siret"] == "41816609600069" and r["siren"] == "418166096"
assert r["department"] == "19" and r["region"] == "75" and r["naf"] == "47.71Z"
' && pass "json rows carry every field" || fail "json content"

# search, accent-insensitive
[ "$(run list --search ecole | wc -l)" -eq 1 ] && pass "search 'ecole' finds École" || fail "search ecole"
[ "$(run list --search boulangerie | wc -l)" -eq 0 ] && pass "search without match is empty" || fail "search boulangerie"

# csv output starts with the BOM and the header
run list --format csv | head -c 3 | od -An -tx1 | grep -q "ef bb bf" && pass "csv output has a BOM" || fail "csv BOM"
[ "$(run list --format csv | wc -l)" -eq 2 ] && pass "csv has header + 1 row" || fail "csv rows"

# show, edit, unknown id
run show "$id" | grep -q "418 166 096 00069" && pass "show formats the SIRET" || fail "show"
run edit "$id" --status contacted --tags "artisanat, mode" >/dev/null; expect_status 0 $? "edit"
run show "$id" --format json | grep -q '"status" : "contacted"' && pass "edit changed the status" || fail "edit status"
run edit "$id" --naf 99999 >/dev/null 2>&1; expect_status 2 $? "edit with an invalid NAF"
run show "$id" --format json | grep -q '"naf" : "47.71Z"' && pass "failed edit left the NAF" || fail "naf changed"
run show 00000000-0000-4000-8000-000000000000 >/dev/null 2>&1; expect_status 1 $? "show an unknown id"
run list --format xml >/dev/null 2>&1; expect_status 2 $? "unknown format"
"$cli" frobnicate >/dev/null 2>&1; expect_status 2 $? "unknown command"

# import: partial success exits 3 and names the line
printf 'Raison sociale;SIRET;Code postal\nBoulangerie Lefèvre;;19000\nFaux;41816609600068;19000\n' > "$dir/in.csv"
out=$(run import "$dir/in.csv" 2>"$dir/err"); st=$?
expect_status 3 $st "import with a bad row"
grep -q "Line 3: .*SIRET" "$dir/err" && pass "the bad row is reported with its line" || fail "import stderr: $(cat "$dir/err")"
[[ "$out" == "1 added, 0 updated, 0 unchanged, 1 skipped" ]] && pass "import summary" || fail "summary: $out"
out=$(run import "$dir/in.csv" 2>/dev/null)
[[ "$out" == "0 added, 0 updated, 1 unchanged, 1 skipped" ]] && pass "re-import adds nothing" || fail "re-import: $out"

# a file that is not CSV: failure, nothing lost
head -c 2000 /dev/urandom > "$dir/random.bin"; printf '\0' >> "$dir/random.bin"
run import "$dir/random.bin" >/dev/null 2>&1; expect_status 1 $? "import of a binary file"
[ "$(run list | wc -l)" -eq 2 ] && pass "nothing lost after the failed import" || fail "rows after bad import"

# export and delete
run export "$dir/out.csv" >/dev/null; expect_status 0 $? "export"
[ "$(stat -c %a "$dir/out.csv")" = "600" ] && pass "export is 0600" || fail "export mode $(stat -c %a "$dir/out.csv")"
[ "$(stat -c %a "$dir/data/connecteur.db")" = "600" ] && pass "database is 0600" || fail "db mode"
run delete "$id" >/dev/null; expect_status 0 $? "delete"
run delete "$id" >/dev/null 2>&1; expect_status 1 $? "delete twice"
[ "$(run list | wc -l)" -eq 1 ] && pass "one company left" || fail "after delete"

# a data directory that cannot be created
"$cli" list --data-dir /proc/connecteur-test/data >/dev/null 2>"$dir/err"; expect_status 1 $? "unwritable data directory"
grep -q "/proc/connecteur-test/data" "$dir/err" && pass "the message names the folder" || fail "message: $(cat "$dir/err")"

[ "$failures" -eq 0 ]
